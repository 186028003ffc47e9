"""Watching a category: the member is told (in-app, and by mail when they opted in) of every
thread published in it. Flush, never commit."""
from functools import cache

from sqlalchemy import bindparam, delete, select

from forum.discussion.models import Category, CategoryWatch
from forum.errors import InvalidState
from forum.extensions import db


def watch(user, category: Category) -> bool:
    """Start watching `category`; False when the member already did. Raises InvalidState for an
    archived category (it takes no new threads, so there would be nothing to hear of)."""
    if category.is_archived:
        raise InvalidState(f"“{category.name}” is archived: it takes no new threads to watch for.")
    if is_watching(user, category):
        return False
    db.session.add(CategoryWatch(user_id=user.id, category_id=category.id))
    db.session.flush()
    return True


def unwatch(user, category: Category) -> bool:
    """Stop watching `category`; False when the member was not watching it."""
    result = db.session.execute(delete(CategoryWatch).where(CategoryWatch.user_id == user.id,
                                                            CategoryWatch.category_id == category.id))
    return result.rowcount > 0


def is_watching(user, category: Category) -> bool:
    return db.session.get(CategoryWatch, (user.id, category.id)) is not None


def watched_categories(user) -> list[Category]:
    """The categories `user` watches, in the forum's order."""
    return list(db.session.scalars(
        select(Category).join(CategoryWatch, CategoryWatch.category_id == Category.id)
        .where(CategoryWatch.user_id == user.id).order_by(Category.position, Category.name)))


def watcher_ids(category_id: int) -> list[int]:
    """Who watches the category (one indexed SELECT, for each thread published)."""
    return list(db.session.scalars(_watchers(), {"category_id": category_id}))


@cache
def _watchers():
    return select(CategoryWatch.user_id).where(CategoryWatch.category_id == bindparam("category_id"))

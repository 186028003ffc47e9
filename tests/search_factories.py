"""Categories, threads and posts made straight from the discussion models, indexed for search
(for search and notification tests that need content but not the composer)."""
import itertools
from datetime import timedelta

from markupsafe import escape

from forum.discussion.models import Category, Post, Thread, ThreadKind
from forum.extensions import db
from forum.search.services import index_post
from forum.timeutil import utcnow

_counter = itertools.count(1)


def make_category(name=None, position=0):
    category = Category(name=name or f"Category {next(_counter)}", description="", position=position)
    db.session.add(category)
    db.session.flush()
    return category


def make_thread(author, *, category=None, title=None, body="Opening post.", kind=ThreadKind.GENERAL,
                index=True):
    """A thread with its opening post (number 1); returns the thread."""
    category = category or make_category()
    now = utcnow()
    thread = Thread(category=category, author_id=author.id, title=title or f"Thread {next(_counter)}",
                    kind=kind, created_at=now, last_post_at=now, post_count=0)
    db.session.add(thread)
    db.session.flush()
    make_post(thread, author, body, index=index)
    return thread


def make_post(thread, author, body="A reply.", *, index=True, minutes_later=0):
    """A post appended to `thread`, with body_html as the renderer would store it for plain text."""
    thread.post_count += 1
    post = Post(thread=thread, author_id=author.id, number=thread.post_count, body_source=body,
                body_html=f"<p>{escape(body)}</p>",
                created_at=utcnow() + timedelta(minutes=minutes_later))
    db.session.add(post)
    db.session.flush()
    if index:
        index_post(post)
    return post


def opening_post(thread):
    return db.session.scalars(db.select(Post).where(Post.thread_id == thread.id, Post.number == 1)).one()

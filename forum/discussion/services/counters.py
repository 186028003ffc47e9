"""What the thread lists and the category index count, kept to what members can see.

A thread's `reply_count` counts its published replies: visible and not deleted (a reply held
for review, hidden after a privacy report, removed, purged or deleted is not counted, for
anyone). Its `last_post_at` is the time of its latest published post (the thread's start when
it has none). A category's `thread_count` and `post_count` count the threads members may list
and their published posts; a thread out of members' sight (never published, or its opening
post hidden or removed for patient privacy) adds nothing. `post_count` on a thread is not a
count of what anyone sees: it is the last post number given out.

Services that change whether a post is shown call `lock_post(post)` before they check its
state (a concurrent change of the same post, or a reply in its thread, waits for them),
`before_change(post)` next and `after_change(post, before)` once the change is flushed
(which also takes the accepted-answer mark off a reply that stopped being published).
Flush, never commit.
"""
from typing import NamedTuple

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from forum.database import lock_for_update
from forum.discussion.models import Category, Post, PostStatus, Thread
from forum.discussion.services import answers
from forum.extensions import db
from forum.search.services import out_of_sight_thread_ids


class Share(NamedTuple):
    """What a thread adds to its category's counters."""
    threads: int
    posts: int


class Before(NamedTuple):
    post_shown: bool
    share: Share


def lock_post(post: Post):
    """Hold `post` and its thread until the transaction ends and reload both as committed now
    (forum.database.lock_for_update): the caller's state checks then see what a moderator or
    the author did a moment ago, and no reply or other change of the post slips in between
    before_change and after_change (whose difference moves the category's counters)."""
    lock_for_update(post.thread, post)


def before_change(post: Post) -> Before:
    """The post's and its thread's standing before a change (one query)."""
    db.session.flush()
    return Before(post.is_visible, members_share(post.thread))


def after_change(post: Post, before: Before):
    """Bring the counters and last activity of the post's thread and category in line with
    what changed since `before_change` (a few small queries when something did)."""
    db.session.flush()
    thread = post.thread
    shown = post.is_visible
    if shown != before.post_shown and post.number > 1:
        db.session.execute(update(Thread).where(Thread.id == thread.id)
                           .values(reply_count=Thread.reply_count + (1 if shown else -1))
                           .execution_options(synchronize_session=False))
        db.session.expire(thread, ["reply_count"])
    share = members_share(thread)
    if share != before.share:
        shift_category(thread.category_id, share.threads - before.share.threads,
                       share.posts - before.share.posts)
    if shown != before.post_shown or share != before.share:
        refresh_last_activity(thread)
    if before.post_shown and not shown:
        answers.withdraw_if_unpublished(post)


def members_share(thread: Thread) -> Share:
    """(threads, posts) `thread` adds to its category: (0, 0) out of members' sight, else one
    thread and its published posts, the opening post among them when it is shown. One query."""
    opening_shown = (select(func.count()).select_from(Post)
                     .where(Post.thread_id == thread.id, Post.number == 1,
                            Post.status == PostStatus.VISIBLE, Post.deleted_at.is_(None))
                     .scalar_subquery())
    replies, opening, out_of_sight = db.session.execute(
        select(Thread.reply_count, opening_shown, Thread.id.in_(out_of_sight_thread_ids()))
        .where(Thread.id == thread.id)).one()
    if out_of_sight:
        return Share(0, 0)
    return Share(1, replies + opening)


def shift_category(category_id: int, threads: int, posts: int):
    """Add `threads` and `posts` (either may be negative) to a category's counters."""
    if not threads and not posts:
        return
    db.session.execute(update(Category).where(Category.id == category_id)
                       .values(thread_count=Category.thread_count + threads,
                               post_count=Category.post_count + posts)
                       .execution_options(synchronize_session=False))
    _expire_category(category_id, ["thread_count", "post_count"])


def refresh_last_activity(thread: Thread):
    """The thread's last activity from its latest published post (post numbers follow the
    order of publication), and its category's from its listed threads."""
    latest = (select(Post.created_at)
              .where(Post.thread_id == thread.id, Post.status == PostStatus.VISIBLE,
                     Post.deleted_at.is_(None))
              .order_by(Post.number.desc()).limit(1).scalar_subquery())
    db.session.execute(update(Thread).where(Thread.id == thread.id)
                       .values(last_post_at=func.coalesce(latest, Thread.created_at))
                       .execution_options(synchronize_session=False))
    db.session.expire(thread, ["last_post_at"])
    refresh_category_activity(thread.category_id)


def refresh_category_activity(category_id: int):
    """A category's last activity: the latest of its threads that members may list."""
    latest = (select(func.max(Thread.last_post_at))
              .where(and_(Thread.category_id == category_id,
                          Thread.id.not_in(out_of_sight_thread_ids())))
              .scalar_subquery())
    db.session.execute(update(Category).where(Category.id == category_id)
                       .values(last_post_at=latest)
                       .execution_options(synchronize_session=False))
    _expire_category(category_id, ["last_post_at"])


def _expire_category(category_id: int, names):
    """Expire the columns an UPDATE changed on the loaded category, if it is loaded."""
    category = db.session.identity_map.get(identity_key(Category, category_id))
    if category is not None:
        db.session.expire(category, names)


def publish_held_post(post: Post, now):
    """A held new thread or reply is published `now`, as if written now: it takes that time,
    and a reply the thread's next number, so it comes after every post a reader may already
    have read past (and is new to them, as any fresh reply). Its old number stays unused.
    A held new thread starts `now` as well (as Discourse dates an approved topic): its page
    says it was started then, and it sorts among new threads by that time, not by when its
    author first sent it; `after_change` then moves its last activity to the same time."""
    post.created_at = now
    if post.number == 1:
        post.thread.created_at = now
        return
    thread = post.thread
    number = db.session.execute(
        update(Thread).where(Thread.id == thread.id).values(post_count=Thread.post_count + 1)
        .returning(Thread.post_count).execution_options(synchronize_session=False)).scalar_one()
    set_committed_value(thread, "post_count", number)
    post.number = number
    db.session.flush()


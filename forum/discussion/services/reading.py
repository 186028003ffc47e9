"""Read markers and notification levels: how far each member has read each thread, and what
they want to hear of its replies; one row per (member, thread)."""
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from forum.discussion.models import NotificationLevel, Post, Thread, ThreadRead
from forum.errors import ValidationFailed
from forum.extensions import db
from forum.timeutil import utcnow

_EPOCH = datetime(1970, 1, 1)


def mark_read(user, thread, number: int):
    """Record that `user` has read `thread` up to post `number` (never moves backwards).

    One upsert, safe when two pages of the same thread load at once. Flushes, never commits.
    """
    db.session.execute(_upsert(db.session.get_bind().dialect.name),
                       {"reader": user.id, "thread": thread.id, "number": number, "now": utcnow()})


@cache
def _upsert(dialect: str):
    """Built once per dialect: building it (its `excluded` alias above all) cost more CPU than
    running it, on every thread page and every reply."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = ThreadRead.__table__
    statement = insert(table).values(
        user_id=bindparam("reader"), thread_id=bindparam("thread"),
        last_read_number=bindparam("number"),
        read_at=bindparam("now", type_=table.c.read_at.type))
    return statement.on_conflict_do_update(
        index_elements=[table.c.user_id, table.c.thread_id],
        set_={"last_read_number": statement.excluded.last_read_number,
              "read_at": statement.excluded.read_at},
        where=table.c.last_read_number < statement.excluded.last_read_number,
    )


def dismiss_unread(user, shown_at: datetime) -> int:
    """Mark every thread `user` has opened as read up to its last post written by `shown_at`,
    when the Unread list was shown: the list's "Dismiss". A post written after it stays unread,
    since the member never saw it counted. Threads never opened are not touched: they stay
    "new" in the lists, a bookmark's marker at 0 included. One UPDATE; returns how many
    threads it marked. Flushes, never commits."""
    shown_at = min(shown_at, utcnow())
    last_shown = (select(Post.number).where(Post.thread_id == ThreadRead.thread_id, Post.created_at <= shown_at)
                  .order_by(Post.number.desc()).limit(1).scalar_subquery())
    last_number = select(Thread.post_count).where(Thread.id == ThreadRead.thread_id).scalar_subquery()
    result = db.session.execute(
        update(ThreadRead).where(ThreadRead.user_id == user.id, ThreadRead.last_read_number > 0,
                                 ThreadRead.last_read_number < last_number,
                                 ThreadRead.last_read_number < last_shown)
        .values(last_read_number=last_shown, read_at=utcnow())
        .execution_options(synchronize_session=False))
    return result.rowcount


def encode_shown_at(when: datetime) -> str:
    """The time a list was shown, for its form's hidden field (microseconds since 1970)."""
    return str((when - _EPOCH) // timedelta(microseconds=1))


def decode_shown_at(value: str | None) -> datetime | None:
    """The time from encode_shown_at, or None when absent or malformed."""
    if not value or not value.isdigit() or len(value) > 18:
        return None
    return _EPOCH + timedelta(microseconds=int(value))


def set_bookmark(user, thread, saved: bool):
    """Bookmark `thread` for `user` (or take the bookmark away). One upsert that leaves the read
    marker and the notification level as they are; on a thread never opened the marker it
    creates is at 0, which the lists read as never opened ("new"). Flushes, never commits."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    when = utcnow() if saved else None
    statement = insert(ThreadRead.__table__).values(
        user_id=user.id, thread_id=thread.id, last_read_number=0, read_at=utcnow(), bookmarked_at=when)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["user_id", "thread_id"],
        set_={"bookmarked_at": statement.excluded.bookmarked_at}))


def set_notification_level(user, thread, level: str):
    """Watch, mute or return `thread` to normal for `user` (NotificationLevel). One upsert that
    leaves the read marker as it is. Raises ValidationFailed for a level that does not exist.
    Flushes, never commits."""
    if level not in NotificationLevel.ALL:
        raise ValidationFailed("Choose Watching, Normal or Muted.")
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(ThreadRead.__table__).values(
        user_id=user.id, thread_id=thread.id, last_read_number=0, read_at=utcnow(),
        notification_level=NotificationLevel.stored(level))
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["user_id", "thread_id"],
        set_={"notification_level": statement.excluded.notification_level}))

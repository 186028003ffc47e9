"""Read markers: how far each member has read each thread, one row per (member, thread)."""
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from forum.discussion.models import ThreadRead
from forum.extensions import db
from forum.timeutil import utcnow


def mark_read(user, thread, number: int):
    """Record that `user` has read `thread` up to post `number` (never moves backwards).

    One upsert, safe when two pages of the same thread load at once. Flushes, never commits.
    """
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ThreadRead).values(user_id=user.id, thread_id=thread.id,
                                          last_read_number=number, read_at=utcnow())
    statement = statement.on_conflict_do_update(
        index_elements=[ThreadRead.user_id, ThreadRead.thread_id],
        set_={"last_read_number": statement.excluded.last_read_number,
              "read_at": statement.excluded.read_at},
        where=ThreadRead.last_read_number < statement.excluded.last_read_number,
    )
    db.session.execute(statement)

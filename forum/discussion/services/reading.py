"""Read markers: how far each member has read each thread, one row per (member, thread)."""
from functools import cache

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from forum.discussion.models import ThreadRead
from forum.extensions import db
from forum.timeutil import utcnow


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

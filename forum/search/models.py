"""The search index table: not an ORM model but a dialect-specific shadow table of `post`.

Migration 0003 creates it for real databases; `db.create_all()` (the test suite, fresh dev
databases) gets it from the metadata listeners below. Both use CREATE ... IF NOT EXISTS, so
neither path can double-create it.
"""
from sqlalchemy import event, text

from forum.extensions import db
from forum.search.engines import ENGINES


def _create_search_table(metadata, connection, **_kw):
    engine = ENGINES.get(connection.dialect.name)
    for statement in engine.create_ddl if engine else ():
        connection.execute(text(statement))


def _drop_search_table(metadata, connection, **_kw):
    # On PostgreSQL the table references `post`, so it must go before drop_all drops `post`.
    engine = ENGINES.get(connection.dialect.name)
    for statement in engine.drop_ddl if engine else ():
        connection.execute(text(statement))


if not event.contains(db.metadata, "after_create", _create_search_table):
    event.listen(db.metadata, "after_create", _create_search_table)
    event.listen(db.metadata, "before_drop", _drop_search_table)

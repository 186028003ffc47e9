"""forum.database: every SQLite connection gets the settings the app relies on."""
import pytest
from sqlalchemy import text

from forum.extensions import db


def test_sqlite_connections_are_tuned(app, database_backend):
    if database_backend != "sqlite":
        pytest.skip("SQLite connection settings")
    with db.engine.connect() as connection:
        pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 10000
        assert pragma("temp_store") == 2  # memory: the "out of sight" UNION is 10 times cheaper
        assert pragma("cache_size") == -64 * 1024  # KiB: a search's index pages stay cached

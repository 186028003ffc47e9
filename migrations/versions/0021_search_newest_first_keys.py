"""SQLite's full-text index keyed newest first: rowid = 2147483647 - post id (was the post id).

Ranking reads each query's newest matches; FTS5 walks doclists forwards faster than backwards,
so with the newest post at the lowest rowid that walk runs forwards (see
forum.search.engines.SqliteEngine). The entries are copied into a new table in the new key
order, newest post first, which is also the order FTS5 loads fastest. PostgreSQL's index is
keyed by post_id and does not change. The mapping is its own inverse, so the downgrade is the
same copy.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-27

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

ROWID_BASE = 2147483647  # frozen here as of 0021; forum.search.engines.ROWID_BASE
# The same DDL as forum/search/engines.py, frozen here, under a temporary name.
REKEYED_DDL = (
    "CREATE VIRTUAL TABLE post_search_rekeyed USING fts5("
    "post_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)


def _rekey():
    if op.get_bind().dialect.name != 'sqlite':
        return
    op.execute(REKEYED_DDL)
    # In ascending new rowid order: FTS5 starts a new segment whenever a rowid is lower than
    # the one before it.
    op.execute(
        "INSERT INTO post_search_rekeyed (rowid, post_id, title, body) "
        f"SELECT {ROWID_BASE} - rowid, post_id, title, body FROM post_search "
        f"ORDER BY {ROWID_BASE} - rowid")
    op.execute("DROP TABLE post_search")
    op.execute("ALTER TABLE post_search_rekeyed RENAME TO post_search")
    op.execute("INSERT INTO post_search (post_search) VALUES ('optimize')")


def upgrade():
    _rekey()


def downgrade():
    _rekey()

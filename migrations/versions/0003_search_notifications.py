"""Search and notifications: the post_search full-text table (FTS5 on SQLite, tsvector + GIN on
PostgreSQL), notifications and the per-member email preference.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The same DDL as forum/search/engines.py (which create_all uses), frozen here as of 0003.
SEARCH_DDL = {
    'sqlite': [
        "CREATE VIRTUAL TABLE IF NOT EXISTS post_search USING fts5("
        "post_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    ],
    'postgresql': [
        "CREATE TABLE IF NOT EXISTS post_search ("
        "post_id INTEGER NOT NULL, title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', "
        "document TSVECTOR NOT NULL, "
        "CONSTRAINT pk_post_search PRIMARY KEY (post_id), "
        "CONSTRAINT fk_post_search_post_id_post FOREIGN KEY (post_id) REFERENCES post (id) "
        "ON DELETE CASCADE)",
        "CREATE INDEX IF NOT EXISTS post_search_document_idx ON post_search USING gin (document)",
    ],
}

# Fill the index from posts already written (rows only exist when upgrading a live forum).
SEARCH_BACKFILL = {
    'sqlite': (
        "INSERT INTO post_search (rowid, post_id, title, body) "
        "SELECT post.id, post.id, CASE WHEN post.number = 1 THEN thread.title ELSE '' END, "
        "post.body_source FROM post JOIN thread ON thread.id = post.thread_id "
        "WHERE post.status = 'visible' AND post.deleted_at IS NULL"
    ),
    'postgresql': (
        "INSERT INTO post_search (post_id, title, body, document) "
        "SELECT post.id, t.title, post.body_source, "
        "setweight(to_tsvector('english', t.title), 'A') || "
        "setweight(to_tsvector('english', post.body_source), 'D') "
        "FROM post JOIN LATERAL (SELECT CASE WHEN post.number = 1 THEN thread.title ELSE '' END "
        "AS title FROM thread WHERE thread.id = post.thread_id) AS t ON true "
        "WHERE post.status = 'visible' AND post.deleted_at IS NULL"
    ),
}


def upgrade():
    op.create_table('notification_preference',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email_enabled', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_preference_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_preference'))
    )
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_notification_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_notification_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['thread.id'], name=op.f('fk_notification_thread_id_thread'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_thread_id'), ['thread_id'], unique=False)
        batch_op.create_index('ix_notification_user_id_id', ['user_id', 'id'], unique=False)
        batch_op.create_index('ix_notification_user_id_read_at', ['user_id', 'read_at'], unique=False)

    dialect = op.get_bind().dialect.name
    for statement in SEARCH_DDL.get(dialect, []):
        op.execute(statement)
    if dialect in SEARCH_BACKFILL:
        op.execute(SEARCH_BACKFILL[dialect])


def downgrade():
    if op.get_bind().dialect.name in SEARCH_DDL:
        op.execute("DROP TABLE IF EXISTS post_search")

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_id_read_at')
        batch_op.drop_index('ix_notification_user_id_id')
        batch_op.drop_index(batch_op.f('ix_notification_thread_id'))
        batch_op.drop_index(batch_op.f('ix_notification_post_id'))

    op.drop_table('notification')
    op.drop_table('notification_preference')

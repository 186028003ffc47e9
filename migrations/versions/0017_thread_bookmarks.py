"""thread_read.bookmarked_at: a member keeps a thread to come back to (the Bookmarks list).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

WHERE = sa.text("bookmarked_at IS NOT NULL")


def upgrade():
    with op.batch_alter_table('thread_read', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bookmarked_at', sa.DateTime(), nullable=True))
    # Partial: only the bookmarked rows, so a member's list never reads their read markers.
    op.create_index('ix_thread_read_user_id_bookmarked', 'thread_read', ['user_id'], unique=False,
                    sqlite_where=WHERE, postgresql_where=WHERE)


def downgrade():
    op.drop_index('ix_thread_read_user_id_bookmarked', table_name='thread_read')
    with op.batch_alter_table('thread_read', schema=None) as batch_op:
        batch_op.drop_column('bookmarked_at')

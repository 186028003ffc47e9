"""thread_read.notification_level: a member watches or mutes a thread's replies.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

WHERE = sa.text("notification_level IS NOT NULL")


def upgrade():
    with op.batch_alter_table('thread_read', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notification_level', sa.String(length=10), nullable=True))
    # Partial: only the few rows that are not "normal", so a reply finds them at once.
    op.create_index('ix_thread_read_thread_id_level', 'thread_read', ['thread_id'], unique=False,
                    sqlite_where=WHERE, postgresql_where=WHERE)


def downgrade():
    op.drop_index('ix_thread_read_thread_id_level', table_name='thread_read')
    with op.batch_alter_table('thread_read', schema=None) as batch_op:
        batch_op.drop_column('notification_level')

"""A partial index on the opening posts removed for patient privacy: their threads stay out of
members' sight, and every thread list asks for them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# Frozen copy of forum.discussion.models.PRIVACY_REMOVED_OPENING.
CONDITION = "number = 1 AND status = 'removed' AND removal_category = 'privacy'"


def upgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.create_index('ix_post_thread_id_privacy_removed', ['thread_id'], unique=False,
                              sqlite_where=sa.text(CONDITION), postgresql_where=sa.text(CONDITION))


def downgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_thread_id_privacy_removed',
                            sqlite_where=sa.text(CONDITION), postgresql_where=sa.text(CONDITION))

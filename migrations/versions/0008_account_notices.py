"""Moderation notices about an account (a warning or a suspension that names no post) are
notifications too: notification.thread_id may be empty.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.alter_column('thread_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # Notices that point at no thread cannot be kept by the old schema.
    op.execute("DELETE FROM notification WHERE thread_id IS NULL")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.alter_column('thread_id', existing_type=sa.Integer(), nullable=False)

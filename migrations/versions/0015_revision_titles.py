"""post_revision.title: an opening post's versions keep the thread title they carried, now
that its author may edit the title and a moderator may redact it; privacy_hold.pending_title:
the title a held edit proposes, applied only when a moderator approves the edit.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('post_revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.Text(), nullable=True))
    with op.batch_alter_table('privacy_hold', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_title', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('privacy_hold', schema=None) as batch_op:
        batch_op.drop_column('pending_title')
    with op.batch_alter_table('post_revision', schema=None) as batch_op:
        batch_op.drop_column('title')

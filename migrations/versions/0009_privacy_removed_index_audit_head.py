"""A partial index on the opening posts removed for patient privacy (their threads stay out of
members' sight, and every thread list asks for them); audit_head, the newest audit entry kept
beside the chain, so a chain that lost its newest entries is detected.

An existing log gets its head from its newest entry.

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
    op.create_table('audit_head',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('entry_id', sa.Integer(), nullable=False),
                    sa.Column('entry_hash', sa.String(length=64), nullable=False),
                    sa.Column('updated_at', sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head')))
    op.execute("INSERT INTO audit_head (id, entry_id, entry_hash, updated_at) "
               "SELECT 1, id, entry_hash, created_at FROM audit_entry "
               "WHERE id = (SELECT max(id) FROM audit_entry)")


def downgrade():
    op.drop_table('audit_head')
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_thread_id_privacy_removed',
                            sqlite_where=sa.text(CONDITION), postgresql_where=sa.text(CONDITION))

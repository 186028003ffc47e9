"""saved_draft: what a member was writing in a composer, kept until posted or discarded.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'saved_draft',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('place', sa.String(length=40), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('submission_key', sa.String(length=64), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_saved_draft_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'place', name=op.f('pk_saved_draft')))
    with op.batch_alter_table('saved_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_draft_updated_at'), ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_draft_updated_at'))
    op.drop_table('saved_draft')

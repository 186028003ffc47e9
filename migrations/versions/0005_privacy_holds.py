"""Privacy holds: posts declared past the patient-identifier screen, waiting for a moderator
(at most one open hold per post, through a partial unique index).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('privacy_hold',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('explanation', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('decision_reason', sa.String(length=500), nullable=False),
    sa.CheckConstraint("origin IN ('thread', 'reply', 'edit')", name=op.f('ck_privacy_hold_origin')),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('approved', 'removed')", name=op.f('ck_privacy_hold_outcome')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_privacy_hold_author_id_user')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_privacy_hold_decided_by_id_user')),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_privacy_hold_post_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_hold'))
    )
    with op.batch_alter_table('privacy_hold', schema=None) as batch_op:
        batch_op.create_index('ix_privacy_hold_author_id_created_at', ['author_id', 'created_at'], unique=False)
        batch_op.create_index('ix_privacy_hold_decided_at_created_at', ['decided_at', 'created_at'], unique=False)
        batch_op.create_index('ix_privacy_hold_post_id', ['post_id'], unique=False)
        batch_op.create_index('uq_privacy_hold_post_id_open', ['post_id'], unique=True,
                              sqlite_where=sa.text('decided_at IS NULL'),
                              postgresql_where=sa.text('decided_at IS NULL'))


def downgrade():
    with op.batch_alter_table('privacy_hold', schema=None) as batch_op:
        batch_op.drop_index('uq_privacy_hold_post_id_open')
        batch_op.drop_index('ix_privacy_hold_post_id')
        batch_op.drop_index('ix_privacy_hold_decided_at_created_at')
        batch_op.drop_index('ix_privacy_hold_author_id_created_at')

    op.drop_table('privacy_hold')

"""Helpful marks on posts (helpful_mark, post.helpful_count) and the accepted answer of a
clinical case (thread.answer_post_id).

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'helpful_mark',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_helpful_mark_post_id_post'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_helpful_mark_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_helpful_mark')),
    )
    op.create_index('ix_helpful_mark_user_id', 'helpful_mark', ['user_id'], unique=False)
    # ALTER TABLE .. ADD COLUMN, not a batch copy: copying post or thread would drop the old
    # table under the rows that reference it (SQLite). thread.answer_post_id has no foreign
    # key for the same reason (see forum.discussion.models.Thread).
    op.add_column('post', sa.Column('helpful_count', sa.Integer(), server_default='0', nullable=False))
    op.add_column('thread', sa.Column('answer_post_id', sa.Integer(), nullable=True))


def downgrade():
    op.drop_column('thread', 'answer_post_id')
    op.drop_column('post', 'helpful_count')
    op.drop_index('ix_helpful_mark_user_id', table_name='helpful_mark')
    op.drop_table('helpful_mark')

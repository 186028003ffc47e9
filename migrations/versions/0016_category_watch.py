"""category_watch: members who are told of every new thread in a category.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'category_watch',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['category_id'], ['category.id'],
                                name=op.f('fk_category_watch_category_id_category'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_category_watch_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'category_id', name=op.f('pk_category_watch')),
    )
    op.create_index('ix_category_watch_category_id', 'category_watch', ['category_id'], unique=False)


def downgrade():
    op.drop_index('ix_category_watch_category_id', table_name='category_watch')
    op.drop_table('category_watch')

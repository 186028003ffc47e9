"""Discussion: categories, threads, posts, citations, revisions, read markers, standing disclosures.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('thread_count', sa.Integer(), nullable=False),
    sa.Column('post_count', sa.Integer(), nullable=False),
    sa.Column('last_post_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category')),
    sa.UniqueConstraint('name', name=op.f('uq_category_name'))
    )
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_position'), ['position'], unique=False)

    op.create_table('standing_disclosure',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('no_conflicts', sa.Boolean(), nullable=False),
    sa.Column('relationships', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_standing_disclosure_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_standing_disclosure'))
    )
    op.create_table('thread',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=150), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_post_at', sa.DateTime(), nullable=False),
    sa.Column('post_count', sa.Integer(), nullable=False),
    sa.Column('locked_at', sa.DateTime(), nullable=True),
    sa.Column('pinned_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('clinical', 'general')", name=op.f('ck_thread_kind')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_thread_author_id_user')),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_thread_category_id_category')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thread'))
    )
    with op.batch_alter_table('thread', schema=None) as batch_op:
        batch_op.create_index('ix_thread_author_id_created_at', ['author_id', 'created_at'], unique=False)
        batch_op.create_index('ix_thread_category_id_last_post_at', ['category_id', 'last_post_at', 'id'], unique=False)
        batch_op.create_index('ix_thread_category_id_pinned_at', ['category_id', 'pinned_at'], unique=False)
        batch_op.create_index('ix_thread_last_post_at', ['last_post_at', 'id'], unique=False)

    op.create_table('post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('disclosure', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_post_author_id_user')),
    sa.ForeignKeyConstraint(['thread_id'], ['thread.id'], name=op.f('fk_post_thread_id_thread')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post')),
    sa.UniqueConstraint('author_id', 'submission_key', name='uq_post_author_id_submission_key'),
    sa.UniqueConstraint('thread_id', 'number', name='uq_post_thread_id_number')
    )
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.create_index('ix_post_author_id_created_at', ['author_id', 'created_at'], unique=False)

    op.create_table('thread_read',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('last_read_number', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['thread.id'], name=op.f('fk_thread_read_thread_id_thread'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_thread_read_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'thread_id', name=op.f('pk_thread_read'))
    )
    op.create_table('post_citation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('value', sa.String(length=2000), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_post_citation_post_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_citation'))
    )
    with op.batch_alter_table('post_citation', schema=None) as batch_op:
        batch_op.create_index('ix_post_citation_post_id_position', ['post_id', 'position'], unique=False)

    op.create_table('post_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('replaced_at', sa.DateTime(), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_post_revision_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['user.id'], name=op.f('fk_post_revision_replaced_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_revision')),
    sa.UniqueConstraint('post_id', 'number', name='uq_post_revision_post_id_number')
    )


def downgrade():
    op.drop_table('post_revision')
    with op.batch_alter_table('post_citation', schema=None) as batch_op:
        batch_op.drop_index('ix_post_citation_post_id_position')

    op.drop_table('post_citation')
    op.drop_table('thread_read')
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_author_id_created_at')

    op.drop_table('post')
    with op.batch_alter_table('thread', schema=None) as batch_op:
        batch_op.drop_index('ix_thread_last_post_at')
        batch_op.drop_index('ix_thread_category_id_pinned_at')
        batch_op.drop_index('ix_thread_category_id_last_post_at')
        batch_op.drop_index('ix_thread_author_id_created_at')

    op.drop_table('thread')
    op.drop_table('standing_disclosure')
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_position'))

    op.drop_table('category')

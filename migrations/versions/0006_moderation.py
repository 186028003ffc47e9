"""Moderation: reports (one open report per member per post, through a partial unique index),
appeals (one per post), members' moderation history and moderators' private notes; posts gain
the removal category and the redaction time, revisions a moderators-only flag.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moderation_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_moderation_note_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['user.id'], name=op.f('fk_moderation_note_subject_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_note'))
    )
    with op.batch_alter_table('moderation_note', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_note_subject_id_created_at', ['subject_id', 'created_at'], unique=False)

    op.create_table('appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('same_moderator', sa.Boolean(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'upheld', 'granted')", name=op.f('ck_appeal_status')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_appeal_author_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_appeal_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_appeal_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['removed_by_id'], ['user.id'], name=op.f('fk_appeal_removed_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal')),
    sa.UniqueConstraint('post_id', name='uq_appeal_post_id')
    )
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_appeal_status_created_at', ['status', 'created_at'], unique=False)

    op.create_table('moderation_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_moderation_event_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_moderation_event_post_id_post'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['user.id'], name=op.f('fk_moderation_event_subject_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['thread.id'], name=op.f('fk_moderation_event_thread_id_thread'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_event'))
    )
    with op.batch_alter_table('moderation_event', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_event_subject_id_created_at', ['subject_id', 'created_at'], unique=False)

    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.CheckConstraint("status IN ('open', 'dismissed', 'upheld')", name=op.f('ck_report_status')),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_report_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], name=op.f('fk_report_reporter_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_report_resolved_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_post_id_created_at', ['post_id', 'created_at'], unique=False)
        batch_op.create_index('ix_report_reporter_id_reason_status', ['reporter_id', 'reason', 'status'], unique=False)
        batch_op.create_index('ix_report_status_post_id', ['status', 'post_id'], unique=False)
        batch_op.create_index('uq_report_post_id_reporter_id_open', ['post_id', 'reporter_id'], unique=True, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removal_category', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('redacted_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('post_revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moderator_only', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('post_revision', schema=None) as batch_op:
        batch_op.drop_column('moderator_only')

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_column('redacted_at')
        batch_op.drop_column('removal_category')

    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('uq_report_post_id_reporter_id_open', sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
        batch_op.drop_index('ix_report_status_post_id')
        batch_op.drop_index('ix_report_reporter_id_reason_status')
        batch_op.drop_index('ix_report_post_id_created_at')

    op.drop_table('report')
    with op.batch_alter_table('moderation_event', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_event_subject_id_created_at')

    op.drop_table('moderation_event')
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index('ix_appeal_status_created_at')
        batch_op.drop_index(batch_op.f('ix_appeal_author_id'))

    op.drop_table('appeal')
    with op.batch_alter_table('moderation_note', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_note_subject_id_created_at')

    op.drop_table('moderation_note')

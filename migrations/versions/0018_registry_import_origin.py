"""registry_import.origin and started_by_id: who started each import (command line or an admin
on the admin Registry page).

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registry_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=10), server_default='cli', nullable=False))
        batch_op.add_column(sa.Column('started_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_registry_import_started_by_id_user'), 'user',
                                    ['started_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('registry_import', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registry_import_started_by_id_user'), type_='foreignkey')
        batch_op.drop_column('started_by_id')
        batch_op.drop_column('origin')

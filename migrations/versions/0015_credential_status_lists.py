"""Status lists for verifiable credentials

Revision ID: 0015_credential_status_lists
Revises: 0007_renewal_cycle
Create Date: 2026-12-01 14:10:00

``credential_status_list``: one row per purpose (revocation, suspension) holding the
bitstring (16 KB, 131,072 positions) and the next free position. ``credential_status_entry``:
a position given to one registration for good; (list, position) is unique, and a
registration holds one current (not retired) position per list.
"""
from alembic import op
import sqlalchemy as sa

import register.models.base


# revision identifiers, used by Alembic.
revision = '0015_credential_status_lists'
down_revision = '0007_renewal_cycle'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('credential_status_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('revocation', 'suspension', name='statuspurpose', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('next_position', sa.Integer(), nullable=False),
    sa.Column('bits', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_status_list')),
    sa.UniqueConstraint('purpose', name=op.f('uq_credential_status_list_purpose'))
    )
    op.create_table('credential_status_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('retired_at', register.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['list_id'], ['credential_status_list.id'], name=op.f('fk_credential_status_entry_list_id_credential_status_list')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_credential_status_entry_registration_id_registration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_status_entry')),
    sa.UniqueConstraint('list_id', 'position', name=op.f('uq_credential_status_entry_list_id_position')),
    )
    with op.batch_alter_table('credential_status_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credential_status_entry_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index('ux_credential_status_entry_current', ['list_id', 'registration_id'], unique=True, sqlite_where=sa.text('retired_at IS NULL'), postgresql_where=sa.text('retired_at IS NULL'))


def downgrade():
    with op.batch_alter_table('credential_status_entry', schema=None) as batch_op:
        batch_op.drop_index('ux_credential_status_entry_current', sqlite_where=sa.text('retired_at IS NULL'), postgresql_where=sa.text('retired_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_credential_status_entry_registration_id'))

    op.drop_table('credential_status_entry')
    op.drop_table('credential_status_list')

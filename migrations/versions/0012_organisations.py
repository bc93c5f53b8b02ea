"""Organisation accounts, API keys, watch lists, change alerts, who checked me

Revision ID: 0012_organisations
Revises: 0011_complaints_measures
Create Date: 2026-12-01 16:14:10

Organisation accounts for employers (``organisation``, ``organisation_member``, the role
``employer`` on ``user``), their API keys (``api_key``: prefix and SHA-256 only), watch lists
(``watch_entry``), change alerts (``change_alert``) and the webhook outbox with its log
(``webhook_delivery``, ``webhook_attempt``), and who checked a registration
(``verification_record`` per identified check, ``lookup_count`` per month for anonymous
lookups).
"""
from alembic import op
import sqlalchemy as sa

import register.models.base


# revision identifiers, used by Alembic.
revision = '0012_organisations'
down_revision = '0011_complaints_measures'
branch_labels = None
depends_on = None


ROLES_BEFORE = ('applicant', 'assessor', 'registrar', 'admin', 'provider')
ROLES = (*ROLES_BEFORE, 'employer')


def _role_check(values) -> str:
    return "role IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _set_roles(values) -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_role'), _role_check(values))


def upgrade():
    _set_roles(ROLES)
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kvk_number', sa.String(length=8), nullable=False),
    sa.Column('alert_mode', sa.Enum('immediate', 'daily', name='alertmode', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('webhook_url', sa.String(length=500), nullable=True),
    sa.Column('webhook_secret', sa.String(length=64), nullable=False),
    sa.Column('blocked_at', register.models.base.UTCDateTime(), nullable=True),
    sa.Column('blocked_reason', sa.String(length=500), nullable=True),
    sa.Column('created_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('kvk_number', name=op.f('uq_organisation_kvk_number'))
    )
    op.create_table('api_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('last_used_at', register.models.base.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', register.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_api_key_created_by_id_user')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_api_key_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
    sa.UniqueConstraint('prefix', name=op.f('uq_api_key_prefix'))
    )
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_key_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('organisation_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', register.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_member_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_organisation_member_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_member')),
    sa.UniqueConstraint('user_id', name=op.f('uq_organisation_member_user_id'))
    )
    with op.batch_alter_table('organisation_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_member_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('webhook_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', register.models.base.UTCDateTime(), nullable=True),
    sa.Column('delivered_at', register.models.base.UTCDateTime(), nullable=True),
    sa.Column('gave_up_at', register.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_webhook_delivery_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_delivery'))
    )
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_delivery_due', ['delivered_at', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_delivery_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('webhook_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('attempted_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['webhook_delivery.id'], name=op.f('fk_webhook_attempt_delivery_id_webhook_delivery')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempt'))
    )
    with op.batch_alter_table('webhook_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_attempt_delivery_id'), ['delivery_id'], unique=False)

    op.create_table('change_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('created_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('emailed_at', register.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_change_alert_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_change_alert_registration_id_registration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_alert'))
    )
    with op.batch_alter_table('change_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_alert_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index('ix_change_alert_unmailed', ['organisation_id', 'emailed_at'], unique=False)

    op.create_table('lookup_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_lookup_count_registration_id_registration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lookup_count')),
    sa.UniqueConstraint('registration_id', 'month', name=op.f('uq_lookup_count_registration_id_month'))
    )
    op.create_table('verification_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.Enum('api', 'watch_list', 'bulk', name='checkchannel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_verification_record_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_verification_record_registration_id_registration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_record'))
    )
    with op.batch_alter_table('verification_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_record_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_verification_record_registration', ['registration_id', 'checked_on'], unique=False)

    op.create_table('watch_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('employed_since', sa.Date(), nullable=True),
    sa.Column('role', sa.String(length=100), nullable=False),
    sa.Column('created_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_watch_entry_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_watch_entry_registration_id_registration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watch_entry')),
    sa.UniqueConstraint('organisation_id', 'registration_id', name=op.f('uq_watch_entry_organisation_id_registration_id'))
    )
    with op.batch_alter_table('watch_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_watch_entry_registration_id'), ['registration_id'], unique=False)



def downgrade():
    with op.batch_alter_table('watch_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_watch_entry_registration_id'))

    op.drop_table('watch_entry')
    with op.batch_alter_table('verification_record', schema=None) as batch_op:
        batch_op.drop_index('ix_verification_record_registration')
        batch_op.drop_index(batch_op.f('ix_verification_record_organisation_id'))

    op.drop_table('verification_record')
    op.drop_table('lookup_count')
    with op.batch_alter_table('change_alert', schema=None) as batch_op:
        batch_op.drop_index('ix_change_alert_unmailed')
        batch_op.drop_index(batch_op.f('ix_change_alert_registration_id'))

    op.drop_table('change_alert')
    with op.batch_alter_table('webhook_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_attempt_delivery_id'))

    op.drop_table('webhook_attempt')
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_organisation_id'))
        batch_op.drop_index('ix_webhook_delivery_due')

    op.drop_table('webhook_delivery')
    with op.batch_alter_table('organisation_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_member_organisation_id'))

    op.drop_table('organisation_member')
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_key_organisation_id'))

    op.drop_table('api_key')
    op.drop_table('organisation')
    op.execute("DELETE FROM \"user\" WHERE role = 'employer'")
    _set_roles(ROLES_BEFORE)

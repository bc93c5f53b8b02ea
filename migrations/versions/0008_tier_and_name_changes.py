"""tier changes and name changes; the periods of a registration; one current
registration per person

Revision ID: 0008_tier_and_name_changes
Revises: 0004_decisions_four_eyes
Create Date: 2026-12-01

- ``application.registration_id``: an application for another tier names the registration
  it changes; ``growth_reflection`` holds its reflections on the criteria of growth.
- ``registration_period``: every period of a registration (tier, first and last day, how it
  began, the decision). Existing registrations get their admission period.
- ``registration_status_change``: the action ``change_tier`` with ``from_tier``/``to_tier``.
- ``name_change_request`` (a registrant's request, with proof) and
  ``registration_name_change`` (the internal history of registered names).
- ``ux_registration_current_person``: the database refuses a second current registration
  (status not lapsed, not struck off) for one person. Before this revision, approving an
  application for another tier created a second registration; such pairs are merged first:
  the person keeps the number they were registered under first, which takes the tier and the
  later end date of the newer registration (a ``change_tier`` history row and a tier-change
  period record it); the newer number lapses, its history saying why.
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa

import register.models.base


# revision identifiers, used by Alembic.
revision = '0008_tier_and_name_changes'
down_revision = '0004_decisions_four_eyes'
branch_labels = None
depends_on = None

ACTIONS_BEFORE = ("suspend", "reinstate", "strike_off", "lapse", "renew")
ACTIONS = ACTIONS_BEFORE + ("change_tier",)
CURRENT = "status NOT IN ('lapsed', 'struck_off')"
TIER_CHANGE_TIERS = (
    "CASE WHEN action = 'change_tier' THEN from_tier IS NOT NULL AND to_tier IS NOT NULL "
    "ELSE from_tier IS NULL AND to_tier IS NULL END"
)

REGISTRATION = sa.table(
    "registration",
    sa.column("id", sa.Integer),
    sa.column("number", sa.String),
    sa.column("user_id", sa.Integer),
    sa.column("tier", sa.Integer),
    sa.column("status", sa.String),
    sa.column("status_since", register.models.base.UTCDateTime()),
    sa.column("valid_from", sa.Date),
    sa.column("valid_until", sa.Date),
    sa.column("policy_version", sa.String),
    sa.column("created_at", register.models.base.UTCDateTime()),
    sa.column("version", sa.Integer),
)
HISTORY = sa.table(
    "registration_status_change",
    sa.column("registration_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("from_status", sa.String),
    sa.column("to_status", sa.String),
    sa.column("reason", sa.Text),
    sa.column("from_tier", sa.Integer),
    sa.column("to_tier", sa.Integer),
    sa.column("at", register.models.base.UTCDateTime()),
    sa.column("policy_version", sa.String),
)
PERIOD = sa.table(
    "registration_period",
    sa.column("registration_id", sa.Integer),
    sa.column("tier", sa.Integer),
    sa.column("valid_from", sa.Date),
    sa.column("valid_until", sa.Date),
    sa.column("kind", sa.String),
    sa.column("created_at", register.models.base.UTCDateTime()),
)


def _enum_check(values) -> str:
    return "action IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _merge_duplicate_registrations(connection) -> None:
    """Merge each person's current registrations into the first one (see the docstring)."""
    rows = connection.execute(
        sa.select(REGISTRATION)
        .where(REGISTRATION.c.user_id.is_not(None), sa.text(CURRENT))
        .order_by(REGISTRATION.c.user_id, REGISTRATION.c.created_at, REGISTRATION.c.id)
    ).mappings().all()
    by_person: dict[int, list] = {}
    for row in rows:
        by_person.setdefault(row["user_id"], []).append(dict(row))
    now = dt.datetime.now(dt.UTC)
    for registrations in by_person.values():
        kept = registrations[0]
        for newer in registrations[1:]:
            note = f"Duplicate registration {newer['number']} merged into {kept['number']} (revision 0008)"
            valid_until = max(kept["valid_until"], newer["valid_until"])
            if newer["tier"] != kept["tier"]:
                connection.execute(HISTORY.insert().values(
                    registration_id=kept["id"], action="change_tier", from_status=kept["status"],
                    to_status=kept["status"], reason=note, from_tier=kept["tier"],
                    to_tier=newer["tier"], at=now, policy_version=kept["policy_version"],
                ))
            connection.execute(
                REGISTRATION.update().where(REGISTRATION.c.id == kept["id"]).values(
                    tier=newer["tier"], valid_until=valid_until,
                    version=REGISTRATION.c.version + 1,
                )
            )
            connection.execute(HISTORY.insert().values(
                registration_id=newer["id"], action="lapse", from_status=newer["status"],
                to_status="lapsed", reason=note, at=now, policy_version=newer["policy_version"],
            ))
            connection.execute(
                REGISTRATION.update().where(REGISTRATION.c.id == newer["id"]).values(
                    status="lapsed", status_since=now, version=REGISTRATION.c.version + 1,
                )
            )
            connection.execute(PERIOD.insert().values(
                registration_id=kept["id"], tier=newer["tier"], valid_from=newer["valid_from"],
                valid_until=valid_until, kind="tier_change", created_at=newer["created_at"],
            ))
            kept["tier"], kept["valid_until"] = newer["tier"], valid_until


def _backfill_admission_periods(connection) -> None:
    """Every registration's first period, as it was admitted."""
    connection.execute(PERIOD.insert().from_select(
        ["registration_id", "tier", "valid_from", "valid_until", "kind", "created_at"],
        sa.select(
            REGISTRATION.c.id, REGISTRATION.c.tier, REGISTRATION.c.valid_from,
            REGISTRATION.c.valid_until, sa.literal("admission"), REGISTRATION.c.created_at,
        ),
    ))


def upgrade():
    op.create_table('growth_reflection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_growth_reflection_application_id_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_growth_reflection')),
    sa.UniqueConstraint('application_id', 'criterion', name=op.f('uq_growth_reflection_application_id_criterion'))
    )
    with op.batch_alter_table('growth_reflection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_growth_reflection_application_id'), ['application_id'], unique=False)

    op.create_table('name_change_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('given_names', sa.String(length=120), nullable=False),
    sa.Column('surname_prefix', sa.String(length=40), nullable=False),
    sa.Column('surname', sa.String(length=120), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('proof_file_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'approved', 'refused', 'withdrawn', name='namechangestate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('decided_at', register.models.base.UTCDateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("state != 'refused' OR decision_reason IS NOT NULL", name=op.f('ck_name_change_request_refusal_reason')),
    sa.CheckConstraint("state IN ('pending', 'withdrawn') OR (decided_at IS NOT NULL AND decided_by_id IS NOT NULL)", name=op.f('ck_name_change_request_decision_recorded')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_name_change_request_decided_by_id_user')),
    sa.ForeignKeyConstraint(['proof_file_id'], ['stored_file.id'], name=op.f('fk_name_change_request_proof_file_id_stored_file')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_name_change_request_registration_id_registration')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_name_change_request_requested_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_name_change_request'))
    )
    with op.batch_alter_table('name_change_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_name_change_request_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_name_change_request_state'), ['state'], unique=False)
        batch_op.create_index('ux_name_change_request_pending', ['registration_id'], unique=True, sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))

    op.create_table('registration_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('admission', 'renewal', 'restoration', 'tier_change', name='periodkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('created_at', register.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('tier BETWEEN 1 AND 3', name=op.f('ck_registration_period_tier_range')),
    sa.CheckConstraint('valid_until >= valid_from', name=op.f('ck_registration_period_period_order')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_registration_period_decision_id_decision')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_registration_period_registration_id_registration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_period'))
    )
    with op.batch_alter_table('registration_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_period_registration_id'), ['registration_id'], unique=False)

    op.create_table('registration_name_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('request', 'correction', name='namechangekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('old_given_names', sa.String(length=120), nullable=False),
    sa.Column('old_surname_prefix', sa.String(length=40), nullable=False),
    sa.Column('old_surname', sa.String(length=120), nullable=False),
    sa.Column('new_given_names', sa.String(length=120), nullable=False),
    sa.Column('new_surname_prefix', sa.String(length=40), nullable=False),
    sa.Column('new_surname', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', register.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind != 'correction' OR reason IS NOT NULL", name=op.f('ck_registration_name_change_correction_reason')),
    sa.CheckConstraint("kind != 'request' OR request_id IS NOT NULL", name=op.f('ck_registration_name_change_request_named')),
    sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_registration_name_change_by_id_user')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_registration_name_change_decision_id_decision')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_registration_name_change_registration_id_registration')),
    sa.ForeignKeyConstraint(['request_id'], ['name_change_request.id'], name=op.f('fk_registration_name_change_request_id_name_change_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_name_change'))
    )
    with op.batch_alter_table('registration_name_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_name_change_registration_id'), ['registration_id'], unique=False)

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_application_registration_id'), ['registration_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_application_registration_id_registration'), 'registration', ['registration_id'], ['id'], use_alter=True)

    with op.batch_alter_table('registration_status_change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_tier', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('to_tier', sa.Integer(), nullable=True))
        batch_op.drop_constraint(op.f('ck_registration_status_change_registrationaction'), type_='check')
        batch_op.create_check_constraint(op.f('ck_registration_status_change_registrationaction'), _enum_check(ACTIONS))
        batch_op.create_check_constraint(op.f('ck_registration_status_change_tier_change_tiers'), TIER_CHANGE_TIERS)

    connection = op.get_bind()
    _backfill_admission_periods(connection)
    _merge_duplicate_registrations(connection)

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index('ux_registration_current_person', ['user_id'], unique=True, sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index('ux_registration_current_person', sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))

    # The tier-change rows cannot be kept under the old CHECK: the tier they record stays on
    # the registration itself; merged duplicates stay merged.
    op.execute("DELETE FROM registration_status_change WHERE action = 'change_tier'")
    with op.batch_alter_table('registration_status_change', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_registration_status_change_tier_change_tiers'), type_='check')
        batch_op.drop_constraint(op.f('ck_registration_status_change_registrationaction'), type_='check')
        batch_op.create_check_constraint(op.f('ck_registration_status_change_registrationaction'), _enum_check(ACTIONS_BEFORE))
        batch_op.drop_column('to_tier')
        batch_op.drop_column('from_tier')

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_application_registration_id_registration'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_application_registration_id'))
        batch_op.drop_column('registration_id')

    with op.batch_alter_table('registration_name_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_name_change_registration_id'))

    op.drop_table('registration_name_change')
    with op.batch_alter_table('registration_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_period_registration_id'))

    op.drop_table('registration_period')
    with op.batch_alter_table('name_change_request', schema=None) as batch_op:
        batch_op.drop_index('ux_name_change_request_pending', sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))
        batch_op.drop_index(batch_op.f('ix_name_change_request_state'))
        batch_op.drop_index(batch_op.f('ix_name_change_request_registration_id'))

    op.drop_table('name_change_request')
    with op.batch_alter_table('growth_reflection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_growth_reflection_application_id'))

    op.drop_table('growth_reflection')

"""Trusted evidence and the policy history: the period a referee confirmed as dates, every
policy version the register has run under (policy_version), and decisions marked when they
were stored afterwards from the case's own record (decision.reconstructed).

Revision ID: 0005_evidence_policy_history
Revises: 0010_sources_in_use
Create Date: 2026-12-01 12:22:36.899054

"""
from alembic import op
import sqlalchemy as sa

import register.models.base

# Copied here (not imported) so that this migration never changes with the code: on SQLite,
# dropping a column rebuilds the table, which drops its triggers; the downgrade puts them back.
SQLITE_DECISION_FINAL = [
    "CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision "
    "BEGIN SELECT RAISE(ABORT, 'decisions are final'); END",
    "CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision "
    "BEGIN SELECT RAISE(ABORT, 'decisions are final'); END",
]


# revision identifiers, used by Alembic.
revision = '0005_evidence_policy_history'
down_revision = '0010_sources_in_use'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('policy_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy', sa.String(length=64), nullable=False),
    sa.Column('file', sa.String(length=120), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('first_loaded_at', register.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_version')),
    sa.UniqueConstraint('file', 'version', name=op.f('uq_policy_version_file_version'))
    )
    with op.batch_alter_table('policy_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_version_policy'), ['policy'], unique=False)

    # A plain ADD COLUMN (no table rebuild), so the decision table keeps its triggers.
    op.add_column('decision', sa.Column('reconstructed', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('reference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_start_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_end_date', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('reference', schema=None) as batch_op:
        batch_op.drop_column('confirmed_end_date')
        batch_op.drop_column('confirmed_start_date')

    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS decision_no_update")
        op.execute("DROP TRIGGER IF EXISTS decision_no_delete")
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('reconstructed')
    if sqlite:
        for statement in SQLITE_DECISION_FINAL:
            op.execute(statement)

    with op.batch_alter_table('policy_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_version_policy'))

    op.drop_table('policy_version')

"""Evidence deletions under the retention policy

Revision ID: 0014_evidence_deletion
Revises: 0015_credential_status_lists
Create Date: 2026-12-01 14:30:00

``evidence_deletion``: one row per application whose evidence of lived experience,
portfolio, or references (kind) the daily job deleted under policies/retention.yaml (when,
under which policy version, from which day the period ran, how many rows).
"""
from alembic import op
import sqlalchemy as sa

import register.models.base


# revision identifiers, used by Alembic.
revision = '0014_evidence_deletion'
down_revision = '0015_credential_status_lists'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evidence_deletion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('deleted_on', sa.Date(), nullable=False),
    sa.Column('deleted_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('policy_version', sa.String(length=32), nullable=False),
    sa.Column('period_started_on', sa.Date(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_evidence_deletion_application_id_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_deletion')),
    sa.UniqueConstraint('application_id', 'kind', name=op.f('uq_evidence_deletion_application_id_kind'))
    )
    op.create_index(op.f('ix_evidence_deletion_application_id'), 'evidence_deletion', ['application_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_evidence_deletion_application_id'), table_name='evidence_deletion')
    op.drop_table('evidence_deletion')

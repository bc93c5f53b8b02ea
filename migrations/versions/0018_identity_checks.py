"""The registrar's identity check before approval; drafts of the registrar's page

Revision ID: 0018_identity_checks
Revises: 0020_condition_answers
Create Date: 2026-12-01 19:30:00

``identity_check``: one per application, recorded by a registrar before a first registration
is approved: how the applicant was seen (a code of registration.yaml identity_check.methods),
the kind of document (identity_check.document_kinds), the day, who, that the name and date
of birth matched (always true) and a short note. No column for a copy or number of the
document or a citizen service number, by design. ``review_draft``: the texts a registrar typed
on an application's page and did not act on yet, per registrar and application.
"""
import sqlalchemy as sa
from alembic import op

import register.models.base

# revision identifiers, used by Alembic.
revision = '0018_identity_checks'
down_revision = '0020_condition_answers'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('identity_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=False),
    sa.Column('document_kind', sa.String(length=32), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('checked_by_id', sa.Integer(), nullable=False),
    sa.Column('details_match', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_at', register.models.base.UTCDateTime(), nullable=False),
    sa.Column('policy_version', sa.String(length=32), nullable=False),
    sa.CheckConstraint('details_match', name=op.f('ck_identity_check_details_matched')),
    sa.CheckConstraint('note IS NULL OR length(note) <= 500', name=op.f('ck_identity_check_note_length')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_identity_check_application_id_application')),
    sa.ForeignKeyConstraint(['checked_by_id'], ['user.id'], name=op.f('fk_identity_check_checked_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_check')),
    sa.UniqueConstraint('application_id', name=op.f('uq_identity_check_application_id'))
    )
    op.create_table('review_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('registrar_id', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('updated_at', register.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_review_draft_application_id_application')),
    sa.ForeignKeyConstraint(['registrar_id'], ['user.id'], name=op.f('fk_review_draft_registrar_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_draft')),
    sa.UniqueConstraint('application_id', 'registrar_id', name=op.f('uq_review_draft_application_id_registrar_id'))
    )
    with op.batch_alter_table('review_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_draft_application_id'), ['application_id'], unique=False)


def downgrade():
    with op.batch_alter_table('review_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_draft_application_id'))
    op.drop_table('review_draft')
    op.drop_table('identity_check')

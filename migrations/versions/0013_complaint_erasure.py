"""Complaint cases erased under the retention policy

Revision ID: 0013_complaint_erasure
Revises: 0012_organisations
Create Date: 2026-12-01 19:40:00

``complaint_case.erased_on`` and ``erasure_policy_version``: the day the retention job
erased a closed case's complainant details, texts and files, and under which version of
``policies/retention.yaml``.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_complaint_erasure'
down_revision = '0012_organisations'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('complaint_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('erasure_policy_version', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('complaint_case', schema=None) as batch_op:
        batch_op.drop_column('erasure_policy_version')
        batch_op.drop_column('erased_on')

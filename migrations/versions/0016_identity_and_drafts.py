"""A deadline on requests for information; room for office document types

Revision ID: 0016_identity_and_drafts
Revises: 0017_search_keys
Create Date: 2026-12-01 16:30:00

``application_message.answer_by``: the day by which the applicant is asked to answer a
request for more information (registration.yaml: information_request), fixed when the
request is sent. Empty for other messages and for requests sent before this revision.
``stored_file.content_type`` grows from 64 to 128 characters: providers' documents may be
DOCX or XLSX, whose content types are longer than 64.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_identity_and_drafts'
down_revision = '0017_search_keys'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('application_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_by', sa.Date(), nullable=True))
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.alter_column(
            'content_type', existing_type=sa.String(length=64), type_=sa.String(length=128),
            existing_nullable=False,
        )


def downgrade():
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.alter_column(
            'content_type', existing_type=sa.String(length=128), type_=sa.String(length=64),
            existing_nullable=False,
        )
    with op.batch_alter_table('application_message', schema=None) as batch_op:
        batch_op.drop_column('answer_by')

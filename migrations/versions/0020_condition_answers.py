"""Answers to accreditation conditions, with evidence files

Revision ID: 0020_condition_answers
Revises: 0013_complaint_erasure
Create Date: 2026-12-01 19:30:00

``condition_answer``: a provider's answer to a condition of a conditional accreditation (an
explanation; the registrar accepts it, marking the condition met, or sends it back with a
reason), one condition answered once or several times. ``condition_answer_file``: the
evidence files of an answer (stored files, like a request's documents).
"""

from alembic import op
import sqlalchemy as sa

import register.models.base


# revision identifiers, used by Alembic.
revision = "0020_condition_answers"
down_revision = "0013_complaint_erasure"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "condition_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", register.models.base.UTCDateTime(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "pending",
                "accepted",
                "returned",
                name="answeroutcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", register.models.base.UTCDateTime(), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "outcome != 'returned' OR return_reason IS NOT NULL",
            name=op.f("ck_condition_answer_returned_has_reason"),
        ),
        sa.CheckConstraint(
            "outcome = 'pending' OR (reviewed_at IS NOT NULL AND reviewed_by_id IS NOT NULL)",
            name=op.f("ck_condition_answer_reviewed_recorded"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["user.id"], name=op.f("fk_condition_answer_answered_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["accreditation_condition.id"],
            name=op.f("fk_condition_answer_condition_id_accreditation_condition"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["user.id"], name=op.f("fk_condition_answer_reviewed_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_condition_answer")),
    )
    op.create_index(
        op.f("ix_condition_answer_condition_id"), "condition_answer", ["condition_id"], unique=False
    )
    op.create_table(
        "condition_answer_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["condition_answer.id"],
            name=op.f("fk_condition_answer_file_answer_id_condition_answer"),
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_file.id"],
            name=op.f("fk_condition_answer_file_file_id_stored_file"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_condition_answer_file")),
    )
    op.create_index(
        op.f("ix_condition_answer_file_answer_id"),
        "condition_answer_file",
        ["answer_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_condition_answer_file_answer_id"), table_name="condition_answer_file")
    op.drop_table("condition_answer_file")
    op.drop_index(op.f("ix_condition_answer_condition_id"), table_name="condition_answer")
    op.drop_table("condition_answer")

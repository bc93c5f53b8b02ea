"""Independent portfolio assessment of transitional-route applications by two assessors."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.lifecycle import AssessmentState
from register.models.accounts import User, enum_column
from register.models.applications import Application
from register.models.base import Base, utcnow
from register.models.files import StoredFile


def assessment_invariants(*, policy_version: bool) -> tuple[CheckConstraint, ...]:
    """What the database holds true for every assignment's state (``AssessmentState``): a
    declaration has a date, a declared conflict says what it is, and exactly the submitted
    ones have a submission date (and, with ``policy_version``, the policy they were scored
    under)."""
    submitted = "submitted_at IS NOT NULL" + (
        " AND policy_version IS NOT NULL" if policy_version else ""
    )
    return (
        CheckConstraint(
            "state = 'assigned' OR conflict_declared_at IS NOT NULL", name="declaration_dated"
        ),
        CheckConstraint(
            "state != 'conflict_declared' OR conflict_note IS NOT NULL", name="conflict_described"
        ),
        CheckConstraint(
            f"(state = 'submitted' AND {submitted}) "
            "OR (state != 'submitted' AND submitted_at IS NULL)",
            name="submission_recorded",
        ),
    )


class PortfolioAssessment(Base):
    """One assessor's assessment of one application: conflict declaration first, then a
    score per rubric item; once submitted it cannot change. ``state`` follows
    ``ASSESSMENT_LIFECYCLE``."""

    __tablename__ = "portfolio_assessment"
    __table_args__ = (
        UniqueConstraint("application_id", "assessor_id"),
        *assessment_invariants(policy_version=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    state: Mapped[AssessmentState] = mapped_column(
        enum_column(AssessmentState, name="assessment_state"), default=AssessmentState.ASSIGNED
    )
    conflict_declared_at: Mapped[dt.datetime | None]
    conflict_note: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[dt.datetime | None]
    policy_version: Mapped[str | None] = mapped_column(String(32))
    # Why the registrar assigned this assessor although the assessors will not include the
    # policy's number of experts by experience (set on the assignment that completed them).
    lived_experience_exception: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship()
    assessor: Mapped[User] = relationship(foreign_keys=[assessor_id])
    scores: Mapped[list[RubricScore]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="RubricScore.id"
    )


class RubricScore(Base):
    """Sufficient or insufficient on one rubric item, with the written rationale and, for a
    competence, which of its behavioural traits the portfolio shows (their positions)."""

    __tablename__ = "rubric_score"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("portfolio_assessment.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(32))
    # Empty while the assessment is a draft; a submitted assessment has every item scored.
    sufficient: Mapped[bool | None]
    rationale: Mapped[str] = mapped_column(Text, default="")
    indicators_shown: Mapped[list | None] = mapped_column(JSON)

    assessment: Mapped[PortfolioAssessment] = relationship(back_populates="scores")


class AssessorTraining(Base):
    """An assessor's training as an assessor (001 l.2820: "geschoold als assessor"): when,
    which course, by whom, optionally the certificate. Valid for the policy's years."""

    __tablename__ = "assessor_training"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    completed_on: Mapped[dt.date]
    course: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    assessor: Mapped[User] = relationship()
    file: Mapped[StoredFile | None] = relationship()

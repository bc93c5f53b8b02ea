"""Independent portfolio assessment of transitional-route applications by two assessors."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.models.accounts import User
from register.models.applications import Application
from register.models.base import Base, utcnow


class PortfolioAssessment(Base):
    """One assessor's assessment of one application: conflict declaration first, then a
    score per rubric item; once submitted it cannot change."""

    __tablename__ = "portfolio_assessment"
    __table_args__ = (UniqueConstraint("application_id", "assessor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # None: not declared yet; False: declared no conflict; True: declared a conflict.
    has_conflict: Mapped[bool | None]
    conflict_declared_at: Mapped[dt.datetime | None]
    conflict_note: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[dt.datetime | None]
    policy_version: Mapped[str | None] = mapped_column(String(32))

    application: Mapped[Application] = relationship()
    assessor: Mapped[User] = relationship(foreign_keys=[assessor_id])
    scores: Mapped[list[RubricScore]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="RubricScore.id"
    )


class RubricScore(Base):
    """Sufficient or insufficient on one rubric item, with the written rationale."""

    __tablename__ = "rubric_score"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("portfolio_assessment.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(32))
    # Empty while the assessment is a draft; a submitted assessment has every item scored.
    sufficient: Mapped[bool | None]
    rationale: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[PortfolioAssessment] = relationship(back_populates="scores")

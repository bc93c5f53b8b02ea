"""Applications for registration (aanvragen) and their evidence.

An application is one person's request to be registered in one tier by one route. It keeps
its own status history; the decision on it is final and records who, when, why and under
which policy versions.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.lifecycle import ApplicationState
from register.models.accounts import User, enum_column
from register.models.base import Base, utcnow
from register.models.files import StoredFile
from register.models.programmes import Programme


class Route(enum.StrEnum):
    """How an applicant qualifies: a diploma of an accredited programme, or the
    transitional route (overgangsregeling) on experience."""

    DIPLOMA = "diploma"
    TRANSITIONAL = "transitional"


class ApplicationStep(enum.StrEnum):
    """The steps of the application form, in the order shown (not stored: which steps an
    application has follows from its route)."""

    TIER = "tier"
    ROUTE = "route"
    PERSONAL = "personal"
    DIPLOMA = "diploma"
    EXPERIENCE = "experience"
    INTERVISION = "intervision"
    REFERENCES = "references"
    PORTFOLIO = "portfolio"
    GROWTH = "growth"  # an application for a higher tier: reflections on growth
    REVIEW = "review"


class EvidenceKind(enum.StrEnum):
    DIPLOMA = "diploma"
    PORTFOLIO = "portfolio"
    INTERVISION = "intervision"
    WORK_EXPERIENCE = "work_experience"
    ANSWER = "answer"
    OTHER = "other"


class Application(Base):
    """An application for registration in a tier. With ``registration_id`` it is an
    application for another tier by someone already registered (a tier change): approving
    it changes that registration's tier, keeping its number."""

    __tablename__ = "application"
    __table_args__ = (
        CheckConstraint("tier IS NULL OR tier BETWEEN 1 AND 3", name="tier_range"),
        CheckConstraint(
            "state NOT IN ('approved', 'refused') OR "
            "(decided_at IS NOT NULL AND decided_by_id IS NOT NULL "
            "AND policy_versions IS NOT NULL)",
            name="decision_recorded",
        ),
        CheckConstraint(
            "state != 'refused' OR decision_reason IS NOT NULL", name="refusal_has_reason"
        ),
        CheckConstraint(
            "state = 'draft' OR state = 'withdrawn' OR submitted_at IS NOT NULL",
            name="submitted_has_date",
        ),
        CheckConstraint(
            "code_accepted_at IS NULL OR code_version IS NOT NULL", name="code_version_recorded"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    state: Mapped[ApplicationState] = mapped_column(
        enum_column(ApplicationState), default=ApplicationState.DRAFT, index=True
    )
    tier: Mapped[int | None]
    route: Mapped[Route | None] = mapped_column(enum_column(Route))
    #: the registration a tier change changes (None: a first application)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", use_alter=True), index=True
    )

    # Personal details, kept to what the register needs.
    date_of_birth: Mapped[dt.date | None]
    phone: Mapped[str | None] = mapped_column(String(32))
    work_region: Mapped[str | None] = mapped_column(String(80))
    show_work_region: Mapped[bool] = mapped_column(default=False)

    # Diploma route.
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programme.id"))
    diploma_date: Mapped[dt.date | None]

    # Transitional route.
    intervision_sessions: Mapped[int | None]
    intervision_description: Mapped[str | None] = mapped_column(Text)
    # A short introduction to the portfolio; the reflections are ``portfolio_entries``.
    portfolio_summary: Mapped[str | None] = mapped_column(Text)

    # The professional code accepted on submission, and its version (policy).
    code_accepted_at: Mapped[dt.datetime | None]
    code_version: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[dt.datetime | None]
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    policy_versions: Mapped[dict | None] = mapped_column(JSON)
    # Registrar's departure from the rule proposal, when there is one.
    departs_from_proposal: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    applicant: Mapped[User] = relationship(foreign_keys=[applicant_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    programme: Mapped[Programme | None] = relationship()
    work_experience: Mapped[list[WorkExperience]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="WorkExperience.start_date",
    )
    references: Mapped[list[Reference]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Reference.id"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Evidence.id"
    )
    messages: Mapped[list[ApplicationMessage]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationMessage.id"
    )
    history: Mapped[list[ApplicationStatusChange]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationStatusChange.id",
    )
    registration = relationship("Registration", foreign_keys=[registration_id])
    growth_reflections: Mapped[list[GrowthReflection]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="GrowthReflection.id"
    )

    @property
    def is_tier_change(self) -> bool:
        """An application for another tier of an existing registration."""
        return self.registration_id is not None

    @property
    def reflections(self) -> dict[str, str]:
        """The reflections on growth, by criterion id."""
        return {r.criterion: r.text for r in self.growth_reflections}

    portfolio_entries: Mapped[list[PortfolioEntry]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="PortfolioEntry.id"
    )

    def portfolio_entry(self, item_id: str) -> PortfolioEntry | None:
        """The portfolio's entry on a competence or critical situation, if written."""
        return next((e for e in self.portfolio_entries if e.item_id == item_id), None)


class WorkExperience(Base):
    """A period of paid or voluntary work as an expert by experience (transitional route)."""

    __tablename__ = "work_experience"
    __table_args__ = (
        CheckConstraint("hours_per_week > 0 AND hours_per_week <= 60", name="hours_range"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date | None]  # empty: still working there
    hours_per_week: Mapped[float]
    paid: Mapped[bool]

    application: Mapped[Application] = relationship(back_populates="work_experience")


class GrowthReflection(Base):
    """The applicant's reflection on one criterion of growth (autonomy, transfer,
    complexity, responsibility: ``tiers.yaml`` ``growth_criteria``), in an application for
    a higher tier. Shown to the registrar and the assessors."""

    __tablename__ = "growth_reflection"
    __table_args__ = (UniqueConstraint("application_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)

    application: Mapped[Application] = relationship(back_populates="growth_reflections")


class PortfolioEntry(Base):
    """The transitional-route portfolio on one item: a competence the tier requires (its id
    in the framework, ``C1``) with the applicant's reflection and examples from their work,
    or a critical professional situation (``CPS-2013-1``) with how they handled it."""

    __tablename__ = "portfolio_entry"
    __table_args__ = (UniqueConstraint("application_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(32))
    reflection: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    application: Mapped[Application] = relationship(back_populates="portfolio_entries")


class ReferenceRelation(enum.StrEnum):
    SUPERVISOR = "supervisor"  # leidinggevende / werkbegeleider
    EMPLOYER = "employer"  # werkgever / opdrachtgever
    COLLEAGUE = "colleague"
    OTHER = "other"


class ReferenceState(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    REPLACED = "replaced"


#: a referee who has not confirmed (still waiting, or declined) can be replaced
REPLACEABLE_REFERENCE_STATES = frozenset({ReferenceState.PENDING, ReferenceState.DECLINED})


class Reference(Base):
    """A referee who confirms (or declines) the applicant's role, period and hours through
    an e-mailed, signed, expiring link."""

    __tablename__ = "reference"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    organisation: Mapped[str] = mapped_column(String(200))
    relation: Mapped[ReferenceRelation] = mapped_column(enum_column(ReferenceRelation))
    state: Mapped[ReferenceState] = mapped_column(
        enum_column(ReferenceState), default=ReferenceState.PENDING
    )
    # Bumped when the link is re-sent, so earlier links stop working.
    token_generation: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[dt.datetime | None]
    responded_at: Mapped[dt.datetime | None]
    confirmed_role: Mapped[str | None] = mapped_column(String(200))
    #: the period as a referee wrote it before periods were asked as dates (kept as written)
    confirmed_period: Mapped[str | None] = mapped_column(String(200))
    #: the period the referee confirmed (end empty: still working there)
    confirmed_start_date: Mapped[dt.date | None]
    confirmed_end_date: Mapped[dt.date | None]
    confirmed_hours_per_week: Mapped[float | None]
    comment: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship(back_populates="references")

    @property
    def from_supervisor_or_employer(self) -> bool:
        return self.relation in (ReferenceRelation.SUPERVISOR, ReferenceRelation.EMPLOYER)


class Evidence(Base):
    """An uploaded file attached to an application, with what it is evidence of."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind))
    description: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="evidence")
    file: Mapped[StoredFile] = relationship()


class MessageKind(enum.StrEnum):
    INFO_REQUEST = "info_request"  # registrar asks for more information
    ANSWER = "answer"  # applicant answers
    DECISION = "decision"  # the decision's message to the applicant


class ApplicationMessage(Base):
    """A message between the register and the applicant about an application."""

    __tablename__ = "application_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: a request for information: the answer is asked by this day (policy, fixed when sent)
    answer_by: Mapped[dt.date | None]

    application: Mapped[Application] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()


class ApplicationStatusChange(Base):
    """One step in an application's status history (append-only)."""

    __tablename__ = "application_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    from_state: Mapped[ApplicationState | None] = mapped_column(
        enum_column(ApplicationState, name="from_state")
    )
    to_state: Mapped[ApplicationState] = mapped_column(
        enum_column(ApplicationState, name="to_state")
    )
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    application: Mapped[Application] = relationship(back_populates="history")

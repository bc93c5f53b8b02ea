"""The accreditation workflow: a provider's request (self-evaluation per criterion), the
assessor panel and its scores, the agreed findings, questions to the provider, and the
conditions attached to a conditional accreditation.

States follow ``register.domain.accreditation.REQUEST_LIFECYCLE``; every step is kept in
``RequestEvent``. The resulting ``Accreditation`` rows live in ``models/programmes.py``.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.accreditation import Outcome, RequestState, Score
from register.domain.lifecycle import LIVE_ASSESSMENT_STATES, AssessmentState
from register.domain.trace import Trace
from register.models.accounts import User, enum_column
from register.models.assessments import assessment_invariants
from register.models.base import Base, utcnow
from register.models.files import StoredFile
from register.models.programmes import Accreditation, Programme, TrainingProvider


class ProviderContact(Base):
    """Links a provider account (Role.PROVIDER) to the training provider it acts for."""

    __tablename__ = "provider_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("training_provider.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    provider: Mapped[TrainingProvider] = relationship()


class AssessorAffiliation(Base):
    """A declared link between an assessor and a training provider (employment, teaching,
    board seat, ...). An affiliated assessor cannot sit on that provider's panels."""

    __tablename__ = "assessor_affiliation"
    __table_args__ = (UniqueConstraint("assessor_id", "provider_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("training_provider.id"), index=True)
    description: Mapped[str] = mapped_column(String(300))
    declared_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    assessor: Mapped[User] = relationship()
    provider: Mapped[TrainingProvider] = relationship()


class AccreditationRequest(Base):
    """A programme's request for (re)accreditation at its NLQF level, under one framework
    version. Decided requests record who, when, the proposal, and the policy version."""

    __tablename__ = "accreditation_request"
    __table_args__ = (
        CheckConstraint(
            "state NOT IN ('accredited', 'conditional', 'refused') OR "
            "(decided_at IS NOT NULL AND decided_by_id IS NOT NULL AND policy_version IS NOT NULL)",
            name="decision_recorded",
        ),
        CheckConstraint(
            "NOT departs_from_proposal OR departure_reason IS NOT NULL", name="departure_has_reason"
        ),
        CheckConstraint(
            "state = 'draft' OR state = 'withdrawn' OR submitted_at IS NOT NULL",
            name="submitted_has_date",
        ),
        CheckConstraint("level BETWEEN 2 AND 7", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    state: Mapped[RequestState] = mapped_column(
        enum_column(RequestState, name="request_state"), default=RequestState.DRAFT, index=True
    )
    level: Mapped[int]
    framework_version: Mapped[str] = mapped_column(String(32))
    renews_accreditation_id: Mapped[int | None] = mapped_column(ForeignKey("accreditation.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[dt.datetime | None]
    recommendation: Mapped[Outcome | None] = mapped_column(
        enum_column(Outcome, name="recommendation")
    )
    recommendation_note: Mapped[str | None] = mapped_column(Text)
    findings_agreed_at: Mapped[dt.datetime | None]
    proposal: Mapped[dict | None] = mapped_column(JSON)
    decision: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, name="decision"))
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    departs_from_proposal: Mapped[bool] = mapped_column(default=False)
    departure_reason: Mapped[str | None] = mapped_column(Text)
    decision_note: Mapped[str | None] = mapped_column(Text)
    policy_version: Mapped[str | None] = mapped_column(String(32))
    accreditation_id: Mapped[int | None] = mapped_column(ForeignKey("accreditation.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    programme: Mapped[Programme] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    accreditation: Mapped[Accreditation | None] = relationship(foreign_keys=[accreditation_id])
    renews: Mapped[Accreditation | None] = relationship(foreign_keys=[renews_accreditation_id])
    answers: Mapped[list[CriterionAnswer]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="CriterionAnswer.id"
    )
    documents: Mapped[list[RequestDocument]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestDocument.id"
    )
    panel: Mapped[list[PanelMember]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="PanelMember.id"
    )
    findings: Mapped[list[PanelFinding]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="PanelFinding.id"
    )
    questions: Mapped[list[ProviderQuestion]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ProviderQuestion.id"
    )
    conditions: Mapped[list[AccreditationCondition]] = relationship(
        back_populates="request", order_by="AccreditationCondition.id"
    )
    history: Mapped[list[RequestEvent]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestEvent.id"
    )

    @property
    def provider(self) -> TrainingProvider | None:
        return self.programme.provider

    @property
    def proposal_trace(self) -> Trace[Outcome] | None:
        """The decision rule's proposal and trace as stored with the decision."""
        return Trace.from_json(self.proposal, Outcome) if self.proposal else None

    def answer_for(self, criterion_id: str) -> CriterionAnswer | None:
        """The provider's answer on ``criterion_id``, if any."""
        return next((a for a in self.answers if a.criterion_id == criterion_id), None)

    def finding_for(self, criterion_id: str) -> PanelFinding | None:
        """The panel's agreed finding on ``criterion_id``, if recorded."""
        return next((f for f in self.findings if f.criterion_id == criterion_id), None)

    def active_panel(self) -> list[PanelMember]:
        """Panel members still on the panel (not withdrawn for a declared conflict)."""
        return [m for m in self.panel if m.state in LIVE_ASSESSMENT_STATES]


class RequestEvent(Base):
    """One step in a request's history (append-only)."""

    __tablename__ = "accreditation_request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("accreditation_request.id"), index=True)
    from_state: Mapped[RequestState | None] = mapped_column(
        enum_column(RequestState, name="from_state")
    )
    to_state: Mapped[RequestState] = mapped_column(enum_column(RequestState, name="to_state"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    request: Mapped[AccreditationRequest] = relationship(back_populates="history")


class CriterionAnswer(Base):
    """The provider's self-evaluation on one criterion: how, where and how it is assessed."""

    __tablename__ = "criterion_answer"
    __table_args__ = (UniqueConstraint("request_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("accreditation_request.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(32))
    coverage: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(String(300))
    assessment: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    request: Mapped[AccreditationRequest] = relationship(back_populates="answers")

    @property
    def complete(self) -> bool:
        """Answered: how, where and how assessed are all filled in."""
        return bool(self.coverage and self.location and self.assessment)


class RequestDocument(Base):
    """A supporting document for a request, optionally tied to one criterion."""

    __tablename__ = "accreditation_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("accreditation_request.id"), index=True)
    criterion_id: Mapped[str | None] = mapped_column(String(32))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    description: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    request: Mapped[AccreditationRequest] = relationship(back_populates="documents")
    file: Mapped[StoredFile] = relationship()


class PanelMember(Base):
    """An assessor on a request's panel: conflict declaration first, then scores; once the
    scores are submitted they cannot change. ``state`` follows ``ASSESSMENT_LIFECYCLE``."""

    __tablename__ = "panel_member"
    __table_args__ = (
        UniqueConstraint("request_id", "assessor_id"),
        *assessment_invariants(policy_version=False),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("accreditation_request.id"), index=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    is_chair: Mapped[bool] = mapped_column(default=False)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    state: Mapped[AssessmentState] = mapped_column(
        enum_column(AssessmentState, name="assessment_state"), default=AssessmentState.ASSIGNED
    )
    conflict_note: Mapped[str | None] = mapped_column(Text)
    conflict_declared_at: Mapped[dt.datetime | None]
    submitted_at: Mapped[dt.datetime | None]

    request: Mapped[AccreditationRequest] = relationship(back_populates="panel")
    assessor: Mapped[User] = relationship(foreign_keys=[assessor_id])
    scores: Mapped[list[CriterionScore]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="CriterionScore.id"
    )

    def score_for(self, criterion_id: str) -> CriterionScore | None:
        return next((s for s in self.scores if s.criterion_id == criterion_id), None)


class CriterionScore(Base):
    """One assessor's score on one criterion, with the rationale (required unless met)."""

    __tablename__ = "criterion_score"
    __table_args__ = (UniqueConstraint("member_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_member.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(32))
    score: Mapped[Score] = mapped_column(enum_column(Score, name="score"))
    rationale: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[PanelMember] = relationship(back_populates="scores")


class PanelFinding(Base):
    """The panel's agreed finding on one criterion, shown to the provider with the decision."""

    __tablename__ = "panel_finding"
    __table_args__ = (UniqueConstraint("request_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("accreditation_request.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(32))
    score: Mapped[Score] = mapped_column(enum_column(Score, name="score"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    request: Mapped[AccreditationRequest] = relationship(back_populates="findings")


class ConditionStatus(enum.StrEnum):
    OPEN = "open"
    MET = "met"
    OVERDUE = "overdue"  # the deadline passed without the condition being met


class AccreditationCondition(Base):
    """A condition of a conditional accreditation, with its deadline."""

    __tablename__ = "accreditation_condition"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("accreditation_request.id"), index=True)
    accreditation_id: Mapped[int | None] = mapped_column(ForeignKey("accreditation.id"), index=True)
    criterion_id: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date] = mapped_column(index=True)
    status: Mapped[ConditionStatus] = mapped_column(
        enum_column(ConditionStatus), default=ConditionStatus.OPEN
    )
    met_at: Mapped[dt.datetime | None]
    flagged_at: Mapped[dt.datetime | None]

    request: Mapped[AccreditationRequest] = relationship(back_populates="conditions")
    accreditation: Mapped[Accreditation | None] = relationship()
    answers: Mapped[list[ConditionAnswer]] = relationship(
        back_populates="condition", cascade="all, delete-orphan", order_by="ConditionAnswer.id"
    )

    @property
    def met(self) -> bool:
        """Marked as met by a registrar (no further answer is needed)."""
        return self.status is ConditionStatus.MET

    @property
    def overdue(self) -> bool:
        """The deadline passed without the condition being met (flagged by the daily job)."""
        return self.status is ConditionStatus.OVERDUE

    def pending_answer(self) -> ConditionAnswer | None:
        """The provider's latest answer the registrar has not yet accepted or sent back."""
        waiting = [a for a in self.answers if a.outcome is AnswerOutcome.PENDING]
        return waiting[-1] if waiting else None


class AnswerOutcome(enum.StrEnum):
    """What the registrar did with a provider's answer to a condition."""

    PENDING = "pending"  # not looked at yet
    ACCEPTED = "accepted"  # the condition was marked met on this answer
    RETURNED = "returned"  # sent back with a reason; the provider can answer again


class ConditionAnswer(Base):
    """The provider's answer to a condition: an explanation and optional evidence files.
    One condition can be answered several times (after an answer was sent back); the answer
    a condition was marked met on is ``accepted``."""

    __tablename__ = "condition_answer"
    __table_args__ = (
        CheckConstraint(
            "outcome != 'returned' OR return_reason IS NOT NULL", name="returned_has_reason"
        ),
        CheckConstraint(
            "outcome = 'pending' OR (reviewed_at IS NOT NULL AND reviewed_by_id IS NOT NULL)",
            name="reviewed_recorded",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    condition_id: Mapped[int] = mapped_column(ForeignKey("accreditation_condition.id"), index=True)
    explanation: Mapped[str] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    outcome: Mapped[AnswerOutcome] = mapped_column(
        enum_column(AnswerOutcome), default=AnswerOutcome.PENDING
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[dt.datetime | None]
    return_reason: Mapped[str | None] = mapped_column(Text)

    condition: Mapped[AccreditationCondition] = relationship(back_populates="answers")
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    files: Mapped[list[ConditionAnswerFile]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", order_by="ConditionAnswerFile.id"
    )


class ConditionAnswerFile(Base):
    """An evidence file with a provider's answer to a condition."""

    __tablename__ = "condition_answer_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("condition_answer.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))

    answer: Mapped[ConditionAnswer] = relationship(back_populates="files")
    file: Mapped[StoredFile] = relationship()


class ProviderQuestion(Base):
    """A question from an assessor (or registrar) to the provider, and the provider's answer."""

    __tablename__ = "provider_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("accreditation_request.id"), index=True)
    criterion_id: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    asked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[dt.datetime | None]

    request: Mapped[AccreditationRequest] = relationship(back_populates="questions")
    asked_by: Mapped[User] = relationship(foreign_keys=[asked_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


class PlacementAnswer(enum.StrEnum):
    """How a practice placement answers one question of the workplace checklist (001
    §6.1.1): the task or competence is possible, partly possible (for a task: only outside
    the intern's standard work), or not possible there."""

    POSSIBLE = "possible"
    PARTLY = "partly"
    NOT_POSSIBLE = "not_possible"


class PracticePlacement(Base):
    """A practice placement (praktijkleerplek) a provider offers for a programme, with its
    answers to the workplace checklist; the panel sees it with the programme's requests."""

    __tablename__ = "practice_placement"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    setting: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    programme: Mapped[Programme] = relationship()
    answers: Mapped[list[PlacementRating]] = relationship(
        back_populates="placement", cascade="all, delete-orphan", order_by="PlacementRating.id"
    )

    def answer_for(self, item_id: str) -> PlacementRating | None:
        """The answer on a core task (``KT1``) or competence (``C1``), if given."""
        return next((a for a in self.answers if a.item_id == item_id), None)


class PlacementRating(Base):
    """The placement's answer on one checklist item, with the explanation."""

    __tablename__ = "placement_rating"
    __table_args__ = (UniqueConstraint("placement_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("practice_placement.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(16))
    answer: Mapped[PlacementAnswer] = mapped_column(enum_column(PlacementAnswer))
    explanation: Mapped[str] = mapped_column(Text, default="")

    placement: Mapped[PracticePlacement] = relationship(back_populates="answers")

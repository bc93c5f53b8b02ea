"""Decisions as they were made (besluiten), and proposals for grave actions awaiting a
second registrar (four eyes).

A ``Decision`` row is written at the moment of every decision and never changed: it holds
the outcome, the grounds given to the person, the rules' whole evaluation (trace) with the
facts it looked at, the proposal, and the policy versions. A later decision that revokes or
replaces it (after an objection, say) is a new row that points back with ``replaces_id``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    DDL,
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    event,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.decisions import DecisionKind
from register.domain.four_eyes import ProposalState
from register.models.accounts import User, enum_column
from register.models.base import Base, final_once_written, utcnow


class Decision(Base):
    """One decision about a person or a programme, stored as it was made."""

    __tablename__ = "decision"
    __table_args__ = (
        Index("ix_decision_subject", "subject_type", "subject_id"),
        CheckConstraint(
            "confirmed_by_id IS NULL OR decided_by_id IS NULL OR confirmed_by_id <> decided_by_id",
            name="four_eyes_two_people",
        ),
        CheckConstraint("replaces_id IS NULL OR replaces_id <> id", name="replaces_other"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DecisionKind] = mapped_column(enum_column(DecisionKind))
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int]
    #: the person the decision is about (the applicant, the registrant); None for programmes
    person_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(40))
    #: the grounds as given to the person concerned (shown to them, in the decision letter)
    grounds: Mapped[str | None] = mapped_column(Text)
    #: the rules' evaluation as it was at the moment of decision (``Trace.to_json()``)
    trace: Mapped[dict | None] = mapped_column(JSON)
    proposal: Mapped[str | None] = mapped_column(String(40))
    departs_from_proposal: Mapped[bool] = mapped_column(default=False)
    #: any facts the decision rests on that the trace does not hold (dates, tier, measure)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    policy_versions: Mapped[dict] = mapped_column(JSON)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: the second registrar of a four-eyes decision
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    effective_on: Mapped[dt.date | None]
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    #: stored afterwards from the case's own record (decisions taken before decisions were
    #: stored as made): only what that record held, never a recomputation
    reconstructed: Mapped[bool] = mapped_column(default=False, server_default=false())

    person: Mapped[User | None] = relationship(foreign_keys=[person_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    replaces: Mapped[Decision | None] = relationship(remote_side=[id])


class DecisionIsFinal(Exception):
    """Raised when code tries to change or remove a stored decision."""


final_once_written(
    Decision,
    DecisionIsFinal,
    "a stored decision cannot be changed; record a new one",
    "a stored decision cannot be deleted",
)


# The database refuses changes too (as for the audit log); the same statements are in
# migration 0004, the refusal of INSERT OR REPLACE (SQLite) and TRUNCATE (PostgreSQL) in 0006.
SQLITE_DECISION_FINAL = [
    "CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision "
    "BEGIN SELECT RAISE(ABORT, 'decisions are final'); END",
    "CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision "
    "BEGIN SELECT RAISE(ABORT, 'decisions are final'); END",
    "CREATE TRIGGER decision_no_replace BEFORE INSERT ON decision "
    "WHEN EXISTS (SELECT 1 FROM decision WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'decisions are final'); END",
]
POSTGRES_DECISION_FINAL = [
    "CREATE OR REPLACE FUNCTION decision_is_final() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'decisions are final'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER decision_is_final BEFORE UPDATE OR DELETE ON decision "
    "FOR EACH ROW EXECUTE FUNCTION decision_is_final()",
    "CREATE TRIGGER decision_no_truncate BEFORE TRUNCATE ON decision "
    "FOR EACH STATEMENT EXECUTE FUNCTION decision_is_final()",
]
for _statement in SQLITE_DECISION_FINAL:
    event.listen(Decision.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_DECISION_FINAL:
    event.listen(
        Decision.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )


class ActionProposal(Base):
    """A grave action proposed by one registrar that takes effect only when another
    confirms it (four eyes). ``kind`` names the action in ``register.four_eyes.registry``;
    ``payload`` holds its parameters, so both registrars see the same consequences."""

    __tablename__ = "action_proposal"
    __table_args__ = (
        CheckConstraint(
            "decided_by_id IS NULL OR decided_by_id <> proposed_by_id", name="second_person"
        ),
        CheckConstraint("state = 'pending' OR decided_at IS NOT NULL", name="decided_when"),
        CheckConstraint(
            "state NOT IN ('confirmed', 'rejected') OR decided_by_id IS NOT NULL",
            name="decided_by_someone",
        ),
        # At most one pending proposal per action and subject.
        Index(
            "ux_action_proposal_pending",
            "kind",
            "subject_type",
            "subject_id",
            unique=True,
            sqlite_where=text("state = 'pending'"),
            postgresql_where=text("state = 'pending'"),
        ),
        Index("ix_action_proposal_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int]
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the proposer's reason (internal: never shown to the person concerned)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[ProposalState] = mapped_column(
        enum_column(ProposalState), default=ProposalState.PENDING, index=True
    )
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    proposed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    lapses_on: Mapped[dt.date]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[dt.datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    policy_version: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

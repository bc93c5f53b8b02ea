"""Complaint cases (klachten) and the measures (maatregelen) the register takes.

A ``ComplaintCase`` is filed by a member of the public on the public complaint form and
worked by registrars (``register.domain.measures.CASE_LIFECYCLE``): notes, files, requests
to the registrant, an interim suspension, a decision. A ``Measure`` is one measure on a
registration — a warning, conditions, a suspension, a strike-off — with or without a case;
it is its own row so the public history of measures survives the end of a suspension. Its
``internal_reason`` never leaves the staff pages: the public builders read only
``MEASURE_PUBLIC_COLUMNS`` (``register.lookup.public``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.measures import CaseOutcome, CaseState, MeasureKind
from register.models.accounts import User, enum_column
from register.models.base import Base, utcnow
from register.models.files import StoredFile
from register.models.registrations import Registration


class ComplaintCase(Base):
    """One complaint about a registrant, and the case the register makes of it."""

    __tablename__ = "complaint_case"
    __table_args__ = (
        CheckConstraint(
            "state NOT IN ('inadmissible') OR intake_reason IS NOT NULL",
            name="inadmissible_has_reason",
        ),
        CheckConstraint(
            "state NOT IN ('admissible', 'investigation', 'decided') "
            "OR registration_id IS NOT NULL",
            name="admitted_has_registration",
        ),
        CheckConstraint("state <> 'decided' OR outcome IS NOT NULL", name="decided_has_outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    state: Mapped[CaseState] = mapped_column(
        enum_column(CaseState), default=CaseState.RECEIVED, index=True
    )
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # the complainant (a member of the public, no account)
    complainant_name: Mapped[str] = mapped_column(String(200))
    complainant_email: Mapped[str] = mapped_column(String(254))
    complainant_phone: Mapped[str | None] = mapped_column(String(40))
    complainant_relation: Mapped[str] = mapped_column(String(32))
    complainant_locale: Mapped[str] = mapped_column(String(8), default="nl")
    # which registration, as typed; matched by a registrar at intake
    registration_text: Mapped[str] = mapped_column(String(200))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id"), index=True)
    account: Mapped[str] = mapped_column(Text)  # what happened, in the complainant's words
    happened_on: Mapped[dt.date | None]
    intake_reason: Mapped[str | None] = mapped_column(Text)  # internal
    intake_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    outcome: Mapped[CaseOutcome | None] = mapped_column(enum_column(CaseOutcome))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    decided_at: Mapped[dt.datetime | None]
    complainant_informed_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    # erased under the retention policy: the complainant's details and the case's texts and
    # files are gone; the number, outcome, decision and measures stay
    erased_on: Mapped[dt.date | None]
    erasure_policy_version: Mapped[str | None] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    registration: Mapped[Registration | None] = relationship()
    notes: Mapped[list[CaseNote]] = relationship(
        back_populates="case", order_by="CaseNote.id", cascade="all, delete-orphan"
    )
    files: Mapped[list[CaseFile]] = relationship(
        back_populates="case", order_by="CaseFile.id", cascade="all, delete-orphan"
    )
    requests: Mapped[list[CaseRequest]] = relationship(
        back_populates="case", order_by="CaseRequest.id", cascade="all, delete-orphan"
    )
    measures: Mapped[list[Measure]] = relationship(back_populates="case", order_by="Measure.id")


class CaseNote(Base):
    """A registrar's note in a case (internal, never public)."""

    __tablename__ = "case_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("complaint_case.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    case: Mapped[ComplaintCase] = relationship(back_populates="notes")
    by: Mapped[User] = relationship()


class CaseFile(Base):
    """A file in a case: sent with the complaint, added by a registrar, or the registrant's
    answer's attachment. Staff only; each download is audited."""

    __tablename__ = "case_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("complaint_case.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"), unique=True)
    source: Mapped[str] = mapped_column(String(16))  # complainant, registrar, registrant
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    case: Mapped[ComplaintCase] = relationship(back_populates="files")
    file: Mapped[StoredFile] = relationship()


class CaseRequest(Base):
    """The register's request to the registrant in a case, answered in the portal by the
    policy's deadline (``registrant_answer_days``)."""

    __tablename__ = "case_request"
    __table_args__ = (
        CheckConstraint(
            "(answer IS NULL AND answered_at IS NULL) "
            "OR (answer IS NOT NULL AND answered_at IS NOT NULL)",
            name="answer_complete",
        ),
        CheckConstraint("due_on >= sent_on", name="due_after_sent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("complaint_case.id"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    question: Mapped[str] = mapped_column(Text)
    sent_on: Mapped[dt.date]
    due_on: Mapped[dt.date]
    by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None]
    policy_version: Mapped[str] = mapped_column(String(32))

    case: Mapped[ComplaintCase] = relationship(back_populates="requests")
    registration: Mapped[Registration] = relationship()


class Measure(Base):
    """One measure on a registration. Public: kind, starts_on, ends_on (planned or actual
    end), re_entry_not_before, category (a policy code) and public_text (conditions).
    Internal: internal_reason. A measure revoked on objection is no longer shown."""

    __tablename__ = "measure"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on > starts_on", name="ends_after_start"),
        CheckConstraint(
            "kind = 'strike_off' OR re_entry_not_before IS NULL", name="re_entry_strike_off_only"
        ),
        CheckConstraint(
            "kind <> 'conditions' OR public_text IS NOT NULL", name="conditions_have_text"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    kind: Mapped[MeasureKind] = mapped_column(enum_column(MeasureKind))
    public: Mapped[bool]
    category: Mapped[str | None] = mapped_column(String(32))  # a suspension's public category
    public_text: Mapped[str | None] = mapped_column(Text)  # the conditions, as published
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date | None]  # planned end (suspension) or deadline (conditions)
    ended_on: Mapped[dt.date | None]  # the day it stopped being in force
    re_entry_not_before: Mapped[dt.date | None]
    revoked_on: Mapped[dt.date | None]  # revoked after an upheld objection: not shown
    internal_reason: Mapped[str | None] = mapped_column(Text)  # internal, never public
    case_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_case.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    policy_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    registration: Mapped[Registration] = relationship()
    case: Mapped[ComplaintCase | None] = relationship(back_populates="measures")


class CaseSequence(Base):
    """The next case sequence per year, taken under a row lock."""

    __tablename__ = "case_sequence"

    year: Mapped[int] = mapped_column(primary_key=True)
    next_value: Mapped[int] = mapped_column(default=1)

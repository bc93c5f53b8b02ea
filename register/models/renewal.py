"""Staying registered: the registrant's continuous log (practice and development), the
confirmations of employers and supervisors, renewal and restoration requests, and the
reminders sent before the end date.

The rules are in ``register.domain.renewal``; the policy in ``policies/renewal.yaml``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.renewal import (
    OPEN_RENEWAL_STATES,
    ConfirmationState,
    LogEntryKind,
    RenewalKind,
    RenewalState,
)
from register.models.accounts import User, enum_column
from register.models.base import Base, utcnow
from register.models.decisions import Decision
from register.models.files import StoredFile
from register.models.mail import DeliveryState, OutgoingEmail
from register.models.periods import RegistrationPeriod
from register.models.registrations import Registration

_OPEN = "state IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(OPEN_RENEWAL_STATES)))


class LogEntry(Base):
    """One line of a registrant's continuous log (logboek): practice (employer or
    organisation, role, period, hours a week) or a development activity (category from the
    renewal policy, date, hours or points, a short description), with optional proof."""

    __tablename__ = "renewal_log_entry"
    __table_args__ = (
        CheckConstraint(
            "kind != 'practice' OR (organisation IS NOT NULL AND hours_per_week > 0 "
            "AND hours_per_week <= 60 AND category IS NULL AND amount IS NULL)",
            name="practice_fields",
        ),
        CheckConstraint(
            "kind != 'development' OR (category IS NOT NULL AND amount > 0 "
            "AND hours_per_week IS NULL AND end_date IS NULL)",
            name="development_fields",
        ),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    kind: Mapped[LogEntryKind] = mapped_column(enum_column(LogEntryKind))
    #: development: the renewal policy's category code
    category: Mapped[str | None] = mapped_column(String(32))
    #: practice: the employer or organisation; development: who gave it (optional)
    organisation: Mapped[str | None] = mapped_column(String(200))
    #: practice: the role; development: what it was about (short, no personal details)
    description: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[dt.date]  # development: the date of the activity
    end_date: Mapped[dt.date | None]  # practice: empty while still working there
    hours_per_week: Mapped[float | None]
    amount: Mapped[float | None]  # development: hours or points (the category's unit)
    proof_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    registration: Mapped[Registration] = relationship()
    proof: Mapped[StoredFile | None] = relationship()
    confirmations: Mapped[list[LogConfirmation]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="LogConfirmation.id"
    )

    @property
    def is_practice(self) -> bool:
        return self.kind is LogEntryKind.PRACTICE

    @property
    def confirmation(self) -> LogConfirmation | None:
        """The confirmation that stands: the latest request (earlier ones were replaced)."""
        return self.confirmations[-1] if self.confirmations else None

    @property
    def file_id(self) -> int | None:
        """The proof's file (the one download path reads ``holder.file_id``)."""
        return self.proof_file_id

    @property
    def file(self) -> StoredFile | None:
        return self.proof


class LogConfirmation(Base):
    """A request to an employer or supervisor to confirm a log entry through a signed,
    expiring, single-use link, and what they answered. What they confirm is what counts."""

    __tablename__ = "renewal_log_confirmation"
    __table_args__ = (
        CheckConstraint(
            "state NOT IN ('confirmed', 'declined') OR responded_at IS NOT NULL",
            name="answer_dated",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("renewal_log_entry.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    state: Mapped[ConfirmationState] = mapped_column(
        enum_column(ConfirmationState), default=ConfirmationState.PENDING
    )
    #: bumped when the link is sent again, so that earlier links stop working
    token_generation: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[dt.datetime | None]
    responded_at: Mapped[dt.datetime | None]
    confirmed_start: Mapped[dt.date | None]
    confirmed_end: Mapped[dt.date | None]
    confirmed_hours_per_week: Mapped[float | None]
    confirmed_amount: Mapped[float | None]
    comment: Mapped[str | None] = mapped_column(Text)

    entry: Mapped[LogEntry] = relationship(back_populates="confirmations")

    @property
    def is_confirmed(self) -> bool:
        return self.state is ConfirmationState.CONFIRMED

    @property
    def is_pending(self) -> bool:
        return self.state is ConfirmationState.PENDING


class RenewalRequest(Base):
    """A request to renew a registration (herregistratie) or to restore a lapsed one under
    its number, built from the log, with the declaration, the draw for an evidence check
    (its inputs recorded), the evaluation when it was made and the decision."""

    __tablename__ = "renewal_request"
    __table_args__ = (
        CheckConstraint(
            "state NOT IN ('approved', 'refused') OR decided_at IS NOT NULL",
            name="decision_dated",
        ),
        CheckConstraint(
            "state NOT IN ('evidence_requested', 'in_review') OR drawn", name="proof_if_drawn"
        ),
        # At most one request waiting per registration.
        Index(
            "ux_renewal_request_open",
            "registration_id",
            unique=True,
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    #: the period being renewed (for a restoration: the one that lapsed)
    period_id: Mapped[int] = mapped_column(ForeignKey("registration_period.id"))
    kind: Mapped[RenewalKind] = mapped_column(enum_column(RenewalKind))
    state: Mapped[RenewalState] = mapped_column(
        enum_column(RenewalState), default=RenewalState.SUBMITTED, index=True
    )
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    declared_at: Mapped[dt.datetime]
    #: the registrant's explanation (for instance why a requirement is not met)
    note: Mapped[str | None] = mapped_column(Text)
    drawn: Mapped[bool] = mapped_column(default=False)
    #: the draw and its inputs: share, value, method, when
    draw: Mapped[dict] = mapped_column(JSON)
    #: the rules' evaluation when the request was made (``Trace.to_json()``)
    submission_trace: Mapped[dict] = mapped_column(JSON)
    policy_version: Mapped[str] = mapped_column(String(32))
    proof_sent_at: Mapped[dt.datetime | None]
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    registration: Mapped[Registration] = relationship()
    period: Mapped[RegistrationPeriod] = relationship()
    decided_by: Mapped[User | None] = relationship()
    decision: Mapped[Decision | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_RENEWAL_STATES

    @property
    def is_restoration(self) -> bool:
        return self.kind is RenewalKind.RESTORATION

    @property
    def drawn_at(self) -> dt.datetime | None:
        """When the draw was made (stored in the draw's record as text)."""
        at = (self.draw or {}).get("at")
        return dt.datetime.fromisoformat(at) if at else None


class RenewalReminder(Base):
    """A reminder of the end date, one per registration, period and policy moment (so the
    daily job never sends one twice), with its e-mail, whose delivery the outbox records."""

    __tablename__ = "renewal_reminder"
    __table_args__ = (UniqueConstraint("registration_id", "period_id", "days_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("registration_period.id"))
    #: the policy moment: this many days before the end date
    days_before: Mapped[int]
    due_on: Mapped[dt.date]
    sent_on: Mapped[dt.date]  # the day the daily job sent it (later than due_on: caught up)
    email_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_email.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    registration: Mapped[Registration] = relationship()
    period: Mapped[RegistrationPeriod] = relationship()
    email: Mapped[OutgoingEmail | None] = relationship()

    @property
    def delivery_state(self) -> DeliveryState | None:
        """Sent, retried, failed or queued (None: the registrant has no e-mail address)."""
        return self.email.delivery_state if self.email is not None else None

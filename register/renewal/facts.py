"""Gathering the facts the renewal rules look at from a registration's log (the domain
never reads the database), and the evaluations built on them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from register.domain.lifecycle import RegistrationAction, RegistrationStatus
from register.domain.renewal import (
    DECISION,
    STANDING,
    SUBMISSION,
    ActivityFacts,
    Confirmation,
    LogEntryKind,
    PracticeFacts,
    RenewalFacts,
    RenewalKind,
    RenewalProposal,
    Stage,
    evaluate_renewal,
)
from register.domain.trace import Trace
from register.extensions import db
from register.models.registrations import Registration
from register.models.renewal import LogEntry, RenewalRequest
from register.policy import current_policies

__all__ = ["DECISION", "STANDING", "SUBMISSION"]


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day of a stored (UTC) moment in the register's time zone."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam"))
    return moment.astimezone(zone).date()


def log_entries(registration: Registration) -> list[LogEntry]:
    """The registration's whole log, newest first."""
    return list(
        db.session.scalars(
            select(LogEntry)
            .where(LogEntry.registration_id == registration.id)
            .order_by(LogEntry.start_date.desc(), LogEntry.id.desc())
        )
    )


def _confirmation(entry: LogEntry) -> Confirmation | None:
    c = entry.confirmation
    if c is None:
        return None
    return Confirmation(
        state=c.state,
        start=c.confirmed_start,
        end=c.confirmed_end,
        hours_per_week=c.confirmed_hours_per_week,
        amount=c.confirmed_amount,
    )


def period_bounds(registration: Registration) -> tuple[dt.date, dt.date]:
    """The first and last day of the registration's latest period (its own dates when it
    has no period rows yet)."""
    if registration.periods:
        latest = registration.periods[-1]
        return latest.valid_from, latest.valid_until
    return registration.valid_from, registration.valid_until


def last_lapse(registration: Registration):
    """The history row of the registration's latest lapse, or None."""
    for change in reversed(registration.history):
        if change.action is RegistrationAction.LAPSE:
            return change
    return None


def renewal_facts(
    registration: Registration, today: dt.date, request: RenewalRequest | None = None
) -> RenewalFacts:
    """The facts of ``registration``'s log on ``today``: for a request, the period it renews,
    its declaration, draw and date; otherwise the latest period, as things stand."""
    entries = log_entries(registration)
    practice = tuple(
        PracticeFacts(
            e.start_date,
            e.end_date,
            e.hours_per_week,
            _confirmation(e),
            e.proof_file_id is not None,
        )
        for e in entries
        if e.kind is LogEntryKind.PRACTICE
    )
    activities = tuple(
        ActivityFacts(
            e.category, e.start_date, e.amount, _confirmation(e), e.proof_file_id is not None
        )
        for e in entries
        if e.kind is LogEntryKind.DEVELOPMENT
    )
    if request is not None:
        start, end = request.period.valid_from, request.period.valid_until
        kind = request.kind
    else:
        start, end = period_bounds(registration)
        lapsed = registration.status is RegistrationStatus.LAPSED
        kind = RenewalKind.RESTORATION if lapsed else RenewalKind.RENEWAL
    lapse = last_lapse(registration) if kind is RenewalKind.RESTORATION else None
    return RenewalFacts(
        kind=kind,
        today=today,
        tier=registration.tier,
        period_start=start,
        period_end=end,
        practice=practice,
        activities=activities,
        declared=request is not None,
        drawn=bool(request and request.drawn),
        requested_on=local_date(request.submitted_at) if request is not None else None,
        in_grace=registration.status is RegistrationStatus.GRACE,
        lapsed_on=local_date(lapse.at) if lapse is not None else None,
        lapsed_while_suspended=bool(lapse and lapse.from_status is RegistrationStatus.SUSPENDED),
    )


def evaluate(
    registration: Registration,
    today: dt.date,
    request: RenewalRequest | None = None,
    stage: Stage = STANDING,
) -> Trace[RenewalProposal]:
    """The renewal rules on ``registration``'s log, at ``stage``."""
    return evaluate_renewal(
        current_policies().renewal, renewal_facts(registration, today, request), stage
    )

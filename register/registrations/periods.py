"""The periods of a registration: one function starts every new one (admission, renewal,
restoration, tier change)."""

from __future__ import annotations

import datetime as dt

from register import audit
from register.extensions import db
from register.models.decisions import Decision
from register.models.periods import PeriodKind, RegistrationPeriod
from register.models.registrations import Registration


def start_period(
    registration: Registration,
    kind: PeriodKind,
    tier: int,
    valid_from: dt.date,
    valid_until: dt.date,
    decision: Decision | None = None,
    *,
    today: dt.date | None = None,
) -> RegistrationPeriod:
    """Begin a new period of ``registration`` (same number): admission, renewal, restoration
    or tier change, with the decision behind it. The registration row takes the period's
    tier and end date for the public lookup, and its start date too, unless the period
    begins after ``today`` (a renewal that follows on from the current period): the daily
    job moves the start date when that day comes (``register.renewal.jobs``). Flushes."""
    period = RegistrationPeriod(
        tier=tier,
        valid_from=valid_from,
        valid_until=valid_until,
        kind=kind,
        decision_id=getattr(decision, "id", None),
    )
    registration.periods.append(period)
    registration.tier = tier
    if today is None or valid_from <= today:
        registration.valid_from = valid_from
    registration.valid_until = valid_until
    db.session.flush()
    audit.record(
        None,
        "registration.period_started",
        registration,
        period=period.id,
        kind=kind.value,
        tier=tier,
        valid_from=valid_from.isoformat(),
        valid_until=valid_until.isoformat(),
        decision=period.decision_id,
    )
    return period

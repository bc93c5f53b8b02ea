"""The periods of a registration: one function that starts a new one.

(Issue 9 is built in two parts at once: the renewal part starts renewal and restoration
periods with the same function; keep one of the two when they meet.)
"""

from __future__ import annotations

import datetime as dt

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
    decision: Decision | None,
) -> RegistrationPeriod:
    """Start a period of ``registration``: from ``valid_from`` to ``valid_until`` in
    ``tier``, begun by ``kind`` on ``decision``. The registration takes the period's tier
    and end date (the caller sets its ``valid_from`` when a new validity begins)."""
    period = RegistrationPeriod(
        kind=kind,
        tier=tier,
        valid_from=valid_from,
        valid_until=valid_until,
        decision_id=getattr(decision, "id", None),
    )
    registration.periods.append(period)
    registration.tier = tier
    registration.valid_until = valid_until
    db.session.flush()
    return period

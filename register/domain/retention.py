"""When evidence of lived experience may be deleted (pure): a policy period after the final
decision, counted from the end of the objection period when that is later, and never while
an objection is still being decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from register.domain.dates import add_months


@dataclass(frozen=True)
class DecisionFacts:
    """What the rule needs to know about an application's last decision."""

    decided_on: dt.date
    objection_until: dt.date | None  # None: no objection period (not objectionable)
    objection_pending: bool


def period_start(facts: DecisionFacts) -> dt.date | None:
    """The day the retention period starts, or None while an objection is pending."""
    if facts.objection_pending:
        return None
    if facts.objection_until is not None and facts.objection_until > facts.decided_on:
        return facts.objection_until
    return facts.decided_on


def deletion_due(facts: DecisionFacts, months: int, today: dt.date) -> bool:
    """Whether the evidence is due for deletion on ``today``: ``months`` after the start."""
    start = period_start(facts)
    return start is not None and add_months(start, months) <= today


def complaint_erasure_due(
    closed_on: dt.date, months: int, today: dt.date, *, objection_pending: bool
) -> bool:
    """Whether a closed complaint case is due for erasure on ``today``: ``months`` after it
    was closed, and never while an objection to its decision is still being decided."""
    return not objection_pending and add_months(closed_on, months) <= today

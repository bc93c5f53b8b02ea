"""Complaint cases and measures (issue 10): the case's lifecycle and the rules for the
periods around a measure — the registrant's answer deadline, how long a measure stays in
the public history, the earliest re-entry after a strike-off — and what the complainant is
told. Pure: the numbers come from ``policies/measures.yaml`` (``register.policy.measures``).
"""

from __future__ import annotations

import datetime as dt
import enum

from register.domain.dates import add_months, add_years
from register.domain.lifecycle import Lifecycle


class MeasureKind(enum.StrEnum):
    """A measure the register takes about a registration (maatregel)."""

    WARNING = "warning"  # waarschuwing
    CONDITIONS = "conditions"  # voorwaarden voor het werk
    SUSPENSION = "suspension"  # schorsing
    STRIKE_OFF = "strike_off"  # doorhaling


#: Measures that change the registration's status: always a second registrar.
ALWAYS_GRAVE = frozenset({MeasureKind.SUSPENSION, MeasureKind.STRIKE_OFF})


class CaseOutcome(enum.StrEnum):
    """How a case was decided: no measure, or the measure taken."""

    NO_MEASURE = "no_measure"
    WARNING = "warning"
    CONDITIONS = "conditions"
    SUSPENSION = "suspension"
    STRIKE_OFF = "strike_off"

    @property
    def measure(self) -> MeasureKind | None:
        return None if self is CaseOutcome.NO_MEASURE else MeasureKind(self.value)


class CaseState(enum.StrEnum):
    """Where a complaint case stands."""

    RECEIVED = "received"
    ADMISSIBLE = "admissible"
    INADMISSIBLE = "inadmissible"
    INVESTIGATION = "investigation"
    DECIDED = "decided"
    CLOSED = "closed"


class CaseAction(enum.StrEnum):
    """What a registrar does with a case."""

    ADMIT = "admit"
    REFUSE = "refuse"  # not admissible, with a reason
    INVESTIGATE = "investigate"
    DECIDE = "decide"
    CLOSE = "close"


_S, _A = CaseState, CaseAction
CASE_LIFECYCLE: Lifecycle[CaseState, CaseAction] = Lifecycle(
    {
        (_S.RECEIVED, _A.ADMIT): _S.ADMISSIBLE,
        (_S.RECEIVED, _A.REFUSE): _S.INADMISSIBLE,
        (_S.ADMISSIBLE, _A.INVESTIGATE): _S.INVESTIGATION,
        (_S.INVESTIGATION, _A.DECIDE): _S.DECIDED,
        (_S.INADMISSIBLE, _A.CLOSE): _S.CLOSED,
        (_S.DECIDED, _A.CLOSE): _S.CLOSED,
    }
)
#: States in which the case is being worked: notes, requests to the registrant, an interim
#: suspension.
OPEN_CASE_STATES = frozenset({_S.RECEIVED, _S.ADMISSIBLE, _S.INVESTIGATION})
#: States in which the register may act on the registration (it has been matched and the
#: complaint admitted).
ACTING_CASE_STATES = frozenset({_S.ADMISSIBLE, _S.INVESTIGATION})


def case_number(prefix: str, year: int, sequence: int) -> str:
    """The case number the complainant is given, e.g. K-2026-000123."""
    return f"{prefix}-{year:04d}-{sequence:06d}"


def answer_due(sent_on: dt.date, days: int) -> dt.date:
    """The last day the registrant may answer a request sent on ``sent_on``."""
    return sent_on + dt.timedelta(days=days)


def is_overdue(due_on: dt.date, answered: bool, today: dt.date) -> bool:
    """An unanswered request is overdue the day after its last day."""
    return not answered and today > due_on


def re_entry_not_before(struck_off_on: dt.date, years: int) -> dt.date:
    """The earliest day a struck-off person may be registered again."""
    return add_years(struck_off_on, years)


def publication_ends(ended_on: dt.date | None, months: int) -> dt.date | None:
    """The last day a measure that ended on ``ended_on`` is still shown in the public
    history (None: it has not ended, so it is shown while in force)."""
    if ended_on is None:
        return None
    return add_months(ended_on, months) if months else ended_on


def is_published(
    *,
    public: bool,
    starts_on: dt.date,
    ended_on: dt.date | None,
    revoked: bool,
    months: int,
    today: dt.date,
) -> bool:
    """Whether the public sees a measure today: a public, not revoked measure that has
    started, while in force and for ``months`` after it ended."""
    if not public or revoked or starts_on > today:
        return False
    last = publication_ends(ended_on, months)
    return last is None or today <= last


def is_in_force(starts_on: dt.date, ended_on: dt.date | None, today: dt.date) -> bool:
    """A measure is in force from its start until (not including) the day it ended."""
    return starts_on <= today and (ended_on is None or today < ended_on)


def complainant_told(rule: str, outcome: CaseOutcome, public: bool) -> CaseOutcome | None:
    """What the complainant is told of ``outcome`` under the policy's ``rule``: the outcome
    itself, or None for "the case was decided" only."""
    if rule == "outcome":
        return outcome
    if rule == "public_only" and (outcome is CaseOutcome.NO_MEASURE or public):
        return outcome
    return None

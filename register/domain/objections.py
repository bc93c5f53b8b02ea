"""Objections (bezwaar) against the register's decisions: pure rules.

The periods follow the Dutch General Administrative Law Act (Algemene wet bestuursrecht,
Awb) as the register board has adopted it in ``policies/objections.yaml``: the objection
period starts the day after the decision was sent (Awb 6:8) and an objection is in time when
it arrives before the period ends (6:9); the register decides within a period counted from
the end of the objection period (7:10 lid 1), which it may extend once (7:10 lid 3). A period
that ends on a Saturday, Sunday or general holiday runs on to the next working day
(Algemene termijnenwet), where the policy says so. Whoever took (or confirmed) the original
decision does not hear or decide the objection (7:5). A hearing is offered on request
(7:2); it is not needed to uphold the objection or to refuse a late one (7:3).

Everything here is pure: dates and ids in, dates, booleans and traces out.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from register.domain.decisions import DecisionKind, DecisionOutcome
from register.domain.lifecycle import Lifecycle
from register.domain.trace import Fact, FactKind, RuleOutcome, Trace, passed_if
from register.policy.objections import ObjectionsPolicy


class ObjectionState(enum.StrEnum):
    """Where an objection stands."""

    RECEIVED = "received"
    HEARING_SCHEDULED = "hearing_scheduled"
    HEARING_HELD = "hearing_held"
    UPHELD = "upheld"  # gegrond: the decision is revoked or replaced
    DISMISSED = "dismissed"  # ongegrond: the decision stands
    INADMISSIBLE = "inadmissible"  # niet-ontvankelijk: too late, delay not excused


class ObjectionAction(enum.StrEnum):
    """What a registrar can do with an objection."""

    SCHEDULE_HEARING = "schedule_hearing"
    RECORD_HEARING = "record_hearing"
    EXTEND = "extend"  # the decision period, once
    EXCUSE_LATENESS = "excuse_lateness"
    UPHOLD = "uphold"
    DISMISS = "dismiss"
    REFUSE_LATE = "refuse_late"


_S, _A = ObjectionState, ObjectionAction
_DECISIONS = {
    _A.UPHOLD: _S.UPHELD,
    _A.DISMISS: _S.DISMISSED,
    _A.REFUSE_LATE: _S.INADMISSIBLE,
}


def _open_state(state: ObjectionState, *hearing: tuple[ObjectionAction, ObjectionState]) -> dict:
    table = {(state, action): state for action in (_A.EXTEND, _A.EXCUSE_LATENESS)}
    table.update({(state, action): after for action, after in _DECISIONS.items()})
    table.update({(state, action): after for action, after in hearing})
    return table


OBJECTION_LIFECYCLE: Lifecycle[ObjectionState, ObjectionAction] = Lifecycle(
    {
        **_open_state(
            _S.RECEIVED,
            (_A.SCHEDULE_HEARING, _S.HEARING_SCHEDULED),
            (_A.RECORD_HEARING, _S.HEARING_HELD),
        ),
        **_open_state(
            _S.HEARING_SCHEDULED,
            (_A.SCHEDULE_HEARING, _S.HEARING_SCHEDULED),  # another date
            (_A.RECORD_HEARING, _S.HEARING_HELD),
        ),
        **_open_state(_S.HEARING_HELD),
    }
)
OPEN_OBJECTION_STATES = frozenset({_S.RECEIVED, _S.HEARING_SCHEDULED, _S.HEARING_HELD})

#: the outcome of a decision on an objection, per deciding action
OBJECTION_OUTCOMES: dict[ObjectionAction, DecisionOutcome] = {
    _A.UPHOLD: DecisionOutcome.UPHELD,
    _A.DISMISS: DecisionOutcome.DISMISSED,
    _A.REFUSE_LATE: DecisionOutcome.INADMISSIBLE,
}


# --- periods -------------------------------------------------------------------------------


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of ``year`` (Gregorian calendar; the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    line = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * line) // 451
    month, day = divmod(h + line - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def general_holidays(year: int) -> frozenset[dt.date]:
    """The generally recognised holidays of the Algemene termijnenwet (art. 3): New Year's
    Day, Easter Monday, Ascension Day, Whit Monday, both Christmas days, King's Day (27
    April, the 26th when the 27th is a Sunday) and 5 May."""
    easter = easter_sunday(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = dt.date(year, 4, 26)
    return frozenset(
        {
            dt.date(year, 1, 1),
            easter + dt.timedelta(days=1),
            easter + dt.timedelta(days=39),
            easter + dt.timedelta(days=50),
            kings_day,
            dt.date(year, 5, 5),
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
        }
    )


def is_working_day(day: dt.date) -> bool:
    """Not a Saturday, a Sunday or a general holiday."""
    return day.weekday() < 5 and day not in general_holidays(day.year)


def end_of_period(after: dt.date, weeks: int, roll_over: bool) -> dt.date:
    """The last day of a period of ``weeks`` weeks that starts the day after ``after``
    (so a decision sent on a Monday can be objected to until the Monday six weeks later),
    carried to the next working day when ``roll_over`` and it ends on a day off."""
    end = after + dt.timedelta(weeks=weeks)
    while roll_over and not is_working_day(end):
        end += dt.timedelta(days=1)
    return end


def objection_until(policy: ObjectionsPolicy, sent_on: dt.date) -> dt.date:
    """The last day on which an objection against a decision sent on ``sent_on`` is in
    time (Awb 6:7, 6:8)."""
    return end_of_period(sent_on, policy.objection_period_weeks, policy.roll_over)


def is_late(received_on: dt.date, until: dt.date) -> bool:
    """An objection is late when it arrives after the last day of the period (Awb 6:9)."""
    return received_on > until


def decide_by(policy: ObjectionsPolicy, until: dt.date, received_on: dt.date) -> dt.date:
    """The last day for the decision on an objection (Awb 7:10 lid 1): the decision period
    counts from the end of the objection period, or from receipt when the objection came
    later (a late one) or when the policy counts from receipt."""
    if policy.decision_period_starts == "after_receipt":
        start = received_on
    else:
        start = max(until, received_on)
    return end_of_period(start, policy.decision_period_weeks, policy.roll_over)


def extended_deadline(policy: ObjectionsPolicy, deadline: dt.date) -> dt.date:
    """The deadline after the one extension the policy allows (Awb 7:10 lid 3)."""
    return end_of_period(deadline, policy.extension_weeks, policy.roll_over)


class ExtensionRefusal(enum.StrEnum):
    """Why the decision period cannot be extended."""

    ALREADY_EXTENDED = "already_extended"
    DEADLINE_PASSED = "deadline_passed"


def extension_refusal(extended: bool, deadline: dt.date, today: dt.date) -> ExtensionRefusal | None:
    """None when the decision period may be extended now: once, and only before it ends."""
    if extended:
        return ExtensionRefusal.ALREADY_EXTENDED
    if today > deadline:
        return ExtensionRefusal.DEADLINE_PASSED
    return None


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Days until the deadline: 0 on its last day, negative once it has passed."""
    return (deadline - today).days


# --- who may object, to what, and who handles it -----------------------------------------------


def is_objectionable(
    policy: ObjectionsPolicy, kind: DecisionKind, outcome: str, *, after_objection: bool
) -> bool:
    """Whether a decision comes with an objection clause: every kind and outcome, except
    the kinds the policy excludes (a decision on an objection), outcomes fully in the
    person's favour, and a decision that replaced another after an objection (it is part of
    the decision on the objection, Awb 7:11)."""
    if after_objection or kind in policy.not_objectionable_kinds:
        return False
    return outcome not in policy.favourable_outcomes.get(kind, ())


def may_handle(
    actor_id: int | None, original_decider_id: int | None, original_confirmer_id: int | None
) -> bool:
    """Only a registrar who neither took nor confirmed the original decision hears or
    decides the objection (Awb 7:5)."""
    return actor_id is not None and actor_id not in {original_decider_id, original_confirmer_id}


# --- the decision on an objection ------------------------------------------------------------


@dataclass(frozen=True)
class ObjectionFacts:
    """What the rules for deciding an objection look at."""

    received_on: dt.date
    objection_until: dt.date
    lateness_excused: bool
    hearing_requested: bool
    hearing_held: bool
    hearing_offered: bool
    decide_by: dt.date
    extended: bool
    original_decider_id: int | None
    original_confirmer_id: int | None


def decision_trace(facts: ObjectionFacts, decider_id: int | None, today: dt.date) -> Trace:
    """The rules checked when a registrar decides an objection on ``today``, with their
    facts: in time (or the delay excused), another registrar, the hearing, the deadline.
    Stored with the decision on the objection."""
    _K = FactKind
    late = is_late(facts.received_on, facts.objection_until)
    results = [
        passed_if(
            "objection.in_time",
            not late,
            received_on=Fact(_K.DATE, facts.received_on),
            objection_until=Fact(_K.DATE, facts.objection_until),
        )
    ]
    if late:
        results.append(passed_if("objection.delay_excused", facts.lateness_excused))
    results.append(
        passed_if(
            "objection.other_registrar",
            may_handle(decider_id, facts.original_decider_id, facts.original_confirmer_id),
        )
    )
    needed = facts.hearing_requested and facts.hearing_offered
    results.append(
        passed_if(
            "objection.hearing",
            facts.hearing_held or not needed,
            requested=Fact(_K.FLAG, facts.hearing_requested),
            held=Fact(_K.FLAG, facts.hearing_held),
        )
    )
    results.append(
        passed_if(
            "objection.within_deadline",
            today <= facts.decide_by,
            decide_by=Fact(_K.DATE, facts.decide_by),
            extended=Fact(_K.FLAG, facts.extended),
        )
    )
    return Trace(None, tuple(results))


def _failed(trace: Trace, rule: str) -> bool:
    found = trace.result(rule)
    return found is not None and found.outcome is RuleOutcome.FAILED


def blocking_rule(trace: Trace, action: ObjectionAction) -> str | None:
    """The rule that stops ``action`` (uphold, dismiss, refuse as late), or None when the
    registrar may take it. A late objection whose delay is not excused can only be refused
    as late; one in time (or excused) cannot be. Dismissing needs the hearing the objector
    asked for; upholding and refusing a late objection do not (Awb 7:3). A decision after
    the deadline is still possible (the trace records that it was late)."""
    if _failed(trace, "objection.other_registrar"):
        return "objection.other_registrar"
    late_unexcused = _failed(trace, "objection.delay_excused")
    if action is ObjectionAction.REFUSE_LATE:
        return None if late_unexcused else "objection.in_time"
    if late_unexcused:
        return "objection.delay_excused"
    if action is ObjectionAction.DISMISS and _failed(trace, "objection.hearing"):
        return "objection.hearing"
    return None


def possible_decisions(trace: Trace) -> tuple[ObjectionAction, ...]:
    """The deciding actions the rules allow, in the order a form offers them."""
    return tuple(a for a in OBJECTION_OUTCOMES if blocking_rule(trace, a) is None)

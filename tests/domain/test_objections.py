"""The objection rules (pure): Awb periods with the Algemene termijnenwet, one extension
before the deadline, lateness, who may handle an objection, which decisions can be objected
to, and which decisions the rules allow."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.domain import objections as rules
from register.domain.decisions import DecisionKind
from register.domain.objections import (
    OBJECTION_LIFECYCLE,
    OPEN_OBJECTION_STATES,
    ExtensionRefusal,
    ObjectionAction,
    ObjectionFacts,
    ObjectionState,
)
from register.domain.trace import RuleOutcome
from register.policy.loader import load_policies

POLICY = load_policies(Path(__file__).resolve().parents[2] / "policies").objections
NO_ROLL = POLICY.model_copy(update={"roll_over": False})
DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, dt.date(2024, 3, 31)),
        (2025, dt.date(2025, 4, 20)),
        (2026, dt.date(2026, 4, 5)),
        (2027, dt.date(2027, 3, 28)),
        (2038, dt.date(2038, 4, 25)),
    ],
)
def test_easter(year, easter):
    assert rules.easter_sunday(year) == easter


def test_the_general_holidays_of_2026():
    assert sorted(rules.general_holidays(2026)) == [
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 6),
        dt.date(2026, 4, 27),
        dt.date(2026, 5, 5),
        dt.date(2026, 5, 14),
        dt.date(2026, 5, 25),
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 26),
    ]


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert dt.date(2025, 4, 26) in rules.general_holidays(2025)  # 27 April 2025 is a Sunday
    assert dt.date(2025, 4, 27) not in rules.general_holidays(2025)


def test_the_objection_period_ends_six_weeks_after_the_day_it_was_sent():
    # sent on Monday 1 December 2025: the period runs from 2 December to Monday 12 January
    assert rules.objection_until(POLICY, dt.date(2025, 12, 1)) == dt.date(2026, 1, 12)


def test_a_period_ending_on_a_weekend_or_holiday_runs_on_to_the_next_working_day():
    # sent Saturday 15 November 2025 → six weeks is Saturday 27 December → Monday 29 December
    assert rules.objection_until(POLICY, dt.date(2025, 11, 15)) == dt.date(2025, 12, 29)
    assert rules.objection_until(NO_ROLL, dt.date(2025, 11, 15)) == dt.date(2025, 12, 27)
    # ending on Easter Monday 2026 → Tuesday 7 April
    assert rules.end_of_period(dt.date(2026, 2, 23), 6, True) == dt.date(2026, 4, 7)


@given(DAYS, st.integers(min_value=1, max_value=26))
def test_a_rolled_period_ends_on_a_working_day_within_days_of_the_plain_end(sent, weeks):
    plain = rules.end_of_period(sent, weeks, False)
    rolled = rules.end_of_period(sent, weeks, True)
    assert plain == sent + dt.timedelta(weeks=weeks)
    assert rules.is_working_day(rolled)
    assert plain <= rolled <= plain + dt.timedelta(days=4)  # Christmas on a Friday: Tuesday


@given(DAYS, st.integers(min_value=0, max_value=200))
def test_an_objection_is_late_only_after_the_last_day(sent, after):
    until = rules.objection_until(POLICY, sent)
    received = sent + dt.timedelta(days=after)
    assert rules.is_late(received, until) is (received > until)
    assert not rules.is_late(until, until)


@given(DAYS, st.integers(min_value=1, max_value=120))
def test_the_decision_period_counts_from_the_end_of_the_objection_period(sent, after):
    until = rules.objection_until(POLICY, sent)
    received = sent + dt.timedelta(days=after)
    deadline = rules.decide_by(POLICY, until, received)
    start = max(until, received)
    assert deadline == rules.end_of_period(start, POLICY.decision_period_weeks, True)
    assert deadline > received
    on_receipt = POLICY.model_copy(update={"decision_period_starts": "after_receipt"})
    assert rules.decide_by(on_receipt, until, received) == rules.end_of_period(received, 6, True)


@given(DAYS)
def test_an_extension_adds_the_policy_weeks_once_and_only_before_the_deadline(deadline):
    extended = rules.extended_deadline(POLICY, deadline)
    assert extended >= deadline + dt.timedelta(weeks=POLICY.extension_weeks)
    assert rules.extension_refusal(False, deadline, deadline) is None
    assert rules.extension_refusal(True, deadline, deadline) is ExtensionRefusal.ALREADY_EXTENDED
    late = deadline + dt.timedelta(days=1)
    assert rules.extension_refusal(False, deadline, late) is ExtensionRefusal.DEADLINE_PASSED


def test_days_left():
    day = dt.date(2026, 3, 1)
    assert rules.days_left(day, day) == 0
    assert rules.days_left(day, day - dt.timedelta(days=3)) == 3
    assert rules.days_left(day, day + dt.timedelta(days=2)) == -2


@given(
    st.integers(1, 5),
    st.one_of(st.none(), st.integers(1, 5)),
    st.one_of(st.none(), st.integers(1, 5)),
)
def test_only_someone_not_involved_handles_an_objection(actor, decider, confirmer):
    assert rules.may_handle(actor, decider, confirmer) is (actor not in {decider, confirmer})
    assert not rules.may_handle(None, decider, confirmer)


def test_which_decisions_can_be_objected_to():
    assert rules.is_objectionable(
        POLICY, DecisionKind.APPLICATION, "refused", after_objection=False
    )
    assert not rules.is_objectionable(
        POLICY, DecisionKind.APPLICATION, "approved", after_objection=False
    )
    assert rules.is_objectionable(
        POLICY, DecisionKind.SUSPENSION, "suspended", after_objection=False
    )
    assert rules.is_objectionable(
        POLICY, DecisionKind.ACCREDITATION, "conditional", after_objection=False
    )
    assert not rules.is_objectionable(
        POLICY, DecisionKind.OBJECTION, "dismissed", after_objection=False
    )
    assert not rules.is_objectionable(
        POLICY, DecisionKind.APPLICATION, "refused", after_objection=True
    )
    # a kind added later (a renewal refused) is objectionable without any further code
    assert rules.is_objectionable(POLICY, DecisionKind.RENEWAL, "refused", after_objection=False)


FACTS = ObjectionFacts(
    received_on=dt.date(2026, 1, 5),
    objection_until=dt.date(2026, 1, 12),
    lateness_excused=False,
    hearing_requested=False,
    hearing_held=False,
    hearing_offered=True,
    decide_by=dt.date(2026, 2, 23),
    extended=False,
    original_decider_id=1,
    original_confirmer_id=2,
)
TODAY = dt.date(2026, 2, 1)
A = ObjectionAction


def _possible(facts, decider=3, today=TODAY):
    return set(rules.possible_decisions(rules.decision_trace(facts, decider, today)))


def test_in_time_by_another_registrar_upheld_or_dismissed():
    assert _possible(FACTS) == {A.UPHOLD, A.DISMISS}


@pytest.mark.parametrize("decider", [1, 2, None])
def test_the_original_decider_or_confirmer_decides_nothing(decider):
    trace = rules.decision_trace(FACTS, decider, TODAY)
    assert trace.result("objection.other_registrar").outcome is RuleOutcome.FAILED
    assert _possible(FACTS, decider) == set()


def test_a_late_objection_is_only_refused_as_late_until_the_delay_is_excused():
    late = replace(FACTS, received_on=dt.date(2026, 1, 13))
    assert _possible(late) == {A.REFUSE_LATE}
    assert _possible(replace(late, lateness_excused=True)) == {A.UPHOLD, A.DISMISS}


def test_dismissing_waits_for_the_hearing_that_was_asked_for():
    asked = replace(FACTS, hearing_requested=True)
    assert _possible(asked) == {A.UPHOLD}
    assert _possible(replace(asked, hearing_held=True)) == {A.UPHOLD, A.DISMISS}
    assert _possible(replace(asked, hearing_offered=False)) == {A.UPHOLD, A.DISMISS}
    assert (
        rules.blocking_rule(rules.decision_trace(asked, 3, TODAY), A.DISMISS) == "objection.hearing"
    )


def test_a_decision_after_the_deadline_is_possible_and_recorded_as_late():
    trace = rules.decision_trace(FACTS, 3, dt.date(2026, 3, 1))
    assert trace.result("objection.within_deadline").outcome is RuleOutcome.FAILED
    assert set(rules.possible_decisions(trace)) == {A.UPHOLD, A.DISMISS}


def test_the_lifecycle_allows_decisions_only_while_open():
    for state in ObjectionState:
        deciding = {
            a for a in (A.UPHOLD, A.DISMISS, A.REFUSE_LATE) if OBJECTION_LIFECYCLE.can(state, a)
        }
        assert bool(deciding) is (state in OPEN_OBJECTION_STATES)
    assert not OBJECTION_LIFECYCLE.can(ObjectionState.HEARING_HELD, A.SCHEDULE_HEARING)
    assert (
        OBJECTION_LIFECYCLE.next_state(ObjectionState.RECEIVED, A.EXTEND) is ObjectionState.RECEIVED
    )

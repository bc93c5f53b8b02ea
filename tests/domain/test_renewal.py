"""The renewal rules (register/domain/renewal.py): what counts (confirmed figures, at the
lower of logged and confirmed), each requirement's outcome at each stage, the window and
the time allowed for restoring, the proof of a drawn request, the draw, the new period and
the daily job's rules (grace, lapse, which reminder is due). Pure: no app."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from register.domain.lifecycle import RegistrationAction as RA
from register.domain.lifecycle import RegistrationStatus as RS
from register.domain.renewal import (
    DECISION,
    STANDING,
    SUBMISSION,
    ActivityFacts,
    Confirmation,
    PracticeFacts,
    RenewalFacts,
    RenewalKind,
    RenewalProposal,
    due_reminder,
    evaluate_renewal,
    is_drawn,
    practice_tally,
    renewed_period,
    status_action,
)
from register.domain.trace import Fact, FactKind
from register.domain.trace import RuleOutcome as O
from register.policy.loader import load_policies
from register.policy.renewal import GraceAppliesTo, PeriodStart

POLICY = load_policies(Path(__file__).resolve().parents[2] / "policies").renewal
D = dt.date
START, END = D(2025, 6, 1), D(2030, 5, 31)
TODAY = D(2030, 3, 1)
CONFIRMED, PENDING, DECLINED = "confirmed", "pending", "declined"


def with_policy(**changes):
    """The real renewal policy with some values changed."""
    return POLICY.model_copy(update=changes)


def confirmed(state=CONFIRMED, **figures) -> Confirmation:
    from register.domain.renewal import ConfirmationState

    return Confirmation(ConfirmationState(state), **figures)


def practice(start=START, end=None, hours=10.0, state=CONFIRMED, **confirmed_figures):
    """Practice as logged; confirmed at the same figures unless told otherwise."""
    figures = {"start": start, "end": end, "hours_per_week": hours, **confirmed_figures}
    confirmation = confirmed(state, **figures) if state else None
    return PracticeFacts(start, end, hours, confirmation)


def activity(
    category, day=D(2027, 1, 10), amount=1.0, state=None, proof=False, confirmed_amount=None
):
    figure = amount if confirmed_amount is None else confirmed_amount
    confirmation = confirmed(state, amount=figure) if state else None
    return ActivityFacts(category, day, amount, confirmation, has_proof=proof)


def complete_activities() -> tuple[ActivityFacts, ...]:
    """Every development category met exactly (supervision confirmed, as the policy asks)."""
    out = []
    for code, category in POLICY.development.items():
        state = CONFIRMED if category.confirmation_required else None
        out.append(activity(code, amount=category.minimum, state=state))
    return tuple(out)


def facts(**changes) -> RenewalFacts:
    """A tier 2 registrant with enough confirmed practice and every category met."""
    base = RenewalFacts(
        kind=RenewalKind.RENEWAL,
        today=TODAY,
        tier=2,
        period_start=START,
        period_end=END,
        practice=(practice(hours=20.0),),
        activities=complete_activities(),
    )
    return replace(base, **changes)


def outcome(trace, rule, category=None):
    for result in trace.results:
        if result.rule == rule and (
            category is None or result.facts["category"] == Fact(FactKind.CATEGORY, category)
        ):
            return result.outcome
    raise AssertionError(f"{rule} not reported")


# --- the whole evaluation ------------------------------------------------------------------


def test_a_complete_log_proposes_approval_at_every_stage():
    for stage in (STANDING, SUBMISSION, DECISION):
        trace = evaluate_renewal(POLICY, facts(declared=True, requested_on=TODAY), stage)
        assert trace.proposal is RenewalProposal.APPROVE, trace
        assert trace.passed


def test_standing_shows_requirements_only_and_a_request_adds_window_and_declaration():
    standing = {r.rule for r in evaluate_renewal(POLICY, facts(), STANDING).results}
    assert standing == {
        "renewal.practice_hours",
        "renewal.development_hours",
        "renewal.development_points",
    }
    requested = {r.rule for r in evaluate_renewal(POLICY, facts(), SUBMISSION).results}
    assert {"renewal.window", "renewal.declaration"} <= requested
    undeclared = evaluate_renewal(POLICY, facts(declared=False), SUBMISSION)
    assert outcome(undeclared, "renewal.declaration") is O.MISSING


def test_each_category_is_reported_with_its_unit():
    trace = evaluate_renewal(POLICY, facts())
    reported = {
        r.facts["category"].value: (r.rule, r.facts["counted"].kind)
        for r in trace.results
        if "category" in r.facts
    }
    assert reported == {
        "training": ("renewal.development_hours", FactKind.HOURS),
        "intervision": ("renewal.development_hours", FactKind.HOURS),
        "supervision": ("renewal.development_hours", FactKind.HOURS),
        "reflection": ("renewal.development_points", FactKind.POINTS),
    }


def test_a_shortfall_is_missing_while_logging_and_fails_at_the_decision():
    short = facts(activities=complete_activities()[1:])  # no training
    assert outcome(evaluate_renewal(POLICY, short), "renewal.development_hours", "training") is (
        O.MISSING
    )
    decided = evaluate_renewal(POLICY, short, DECISION)
    assert outcome(decided, "renewal.development_hours", "training") is O.FAILED
    assert decided.proposal is RenewalProposal.REFUSE
    result = next(
        r for r in decided.results if r.facts.get("category") == Fact(FactKind.CATEGORY, "training")
    )
    assert result.facts["shortfall"] == Fact(FactKind.HOURS, POLICY.development["training"].minimum)


# --- what counts: confirmations ------------------------------------------------------------


def test_practice_counts_only_once_confirmed_where_the_policy_asks():
    waiting = facts(declared=True, practice=(practice(hours=20.0, state=PENDING),))
    trace = evaluate_renewal(POLICY, waiting, DECISION)
    assert outcome(trace, "renewal.practice_hours") is O.PENDING
    assert trace.proposal is RenewalProposal.AWAIT
    declined = facts(practice=(practice(hours=20.0, state=DECLINED),))
    assert outcome(evaluate_renewal(POLICY, declined), "renewal.practice_hours") is O.MISSING
    relaxed = with_policy(practice_confirmation_required=False)
    assert outcome(evaluate_renewal(relaxed, waiting), "renewal.practice_hours") is O.PASSED


def test_the_lower_of_logged_and_confirmed_counts():
    since, until = START, TODAY
    logged = practice(hours=20.0, hours_per_week=12.0)
    more = practice(hours=20.0, hours_per_week=30.0)
    assert (
        practice_tally([logged], since, until, True).counted
        < practice_tally([practice(hours=20.0)], since, until, True).counted
    )
    # a confirmer who gives more hours than were logged does not raise the count
    assert practice_tally([more], since, until, True) == practice_tally(
        [practice(hours=20.0)], since, until, True
    )
    # a confirmed period narrower than the logged one counts only where both agree
    narrower = PracticeFacts(
        START, None, 20.0, confirmed(start=D(2028, 1, 1), end=None, hours_per_week=20.0)
    )
    assert practice_tally([narrower], since, until, True).counted == pytest.approx(
        ((until - D(2028, 1, 1)).days + 1) / 7 * 20.0, abs=0.1
    )


def test_supervision_counts_at_the_confirmed_amount_and_training_as_logged():
    supervision = POLICY.development["supervision"].minimum
    lower = facts(
        activities=(
            *complete_activities()[:2],
            activity("supervision", amount=supervision, state=CONFIRMED, confirmed_amount=1.0),
            complete_activities()[3],
        )
    )
    result = next(
        r
        for r in evaluate_renewal(POLICY, lower).results
        if r.facts.get("category") == Fact(FactKind.CATEGORY, "supervision")
    )
    assert result.facts["counted"].value == 1.0
    assert result.outcome is O.MISSING


def test_only_the_registration_period_up_to_today_counts():
    category = POLICY.development["training"]
    edge = facts(
        activities=(activity("training", START, category.minimum), *complete_activities()[1:])
    )
    assert outcome(evaluate_renewal(POLICY, edge), "renewal.development_hours", "training") is (
        O.PASSED
    )
    before = facts(
        activities=(
            activity("training", START - dt.timedelta(days=1), category.minimum),
            *complete_activities()[1:],
        )
    )
    assert outcome(evaluate_renewal(POLICY, before), "renewal.development_hours", "training") is (
        O.MISSING
    )
    future = facts(
        activities=(
            activity("training", TODAY + dt.timedelta(days=1), category.minimum),
            *complete_activities()[1:],
        )
    )
    assert outcome(evaluate_renewal(POLICY, future), "renewal.development_hours", "training") is (
        O.MISSING
    )


# --- the request: window, restoration, proof -------------------------------------------------


def test_the_renewal_window_opens_on_its_day_and_grace_keeps_it_open():
    opens = POLICY.window_opens_on(END)
    on_time = evaluate_renewal(POLICY, facts(requested_on=opens), SUBMISSION)
    assert outcome(on_time, "renewal.window") is O.PASSED
    early = evaluate_renewal(POLICY, facts(requested_on=opens - dt.timedelta(days=1)), SUBMISSION)
    assert outcome(early, "renewal.window") is O.FAILED
    late = facts(requested_on=END + dt.timedelta(days=3), today=END + dt.timedelta(days=3))
    assert outcome(evaluate_renewal(POLICY, late, SUBMISSION), "renewal.window") is O.FAILED
    grace = replace(late, in_grace=True)
    assert outcome(evaluate_renewal(POLICY, grace, SUBMISSION), "renewal.window") is O.PASSED


def test_restoring_within_the_time_allowed_and_not_after_a_suspension():
    lapsed_on = END + dt.timedelta(days=1)
    last_day = POLICY.restore_until(lapsed_on)
    base = facts(kind=RenewalKind.RESTORATION, lapsed_on=lapsed_on, today=last_day)
    ok = evaluate_renewal(POLICY, replace(base, requested_on=last_day), SUBMISSION)
    assert outcome(ok, "restoration.within_period") is O.PASSED
    assert outcome(ok, "restoration.not_suspended") is O.PASSED
    assert "renewal.window" not in {r.rule for r in ok.results}
    late = replace(base, requested_on=last_day + dt.timedelta(days=1))
    assert outcome(evaluate_renewal(POLICY, late, SUBMISSION), "restoration.within_period") is (
        O.FAILED
    )
    suspended = replace(base, lapsed_while_suspended=True)
    assert evaluate_renewal(POLICY, suspended, DECISION).proposal is RenewalProposal.REFUSE


def test_a_drawn_request_asks_the_proof_of_what_nobody_confirmed():
    drawn = facts(drawn=True, declared=True)
    trace = evaluate_renewal(POLICY, drawn, DECISION)
    proof = trace.result("renewal.proof")
    # training, intervision and reflection were declared alone; practice and supervision
    # were confirmed by others
    assert proof.outcome is O.MISSING
    assert proof.facts == {"missing": Fact(FactKind.COUNT, 3), "entries": Fact(FactKind.COUNT, 3)}
    assert trace.proposal is RenewalProposal.INCOMPLETE
    proven = replace(drawn, activities=tuple(replace(a, has_proof=True) for a in drawn.activities))
    assert evaluate_renewal(POLICY, proven, DECISION).proposal is RenewalProposal.APPROVE
    assert "renewal.proof" not in {r.rule for r in evaluate_renewal(POLICY, facts()).results}


def test_a_failure_outweighs_something_missing_which_outweighs_waiting():
    waiting = practice(hours=20.0, state=PENDING)
    mixed = facts(practice=(waiting,), activities=complete_activities()[1:])
    assert evaluate_renewal(POLICY, mixed).proposal is RenewalProposal.INCOMPLETE
    assert evaluate_renewal(POLICY, mixed, DECISION).proposal is RenewalProposal.REFUSE
    assert evaluate_renewal(POLICY, facts(practice=(waiting,))).proposal is RenewalProposal.AWAIT


# --- the draw and the new period -------------------------------------------------------------


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1, exclude_max=True))
def test_the_draw_takes_the_share(share, value):
    assert is_drawn(share, value) is (value < share)
    assert not is_drawn(0.0, value)
    assert is_drawn(1.0, value)


def test_a_renewed_period_follows_on_or_starts_at_the_decision():
    decided = D(2030, 4, 15)
    start, until = renewed_period(POLICY, RenewalKind.RENEWAL, END, decided)
    assert (start, until) == (D(2030, 6, 1), D(2035, 5, 31))
    by_decision = with_policy(renewed_period_starts=PeriodStart.DECISION)
    assert renewed_period(by_decision, RenewalKind.RENEWAL, END, decided) == (
        decided,
        D(2035, 4, 14),
    )
    assert renewed_period(POLICY, RenewalKind.RESTORATION, END, decided)[0] == decided
    assert renewed_period(POLICY, RenewalKind.RENEWAL, END, decided, lapsed=True)[0] == decided


# --- the daily job's rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "day", "renewal_open", "policy", "expected"),
    [
        (RS.ACTIVE, END, False, POLICY, None),
        (RS.ACTIVE, END + dt.timedelta(days=1), False, POLICY, RA.LAPSE),
        (RS.ACTIVE, END + dt.timedelta(days=1), True, POLICY, RA.ENTER_GRACE),
        (
            RS.ACTIVE,
            END + dt.timedelta(days=1),
            False,
            with_policy(grace=POLICY.grace.model_copy(update={"applies_to": GraceAppliesTo.ALL})),
            RA.ENTER_GRACE,
        ),
        (
            RS.ACTIVE,
            END + dt.timedelta(days=1),
            True,
            with_policy(grace=POLICY.grace.model_copy(update={"days": 0})),
            RA.LAPSE,
        ),
        (RS.ACTIVE, POLICY.grace_ends_on(END) + dt.timedelta(days=1), True, POLICY, RA.LAPSE),
        (RS.GRACE, POLICY.grace_ends_on(END), True, POLICY, None),
        (RS.GRACE, POLICY.grace_ends_on(END) + dt.timedelta(days=1), True, POLICY, RA.LAPSE),
        (RS.GRACE, END + dt.timedelta(days=5), False, POLICY, RA.LAPSE),
        (RS.SUSPENDED, END, False, POLICY, None),
        (RS.SUSPENDED, END + dt.timedelta(days=1), True, POLICY, RA.LAPSE),
        (RS.LAPSED, END + dt.timedelta(days=400), False, POLICY, None),
        (RS.STRUCK_OFF, END + dt.timedelta(days=1), False, POLICY, None),
    ],
)
def test_what_the_end_of_a_period_does(status, day, renewal_open, policy, expected):
    assert status_action(policy, status, END, day, renewal_open) is expected


def _day_of(moment) -> dt.date:
    return END - dt.timedelta(days=moment.days_before)


def test_the_reminder_due_is_the_latest_moment_not_sent():
    first, twelve, six, last = POLICY.reminders
    assert due_reminder(POLICY, END, _day_of(first) - dt.timedelta(days=1), []) is None
    assert due_reminder(POLICY, END, _day_of(first), []) is first
    assert due_reminder(POLICY, END, _day_of(first), [first.days_before]) is None
    # missed days: only the latest one due goes out, once
    assert due_reminder(POLICY, END, _day_of(six), [first.days_before]) is six
    assert due_reminder(POLICY, END, _day_of(six), [first.days_before, six.days_before]) is None
    assert due_reminder(POLICY, END, END, []) is last
    assert due_reminder(POLICY, END, END + dt.timedelta(days=1), []) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=220), unique=True, max_size=40))
def test_reminders_never_go_twice_and_a_daily_run_sends_every_one(days_before_end):
    """On any days the job runs (``days_before_end``), no moment goes twice, and after the
    job has run on a day, the latest moment due by then has been sent."""
    sent: list[int] = []
    for offset in sorted(days_before_end, reverse=True):
        day = END - dt.timedelta(days=offset)
        moment = due_reminder(POLICY, END, day, sent)
        if moment is not None:
            assert moment.days_before not in sent
            sent.append(moment.days_before)
        due = [m.days_before for m in POLICY.reminders if m.days_before >= offset]
        if due:
            assert min(due) in sent
    assert len(sent) == len(set(sent)) <= len(POLICY.reminders)
    daily = []
    for offset in range(220, -1, -1):
        moment = due_reminder(POLICY, END, END - dt.timedelta(days=offset), daily)
        if moment is not None:
            daily.append(moment.days_before)
    assert daily == [m.days_before for m in POLICY.reminders]


# --- properties of what counts ---------------------------------------------------------------

periods = st.builds(
    lambda start, length, hours, confirmed_hours: PracticeFacts(
        START + dt.timedelta(days=start),
        START + dt.timedelta(days=start + length),
        hours,
        confirmed(hours_per_week=confirmed_hours),
    ),
    st.integers(min_value=-400, max_value=2000),
    st.integers(min_value=0, max_value=900),
    st.floats(min_value=0.5, max_value=60),
    st.floats(min_value=0, max_value=60),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(periods, max_size=6))
def test_confirmed_practice_never_counts_more_than_was_logged(entries):
    counted = practice_tally(entries, START, TODAY, True).counted
    logged = [replace(e, confirmation=confirmed(hours_per_week=e.hours_per_week)) for e in entries]
    assert counted <= practice_tally(logged, START, TODAY, True).counted + 0.1
    # confirming more (up to what was logged) never lowers the count
    fuller = [
        replace(e, confirmation=confirmed(hours_per_week=max(e.confirmation.hours_per_week, 1)))
        for e in entries
    ]
    assert practice_tally(fuller, START, TODAY, True).counted >= counted - 0.1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.5, max_value=50), max_size=8))
def test_more_development_never_makes_a_requirement_worse(amounts):
    order = {O.MISSING: 0, O.PENDING: 1, O.PASSED: 2}
    log: list[ActivityFacts] = []
    previous = 0
    for amount in amounts:
        log.append(activity("training", amount=amount))
        now = order[
            outcome(
                evaluate_renewal(POLICY, facts(activities=tuple(log))),
                "renewal.development_hours",
                "training",
            )
        ]
        assert now >= previous
        previous = now

"""The eligibility rules (register/domain/eligibility.py), exhaustively: each tier and
route, the boundaries of hours, years and look-back, the voluntary-work policy, overlapping
periods, references, assessments, and the precedence of proposals. Pure: no app."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from register.domain.eligibility import (
    DECISION,
    DIPLOMA,
    SELF_CHECK,
    SUBMISSION,
    TRANSITIONAL,
    ApplicationFacts,
    AssessmentFacts,
    PortfolioFacts,
    ProgrammeFacts,
    Proposal,
    ReferenceFacts,
    WorkPeriod,
    _propose,
    check_eligibility,
    days_for_years,
    days_within,
    evaluate_application,
    hours_within,
    rubric_ids,
    years_within,
)
from register.domain.trace import Fact, FactKind
from register.domain.trace import RuleOutcome as Outcome
from register.domain.trace import RuleResult as R
from register.policy.loader import load_policies

POLICIES = load_policies(Path(__file__).resolve().parents[2] / "policies")
TIERS, ROUTE = POLICIES.tiers, POLICIES.transitional_route
TODAY = dt.date(2026, 6, 1)
D = dt.date


def ev(facts, stage=DECISION, route=ROUTE):
    return evaluate_application(TIERS, route, facts, stage)


def outcome(evaluation, rule):
    found = [r for r in evaluation.results if r.rule == rule]
    assert found, f"{rule} not in {[r.rule for r in evaluation.results]}"
    return found[0].outcome


def programme(level, periods=((D(2018, 1, 1), D(2028, 1, 1)),)):
    return ProgrammeFacts("Opleiding", level, tuple(periods))


def diploma(tier, level, day=D(2022, 6, 1), **kw):
    base = dict(
        today=TODAY,
        tier=tier,
        route=DIPLOMA,
        programme=programme(level),
        diploma_date=day,
        has_diploma_file=True,
        code_accepted=True,
    )
    base.update(kw)
    return ApplicationFacts(**base)


def since(days):
    return TODAY - dt.timedelta(days=days)


def refs(*spec):
    """refs(("sup", "confirmed"), ("col", "pending"))"""
    return tuple(ReferenceFacts(kind == "sup", state) for kind, state in spec)


SITUATIONS = tuple(s.id for s in POLICIES.framework.critical_situations_in_use())
NEEDED = ROUTE.portfolio.critical_situations_required


def full_portfolio(tier):
    """Every competence of the tier written, the asked number of situations described."""
    return PortfolioFacts(ROUTE.tiers[tier].portfolio_competences, SITUATIONS[:NEEDED])


def scores(tier, insufficient=()):
    items = rubric_ids(ROUTE.tiers[tier], full_portfolio(tier))
    return {item: item not in insufficient for item in items}


def transitional(tier, **kw):
    """Facts that meet every requirement of ``tier`` at DECISION, unless overridden."""
    req = ROUTE.tiers[tier]
    years = max(req.min_years, req.min_hours / (24 * 52)) + 0.5
    base = dict(
        today=TODAY,
        tier=tier,
        route=TRANSITIONAL,
        code_accepted=True,
        work=(WorkPeriod(since(int(years * 365)), None, 24, True),),
        intervision_sessions=req.min_intervision_sessions,
        has_intervision_evidence=True,
        portfolio=full_portfolio(tier),
        references=refs(
            ("sup", "confirmed"), *[("col", "confirmed")] * (req.references_required - 1)
        ),
        assessments=(AssessmentFacts("A", scores(tier)), AssessmentFacts("B", scores(tier))),
    )
    base.update(kw)
    return ApplicationFacts(**base)


# --- tier and route chosen -------------------------------------------------------------------


@pytest.mark.parametrize(
    "tier, route, missing",
    [
        (None, DIPLOMA, {"tier.chosen"}),
        (4, DIPLOMA, {"tier.chosen"}),
        (1, None, {"route.chosen"}),
        (1, "other", {"route.chosen"}),
        (None, None, {"tier.chosen", "route.chosen"}),
    ],
)
def test_tier_and_route_must_be_chosen(tier, route, missing):
    e = ev(ApplicationFacts(today=TODAY, tier=tier, route=route), SUBMISSION)
    assert {r.rule for r in e.missing} == missing | {"code.accepted"}
    assert e.proposal is Proposal.INCOMPLETE


def test_code_is_checked_only_when_evidence_is():
    facts = diploma(2, 5, code_accepted=False)
    assert outcome(ev(facts, SUBMISSION), "code.accepted") is Outcome.MISSING
    assert "code.accepted" not in {r.rule for r in ev(facts, SELF_CHECK).results}


# --- diploma route ---------------------------------------------------------------------------


@pytest.mark.parametrize("tier", [1, 2, 3])
@pytest.mark.parametrize("level", [2, 3, 4, 5, 6, 7])
def test_programme_level_gives_entry_per_policy(tier, level):
    e = ev(diploma(tier, level))
    gives_entry = level in TIERS.get(tier).entry_training_levels
    assert outcome(e, "diploma.level_gives_entry") is (
        Outcome.PASSED if gives_entry else Outcome.FAILED
    )
    assert e.proposal is (Proposal.APPROVE if gives_entry else Proposal.REFUSE)


@pytest.mark.parametrize(
    "day, accredited",
    [
        (D(2017, 12, 31), False),
        (D(2018, 1, 1), True),
        (D(2028, 1, 1), True),
    ],
)
def test_diploma_date_boundaries_of_the_accreditation(day, accredited):
    e = ev(diploma(2, 5, day=day, today=D(2028, 6, 1)))
    assert outcome(e, "diploma.accredited_on_date") is (
        Outcome.PASSED if accredited else Outcome.FAILED
    )


def test_diploma_date_in_a_gap_between_periods():
    p = programme(5, ((D(2015, 1, 1), D(2019, 12, 31)), (D(2021, 1, 1), D(2025, 12, 31))))
    assert (
        outcome(ev(diploma(2, 5, day=D(2020, 6, 1), programme=p)), "diploma.accredited_on_date")
        is Outcome.FAILED
    )
    assert (
        outcome(ev(diploma(2, 5, day=D(2019, 6, 1), programme=p)), "diploma.accredited_on_date")
        is Outcome.PASSED
    )


def test_never_accredited_programme_fails():
    e = ev(diploma(2, 5, programme=programme(5, ())))
    assert outcome(e, "diploma.accredited_on_date") is Outcome.FAILED


def test_diploma_date_in_the_future_fails():
    e = ev(diploma(2, 5, day=TODAY + dt.timedelta(days=1)))
    assert outcome(e, "diploma.date_not_in_future") is Outcome.FAILED
    assert outcome(ev(diploma(2, 5, day=TODAY)), "diploma.date_not_in_future") is Outcome.PASSED


def test_diploma_missing_pieces():
    assert (
        outcome(ev(diploma(2, 5, programme=None), SELF_CHECK), "diploma.programme")
        is Outcome.MISSING
    )
    assert (
        outcome(ev(diploma(2, 5, diploma_date=None), SELF_CHECK), "diploma.date") is Outcome.MISSING
    )
    e = ev(diploma(2, 5, has_diploma_file=False), SUBMISSION)
    assert outcome(e, "diploma.evidence") is Outcome.MISSING
    assert "diploma.evidence" not in {r.rule for r in ev(diploma(2, 5), SELF_CHECK).results}


# --- transitional route: hours, years, look-back --------------------------------------------


@pytest.mark.parametrize("tier", [1, 2, 3])
def test_complete_transitional_application_is_approved(tier):
    assert ev(transitional(tier)).proposal is Proposal.APPROVE


@pytest.mark.parametrize("tier", [1, 2, 3])
def test_hours_boundary(tier):
    req = ROUTE.tiers[tier]
    # one long-running period whose hours land exactly on, and just under, the minimum
    days = 7 * 200  # 200 weeks, within every look-back
    per_week_exact = req.min_hours / (days / 7)
    exact = transitional(tier, work=(WorkPeriod(since(days - 1), None, per_week_exact, True),))
    assert outcome(ev(exact), "transitional.hours") is Outcome.PASSED
    short = transitional(
        tier, work=(WorkPeriod(since(days - 1), None, per_week_exact - 0.01, True),)
    )
    assert outcome(ev(short), "transitional.hours") is Outcome.FAILED


def test_hours_just_under_are_not_rounded_up():
    # 999.96 hours used to round to 1000.0 and pass tier 1
    facts = transitional(1, work=(WorkPeriod(since(699), None, 999.96 / 100, True),))
    result = [r for r in ev(facts).results if r.rule == "transitional.hours"][0]
    assert result.outcome is Outcome.FAILED and result.facts["hours"].value < 1000


@pytest.mark.parametrize("covered, passes", [(364, False), (365, True), (366, True)])
def test_one_year_boundary(covered, passes):
    facts = transitional(1, work=(WorkPeriod(since(covered - 1), None, 60, True),))
    result = [r for r in ev(facts).results if r.rule == "transitional.years"][0]
    assert result.outcome is (Outcome.PASSED if passes else Outcome.FAILED)
    assert (result.facts["years"].value >= 1) is passes  # the figure shown agrees


def test_a_calendar_year_counts_as_a_year_leap_or_not():
    for start in (D(2023, 1, 1), D(2024, 1, 1)):  # 365 and 366 days
        end = D(start.year, 12, 31)
        assert days_within(
            [WorkPeriod(start, end, 20, True)], D(2000, 1, 1), TODAY, True
        ) >= days_for_years(1)


@pytest.mark.parametrize("tier", [1, 2, 3])
def test_lookback_boundary(tier):
    req = ROUTE.tiers[tier]
    window = round(365.25 * req.lookback_years)
    start = since(window)  # the first day that still counts
    inside = transitional(tier, work=(WorkPeriod(start, start, 40, True),))
    outside = transitional(
        tier,
        work=(WorkPeriod(start - dt.timedelta(days=1), start - dt.timedelta(days=1), 40, True),),
    )
    hours = lambda f: [r for r in ev(f).results if r.rule == "transitional.hours"][0]  # noqa: E731
    assert hours(inside).facts["hours"].value > 0
    assert hours(outside).facts["hours"].value == 0
    assert hours(inside).facts["since"] == Fact(FactKind.DATE, start)


def test_work_before_the_lookback_is_clipped():
    work = [WorkPeriod(D(2000, 1, 1), D(2020, 12, 31), 7, True)]
    assert hours_within(work, D(2020, 12, 25), TODAY, True) == 7.0
    assert days_within(work, D(2020, 12, 25), TODAY, True) == 7


def test_future_and_ongoing_periods():
    work = [WorkPeriod(TODAY + dt.timedelta(days=5), None, 40, True)]
    assert hours_within(work, D(2020, 1, 1), TODAY, True) == 0
    ongoing = [WorkPeriod(TODAY - dt.timedelta(days=6), None, 7, True)]
    assert hours_within(ongoing, D(2020, 1, 1), TODAY, True) == 7.0


@pytest.mark.parametrize("voluntary_counts", [True, False])
def test_voluntary_work_policy(voluntary_counts):
    route = ROUTE.model_copy(update={"voluntary_work_counts": voluntary_counts})
    work = (WorkPeriod(since(5 * 365), None, 24, False),)  # voluntary only
    e = ev(transitional(1, work=work), route=route)
    expected = Outcome.PASSED if voluntary_counts else Outcome.FAILED
    assert outcome(e, "transitional.hours") is expected
    assert outcome(e, "transitional.years") is expected


def test_overlapping_periods_count_once_for_years_but_hours_add_up():
    a = WorkPeriod(D(2022, 1, 1), D(2022, 12, 31), 10, True)
    b = WorkPeriod(D(2022, 7, 1), D(2023, 6, 30), 10, True)
    inside = WorkPeriod(D(2022, 3, 1), D(2022, 3, 31), 10, True)
    window = (D(2000, 1, 1), TODAY, True)
    assert days_within([a, b, inside], *window) == (D(2023, 6, 30) - D(2022, 1, 1)).days + 1
    assert hours_within([a, b], *window) == pytest.approx(
        hours_within([a], *window) + hours_within([b], *window), abs=0.2
    )


@given(
    st.lists(
        st.tuples(st.integers(0, 3000), st.integers(0, 800), st.booleans()), min_size=1, max_size=6
    )
)
@settings(max_examples=200, deadline=None)
def test_years_never_exceed_the_window_and_overlaps_do_not_add(periods):
    since_day = D(2018, 1, 1)
    work = [
        WorkPeriod(since_day + dt.timedelta(days=s), since_day + dt.timedelta(days=s + n), 10, paid)
        for s, n, paid in periods
    ]
    window_days = (TODAY - since_day).days + 1
    covered = days_within(work, since_day, TODAY, True)
    assert 0 <= covered <= window_days
    assert covered <= sum(min(n + 1, window_days) for _, n, _ in periods)
    assert covered >= max(
        len(
            {
                since_day + dt.timedelta(days=s + i)
                for i in range(n + 1)
                if since_day + dt.timedelta(days=s + i) <= TODAY
            }
        )
        for s, n, _ in periods
    )
    # counting a duplicate period again changes nothing
    assert days_within(work + work, since_day, TODAY, True) == covered
    assert years_within(work, since_day, TODAY, True) == int(covered * 100 / 365) / 100
    assert days_within(work, since_day, TODAY, False) <= covered


@pytest.mark.parametrize("tier", [1, 2, 3])
def test_intervision_boundary(tier):
    needed = ROUTE.tiers[tier].min_intervision_sessions
    assert (
        outcome(ev(transitional(tier, intervision_sessions=needed)), "transitional.intervision")
        is Outcome.PASSED
    )
    assert (
        outcome(ev(transitional(tier, intervision_sessions=needed - 1)), "transitional.intervision")
        is Outcome.FAILED
    )
    assert (
        outcome(
            ev(transitional(tier, intervision_sessions=None), SELF_CHECK),
            "transitional.intervision",
        )
        is Outcome.MISSING
    )


def test_route_open_until_boundary_and_closed():
    route = ROUTE.model_copy(update={"open_until": TODAY})
    assert outcome(ev(transitional(1), route=route), "transitional.open") is Outcome.PASSED
    route = ROUTE.model_copy(update={"open_until": TODAY - dt.timedelta(days=1)})
    assert ev(transitional(1), route=route).proposal is Proposal.REFUSE
    closed = ROUTE.model_copy(update={"open": False, "open_until": None})
    assert outcome(ev(transitional(1), route=closed), "transitional.open") is Outcome.FAILED
    no_end = ROUTE.model_copy(update={"open_until": None})
    assert outcome(ev(transitional(1), route=no_end), "transitional.open") is Outcome.PASSED


def test_missing_work_and_evidence():
    e = ev(
        transitional(1, work=(), portfolio=PortfolioFacts(), has_intervision_evidence=False),
        SUBMISSION,
    )
    assert {r.rule for r in e.missing} >= {
        "transitional.work_experience",
        "transitional.portfolio",
        "transitional.intervision_evidence",
    }


# --- the portfolio -------------------------------------------------------------------------


def _portfolio_result(portfolio, tier=1):
    return ev(transitional(tier, portfolio=portfolio), SUBMISSION).result("transitional.portfolio")


def test_a_full_portfolio_passes():
    result = _portfolio_result(full_portfolio(1))
    assert result.outcome is Outcome.PASSED
    assert result.facts["missing"].empty
    assert result.facts["situations"] == Fact(FactKind.COUNT, NEEDED)


def test_a_competence_without_reflection_and_examples_is_missing():
    written = tuple(c for c in ROUTE.tiers[2].portfolio_competences if c != "C5")
    result = _portfolio_result(PortfolioFacts(written, SITUATIONS[:NEEDED]), tier=2)
    assert result.outcome is Outcome.MISSING
    assert result.facts["missing"] == Fact(FactKind.IDS, ("C5",))


def test_too_few_critical_situations_are_missing():
    result = _portfolio_result(PortfolioFacts(ROUTE.tiers[1].portfolio_competences, SITUATIONS[:1]))
    assert result.outcome is Outcome.MISSING
    assert result.facts["situations"] == Fact(FactKind.COUNT, 1)
    assert result.facts["situations_required"] == Fact(FactKind.COUNT, NEEDED)
    assert _portfolio_result(PortfolioFacts(ROUTE.tiers[1].portfolio_competences, SITUATIONS))


def test_the_situations_described_are_scored_too():
    portfolio = PortfolioFacts(ROUTE.tiers[1].portfolio_competences, SITUATIONS[1:4])
    assert rubric_ids(ROUTE.tiers[1], portfolio) == (
        *ROUTE.tiers[1].portfolio_competences,
        *SITUATIONS[1:4],
    )
    marks = dict.fromkeys(rubric_ids(ROUTE.tiers[1], portfolio), True)
    both = (AssessmentFacts("A", {**marks, SITUATIONS[2]: False}), AssessmentFacts("B", marks))
    result = ev(transitional(1, portfolio=portfolio, assessments=both)).result(
        "transitional.assessment"
    )
    assert result.outcome is Outcome.PENDING  # they disagree: a third assessor judges
    assert result.facts["disagreements"] == Fact(FactKind.IDS, (SITUATIONS[2],))


# --- references ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, stage, expected",
    [
        ((("sup", "pending"),), SUBMISSION, Outcome.MISSING),  # too few named
        ((("col", "pending"), ("col", "pending")), SUBMISSION, Outcome.MISSING),  # no supervisor
        ((("sup", "pending"), ("col", "pending")), SUBMISSION, Outcome.PASSED),
        ((("sup", "declined"), ("col", "pending")), SUBMISSION, Outcome.PASSED),  # named is enough
        ((("sup", "replaced"), ("col", "pending")), SUBMISSION, Outcome.MISSING),
    ],
)
def test_references_named_at_submission(spec, stage, expected):
    e = ev(transitional(1, references=refs(*spec)), stage)
    assert outcome(e, "transitional.references") is expected


@pytest.mark.parametrize(
    "spec, expected",
    [
        ((("sup", "confirmed"), ("col", "confirmed")), Outcome.PASSED),
        ((("sup", "confirmed"), ("col", "pending")), Outcome.PENDING),
        ((("sup", "pending"), ("col", "confirmed")), Outcome.PENDING),
        ((("sup", "declined"), ("col", "confirmed")), Outcome.MISSING),  # supervisor declined
        ((("sup", "confirmed"), ("col", "declined")), Outcome.MISSING),  # too few can confirm
        ((("sup", "confirmed"), ("col", "declined"), ("col", "pending")), Outcome.PENDING),
        (
            (("sup", "declined"), ("sup", "replaced"), ("sup", "confirmed"), ("col", "confirmed")),
            Outcome.PASSED,
        ),  # the replacement confirmed
        (
            (("col", "confirmed"), ("col", "confirmed"), ("sup", "replaced"), ("sup", "pending")),
            Outcome.PENDING,
        ),
    ],
)
def test_references_confirmed_at_decision(spec, expected):
    e = ev(transitional(1, references=refs(*spec)))
    assert outcome(e, "transitional.references_confirmed") is expected


def test_tier_3_needs_three_references():
    two = refs(("sup", "confirmed"), ("col", "confirmed"))
    assert (
        outcome(ev(transitional(3, references=two)), "transitional.references") is Outcome.MISSING
    )


# --- assessments -----------------------------------------------------------------------------


def test_assessments_pending_until_enough_are_submitted():
    one = (AssessmentFacts("A", scores(1)),)
    assert (
        outcome(ev(transitional(1, assessments=one)), "transitional.assessment") is Outcome.PENDING
    )
    assert ev(transitional(1, assessments=one)).proposal is Proposal.AWAIT


def test_assessments_agree_sufficient():
    result = [r for r in ev(transitional(2)).results if r.rule == "transitional.assessment"][0]
    assert result.outcome is Outcome.PASSED
    assert result.facts["disagreements"].empty and result.facts["insufficient_items"].empty


def test_assessments_agree_insufficient():
    both = (AssessmentFacts("A", scores(1, {"C2"})), AssessmentFacts("B", scores(1, {"C2"})))
    result = [
        r
        for r in ev(transitional(1, assessments=both)).results
        if r.rule == "transitional.assessment"
    ][0]
    assert result.outcome is Outcome.FAILED
    assert result.facts["insufficient_items"] == Fact(FactKind.IDS, ("C2",))
    assert result.facts["disagreements"] == Fact(FactKind.IDS, ())


def test_assessors_who_disagree_never_propose_a_refusal_by_themselves():
    """Policy third_assessor: a third judges (the proposal waits), then the majority per
    item counts. Policy registrar_weighs: the proposal waits for the registrar."""
    split = (AssessmentFacts("A", scores(1, {"C3"})), AssessmentFacts("B", scores(1)))
    waiting = ev(transitional(1, assessments=split))
    result = waiting.result("transitional.assessment")
    assert result.outcome is Outcome.PENDING and waiting.proposal is Proposal.AWAIT
    assert result.facts["disagreements"] == Fact(FactKind.IDS, ("C3",))
    assert result.facts["third_assessor"] == Fact(FactKind.FLAG, True)

    sufficient = ev(transitional(1, assessments=(*split, AssessmentFacts("C", scores(1)))))
    assert sufficient.result("transitional.assessment").outcome is Outcome.PASSED
    against = (*split, AssessmentFacts("C", scores(1, {"C3"})))
    refused = ev(transitional(1, assessments=against)).result("transitional.assessment")
    assert refused.outcome is Outcome.FAILED
    assert refused.facts["insufficient_items"] == Fact(FactKind.IDS, ("C3",))

    weighs = ROUTE.model_copy(update={"on_disagreement": "registrar_weighs"})
    weighed = evaluate_application(TIERS, weighs, transitional(1, assessments=split), DECISION)
    result = weighed.result("transitional.assessment")
    assert result.outcome is Outcome.PENDING and "registrar_weighs" in result.facts
    assert weighed.proposal is Proposal.AWAIT


def test_an_unscored_item_counts_as_insufficient():
    partial = {k: v for k, v in scores(1).items() if k != "C1"}
    both = (AssessmentFacts("A", partial), AssessmentFacts("B", scores(1)))
    result = [
        r
        for r in ev(transitional(1, assessments=both)).results
        if r.rule == "transitional.assessment"
    ][0]
    assert result.facts["disagreements"] == Fact(FactKind.IDS, ("C1",))


def test_assessments_only_at_decision():
    assert ev(transitional(1), SUBMISSION).result("transitional.assessment") is None


# --- proposal precedence ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "outcomes, proposal",
    [
        ([], Proposal.APPROVE),
        ([Outcome.PASSED], Proposal.APPROVE),
        ([Outcome.PENDING, Outcome.PASSED], Proposal.AWAIT),
        ([Outcome.MISSING, Outcome.PENDING], Proposal.INCOMPLETE),
        ([Outcome.FAILED, Outcome.MISSING, Outcome.PENDING], Proposal.REFUSE),
        ([Outcome.PASSED, Outcome.FAILED], Proposal.REFUSE),
    ],
)
def test_proposal_precedence(outcomes, proposal):
    assert _propose([R(f"r{i}", o) for i, o in enumerate(outcomes)]) is proposal


def test_precedence_in_a_real_evaluation():
    facts = transitional(
        1,
        intervision_sessions=0,
        portfolio=PortfolioFacts(),
        references=refs(("sup", "pending"), ("col", "pending")),
    )
    assert ev(facts).proposal is Proposal.REFUSE  # failed beats missing and pending
    facts = replace(facts, intervision_sessions=99)
    assert ev(facts).proposal is Proposal.INCOMPLETE
    facts = replace(facts, portfolio=full_portfolio(1))
    assert ev(facts).proposal is Proposal.AWAIT


# --- the eligibility check -------------------------------------------------------------------


def test_check_covers_every_tier_and_route():
    options = check_eligibility(TIERS, ROUTE, ApplicationFacts(today=TODAY))
    assert {(o.tier, o.route) for o in options} == {
        (t, r) for t in (1, 2, 3) for r in (DIPLOMA, TRANSITIONAL)
    }
    assert all(o.evaluation.proposal is Proposal.INCOMPLETE for o in options)
    assert all("code.accepted" not in {r.rule for r in o.evaluation.results} for o in options)


def test_check_with_a_level_5_diploma():
    facts = ApplicationFacts(today=TODAY, programme=programme(5), diploma_date=D(2022, 1, 1))
    open_ = {(o.tier, o.route) for o in check_eligibility(TIERS, ROUTE, facts) if o.open}
    assert (2, DIPLOMA) in open_ and (3, DIPLOMA) in open_ and (1, DIPLOMA) not in open_


def test_check_with_experience_ignores_tier_and_route_given():
    facts = ApplicationFacts(
        today=TODAY,
        tier=3,
        route=DIPLOMA,
        work=(WorkPeriod(since(2 * 365), None, 24, True),),
        intervision_sessions=6,
    )
    by_key = {(o.tier, o.route): o for o in check_eligibility(TIERS, ROUTE, facts)}
    assert by_key[(1, TRANSITIONAL)].evaluation.proposal is Proposal.APPROVE
    assert by_key[(2, TRANSITIONAL)].evaluation.proposal is Proposal.REFUSE
    assert by_key[(3, TRANSITIONAL)].open is False

"""Sample traces that between them reach every rule the domain can report, with every
outcome it can give: for the rule-text, trace round-trip and display tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from register.domain.accreditation import Candidate, Score, check_panel, propose_decision
from register.domain.eligibility import (
    DECISION,
    SELF_CHECK,
    SUBMISSION,
    ApplicationFacts,
    AssessmentFacts,
    ReferenceFacts,
    WorkPeriod,
    evaluate_application,
)
from register.domain.referees import ConfirmedWork
from register.domain.trace import Trace
from register.policy.accreditation import DecisionRule, PanelRules
from tests.domain.test_eligibility import (
    ROUTE,
    TIERS,
    TODAY,
    diploma,
    programme,
    refs,
    scores,
    since,
    transitional,
)

CRITERIA = [f"C{i}" for i in range(6)]
DECISION_RULE = DecisionRule(
    max_partly_met_for_conditions=2, max_not_met_for_conditions=0, condition_deadline_months=12
)
PANEL_RULES = PanelRules(min_assessors=2, min_lived_experience_assessors=1)


def _corrected_by_referees() -> ApplicationFacts:
    """A transitional application whose referees confirmed fewer hours and a shorter period
    than claimed, with one referee who is not independent."""
    claimed = transitional(2).work[0]
    work = (WorkPeriod(claimed.start, None, claimed.hours_per_week, True, "GGZ"),)
    confirmed = ConfirmedWork(since(400), None, 4)
    refs = (
        ReferenceFacts(True, "confirmed", "GGZ", confirmed=confirmed),
        ReferenceFacts(False, "confirmed", "GGZ", confirmed=confirmed),
        ReferenceFacts(False, "confirmed", "GGZ", independent=False),
    )
    return transitional(2, work=work, references=refs)


def _application_facts() -> list[tuple[ApplicationFacts, object]]:
    """(facts, stage) pairs covering both routes, every stage and the failing branches."""
    closed = ROUTE.model_copy(update={"open_until": TODAY - dt.timedelta(days=1)})
    no_end = ROUTE.model_copy(update={"open_until": None})
    split = (AssessmentFacts("A", scores(1, {"C3"})), AssessmentFacts("B", scores(1)))
    cases = [
        (ApplicationFacts(today=TODAY), SUBMISSION),
        (diploma(2, 5), DECISION),
        (diploma(1, 7, day=TODAY + dt.timedelta(days=3)), SUBMISSION),
        (diploma(2, 5, programme=programme(5, periods=())), SELF_CHECK),
        (diploma(2, 5, programme=None), SUBMISSION),
        (diploma(2, 5, diploma_date=None, has_diploma_file=False), SUBMISSION),
        (transitional(1), DECISION),
        (transitional(1, work=(), intervision_sessions=None), SUBMISSION),
        (transitional(2, references=refs(("col", "pending"))), SUBMISSION),
        (transitional(2, references=refs(("sup", "pending"), ("col", "pending"))), DECISION),
        (transitional(2, references=refs(("sup", "declined"), ("col", "confirmed"))), DECISION),
        (transitional(1, assessments=split), DECISION),
        (transitional(1, assessments=split[:1]), DECISION),
        (transitional(3, work=((replace(transitional(3).work[0], start=since(30))),)), DECISION),
        (transitional(1, intervision_sessions=0, has_portfolio=False), SUBMISSION),
        (_corrected_by_referees(), DECISION),
        (
            transitional(1, references=(ReferenceFacts(True, "confirmed", independent=False),)),
            SUBMISSION,
        ),
        (
            transitional(1, references=(ReferenceFacts(True, "confirmed", independent=False),)),
            DECISION,
        ),
    ]
    return [(f, s, ROUTE) for f, s in cases] + [
        (transitional(1), DECISION, closed),
        (transitional(2), SELF_CHECK, no_end),
    ]


def application_traces() -> list[Trace]:
    """Eligibility traces of the sample applications."""
    return [
        evaluate_application(TIERS, route, f, stage) for f, stage, route in _application_facts()
    ]


def accreditation_traces() -> list[Trace]:
    """Decision traces (every outcome) and panel checks (passing and each failure)."""
    met = dict.fromkeys(CRITERIA, Score.MET)
    decisions = [
        met,
        {**met, "C1": Score.PARTLY_MET},
        {**met, "C1": Score.PARTLY_MET, "C2": Score.NOT_MET},
        {k: Score.PARTLY_MET for k in CRITERIA},
        {k: v for k, v in met.items() if k != "C4"},
    ]
    panels = [
        [Candidate("A", True), Candidate("B", False)],
        [Candidate("A", True)],
        [Candidate("A", False), Candidate("B", False)],
        [Candidate("A", True), Candidate("B", True), Candidate("C", False, True)],
    ]
    return [propose_decision(DECISION_RULE, CRITERIA, f) for f in decisions] + [
        check_panel(PANEL_RULES, p) for p in panels
    ]


def sample_results():
    """Every rule result of every sample trace."""
    return [r for t in application_traces() + accreditation_traces() for r in t.results]

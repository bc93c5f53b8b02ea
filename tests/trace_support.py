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
    evaluate_application,
)
from register.domain.renewal import (
    DECISION as RENEWAL_DECISION,
)
from register.domain.renewal import (
    STANDING,
    RenewalKind,
    evaluate_renewal,
)
from register.domain.renewal import (
    SUBMISSION as RENEWAL_SUBMISSION,
)
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


def renewal_traces() -> list[Trace]:
    """Renewal and restoration traces: every requirement passed, waiting, missing and
    failed, the window and the time allowed for restoring both ways, a drawn request's proof
    missing and present."""
    from tests.domain import test_renewal as r

    confirmed_points = r.POLICY.model_copy(
        update={
            "development": {
                **r.POLICY.development,
                "reflection": r.POLICY.development["reflection"].model_copy(
                    update={"confirmation_required": True}
                ),
            }
        }
    )
    waiting = r.facts(
        practice=(r.practice(hours=20.0, state=r.PENDING),),
        activities=tuple(
            r.activity(a.category, a.day, a.amount, state=r.PENDING) for a in r.facts().activities
        ),
    )
    lapsed_on = r.END + dt.timedelta(days=1)
    restoring = r.facts(kind=RenewalKind.RESTORATION, lapsed_on=lapsed_on, declared=True)
    late = replace(restoring, requested_on=r.POLICY.restore_until(lapsed_on) + dt.timedelta(days=1))
    proven = r.facts(drawn=True, declared=True)
    return [
        evaluate_renewal(r.POLICY, r.facts(), STANDING),
        evaluate_renewal(
            r.POLICY, r.facts(declared=True, requested_on=r.TODAY), RENEWAL_SUBMISSION
        ),
        evaluate_renewal(r.POLICY, r.facts(practice=(), activities=()), STANDING),
        evaluate_renewal(r.POLICY, r.facts(practice=(), activities=()), RENEWAL_DECISION),
        evaluate_renewal(confirmed_points, waiting, STANDING),
        evaluate_renewal(
            r.POLICY,
            r.facts(requested_on=r.POLICY.window_opens_on(r.END) - dt.timedelta(days=1)),
            RENEWAL_SUBMISSION,
        ),
        evaluate_renewal(r.POLICY, restoring, RENEWAL_SUBMISSION),
        evaluate_renewal(r.POLICY, replace(late, lapsed_while_suspended=True), RENEWAL_DECISION),
        evaluate_renewal(r.POLICY, proven, RENEWAL_DECISION),
        evaluate_renewal(
            r.POLICY,
            replace(
                proven, activities=tuple(replace(a, has_proof=True) for a in proven.activities)
            ),
            RENEWAL_DECISION,
        ),
    ]


def sample_results():
    """Every rule result of every sample trace."""
    traces = application_traces() + accreditation_traces() + renewal_traces()
    return [r for t in traces for r in t.results]

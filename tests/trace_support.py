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
    PortfolioFacts,
    ReferenceFacts,
    WorkPeriod,
    evaluate_application,
)
from register.domain.identity import IdentityCheckFacts, identity_rule
from register.domain.name_change import PersonName, evaluate_name_change, evaluate_name_correction
from register.domain.portfolio import AssessorFacts, check_assignment
from register.domain.referees import ConfirmedWork
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
from register.domain.tier_change import TierChangeFacts
from register.domain.trace import Trace
from register.policy.accreditation import DecisionRule, PanelRules
from tests.domain.test_eligibility import (
    POLICIES,
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
        (transitional(1, intervision_sessions=0, portfolio=PortfolioFacts()), SUBMISSION),
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
    weighs = ROUTE.model_copy(update={"on_disagreement": "registrar_weighs"})
    third = (*split, AssessmentFacts("C", scores(1)))
    return [(f, s, ROUTE) for f, s in cases] + [
        (transitional(1), DECISION, closed),
        (transitional(2), SELF_CHECK, no_end),
        (transitional(1, assessments=split), DECISION, weighs),
        (transitional(1, assessments=third), DECISION, ROUTE),
        (
            transitional(1, assessments=(*split, AssessmentFacts("C", scores(1, {"C3"})))),
            DECISION,
            ROUTE,
        ),
    ]


def application_traces() -> list[Trace]:
    """Eligibility traces of the sample applications."""
    return [
        evaluate_application(TIERS, route, f, stage) for f, stage, route in _application_facts()
    ]


REFLECTED = {c.id: "x" * 200 for c in TIERS.growth_criteria}


def tier_change_traces() -> list[Trace]:
    """Applications for another tier (up with and without reflections, the same tier,
    down where allowed and where not, an inactive registration) and a first application
    by someone already registered."""
    rules = POLICIES.registration.tier_change
    strict = rules.model_copy(update={"allow_lower_tier": False})
    active = TierChangeFacts("ED-0000001-1", 1, True, REFLECTED)
    cases = [
        (replace(diploma(2, 5), tier_change=active), rules),
        (replace(diploma(2, 5), tier_change=replace(active, reflections={})), rules),
        (replace(diploma(1, 4), tier_change=active), rules),
        (replace(diploma(1, 4), tier_change=replace(active, current_tier=2)), rules),
        (replace(diploma(1, 4), tier_change=replace(active, current_tier=2)), strict),
        (replace(transitional(2), tier_change=replace(active, registration_active=False)), rules),
        (replace(diploma(2, 5), current_registration="ED-0000002-8"), rules),
    ]
    return [
        evaluate_application(TIERS, ROUTE, facts, DECISION, tier_change=policy)
        for facts, policy in cases
    ]


def name_traces() -> list[Trace]:
    """Requests for another name (complete, without proof, the same name, no surname) and
    corrections (a typo, too big a change)."""
    jan = PersonName("Jan", "van der", "Berg")
    policy = POLICIES.registration.name_correction
    return [
        evaluate_name_change(jan, PersonName("Jan", "", "Bakker"), True),
        evaluate_name_change(jan, PersonName("Jan", "", "Bakker"), False),
        evaluate_name_change(jan, jan, True),
        evaluate_name_change(jan, PersonName("Jan", "", ""), True),
        evaluate_name_correction(policy, PersonName("Jna", "van der", "Berg"), jan),
        evaluate_name_correction(policy, jan, PersonName("Johannes", "", "Bakker")),
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


def objection_traces() -> list[Trace]:
    """Decision checks of objections: in time, late (excused or not), by the original
    decider, with a hearing asked for and not held, after the deadline."""
    from register.domain.objections import ObjectionFacts, decision_trace

    base = ObjectionFacts(
        received_on=dt.date(2026, 3, 2),
        objection_until=dt.date(2026, 3, 10),
        lateness_excused=False,
        hearing_requested=False,
        hearing_held=False,
        hearing_offered=True,
        decide_by=dt.date(2026, 4, 21),
        extended=False,
        original_decider_id=1,
        original_confirmer_id=2,
    )
    late = replace(base, received_on=dt.date(2026, 3, 12))
    return [
        decision_trace(base, 3, dt.date(2026, 4, 1)),
        decision_trace(late, 3, dt.date(2026, 4, 1)),
        decision_trace(replace(late, lateness_excused=True), 3, dt.date(2026, 4, 1)),
        decision_trace(replace(base, hearing_requested=True), 1, dt.date(2026, 5, 1)),
    ]


def assignment_traces() -> list[Trace]:
    """Portfolio assignments: trained, expired and untrained candidates; the experts by
    experience passed, still possible and no longer possible."""
    trained, expired = TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=20 * 365)
    plain = AssessorFacts("B", False, trained)
    return [
        check_assignment(ROUTE, [], AssessorFacts("A", True, trained), TODAY),
        check_assignment(ROUTE, [], plain, TODAY),
        check_assignment(ROUTE, [plain], AssessorFacts("C", False, expired), TODAY),
        check_assignment(ROUTE, [plain], AssessorFacts("D", True, None), TODAY),
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


def identity_traces() -> list[Trace]:
    """The registrar's identity check: not recorded yet, and recorded (by video call,
    against a passport)."""
    recorded = identity_rule(IdentityCheckFacts("video_call", "passport", TODAY))
    return [Trace(None, (identity_rule(None),)), Trace(None, (recorded,))]


def sample_results():
    """Every rule result of every sample trace."""
    traces = (
        application_traces()
        + tier_change_traces()
        + name_traces()
        + accreditation_traces()
        + objection_traces()
        + assignment_traces()
        + renewal_traces()
        + identity_traces()
    )
    return [r for t in traces for r in t.results]

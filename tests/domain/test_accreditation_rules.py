"""The accreditation rules (pure): the decision rule at its boundaries with its trace, the
panel rules, the request lifecycle, and the period helpers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from register.domain.accreditation import (
    REQUEST_LIFECYCLE,
    Candidate,
    Outcome,
    RequestAction,
    RequestState,
    Score,
    agreed_score,
    check_panel,
    condition_deadline,
    criteria_below_met,
    progress,
    propose_decision,
    rationale_required,
    renewal_open,
    validity_period,
)
from register.domain.framework import criteria_for_level
from register.domain.lifecycle import IllegalTransition
from register.domain.trace import Fact, FactKind, Trace
from register.policy.accreditation import AccreditationPolicy, DecisionRule, PanelRules
from register.policy.framework import FrameworkPolicy
from register.policy.loader import load_policy_file

POLICIES = Path(__file__).resolve().parents[2] / "policies"
RULE = DecisionRule(
    max_partly_met_for_conditions=3, max_not_met_for_conditions=0, condition_deadline_months=12
)
CRITERIA = [f"C{i}" for i in range(10)]


def findings(partly: int = 0, not_met: int = 0) -> dict[str, Score]:
    scores = [Score.PARTLY_MET] * partly + [Score.NOT_MET] * not_met
    scores += [Score.MET] * (len(CRITERIA) - len(scores))
    return dict(zip(CRITERIA, scores, strict=True))


def test_every_criterion_met_is_accredited_with_full_trace():
    proposal = propose_decision(RULE, CRITERIA, findings())
    assert proposal.proposal is Outcome.ACCREDITED
    rules = {c.rule: c for c in proposal.results}
    assert list(rules) == [
        "decision.findings_complete",
        "decision.all_met",
        "decision.partly_met_within_limit",
        "decision.not_met_within_limit",
    ]
    assert proposal.passed
    assert rules["decision.all_met"].facts == {
        "met": Fact(FactKind.COUNT, 10),
        "criteria": Fact(FactKind.COUNT, 10),
    }


@pytest.mark.parametrize(
    ("partly", "expected"),
    [
        (1, Outcome.CONDITIONAL),
        (3, Outcome.CONDITIONAL),  # at the limit
        (4, Outcome.REFUSED),  # one over
    ],
)
def test_partly_met_boundary(partly, expected):
    proposal = propose_decision(RULE, CRITERIA, findings(partly=partly))
    assert proposal.proposal is expected
    check = proposal.result("decision.partly_met_within_limit")
    assert check.facts["partly_met"] == Fact(FactKind.COUNT, partly) and check.facts["max"] == Fact(
        FactKind.COUNT, 3
    )
    assert check.passed is (partly <= 3)
    assert criteria_below_met(proposal) == tuple(CRITERIA[:partly])


def test_one_not_met_is_refused_even_without_partly_met():
    proposal = propose_decision(RULE, CRITERIA, findings(not_met=1))
    assert proposal.proposal is Outcome.REFUSED
    check = proposal.result("decision.not_met_within_limit")
    assert not check.passed and check.facts["criteria_ids"] == Fact(FactKind.IDS, ("C0",))


def test_not_met_allowed_by_policy_gives_conditions():
    lenient = DecisionRule(
        max_partly_met_for_conditions=2, max_not_met_for_conditions=1, condition_deadline_months=6
    )
    assert (
        propose_decision(lenient, CRITERIA, findings(partly=2, not_met=1)).proposal
        is Outcome.CONDITIONAL
    )
    assert (
        propose_decision(lenient, CRITERIA, findings(partly=2, not_met=2)).proposal
        is Outcome.REFUSED
    )


def test_zero_limits_mean_all_or_nothing():
    strict = DecisionRule(
        max_partly_met_for_conditions=0, max_not_met_for_conditions=0, condition_deadline_months=6
    )
    assert propose_decision(strict, CRITERIA, findings()).proposal is Outcome.ACCREDITED
    assert propose_decision(strict, CRITERIA, findings(partly=1)).proposal is Outcome.REFUSED


def test_missing_finding_is_incomplete_and_names_it():
    partial = findings()
    del partial["C7"]
    proposal = propose_decision(RULE, CRITERIA, partial)
    assert proposal.proposal is Outcome.INCOMPLETE
    assert proposal.results[0].facts["missing"] == Fact(FactKind.IDS, ("C7",))
    assert proposal.to_json()["proposal"] == "incomplete"
    assert criteria_below_met(proposal) == ()


@pytest.mark.parametrize(("partly", "not_met"), [(0, 0), (2, 0), (1, 1), (5, 3)])
def test_a_stored_decision_trace_reads_back_the_same(partly, not_met):
    proposal = propose_decision(RULE, CRITERIA, findings(partly=partly, not_met=not_met))
    stored = json.loads(json.dumps(proposal.to_json()))
    assert Trace.from_json(stored, Outcome) == proposal


def test_decision_on_real_framework_criteria_uses_policy_file():
    framework = load_policy_file(POLICIES / "framework.yaml", FrameworkPolicy)
    policy = load_policy_file(POLICIES / "accreditation.yaml", AccreditationPolicy)
    ids = [c.id for c in criteria_for_level(framework, 4)]
    scored = dict.fromkeys(ids, Score.MET)
    limit = policy.decision.max_partly_met_for_conditions
    for cid in ids[:limit]:
        scored[cid] = Score.PARTLY_MET
    assert propose_decision(policy.decision, ids, scored).proposal is Outcome.CONDITIONAL
    scored[ids[limit]] = Score.PARTLY_MET
    assert propose_decision(policy.decision, ids, scored).proposal is Outcome.REFUSED


# --- panel ---------------------------------------------------------------------------------

RULES = PanelRules(min_assessors=2, min_lived_experience_assessors=1)


def test_panel_of_two_with_one_expert_by_experience_passes():
    check = check_panel(RULES, [Candidate("A", True), Candidate("B", False)])
    assert check.passed and check.proposal is None


def test_panel_without_expert_by_experience_fails():
    check = check_panel(RULES, [Candidate("A", False), Candidate("B", False)])
    assert not check.passed
    failed = [c.rule for c in check.results if not c.passed]
    assert failed == ["panel.min_lived_experience"]


def test_panel_of_one_fails():
    check = check_panel(RULES, [Candidate("A", True)])
    assert [c.rule for c in check.results if not c.passed] == ["panel.min_assessors"]


def test_assessor_linked_to_provider_cannot_be_on_the_panel():
    check = check_panel(
        RULES,
        [
            Candidate("A", True),
            Candidate("B", False),
            Candidate("C", False, affiliated_with_provider=True),
        ],
    )
    assert not check.passed
    assert check.results[0].facts["conflicted"] == Fact(FactKind.NAMES, ("C",))


# --- helpers -------------------------------------------------------------------------------


def test_rationale_required_unless_met():
    assert not rationale_required(Score.MET)
    assert rationale_required(Score.PARTLY_MET) and rationale_required(Score.NOT_MET)


def test_agreed_score_only_when_all_agree():
    assert agreed_score([Score.MET, Score.MET]) is Score.MET
    assert agreed_score([Score.MET, Score.PARTLY_MET]) is None
    assert agreed_score([]) is None


def test_lifecycle_happy_path_and_illegal_steps():
    state = RequestState.DRAFT
    for action in (
        RequestAction.SUBMIT,
        RequestAction.FORM_PANEL,
        RequestAction.AGREE_FINDINGS,
        RequestAction.ACCREDIT_WITH_CONDITIONS,
    ):
        state = REQUEST_LIFECYCLE.next_state(state, action)
    assert state is RequestState.CONDITIONAL
    with pytest.raises(IllegalTransition):
        REQUEST_LIFECYCLE.next_state(RequestState.DRAFT, RequestAction.ACCREDIT)
    with pytest.raises(IllegalTransition):
        REQUEST_LIFECYCLE.next_state(RequestState.ACCREDITED, RequestAction.WITHDRAW)
    with pytest.raises(IllegalTransition):
        REQUEST_LIFECYCLE.next_state(RequestState.UNDER_REVIEW, RequestAction.REFUSE)


def test_validity_and_deadlines_by_calendar():
    assert validity_period(dt.date(2026, 3, 15), 5) == (dt.date(2026, 3, 15), dt.date(2031, 3, 15))
    assert validity_period(dt.date(2028, 2, 29), 1)[1] == dt.date(2029, 2, 28)
    assert condition_deadline(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_renewal_window_boundary():
    end = dt.date(2030, 12, 31)
    assert not renewal_open(end, end - dt.timedelta(days=366), 365)
    assert renewal_open(end, end - dt.timedelta(days=365), 365)


def test_progress_counts_only_applicable_criteria():
    done = progress(["A", "B", "C"], ["A", "C", "Z"])
    assert (done.answered, done.total, done.complete) == (2, 3, False)
    assert progress(["A"], ["A"]).complete

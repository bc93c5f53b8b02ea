"""The tier-change rules (register/domain/tier_change.py) and how they join an application's
evaluation: the registration must be active, the tier another one (lower only where the
policy allows it), a move up needs a reflection on every growth criterion, the route's own
rules still apply (the transitional route's closing date too), and a first application by
someone already registered fails. Pure: no app."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.domain.eligibility import DECISION, SUBMISSION, Proposal, evaluate_application
from register.domain.tier_change import (
    TierChangeFacts,
    Validity,
    asks_for_growth,
    missing_reflections,
    tier_change_rules,
    validity_after_tier_change,
)
from register.domain.trace import Fact, FactKind, RuleOutcome
from tests.domain.test_eligibility import POLICIES, ROUTE, TIERS, TODAY, diploma, transitional

RULES = POLICIES.registration.tier_change
CRITERIA = tuple(c.id for c in TIERS.growth_criteria)
MIN = RULES.reflection_min_characters
FULL = {c: "w" * MIN for c in CRITERIA}
ACTIVE = TierChangeFacts("ED-0000001-1", 1, True, FULL)


def ev(facts, stage=DECISION, rules=RULES, route=ROUTE):
    return evaluate_application(TIERS, route, facts, stage, tier_change=rules)


def outcomes(trace) -> dict[str, RuleOutcome]:
    return {r.rule: r.outcome for r in trace.results}


def test_the_four_growth_criteria_of_the_curriculum_are_in_the_policy():
    assert CRITERIA == ("autonomy", "transfer", "complexity", "responsibility")
    names = {c.id: (c.name.nl, c.name.en) for c in TIERS.growth_criteria}
    assert names["autonomy"] == ("Zelfstandigheid", "Autonomy")
    assert names["responsibility"] == ("Verantwoordelijkheid", "Responsibility")


def test_a_move_up_with_every_reflection_by_the_diploma_route_is_proposed_for_approval():
    trace = ev(replace(diploma(2, 5), tier_change=ACTIVE))
    assert trace.proposal is Proposal.APPROVE
    found = outcomes(trace)
    assert found["tier_change.registration_active"] is RuleOutcome.PASSED
    assert found["tier_change.other_tier"] is RuleOutcome.PASSED
    assert found["tier_change.growth_reflection"] is RuleOutcome.PASSED
    assert "tier_change.lower_tier" not in found
    assert found["diploma.level_gives_entry"] is RuleOutcome.PASSED  # the route's rules too


@pytest.mark.parametrize("missing", [1, 2, 4])
def test_missing_or_short_reflections_make_the_application_incomplete(missing):
    reflections = dict(FULL)
    for criterion in CRITERIA[:missing]:
        reflections[criterion] = "w" * (MIN - 1) if missing % 2 else ""
    trace = ev(
        replace(diploma(2, 5), tier_change=replace(ACTIVE, reflections=reflections)), SUBMISSION
    )
    result = trace.result("tier_change.growth_reflection")
    assert result.outcome is RuleOutcome.MISSING
    assert result.facts == {
        "missing": Fact(FactKind.COUNT, missing),
        "criteria": Fact(FactKind.COUNT, 4),
        "min_characters": Fact(FactKind.COUNT, MIN),
    }
    assert trace.proposal is Proposal.INCOMPLETE


def test_spaces_do_not_count_towards_a_reflection():
    padded = {c: "  " + "w" * (MIN - 1) + "   " for c in CRITERIA}
    assert missing_reflections(CRITERIA, padded, MIN) == CRITERIA
    assert missing_reflections(CRITERIA, FULL, MIN) == ()


def test_the_same_tier_is_refused():
    trace = ev(replace(diploma(1, 4), tier_change=ACTIVE))
    assert outcomes(trace)["tier_change.other_tier"] is RuleOutcome.FAILED
    assert trace.proposal is Proposal.REFUSE
    assert trace.result("tier_change.other_tier").facts["current"] == Fact(FactKind.TIER, 1)


def test_a_lower_tier_needs_no_reflection_and_follows_the_policy():
    down = replace(diploma(1, 4), tier_change=replace(ACTIVE, current_tier=2, reflections={}))
    allowed = ev(down)
    assert outcomes(allowed)["tier_change.lower_tier"] is RuleOutcome.PASSED
    assert "tier_change.growth_reflection" not in outcomes(allowed)
    assert allowed.proposal is Proposal.APPROVE
    strict = RULES.model_copy(update={"allow_lower_tier": False})
    refused = ev(down, rules=strict)
    assert outcomes(refused)["tier_change.lower_tier"] is RuleOutcome.FAILED
    assert refused.proposal is Proposal.REFUSE


def test_an_inactive_registration_cannot_change_tier():
    trace = ev(replace(diploma(2, 5), tier_change=replace(ACTIVE, registration_active=False)))
    result = trace.result("tier_change.registration_active")
    assert result.outcome is RuleOutcome.FAILED
    assert result.facts == {"number": Fact(FactKind.TEXT, "ED-0000001-1")}
    assert trace.proposal is Proposal.REFUSE


def test_the_transitional_routes_closing_date_applies_to_a_tier_change():
    closed = ROUTE.model_copy(update={"open_until": TODAY - dt.timedelta(days=1)})
    facts = replace(transitional(2), tier_change=ACTIVE)
    assert outcomes(ev(facts))["transitional.open"] is RuleOutcome.PASSED
    trace = ev(facts, route=closed)
    assert outcomes(trace)["transitional.open"] is RuleOutcome.FAILED
    assert trace.proposal is Proposal.REFUSE


def test_without_a_chosen_tier_only_the_registration_is_checked():
    trace = ev(replace(diploma(2, 5), tier=None, tier_change=ACTIVE), SUBMISSION)
    found = outcomes(trace)
    assert found["tier.chosen"] is RuleOutcome.MISSING
    assert found["tier_change.registration_active"] is RuleOutcome.PASSED
    assert "tier_change.other_tier" not in found


def test_a_tier_change_needs_the_policy():
    with pytest.raises(ValueError, match="tier-change rules"):
        evaluate_application(TIERS, ROUTE, replace(diploma(2, 5), tier_change=ACTIVE))


def test_a_first_application_by_someone_registered_fails_with_the_number():
    trace = ev(replace(diploma(2, 5), current_registration="ED-0000002-8"))
    result = trace.result("registration.none_current")
    assert result.outcome is RuleOutcome.FAILED
    assert result.facts == {"number": Fact(FactKind.TEXT, "ED-0000002-8")}
    assert trace.proposal is Proposal.REFUSE
    assert ev(diploma(2, 5)).result("registration.none_current") is None


@given(
    current=st.integers(1, 3),
    requested=st.integers(1, 3),
    lower_allowed=st.booleans(),
    written=st.sets(st.sampled_from(CRITERIA)),
    active=st.booleans(),
)
def test_tier_change_rules_agree_with_their_definition(
    current, requested, lower_allowed, written, active
):
    rules = RULES.model_copy(update={"allow_lower_tier": lower_allowed})
    reflections = {c: "w" * MIN for c in written}
    facts = TierChangeFacts("ED-0000001-1", current, active, reflections)
    found = {r.rule: r.outcome for r in tier_change_rules(rules, CRITERIA, facts, requested)}
    passed = RuleOutcome.PASSED
    assert (found["tier_change.registration_active"] is passed) == active
    assert (found["tier_change.other_tier"] is passed) == (requested != current)
    assert ("tier_change.lower_tier" in found) == (requested < current)
    if requested < current:
        assert (found["tier_change.lower_tier"] is passed) == lower_allowed
    assert ("tier_change.growth_reflection" in found) == asks_for_growth(current, requested)
    if requested > current:
        complete = set(written) == set(CRITERIA)
        assert (found["tier_change.growth_reflection"] is passed) == complete


def test_the_validity_stays_or_restarts_as_the_policy_says():
    current = Validity(dt.date(2024, 3, 1), dt.date(2029, 3, 1))
    decided = dt.date(2026, 6, 15)
    assert validity_after_tier_change(RULES, current, decided, 5) == current
    restarts = RULES.model_copy(update={"validity_restarts": True})
    assert validity_after_tier_change(restarts, current, decided, 5) == Validity(
        decided, dt.date(2031, 6, 15)
    )

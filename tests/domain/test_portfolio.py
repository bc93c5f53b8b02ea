"""The transitional-route portfolio built from the sources (register/domain/portfolio.py):
its rubric per tier, and who may assess it. Pure: the real policies, no app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from register.domain.portfolio import (
    AssessorFacts,
    check_assignment,
    competence_items,
    rubric,
    situation_items,
    training_valid_until,
)
from register.domain.trace import Fact, FactKind, RuleOutcome
from register.policy.loader import load_policies

POLICIES = load_policies(Path(__file__).resolve().parents[2] / "policies")
FRAMEWORK, ROUTE = POLICIES.framework, POLICIES.transitional_route
TODAY = dt.date(2026, 6, 1)
SET = [s.id for s in FRAMEWORK.critical_situations_in_use()]


def test_the_rubric_asks_the_tiers_competences_then_the_described_situations():
    items = rubric(FRAMEWORK, ROUTE, 1, {SET[3], SET[0]})
    assert [i.id for i in items] == [*ROUTE.tiers[1].portfolio_competences, SET[0], SET[3]]
    assert [i.kind for i in items] == ["competence"] * 4 + ["situation"] * 2


def test_competences_carry_the_curriculums_behavioural_traits():
    c1 = competence_items(FRAMEWORK, ROUTE, 2)[0]
    assert c1.id == "C1" and c1.name.source == "001"
    assert "Gebruikt niet-medische taal" in [i.nl for i in c1.indicators]
    assert (
        c1.text("en") == "Contact and communication skills in individual contacts and with groups"
    )


@pytest.mark.parametrize(
    ("competence", "title"),
    [
        ("C2", "Je bent een klantgerichte ondernemer"),
        ("C4", "Je werkt zelfstandig samen"),
        ("C7", "Je reflecteert bewust"),
    ],
)
def test_the_competence_profile_a_and_b_anchors_three_competences(competence, title):
    item = next(i for i in competence_items(FRAMEWORK, ROUTE, 3) if i.id == competence)
    assert item.anchor.title.nl == title and item.anchor.title.source == "002"
    assert item.anchor.desired and item.anchor.undesired


def test_the_other_competences_are_anchored_by_their_traits_alone():
    anchored = {i.id for i in competence_items(FRAMEWORK, ROUTE, 3) if i.anchor}
    assert anchored == {"C2", "C4", "C7"}


def test_situations_come_from_the_set_in_use():
    assert [i.id for i in situation_items(FRAMEWORK)] == SET
    assert situation_items(FRAMEWORK)[0].name.nl == "Nabijheid versus afstand"
    assert situation_items(FRAMEWORK, {"CPS-NEW-1"}) == ()  # the renewed set is not in use


def test_no_tier_no_rubric():
    assert rubric(FRAMEWORK, ROUTE, None, SET) == ()
    assert rubric(FRAMEWORK, ROUTE, 7, SET) == ()


# --- who may assess ----------------------------------------------------------------------


def _trained(days_ago=30):
    return TODAY - dt.timedelta(days=days_ago)


def test_training_counts_for_the_policys_years():
    assert training_valid_until(ROUTE, dt.date(2024, 2, 29)) == dt.date(
        2024 + ROUTE.assessors.training_valid_years, 2, 28
    )
    assert training_valid_until(ROUTE, None) is None


def test_a_trained_expert_by_experience_is_assignable():
    trace = check_assignment(ROUTE, [], AssessorFacts("A", True, _trained()), TODAY)
    assert [r.outcome for r in trace.results] == [RuleOutcome.PASSED, RuleOutcome.PASSED]


def test_an_assessor_without_training_on_record_is_missing_it():
    trace = check_assignment(ROUTE, [], AssessorFacts("A", True, None), TODAY)
    assert trace.result("assessor.trained").outcome is RuleOutcome.MISSING


def test_an_expired_training_fails_on_the_day_after_it_ends():
    years = ROUTE.assessors.training_valid_years
    trained_on = dt.date(TODAY.year - years, TODAY.month, TODAY.day)
    on_the_day = check_assignment(ROUTE, [], AssessorFacts("A", True, trained_on), TODAY)
    assert on_the_day.result("assessor.trained").outcome is RuleOutcome.PASSED
    late = check_assignment(
        ROUTE, [], AssessorFacts("A", True, trained_on), TODAY + dt.timedelta(days=1)
    )
    result = late.result("assessor.trained")
    assert result.outcome is RuleOutcome.FAILED
    assert result.facts["valid_until"] == Fact(FactKind.DATE, TODAY)


def test_the_first_of_two_need_not_be_an_expert_by_experience():
    trace = check_assignment(ROUTE, [], AssessorFacts("A", False, _trained()), TODAY)
    result = trace.result("assessors.lived_experience")
    assert result.outcome is RuleOutcome.PENDING
    assert result.facts["open"] == Fact(FactKind.COUNT, 1)


def test_the_second_must_be_one_when_the_first_is_not():
    first = AssessorFacts("A", False, _trained())
    fails = check_assignment(ROUTE, [first], AssessorFacts("B", False, _trained()), TODAY)
    assert fails.result("assessors.lived_experience").outcome is RuleOutcome.FAILED
    passes = check_assignment(ROUTE, [first], AssessorFacts("C", True, _trained()), TODAY)
    assert passes.result("assessors.lived_experience").outcome is RuleOutcome.PASSED


def test_a_policy_without_the_preference_passes_anyone():
    relaxed = ROUTE.model_copy(
        update={
            "assessors": ROUTE.assessors.model_copy(update={"min_lived_experience_assessors": 0})
        }
    )
    first = AssessorFacts("A", False, _trained())
    trace = check_assignment(relaxed, [first], AssessorFacts("B", False, _trained()), TODAY)
    assert trace.result("assessors.lived_experience").outcome is RuleOutcome.PASSED

"""Changing and correcting a registered name (register/domain/name_change.py): a request
needs a complete, different name and proof; a registrar's correction is a typo only (at
most the policy's number of single-character edits over the whole name). Pure: no app."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.domain.eligibility import Proposal
from register.domain.lifecycle import IllegalTransition
from register.domain.name_change import (
    NAME_CHANGE_LIFECYCLE,
    NameChangeAction,
    NameChangeState,
    PersonName,
    evaluate_name_change,
    evaluate_name_correction,
    name_edits,
)
from register.domain.trace import Fact, FactKind, RuleOutcome
from tests.domain.test_eligibility import POLICIES

POLICY = POLICIES.registration.name_correction
JAN = PersonName("Jan", "van der", "Berg")


def test_names_are_tidied_and_shown_as_the_register_shows_them():
    name = PersonName.of("  Anna  Maria ", None, " Jansen ")
    assert name == PersonName("Anna Maria", "", "Jansen")
    assert name.full == "Anna Maria Jansen"
    assert JAN.full == "Jan van der Berg"


@pytest.mark.parametrize(
    ("new", "edits"),
    [
        (PersonName("Jan", "van der", "Berg"), 0),
        (PersonName("Jna", "van der", "Berg"), 1),  # two neighbours swapped
        (PersonName("Jan", "van der", "Bergh"), 1),  # one added
        (PersonName("Jan", "van de", "Berg"), 1),  # one removed
        (PersonName("Jan", "Van der", "Berg"), 1),  # a capital counts
        (PersonName("Jan", "van der", "Bërg"), 1),  # an accent counts
        (PersonName("Jan", "", "Berg"), 7),  # the prefix gone
        (PersonName("Jan", "van der", "Bakker"), 4),  # "akk" added, "g" removed
    ],
)
def test_edits_are_counted_part_by_part(new, edits):
    assert name_edits(JAN, new) == edits


def test_a_request_with_proof_for_another_name_is_proposed_for_approval():
    trace = evaluate_name_change(JAN, PersonName("Jan", "", "Bakker"), has_proof=True)
    assert trace.proposal is Proposal.APPROVE
    assert trace.result("name.differs").facts == {
        "current": Fact(FactKind.TEXT, "Jan van der Berg"),
        "requested": Fact(FactKind.TEXT, "Jan Bakker"),
    }


def test_a_request_without_proof_is_incomplete_and_the_same_name_is_refused():
    no_proof = evaluate_name_change(JAN, PersonName("Jan", "", "Bakker"), has_proof=False)
    assert no_proof.result("name_change.proof").outcome is RuleOutcome.MISSING
    assert no_proof.proposal is Proposal.INCOMPLETE
    same = evaluate_name_change(JAN, JAN, has_proof=True)
    assert same.result("name.differs").outcome is RuleOutcome.FAILED
    assert same.proposal is Proposal.REFUSE
    empty = evaluate_name_change(JAN, PersonName("Jan", "", ""), has_proof=True)
    assert empty.result("name.complete").outcome is RuleOutcome.FAILED


@pytest.mark.parametrize(
    ("corrected", "proposal"),
    [
        (PersonName("Jan", "van der", "Berg"), Proposal.REFUSE),  # nothing to correct
        (PersonName("Jna", "van der", "Berg"), Proposal.APPROVE),
        (PersonName("Jan", "van der", "Bergh"), Proposal.APPROVE),
        (PersonName("Jan", "van den", "Bergh"), Proposal.APPROVE),  # two edits: the limit
        (PersonName("Jan", "van den", "Berghe"), Proposal.REFUSE),  # three
        (PersonName("Johannes", "", "Bakker"), Proposal.REFUSE),  # a new name
    ],
)
def test_a_correction_is_a_typo_only(corrected, proposal):
    assert POLICY.max_edits == 2
    trace = evaluate_name_correction(POLICY, JAN, corrected)
    assert trace.proposal is proposal
    small = trace.result("name_correction.small")
    assert small.facts["max_edits"] == Fact(FactKind.COUNT, 2)
    assert small.facts["edits"] == Fact(FactKind.COUNT, name_edits(JAN, corrected))


NAME_PART = st.text(alphabet="abcdeéëijnorstvBCDJ '-", max_size=12)
NAMES = st.builds(PersonName, NAME_PART, NAME_PART, NAME_PART)


@given(NAMES, NAMES)
def test_edits_are_a_distance(a, b):
    assert name_edits(a, a) == 0
    assert name_edits(a, b) == name_edits(b, a)
    assert (name_edits(a, b) == 0) == (a == b)


@given(NAMES, st.integers(1, 5))
def test_a_correction_passes_exactly_within_the_limit(a, limit):
    policy = POLICY.model_copy(update={"max_edits": limit})
    b = PersonName(a.given_names + "x" * limit, a.surname_prefix, a.surname)
    assert evaluate_name_correction(policy, a, b).result("name_correction.small").passed
    c = PersonName(b.given_names + "x", b.surname_prefix, b.surname)
    assert not evaluate_name_correction(policy, a, c).result("name_correction.small").passed


def test_a_request_is_decided_once():
    assert NAME_CHANGE_LIFECYCLE.allowed_actions(NameChangeState.PENDING) == (
        NameChangeAction.APPROVE,
        NameChangeAction.REFUSE,
        NameChangeAction.WITHDRAW,
    )
    for final in (NameChangeState.APPROVED, NameChangeState.REFUSED, NameChangeState.WITHDRAWN):
        assert NAME_CHANGE_LIFECYCLE.allowed_actions(final) == ()
        with pytest.raises(IllegalTransition):
            NAME_CHANGE_LIFECYCLE.next_state(final, NameChangeAction.APPROVE)

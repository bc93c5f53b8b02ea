"""The registrar's identity check (pure): what may be recorded, the rule an approval needs,
and the numbers the register never writes down (a citizen service number passing the
eleven test, an identity document's number)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from register.domain.identity import (
    IDENTITY_RULE,
    IdentityCheckFacts,
    IdentityProblem,
    PersonalNumber,
    check_identity_record,
    identity_rule,
    passes_eleven_test,
    personal_number_in,
)
from register.domain.trace import FactKind, RuleOutcome
from register.policy.loader import load_policies

RULES = load_policies(Path(__file__).resolve().parents[2] / "policies").registration.identity_check
TODAY = dt.date(2026, 12, 1)
SENT = dt.date(2026, 11, 1)


def _check(**changes):
    values = {
        "method": "video_call",
        "document_kind": "passport",
        "checked_on": dt.date(2026, 11, 20),
        "details_match": True,
        "methods": RULES.methods,
        "document_kinds": RULES.document_kinds,
        "today": TODAY,
        "submitted_on": SENT,
    } | changes
    return check_identity_record(**values)


def test_the_policy_names_both_ways_and_the_four_kinds_of_document():
    assert set(RULES.methods) == {"in_person", "video_call"}
    assert set(RULES.document_kinds) == {
        "passport",
        "dutch_identity_card",
        "driving_licence",
        "residence_document",
    }


def test_a_complete_check_on_a_day_since_sending_can_be_recorded():
    assert _check() == []
    assert _check(checked_on=SENT) == []
    assert _check(checked_on=TODAY, method="in_person", document_kind="driving_licence") == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"method": "by_post"}, [("method", IdentityProblem.UNKNOWN_METHOD)]),
        ({"document_kind": "library_card"}, [("document_kind", IdentityProblem.UNKNOWN_DOCUMENT)]),
        ({"checked_on": TODAY + dt.timedelta(days=1)}, [("checked_on", IdentityProblem.IN_FUTURE)]),
        (
            {"checked_on": SENT - dt.timedelta(days=1)},
            [("checked_on", IdentityProblem.BEFORE_SUBMISSION)],
        ),
        ({"details_match": False}, [("details_match", IdentityProblem.DETAILS_DIFFER)]),
    ],
)
def test_each_problem_is_named_on_its_field(changes, expected):
    assert _check(**changes) == expected


def test_name_or_date_of_birth_not_matching_is_never_recorded_even_if_all_else_is_right():
    problems = _check(details_match=False, method="by_post")
    assert ("details_match", IdentityProblem.DETAILS_DIFFER) in problems
    assert len(problems) == 2


def test_the_rule_is_missing_without_a_check_and_passes_with_how_what_and_when():
    missing = identity_rule(None)
    assert (missing.rule, missing.outcome, dict(missing.facts)) == (
        IDENTITY_RULE,
        RuleOutcome.MISSING,
        {},
    )
    passed = identity_rule(IdentityCheckFacts("in_person", "dutch_identity_card", SENT))
    assert passed.outcome is RuleOutcome.PASSED
    assert {k: (f.kind, f.value) for k, f in passed.facts.items()} == {
        "method": (FactKind.IDENTITY_METHOD, "in_person"),
        "document": (FactKind.IDENTITY_DOCUMENT, "dutch_identity_card"),
        "checked_on": (FactKind.DATE, SENT),
    }
    assert type(passed).from_json(passed.to_json()) == passed  # stored with the decision


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("111222333", True),  # 9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3 = 69 … −3 = 66 = 6·11
        ("123456782", True),
        ("123456789", False),
        ("000000000", False),
        ("12345678", False),
        ("12345678a", False),
    ],
)
def test_the_eleven_test(digits, valid):
    assert passes_eleven_test(digits) is valid


@pytest.mark.parametrize(
    "text",
    [
        "BSN 111222333",
        "bsn: 1234.56.782 gezien",
        "nummer 123 456 782",
        "123-456-782",
    ],
)
def test_a_text_with_a_citizen_service_number_is_caught(text):
    assert personal_number_in(text) is PersonalNumber.CITIZEN_SERVICE_NUMBER


@pytest.mark.parametrize("text", ["paspoort NWF3K1B72 gezien", "ID-kaart IR12AB345"])
def test_a_text_with_a_dutch_document_number_is_caught(text):
    assert personal_number_in(text) is PersonalNumber.DOCUMENT_NUMBER


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Tweede voornaam staat niet op het paspoort.",
        "Gezien op 20-11-2026 om 14:30",
        "telefoon 0612345678",  # ten digits: a phone number, not a BSN
        "123456789",  # nine digits failing the eleven test
        "1112223334",  # a longer number containing a valid BSN is not one
        "registratie ED-00012345",
    ],
)
def test_ordinary_remarks_pass(text):
    assert personal_number_in(text) is None

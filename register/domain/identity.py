"""Confirming an applicant's identity before a first registration (identiteitscontrole).

A registrar sees the applicant, in person or by video call, with an identity document, and
records how, against which kind of document and when, and that the name and date of birth
matched the application. The register never keeps a copy or the number of the document, nor
a citizen service number (burgerservicenummer, BSN): there is no field for them, and a text a
registrar types that looks like one is refused (``personal_number_in``).

Pure: the methods and document kinds come from the registration policy as plain codes.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Collection
from dataclasses import dataclass

from register.domain.trace import Fact, FactKind, RuleOutcome, RuleResult

#: the rule an approval needs: the applicant's identity was confirmed (the calls below write
#: it out, so that the rule-text test finds it)
IDENTITY_RULE = "identity.confirmed"


@dataclass(frozen=True)
class IdentityCheckFacts:
    """A recorded identity check as the rules see it (method and document kind are codes of
    the registration policy)."""

    method: str
    document_kind: str
    checked_on: dt.date


class IdentityProblem(enum.StrEnum):
    """Why an identity check cannot be recorded as typed."""

    UNKNOWN_METHOD = "unknown_method"
    UNKNOWN_DOCUMENT = "unknown_document"
    IN_FUTURE = "in_future"
    BEFORE_SUBMISSION = "before_submission"
    DETAILS_DIFFER = "details_differ"


def check_identity_record(
    *,
    method: str,
    document_kind: str,
    checked_on: dt.date,
    details_match: bool,
    methods: Collection[str],
    document_kinds: Collection[str],
    today: dt.date,
    submitted_on: dt.date | None,
) -> list[tuple[str, IdentityProblem]]:
    """What stands in the way of recording the check, as (field, problem) pairs; empty when
    it can be recorded. The check belongs to this application: it cannot predate its
    sending, nor lie in the future. When the name or date of birth on the document did not
    match the application, nothing is recorded: the registrar asks the applicant first."""
    problems: list[tuple[str, IdentityProblem]] = []
    if method not in methods:
        problems.append(("method", IdentityProblem.UNKNOWN_METHOD))
    if document_kind not in document_kinds:
        problems.append(("document_kind", IdentityProblem.UNKNOWN_DOCUMENT))
    if checked_on > today:
        problems.append(("checked_on", IdentityProblem.IN_FUTURE))
    elif submitted_on is not None and checked_on < submitted_on:
        problems.append(("checked_on", IdentityProblem.BEFORE_SUBMISSION))
    if not details_match:
        problems.append(("details_match", IdentityProblem.DETAILS_DIFFER))
    return problems


def identity_rule(check: IdentityCheckFacts | None) -> RuleResult:
    """Passed with how, against what and when the identity was confirmed; missing while no
    check is recorded (an approval waits for it)."""
    if check is None:
        return RuleResult("identity.confirmed", RuleOutcome.MISSING)
    return RuleResult(
        "identity.confirmed",
        RuleOutcome.PASSED,
        {
            "method": Fact(FactKind.IDENTITY_METHOD, check.method),
            "document": Fact(FactKind.IDENTITY_DOCUMENT, check.document_kind),
            "checked_on": Fact(FactKind.DATE, check.checked_on),
        },
    )


# --- numbers that must never be stored -----------------------------------------------------

#: nine digits, possibly grouped by spaces, dots or hyphens (1234.56.782, 123 456 782)
_NINE_DIGITS = re.compile(r"(?<![\d])(\d(?:[ .\-]?\d){8})(?![\d])")
#: the number of a Dutch passport or identity card: two letters, six letters or digits and a
#: digit, never the letter O (nine characters, no spaces)
_DOCUMENT_NUMBER = re.compile(r"(?<![A-Za-z0-9])[A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9](?![A-Za-z0-9])")


class PersonalNumber(enum.StrEnum):
    """A number a registrar may not write down about an applicant."""

    CITIZEN_SERVICE_NUMBER = "citizen_service_number"
    DOCUMENT_NUMBER = "document_number"


def passes_eleven_test(digits: str) -> bool:
    """The BSN's eleven test (elfproef): 9×d1 + 8×d2 + … + 2×d8 − d9 is a multiple of 11
    (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def personal_number_in(text: str | None) -> PersonalNumber | None:
    """The kind of number in ``text`` that looks like a citizen service number (nine digits
    passing the eleven test) or an identity document's number; None when there is none."""
    if not text:
        return None
    for match in _NINE_DIGITS.finditer(text):
        if passes_eleven_test(re.sub(r"\D", "", match.group(1))):
            return PersonalNumber.CITIZEN_SERVICE_NUMBER
    if _DOCUMENT_NUMBER.search(text):
        return PersonalNumber.DOCUMENT_NUMBER
    return None

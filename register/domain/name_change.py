"""Changing a registered name (naamswijziging) and correcting a typo in one. Pure: no I/O.

A registrant asks for a new name with proof (a marriage certificate, a decision on a change
of name); a registrar approves or refuses. A registrar may also correct a typo directly,
with a reason, but only a small one: at most the policy's number of single-character edits
(add, remove or replace a letter, or swap two neighbouring letters) over the given names,
prefix and surname together. Anything bigger is a change of name and needs a request with
proof. Both are checked here with a trace.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from register.domain.eligibility import Proposal
from register.domain.lifecycle import Lifecycle
from register.domain.trace import Fact, FactKind, RuleOutcome, RuleResult, Trace, passed_if
from register.policy.registration import NameCorrection

_K, _O = FactKind, RuleOutcome


@dataclass(frozen=True)
class PersonName:
    """A name as the register holds it: given names, surname prefix (tussenvoegsel), surname."""

    given_names: str
    surname_prefix: str
    surname: str

    @classmethod
    def of(cls, given_names: str | None, surname_prefix: str | None, surname: str | None):
        """The name with each part trimmed and inner runs of spaces made single."""

        def clean(part: str | None) -> str:
            return " ".join((part or "").split())

        return cls(clean(given_names), clean(surname_prefix), clean(surname))

    @property
    def parts(self) -> tuple[str, str, str]:
        return (self.given_names, self.surname_prefix, self.surname)

    @property
    def full(self) -> str:
        """The name as the public register shows it."""
        return " ".join(p for p in self.parts if p)


def name_edits(old: PersonName, new: PersonName) -> int:
    """Single-character edits from ``old`` to ``new``, part by part (Damerau-Levenshtein:
    adding, removing or replacing a letter, or swapping two neighbouring ones, is one edit;
    capitals and accents count)."""
    from rapidfuzz.distance import DamerauLevenshtein  # loaded by the first name change

    return sum(DamerauLevenshtein.distance(a, b) for a, b in zip(old.parts, new.parts, strict=True))


def _propose(results: list[RuleResult]) -> Proposal:
    outcomes = {r.outcome for r in results}
    if _O.FAILED in outcomes:
        return Proposal.REFUSE
    if _O.MISSING in outcomes:
        return Proposal.INCOMPLETE
    return Proposal.APPROVE


def _complete_and_different(current: PersonName, new: PersonName) -> list[RuleResult]:
    return [
        passed_if("name.complete", bool(new.given_names and new.surname)),
        passed_if(
            "name.differs",
            new != current,
            current=Fact(_K.TEXT, current.full),
            requested=Fact(_K.TEXT, new.full),
        ),
    ]


def evaluate_name_change(current: PersonName, requested: PersonName, has_proof: bool) -> Trace:
    """A registrant's request for another registered name: a complete name, another one
    than now, and proof of the change."""
    results = _complete_and_different(current, requested)
    results.append(RuleResult("name_change.proof", _O.PASSED if has_proof else _O.MISSING))
    return Trace(_propose(results), tuple(results))


def evaluate_name_correction(
    policy: NameCorrection, current: PersonName, corrected: PersonName
) -> Trace:
    """A registrar's correction of a typo: a complete name, another one than now, and no
    more than ``policy.max_edits`` single-character edits away."""
    results = _complete_and_different(current, corrected)
    edits = name_edits(current, corrected)
    results.append(
        passed_if(
            "name_correction.small",
            edits <= policy.max_edits,
            edits=Fact(_K.COUNT, edits),
            max_edits=Fact(_K.COUNT, policy.max_edits),
        )
    )
    return Trace(_propose(results), tuple(results))


class NameChangeState(enum.StrEnum):
    """Where a registrant's request for another registered name stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class NameChangeAction(enum.StrEnum):
    """What can happen to a request for another registered name."""

    APPROVE = "approve"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"


_S, _A = NameChangeState, NameChangeAction
NAME_CHANGE_LIFECYCLE: Lifecycle[NameChangeState, NameChangeAction] = Lifecycle(
    {
        (_S.PENDING, _A.APPROVE): _S.APPROVED,
        (_S.PENDING, _A.REFUSE): _S.REFUSED,
        (_S.PENDING, _A.WITHDRAW): _S.WITHDRAWN,
    }
)


class NameChangeKind(enum.StrEnum):
    """How a registered name changed: on the registrant's request, or a registrar's typo
    correction."""

    REQUEST = "request"
    CORRECTION = "correction"

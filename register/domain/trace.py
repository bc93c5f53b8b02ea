"""The trace of a rule check: one type for eligibility (applications) and accreditation.

A check returns a ``Trace``: what the rules propose and, per rule, a ``RuleResult`` with its
outcome and the facts it looked at. Facts are typed values (``Fact(FactKind.HOURS, 1234.5)``),
never formatted text: the presentation layer (``register.rule_display``) formats each kind
for the reader's language, and the texts live in one registry
(``register.domain.rule_texts``). A trace is stored as JSON (``to_json``/``from_json``), for
instance with an accreditation decision.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar


class RuleOutcome(enum.StrEnum):
    """The result of one rule."""

    PASSED = "passed"
    FAILED = "failed"
    MISSING = "missing"  # the applicant still has to provide something
    PENDING = "pending"  # waiting for others: referees, assessors


# --- facts ---------------------------------------------------------------------------------


class FactKind(enum.StrEnum):
    """What a fact is: decides how it is stored and how it is shown."""

    COUNT = "count"  # a number of things: sessions, referees, assessors, criteria
    HOURS = "hours"  # hours of work (one decimal)
    POINTS = "points"  # points of continuing development (one decimal)
    YEARS = "years"  # years of work (two decimals)
    MONTHS = "months"  # a look-back window
    LEVEL = "level"  # an NLQF level
    TIER = "tier"  # a practice tier's code
    FLAG = "flag"  # yes or no
    TEXT = "text"  # a name as given (a programme's name)
    CATEGORY = "category"  # a development category's policy code, shown by its policy name
    DATE = "date"
    LEVELS = "levels"  # NLQF levels
    NAMES = "names"  # names of people
    IDS = "ids"  # ids of criteria, rubric items or competences, as the policy names them
    PERIODS = "periods"  # (first day, last day) ranges, both included
    IDENTITY_METHOD = "identity_method"  # how an identity was checked: a policy code
    IDENTITY_DOCUMENT = "identity_document"  # the kind of document seen: a policy code


#: kinds whose value is a tuple (shown as a list; empty when there are none)
LIST_KINDS = frozenset({FactKind.LEVELS, FactKind.NAMES, FactKind.IDS, FactKind.PERIODS})


@dataclass(frozen=True)
class Fact:
    """A typed value a rule looked at: its kind and the value (a tuple for list kinds)."""

    kind: FactKind
    value: Any

    def __post_init__(self):
        if self.kind in LIST_KINDS:
            object.__setattr__(self, "value", tuple(map(_freeze, self.value)))

    @property
    def empty(self) -> bool:
        """True for a list kind without items (a note about it would say nothing)."""
        return self.kind in LIST_KINDS and not self.value

    def to_json(self) -> dict:
        """``{"kind", "value"}`` with dates as ISO strings and tuples as lists."""
        return {"kind": self.kind.value, "value": _encode(self.value)}

    @classmethod
    def from_json(cls, data: Mapping) -> Fact:
        """The fact ``to_json`` wrote; an unknown kind raises ``ValueError``."""
        kind = FactKind(data["kind"])
        value = data["value"]
        if kind is FactKind.DATE:
            value = dt.date.fromisoformat(value)
        elif kind is FactKind.PERIODS:
            value = [tuple(map(dt.date.fromisoformat, period)) for period in value]
        return cls(kind, value)


def _freeze(item):
    return tuple(item) if isinstance(item, list) else item


def _encode(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    return value


# --- results and traces --------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """One line of a trace: the rule, its outcome, and the facts it looked at."""

    rule: str
    outcome: RuleOutcome
    facts: Mapping[str, Fact] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.outcome is RuleOutcome.PASSED

    def to_json(self) -> dict:
        """A JSON-safe form: ``{"rule", "outcome", "facts": {name: {"kind", "value"}}}``."""
        return {
            "rule": self.rule,
            "outcome": self.outcome.value,
            "facts": {key: fact.to_json() for key, fact in self.facts.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping) -> RuleResult:
        """The result ``to_json`` wrote."""
        facts = {key: Fact.from_json(fact) for key, fact in data["facts"].items()}
        return cls(data["rule"], RuleOutcome(data["outcome"]), facts)


def passed_if(rule: str, ok: bool, **facts: Fact) -> RuleResult:
    """A rule that passes when ``ok`` and fails otherwise."""
    return RuleResult(rule, RuleOutcome.PASSED if ok else RuleOutcome.FAILED, facts)


P = TypeVar("P", bound=enum.Enum)


@dataclass(frozen=True)
class Trace(Generic[P]):  # noqa: UP046 (Python 3.11)
    """What the rules propose (an enum member, or None for a plain check) and every rule
    checked, in order."""

    proposal: P | None
    results: tuple[RuleResult, ...]

    @property
    def passed(self) -> bool:
        """True when every rule passed."""
        return all(r.passed for r in self.results)

    def with_outcome(self, outcome: RuleOutcome) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if r.outcome is outcome)

    @property
    def missing(self) -> tuple[RuleResult, ...]:
        """What the applicant still has to provide."""
        return self.with_outcome(RuleOutcome.MISSING)

    def result(self, rule: str) -> RuleResult | None:
        """The result of ``rule``, or None when it was not checked."""
        return next((r for r in self.results if r.rule == rule), None)

    def to_json(self) -> dict:
        """A JSON-safe form: ``{"proposal": value or None, "results": [...]}``."""
        return {
            "proposal": self.proposal.value if self.proposal is not None else None,
            "results": [r.to_json() for r in self.results],
        }

    @classmethod
    def from_json(cls, data: Mapping, proposal_type: type[P] | None = None) -> Trace[P]:
        """The trace ``to_json`` wrote; ``proposal_type`` is the proposal's enum."""
        raw = data["proposal"]
        proposal = proposal_type(raw) if raw is not None and proposal_type else None
        return cls(proposal, tuple(RuleResult.from_json(r) for r in data["results"]))

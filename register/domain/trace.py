"""The trace of a rule check: one type for eligibility (applications) and accreditation.

A check returns a ``Trace``: what the rules propose and, per rule, a ``RuleResult`` with its
outcome and the facts it looked at. Facts are typed values (``Hours``, ``Day``, ``Ids`` ...),
never formatted text: the presentation layer (``register.rule_display``) formats each kind
for the reader's language, and the texts live in one registry
(``register.domain.rule_texts``). A trace is stored as JSON (``to_json``/``from_json``), for
instance with an accreditation decision.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar


class RuleOutcome(enum.StrEnum):
    """The result of one rule."""

    PASSED = "passed"
    FAILED = "failed"
    MISSING = "missing"  # the applicant still has to provide something
    PENDING = "pending"  # waiting for others: referees, assessors


# --- facts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scalar:
    """A fact holding one JSON-safe value."""

    kind: ClassVar[str]
    value: Any

    def encode(self) -> Any:
        return self.value

    @classmethod
    def decode(cls, raw: Any) -> _Scalar:
        return cls(raw)

    @property
    def empty(self) -> bool:
        return False


@dataclass(frozen=True)
class _Many:
    """A fact holding a tuple of values (shown as a list, empty when there are none)."""

    kind: ClassVar[str]
    value: tuple

    def __post_init__(self):
        object.__setattr__(self, "value", tuple(self.value))

    def encode(self) -> list:
        return list(self.value)

    @classmethod
    def decode(cls, raw: Iterable) -> _Many:
        return cls(tuple(raw))

    @property
    def empty(self) -> bool:
        return not self.value


@dataclass(frozen=True)
class Count(_Scalar):
    """A number of things: sessions, referees, assessors, criteria."""

    kind: ClassVar[str] = "count"
    value: int


@dataclass(frozen=True)
class Hours(_Scalar):
    """Hours of work (one decimal)."""

    kind: ClassVar[str] = "hours"
    value: float


@dataclass(frozen=True)
class Years(_Scalar):
    """Years of work (two decimals)."""

    kind: ClassVar[str] = "years"
    value: float


@dataclass(frozen=True)
class Months(_Scalar):
    """A number of months (a look-back window)."""

    kind: ClassVar[str] = "months"
    value: int


@dataclass(frozen=True)
class Level(_Scalar):
    """An NLQF level."""

    kind: ClassVar[str] = "level"
    value: int


@dataclass(frozen=True)
class Tier(_Scalar):
    """A practice tier's code (1, 2, 3)."""

    kind: ClassVar[str] = "tier"
    value: int


@dataclass(frozen=True)
class Flag(_Scalar):
    """Yes or no."""

    kind: ClassVar[str] = "flag"
    value: bool


@dataclass(frozen=True)
class Text(_Scalar):
    """A name as given (a programme's name)."""

    kind: ClassVar[str] = "text"
    value: str


@dataclass(frozen=True)
class Day(_Scalar):
    """A calendar date."""

    kind: ClassVar[str] = "date"
    value: dt.date

    def encode(self) -> str:
        return self.value.isoformat()

    @classmethod
    def decode(cls, raw: str) -> Day:
        return cls(dt.date.fromisoformat(raw))


@dataclass(frozen=True)
class Levels(_Many):
    """NLQF levels (those that give entry to a tier)."""

    kind: ClassVar[str] = "levels"
    value: tuple[int, ...]


@dataclass(frozen=True)
class Names(_Many):
    """Names of people (assessors linked to a provider)."""

    kind: ClassVar[str] = "names"
    value: tuple[str, ...]


@dataclass(frozen=True)
class Ids(_Many):
    """Ids of criteria, rubric items or competences, as the policy names them."""

    kind: ClassVar[str] = "ids"
    value: tuple[str, ...]


@dataclass(frozen=True)
class Periods(_Many):
    """Date ranges, first and last day included (accreditation periods)."""

    kind: ClassVar[str] = "periods"
    value: tuple[tuple[dt.date, dt.date], ...]

    def encode(self) -> list:
        return [[a.isoformat(), b.isoformat()] for a, b in self.value]

    @classmethod
    def decode(cls, raw: Iterable) -> Periods:
        return cls(tuple((dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in raw))


_KINDS = (Count, Hours, Years, Months, Level, Tier, Flag, Text, Day, Levels, Names, Ids, Periods)
Fact = _Scalar | _Many  # one of the kinds above
FACT_KINDS: Mapping[str, type] = {cls.kind: cls for cls in _KINDS}


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
            "facts": {k: {"kind": f.kind, "value": f.encode()} for k, f in self.facts.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping) -> RuleResult:
        """The result ``to_json`` wrote; an unknown fact kind raises ``KeyError``."""
        facts = {k: FACT_KINDS[v["kind"]].decode(v["value"]) for k, v in data["facts"].items()}
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

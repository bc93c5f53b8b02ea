"""Changing tier (wijziging van niveau): the rules an application for another tier meets on
top of its route's rules, the one-current-registration rule for first applications, and
the validity after a tier change. Pure: no I/O.

A registrant applies for another tier by the diploma or the transitional route, as a new
applicant does; the route's rules (the transitional route's opening dates too) apply
unchanged. On approval the same registration changes tier and keeps its number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from register.domain.dates import add_years
from register.domain.trace import Fact, FactKind, RuleOutcome, RuleResult, passed_if
from register.policy.registration import TierChangeRules

_K, _O = FactKind, RuleOutcome


@dataclass(frozen=True)
class TierChangeFacts:
    """The registration an application for another tier would change, and the applicant's
    reflections on growth (criterion id → text)."""

    number: str
    current_tier: int
    registration_active: bool
    reflections: Mapping[str, str] = field(default_factory=dict)


def asks_for_growth(current_tier: int, requested_tier: int | None) -> bool:
    """A move to a higher tier asks for a reflection on each growth criterion."""
    return requested_tier is not None and requested_tier > current_tier


def missing_reflections(
    criteria: tuple[str, ...], reflections: Mapping[str, str], min_characters: int
) -> tuple[str, ...]:
    """The criteria whose reflection is empty or shorter than ``min_characters`` (after
    trimming spaces)."""
    return tuple(c for c in criteria if len((reflections.get(c) or "").strip()) < min_characters)


def tier_change_rules(
    rules: TierChangeRules,
    criteria: tuple[str, ...],
    facts: TierChangeFacts,
    requested_tier: int | None,
) -> list[RuleResult]:
    """The rules of a tier change: the registration is active, the tier asked for is
    another one (a lower one only where the policy allows it), and a move up comes with a
    reflection on every growth criterion. ``criteria`` are the policy's criterion ids."""
    number = Fact(_K.TEXT, facts.number)
    out = [passed_if("tier_change.registration_active", facts.registration_active, number=number)]
    if requested_tier is None:
        return out
    tiers = {
        "current": Fact(_K.TIER, facts.current_tier),
        "requested": Fact(_K.TIER, requested_tier),
    }
    out.append(passed_if("tier_change.other_tier", requested_tier != facts.current_tier, **tiers))
    if requested_tier < facts.current_tier:
        out.append(passed_if("tier_change.lower_tier", rules.allow_lower_tier, **tiers))
    if asks_for_growth(facts.current_tier, requested_tier):
        missing = missing_reflections(criteria, facts.reflections, rules.reflection_min_characters)
        out.append(
            RuleResult(
                "tier_change.growth_reflection",
                _O.MISSING if missing else _O.PASSED,
                {
                    "missing": Fact(_K.COUNT, len(missing)),
                    "criteria": Fact(_K.COUNT, len(criteria)),
                    "min_characters": Fact(_K.COUNT, rules.reflection_min_characters),
                },
            )
        )
    return out


def already_registered_rule(current_number: str) -> RuleResult:
    """A first application by someone who already holds current registration
    ``current_number`` fails: a person has at most one current registration, and an
    application for another tier changes the one they have. (Reported only then.)"""
    return RuleResult(
        "registration.none_current", _O.FAILED, {"number": Fact(_K.TEXT, current_number)}
    )


@dataclass(frozen=True)
class Validity:
    """A registration's validity: first and last day."""

    valid_from: dt.date
    valid_until: dt.date


def validity_after_tier_change(
    rules: TierChangeRules, current: Validity, decided_on: dt.date, validity_years: int
) -> Validity:
    """The validity after a tier change decided on ``decided_on``: a new period of
    ``validity_years`` from the decision when the policy restarts it, otherwise unchanged."""
    if rules.validity_restarts:
        return Validity(decided_on, add_years(decided_on, validity_years))
    return current

"""The transitional-route portfolio built from the sources, and who may assess it (pure).

- ``rubric``: the items a portfolio is assessed on for a tier: each competence the tier
  asks (from the framework, with its behavioural traits and, where the competence profile
  A&B describes it, the desired and undesired behaviour as the anchors of the scale), then
  each critical professional situation the applicant described (of the set in use).
- ``check_assignment``: whether an assessor may be assigned to a portfolio: trained as an
  assessor within the policy's validity, and, once the places are filled, the policy's
  number of experts by experience among the assessors (a registrar may record why not).

Policy objects in, plain facts in, a ``Trace`` out: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from register.domain.dates import add_years
from register.domain.trace import Fact, FactKind, RuleOutcome, RuleResult, Trace
from register.policy.framework import FrameworkPolicy
from register.policy.sources import Quote
from register.policy.transitional import Anchor, TransitionalRoutePolicy

_O, _K = RuleOutcome, FactKind

ItemKind = Literal["competence", "situation"]


@dataclass(frozen=True)
class RubricItem:
    """One thing a portfolio is assessed on: a competence (``C1``) with its behavioural
    traits and anchors, or a critical professional situation (``CPS-2013-1``)."""

    id: str
    kind: ItemKind
    name: Quote
    indicators: tuple[Quote, ...] = ()
    anchor: Anchor | None = None

    def text(self, lang: str) -> str:
        """The item's name in ``lang``."""
        return self.name.get(lang)


def competence_items(
    framework: FrameworkPolicy, route: TransitionalRoutePolicy, tier: int
) -> tuple[RubricItem, ...]:
    """The competences tier ``tier`` asks of a portfolio, in the policy's order."""
    items = []
    for competence_id in route.tiers[tier].portfolio_competences:
        competence = framework.competence(competence_id)
        items.append(
            RubricItem(
                competence.id,
                "competence",
                competence.name,
                competence.indicators,
                route.portfolio.anchor_for(competence.id),
            )
        )
    return tuple(items)


def situation_items(
    framework: FrameworkPolicy, described: Collection[str] | None = None
) -> tuple[RubricItem, ...]:
    """The critical professional situations of the set in use (only the ``described`` ones
    when given), in the set's order."""
    return tuple(
        RubricItem(s.id, "situation", s)
        for s in framework.critical_situations_in_use()
        if described is None or s.id in described
    )


def rubric(
    framework: FrameworkPolicy,
    route: TransitionalRoutePolicy,
    tier: int | None,
    described: Collection[str],
) -> tuple[RubricItem, ...]:
    """Every item a portfolio for ``tier`` is assessed on: the tier's competences, then the
    critical situations the applicant ``described``. Empty without a (known) tier."""
    if tier not in route.tiers:
        return ()
    return competence_items(framework, route, tier) + situation_items(framework, described)


# --- who may assess -------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessorFacts:
    """What the assignment rule looks at of one assessor: the name (for the trace),
    whether they are an expert by experience, and their latest assessor training."""

    name: str
    lived_experience: bool
    trained_on: dt.date | None


def training_valid_until(route: TransitionalRoutePolicy, trained_on: dt.date | None):
    """The last day a training completed on ``trained_on`` counts (None without one)."""
    if trained_on is None:
        return None
    return add_years(trained_on, route.assessors.training_valid_years)


def check_assignment(
    route: TransitionalRoutePolicy,
    assigned: Sequence[AssessorFacts],
    candidate: AssessorFacts,
    today: dt.date,
) -> Trace[None]:
    """May ``candidate`` join the ``assigned`` assessors of a portfolio?

    ``assessor.trained``: the candidate's assessor training counts on ``today`` (missing
    when none is recorded, failed when it has expired). ``assessors.lived_experience``:
    passed when the assessors (with the candidate) include the policy's number of experts
    by experience, pending while the open places could still bring them, failed when they
    can no longer (a registrar may then record why, and assign all the same)."""
    valid_until = training_valid_until(route, candidate.trained_on)
    if valid_until is None:
        trained = RuleResult(
            "assessor.trained", _O.MISSING, {"name": Fact(_K.TEXT, candidate.name)}
        )
    else:
        trained = RuleResult(
            "assessor.trained",
            _O.PASSED if today <= valid_until else _O.FAILED,
            {
                "name": Fact(_K.TEXT, candidate.name),
                "trained_on": Fact(_K.DATE, candidate.trained_on),
                "valid_until": Fact(_K.DATE, valid_until),
            },
        )
    team = [*assigned, candidate]
    lived = sum(a.lived_experience for a in team)
    required = route.assessors.min_lived_experience_assessors
    open_places = max(0, route.assessors_required - len(team))
    if lived >= required:
        outcome = _O.PASSED
    elif lived + open_places >= required:
        outcome = _O.PENDING
    else:
        outcome = _O.FAILED
    experience = RuleResult(
        "assessors.lived_experience",
        outcome,
        {
            "lived": Fact(_K.COUNT, lived),
            "required": Fact(_K.COUNT, required),
            "open": Fact(_K.COUNT, open_places),
        },
    )
    return Trace(None, (trained, experience))

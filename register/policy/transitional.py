"""Schema of ``policies/transitional-route.yaml``: the transitional route (overgangsregeling)
for experienced peer workers without a recognised diploma: per tier what it asks, the
portfolio (critical situations, the scale and its anchors from the competence profile A&B),
and who may assess a portfolio."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from register.policy.common import Frozen, Text, Versioned
from register.policy.sources import Quote


class TierRequirements(Frozen):
    """The minimum evidence for one tier by the transitional route; ``portfolio_competences``
    are the framework's competences (``C1``…``C7``) the portfolio reflects on."""

    min_hours: int = Field(ge=0)
    min_years: float = Field(ge=0)
    lookback_years: int = Field(ge=1, le=40)
    min_intervision_sessions: int = Field(ge=0)
    intervision_lookback_months: int = Field(ge=1, le=120)
    references_required: int = Field(ge=0, le=10)
    references_from_supervisor_or_employer: int = Field(ge=0, le=10)
    portfolio_competences: tuple[str, ...]

    @model_validator(mode="after")
    def _consistent(self) -> TierRequirements:
        if self.references_from_supervisor_or_employer > self.references_required:
            raise ValueError("references_from_supervisor_or_employer exceeds references_required")
        if not self.portfolio_competences:
            raise ValueError("portfolio_competences must not be empty")
        if len(set(self.portfolio_competences)) != len(self.portfolio_competences):
            raise ValueError(f"portfolio_competences repeat an id: {self.portfolio_competences}")
        return self


class ScaleEnds(Frozen):
    """What the two ends of the scale mean, in the register's words."""

    sufficient: Text
    insufficient: Text


class Scale(Frozen):
    """The scale for a competence and for a critical situation."""

    competence: ScaleEnds
    situation: ScaleEnds


class Anchor(Frozen):
    """The desired and undesired behaviour the competence profile A&B (002) gives for one
    of its competences, read as the anchors of framework competence ``competence``."""

    competence: str
    title: Quote
    description: Quote
    desired: tuple[Quote, ...]
    undesired: tuple[Quote, ...]

    @model_validator(mode="after")
    def _both_ends(self) -> Anchor:
        if not self.desired or not self.undesired:
            raise ValueError(f"anchor of {self.competence}: give desired and undesired behaviour")
        return self


class PortfolioRules(Frozen):
    """The portfolio: how many critical situations the applicant describes, what the
    curriculum says they ask, the scale and its anchors."""

    critical_situations_required: int = Field(ge=1, le=6)
    situation_guidance: Quote
    scale: Scale
    anchors: tuple[Anchor, ...]

    @model_validator(mode="after")
    def _one_anchor_each(self) -> PortfolioRules:
        ids = [a.competence for a in self.anchors]
        if len(ids) != len(set(ids)):
            raise ValueError(f"anchors: a competence has more than one: {ids}")
        return self

    def anchor_for(self, competence_id: str) -> Anchor | None:
        """The 002 anchors of ``competence_id``, if 002 describes it."""
        return next((a for a in self.anchors if a.competence == competence_id), None)


class AssessorRules(Frozen):
    """Who may assess a portfolio: how many of the assessors are experts by experience
    (unless a registrar records why not), and how long an assessor training counts."""

    min_lived_experience_assessors: int = Field(ge=0, le=5)
    training_valid_years: int = Field(ge=1, le=20)
    grounds: tuple[Quote, ...]


class TransitionalRoutePolicy(Versioned):
    """Whether the route is open, until when, per tier what it asks, the portfolio and its
    assessors. Competence and situation ids refer to ``framework.yaml`` (checked when the
    policies load)."""

    open: bool
    open_until: dt.date | None
    voluntary_work_counts: bool
    assessors_required: int = Field(ge=1, le=5)
    #: what happens when the assessors disagree on an item (board to set)
    on_disagreement: Literal["third_assessor", "registrar_weighs"]
    assessors: AssessorRules
    portfolio: PortfolioRules
    tiers: dict[int, TierRequirements]

    @model_validator(mode="after")
    def _cross_references(self) -> TransitionalRoutePolicy:
        if set(self.tiers) != {1, 2, 3}:
            raise ValueError(f"tiers must be 1, 2 and 3, found {sorted(self.tiers)}")
        if self.assessors.min_lived_experience_assessors > self.assessors_required:
            raise ValueError("assessors: min_lived_experience_assessors exceeds assessors_required")
        return self

    def is_open_on(self, day: dt.date) -> bool:
        """True when applications by this route are accepted on ``day``."""
        return self.open and (self.open_until is None or day <= self.open_until)

"""Schema of ``policies/transitional-route.yaml``: the transitional route (overgangsregeling)
for experienced peer workers without a recognised diploma."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from register.policy.common import Frozen, Text, Versioned


class Competence(Frozen):
    """A competence a portfolio reflects on (from the BCP-E / curriculum)."""

    id: str = Field(pattern=r"^[A-Z0-9.-]+$")
    name: Text


class RubricItem(Frozen):
    """One line of the assessors' rubric: a competence or a learning-outcome theme."""

    id: str = Field(pattern=r"^[A-Z0-9.-]+$")
    text: Text


class TierRequirements(Frozen):
    """The minimum evidence for one tier by the transitional route."""

    min_hours: int = Field(ge=0)
    min_years: float = Field(ge=0)
    lookback_years: int = Field(ge=1, le=40)
    min_intervision_sessions: int = Field(ge=0)
    intervision_lookback_months: int = Field(ge=1, le=120)
    references_required: int = Field(ge=0, le=10)
    references_from_supervisor_or_employer: int = Field(ge=0, le=10)
    portfolio_competences: tuple[str, ...]
    rubric: tuple[RubricItem, ...]

    @model_validator(mode="after")
    def _consistent(self) -> TierRequirements:
        if self.references_from_supervisor_or_employer > self.references_required:
            raise ValueError("references_from_supervisor_or_employer exceeds references_required")
        if not self.rubric:
            raise ValueError("rubric must not be empty")
        ids = [item.id for item in self.rubric]
        if len(ids) != len(set(ids)):
            raise ValueError(f"rubric ids are not unique: {ids}")
        return self


class TransitionalRoutePolicy(Versioned):
    """Whether the route is open, until when, and per tier what it asks."""

    open: bool
    open_until: dt.date | None
    voluntary_work_counts: bool
    assessors_required: int = Field(ge=1, le=5)
    competences: tuple[Competence, ...]
    tiers: dict[int, TierRequirements]

    @model_validator(mode="after")
    def _cross_references(self) -> TransitionalRoutePolicy:
        if set(self.tiers) != {1, 2, 3}:
            raise ValueError(f"tiers must be 1, 2 and 3, found {sorted(self.tiers)}")
        known = {c.id for c in self.competences}
        for code, req in self.tiers.items():
            unknown = [c for c in req.portfolio_competences if c not in known]
            if unknown:
                raise ValueError(f"tier {code}: unknown portfolio competences {unknown}")
        return self

    def is_open_on(self, day: dt.date) -> bool:
        """True when applications by this route are accepted on ``day``."""
        return self.open and (self.open_until is None or day <= self.open_until)

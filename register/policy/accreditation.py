"""Schema of ``policies/accreditation.yaml``: panels, the decision rule and validity of
programme accreditations (accreditatie van opleidingen)."""

from __future__ import annotations

from pydantic import Field, model_validator

from register.policy.common import Frozen, Versioned


class PanelRules(Frozen):
    """Who must sit on an assessment panel."""

    min_assessors: int = Field(ge=1, le=9)
    min_lived_experience_assessors: int = Field(ge=0, le=9)

    @model_validator(mode="after")
    def _fits(self) -> PanelRules:
        if self.min_lived_experience_assessors > self.min_assessors:
            raise ValueError("min_lived_experience_assessors exceeds min_assessors")
        return self


class DecisionRule(Frozen):
    """Accredited when all criteria are met; with conditions when at most
    ``max_partly_met_for_conditions`` are partly met and none is not met; else refused."""

    max_partly_met_for_conditions: int = Field(ge=0)
    max_not_met_for_conditions: int = Field(ge=0)
    condition_deadline_months: int = Field(ge=1, le=60)


class AccreditationPolicy(Versioned):
    """How programmes are accredited and for how long."""

    panel: PanelRules
    decision: DecisionRule
    validity_years: int = Field(ge=1, le=20)
    renewal_window_days: int = Field(ge=0, le=730)

"""Schema of ``policies/tiers.yaml``: the three practice tiers of the register."""

from __future__ import annotations

from pydantic import Field, model_validator

from register.policy.common import Frozen, Text, Versioned

NLQF_LEVELS = range(2, 8)


class Tier(Frozen):
    """One practice tier (beroepsniveau) and the training levels that give entry to it."""

    code: int = Field(ge=1, le=3)
    name: Text
    nlqf_levels: tuple[int, ...]
    bcp_level: str = Field(pattern=r"^[A-Z]$")
    core_task_focus: Text
    entry_training_levels: tuple[int, ...]

    @model_validator(mode="after")
    def _levels_in_range(self) -> Tier:
        for level in (*self.nlqf_levels, *self.entry_training_levels):
            if level not in NLQF_LEVELS:
                raise ValueError(f"tier {self.code}: NLQF level {level} is outside 2-7")
        if not self.entry_training_levels:
            raise ValueError(f"tier {self.code}: entry_training_levels must not be empty")
        return self


class GrowthCriterion(Frozen):
    """One of the criteria that the curriculum names for growth in professional practice
    (001 §2.3.4: autonomy, transfer, complexity, responsibility). A registrant who applies
    for a higher tier reflects on each; ``question`` is what the form asks."""

    id: str = Field(pattern=r"^[a-z][a-z_]{1,31}$")
    name: Text
    question: Text


class TiersPolicy(Versioned):
    """All tiers, in order, and the criteria for growth from one tier to the next."""

    tiers: tuple[Tier, ...]
    growth_criteria: tuple[GrowthCriterion, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _three_distinct_tiers(self) -> TiersPolicy:
        codes = [t.code for t in self.tiers]
        if sorted(codes) != [1, 2, 3]:
            raise ValueError(f"tiers must be exactly 1, 2 and 3, found {codes}")
        ids = [c.id for c in self.growth_criteria]
        if len(set(ids)) != len(ids):
            raise ValueError(f"growth_criteria ids must be distinct, found {ids}")
        return self

    def get(self, code: int) -> Tier:
        """The tier with ``code``; KeyError when there is none."""
        for tier in self.tiers:
            if tier.code == code:
                return tier
        raise KeyError(code)

    def tiers_for_training_level(self, level: int) -> tuple[Tier, ...]:
        """The tiers a diploma at NLQF ``level`` gives entry to."""
        return tuple(t for t in self.tiers if level in t.entry_training_levels)

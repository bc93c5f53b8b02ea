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


class TiersPolicy(Versioned):
    """All tiers, in order."""

    tiers: tuple[Tier, ...]

    @model_validator(mode="after")
    def _three_distinct_tiers(self) -> TiersPolicy:
        codes = [t.code for t in self.tiers]
        if sorted(codes) != [1, 2, 3]:
            raise ValueError(f"tiers must be exactly 1, 2 and 3, found {codes}")
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

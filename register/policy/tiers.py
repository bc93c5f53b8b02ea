"""Schema of ``policies/tiers.yaml``: the three practice tiers of the register, what the
curriculum says each tier does (the public tier pages are built from it), the sketch of the
training levels, and the tasks of the European competence profile per level."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from register.policy.common import Frozen, Text, Versioned
from register.policy.sources import Quote

NLQF_LEVELS = range(2, 8)


class Direction(Frozen):
    """Under whose direction (regie) registrants of a tier work: the register's statement,
    grounded on the source's sentences."""

    min_level: int = Field(ge=2, le=7)
    statement: Text
    grounds: tuple[Quote, ...]

    @model_validator(mode="after")
    def _grounded(self) -> Direction:
        if not self.grounds:
            raise ValueError("a direction statement needs the source text it rests on")
        return self


class Tier(Frozen):
    """One practice tier (beroepsniveau) and the training levels that give entry to it,
    with what the curriculum says about its work (001 l.1012-1100)."""

    code: int = Field(ge=1, le=3)
    name: Quote
    nlqf_levels: tuple[int, ...]
    bcp_level: str = Field(pattern=r"^[A-Z]$")
    core_task_focus: Quote
    entry_training_levels: tuple[int, ...]
    growth: Quote
    work_situation: Quote
    supervision: Quote | None = None
    embedding: Quote
    direction: Direction | None = None

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


class TrainingLevel(Frozen):
    """The curriculum's short sketch of one training level (001 l.1102-1214)."""

    level: int = Field(ge=2, le=7)
    label: Quote | None = None
    texts: tuple[Quote, ...]


class EuropeanTask(Frozen):
    """A task of the European competence profile (000 §II.3) with its mark per level
    column ("+", "++", "+++" or "" for an empty cell)."""

    area: Literal["client", "organisation", "profession"]
    marks: tuple[str, str, str]
    text: Quote

    @model_validator(mode="after")
    def _marks(self) -> EuropeanTask:
        for mark in self.marks:
            if mark not in ("", "+", "++", "+++"):
                raise ValueError(f"a mark is '', '+', '++' or '+++', not {mark!r}")
        return self


class EuropeanProfile(Frozen):
    """The European profile's tasks, and what it says about its levels."""

    levels_note: Quote
    tasks: tuple[EuropeanTask, ...]


class TiersPolicy(Versioned):
    """All tiers, in order, with the level sketch and the European profile's tasks."""

    sketch_note: Quote
    tiers: tuple[Tier, ...]
    growth_criteria: tuple[GrowthCriterion, ...] = Field(min_length=1)
    training_levels: tuple[TrainingLevel, ...]
    european_profile: EuropeanProfile

    @model_validator(mode="after")
    def _three_distinct_tiers(self) -> TiersPolicy:
        codes = [t.code for t in self.tiers]
        if sorted(codes) != [1, 2, 3]:
            raise ValueError(f"tiers must be exactly 1, 2 and 3, found {codes}")
        ids = [c.id for c in self.growth_criteria]
        if len(set(ids)) != len(ids):
            raise ValueError(f"growth_criteria ids must be distinct, found {ids}")
        levels = [t.level for t in self.training_levels]
        if levels != list(NLQF_LEVELS):
            raise ValueError(f"training_levels must be 2 to 7 in order, found {levels}")
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

    def training_levels_of(self, tier: Tier) -> tuple[TrainingLevel, ...]:
        """The level sketches of the tier's NLQF levels."""
        return tuple(t for t in self.training_levels if t.level in tier.nlqf_levels)

    def european_tasks(self, tier: Tier) -> tuple[tuple[EuropeanTask, str], ...]:
        """The European profile's tasks with the mark of the tier's column, the tasks the
        profile leaves empty at that level left out."""
        column = tier.code - 1
        return tuple((t, t.marks[column]) for t in self.european_profile.tasks if t.marks[column])

"""Schema of ``policies/objections.yaml``: objections (bezwaar) against the register's
decisions — the periods, the hearing, and which decisions come with an objection clause."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from register.domain.decisions import DecisionKind
from register.policy.common import Text, Versioned


class ObjectionsPolicy(Versioned):
    """How long people have to object, how long the register has to decide, and to what
    an objection clause applies. The defaults follow the Awb (6:7, 7:10); the register
    board sets them."""

    objection_period_weeks: int = Field(ge=1, le=26)
    decision_period_weeks: int = Field(ge=1, le=26)
    decision_period_starts: Literal["after_objection_period", "after_receipt"]
    extension_weeks: int = Field(ge=1, le=26)
    roll_over: bool  # a period ending on a day off runs on to the next working day
    hearing_offered: bool
    max_files: int = Field(ge=0, le=20)
    not_objectionable_kinds: tuple[DecisionKind, ...]
    favourable_outcomes: dict[DecisionKind, tuple[str, ...]]
    further_remedy: Text

    @field_validator("not_objectionable_kinds")
    @classmethod
    def _objection_decisions_are_final(cls, kinds):
        if DecisionKind.OBJECTION not in kinds:
            raise ValueError(
                "a decision on an objection cannot be objected to again (Awb 7:1): list 'objection'"
            )
        return kinds

    @model_validator(mode="after")
    def _no_outcomes_for_excluded_kinds(self):
        both = set(self.not_objectionable_kinds) & set(self.favourable_outcomes)
        if both:
            names = ", ".join(sorted(kind.value for kind in both))
            raise ValueError(
                f"favourable_outcomes names kinds that are never objectionable: {names}"
            )
        return self

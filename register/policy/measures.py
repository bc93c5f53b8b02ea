"""Schema of ``policies/measures.yaml``: the measures a case can end in, which are public
and for how long, re-entry after a strike-off, the registrant's answer deadline and what
the complainant is told."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from register.domain.measures import ALWAYS_GRAVE, CaseOutcome, MeasureKind
from register.policy.common import Frozen, Text, Versioned


class MeasureKindPolicy(Frozen):
    """One kind of measure: its public name, whether the public sees it, whether it takes
    a second registrar, and how long it stays in the public history after it ended."""

    name: Text
    public: bool
    grave: bool
    publication_months: int = Field(ge=0, le=240)


class MeasuresPolicy(Versioned):
    """Measures, cases and what the public and the complainant are told; the board sets it."""

    kinds: dict[MeasureKind, MeasureKindPolicy]
    re_entry_years: int = Field(ge=0, le=50)
    publish_re_entry: bool
    registrant_answer_days: int = Field(ge=1, le=180)
    complainant_told: dict[CaseOutcome, Literal["outcome", "public_only", "decided"]]
    case_number_prefix: str = Field(min_length=1, max_length=4, pattern=r"^[A-Z]+$")

    @model_validator(mode="after")
    def _complete(self):
        missing = set(MeasureKind) - set(self.kinds)
        if missing:
            raise ValueError(f"kinds: missing {', '.join(sorted(k.value for k in missing))}")
        not_grave = [k.value for k in ALWAYS_GRAVE if not self.kinds[k].grave]
        if not_grave:
            raise ValueError(
                f"kinds: {', '.join(sorted(not_grave))} must be grave (a second registrar)"
            )
        if not all(self.kinds[k].public for k in ALWAYS_GRAVE):
            raise ValueError("kinds: a suspension and a strike-off are always public")
        told = set(CaseOutcome) - set(self.complainant_told)
        if told:
            raise ValueError(
                f"complainant_told: missing {', '.join(sorted(o.value for o in told))}"
            )
        return self

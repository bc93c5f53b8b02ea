"""Schema of ``policies/retention.yaml``: how long each kind of personal data is kept, from
when, and on what legal basis. The privacy statement is built from it."""

from __future__ import annotations

import enum
from typing import Literal

from pydantic import Field, model_validator

from register.policy.common import Frozen, Text, Versioned


class DataKind(enum.StrEnum):
    """The kinds of personal data the register keeps for a set time."""

    LIVED_EXPERIENCE_EVIDENCE = "lived_experience_evidence"
    REFERENCES = "references"
    REGISTRATION = "registration"
    DECISIONS = "decisions"
    ACCOUNT = "account"
    AUDIT_LOG = "audit_log"
    COMPLAINTS = "complaints"


class RetentionPeriod(Frozen):
    """One kind of data: kept ``months`` after ``after``; the board sets it."""

    months: int = Field(ge=0, le=1200)
    after: Literal[
        "final_decision",
        "registration_end",
        "last_activity",
        "event",
        "case_closed",
        "never_deleted",
    ]
    deleted_by_job: bool
    legal_basis: Text

    @model_validator(mode="after")
    def _consistent(self):
        if (self.after == "never_deleted") != (self.months == 0):
            raise ValueError("months is 0 exactly when the data is never deleted")
        if self.after == "never_deleted" and self.deleted_by_job:
            raise ValueError("data that is never deleted cannot be deleted by the job")
        return self


class RetentionPolicy(Versioned):
    """Every kind of data, with its period and legal basis."""

    kinds: dict[DataKind, RetentionPeriod]

    @model_validator(mode="after")
    def _every_kind(self):
        missing = sorted(set(DataKind) - set(self.kinds))
        if missing:
            raise ValueError(f"no retention period for: {', '.join(missing)}")
        return self

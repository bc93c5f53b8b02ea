"""Schema of ``policies/registration.yaml``: numbers, validity and statuses."""

from __future__ import annotations

from pydantic import Field, model_validator

from register.policy.common import Frozen, Text, Versioned

REGISTRATION_STATUSES = ("active", "grace", "suspended", "lapsed", "struck_off")


class NumberFormat(Frozen):
    """How registration numbers look: prefix, zero-padded sequence, Damm check digit."""

    prefix: str = Field(pattern=r"^[A-Z]{1,4}$")
    separator: str = Field(default="-", max_length=1)
    sequence_digits: int = Field(ge=4, le=10)
    check_digit: str = Field(pattern=r"^damm$")


class StatusInfo(Frozen):
    """How a registration status is named and whether it counts as registered."""

    name: Text
    counts_as_registered: bool
    description: Text


class RegistrationPolicy(Versioned):
    """Registration numbers, how long a registration stays valid, and its statuses."""

    number: NumberFormat
    validity_years: int = Field(ge=1, le=20)
    statuses: dict[str, StatusInfo]
    suspension_reason_categories: dict[str, Text]

    @model_validator(mode="after")
    def _statuses_match_lifecycle(self) -> RegistrationPolicy:
        if set(self.statuses) != set(REGISTRATION_STATUSES):
            raise ValueError(
                f"statuses must be exactly {', '.join(REGISTRATION_STATUSES)}; "
                f"found {', '.join(sorted(self.statuses))}"
            )
        if not self.suspension_reason_categories:
            raise ValueError("suspension_reason_categories must not be empty")
        return self

"""Schema of ``policies/registration.yaml``: numbers, validity and statuses."""

from __future__ import annotations

import re

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


class TierChangeRules(Frozen):
    """How an existing registrant changes tier (the register board's to set)."""

    #: a tier change starts a new validity period from the decision (else the end date stays)
    validity_restarts: bool
    #: a registrant may move to a lower tier too (without reflections on growth)
    allow_lower_tier: bool
    #: the shortest reflection per growth criterion that counts, in characters
    reflection_min_characters: int = Field(ge=1, le=2000)


class NameCorrection(Frozen):
    """When a registrar may correct a registered name without a request with proof."""

    #: at most this many single-character edits (insert, delete, replace, swap two
    #: neighbouring letters) over the given names, prefix and surname together
    max_edits: int = Field(ge=1, le=5)


class InformationRequestRules(Frozen):
    """How long an applicant has to answer a request for more information (board to set)."""

    answer_within_days: int = Field(ge=1, le=180)


class WaitingTimeRules(Frozen):
    """How the status page computes the register's typical waiting time (board to set)."""

    #: the median over at most this many of the most recent decisions
    recent_decisions: int = Field(ge=1, le=1000)
    #: decisions older than this many days do not count
    window_days: int = Field(ge=1, le=3650)
    #: below this many decisions the page says there are not enough yet
    minimum_decisions: int = Field(ge=1, le=1000)

    @model_validator(mode="after")
    def _minimum_reachable(self) -> WaitingTimeRules:
        if self.minimum_decisions > self.recent_decisions:
            raise ValueError("minimum_decisions cannot be more than recent_decisions")
        return self


class IdentityCheckRules(Frozen):
    """How a registrar may confirm an applicant's identity before approval (board to set):
    the ways of seeing the applicant with a document, and the kinds of document that count,
    each a code with its name in both languages."""

    methods: dict[str, Text]
    document_kinds: dict[str, Text]

    @model_validator(mode="after")
    def _codes(self) -> IdentityCheckRules:
        for key, codes in (("methods", self.methods), ("document_kinds", self.document_kinds)):
            if not codes:
                raise ValueError(f"{key} must not be empty")
            for code in codes:
                if not re.fullmatch(r"[a-z][a-z_]{1,31}", code):
                    raise ValueError(
                        f"{key}: {code!r} is not a code (lower-case letters and _, at most 32)"
                    )
        return self


class RegistrationPolicy(Versioned):
    """Registration numbers, how long a registration stays valid, its statuses, changing
    tier, correcting a registered name and confirming an applicant's identity."""

    number: NumberFormat
    validity_years: int = Field(ge=1, le=20)
    statuses: dict[str, StatusInfo]
    suspension_reason_categories: dict[str, Text]
    tier_change: TierChangeRules
    name_correction: NameCorrection
    information_request: InformationRequestRules
    waiting_time: WaitingTimeRules
    identity_check: IdentityCheckRules

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

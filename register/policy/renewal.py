"""Schema of ``policies/renewal.yaml``: the renewal cycle, continuing development, reminders,
the grace period and restoring a lapsed registration (every number the board's to set)."""

from __future__ import annotations

import datetime as dt
import enum

from pydantic import Field, field_validator, model_validator

from register.policy.common import Frozen, Text, Versioned

#: the development categories every renewal policy must have (the issue's "at least")
REQUIRED_CATEGORIES = ("training", "intervision", "supervision", "reflection")


class Unit(enum.StrEnum):
    """How a development category is counted."""

    HOURS = "hours"
    POINTS = "points"


class GraceAppliesTo(enum.StrEnum):
    """Which registrations get a grace period after their end date."""

    RENEWAL_STARTED = "renewal_started"  # only those with a renewal waiting for a decision
    ALL = "all"  # every registration


class PeriodStart(enum.StrEnum):
    """Where a renewed period begins."""

    OLD_END = "old_end"  # the day after the old end date: periods follow on
    DECISION = "decision"  # the day of the decision


class DevelopmentCategory(Frozen):
    """One kind of continuing development and what the cycle asks of it."""

    name: Text
    description: Text
    unit: Unit
    minimum: float = Field(ge=0, le=10_000)
    confirmation_required: bool = False


class ReminderMoment(Frozen):
    """A reminder sent this many days before the end date."""

    days_before: int = Field(ge=0, le=730)
    name: Text


class Grace(Frozen):
    """The grace period after the end date."""

    days: int = Field(ge=0, le=365)
    applies_to: GraceAppliesTo


class RenewalPolicy(Versioned):
    """The renewal cycle (herregistratie) and everything around it."""

    cycle_years: int = Field(ge=1, le=10)
    window_days: int = Field(ge=0, le=730)
    practice_hours: dict[int, float]
    practice_confirmation_required: bool
    development: dict[str, DevelopmentCategory]
    reminders: tuple[ReminderMoment, ...]
    grace: Grace
    restore_within_days: int = Field(ge=0, le=3650)
    renewed_period_starts: PeriodStart
    draw_share: float = Field(ge=0, le=1)
    automatic_approval: bool

    @field_validator("practice_hours")
    @classmethod
    def _hours_not_negative(cls, value: dict[int, float]) -> dict[int, float]:
        for tier, hours in value.items():
            if hours < 0:
                raise ValueError(f"tier {tier}: practice hours must not be negative")
        return value

    @field_validator("reminders")
    @classmethod
    def _latest_last(cls, value: tuple[ReminderMoment, ...]) -> tuple[ReminderMoment, ...]:
        """Reminders in the order they are sent: the earliest (most days before) first."""
        return tuple(sorted(value, key=lambda m: -m.days_before))

    @model_validator(mode="after")
    def _consistent(self) -> RenewalPolicy:
        missing = [c for c in REQUIRED_CATEGORIES if c not in self.development]
        if missing:
            raise ValueError(f"development must include {', '.join(missing)}")
        for code in self.development:
            if not code.replace("_", "").isalpha() or not code.islower() or len(code) > 32:
                raise ValueError(f"development category {code!r}: use lower-case letters and _")
        days = [m.days_before for m in self.reminders]
        if not days:
            raise ValueError("reminders must not be empty")
        if len(set(days)) != len(days):
            raise ValueError("reminders: two reminders on the same day")
        if max(days) > self.window_days:
            raise ValueError(
                "reminders: a reminder before the renewal window opens "
                f"({max(days)} > window_days {self.window_days})"
            )
        return self

    # --- dates the rules and pages share ---------------------------------------------------

    def window_opens_on(self, valid_until: dt.date) -> dt.date:
        """The first day a registration valid until ``valid_until`` may be renewed."""
        return valid_until - dt.timedelta(days=self.window_days)

    def grace_ends_on(self, valid_until: dt.date) -> dt.date:
        """The last day of the grace period after ``valid_until``."""
        return valid_until + dt.timedelta(days=self.grace.days)

    def restore_until(self, lapsed_on: dt.date) -> dt.date:
        """The last day a registration that lapsed on ``lapsed_on`` may be restored."""
        return lapsed_on + dt.timedelta(days=self.restore_within_days)

    def reminder(self, days_before: int) -> ReminderMoment | None:
        """The reminder moment ``days_before`` the end date, if the policy has it."""
        return next((m for m in self.reminders if m.days_before == days_before), None)

"""Registrations in the register (inschrijvingen) and their status history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.lifecycle import (
    ENDED_REGISTRATION_STATUSES,
    REGISTRATION_LIFECYCLE,
    RegistrationAction,
    RegistrationStatus,
)
from register.domain.names import search_keys
from register.models.accounts import User, enum_column
from register.models.applications import Route
from register.models.base import Base, utcnow

#: Folded search keys compare byte-wise on PostgreSQL too, so a prefix range uses the index.
_SEARCH_KEY = String(120).with_variant(String(120, collation="C"), "postgresql")

_ENDED = ", ".join(f"'{s.value}'" for s in sorted(ENDED_REGISTRATION_STATUSES))
#: A current registration is one that has not ended (lapsed, struck off): the same rule as
#: ``register.domain.lifecycle.ENDED_REGISTRATION_STATUSES``, in SQL.
CURRENT_REGISTRATION = f"status NOT IN ({_ENDED})"


class Registration(Base):
    """A registrant's entry in the register: number, tier, status and validity.

    The name is copied from the account at approval, so the public register shows the name
    that was checked, and later account edits do not silently change it: it changes only by
    an approved request or a registrar's correction (``register.name_changes``), and the
    old name stays in ``name_history``. A registration keeps its number for life; a tier
    change changes its tier (``periods`` holds every period, with its tier).
    """

    __tablename__ = "registration"
    __table_args__ = (
        CheckConstraint("tier BETWEEN 1 AND 3", name="tier_range"),
        CheckConstraint("valid_until > valid_from", name="period_order"),
        # A person holds at most one current registration (not lapsed, not struck off).
        Index(
            "ux_registration_current_person",
            "user_id",
            unique=True,
            sqlite_where=text(CURRENT_REGISTRATION),
            postgresql_where=text(CURRENT_REGISTRATION),
        ),
        CheckConstraint(
            "qualification_level IS NULL OR qualification_level BETWEEN 2 AND 7",
            name="qualification_level_range",
        ),
        # A diploma-route registration names the NLQF level of its diploma; a
        # transitional-route one has none (an older row may know neither).
        CheckConstraint(
            "route IS NULL "
            "OR (route = 'diploma' AND qualification_level IS NOT NULL) "
            "OR (route = 'transitional' AND qualification_level IS NULL)",
            name="basis_consistent",
        ),
        # Name search reads one relevance class at a time, each as a range of one of these
        # two indexes in their own order, with a limit (register.lookup.services): the
        # indexes hold every column the classes filter and order on, and the id (INCLUDE on
        # PostgreSQL; SQLite's rowid is in every index), so no table row is read until the
        # page's 20 are known, however common the name.
        Index(
            "ix_registration_name_search",
            "surname_key",
            "given_key",
            "prefix_key",
            "number",
            "tier",
            "status",
            "surname_alt_key",
            postgresql_include=["id"],
        ),
        # A search by a later given name ("Maria Jansen" for Anna Maria Jansen): a range of
        # this one, for the registrations with more than one given name.
        Index(
            "ix_registration_name_search_later",
            "surname_key",
            "given_later_key",
            "prefix_key",
            "number",
            "tier",
            "status",
            "surname_alt_key",
            "given_key",
            sqlite_where=text("given_later_key IS NOT NULL"),
            postgresql_where=text("given_later_key IS NOT NULL"),
            postgresql_include=["id"],
        ),
        # Most registrations have no alternative surname key: a partial index keeps the
        # planner from mistaking the NULLs for matches (SQLite scanned the table at 1M).
        Index(
            "ix_registration_name_search_alt",
            "surname_alt_key",
            "given_key",
            "prefix_key",
            "number",
            "tier",
            "status",
            "surname_key",
            sqlite_where=text("surname_alt_key IS NOT NULL"),
            postgresql_where=text("surname_alt_key IS NOT NULL"),
            postgresql_include=["id"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    sequence: Mapped[int] = mapped_column(unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), unique=True)
    given_names: Mapped[str] = mapped_column(String(120))
    surname_prefix: Mapped[str] = mapped_column(String(40), default="")
    surname: Mapped[str] = mapped_column(String(120))
    tier: Mapped[int]
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus), default=RegistrationStatus.ACTIVE, index=True
    )
    status_since: Mapped[dt.datetime] = mapped_column(default=utcnow)
    valid_from: Mapped[dt.date]
    valid_until: Mapped[dt.date] = mapped_column(index=True)
    work_region: Mapped[str | None] = mapped_column(String(80))
    show_work_region: Mapped[bool] = mapped_column(default=False)
    # What the registration rests on, public: the route, and for the diploma route the NLQF
    # level of the qualifying programme (funding depends on it, 001 l.65-90).
    route: Mapped[Route | None] = mapped_column(enum_column(Route))
    qualification_level: Mapped[int | None]
    policy_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # Public lookup: folded name keys, kept up to date by ``_set_search_keys`` below.
    surname_key: Mapped[str] = mapped_column(_SEARCH_KEY, default="")
    surname_alt_key: Mapped[str | None] = mapped_column(_SEARCH_KEY)
    given_key: Mapped[str] = mapped_column(String(120), default="")
    given_later_key: Mapped[str | None] = mapped_column(_SEARCH_KEY)
    prefix_key: Mapped[str] = mapped_column(String(40), default="")

    __mapper_args__ = {"version_id_col": version}

    user: Mapped[User | None] = relationship()
    history: Mapped[list[RegistrationStatusChange]] = relationship(
        back_populates="registration",
        order_by="RegistrationStatusChange.id",
        cascade="all, delete-orphan",
    )
    periods = relationship(
        "RegistrationPeriod",
        back_populates="registration",
        order_by="(RegistrationPeriod.valid_from, RegistrationPeriod.id)",
        cascade="all, delete-orphan",
    )
    name_history = relationship(
        "RegistrationNameChange",
        back_populates="registration",
        order_by="RegistrationNameChange.id",
        cascade="all, delete-orphan",
    )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)

    @property
    def has_ended(self) -> bool:
        """Lapsed or struck off: no longer a current registration."""
        return self.status in ENDED_REGISTRATION_STATUSES

    @property
    def can_change_tier(self) -> bool:
        """Its status allows an application for another tier."""
        return REGISTRATION_LIFECYCLE.can(self.status, RegistrationAction.CHANGE_TIER)


@event.listens_for(Registration, "before_insert")
@event.listens_for(Registration, "before_update")
def _set_search_keys(mapper, connection, target: Registration) -> None:
    """Keep the public lookup's name keys in step with the name (see register.domain.names)."""
    for column, value in search_keys(
        target.given_names, target.surname_prefix, target.surname
    ).items():
        setattr(target, column, value)


def is_current():
    """SQL condition: the registration is current (has not ended); see
    ``CURRENT_REGISTRATION``."""
    return Registration.status.not_in(sorted(ENDED_REGISTRATION_STATUSES))


class RegistrationStatusChange(Base):
    """One change of a registration's status: who, when, why, and what the public sees."""

    __tablename__ = "registration_status_change"
    __table_args__ = (
        CheckConstraint(
            "action NOT IN ('suspend', 'strike_off') OR reason IS NOT NULL", name="reason_required"
        ),
        CheckConstraint(
            "CASE WHEN action = 'change_tier' THEN from_tier IS NOT NULL AND to_tier IS NOT NULL "
            "ELSE from_tier IS NULL AND to_tier IS NULL END",
            name="tier_change_tiers",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    action: Mapped[RegistrationAction | None] = mapped_column(enum_column(RegistrationAction))
    from_status: Mapped[RegistrationStatus | None] = mapped_column(
        enum_column(RegistrationStatus, name="from_status")
    )
    to_status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, name="to_status")
    )
    reason: Mapped[str | None] = mapped_column(Text)  # internal
    reason_category: Mapped[str | None] = mapped_column(String(32))  # public (policy category)
    ends_on: Mapped[dt.date | None]  # a suspension's planned end, public
    from_tier: Mapped[int | None]  # a tier change: the tier before …
    to_tier: Mapped[int | None]  # … and after
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    policy_version: Mapped[str] = mapped_column(String(32))

    registration: Mapped[Registration] = relationship(back_populates="history")
    by: Mapped[User | None] = relationship()


class NumberSequence(Base):
    """The next free sequence for registration numbers; one row, updated under a row lock
    so that two approvals at once never get the same number."""

    __tablename__ = "number_sequence"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_value: Mapped[int] = mapped_column(default=1)

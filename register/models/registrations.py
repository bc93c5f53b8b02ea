"""Registrations in the register (inschrijvingen) and their status history."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.lifecycle import RegistrationAction, RegistrationStatus
from register.domain.names import search_keys
from register.models.accounts import User, enum_column
from register.models.base import Base, utcnow

#: Folded search keys compare byte-wise on PostgreSQL too, so a prefix range uses the index.
_SEARCH_KEY = String(120).with_variant(String(120, collation="C"), "postgresql")


class Registration(Base):
    """A registrant's entry in the register: number, tier, status and validity.

    The name is copied from the account at approval, so the public register shows the name
    that was checked, and later account edits do not silently change it.
    """

    __tablename__ = "registration"
    __table_args__ = (
        CheckConstraint("tier BETWEEN 1 AND 3", name="tier_range"),
        CheckConstraint("valid_until > valid_from", name="period_order"),
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
    periods: Mapped[list[RegistrationPeriod]] = relationship(
        back_populates="registration",
        order_by="RegistrationPeriod.id",
        cascade="all, delete-orphan",
    )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)


@event.listens_for(Registration, "before_insert")
@event.listens_for(Registration, "before_update")
def _set_search_keys(mapper, connection, target: Registration) -> None:
    """Keep the public lookup's name keys in step with the name (see register.domain.names)."""
    for column, value in search_keys(
        target.given_names, target.surname_prefix, target.surname
    ).items():
        setattr(target, column, value)


class RegistrationStatusChange(Base):
    """One change of a registration's status: who, when, why, and what the public sees."""

    __tablename__ = "registration_status_change"
    __table_args__ = (
        CheckConstraint(
            "action NOT IN ('suspend', 'strike_off') OR reason IS NOT NULL", name="reason_required"
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
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    policy_version: Mapped[str] = mapped_column(String(32))

    registration: Mapped[Registration] = relationship(back_populates="history")
    by: Mapped[User | None] = relationship()


class PeriodKind(enum.StrEnum):
    """How a registration period began."""

    ADMISSION = "admission"  # the application was approved (inschrijving)
    RENEWAL = "renewal"  # herregistratie
    RESTORATION = "restoration"  # a lapsed registration restored under its number
    TIER_CHANGE = "tier_change"  # another tier on the same registration


class RegistrationPeriod(Base):
    """One period of a registration: its tier and validity, how it began and the decision
    behind it. A registration keeps its number for life; its periods are its history. The
    registration row carries the values of the period in force for the public lookup
    (``register.registrations.services.start_period``)."""

    __tablename__ = "registration_period"
    __table_args__ = (
        CheckConstraint("tier BETWEEN 1 AND 3", name="tier_range"),
        CheckConstraint("valid_until > valid_from", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    tier: Mapped[int]
    valid_from: Mapped[dt.date]
    valid_until: Mapped[dt.date]
    kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="periods")


class NumberSequence(Base):
    """The next free sequence for registration numbers; one row, updated under a row lock
    so that two approvals at once never get the same number."""

    __tablename__ = "number_sequence"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_value: Mapped[int] = mapped_column(default=1)

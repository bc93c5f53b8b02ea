"""The periods of a registration (registratieperiodes): every stretch of validity it has had,
with its tier and how it began (admission, renewal, restoration, tier change), so the
history shows every period under the one number.

(Issue 9 is built in two parts at once; this table is the one both parts agreed on. The
renewal part adds the renewal and restoration periods.)
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.models.accounts import enum_column
from register.models.base import Base, utcnow
from register.models.decisions import Decision
from register.models.registrations import Registration


class PeriodKind(enum.StrEnum):
    """How a period of a registration began."""

    ADMISSION = "admission"  # the first period, on approval of the application
    RENEWAL = "renewal"  # herregistratie
    RESTORATION = "restoration"  # a lapsed registration restored under its number
    TIER_CHANGE = "tier_change"  # an approved application for another tier


class RegistrationPeriod(Base):
    """One period of a registration: its tier, first and last day, how it began and the
    decision it rests on (none for admissions before decisions were stored)."""

    __tablename__ = "registration_period"
    __table_args__ = (
        CheckConstraint("tier BETWEEN 1 AND 3", name="tier_range"),
        CheckConstraint("valid_until >= valid_from", name="period_order"),
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
    decision: Mapped[Decision | None] = relationship()

"""Training providers, their programmes and programme accreditations.

The diploma route accepts a diploma only from a programme that held an accreditation on the
diploma date. Accreditations come from the accreditation workflow, or (for programmes
accredited before the portal existed) are entered by a registrar.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.models.accounts import enum_column
from register.models.base import Base, utcnow


class ProgrammeContext(enum.StrEnum):
    """A standalone programme, or expertise by experience within another programme."""

    STANDALONE = "standalone"  # eigenstandige opleiding
    EMBEDDED = "embedded"  # binnen een andere opleiding (verpleegkunde, social work, ...)


class StudyMode(enum.StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    DUAL = "dual"
    COURSE = "course"  # cursorisch aanbod


class AccreditationStatus(enum.StrEnum):
    """The standing of one accreditation of a programme."""

    ACTIVE = "active"
    CONDITIONAL = "conditional"  # accredited with conditions
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"


class TrainingProvider(Base):
    """An organisation that trains experts by experience (opleider)."""

    __tablename__ = "training_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kvk_number: Mapped[str | None] = mapped_column(String(8), unique=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    programmes: Mapped[list[Programme]] = relationship(back_populates="provider")


class Programme(Base):
    """A training programme at one NLQF level."""

    __tablename__ = "programme"
    __table_args__ = (CheckConstraint("nlqf_level BETWEEN 2 AND 7", name="nlqf_level_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("training_provider.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    nlqf_level: Mapped[int]
    context: Mapped[ProgrammeContext] = mapped_column(
        enum_column(ProgrammeContext), default=ProgrammeContext.STANDALONE
    )
    study_load_hours: Mapped[int | None]
    mode: Mapped[StudyMode | None] = mapped_column(enum_column(StudyMode))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    provider: Mapped[TrainingProvider | None] = relationship(back_populates="programmes")
    accreditations: Mapped[list[Accreditation]] = relationship(
        back_populates="programme", order_by="Accreditation.valid_from"
    )


class Accreditation(Base):
    """One accreditation of a programme: valid from–until, with the policy version used."""

    __tablename__ = "accreditation"
    __table_args__ = (CheckConstraint("valid_until > valid_from", name="period_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    status: Mapped[AccreditationStatus] = mapped_column(
        enum_column(AccreditationStatus), default=AccreditationStatus.ACTIVE
    )
    valid_from: Mapped[dt.date]
    valid_until: Mapped[dt.date]
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    policy_version: Mapped[str] = mapped_column(String(32))
    framework_version: Mapped[str | None] = mapped_column(String(32))
    # Entered by a registrar for a programme accredited before the portal existed.
    entered_manually: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[dt.datetime | None]
    end_reason: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[Programme] = relationship(back_populates="accreditations")

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` falls within the accreditation period."""
        return self.valid_from <= day <= self.valid_until

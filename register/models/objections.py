"""Decision notices and objections (bezwaar).

A ``DecisionNotice`` is written when a decision is sent to the people it concerns: the day
it was sent and, for a decision that can be objected to, the last day of the objection
period as it was then, so the decision letter says the same on every download.

An ``Objection`` is one person's objection against one stored decision, with its own
lifecycle (``register.domain.objections``): received → (hearing) → upheld, dismissed, or
inadmissible when too late. The database refuses a decider (or hearer) who took or confirmed
the original decision, a second extension, and a decided objection without its decision.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.objections import ObjectionState
from register.models.accounts import User, enum_column
from register.models.base import Base, utcnow
from register.models.decisions import Decision
from register.models.files import StoredFile


class DecisionNotice(Base):
    """When a decision was sent, and until when it can be objected to (fixed then)."""

    __tablename__ = "decision_notice"
    __table_args__ = (
        CheckConstraint(
            "(objectionable AND objection_until IS NOT NULL) "
            "OR (NOT objectionable AND objection_until IS NULL)",
            name="window_when_objectionable",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), unique=True)
    sent_on: Mapped[dt.date]
    objectionable: Mapped[bool]
    objection_until: Mapped[dt.date | None]
    #: the objections policy version the window was computed under
    policy_version: Mapped[str] = mapped_column(String(32))

    decision: Mapped[Decision] = relationship()


def _not_involved(column: str) -> str:
    return (
        f"{column} IS NULL OR ("
        f"(original_decided_by_id IS NULL OR {column} <> original_decided_by_id) AND "
        f"(original_confirmed_by_id IS NULL OR {column} <> original_confirmed_by_id))"
    )


class Objection(Base):
    """An objection against a stored decision, and how the register handles it."""

    __tablename__ = "objection"
    __table_args__ = (
        CheckConstraint(_not_involved("decided_by_id"), name="decider_not_involved"),
        CheckConstraint(_not_involved("hearing_held_by_id"), name="hearer_not_involved"),
        CheckConstraint("length(trim(grounds)) > 0", name="has_grounds"),
        CheckConstraint(
            "(extended_until IS NULL AND extension_reason IS NULL) OR "
            "(extended_until > decide_by AND extension_reason IS NOT NULL "
            "AND extended_at IS NOT NULL)",
            name="extended_once_with_reason",
        ),
        CheckConstraint(
            "lateness_excused_at IS NULL OR (late AND lateness_excuse_reason IS NOT NULL)",
            name="excused_only_when_late",
        ),
        CheckConstraint(
            "state NOT IN ('upheld', 'dismissed', 'inadmissible') OR "
            "(decided_at IS NOT NULL AND decided_by_id IS NOT NULL "
            "AND objection_decision_id IS NOT NULL)",
            name="decided_has_decision",
        ),
        CheckConstraint("new_decision_id IS NULL OR state = 'upheld'", name="replaced_if_upheld"),
        CheckConstraint("state <> 'inadmissible' OR late", name="inadmissible_only_when_late"),
        CheckConstraint(
            "state <> 'hearing_scheduled' OR hearing_on IS NOT NULL", name="scheduled_has_date"
        ),
        CheckConstraint(
            "state <> 'hearing_held' OR hearing_held_at IS NOT NULL", name="held_has_date"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the decision objected to; one objection per decision
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), unique=True)
    objector_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    state: Mapped[ObjectionState] = mapped_column(
        enum_column(ObjectionState), default=ObjectionState.RECEIVED, index=True
    )
    grounds: Mapped[str] = mapped_column(Text)
    wants_hearing: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    received_on: Mapped[dt.date]
    #: the last day of the objection period, copied from the decision's notice
    objection_until: Mapped[dt.date]
    late: Mapped[bool] = mapped_column(default=False)
    #: the objector's explanation of a late objection
    lateness_reason: Mapped[str | None] = mapped_column(Text)
    lateness_excused_at: Mapped[dt.datetime | None]
    lateness_excused_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    lateness_excuse_reason: Mapped[str | None] = mapped_column(Text)
    #: the last day for the decision (Awb 7:10), and after the one extension
    decide_by: Mapped[dt.date] = mapped_column(index=True)
    extended_until: Mapped[dt.date | None]
    extended_at: Mapped[dt.datetime | None]
    extended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    extension_reason: Mapped[str | None] = mapped_column(Text)
    hearing_on: Mapped[dt.date | None]
    #: what the objector is told about the hearing (time, place, how to join)
    hearing_details: Mapped[str | None] = mapped_column(Text)
    hearing_scheduled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    hearing_held_at: Mapped[dt.datetime | None]
    hearing_held_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: the register's note of what was said at the hearing
    hearing_record: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: the decision on the objection (kind "objection")
    objection_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    #: when upheld: the new decision of the original kind that replaces the original
    new_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    #: copied from the (final) original decision, so the database can refuse them as deciders
    original_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    original_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    policy_version: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    decision: Mapped[Decision] = relationship(foreign_keys=[decision_id])
    objector: Mapped[User] = relationship(foreign_keys=[objector_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    hearing_held_by: Mapped[User | None] = relationship(foreign_keys=[hearing_held_by_id])
    objection_decision: Mapped[Decision | None] = relationship(foreign_keys=[objection_decision_id])
    new_decision: Mapped[Decision | None] = relationship(foreign_keys=[new_decision_id])
    files: Mapped[list[ObjectionFile]] = relationship(
        back_populates="objection", cascade="all, delete-orphan", order_by="ObjectionFile.id"
    )

    @property
    def deadline(self) -> dt.date:
        """The last day for the decision, after an extension if there was one."""
        return self.extended_until or self.decide_by

    @property
    def extended(self) -> bool:
        return self.extended_until is not None


class ObjectionFile(Base):
    """A file the objector attached to an objection."""

    __tablename__ = "objection_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    objection_id: Mapped[int] = mapped_column(ForeignKey("objection.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    objection: Mapped[Objection] = relationship(back_populates="files")
    file: Mapped[StoredFile] = relationship()

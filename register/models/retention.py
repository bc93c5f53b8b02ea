"""What the retention job deleted: one row per application whose evidence of lived
experience, portfolio and references were deleted under ``policies/retention.yaml``, so the
stored decision can say what happened to them and when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from register.models.base import Base, utcnow


class EvidenceDeletion(Base):
    """One kind of data of one application (``kind``: a ``DataKind`` value, the evidence and
    portfolio or the references) was deleted on ``deleted_on`` under the policy version."""

    __tablename__ = "evidence_deletion"
    __table_args__ = (UniqueConstraint("application_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    deleted_on: Mapped[dt.date]
    deleted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: the version of policies/retention.yaml the period came from
    policy_version: Mapped[str] = mapped_column(String(32))
    #: the day the period started (the final decision, or the end of the objection period)
    period_started_on: Mapped[dt.date]
    #: how many rows were deleted (evidence items and reflections, or references)
    items: Mapped[int]

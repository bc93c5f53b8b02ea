"""What a registrar typed on an application's page and has not acted on yet: kept as a draft
(one per registrar and application), so that carrying out one action, or leaving the page,
never loses the texts typed for the others. The draft is removed once the application is
decided: what was sent is in the messages and the decision."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from register.models.base import Base, utcnow


class ReviewDraft(Base):
    """The fields of the registrar's page not yet acted on: field name → the text as typed."""

    __tablename__ = "review_draft"
    __table_args__ = (UniqueConstraint("application_id", "registrar_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    registrar_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

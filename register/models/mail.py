"""The e-mail outbox: messages are stored in the same transaction as the change that
caused them and sent only after that transaction commits."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from register.models.base import Base, utcnow


class DeliveryState(enum.StrEnum):
    """Where the delivery of a queued e-mail stands, as the outbox records it."""

    QUEUED = "queued"  # not tried yet (it goes out after the commit)
    SENT = "sent"  # delivered at the first attempt
    RETRIED = "retried"  # delivered after a failed attempt (``send-mail`` retries)
    FAILED = "failed"  # not delivered: tried and failed, waiting for a retry


class OutgoingEmail(Base):
    """A queued e-mail. ``sent_at`` stays empty until a delivery succeeds."""

    __tablename__ = "outgoing_email"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))

    @property
    def delivery_state(self) -> DeliveryState:
        """Sent, retried (sent after a failure), failed or still queued."""
        if self.sent_at is not None:
            return DeliveryState.SENT if self.attempts <= 1 else DeliveryState.RETRIED
        return DeliveryState.FAILED if self.attempts else DeliveryState.QUEUED

"""Organisation accounts (employers), their API keys and watch lists, the change alerts and
webhook deliveries sent to them, and who checked a registration (docs/organisations.md)."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.models.accounts import User, enum_column
from register.models.base import Base, utcnow
from register.models.registrations import Registration


class AlertMode(enum.StrEnum):
    """How an organisation's users hear of changes by e-mail."""

    IMMEDIATE = "immediate"  # one e-mail per change, after the commit
    DAILY = "daily"  # one digest a day (the daily job)


class CheckChannel(enum.StrEnum):
    """How an identified organisation verified a registration."""

    API = "api"  # the API with the organisation's key
    WATCH_LIST = "watch_list"  # added to (or alerted through) the watch list
    BULK = "bulk"  # the bulk check, by a logged-in user of the organisation


class Organisation(Base):
    """An employer with an account: name, KvK number, its users, keys and watch list."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kvk_number: Mapped[str] = mapped_column(String(8), unique=True)
    alert_mode: Mapped[AlertMode] = mapped_column(
        enum_column(AlertMode), default=AlertMode.IMMEDIATE
    )
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    #: the HMAC key webhooks are signed with; the organisation reads it on its settings page
    webhook_secret: Mapped[str] = mapped_column(String(64))
    blocked_at: Mapped[dt.datetime | None]
    blocked_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    members: Mapped[list[OrganisationMember]] = relationship(
        back_populates="organisation", order_by="OrganisationMember.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None


class OrganisationMember(Base):
    """A user account of an organisation (one organisation per account)."""

    __tablename__ = "organisation_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    joined_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class ApiKey(Base):
    """An API key: ``prefix`` finds it, ``secret_hash`` (SHA-256 of the whole key) proves it.
    The key itself is shown once and never stored."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    organisation: Mapped[Organisation] = relationship()


class WatchEntry(Base):
    """A registration on an organisation's watch list, with the relation (employed since,
    role). The registrant sees it on their own page."""

    __tablename__ = "watch_entry"
    __table_args__ = (UniqueConstraint("organisation_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    employed_since: Mapped[dt.date | None] = mapped_column(Date)
    role: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: the registration's public view when last alerted (JSON), to tell what changed
    snapshot: Mapped[str] = mapped_column(Text, default="{}")

    organisation: Mapped[Organisation] = relationship()
    registration: Mapped[Registration] = relationship()


class ChangeAlert(Base):
    """A public change of a watched registration, for one organisation. ``emailed_at`` is
    set when the e-mail (immediate, or the day's digest) was queued."""

    __tablename__ = "change_alert"
    __table_args__ = (Index("ix_change_alert_unmailed", "organisation_id", "emailed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: the public view after the change and what changed (JSON text, the webhook's body)
    payload: Mapped[str] = mapped_column(Text)
    emailed_at: Mapped[dt.datetime | None]


class WebhookDelivery(Base):
    """One webhook call to make (the webhook outbox): queued with the change, tried after
    the commit, retried with backoff by ``flask send-webhooks`` up to the policy's limit."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_due", "delivered_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    gave_up_at: Mapped[dt.datetime | None]

    attempt_log: Mapped[list[WebhookAttempt]] = relationship(order_by="WebhookAttempt.id")


class WebhookAttempt(Base):
    """The log of every delivery attempt: when, which attempt, the answer's status code or
    the error."""

    __tablename__ = "webhook_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_delivery.id"), index=True)
    attempt: Mapped[int]
    attempted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(300))


class VerificationRecord(Base):
    """An identified organisation verified a registration (who checked me)."""

    __tablename__ = "verification_record"
    __table_args__ = (
        Index("ix_verification_record_registration", "registration_id", "checked_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    checked_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[CheckChannel] = mapped_column(enum_column(CheckChannel))


class LookupCount(Base):
    """How many anonymous public lookups a registration had in a month (never who)."""

    __tablename__ = "lookup_count"
    __table_args__ = (UniqueConstraint("registration_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"))
    #: the first day of the month
    month: Mapped[dt.date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(default=0)

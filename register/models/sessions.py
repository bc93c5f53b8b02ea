"""Server-side login sessions (``user_session``): one row per login on a device.

The signed session cookie (and the remember-me cookie) carries only a random token; the row
holds its SHA-256, so a copy of the database does not give anyone a usable cookie. A
session counts as long as its row has no ``ended_at``: logging out, a password change or
reset, an admin blocking the account, or the person ending it from their account page set
it, and from then on the cookie gets the login page, wherever it was copied to.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.models.accounts import User, enum_column
from register.models.base import Base, utcnow


class SessionEndReason(enum.StrEnum):
    """Why a session ended."""

    LOGOUT = "logout"
    ENDED_BY_USER = "ended_by_user"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    BLOCKED = "blocked"
    SECOND_FACTOR_RESET = "second_factor_reset"
    EXPIRED = "expired"


class UserSession(Base):
    """One login of one person on one device, from the password until it ends."""

    __tablename__ = "user_session"
    __table_args__ = (
        Index("ix_user_session_user_active", "user_id", "ended_at"),
        CheckConstraint("(ended_at IS NULL) = (end_reason IS NULL)", name="ended_with_a_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    #: SHA-256 (hex) of the random token in the cookie
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: updated at most once a minute (``register.sessions.TOUCH_SECONDS``)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: browser and system, e.g. "Firefox, Linux" (never the whole user-agent string)
    device: Mapped[str] = mapped_column(String(80), default="")
    ip_address: Mapped[str | None] = mapped_column(String(45))
    #: the login asked to be remembered on this device (a longer idle time)
    remembered: Mapped[bool] = mapped_column(default=False)
    #: whether this session must pass a second factor (decided at the password; the gate
    #: requires it of staff and assessors whatever this says)
    second_factor_required: Mapped[bool] = mapped_column(default=False)
    #: when the second factor was passed in this session (None: not yet, or not needed)
    second_factor_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    end_reason: Mapped[SessionEndReason | None] = mapped_column(enum_column(SessionEndReason))

    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

"""The second factor of an account: a TOTP secret (RFC 6238) and single-use recovery codes.

The secret is stored as authenticator apps need it (base32); the recovery codes only as
Argon2 hashes, each with the moment it was used. ``last_step`` is the last TOTP time step
that was accepted, so that no code can be used twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.models.accounts import User
from register.models.base import Base, utcnow


class SecondFactor(Base):
    """An account's authenticator app; ``confirmed_at`` is None while enrolment is open
    (the secret has been shown but no code from it typed yet)."""

    __tablename__ = "second_factor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[dt.datetime | None]
    last_step: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    user: Mapped[User] = relationship()
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="second_factor", cascade="all, delete-orphan", order_by="RecoveryCode.id"
    )

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(Base):
    """One single-use recovery code, stored as an Argon2 hash."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    second_factor_id: Mapped[int] = mapped_column(
        ForeignKey("second_factor.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[dt.datetime | None]

    second_factor: Mapped[SecondFactor] = relationship(back_populates="recovery_codes")

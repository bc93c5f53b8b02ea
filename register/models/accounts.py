"""User accounts and their roles."""

from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import Enum, String, func
from sqlalchemy.orm import Mapped, mapped_column

from register.models.base import Base, utcnow


class Role(enum.StrEnum):
    """What a person may do in the portal. One role per account."""

    APPLICANT = "applicant"  # aanvrager / geregistreerde
    ASSESSOR = "assessor"  # beoordelaar
    REGISTRAR = "registrar"  # registermedewerker
    ADMIN = "admin"  # beheerder
    PROVIDER = "provider"  # opleider (training provider)
    EMPLOYER = "employer"  # werkgever: a user of an organisation account


def enum_column(enum_cls: type[enum.Enum], **kw) -> Enum:
    """An enum stored by value as a portable VARCHAR with a CHECK constraint."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        name=kw.pop("name", enum_cls.__name__.lower()),
        **kw,
    )


class User(UserMixin, Base):
    """A person with a login: applicant, assessor, registrar, admin or provider contact."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    given_names: Mapped[str] = mapped_column(String(120))
    surname_prefix: Mapped[str] = mapped_column(String(40), default="")
    surname: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.APPLICANT)
    email_confirmed_at: Mapped[dt.datetime | None]
    is_lived_experience_expert: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())
    # Bumped on password change so that old reset links stop working.
    security_stamp: Mapped[int] = mapped_column(default=0)

    #: the token and row of the login session this object was loaded for (set by
    #: ``register.sessions``; not stored on the user)
    session_token = None
    current_session = None

    @property
    def is_active(self) -> bool:  # flask-login
        return self.active

    def get_id(self) -> str:
        """Flask-Login's id for the cookies: the token of this login's server-side session
        (``register.sessions``), never the user's own id, so that ending the session ends
        every copy of the cookie. A user without a session gets an id no loader accepts."""
        return self.session_token or f"no-session:{self.id}"

    def __eq__(self, other) -> bool:
        # UserMixin compares get_id(), which differs per session: compare the account.
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    __hash__ = Base.__hash__

    @property
    def full_name(self) -> str:
        """Given names, prefix and surname as a Dutch reader expects them."""
        parts = [self.given_names, self.surname_prefix, self.surname]
        return " ".join(p for p in parts if p)

    def has_role(self, *roles: Role) -> bool:
        """True when the user's role is one of ``roles``; admins hold every staff role."""
        if self.role in roles:
            return True
        return self.role is Role.ADMIN and Role.REGISTRAR in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

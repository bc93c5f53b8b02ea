"""Another registrar, for tests about something else than four eyes that still carry out a
grave action (suspending, striking off, reinstating a struck-off registration): the action
takes a second registrar's confirmation (``confirmed_by``)."""

from __future__ import annotations

import itertools

from register.extensions import db
from register.models.accounts import Role, User
from register.models.base import utcnow

_numbers = itertools.count(1)


def second_registrar() -> User:
    """A new, confirmed registrar who did not propose the action."""
    user = User(
        email=f"confirming-registrar{next(_numbers)}@example.nl",
        password_hash="not-a-password",
        given_names="Tweede",
        surname_prefix="",
        surname="Registrar",
        role=Role.REGISTRAR,
        email_confirmed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    return user

"""Helpers for tests that log staff in: a known TOTP secret, enrolment without the pages, and
the code of the moment (the account's replay marker cleared first, so that a test may log
the same person in as often as it likes; tests of replay itself type codes by hand)."""

from __future__ import annotations

from sqlalchemy import select

from register.accounts import second_factor
from register.domain.second_factor import code_at, time_step
from register.extensions import db
from register.models.base import utcnow
from register.models.second_factor import SecondFactor

#: the authenticator secret of every test account that the ``login`` fixture enrols
TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol(user, secret: str = TEST_SECRET) -> SecondFactor:
    """Give ``user`` a confirmed authenticator app with ``secret`` (idempotent)."""
    found = second_factor.enrol_with_secret(user, secret)
    db.session.commit()
    return found


def credential_of(user) -> SecondFactor | None:
    return db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))


def fresh_code(user, offset: int = 0) -> str:
    """The current code of ``user``'s app, with the replay marker cleared."""
    found = credential_of(user)
    found.last_step = None
    db.session.commit()
    return code_at(found.secret, time_step(utcnow()) + offset)

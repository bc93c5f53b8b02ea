"""Demo staff accounts: registrars, an admin and two assessors.

Every demo account that needs a second factor (``access.SECOND_FACTOR_ROLES``) gets an
authenticator with a fixed secret, derived from its address, so that the ``otpauth://`` URIs
that ``flask --app register demo-data`` prints stay valid from one run to the next.
"""

from __future__ import annotations

import base64
import hashlib

from flask import current_app
from sqlalchemy import select

from register.access import SECOND_FACTOR_ROLES
from register.accounts import second_factor
from register.extensions import db
from register.models.accounts import Role, User
from register.models.base import utcnow
from register.models.second_factor import SecondFactor
from register.passwords import hash_password

DEMO_STAFF = [
    ("registrar@demo.register.nl", "Rianne", "", "Registermedewerker", Role.REGISTRAR, False),
    ("registrar2@demo.register.nl", "Ruben", "de", "Vries", Role.REGISTRAR, False),
    ("admin@demo.register.nl", "Anouk", "", "Beheerder", Role.ADMIN, False),
    ("assessor1@demo.register.nl", "Bas", "van der", "Berg", Role.ASSESSOR, True),
    ("assessor2@demo.register.nl", "Fatma", "", "Çelik", Role.ASSESSOR, False),
]


def ensure_user(email, given, prefix, surname, role, lived_experience=False) -> User:
    """The demo user with ``email``, created (confirmed, demo password) if missing."""
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(
            email=email,
            password_hash=hash_password(current_app.config["DEMO_PASSWORD"]),
            given_names=given,
            surname_prefix=prefix,
            surname=surname,
            role=role,
            email_confirmed_at=utcnow(),
            is_lived_experience_expert=lived_experience,
        )
        db.session.add(user)
        db.session.flush()
    if role in SECOND_FACTOR_ROLES:
        second_factor.enrol_with_secret(user, demo_secret(email))
    return user


def demo_secret(email: str) -> str:
    """The fixed TOTP secret of a demo account (160 bits from its address; demo only)."""
    digest = hashlib.sha256(f"register-demo-totp:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode("ascii")


def second_factor_uris() -> list[tuple[str, str]]:
    """(e-mail, otpauth URI) of every demo account whose app has its fixed demo secret."""
    rows = db.session.execute(
        select(User.email, SecondFactor.secret)
        .join(SecondFactor, SecondFactor.user_id == User.id)
        .where(User.email.like("%@demo.register.nl"), SecondFactor.confirmed_at.is_not(None))
        .order_by(User.id)
    ).all()
    return [
        (email, second_factor.provisioning_uri_for(email, secret))
        for email, secret in rows
        if secret == demo_secret(email)
    ]


def seed() -> list[tuple[str, str]]:
    """Create the staff and assessor accounts."""
    for row in DEMO_STAFF:
        ensure_user(*row)
    return [(row[4].value, row[0]) for row in DEMO_STAFF]

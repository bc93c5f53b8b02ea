"""Demo staff accounts: registrars, an admin and two assessors."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from register.extensions import db
from register.models.accounts import Role, User
from register.models.base import utcnow
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
    return user


def seed() -> list[tuple[str, str]]:
    """Create the staff and assessor accounts."""
    for row in DEMO_STAFF:
        ensure_user(*row)
    return [(row[4].value, row[0]) for row in DEMO_STAFF]

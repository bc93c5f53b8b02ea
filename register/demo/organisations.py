"""A demo organisation account: an employer with one user, watching the first demo
registrant's registration (which that registrant then sees on their page). It has no API
key: a key is shown once, so the demo user makes one on the keys page. Idempotent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from register.demo.accounts import ensure_user
from register.demo.registrations import DEMO_REGISTRANTS
from register.domain.organisations import new_webhook_secret
from register.extensions import db
from register.models.accounts import Role, User
from register.models.organisations import Organisation, OrganisationMember, WatchEntry
from register.models.registrations import Registration
from register.organisations.alerts import public_snapshot

EMPLOYER_EMAIL = "employer@demo.register.nl"
KVK_NUMBER = "90000001"


def seed() -> list[tuple[str, str]]:
    user = ensure_user(EMPLOYER_EMAIL, "Wilma", "", "Werkgever", Role.EMPLOYER)
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.kvk_number == KVK_NUMBER)
    )
    if organisation is None:
        organisation = Organisation(
            name="Zorggroep Demo", kvk_number=KVK_NUMBER, webhook_secret=new_webhook_secret()
        )
        db.session.add(organisation)
        db.session.add(OrganisationMember(organisation=organisation, user=user))
        db.session.flush()
    registration = db.session.scalar(
        select(Registration)
        .join(User, User.id == Registration.user_id)
        .where(User.email == DEMO_REGISTRANTS[0][0])
    )
    watched = db.session.scalar(
        select(WatchEntry.id).where(WatchEntry.organisation_id == organisation.id)
    )
    if registration is not None and watched is None:
        db.session.add(
            WatchEntry(
                organisation_id=organisation.id,
                registration_id=registration.id,
                employed_since=dt.date(2024, 9, 1),
                role="Ervaringsdeskundige, team herstel",
                snapshot=public_snapshot(registration.number),
            )
        )
    db.session.flush()
    return [("employer", EMPLOYER_EMAIL)]

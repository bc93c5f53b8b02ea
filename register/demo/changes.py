"""Demo changes of existing registrations: a registrant who applied for a higher tier (sent,
waiting for the registrar), and one who asked for another registered name after a marriage
(with proof, waiting for the registrar). Runs after the registrations seeder; idempotent.
"""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from register.demo.registrations import DEMO_PDF, submitted_diploma_application
from register.extensions import db
from register.models.accounts import User
from register.models.applications import Application, GrowthReflection
from register.models.names import NameChangeRequest
from register.models.programmes import Programme
from register.models.registrations import Registration, is_current

TIER_CHANGE_EMAIL = "registrant2@demo.register.nl"  # Ayşe Çelik, tier 1 → tier 2
NAME_CHANGE_EMAIL = "registrant3@demo.register.nl"  # Sanne de Vries → Sanne Bakker
PROGRAMME = "Ervaringsdeskundigheid niveau 5 (deeltijd)"

REFLECTIONS = {
    "autonomy": (
        "Ik begeleid nu zelfstandig een herstelgroep van acht deelnemers. Ik bereid de "
        "bijeenkomsten zelf voor en bespreek alleen nog de lastige momenten met mijn "
        "werkbegeleider."
    ),
    "transfer": (
        "In de opleiding op niveau 5 leerde ik over methodische zelfhulp. Ik gebruik dat "
        "in mijn groep, en wat ik daar merk neem ik mee naar de intervisie met collega's."
    ),
    "complexity": (
        "Ik werk nu ook met mensen die lang in de zorg zitten en weinig vertrouwen hebben. "
        "Ik zoek samen met het team naar ruimte voor hun eigen herstel, ook als dat schuurt."
    ),
    "responsibility": (
        "Ik ben aanspreekpunt voor twee nieuwe ervaringsdeskundigen in het team en ik zit "
        "in de werkgroep die herstelondersteuning in onze organisatie breder wil maken."
    ),
}


def _registration_of(email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration)
        .join(User, Registration.user_id == User.id)
        .where(User.email == email, is_current())
    )


def _tier_change() -> None:
    registration = _registration_of(TIER_CHANGE_EMAIL)
    if registration is None or db.session.scalar(
        select(Application.id).where(Application.registration_id == registration.id)
    ):
        return
    programme = db.session.scalar(select(Programme).where(Programme.name == PROGRAMME))
    application = submitted_diploma_application(
        registration.user,
        programme,
        tier=2,
        diploma_date=dt.date.today() - dt.timedelta(days=120),
        work_region=registration.work_region,
    )
    application.registration = registration
    application.growth_reflections.extend(
        GrowthReflection(criterion=criterion, text=text) for criterion, text in REFLECTIONS.items()
    )
    db.session.flush()


def _name_change() -> None:
    from register.accounts.services import update_profile
    from register.name_changes.services import request_name_change

    registration = _registration_of(NAME_CHANGE_EMAIL)
    if registration is None or db.session.scalar(
        select(NameChangeRequest.id).where(NameChangeRequest.registration_id == registration.id)
    ):
        return
    user = registration.user
    update_profile(user, "Sanne", "", "Bakker", user.locale or "nl")
    request_name_change(
        registration,
        user,
        given_names="Sanne",
        surname_prefix="",
        surname="Bakker",
        explanation="Ik ben getrouwd en gebruik nu de achternaam van mijn partner.",
        upload=FileStorage(
            stream=io.BytesIO(DEMO_PDF),
            filename="huwelijksakte.pdf",
            content_type="application/pdf",
        ),
    )


def seed() -> list[tuple[str, str]]:
    """A pending tier change and a pending name change; return their logins."""
    _tier_change()
    _name_change()
    db.session.flush()
    return [
        ("registrant, tier change", TIER_CHANGE_EMAIL),
        ("registrant, name change", NAME_CHANGE_EMAIL),
    ]

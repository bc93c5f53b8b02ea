"""Demo objections, made through the real services: a refused application with an
objection pending (the applicant asked to be heard), and a refused application whose
objection was upheld by another registrar, so that the applicant is now registered and the
history shows the refusal, the objection, its decision and the approval that replaced the
refusal. Also a third registrar, so that an objection against a decision confirmed by two
registrars (four eyes) can be decided by hand. Idempotent: an applicant who already has an
application is left alone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from register.decisions import latest_decision
from register.demo.accounts import ensure_user
from register.demo.registrations import (
    confirm_identity,
    ensure_programme,
    submitted_diploma_application,
)
from register.domain.objections import ObjectionAction
from register.extensions import db
from register.models.accounts import Role
from register.models.applications import Application
from register.models.base import utcnow

REGISTRAR = ("registrar@demo.register.nl", "Rianne", "", "Registermedewerker")
REGISTRAR2 = ("registrar2@demo.register.nl", "Ruben", "de", "Vries")
REGISTRAR3 = ("registrar3@demo.register.nl", "Rosa", "", "Bakker")

#: (e-mail, given names, prefix, surname, what happens to the objection)
DEMO_OBJECTORS = [
    ("applicant5@demo.register.nl", "Mila", "", "Jansen", "pending"),
    ("applicant6@demo.register.nl", "Daan", "de", "Graaf", "upheld"),
]
REFUSAL = (
    "Uw diploma is van 30 juni 2010. De opleiding was toen nog niet geaccrediteerd: de "
    "accreditatie geldt vanaf 1 januari 2012."
)
GROUNDS = (
    "Mijn opleiding hoorde bij de proefgroep van 2009-2010 die de opleider met de "
    "accreditatie heeft laten beoordelen. De brief van de opleider zit in de bijlage."
)
UPHELD = (
    "De opleider bevestigt dat de proefgroep van 2009-2010 bij de accreditatie is "
    "beoordeeld. Het diploma geeft daarom toegang tot het register."
)


def _refused(row, registrar, programme, today: dt.date) -> Application | None:
    from register.review import services as review

    email, given, prefix, surname, _fate = row
    user = ensure_user(email, given, prefix, surname, Role.APPLICANT, lived_experience=True)
    if db.session.scalar(select(Application.id).where(Application.applicant_id == user.id)):
        return None
    application = submitted_diploma_application(
        user,
        programme,
        tier=2,
        diploma_date=dt.date(2010, 6, 30),  # before the accreditation: the rules refuse
        submitted_at=utcnow() - dt.timedelta(days=40),
        work_region="Utrecht",
    )
    review.start_review(application, registrar, expected_version=None)
    confirm_identity(application, registrar, document_kind="residence_document")
    review.refuse_application(
        application, registrar, reason=REFUSAL, today=today, expected_version=None
    )
    return application


def seed() -> list[tuple[str, str]]:
    """Create the demo objections; return the objectors' and the third registrar's logins."""
    from register.objections import services as objections

    today = dt.date.today()
    registrar = ensure_user(*REGISTRAR, Role.REGISTRAR)
    second = ensure_user(*REGISTRAR2, Role.REGISTRAR)
    ensure_user(*REGISTRAR3, Role.REGISTRAR)
    programme = ensure_programme(
        "Ervaringsdeskundigheid niveau 5 (deeltijd)",
        "Hogeschool Demo",
        5,
        dt.date(2012, 1, 1),
        dt.date(2029, 12, 31),
    )
    for row in DEMO_OBJECTORS:
        application = _refused(row, registrar, programme, today)
        if application is None:
            continue
        objection = objections.submit_objection(
            latest_decision(application),
            application.applicant,
            grounds=GROUNDS,
            wants_hearing=row[4] == "pending",
            lateness_reason=None,
            today=today,
        )
        if row[4] == "upheld":
            objections.decide_objection(
                objection,
                second,
                action=ObjectionAction.UPHOLD,
                grounds=UPHELD,
                today=today,
                expected_version=None,
            )
    db.session.flush()
    return [("objector", DEMO_OBJECTORS[0][0]), ("registrar", REGISTRAR3[0])]

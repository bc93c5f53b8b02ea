"""Demo registrants, entered through the registrar's own services: active registrations in
each tier, one suspended with an end date, one lapsed, one struck off (each proposed by the
registrar and confirmed by the second registrar, as four eyes demand), and one whose
strike-off waits in the proposals queue for a second registrar. Names carry
prefixes and diacritics on purpose. Idempotent: a registrant who already has a registration
is left alone.

The builders (``ensure_programme``, ``submitted_diploma_application``) are also used by the
registrar-journey tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select

from register.applications.services import change_state
from register.demo.accounts import ensure_user
from register.domain.lifecycle import ApplicationAction
from register.extensions import db
from register.models.accounts import Role, User
from register.models.applications import Application, Evidence, EvidenceKind, Route
from register.models.base import utcnow
from register.models.files import StoredFile
from register.models.programmes import Accreditation, Programme, TrainingProvider
from register.models.registrations import Registration
from register.policy import current_policies
from register.uploads import upload_dir

DEMO_PDF = b"%PDF-1.4\n% demo diploma\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

#: (e-mail, given names, prefix, surname, tier, programme level, what happens after approval)
DEMO_REGISTRANTS = [
    ("registrant1@demo.register.nl", "Jan", "van der", "Berg", 2, 5, "active"),
    ("registrant2@demo.register.nl", "Ayşe", "", "Çelik", 1, 4, "active"),
    ("registrant3@demo.register.nl", "Sanne", "de", "Vries", 3, 5, "active"),
    ("registrant4@demo.register.nl", "Lotte", "", "Müller", 2, 4, "suspended"),
    ("registrant5@demo.register.nl", "Pieter-Jan", "van 't", "Hof", 1, 4, "lapsed"),
    ("registrant6@demo.register.nl", "Noëlle", "d'", "Arcy", 2, 5, "struck_off"),
    ("registrant14@demo.register.nl", "Youssef", "", "Bouzid", 1, 4, "strike_off_proposed"),
]
REGISTRAR_EMAIL = "registrar@demo.register.nl"
SECOND_REGISTRAR_EMAIL = "registrar2@demo.register.nl"


def ensure_programme(
    name: str, provider_name: str, level: int, valid_from: dt.date, valid_until: dt.date
) -> Programme:
    """A programme with one accreditation period, created if no programme has this name."""
    programme = db.session.scalar(select(Programme).where(Programme.name == name))
    if programme is not None:
        return programme
    provider = db.session.scalar(
        select(TrainingProvider).where(TrainingProvider.name == provider_name)
    ) or TrainingProvider(name=provider_name)
    programme = Programme(name=name, nlqf_level=level, provider=provider)
    programme.accreditations.append(
        Accreditation(
            valid_from=valid_from,
            valid_until=valid_until,
            entered_manually=True,
            policy_version=current_policies().accreditation.version,
        )
    )
    db.session.add(programme)
    db.session.flush()
    return programme


def demo_file(user: User, name: str = "diploma.pdf", write: bool = True) -> StoredFile:
    """A tiny PDF stored as ``user``'s upload (written to the upload folder if ``write``)."""
    storage_name = secrets.token_hex(16)
    if write:
        (upload_dir() / storage_name).write_bytes(DEMO_PDF)
    stored = StoredFile(
        storage_name=storage_name,
        original_name=name,
        content_type="application/pdf",
        size=len(DEMO_PDF),
        sha256=hashlib.sha256(DEMO_PDF).hexdigest(),
        uploaded_by_id=user.id,
    )
    db.session.add(stored)
    return stored


def submitted_diploma_application(
    applicant: User,
    programme: Programme,
    *,
    tier: int = 2,
    diploma_date: dt.date = dt.date(2022, 6, 30),
    submitted_at: dt.datetime | None = None,
    work_region: str | None = "Utrecht",
    with_evidence: bool = True,
    write_file: bool = True,
) -> Application:
    """A complete diploma-route application, submitted by ``applicant`` (through the
    applicant journey's ``change_state``); ``submitted_at`` back-dates it."""
    application = Application(
        applicant_id=applicant.id,
        tier=tier,
        route=Route.DIPLOMA,
        date_of_birth=dt.date(1980, 5, 1),
        programme=programme,
        diploma_date=diploma_date,
        work_region=work_region,
        code_accepted_at=utcnow(),
        code_version=current_policies().professional_code.version,
    )
    if with_evidence:
        application.evidence.append(
            Evidence(file=demo_file(applicant, write=write_file), kind=EvidenceKind.DIPLOMA)
        )
    db.session.add(application)
    db.session.flush()
    change_state(application, ApplicationAction.SUBMIT, applicant)
    if submitted_at is not None:
        application.submitted_at = submitted_at
        db.session.flush()
    return application


def confirm_identity(
    application: Application,
    registrar: User,
    *,
    method: str = "video_call",
    document_kind: str = "passport",
) -> None:
    """The registrar saw the applicant with an identity document, the day after the
    application was sent (a first application's approval needs it: ``review.identity``)."""
    from register.review import identity

    today = dt.date.today()
    sent = application.submitted_at.date() if application.submitted_at else today
    identity.record_identity_check(
        application,
        registrar,
        method=method,
        document_kind=document_kind,
        checked_on=min(sent + dt.timedelta(days=1), today),
        details_match=True,
        today=today,
    )


def _four_eyes(kind: str, registration, proposer: User, confirmer: User | None, **kw) -> None:
    """A grave action as the portal takes it: ``proposer`` proposes, ``confirmer`` (the
    second registrar) confirms; without a confirmer it stays pending."""
    from register.four_eyes import services as four_eyes

    proposal = four_eyes.propose(kind, registration, proposer, today=dt.date.today(), **kw)
    if confirmer is not None:
        four_eyes.confirm(proposal, confirmer, today=dt.date.today())


def _register(
    row, registrars: tuple[User, User], programmes: dict[int, Programme], today: dt.date
) -> None:
    from register.registrations import grave_actions
    from register.review import services as review

    registrar, second = registrars

    email, given, prefix, surname, tier, level, fate = row
    user = ensure_user(email, given, prefix, surname, Role.APPLICANT, lived_experience=True)
    if db.session.scalar(select(Registration.id).where(Registration.user_id == user.id)):
        return
    approved_on = today - dt.timedelta(days=6 * 366) if fate == "lapsed" else today
    application = submitted_diploma_application(
        user,
        programmes[level],
        tier=tier,
        diploma_date=dt.date(2016, 6, 30) if fate == "lapsed" else dt.date(2021, 6, 30),
        submitted_at=utcnow() - dt.timedelta(days=30),
        work_region="Gelderland",
    )
    application.show_work_region = fate == "active"
    review.start_review(application, registrar, expected_version=None)
    confirm_identity(application, registrar, method="in_person" if tier == 3 else "video_call")
    registration = review.approve_application(
        application, registrar, reason=None, today=approved_on, expected_version=None
    )
    if fate == "suspended":
        _four_eyes(
            grave_actions.SUSPEND,
            registration,
            registrar,
            second,
            reason="Demo: klacht in onderzoek.",
            payload={"category": "investigation", "ends_on": str(today + dt.timedelta(days=60))},
        )
    elif fate == "struck_off":
        _four_eyes(
            grave_actions.STRIKE_OFF,
            registration,
            registrar,
            second,
            reason="Demo: doorgehaald na een tuchtrechtelijke uitspraak.",
        )
    elif fate == "strike_off_proposed":
        # waits in the proposals queue for a second registrar (log in as registrar2)
        _four_eyes(
            grave_actions.STRIKE_OFF,
            registration,
            registrar,
            None,
            reason="Demo: het bestuur oordeelde dat de geregistreerde de beroepscode schond.",
        )


def seed() -> list[tuple[str, str]]:
    """Create the demo registrants and their registrations; return the registrant login."""
    from register.renewal.jobs import lapse_registrations

    today = dt.date.today()
    registrar = ensure_user(REGISTRAR_EMAIL, "Rianne", "", "Registermedewerker", Role.REGISTRAR)
    second = ensure_user(SECOND_REGISTRAR_EMAIL, "Ruben", "de", "Vries", Role.REGISTRAR)
    programmes = {
        4: ensure_programme(
            "Basisopleiding Ervaringsdeskundigheid niveau 4",
            "ROC Demo",
            4,
            dt.date(2012, 1, 1),
            dt.date(2029, 12, 31),
        ),
        5: ensure_programme(
            "Ervaringsdeskundigheid niveau 5 (deeltijd)",
            "Hogeschool Demo",
            5,
            dt.date(2012, 1, 1),
            dt.date(2029, 12, 31),
        ),
    }
    for row in DEMO_REGISTRANTS:
        _register(row, (registrar, second), programmes, today)
    lapse_registrations(today)
    db.session.flush()
    return [("registrant", DEMO_REGISTRANTS[0][0])]

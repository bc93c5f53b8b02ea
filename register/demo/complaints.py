"""Demo complaints and measures, made through the real services and the four-eyes path: a
complaint at intake, a case under investigation with an interim suspension (proposed and
confirmed by two registrars) and an open request to the registrant, a decided case with
conditions on practice, and a case decided with a strike-off (with its earliest re-entry
date). Idempotent: nothing is made when the demo complaints exist."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from register.demo.accounts import ensure_user
from register.demo.registrations import (
    REGISTRAR_EMAIL,
    SECOND_REGISTRAR_EMAIL,
    confirm_identity,
    ensure_programme,
    submitted_diploma_application,
)
from register.domain.measures import CaseOutcome
from register.extensions import db
from register.models.accounts import Role
from register.models.base import utcnow
from register.models.complaints import ComplaintCase

COMPLAINANT = "klager@example.nl"

#: (e-mail, given names, prefix, surname, what the case comes to)
DEMO_CASES = [
    ("registrant20@demo.register.nl", "Fenna", "", "Visser", "intake"),
    ("registrant21@demo.register.nl", "Bram", "van", "Dijk", "interim"),
    ("registrant22@demo.register.nl", "Iris", "", "Smit", "conditions"),
    ("registrant23@demo.register.nl", "Koen", "", "Mulder", "strike_off"),
]
#: how ``demo-data`` names the registrant of each demo case among the logins it prints
CASE_LABELS = {
    "intake": "complaint: at intake",
    "interim": "complaint: interim, asked",
    "conditions": "complaint: conditions",
    "strike_off": "complaint: struck off",
}
ACCOUNT = (
    "Tijdens een groepsbijeenkomst vertelde de ervaringsdeskundige mijn verhaal aan de "
    "anderen, zonder het mij te vragen."
)


def _registrant(row, registrar, programme, today):
    from register.review import services as review

    email, given, prefix, surname, _fate = row
    user = ensure_user(email, given, prefix, surname, Role.APPLICANT, lived_experience=True)
    application = submitted_diploma_application(
        user,
        programme,
        tier=2,
        diploma_date=dt.date(2021, 6, 30),
        submitted_at=utcnow() - dt.timedelta(days=30),
        work_region="Utrecht",
    )
    review.start_review(application, registrar, expected_version=None)
    confirm_identity(application, registrar, document_kind="dutch_identity_card")
    return review.approve_application(
        application, registrar, reason=None, today=today, expected_version=None
    )


def _confirmed(kind: str, subject, proposer, confirmer, *, reason: str, payload: dict) -> None:
    from register.four_eyes import services as four_eyes

    proposal = four_eyes.propose(
        kind, subject, proposer, reason=reason, payload=payload, today=dt.date.today()
    )
    four_eyes.confirm(proposal, confirmer, today=dt.date.today())


def seed() -> list[tuple[str, str]]:
    """Create the demo cases (once); return the logins of their registrants."""
    from register.complaints import services as cases
    from register.registrations import grave_actions

    if db.session.scalar(
        select(ComplaintCase.id).where(ComplaintCase.complainant_email == COMPLAINANT)
    ):
        return _logins()
    today = dt.date.today()
    registrar = ensure_user(REGISTRAR_EMAIL, "Rianne", "", "Registermedewerker", Role.REGISTRAR)
    second = ensure_user(SECOND_REGISTRAR_EMAIL, "Ruben", "de", "Vries", Role.REGISTRAR)
    programme = ensure_programme(
        "Ervaringsdeskundigheid niveau 5 (deeltijd)",
        "Hogeschool Demo",
        5,
        dt.date(2012, 1, 1),
        dt.date(2029, 12, 31),
    )
    for row in DEMO_CASES:
        registration = _registrant(row, registrar, programme, today)
        fate = row[4]
        case = cases.file_complaint(
            name="Petra Publiek",
            email=COMPLAINANT,
            phone=None,
            relation="client",
            registration_text=f"{row[1]} {row[2]} {row[3]}".replace("  ", " "),
            account=ACCOUNT,
            happened_on=today - dt.timedelta(days=20),
            uploads=[],
            locale="nl",
            today=today,
        )
        if fate == "intake":
            continue
        cases.match_registration(case, registrar, registration.number)
        cases.intake(case, registrar, admissible=True, reason=None)
        cases.start_investigation(case, registrar)
        cases.add_note(case, registrar, "Demo: klager gebeld; verhaal is duidelijk.")
        if fate == "interim":
            cases.send_request(
                case,
                registrar,
                "Wilt u vertellen wat er in de groepsbijeenkomst gebeurde?",
                today=today,
            )
            _confirmed(
                grave_actions.SUSPEND,
                registration,
                registrar,
                second,
                reason="Demo: risico voor cliënten zolang het onderzoek loopt.",
                payload={"category": "investigation", "ends_on": None, "case_id": case.id},
            )
        elif fate == "conditions":
            cases.decide(
                case,
                registrar,
                CaseOutcome.CONDITIONS,
                grounds="Demo: de geregistreerde deelde vertrouwelijke informatie.",
                public_text="Werkt alleen onder supervisie van een collega van niveau 3.",
                ends_on=today + dt.timedelta(days=365),
                today=today,
            )
        else:
            _confirmed(
                grave_actions.STRIKE_OFF,
                registration,
                registrar,
                second,
                reason="Demo: ernstige en herhaalde schending van de beroepscode.",
                payload={"case_id": case.id},
            )
    db.session.flush()
    return _logins()


def _logins() -> list[tuple[str, str]]:
    return [(CASE_LABELS[row[4]], row[0]) for row in DEMO_CASES]

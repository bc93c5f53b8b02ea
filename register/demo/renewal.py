"""Demo registrants at every stage of staying registered, made through the real services
(applications approved in the past, logs, confirmations, requests, the daily job's steps):
the renewal window open with a partial log (the by-hand journey starts here), a reminder
sent, a renewal submitted, one drawn for a check, one in grace, one lapsed and restorable,
and one renewed (same number, two periods). Idempotent: a registrant who already has a
registration is left alone. Dates are relative to today."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from register.demo.accounts import ensure_user
from register.demo.registrations import (
    confirm_identity,
    ensure_programme,
    submitted_diploma_application,
)
from register.domain.dates import add_years
from register.extensions import db
from register.models.accounts import Role, User
from register.models.base import utcnow
from register.models.registrations import Registration
from register.policy import current_policies

REGISTRAR_EMAIL = "registrar@demo.register.nl"
EMPLOYER = ("Marieke de Wit", "m.dewit@ggz-demo.nl", "GGZ Demo, FACT-team Oost")
SUPERVISOR = ("Henk Jansen", "h.jansen@supervisie-demo.nl")

#: (e-mail, given names, prefix, surname, tier, days from today to the end date, stage)
DEMO_RENEWALS = [
    ("registrant7@demo.register.nl", "Marloes", "", "Bakker", 2, 60, "partial_log"),
    ("registrant8@demo.register.nl", "Kees", "de", "Jong", 1, 80, "reminded"),
    ("registrant9@demo.register.nl", "Fatima", "el", "Amrani", 2, 100, "submitted"),
    ("registrant10@demo.register.nl", "Thijs", "", "Visser", 3, 120, "drawn"),
    ("registrant11@demo.register.nl", "Eva", "van", "Dijk", 2, -20, "grace"),
    ("registrant12@demo.register.nl", "Ruud", "", "Smit", 1, -40, "lapsed"),
    ("registrant13@demo.register.nl", "Ingrid", "", "Mulder", 2, -30, "renewed"),
]
STAGE_LABELS = {
    "partial_log": "renewal: window open",
    "reminded": "renewal: reminder sent",
    "submitted": "renewal: submitted",
    "drawn": "renewal: drawn for a check",
    "grace": "renewal: in grace",
    "lapsed": "renewal: lapsed, restorable",
    "renewed": "renewal: renewed (2 periods)",
}


class FixedDraw(random.Random):
    """A seeded draw for the demo: the request's record says "seeded" and the value used."""

    def __init__(self, value: float):
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


def _registration(row, registrar: User, programme, today: dt.date) -> Registration | None:
    from register.review import services as review

    email, given, prefix, surname, tier, days_to_end, _stage = row
    user = ensure_user(email, given, prefix, surname, Role.APPLICANT, lived_experience=True)
    if db.session.scalar(select(Registration.id).where(Registration.user_id == user.id)):
        return None
    years = current_policies().registration.validity_years
    approved_on = add_years(today + dt.timedelta(days=days_to_end), -years)
    application = submitted_diploma_application(
        user,
        programme,
        tier=tier,
        diploma_date=approved_on - dt.timedelta(days=200),
        submitted_at=utcnow() - dt.timedelta(days=30),
        work_region="Utrecht",
    )
    review.start_review(application, registrar, expected_version=None)
    confirm_identity(application, registrar, document_kind="driving_licence")
    return review.approve_application(
        application, registrar, reason=None, today=approved_on, expected_version=None
    )


def _confirmed(entry, on: dt.date, **figures) -> None:
    from register.renewal import log_services

    log_services.answer_confirmation(entry.confirmation, True, today=on, **figures)


def _log(registration: Registration, on: dt.date, *, complete: bool) -> None:
    """A log for the period up to ``on``: practice confirmed by the employer, development in
    every category (supervision confirmed by the supervisor). Not ``complete``: earlier work
    only, and intervision and reflection short."""
    from register.renewal import log_services

    user, policy = registration.user, current_policies().renewal
    start = registration.valid_from
    ended = None if complete else start + dt.timedelta(days=2 * 365)
    practice = log_services.add_practice(
        registration,
        user,
        organisation=EMPLOYER[2],
        role="Ervaringsdeskundige",
        start=start,
        end=ended,
        hours_per_week=16,
        confirmer_name=EMPLOYER[0],
        confirmer_email=EMPLOYER[1],
        today=on,
    )
    _confirmed(practice, on, start=start, end=ended, hours_per_week=16)
    for code, category in policy.development.items():
        amount = category.minimum
        if not complete and code in ("intervision", "reflection"):
            amount = max(1.0, category.minimum // 2)
        entry = log_services.add_development(
            registration,
            user,
            category=code,
            day=start + dt.timedelta(days=400),
            amount=amount,
            description=f"Demo: {category.name.nl.lower()}",
            organisation="Herstelacademie Demo" if code == "training" else None,
            confirmer_name=SUPERVISOR[0] if category.confirmation_required else None,
            confirmer_email=SUPERVISOR[1] if category.confirmation_required else None,
            today=on,
        )
        if category.confirmation_required:
            _confirmed(entry, on, amount=amount)


def _submit(registration: Registration, on: dt.date, drawn: bool):
    from register.renewal import services

    request = services.submit_request(
        registration,
        registration.user,
        declared=True,
        note=None,
        today=on,
        rng=FixedDraw(0.01 if drawn else 0.99),
    )
    request.submitted_at = request.declared_at = dt.datetime.combine(
        on, dt.time(10, 0), tzinfo=dt.UTC
    )
    db.session.flush()
    return request


def _stage(row, registration: Registration, registrar: User, today: dt.date) -> None:
    from register.renewal import jobs, services

    stage = row[-1]
    end = registration.valid_until
    if stage == "partial_log":
        _log(registration, today, complete=False)
    elif stage == "reminded":
        _log(registration, today, complete=False)
        jobs.send_due_reminders(today)
    elif stage in ("submitted", "drawn"):
        _log(registration, today, complete=True)
        _submit(registration, today, drawn=stage == "drawn")
    elif stage == "grace":
        asked = end - dt.timedelta(days=30)
        _log(registration, asked, complete=True)
        _submit(registration, asked, drawn=True)
        jobs.enter_grace(today)
    elif stage == "lapsed":
        _log(registration, end, complete=False)
        jobs.lapse_registrations(today)
    elif stage == "renewed":
        asked = end - dt.timedelta(days=60)
        _log(registration, asked, complete=True)
        request = _submit(registration, asked, drawn=False)
        services.decide_request(
            request,
            registrar,
            approve=True,
            grounds=None,
            today=asked + dt.timedelta(days=10),
        )
        jobs.begin_renewed_periods(today)


def seed() -> list[tuple[str, str]]:
    """Create the demo registrants of the renewal cycle; return their logins."""
    today = dt.date.today()
    registrar = ensure_user(REGISTRAR_EMAIL, "Rianne", "", "Registermedewerker", Role.REGISTRAR)
    programmes = {
        1: ensure_programme(
            "Basisopleiding Ervaringsdeskundigheid niveau 4",
            "ROC Demo",
            4,
            dt.date(2012, 1, 1),
            dt.date(2029, 12, 31),
        ),
        2: ensure_programme(
            "Ervaringsdeskundigheid niveau 5 (deeltijd)",
            "Hogeschool Demo",
            5,
            dt.date(2012, 1, 1),
            dt.date(2029, 12, 31),
        ),
    }
    for row in DEMO_RENEWALS:
        programme = programmes[1 if row[4] == 1 else 2]
        registration = _registration(row, registrar, programme, today)
        if registration is not None:
            _stage(row, registration, registrar, today)
    db.session.flush()
    return [(STAGE_LABELS[row[-1]], row[0]) for row in DEMO_RENEWALS]

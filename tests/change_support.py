"""Builders for the tests of changing a registration: a registrant approved through the
registrar's own services, an application for another tier of their registration (sent, with
reflections on growth), and an upload for proof of a change of name."""

from __future__ import annotations

import datetime as dt
import io

from werkzeug.datastructures import FileStorage

from register.applications.services import start_tier_change, submit_application
from register.demo.registrations import (
    DEMO_PDF,
    demo_file,
    ensure_programme,
    submitted_diploma_application,
)
from register.extensions import db
from register.models.applications import Evidence, EvidenceKind, GrowthReflection, Route
from register.review.services import approve_application
from tests.identity_support import confirmed_identity

LONG = (
    "Ik werk nu veel zelfstandiger dan vroeger en overleg alleen nog over de lastigste "
    "situaties met mijn begeleider."
)
CRITERIA = ("autonomy", "transfer", "complexity", "responsibility")


def programme(level: int = 5):
    """An accredited programme at ``level`` (accredited 2015-2030)."""
    return ensure_programme(
        f"Ervaringsdeskundigheid niveau {level}",
        "Hogeschool Test",
        level,
        dt.date(2015, 1, 1),
        dt.date(2030, 12, 31),
    )


def register_person(make_user, registrar, *, tier=1, today=None, **names):
    """A user with an active registration in ``tier`` (approved by ``registrar``)."""
    user = make_user(**{"locale": "en", **names})
    level = {1: 4, 2: 5, 3: 6}[tier]
    application = submitted_diploma_application(
        user, programme(level), tier=tier, write_file=False, work_region="Utrecht"
    )
    confirmed_identity(application, registrar)
    registration = approve_application(
        application,
        registrar,
        reason=None,
        today=today or dt.date.today(),
        expected_version=None,
    )
    db.session.commit()
    return registration


def tier_change_application(registration, *, tier=2, reflections=True, submit=True):
    """The registrant's application for ``tier`` by the diploma route, through the
    applicant's services: started from the registration, filled in, and sent."""
    user = registration.user
    application = start_tier_change(user, registration)
    application.tier = tier
    application.route = Route.DIPLOMA
    application.programme = programme({1: 4, 2: 5, 3: 6}[tier])
    application.diploma_date = dt.date(2023, 6, 30)
    application.date_of_birth = application.date_of_birth or dt.date(1980, 5, 1)
    application.evidence.append(
        Evidence(file=demo_file(user, write=False), kind=EvidenceKind.DIPLOMA)
    )
    if reflections:
        application.growth_reflections.extend(
            GrowthReflection(criterion=c, text=LONG) for c in CRITERIA
        )
    db.session.flush()
    if submit:
        submit_application(application, user, accept_code=True)
    db.session.commit()
    return application


def proof(name: str = "huwelijksakte.pdf", data: bytes = DEMO_PDF) -> FileStorage:
    """An uploaded file, as a form post gives it."""
    return FileStorage(stream=io.BytesIO(data), filename=name, content_type="application/pdf")

"""Builders for objection tests: a refused application (a decision that can be objected
to), its objection, and the registrars around it. Each step uses the real services."""

from __future__ import annotations

import datetime as dt

from werkzeug.datastructures import FileStorage

from register.decisions import latest_decision
from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.extensions import db
from register.models.accounts import Role
from register.objections import services
from register.review import services as review
from tests.identity_support import confirmed_identity

#: a Monday; six weeks later (Monday 12 January 2026) is a working day
SENT = dt.date(2025, 12, 1)
UNTIL = dt.date(2026, 1, 12)
PDF = b"%PDF-1.4\n% objection letter\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "letter.pdf") -> FileStorage:
    """A small PDF as an uploaded file."""
    import io

    return FileStorage(io.BytesIO(PDF), filename=name, content_type="application/pdf")


def refused_application(make_user, *, locale=None, registrar=None, today=SENT, identity=True):
    """A diploma application refused by ``registrar`` on ``today`` (with the applicant's
    identity confirmed first unless ``identity`` is false): returns (application, its
    stored decision, applicant, registrar)."""
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid",
        "Hogeschool Test",
        5,
        dt.date(2015, 1, 1),
        dt.date(2030, 12, 31),
    )
    applicant = make_user(given_names="Ayşe", surname="Çelik", locale=locale)
    registrar = registrar or make_user(role=Role.REGISTRAR, given_names="Rianne")
    application = submitted_diploma_application(applicant, programme, write_file=False)
    db.session.flush()
    if identity:
        confirmed_identity(application, registrar)
    review.refuse_application(
        application,
        registrar,
        reason="Your diploma could not be verified with the school.",
        today=today,
        expected_version=application.version,
    )
    db.session.commit()
    decision = latest_decision(application)
    return application, decision, applicant, registrar


def objected(make_user, *, wants_hearing=False, received=SENT + dt.timedelta(days=10), **kw):
    """A refused application with an objection received on ``received``: returns
    (objection, application, applicant, original registrar)."""
    application, decision, applicant, registrar = refused_application(make_user, **kw)
    late = received > UNTIL
    objection = services.submit_objection(
        decision,
        applicant,
        grounds="The school confirmed my diploma; the letter is attached.",
        wants_hearing=wants_hearing,
        lateness_reason="I was in hospital." if late else None,
        uploads=[pdf_upload()],
        today=received,
    )
    db.session.commit()
    return objection, application, applicant, registrar

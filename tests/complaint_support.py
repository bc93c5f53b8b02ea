"""A complaint case filed by the public, matched, admitted and under investigation."""

from __future__ import annotations

import datetime as dt

from register.complaints import services as cases


def investigated_case(registration, registrar, *, uploads=(), today=None):
    case = cases.file_complaint(
        name="Klager",
        email="klager@example.nl",
        phone="0612345678",
        relation="client",
        registration_text=registration.number,
        account="What happened.",
        happened_on=None,
        uploads=list(uploads),
        locale="en",
        today=today or dt.date.today(),
    )
    cases.match_registration(case, registrar, registration.number)
    cases.intake(case, registrar, admissible=True, reason=None)
    cases.start_investigation(case, registrar)
    return case

"""The registrar's registration page lists the registration's measures (issue 12): kind,
dates, in force or ended, the public text and the case; the internal reason stays off it."""

from __future__ import annotations

import datetime as dt

import pytest

from register.complaints.services import file_complaint
from register.domain.measures import MeasureKind
from register.models.accounts import Role
from register.registrations.measures import start_measure
from tests.lookup_support import add_registration


@pytest.fixture(autouse=True)
def _english(client):
    client.post("/language", data={"lang": "en", "next": "/"})


def test_the_registration_page_lists_every_measure(client, db, make_user, login, policies):
    login(make_user(role=Role.REGISTRAR, locale="en"))
    registration = add_registration(policies)
    url = f"/review/registrations/{registration.id}"
    assert "No measures have been taken on this registration." in client.get(url).get_data(
        as_text=True
    )
    ended = start_measure(
        registration,
        MeasureKind.WARNING,
        starts_on=dt.date(2026, 1, 5),
        internal_reason="Intern: te laat gemeld",
    )
    ended.ended_on = dt.date(2026, 2, 1)
    case = file_complaint(
        name="Petra Publiek",
        email="petra@example.nl",
        phone=None,
        relation="client",
        registration_text=registration.number,
        account="Zij deelde mijn verhaal zonder te vragen.",
        happened_on=None,
        uploads=[],
        locale="en",
        today=dt.date(2026, 2, 20),
    )
    start_measure(
        registration,
        MeasureKind.CONDITIONS,
        case_id=case.id,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2027, 3, 1),
        public_text="Werkt alleen onder supervisie",
    )
    db.session.commit()
    html = client.get(url).get_data(as_text=True)
    table = html[html.index('id="measures"') :]
    assert "Conditions on practice" in table and "Warning" in table
    assert "Werkt alleen onder supervisie" in table
    assert "Ended on February 1, 2026" in table
    assert "<strong>In force</strong>" in table
    assert "Not shown publicly" in table and "Shown publicly" in table
    assert f'href="/registrar/cases/{case.id}">{case.number}</a>' in table
    assert "Intern: te laat gemeld" not in html

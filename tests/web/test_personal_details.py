"""Dates of birth and phone numbers are checked for sense (issue 12): an age between 16 and
100, a phone number that can exist (Dutch as people write it, or with a country code); a
refused value is shown again as typed, an accepted one is stored in international form."""

from __future__ import annotations

import datetime as dt

import pytest

from register.applications.forms import normalised_phone, plausible_birth_date
from register.extensions import db
from register.models.applications import Application
from tests.web.test_apply import _start

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    "born, plausible",
    [
        (dt.date(2010, 12, 1), True),  # 16 today
        (dt.date(2010, 12, 2), False),  # 16 tomorrow
        (dt.date(1926, 12, 1), True),  # 100
        (dt.date(1925, 11, 30), False),  # 101
        (dt.date(2030, 1, 1), False),
    ],
)
def test_the_age_range(born, plausible):
    assert plausible_birth_date(born, TODAY) is plausible


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("06 12345678", "+31 6 12345678"),
        ("030-1234567", "+31 30 123 4567"),
        ("+32 470 12 34 56", "+32 470 12 34 56"),
        ("0032 470 12 34 56", "+32 470 12 34 56"),
        ("12345", None),
        ("bel mij", None),
    ],
)
def test_phone_numbers(typed, stored):
    assert normalised_phone(typed) == stored


def test_the_personal_step_refuses_nonsense_and_keeps_what_was_typed(client, login, make_user):
    _, application = _start(client, login, make_user, locale="en")
    client.post("/language", data={"lang": "en", "next": "/"})
    url = f"/apply/{application.id}/step/personal"
    refused = client.post(
        url, data={"date_of_birth": "1850-05-01", "phone": "12345", "action": "continue"}
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "You must be between 16 and 100 years old." in page
    assert "Fill in a phone number we can call" in page
    assert 'value="12345"' in page and 'href="#phone"' in page

    accepted = client.post(
        url, data={"date_of_birth": "1980-05-01", "phone": "06 12345678", "action": "continue"}
    )
    assert accepted.status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).phone == "+31 6 12345678"

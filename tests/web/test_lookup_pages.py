"""The public registration page, its stable address, not-found answers, headers, and the entry
points on the home page and in the menu."""

import datetime as dt

import pytest

from register.domain.lifecycle import RegistrationStatus
from tests.lookup_support import add_registration, suspend


@pytest.fixture
def english(client):
    client.post("/language", data={"lang": "en"})
    return client


def test_public_page_shows_the_public_fields(db, english, policies):
    reg = add_registration(policies, given="Jan", prefix="van der", surname="Berg", tier=3)
    response = english.get(f"/registrations/{reg.number}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Jan van der Berg</h1>" in html
    assert reg.number in html
    assert policies.tiers.get(3).name.en in html
    assert policies.tiers.get(3).core_task_focus.en[:40] in html  # what the tier means
    assert 'class="status status-active">Active<' in html
    assert "Status as of " in html and "Valid until" in html and "Status since" in html
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_suspension_shows_category_and_end_date(db, english, policies):
    reg = add_registration(policies, given="Kees", surname="Dijkstra")
    suspend(policies, reg, "internal note", "disciplinary", ends_on=dt.date(2031, 3, 1))
    html = english.get(f"/registrations/{reg.number}").get_data(as_text=True)
    assert "Suspended" in html and "Disciplinary measure" in html
    assert "March 1, 2031" in html and "internal note" not in html


@pytest.mark.parametrize("status", [RegistrationStatus.STRUCK_OFF, RegistrationStatus.LAPSED])
def test_removed_registrations_keep_their_page(db, english, policies, status):
    reg = add_registration(policies, status=status)
    html = english.get(f"/registrations/{reg.number}").get_data(as_text=True)
    assert policies.registration.statuses[status.value].name.en in html
    assert "Registered now</dt>\n  <dd>No" in html


def test_typed_forms_of_a_number_redirect_to_the_stable_address(db, english, policies):
    reg = add_registration(policies)
    response = english.get(f"/registrations/{reg.number.lower()}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/registrations/{reg.number}")


def test_unknown_and_malformed_numbers(english, policies):
    from register.domain.numbers import format_number

    unknown = format_number(policies.registration.number, 777)
    response = english.get(f"/registrations/{unknown}")
    assert response.status_code == 404
    assert "There is no registration with number" in response.get_data(as_text=True)
    bad = english.get("/registrations/ED-12")
    assert bad.status_code == 404 and "not a valid registration number" in bad.get_data(
        as_text=True
    )


def test_home_card_and_menu_link(english):
    html = english.get("/").get_data(as_text=True)
    assert html.count('href="/search"') >= 2  # menu and card
    assert "Search the register" in html and 'href="/verify"' in html


def test_bulk_page_is_public_and_labelled(english):
    html = english.get("/verify").get_data(as_text=True)
    assert '<label for="file">' in html and 'enctype="multipart/form-data"' in html


def test_pages_have_no_inline_script_or_style(db, english, policies):
    reg = add_registration(policies)
    for url in ("/search?q=Berg", f"/registrations/{reg.number}", "/verify"):
        html = english.get(url).get_data(as_text=True)
        assert "<script" not in html and "style=" not in html, url

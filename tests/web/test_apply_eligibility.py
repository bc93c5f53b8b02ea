"""The public eligibility check: a result per tier and route, with reasons; nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest

from register.models.applications import Application
from tests.web.test_apply_helpers import make_programme, use_english


@pytest.fixture(autouse=True)
def _english(client):
    use_english(client)


def _result_for(page: str, tier: int) -> str:
    start = page.index(f"Tier {tier}:", page.index("Your result"))
    end = page.find("<h3>", start)
    return page[start : end if end != -1 else None]


def test_form_is_public_and_labelled(client):
    page = client.get("/eligibility").get_data(as_text=True)
    assert 'for="hours_per_week"' in page and 'for="worked_since"' in page


def test_diploma_level_5_opens_tiers_2_and_3(client, db):
    programme = make_programme(level=5)
    r = client.post(
        "/eligibility",
        data={"has_diploma": "yes", "programme_id": programme.id, "diploma_date": "2022-06-30"},
    )
    page = r.get_data(as_text=True)
    tier1, tier2 = _result_for(page, 1), _result_for(page, 2)
    assert 'Diploma route: <span class="status status-failed">Not open to you' in tier1
    assert 'Diploma route: <span class="status status-passed">Open to you' in tier2
    assert "This tier of the register accepts NLQF 2, 3, 4" in tier1
    assert db.session.query(Application).count() == 0


def test_long_experience_opens_the_transitional_route(client):
    since = (dt.date.today() - dt.timedelta(days=3 * 365)).isoformat()
    r = client.post(
        "/eligibility",
        data={
            "has_diploma": "no",
            "hours_per_week": "24",
            "worked_since": since,
            "paid": "paid",
            "intervision_sessions": "10",
        },
    )
    page = r.get_data(as_text=True)
    assert 'Transitional route: <span class="status status-passed">Open to you' in _result_for(
        page, 1
    )
    assert 'Diploma route: <span class="status status-failed">Not open to you' in _result_for(
        page, 1
    )
    assert "You need a diploma" in page
    tier3 = _result_for(page, 3)
    assert 'Transitional route: <span class="status status-failed">Not open' in tier3
    assert "Hours of work as an expert by experience" in tier3


def test_missing_answers_say_we_cannot_tell(client):
    r = client.post("/eligibility", data={"has_diploma": "no"})
    page = r.get_data(as_text=True)
    assert "We cannot tell yet" in page and "You did not tell us" in page


def test_bad_input_keeps_answers(client):
    r = client.post(
        "/eligibility",
        data={"has_diploma": "yes", "hours_per_week": "99", "worked_since": "2020-01-01"},
    )
    page = r.get_data(as_text=True)
    assert "Choose your training programme" in page and "from 0 to 60" in page
    assert 'value="2020-01-01"' in page and "Your result" not in page

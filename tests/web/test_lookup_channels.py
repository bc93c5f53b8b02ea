"""A registration number with white space around it, or typed in another Unicode
compatibility form (full width), is read the same in every channel: the search page, the
public page's path, the API's path and the API's search; and a "not in the register" answer
says when it was checked."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.lookup_support import add_registration


def _wide(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


VARIANTS = {
    "spaces": lambda n: f"  {n}  ",
    "tab and newline": lambda n: f"\t{n}\n",
    "non-breaking spaces": lambda n: f"\u00a0{n}\u00a0",
    "full width": _wide,
}


@pytest.fixture
def english(client):
    client.post("/language", data={"lang": "en"})
    return client


@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_the_search_page_reads_the_number(db, english, policies, variant):
    reg = add_registration(policies)
    response = english.get("/search", query_string={"q": VARIANTS[variant](reg.number)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/registrations/{reg.number}")


#: in a path, a newline ends what the router reads as one segment: not a number typed there
IN_PATHS = [v for v in VARIANTS if v != "tab and newline"]


@pytest.mark.parametrize("variant", IN_PATHS, ids=str)
def test_the_public_page_path_reads_the_number(db, english, policies, variant):
    reg = add_registration(policies)
    response = english.get(f"/registrations/{quote(VARIANTS[variant](reg.number))}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/registrations/{reg.number}")


@pytest.mark.parametrize("variant", IN_PATHS, ids=str)
def test_the_api_path_reads_the_number(db, client, policies, variant):
    reg = add_registration(policies)
    response = client.get(f"/api/v1/registrations/{quote(VARIANTS[variant](reg.number))}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["number"] == reg.number


@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_the_api_search_reads_the_number(db, client, policies, variant):
    reg = add_registration(policies)
    response = client.get(
        "/api/v1/registrations", query_string={"name": VARIANTS[variant](reg.number)}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert [item["number"] for item in response.get_json()["items"]] == [reg.number]


def test_a_number_not_in_the_register_says_when_it_was_checked(db, english, policies):
    from register.domain.numbers import format_number

    unknown = format_number(policies.registration.number, 9_999_999)
    response = english.get(f"/registrations/{unknown}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Status as of" in html and f"no registration with number {unknown}" in html


def test_a_name_not_in_the_register_says_when_it_was_checked(db, english, policies):
    html = english.get("/search?q=Pietersen").get_data(as_text=True)
    assert "No registration was found" in html and "Status as of" in html


def test_search_results_show_region_and_the_column_names_for_cards(db, english, policies):
    add_registration(
        policies, given="Jan", surname="Berg", work_region="Utrecht", show_work_region=True
    )
    add_registration(policies, given="Jan", surname="Berg", work_region="Twente")
    html = english.get("/search?q=Jan+Berg").get_data(as_text=True)
    assert '<table class="as-cards">' in html
    assert 'data-label="Valid until"' in html and 'data-label="Status"' in html
    assert "Utrecht" in html and "Twente" not in html  # the region only where made public
    # the results heading takes the focus after a search
    assert '<h2 id="results-title" tabindex="-1" autofocus>' in html

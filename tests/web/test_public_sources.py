"""What the public sees of the sources: the tier pages for employers, what a registration
says about practice (direction for tier 1, the diploma's NLQF level or the transitional
route) on the page, in the API and on the certificate, and the professional code."""

from __future__ import annotations

import re
from html import unescape

import pytest

from register.certificates.pdf import CertificateContent, certificate_pdf
from register.models.accounts import Role
from tests.lookup_support import add_registration


@pytest.fixture
def english(client):
    client.post("/language", data={"lang": "en"})
    return client


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- tier pages ----------------------------------------------------------------------------


def test_the_tiers_index_links_every_tier(english, policies):
    html = english.get("/tiers").get_data(as_text=True)
    for tier in policies.tiers.tiers:
        assert f'href="/tiers/{tier.code}"' in html and tier.name.en in html


@pytest.mark.parametrize("code", [1, 2, 3])
def test_a_tier_page_gives_the_sources_words_with_where_they_stand(english, policies, code):
    tier = policies.tiers.get(code)
    response = english.get(f"/tiers/{code}")
    assert response.status_code == 200
    text = _text(response.get_data(as_text=True))
    for quote in (tier.core_task_focus, tier.work_situation, tier.embedding, tier.growth):
        assert quote.en[:60] in text
        assert quote.location in text
    for level in policies.tiers.training_levels_of(tier):
        assert f"Level {level.level}" in text
    tasks = policies.tiers.european_tasks(tier)
    assert all(task.text.en in text for task, _mark in tasks)
    assert "European competence profile for peer supporters" in text  # the cited document
    assert ("Works under the direction of an expert by experience at level 5" in text) is (
        code == 1
    )
    if tier.supervision is None:
        assert "The curriculum says nothing about supervision for this tier." in text


def test_the_dutch_tier_page_quotes_the_curriculum_as_written(client, policies):
    text = _text(client.get("/tiers/1").get_data(as_text=True))
    assert "Hij doet dit bij voorkeur onder regie van een ervaringsdeskundige op niveau 5" in text
    assert "Leerplan Ervaringsdeskundigheid" in text and "l.1111–1112" in text


def test_a_tier_page_leaves_out_the_tasks_the_profile_leaves_empty(english, policies):
    text = _text(english.get("/tiers/1").get_data(as_text=True))
    assert "Advises teams, management and staff departments" not in text  # empty at level 1
    assert "Advises teams, management and staff departments" in _text(
        english.get("/tiers/3").get_data(as_text=True)
    )


def test_an_unknown_tier_is_not_found(english):
    assert english.get("/tiers/4").status_code == 404
    assert english.get("/tiers/0").status_code == 404


def test_the_home_page_links_the_tier_pages(english):
    html = english.get("/").get_data(as_text=True)
    assert 'href="/tiers"' in html and all(f'href="/tiers/{c}"' in html for c in (1, 2, 3))


def test_tier_pages_have_no_inline_script_or_style(english):
    for url in ("/tiers", "/tiers/1", "/professional-code"):
        html = english.get(url).get_data(as_text=True)
        assert "<script" not in html and "style=" not in html, url


# --- the registration page -----------------------------------------------------------------


def test_tier_one_says_under_whose_direction_it_works(db, english, policies):
    reg = add_registration(policies, tier=1, route="transitional")
    text = _text(english.get(f"/registrations/{reg.number}").get_data(as_text=True))
    assert "Works under direction" in text
    assert "Works under the direction of an expert by experience at level 5 or higher." in text
    assert "Registered on the basis of Transitional route" in text
    assert "What a registrant of tier 1 does" in text


def test_a_diploma_registration_shows_the_diplomas_level(db, english, policies):
    reg = add_registration(policies, tier=2, route="diploma", qualification_level=5)
    html = english.get(f"/registrations/{reg.number}").get_data(as_text=True)
    text = _text(html)
    assert "Diploma of an accredited programme at NLQF level 5" in text
    assert "Works under direction" not in text
    assert 'href="/tiers/2"' in html


def test_an_older_registration_says_nothing_it_does_not_know(db, english, policies):
    reg = add_registration(policies, tier=3)
    text = _text(english.get(f"/registrations/{reg.number}").get_data(as_text=True))
    assert "Registered on the basis of" not in text


# --- the API -------------------------------------------------------------------------------


def test_the_api_answer_carries_direction_and_qualification(db, english, policies):
    reg = add_registration(policies, tier=1, route="transitional")
    body = english.get(
        f"/api/v1/registrations/{reg.number}", headers={"Accept-Language": "en"}
    ).get_json()
    assert body["direction"] == {
        "min_nlqf_level": 5,
        "statement": "Works under the direction of an expert by experience at level 5 or higher.",
    }
    assert body["qualification"] == {
        "route": "transitional",
        "nlqf_level": None,
        "description": "Transitional route",
    }


def test_the_api_answer_in_dutch(db, client, policies):
    reg = add_registration(policies, tier=2, route="diploma", qualification_level=4)
    body = client.get(f"/api/v1/registrations/{reg.number}").get_json()
    assert body["direction"] is None
    assert body["qualification"]["route"] == "diploma"
    assert body["qualification"]["nlqf_level"] == 4
    assert body["qualification"]["description"].endswith("niveau 4")


def test_lists_leave_the_detail_fields_to_the_registration_answer(db, english, policies):
    add_registration(policies, surname="Kwartel", tier=1, route="transitional")
    item = english.get("/api/v1/registrations?name=Kwartel").get_json()["items"][0]
    assert "qualification" not in item and "direction" not in item


def test_the_openapi_document_describes_the_new_fields(english):
    schemas = english.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert {"qualification", "direction"} <= set(schemas["Registration"]["required"])
    assert schemas["Qualification"]["properties"]["route"]["enum"] == ["diploma", "transitional"]
    assert "min_nlqf_level" in schemas["Direction"]["properties"]


# --- the certificate -----------------------------------------------------------------------


def _inflated(data: bytes) -> bytes:
    import zlib

    chunks = [data]
    for part in data.split(b"stream")[1:]:
        body = part.split(b"endstream")[0].strip(b"\r\n")
        try:
            chunks.append(zlib.decompress(body))
        except zlib.error:
            continue
    return b"".join(chunks)


def test_the_certificate_of_tier_one_says_under_whose_direction(app, tmp_path):
    import datetime as dt

    content = CertificateContent(
        name="Jan Berg",
        number="ED-00000011",
        tier=1,
        tier_name="Supporting and assisting expert by experience",
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2031, 1, 1),
        issued_on=dt.date(2026, 2, 1),
        url="https://register.example/registrations/ED-00000011",
        direction="Works under the direction of an expert by experience at level 5 or higher.",
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        pdf = _inflated(certificate_pdf(content, font_dir=tmp_path))  # core font: plain text
        without = _inflated(
            certificate_pdf(
                CertificateContent(**{**content.__dict__, "direction": None}), font_dir=tmp_path
            )
        )
    assert b"at level 5 or higher" in pdf
    assert b"at level 5 or higher" not in without


def test_the_downloaded_certificate_of_tier_one_carries_the_direction(
    client, login, make_user, policies, monkeypatch
):
    from register.certificates import views

    seen = {}
    real = __import__("register.certificates.pdf", fromlist=["certificate_pdf"])
    monkeypatch.setattr(
        real, "certificate_pdf", lambda content: seen.setdefault("c", content) and b"%PDF-"
    )
    owner = make_user(Role.APPLICANT)
    reg = add_registration(policies, tier=1, user=owner, route="transitional")
    login(owner)
    assert client.get(f"/my-certificate/{reg.number}.pdf").status_code == 200
    assert seen["c"].direction == policies.tiers.get(1).direction.statement.nl
    assert views is not None


# --- the professional code -----------------------------------------------------------------


def test_the_professional_code_page_shows_the_version_and_that_it_is_a_placeholder(
    english, policies
):
    code = policies.professional_code
    text = _text(english.get("/professional-code").get_data(as_text=True))
    assert f"Version {code.version}" in text
    assert "Placeholder text: the board of the register has not set the professional code" in text
    assert code.sections[0].paragraphs[0].en in text
    assert code.mentioned_in.location in text

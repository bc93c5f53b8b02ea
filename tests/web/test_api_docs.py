"""The API's documentation page: the OpenAPI document rendered on the server, in the site's
layout and language, with a curl example per operation that really works."""

import datetime as dt
import re
import shlex
from html import unescape

import pytest

from register.api.openapi import openapi_document
from tests.lookup_support import add_registration


@pytest.fixture
def page(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_every_operation_and_schema_of_the_document_is_on_the_page(app, page):
    with app.test_request_context():
        document = openapi_document()
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            assert f'id="{op["operationId"]}"' in page
            assert f"{method.upper()} {path}" in page
            for parameter in op.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in page
    for name, schema in document["components"]["schemas"].items():
        assert f'id="schema-{name}"' in page
        for field in schema.get("properties", {}):
            assert f"<code>{field}</code>" in page
    for target in re.findall(r'href="#([^"]+)"', page):
        assert f'id="{target}"' in page, target


def test_the_page_is_in_the_site_layout_without_scripts_or_styles_of_its_own(client, page):
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert "<script" not in page and "style=" not in page and "<style" not in page
    assert "http://localhost/api/v1/openapi.json" in page
    csp = client.get("/api/docs").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp


def test_the_page_speaks_dutch_and_english(client, page):
    assert "Eén registratie op nummer" in page
    assert "Verplicht" in page
    client.post("/language", data={"lang": "en"})
    english = client.get("/api/docs").get_data(as_text=True)
    assert "One registration by number" in english and "Required" in english


def test_the_footer_links_to_the_page(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/api/docs"' in home


def _curls(page: str) -> list[list[str]]:
    blocks = re.findall(r'<pre class="example"><code>(.*?)</code></pre>', page, re.S)
    return [shlex.split(line) for block in blocks for line in unescape(block).splitlines()]


def test_every_curl_example_works(client, db, policies, page, make_user):
    """The examples call the API with the document's example values: each one answers 200
    (the example registration is made to exist first, and the example programme id is the
    id a fresh programme got)."""
    from register.api.schemas import EXAMPLE_NUMBER
    from register.models.programmes import Accreditation, AccreditationStatus, Programme

    reg = add_registration(policies, given="Jan", prefix="van der", surname="Berg")
    assert reg.number == EXAMPLE_NUMBER
    programme = Programme(name="Ervaringsdeskundige", nlqf_level=4)
    db.session.add(
        Accreditation(
            programme=programme,
            status=AccreditationStatus.ACTIVE,
            valid_from=dt.date.today(),
            valid_until=dt.date.today() + dt.timedelta(days=9),
            policy_version="t",
        )
    )
    db.session.commit()
    from register.api.docs import KEY_PLACEHOLDER
    from tests.organisation_support import add_key, add_organisation

    key = add_key(add_organisation(make_user)[0])
    commands = _curls(page)
    assert len(commands) == 9 + 3
    for command in commands:
        command = [part.replace(KEY_PLACEHOLDER, key) for part in command]
        assert command[:2] == ["curl", "-s"]
        url = command[-1].removeprefix("http://localhost")
        url = re.sub(r"^/api/v1/programmes/\d+$", f"/api/v1/programmes/{programme.id}", url)
        headers = dict(
            command[i + 1].split(": ", 1) for i, part in enumerate(command) if part == "-H"
        )
        if "-d" in command:
            response = client.post(url, data=command[command.index("-d") + 1], headers=headers)
        elif "-X" in command:
            response = client.open(url, method=command[command.index("-X") + 1], headers=headers)
        else:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, (command, response.get_data(as_text=True)[:300])


def test_errors_on_the_page_are_pages_not_json(client):
    response = client.get("/api/docs/nothing")
    assert response.status_code == 404 and response.mimetype == "text/html"
    api = client.get("/api/v1/nothing")
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404


def test_the_example_number_is_valid_under_the_number_policy(policies):
    from register.api.schemas import EXAMPLE_NUMBER
    from register.domain.numbers import format_number, parse_number

    assert parse_number(policies.registration.number, EXAMPLE_NUMBER).canonical == EXAMPLE_NUMBER
    assert format_number(policies.registration.number, 1) == EXAMPLE_NUMBER
    assert parse_number(policies.registration.number, "ED 0000002 1").ok

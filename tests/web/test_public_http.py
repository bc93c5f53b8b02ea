"""Anonymous public reads without a session (register.public_http): no cookie, no CSRF token
in a session, no look at the server-side sessions, ``Cache-Control: public`` never beside
``Set-Cookie``, API answers that do not vary on the cookie; and the public forms (language
switch, bulk check) still refuse a post without their token or from another site."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import event

from register import sessions
from register.extensions import db as _db
from register.models.accounts import Role
from tests.lookup_support import add_registration

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def reg(db, policies):
    return add_registration(policies, given="Fatma", surname="Bergsma")


@pytest.fixture
def csrf_app(app):
    """The shared app with CSRF checks on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def statements(app):
    """Every SQL statement the requests of the test send."""
    with app.app_context():
        engine = _db.engine
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def loads(monkeypatch):
    """The tokens the user loader was asked about (register.sessions.load)."""
    asked: list[str] = []
    real = sessions.load

    def spy(token):
        asked.append(token)
        return real(token)

    monkeypatch.setattr(sessions, "load", spy)
    return asked


def anonymous_urls(reg):
    return [
        "/",
        "/search",
        "/search?q=Bergsma",
        f"/registrations/{reg.number}",
        "/registrations/ED-0000000",
        "/verify",
        f"/api/v1/registrations/{reg.number}",
        "/api/v1/registrations?name=Bergsma",
        "/api/v1/registrations/nonsense",
    ]


def test_anonymous_gets_set_no_cookie_and_touch_no_session(csrf_app, reg, statements, loads):
    client = csrf_app.test_client()
    for url in anonymous_urls(reg):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        assert "Set-Cookie" not in response.headers, url
        assert client.get_cookie("session") is None, url
    assert loads == []
    assert not [s for s in statements if "user_session" in s]


def test_public_answers_are_public_and_the_api_does_not_vary_on_the_cookie(csrf_app, reg):
    client = csrf_app.test_client()
    for url in ("/search?q=Bergsma", f"/registrations/{reg.number}", "/verify"):
        response = client.get(url)
        assert response.headers["Cache-Control"].startswith("public"), url
    for url in (f"/api/v1/registrations/{reg.number}", "/api/v1/registrations?name=Bergsma"):
        response = client.get(url)
        assert response.headers["Cache-Control"].startswith("public"), url
        assert "cookie" not in response.headers.get("Vary", "").lower(), url
    error = client.get("/api/v1/registrations/nonsense")
    assert error.status_code == 400
    assert "cookie" not in error.headers.get("Vary", "").lower()


def test_anonymous_pages_carry_a_form_token_that_is_not_in_a_session(csrf_app):
    client = csrf_app.test_client()
    page = client.get("/verify").get_data(as_text=True)
    tokens = TOKEN.findall(page)
    assert len(tokens) == 2  # the language switch and the upload form
    assert client.get_cookie("session") is None


def _upload(client, token, **headers):
    data = {"file": (io.BytesIO(b"nummer\nED-1\n"), "nummers.csv")}
    if token is not None:
        data["csrf_token"] = token
    return client.post("/verify", data=data, content_type="multipart/form-data", headers=headers)


def test_bulk_post_needs_the_form_token_and_sets_no_cookie(csrf_app):
    client = csrf_app.test_client()
    token = TOKEN.findall(client.get("/verify").get_data(as_text=True))[-1]

    assert _upload(client, None).status_code == 400
    assert _upload(client, token + "x").status_code == 400
    accepted = _upload(client, token, Origin="http://localhost")
    assert accepted.status_code == 200
    assert "Set-Cookie" not in accepted.headers
    assert "public" not in accepted.headers["Cache-Control"]

    download_token = TOKEN.findall(accepted.get_data(as_text=True))[-1]
    rows = re.search(r'name="token" type="hidden" value="([^"]+)"', accepted.get_data(True))
    rows = rows or re.search(
        r'id="token" name="token" type="hidden" value="([^"]+)"', accepted.get_data(True)
    )
    assert rows is not None
    download = client.post(
        "/verify/results.csv", data={"csrf_token": download_token, "token": rows.group(1)}
    )
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert "Set-Cookie" not in download.headers
    refused = client.post("/verify/results.csv", data={"token": rows.group(1)})
    assert refused.status_code == 400


def test_the_credential_check_page_shows_its_form_and_needs_the_form_token(csrf_app):
    """A page that both shows a public form (GET) and takes it (POST): the GET is answered
    without a token or a cookie, the POST needs the public token."""
    client = csrf_app.test_client()
    page = client.get("/credentials/verify")
    assert page.status_code == 200
    assert "Set-Cookie" not in page.headers
    token = TOKEN.findall(page.get_data(as_text=True))[-1]
    refused = client.post("/credentials/verify", data={"credential": "eyJ.x.y"})
    assert refused.status_code == 400
    checked = client.post(
        "/credentials/verify",
        data={"credential": "eyJ.x.y", "csrf_token": token},
        headers={"Origin": "http://localhost"},
    )
    assert checked.status_code == 200, checked.status_code
    assert "Set-Cookie" not in checked.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://localhost.evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_bulk_post_from_another_site_is_refused(csrf_app, headers):
    client = csrf_app.test_client()
    token = TOKEN.findall(client.get("/verify").get_data(as_text=True))[-1]
    response = _upload(client, token, **headers)
    assert response.status_code == 400
    assert "Het formulier was verlopen" in response.get_data(as_text=True)


def test_bulk_post_over_https_needs_a_referrer_from_this_site(csrf_app):
    client = csrf_app.test_client()
    token = TOKEN.findall(client.get("/verify").get_data(as_text=True))[-1]
    https = {"base_url": "https://localhost"}
    data = {"file": (io.BytesIO(b"ED-1\n"), "a.csv"), "csrf_token": token}
    refused = client.post("/verify", data=dict(data), **https)
    assert refused.status_code == 400
    data["file"] = (io.BytesIO(b"ED-1\n"), "a.csv")
    accepted = client.post(
        "/verify", data=data, headers={"Referer": "https://localhost/verify"}, **https
    )
    assert accepted.status_code == 200
    data["file"] = (io.BytesIO(b"ED-1\n"), "a.csv")
    downgraded = client.post("/verify", data=data, headers={"Origin": "http://localhost"}, **https)
    assert downgraded.status_code == 400


def test_language_switch_works_with_the_public_token_and_is_kept(csrf_app):
    client = csrf_app.test_client()
    token = TOKEN.findall(client.get("/search").get_data(as_text=True))[0]
    assert client.post("/language", data={"lang": "en"}).status_code == 400
    chosen = client.post("/language", data={"lang": "en", "csrf_token": token, "next": "/search"})
    assert chosen.status_code == 302
    assert client.get_cookie("session") is not None
    page = client.get("/search")
    assert 'lang="en"' in page.get_data(as_text=True)
    assert "Set-Cookie" not in page.headers
    assert page.headers["Cache-Control"].startswith("public")
    assert "Cookie" in page.headers["Vary"]  # the language came from the cookie


def test_a_public_answer_that_sets_a_cookie_is_private(csrf_app, make_user, login, reg):
    client = csrf_app.test_client()
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    login(make_user(Role.APPLICANT), remember=True, client=client)
    csrf_app.config["WTF_CSRF_ENABLED"] = True
    csrf_app.config["SESSION_REFRESH_EACH_REQUEST"] = True
    with client.session_transaction() as session:
        session.permanent = True  # a refreshed session: a cookie on every answer
    for url in ("/search?q=Bergsma", f"/registrations/{reg.number}"):
        response = client.get(url)
        assert "Set-Cookie" in response.headers, url
        assert "public" not in response.headers["Cache-Control"], url
        assert "private" in response.headers["Cache-Control"], url
    api = client.get(f"/api/v1/registrations/{reg.number}")
    assert "cookie" not in api.headers.get("Vary", "").lower()


def test_a_logged_in_visitor_is_still_known_on_public_pages(app, make_user, login, loads):
    client = app.test_client()
    user = make_user(Role.APPLICANT)
    login(user, client=client)
    page = client.get("/search").get_data(as_text=True)
    assert "/logout" in page
    assert loads  # the session's cookie is checked against its server-side row

"""Account pages through the test client: sign up, confirm, log in and out, reset and change
the password, the account page, rate limiting and language."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from config import TestingConfig
from register import tokens
from register.accounts import services
from register.models.accounts import User
from tests.conftest import PASSWORD

NEW = "een lange zin als wachtwoord"
SIGNUP = {
    "given_names": "Anna Maria",
    "surname_prefix": "van der",
    "surname": "Berg",
    "email": "anna@example.nl",
    "password": NEW,
    "password_repeat": NEW,
}


def _link(outbox, part):
    found = re.search(r"https?://\S+" + re.escape(part) + r"\S+", outbox[-1]["body"])
    assert found, outbox[-1]["body"]
    return urlsplit(found.group(0)).path  # the test client wants the local path


def _text(response):
    return response.get_data(as_text=True)


def _without_csrf(html):
    """The page as a person reads it: the CSRF token is signed with the second it was made."""
    return re.sub(r'(csrf_token"[^>]*value=")[^"]*', r"\1", html)


def test_signup_creates_applicant_and_sends_confirmation(client, db, outbox):
    response = client.post("/signup", data=SIGNUP)
    assert response.status_code == 200
    assert "anna@example.nl" in _text(response)  # "check your e-mail"
    user = db.session.scalar(select(User).where(User.email == "anna@example.nl"))
    assert user is not None and user.surname_prefix == "van der"
    assert user.email_confirmed_at is None
    assert outbox[-1]["to"] == "anna@example.nl"
    assert "/confirm/" in outbox[-1]["body"]
    # not logged in: an address in use gets the same page, and nobody is logged in there
    assert client.get("/account").status_code == 302


def _main(response) -> str:
    return re.search(r"<main.*</main>", _text(response), re.S).group(0)


def test_signup_with_taken_email_looks_the_same_and_tells_the_owner(client, db, make_user, outbox):
    owner = make_user(email="anna@example.nl")
    taken = client.post("/signup", data={**SIGNUP, "email": "Anna@example.nl"})
    fresh = client.post("/signup", data={**SIGNUP, "email": "bea@example.nl"})
    assert taken.status_code == fresh.status_code == 200
    assert _main(taken).replace("Anna@example.nl", "X") == _main(fresh).replace(
        "bea@example.nl", "X"
    )
    assert db.session.scalar(select(User).where(User.email == "anna@example.nl")) == owner
    told = [m for m in outbox if m["to"] == "anna@example.nl"]
    assert len(told) == 1 and "/password/reset/" in told[0]["body"]
    assert "/confirm/" not in told[0]["body"]
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize(
    "changes",
    [
        {"password": "kort", "password_repeat": "kort"},
        {"password": "wachtwoord123", "password_repeat": "wachtwoord123"},
        {"password": "anna@example.nl", "password_repeat": "anna@example.nl"},
        {"password_repeat": "iets anders dan het eerste"},
    ],
)
def test_signup_refuses_bad_passwords_and_keeps_the_input(client, db, changes):
    response = client.post("/signup", data={**SIGNUP, **changes})
    html = _text(response)
    assert response.status_code == 422
    assert "error-summary" in html and 'aria-invalid="true"' in html
    assert 'value="Berg"' in html and 'value="anna@example.nl"' in html
    assert db.session.scalar(select(User)) is None


def test_signup_with_missing_fields_says_what_is_missing(client):
    response = client.post("/signup", data={**SIGNUP, "surname": "", "email": "geen-adres"})
    html = _text(response)
    assert 'href="#surname"' in html and 'href="#email"' in html
    assert 'value="Anna Maria"' in html


def test_confirm_link_confirms(client, db, outbox, login):
    client.post("/signup", data=SIGNUP)
    response = client.get(_link(outbox, "/confirm/"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    user = db.session.scalar(select(User).where(User.email == "anna@example.nl"))
    assert user.email_confirmed_at is not None
    login(user, password=NEW)
    assert b"confirm-notice" not in client.get("/").data


def test_expired_confirm_link_offers_a_new_one(client, db, make_user, outbox, monkeypatch):
    user = make_user(confirmed=False)
    now = int(time.time())
    with monkeypatch.context() as m:
        m.setattr(TimestampSigner, "get_timestamp", lambda self: now - 10 * 24 * 3600)
        token = tokens.sign(services.CONFIRM_PURPOSE, {"uid": user.id, "email": user.email})
    response = client.get(f"/confirm/{token}")
    html = _text(response)
    assert response.status_code == 400
    assert 'action="/confirm/resend"' in html and token in html
    assert db.session.get(User, user.id).email_confirmed_at is None
    response = client.post("/confirm/resend", data={"token": token})
    assert response.status_code == 302
    assert outbox[-1]["to"] == user.email
    assert client.get(_link(outbox, "/confirm/")).status_code == 302
    assert db.session.get(User, user.id).email_confirmed_at is not None


def test_tampered_confirm_link_is_refused(client, db, make_user):
    user = make_user(confirmed=False)
    token = tokens.sign(services.CONFIRM_PURPOSE, {"uid": user.id, "email": user.email})
    response = client.get(f"/confirm/{token[:-3]}xyz")
    assert response.status_code == 400
    assert "/confirm/resend" not in _text(response)
    assert db.session.get(User, user.id).email_confirmed_at is None
    assert client.post("/confirm/resend", data={"token": "forged"}).status_code == 400


def test_resend_for_logged_in_unconfirmed_user(client, make_user, login, outbox):
    user = make_user(confirmed=False)
    login(user)
    assert client.get("/confirm/resend").status_code == 400  # read as a (bad) confirm link
    assert outbox == []
    response = client.post("/confirm/resend")
    assert response.status_code == 302
    assert outbox[-1]["to"] == user.email and "/confirm/" in outbox[-1]["body"]


def test_login_and_logout(app, client, make_user, login):
    user = make_user()
    response = login(user)
    with app.test_request_context():
        assert response.headers["Location"] == services.home_for(user)
    assert b"/account" in client.get("/").data
    page = _text(client.get("/account"))
    assert re.search(r"<title>Mijn account · [^<]*</title>", page)  # plain text, no markup
    assert page.count('id="second-factor"') == 1
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "email, password",
    [
        ("applicant1@example.nl", "wrong password!"),
        ("nobody@example.nl", PASSWORD),
    ],
)
def test_failed_login_gives_one_generic_message(client, make_user, email, password):
    make_user()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 422
    assert "error-summary" in _text(response)
    assert 'value="' + email + '"' in _text(response)


def test_failed_login_messages_are_identical(client, make_user):
    user = make_user()
    a = client.post("/login", data={"email": user.email, "password": "wrong password!"})
    b = client.post("/login", data={"email": "x@example.nl", "password": "wrong password!"})
    summary = re.compile(r'<div class="error-summary".*?</div>', re.S)
    assert summary.search(_text(a)).group(0) == summary.search(_text(b)).group(0)


def test_inactive_account_cannot_log_in(client, make_user):
    user = make_user(active=False)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 422
    assert client.get("/account").status_code == 302


def test_next_is_followed_only_when_local(app, client, make_user):
    user = make_user()
    data = {"email": user.email, "password": PASSWORD}
    response = client.post("/login?next=/account", data=data)
    assert response.headers["Location"] == "/account"
    client.post("/logout")
    with app.test_request_context():
        home = services.home_for(user)
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post("/login", data={**data, "next": evil})
        assert response.headers["Location"] == home, evil
        client.post("/logout")


def test_gate_sends_anonymous_visitors_to_login_and_back(client, make_user):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/account")
    page = client.get(response.headers["Location"])
    assert 'name="next" value="/account"' in _text(page)


def test_forgot_password_does_not_reveal_accounts(client, make_user, outbox):
    user = make_user()
    known = client.post("/password/forgot", data={"email": user.email})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.nl"})
    assert known.status_code == unknown.status_code == 200
    assert _without_csrf(_text(known)) == _without_csrf(_text(unknown))
    assert [m["to"] for m in outbox] == [user.email]


def test_reset_flow_and_reused_link(client, db, make_user, outbox):
    user = make_user()
    client.post("/password/forgot", data={"email": user.email})
    link = _link(outbox, "/password/reset/")
    assert client.get(link).status_code == 200
    weak = client.post(link, data={"password": "kort", "password_repeat": "kort"})
    assert "error-summary" in _text(weak)
    response = client.post(link, data={"password": NEW, "password_repeat": NEW})
    assert response.status_code == 302
    old_login = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert old_login.status_code == 422
    assert client.post("/login", data={"email": user.email, "password": NEW}).status_code == 302
    reused = client.get(link)
    assert reused.status_code == 400
    assert "/password/forgot" in _text(reused)
    assert (
        client.post(
            link, data={"password": "nog een lange zin", "password_repeat": "nog een lange zin"}
        ).status_code
        == 400
    )


def test_expired_and_tampered_reset_links(client, make_user, monkeypatch):
    user = make_user()
    now = int(time.time())
    with monkeypatch.context() as m:
        m.setattr(TimestampSigner, "get_timestamp", lambda self: now - 2 * 3600)
        old = tokens.sign(services.RESET_PURPOSE, {"uid": user.id, "stamp": 0})
    expired = client.get(f"/password/reset/{old}")
    tampered = client.get(f"/password/reset/{old[:-4]}abcd")
    assert expired.status_code == tampered.status_code == 400
    assert _text(expired) != _text(tampered)


def test_account_page_changes_name_and_language(client, db, make_user, login):
    user = make_user()
    login(user)
    page = client.get("/account")
    assert '<html lang="nl">' in _text(page)
    response = client.post(
        "/account/profile",
        data={"given_names": "Petra", "surname_prefix": "de", "surname": "Vries", "locale": "en"},
    )
    assert response.status_code == 302
    assert db.session.get(User, user.id).full_name == "Petra de Vries"
    page = client.get("/account")
    assert '<html lang="en">' in _text(page)
    assert "Skip to content" in _text(page)


def test_account_page_keeps_input_on_errors(client, make_user, login):
    login(make_user())
    response = client.post(
        "/account/profile",
        data={"given_names": "", "surname_prefix": "ter", "surname": "Horst", "locale": "en"},
    )
    html = _text(response)
    assert response.status_code == 422
    assert 'href="#given_names"' in html and 'value="ter"' in html


def test_language_default_is_dutch_and_english_can_be_chosen(client):
    page = _text(client.get("/login"))
    assert '<html lang="nl">' in page and "Naar de inhoud" in page and "Inloggen" in page
    client.post("/language", data={"lang": "en", "next": "/login"})
    page = _text(client.get("/login"))
    assert '<html lang="en">' in page and "Skip to content" in page and "Log in" in page


def test_change_password_ends_other_sessions(app, client, db, make_user, login):
    user = make_user()
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/account").status_code == 200
    login(user)
    wrong = client.post(
        "/account/password",
        data={"current_password": "not it at all", "password": NEW, "password_repeat": NEW},
    )
    assert 'href="#current_password"' in _text(wrong)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW, "password_repeat": NEW},
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this session continues
    assert other.get("/account").status_code == 302  # the other one has ended


class RateLimitedConfig(TestingConfig):
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = "3 per minute"


@pytest.fixture
def limited_app(make_app):
    return make_app(RateLimitedConfig)


def test_login_attempts_are_rate_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        response = client.post("/login", data={"email": "x@example.nl", "password": "wrong!!"})
        assert response.status_code == 422
    response = client.post("/login", data={"email": "x@example.nl", "password": "wrong!!"})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Wacht even" in _text(response)  # the page explains to wait (Dutch by default)
    assert client.get("/login").status_code == 200  # looking at the form is not limited


def test_rate_limit_also_counts_per_email_address(limited_app):
    for n in range(3):
        client = limited_app.test_client()
        client.post(
            "/login",
            data={"email": "x@example.nl", "password": "wrong!!"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        )
    client = limited_app.test_client()
    response = client.post(
        "/login",
        data={"email": "X@example.nl", "password": "wrong!!"},
        environ_base={"REMOTE_ADDR": "10.0.0.99"},
    )
    assert response.status_code == 429


def test_a_registrant_lands_on_their_registration_after_login(client, make_user, login):
    from register.models.accounts import Role
    from tests.change_support import register_person

    registrar = make_user(role=Role.REGISTRAR)
    registration = register_person(make_user, registrar)
    response = login(registration.user)
    assert response.headers["Location"].endswith("/my-registration")
    applicant = make_user()
    client.post("/logout")
    assert login(applicant).headers["Location"].endswith("/apply")

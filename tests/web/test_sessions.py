"""Sessions end on the server: after logging out, a password change or reset, or an admin
blocking the account, a copied session cookie (or remember-me cookie) gets the login page.
The account page lists the active sessions and ends others. Anonymous pages write no
session record. Login takes one Argon2 check whether or not the address has an account; failed
logins are audited without the password; behind a proxy the client's address counts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from config import TestingConfig
from register.accounts import services
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.sessions import UserSession
from tests.conftest import PASSWORD

NEW = "een nieuwe lange zin als wachtwoord"


def _cookie(client, name="session"):
    cookie = client.get_cookie(name)
    assert cookie is not None, name
    return cookie.value


def _replay(app, value, name="session"):
    """A new browser with nothing but a copied cookie."""
    thief = app.test_client()
    thief.set_cookie(name, value)
    return thief


def _gets_login(client, path="/account") -> bool:
    response = client.get(path)
    return response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REGISTRAR])
def test_a_copied_cookie_gets_the_login_page_after_logout(app, client, make_user, login, role):
    user = make_user(role=role)
    login(user)
    copied = _cookie(client)
    assert not _gets_login(_replay(app, copied))  # the copy works while the session lives
    client.post("/logout")
    assert _gets_login(_replay(app, copied))


def test_logging_out_ends_every_session_of_the_account(app, client, db, make_user, login):
    user = make_user(role=Role.ASSESSOR)
    phone = app.test_client()
    login(user, client=phone)
    login(user)
    client.post("/logout")
    assert _gets_login(phone, "/assessment")
    assert (
        db.session.scalars(
            select(UserSession).where(
                UserSession.user_id == user.id, UserSession.ended_at.is_(None)
            )
        ).all()
        == []
    )


def test_a_password_change_ends_every_session_but_this_device_goes_on(
    app, client, make_user, login
):
    user = make_user()
    other = app.test_client()
    login(user, client=other)
    login(user)
    before = _cookie(client)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW, "password_repeat": NEW},
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert _gets_login(other) and _gets_login(_replay(app, before))


def test_a_password_reset_ends_every_session(app, client, db, make_user, login, outbox):
    user = make_user()
    login(user)
    copied = _cookie(client)
    client.post("/logout")
    login(user)
    copied = _cookie(client)
    anonymous = app.test_client()
    anonymous.post("/password/forgot", data={"email": user.email})
    link = re.search(r"https?://\S+(/password/reset/\S+)", outbox[-1]["body"]).group(1)
    response = anonymous.post(link, data={"password": NEW, "password_repeat": NEW})
    assert response.status_code == 302
    assert _gets_login(client) and _gets_login(_replay(app, copied))


def test_blocking_an_account_ends_its_sessions(app, client, db, make_user, login):
    user = make_user(role=Role.REGISTRAR)
    theirs = app.test_client()
    login(user, client=theirs)
    admin = make_user(role=Role.ADMIN)
    login(admin)
    response = client.post(f"/admin/accounts/{user.id}/block", data={"block-reason": "Misbruik"})
    assert response.status_code == 302
    assert _gets_login(theirs, "/review")
    refused = theirs.post("/login", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 422
    blocked = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.blocked"))
    assert blocked.actor_id == admin.id and blocked.detail == {"reason": "Misbruik"}


def test_a_remembered_cookie_follows_the_same_rule(app, client, make_user, login):
    user = make_user()
    login(user, remember=True)
    remembered = _cookie(client, "remember_token")
    restored = _replay(app, remembered, "remember_token")
    assert restored.get("/account").status_code == 200  # the remember-me cookie works
    client.post("/logout")
    assert _gets_login(_replay(app, remembered, "remember_token"))
    assert _gets_login(restored)


def test_the_account_page_lists_sessions_and_ends_others(app, client, db, make_user, login):
    user = make_user()
    phone, tablet = app.test_client(), app.test_client()
    login(user, client=phone)
    login(user, client=tablet)
    login(user)
    page = client.get("/account", headers={"User-Agent": "Mozilla/5.0 (X11; Linux) Firefox/128.0"})
    html = page.get_data(as_text=True)
    assert len(set(re.findall(r"/account/sessions/(\d+)/end", html))) == 2  # not this one
    phone_id = db.session.scalar(
        select(UserSession.id)
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.id)
        .limit(1)
    )
    assert client.post(f"/account/sessions/{phone_id}/end").status_code == 302
    assert _gets_login(phone) and not _gets_login(tablet)
    assert client.post("/account/sessions/end-others").status_code == 302
    assert _gets_login(tablet) and not _gets_login(client)
    html = client.get("/account").get_data(as_text=True)
    assert "/account/sessions/end-others" not in html


def test_a_session_of_someone_else_cannot_be_ended(app, client, db, make_user, login):
    owner, other = make_user(), make_user()
    theirs = app.test_client()
    login(owner, client=theirs)
    login(other)
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == owner.id))
    client.post(f"/account/sessions/{row.id}/end")
    assert not _gets_login(theirs)


def test_anonymous_public_pages_write_no_session_and_no_audit(client, db):
    for path in ("/", "/search?q=jansen", "/programmes", "/login"):
        assert client.get(path).status_code == 200, path
    assert db.session.scalars(select(UserSession)).all() == []
    assert db.session.scalars(select(AuditEvent)).all() == []


def test_login_spends_one_password_check_whether_or_not_the_address_exists(
    client, make_user, monkeypatch
):
    calls = []
    real = services.verify_dummy
    monkeypatch.setattr(services, "verify_dummy", lambda pw: calls.append(pw) or real(pw))
    user = make_user()
    client.post("/login", data={"email": "nobody@example.nl", "password": "a guess at it"})
    assert calls == ["a guess at it"]
    client.post("/login", data={"email": user.email, "password": "a guess at it"})
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert calls == ["a guess at it"]  # a real account's hash was checked instead


def test_failed_logins_are_audited_without_the_password(app, client, db, make_user):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": "wrong password here"})
    client.post("/login", data={"email": "Nobody@Example.nl ", "password": "wrong password!"})
    client.post("/login", data={"email": "nobody@example.nl", "password": "another guess"})
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "account.login_failed")
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.subject_type, e.subject_id) for e in events] == [
        ("User", user.id),
        ("system", None),
        ("system", None),
    ]
    assert events[0].detail == {"reason": "wrong_password"}
    assert events[1].detail["address_hash"] == events[2].detail["address_hash"]
    stored = " ".join(str(e.detail) for e in events)
    assert "nobody" not in stored and "wrong password" not in stored and "guess" not in stored


def test_a_login_is_audited_with_its_session(client, db, make_user, login):
    user = make_user()
    login(user)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.login"))
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    assert event.subject_id == user.id and event.detail["session"] == row.id
    client.post("/logout")
    ended = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "session.ended"))
    assert ended.detail == {"sessions": [row.id], "reason": "logout"}


class BehindOneProxy(TestingConfig):
    TRUSTED_PROXIES = 1
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = "2 per minute"


def _failed_login_ips(db) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.ip_address)
            .where(AuditEvent.action == "account.login_failed")
            .order_by(AuditEvent.id)
        )
    )


def test_behind_a_trusted_proxy_the_client_address_counts(make_app, db):
    app = make_app(BehindOneProxy)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for client_ip in ("203.0.113.5", "203.0.113.5", "198.51.100.9"):
        response = app.test_client().post(
            "/login",
            data={"email": f"x{client_ip}@example.nl", "password": "wrong!!"},
            headers={"X-Forwarded-For": f"10.9.9.9, {client_ip}"},  # the first is made up
            environ_base=proxy,
        )
        assert response.status_code == 422
    assert _failed_login_ips(db) == ["203.0.113.5", "203.0.113.5", "198.51.100.9"]
    third = app.test_client().post(
        "/login",
        data={"email": "y@example.nl", "password": "wrong!!"},
        headers={"X-Forwarded-For": "203.0.113.5"},
        environ_base=proxy,
    )
    assert third.status_code == 429  # the limit counts the client, not the proxy


def test_without_trusted_proxies_the_header_is_ignored(client, db):
    client.post(
        "/login",
        data={"email": "z@example.nl", "password": "wrong!!"},
        headers={"X-Forwarded-For": "203.0.113.5"},
        environ_base={"REMOTE_ADDR": "192.0.2.44"},
    )
    assert _failed_login_ips(db) == ["192.0.2.44"]

"""The second factor through the pages: required of registrars, admins and assessors before
any page answers (public pages and the API included), enrolment with a QR code, login with
a code or a recovery code, no replay, rate limits per account and per address, opting in
and out for others, and the audit of every step (failures too, though their request is
rolled back)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from config import TestingConfig
from register.domain.second_factor import code_at, time_step
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.base import utcnow
from tests import second_factor_support
from tests.conftest import PASSWORD


def _text(response) -> str:
    return response.get_data(as_text=True)


def _actions(db, user) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.subject_type == "User", AuditEvent.subject_id == user.id)
            .order_by(AuditEvent.id)
        )
    )


#: pages a registrar may otherwise open, public ones among them
STAFF_PAGES = ["/review", "/review/registrations", "/account", "/audit/", "/", "/search"]


@pytest.mark.parametrize("role", [Role.REGISTRAR, Role.ADMIN, Role.ASSESSOR])
def test_after_the_password_every_page_asks_for_the_code(client, make_user, login, role):
    user = make_user(role=role)
    second_factor_support.enrol(user)
    response = login(user, second_factor=False)
    assert response.headers["Location"].startswith("/login/code")
    for path in STAFF_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login/code"), path
    assert client.get("/api/v1/registrations/ED-00000001").status_code == 401
    assert client.get("/login/code").status_code == 200
    assert client.post("/language", data={"lang": "en", "next": "/"}).status_code == 302
    assert client.post("/logout").status_code == 302
    assert client.get("/login/code").headers["Location"].startswith("/login")


def test_the_code_opens_the_pages_and_the_way_back(client, db, make_user, login, totp_code):
    user = make_user(role=Role.REGISTRAR)
    second_factor_support.enrol(user)
    login(user, second_factor=False)
    response = client.get("/review/registrations")
    code_page = response.headers["Location"]
    assert client.get(code_page).status_code == 200
    response = client.post(code_page, data={"code": totp_code(user)})
    assert response.status_code == 302 and response.headers["Location"] == "/review/registrations"
    assert client.get("/review/registrations").status_code == 200
    assert _actions(db, user)[-2:] == ["account.login", "second_factor.passed"]


def test_a_wrong_code_is_refused_and_the_failure_is_kept(client, db, make_user, login):
    user = make_user(role=Role.ASSESSOR)
    second_factor_support.enrol(user)
    login(user, second_factor=False)
    response = client.post("/login/code", data={"code": "000000"})
    assert response.status_code == 422
    html = _text(response)
    assert 'href="#code"' in html and 'aria-invalid="true"' in html
    assert client.get("/assessment").status_code == 302
    assert _actions(db, user)[-1] == "second_factor.failed"  # written despite the rollback


def test_a_code_cannot_be_used_twice(app, client, db, make_user, login):
    user = make_user(role=Role.REGISTRAR)
    second_factor_support.enrol(user)
    code = second_factor_support.fresh_code(user)
    login(user, second_factor=False)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    other = app.test_client()
    login(user, second_factor=False, client=other)
    response = other.post("/login/code", data={"code": code})
    assert response.status_code == 422
    assert "gebruikt" in _text(response)  # "this code has just been used"


def test_a_recovery_code_works_once(client, db, make_user, login, app):
    user = make_user(role=Role.REGISTRAR)
    login(user, second_factor=False)  # not enrolled: the code page sends to enrolment
    response = client.get("/login/code")
    assert response.headers["Location"].startswith("/account/second-factor")
    page = _text(client.get("/account/second-factor"))
    secret = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    secret = secret.replace(" ", "")
    assert 'src="data:image/svg+xml' in page
    code = code_at(secret, time_step(utcnow()))
    response = client.post("/account/second-factor", data={"code": code})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([A-Z2-9]{5}-[A-Z2-9]{5})</code></li>", _text(response))
    assert len(codes) == 10
    assert client.get("/review").status_code == 200  # enrolling passed the second factor
    client.post("/logout")
    login(user, second_factor=False)
    response = client.post("/login/code", data={"code": codes[0]})
    assert response.status_code == 302
    assert "9" in _text(client.get(response.headers["Location"]))  # "9 left" is flashed
    client.post("/logout")
    login(user, second_factor=False)
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 422
    assert "second_factor.recovery_code_used" in _actions(db, user)


def test_enrolment_cannot_replace_an_app_with_only_the_password(client, make_user, login):
    user = make_user(role=Role.ADMIN)
    second_factor_support.enrol(user)
    login(user, second_factor=False)
    response = client.get("/account/second-factor")
    assert response.headers["Location"].startswith("/login/code")
    assert client.post("/account/second-factor", data={"code": "123456"}).status_code == 302
    assert client.post("/account/second-factor/restart").status_code == 409


def test_staff_log_in_through_the_fixture(client, make_user, login):
    registrar = make_user(role=Role.REGISTRAR)
    login(registrar)
    assert client.get("/review").status_code == 200


def test_an_applicant_may_opt_in_and_out(client, db, make_user, login):
    user = make_user()
    login(user)
    page = _text(client.get("/account"))
    assert "/account/second-factor" in page
    enrol = _text(client.get("/account/second-factor"))
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', enrol).group(1).replace(" ", "")
    response = client.post(
        "/account/second-factor", data={"code": code_at(secret, time_step(utcnow()))}
    )
    assert response.status_code == 200
    client.post("/logout")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].startswith("/login/code")  # now required
    login(user)  # the fixture types the code
    wrong = client.post("/account/second-factor/off", data={"off-code": "000000"})
    assert wrong.status_code == 422 and 'href="#off-code"' in _text(wrong)
    code = second_factor_support.fresh_code(user, offset=1)
    assert client.post("/account/second-factor/off", data={"off-code": code}).status_code == 302
    client.post("/logout")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert not response.headers["Location"].startswith("/login/code")
    assert _actions(db, user).count("second_factor.turned_off") == 1


def test_staff_cannot_turn_it_off(client, make_user, login, totp_code):
    user = make_user(role=Role.REGISTRAR)
    login(user)
    assert "/account/second-factor/off" not in _text(client.get("/account"))
    response = client.post("/account/second-factor/off", data={"off-code": totp_code(user, 1)})
    assert response.status_code == 409


def test_new_recovery_codes_are_shown_once(client, make_user, login):
    user = make_user(role=Role.ASSESSOR)
    login(user)
    response = client.post("/account/second-factor/recovery-codes")
    assert response.status_code == 200
    assert len(re.findall(r"<li><code>[A-Z2-9]{5}-[A-Z2-9]{5}</code></li>", _text(response))) == 10
    assert "10" in _text(client.get("/account"))


class LimitedCodes(TestingConfig):
    RATELIMIT_ENABLED = True
    SECOND_FACTOR_RATE_LIMIT = "3 per minute"
    LOGIN_RATE_LIMIT = "100 per minute"


def test_wrong_codes_are_rate_limited_per_account(make_app, db, make_user, login):
    app = make_app(LimitedCodes)
    user = make_user(role=Role.REGISTRAR)
    second_factor_support.enrol(user)
    for n in range(3):
        client = app.test_client()
        login(user, second_factor=False, client=client)
        response = client.post(
            "/login/code", data={"code": "000000"}, environ_base={"REMOTE_ADDR": f"10.1.0.{n}"}
        )
        assert response.status_code == 422
    client = app.test_client()
    login(user, second_factor=False, client=client)
    right = second_factor_support.fresh_code(user)
    response = client.post(
        "/login/code", data={"code": right}, environ_base={"REMOTE_ADDR": "10.1.0.99"}
    )
    assert response.status_code == 429  # even the right code waits: the account is limited


def test_wrong_codes_are_rate_limited_per_address(make_app, db, make_user, login):
    app = make_app(LimitedCodes)
    for _ in range(3):
        user = make_user(role=Role.ASSESSOR)
        second_factor_support.enrol(user)
        client = app.test_client()
        login(user, second_factor=False, client=client)
        assert client.post("/login/code", data={"code": "000000"}).status_code == 422
    user = make_user(role=Role.ASSESSOR)
    second_factor_support.enrol(user)
    client = app.test_client()
    login(user, second_factor=False, client=client)
    assert client.post("/login/code", data={"code": "000000"}).status_code == 429


def test_an_admin_resets_a_lost_second_factor(app, client, db, make_user, login):
    user = make_user(role=Role.ASSESSOR)
    theirs = app.test_client()
    login(user, client=theirs)
    admin = make_user(role=Role.ADMIN)
    login(admin)
    page = client.get(f"/admin/accounts/{user.id}")
    assert "/second-factor/reset" in _text(page)
    missing = client.post(f"/admin/accounts/{user.id}/second-factor/reset", data={})
    assert missing.status_code == 422 and 'href="#reset-reason"' in _text(missing)
    response = client.post(
        f"/admin/accounts/{user.id}/second-factor/reset",
        data={"reset-reason": "Telefoon kwijt, gebeld en gecontroleerd"},
    )
    assert response.status_code == 302
    assert theirs.get("/assessment").headers["Location"].startswith("/login")
    response = theirs.post("/login", data={"email": user.email, "password": PASSWORD})
    assert theirs.get("/login/code").headers["Location"].startswith("/account/second-factor")
    assert "second_factor.reset" in _actions(db, user)

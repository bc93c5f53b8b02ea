"""The organisation pages: sign-up, keys shown once, the watch list (by number and by CSV),
alert settings and the delivery log, the staff's block, and what the registrant sees."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from register.extensions import db
from register.models.accounts import Role, User
from register.models.audit import AuditEvent
from register.models.organisations import (
    ApiKey,
    CheckChannel,
    Organisation,
    VerificationRecord,
    WatchEntry,
    WebhookAttempt,
    WebhookDelivery,
)
from register.organisations import checks
from tests.lookup_support import add_registration
from tests.organisation_support import add_key, add_organisation, add_watch, bearer

EN = {"Accept-Language": "en"}


@pytest.fixture
def employer(db, make_user, login):
    organisation, user = add_organisation(make_user)
    login(user)
    return organisation, user


def test_an_employer_signs_up_and_confirms(client, db, outbox):
    data = {
        "organisation_name": "Zorggroep West",
        "kvk_number": "1234 5678",
        "given_names": "Ans",
        "surname": "Smit",
        "email": "hr@west.nl",
        "password": "een lange zin als wachtwoord",
        "password_repeat": "een lange zin als wachtwoord",
    }
    response = client.post("/organisations/signup", data=data)
    assert response.status_code == 200
    organisation = db.session.scalars(select(Organisation)).one()
    assert organisation.kvk_number == "12345678"
    assert outbox[-1]["to"] == "hr@west.nl"


def test_a_malformed_kvk_number_is_refused_and_the_form_kept(client, db):
    with client.session_transaction() as session:
        session["lang"] = "en"
    data = {
        "organisation_name": "Zorggroep West",
        "kvk_number": "1234",
        "given_names": "Ans",
        "surname": "Smit",
        "email": "hr@west.nl",
        "password": "een lange zin als wachtwoord",
        "password_repeat": "een lange zin als wachtwoord",
    }
    response = client.post("/organisations/signup", data=data, headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A KvK number has 8 digits." in page and 'href="#kvk_number"' in page
    assert 'value="Zorggroep West"' in page and 'value="hr@west.nl"' in page
    assert db.session.scalar(select(User.id).where(User.email == "hr@west.nl")) is None


def test_a_key_is_shown_once_and_can_be_revoked(client, employer):
    organisation, _ = employer
    response = client.post("/organisation/keys", data={"name": "HR-systeem"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    key = db.session.scalars(select(ApiKey)).one()
    shown = page.split('<code class="secret">')[1].split("</code>")[0]
    assert shown.startswith(f"rk_{key.prefix}_")
    listing = client.get("/organisation/keys").get_data(as_text=True)
    assert "HR-systeem" in listing and shown not in listing
    assert client.get("/api/v1/programmes", headers=bearer(shown)).status_code == 200
    client.post(f"/organisation/keys/{key.id}/revoke")
    assert client.get("/api/v1/programmes", headers=bearer(shown)).status_code == 401
    assert "Revoked on" in client.get("/organisation/keys").get_data(as_text=True)


def test_another_organisations_key_cannot_be_revoked(client, employer, make_user):
    other, _ = add_organisation(make_user, name="Ander", kvk="99998888")
    add_key(other)
    key = db.session.scalars(select(ApiKey)).one()
    assert client.post(f"/organisation/keys/{key.id}/revoke").status_code == 404
    assert db.session.get(ApiKey, key.id).revoked_at is None


def test_the_watch_list_by_number_and_by_csv(client, employer, policies):
    one, two = add_registration(policies), add_registration(policies, given="Piet")
    data = {"number": one.number, "employed_since": "2025-03-01", "role": "coach"}
    response = client.post("/organisation/watch-list", data=data)
    assert response.status_code == 302
    page = client.get("/organisation/watch-list").get_data(as_text=True)
    assert one.number in page and "coach" in page
    bad = client.post("/organisation/watch-list", data={"number": "ED-00009990", "role": "x"})
    assert bad.status_code == 422 and 'value="x"' in bad.get_data(as_text=True)
    csv = f"registratienummer\n{one.number}\n{two.number}\nnonsense\n".encode()
    response = client.post(
        "/organisation/watch-list/upload",
        data={"file": (io.BytesIO(csv), "lijst.csv")},
        content_type="multipart/form-data",
        headers=EN,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Added: 1. Already on the list: 1. Not found or not valid: 1." in page
    assert len(db.session.scalars(select(WatchEntry)).all()) == 2
    entry = db.session.scalars(select(WatchEntry).where(WatchEntry.registration_id == two.id)).one()
    client.post(f"/organisation/watch-list/{entry.id}/remove")
    assert len(db.session.scalars(select(WatchEntry)).all()) == 1


def test_an_empty_upload_is_refused_with_a_message(client, employer):
    response = client.post(
        "/organisation/watch-list/upload",
        data={"file": (io.BytesIO(b""), "leeg.csv")},
        content_type="multipart/form-data",
        headers=EN,
    )
    assert response.status_code == 422
    assert "Choose a CSV file to upload." in response.get_data(as_text=True) or "empty" in (
        response.get_data(as_text=True)
    )


def test_alert_settings_and_the_delivery_log(app, client, employer, policies):
    organisation, _ = employer
    response = client.post(
        "/organisation/alerts", data={"alert_mode": "daily", "webhook_url": "ftp://x"}, headers=EN
    )
    assert response.status_code == 422
    assert "This is not a web address" in response.get_data(as_text=True) or "https" in (
        response.get_data(as_text=True)
    )
    response = client.post(
        "/organisation/alerts",
        data={"alert_mode": "daily", "webhook_url": "http://127.0.0.1:9/hook"},
    )
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.webhook_url == "http://127.0.0.1:9/hook"
    delivery = WebhookDelivery(
        organisation_id=organisation.id, url="http://127.0.0.1:9/", body="{}"
    )
    db.session.add(delivery)
    db.session.flush()
    db.session.add(WebhookAttempt(delivery_id=delivery.id, attempt=1, status_code=503))
    db.session.commit()
    page = client.get("/organisation/alerts").get_data(as_text=True)
    assert "503" in page and organisation.webhook_secret in page
    old = organisation.webhook_secret
    client.post("/organisation/alerts/secret")
    db.session.refresh(organisation)
    assert organisation.webhook_secret != old


def test_a_registrar_blocks_an_organisation_audited(client, make_user, login, db):
    organisation, _ = add_organisation(make_user)
    key = add_key(organisation)
    login(make_user(role=Role.REGISTRAR, locale="en"))
    assert "Zorggroep Noord" in client.get("/review/organisations").get_data(as_text=True)
    url = f"/review/organisations/{organisation.id}"
    empty = client.post(f"{url}/block", data={"reason": ""})
    assert empty.status_code == 422
    response = client.post(f"{url}/block", data={"reason": "Misbruik"})
    assert response.status_code == 302
    answer = client.get("/api/v1/programmes", headers={**bearer(key), **EN})
    assert answer.status_code == 401 and "blocked" in answer.get_json()["error"]["detail"]
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "organisation.blocked" in actions
    client.post(f"{url}/unblock")
    assert client.get("/api/v1/programmes", headers=bearer(key)).status_code == 200


def test_a_blocked_organisations_users_see_it_and_cannot_act(client, employer, db):
    organisation, _ = employer
    from register.models.base import utcnow

    organisation.blocked_at = utcnow()
    organisation.blocked_reason = "Misbruik"
    db.session.commit()
    page = client.get("/organisation").get_data(as_text=True)
    assert "This organisation account is blocked" in page and "Misbruik" in page
    assert client.post("/organisation/keys", data={"name": "x"}).status_code == 409


def test_a_logged_in_bulk_check_is_recorded(client, employer, policies):
    organisation, _ = employer
    reg = add_registration(policies)
    csv = f"{reg.number}\n".encode()
    response = client.post(
        "/verify", data={"file": (io.BytesIO(csv), "a.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    records = db.session.scalars(select(VerificationRecord)).all()
    assert [(r.registration_id, r.channel) for r in records] == [(reg.id, CheckChannel.BULK)]


def test_the_registrant_sees_who_follows_and_who_checked(client, make_user, login, policies, app):
    registrant = make_user(locale="en")
    reg = add_registration(policies, user=registrant)
    organisation, _ = add_organisation(make_user)
    entry = add_watch(organisation, reg, role="crisis team")
    checks.record(organisation.id, [reg.id], CheckChannel.API)
    db.session.commit()
    assert entry.id
    client.get(f"/registrations/{reg.number}")  # an anonymous lookup: counted only
    login(registrant)
    page = client.get("/my-registration").get_data(as_text=True)
    assert "Employers who follow your registration" in page
    assert "Zorggroep Noord" in page and "crisis team" in page
    assert "API with a key" in page
    assert "looked up 1 times without an account" in page

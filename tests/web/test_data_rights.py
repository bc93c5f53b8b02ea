"""The data-rights pages: the person's own export from the account page, an admin's export
for a written request, and the privacy and accessibility statements linked from every page."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile

from sqlalchemy import select

from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.policy.retention import DataKind
from tests.change_support import register_person


def _english(client):
    client.post("/language", data={"lang": "en"})


def _exports(db):
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export.personal_data")
    ).all()


def test_the_account_page_links_to_the_export(client, make_user, login):
    login(make_user())
    html = client.get("/account").get_data(as_text=True)
    assert 'href="/account/data"' in html


def test_the_registrant_downloads_their_data(client, db, make_user, login):
    registrar = make_user(role=Role.REGISTRAR)
    registration = register_person(make_user, registrar, given_names="Joke")
    login(registration.user)
    assert client.get("/account/data").status_code == 200
    response = client.post("/account/data")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    document = json.loads(archive.read("data.json"))
    assert document["tables"]["registration"][0]["number"] == registration.number
    assert "<script" not in archive.read("data.html").decode()
    response.close()
    (event,) = _exports(db)
    assert event.actor_id == registration.user_id == event.subject_id


def test_the_export_needs_a_login(client, db):
    response = client.post("/account/data")
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]
    assert _exports(db) == []


def test_an_admin_exports_for_a_written_request(client, db, make_user, login):
    person = make_user(given_names="Piet")
    login(make_user(role=Role.ADMIN))
    _english(client)
    assert f'/admin/accounts/{person.id}/data"' in client.get(
        f"/admin/accounts/{person.id}"
    ).get_data(as_text=True)
    page = client.get(f"/admin/accounts/{person.id}/data")
    assert page.status_code == 200 and "Piet" in page.get_data(as_text=True)
    refused = client.post(f"/admin/accounts/{person.id}/data", data={"reason": " "})
    assert refused.status_code == 422
    assert "Say when and how the person asked" in refused.get_data(as_text=True)
    assert _exports(db) == []
    response = client.post(f"/admin/accounts/{person.id}/data", data={"reason": "Letter of 3 May"})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    response.close()
    (event,) = _exports(db)
    assert event.subject_id == person.id and event.detail["reason"] == "Letter of 3 May"


def test_only_admins_export_for_others(client, db, make_user, login):
    person = make_user()
    login(make_user(role=Role.REGISTRAR))
    assert client.get(f"/admin/accounts/{person.id}/data").status_code == 403
    assert client.post(f"/admin/accounts/{person.id}/data", data={"reason": "x"}).status_code == 403
    assert _exports(db) == []


def test_an_unknown_account_is_not_found(client, make_user, login):
    login(make_user(role=Role.ADMIN))
    assert client.get("/admin/accounts/999999/data").status_code == 404


def test_the_footer_links_the_statements_in_dutch(client):
    html = client.get("/").get_data(as_text=True)
    links = dict(re.findall(r'<a href="([^"]+)">([^<]+)</a>', html))
    assert "Privacy" in links["/privacy"]
    assert "Toegankelijkheid" in links["/accessibility"]


def test_the_privacy_statement_is_built_from_the_retention_policy(app, client, monkeypatch):
    policies = app.extensions["policies"]
    kinds = dict(policies.retention.kinds)
    kinds[DataKind.LIVED_EXPERIENCE_EVIDENCE] = kinds[
        DataKind.LIVED_EXPERIENCE_EVIDENCE
    ].model_copy(update={"months": 17})
    changed = dataclasses.replace(
        policies, retention=policies.retention.model_copy(update={"kinds": kinds})
    )
    monkeypatch.setitem(app.extensions, "policies", changed)
    _english(client)
    html = client.get("/privacy").get_data(as_text=True)
    assert "17 months after the final decision" in html
    assert policies.retention.kinds[DataKind.DECISIONS].legal_basis.en in html
    assert "Kept for as long as the register exists." in html
    months = policies.retention.kinds[DataKind.COMPLAINTS].months
    flat = " ".join(html.split())
    assert f"{months} months after the case was closed. Then erased automatically." in flat


def test_the_statements_in_both_languages(client):
    dutch = client.get("/privacy").get_data(as_text=True)
    assert "Privacyverklaring" in dutch and "6 maanden" in dutch
    assert "WCAG 2.1" in client.get("/accessibility").get_data(as_text=True)
    _english(client)
    english = client.get("/accessibility").get_data(as_text=True)
    assert "Accessibility statement" in english and "axe-core" in english


def test_the_decision_says_its_evidence_was_deleted(client, db, make_user, login):
    import datetime as dt

    from register.data_rights.retention import delete_expired_evidence
    from tests.objection_support import refused_application

    application, decision, applicant, registrar = refused_application(make_user)
    assert delete_expired_evidence(dt.date(2026, 7, 12)) == 2
    db.session.commit()
    login(applicant)
    _english(client)
    html = client.get(f"/my-decisions/{decision.id}").get_data(as_text=True)
    assert "Deleted under the retention policy" in html
    assert "Evidence of lived experience and the portfolio: deleted on" in html
    assert "References and their answers" not in html  # none were given


def test_an_applicant_without_an_application_deletes_their_account(client, db, make_user, login):
    from register.models.accounts import User

    person = make_user(given_names="Wim", email="wim@example.nl")
    login(person)
    _english(client)
    page = client.get("/account/delete")
    assert page.status_code == 200
    refused = client.post("/account/delete", data={})
    assert refused.status_code == 422 and "Tick the box to confirm." in refused.get_data(
        as_text=True
    )
    response = client.post("/account/delete", data={"confirm": "y"})
    assert response.status_code in (302, 303)
    row = db.session.get(User, person.id)
    assert row.email == f"deleted-{person.id}@deleted.invalid"
    assert (row.given_names, row.surname, row.active) == ("", "", False)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.deleted")
    ).one()
    assert event.actor_id == person.id and "wim@example.nl" not in json.dumps(event.detail)
    # logged out; the address is free again
    assert client.get("/account").status_code in (302, 303)
    assert (
        client.post("/login", data={"email": "wim@example.nl", "password": "x"}).status_code == 422
    )


def test_an_account_with_a_registration_cannot_be_deleted(client, db, make_user, login):
    registration = register_person(make_user, make_user(role=Role.REGISTRAR))
    login(registration.user)
    _english(client)
    html = client.get("/account/delete").get_data(as_text=True)
    assert "cannot be deleted" in html and 'name="confirm"' not in html
    refused = client.post("/account/delete", data={"confirm": "y"})
    assert refused.status_code == 422
    assert registration.user.active


def test_the_privacy_statement_names_employers_checks_and_complaints_from_their_policies(
    app, client, monkeypatch
):
    policies = app.extensions["policies"]
    changed = dataclasses.replace(
        policies,
        organisations=policies.organisations.model_copy(
            update={"verification_record_days": 123, "lookup_count_months": 7}
        ),
    )
    monkeypatch.setitem(app.extensions, "policies", changed)
    _english(client)
    html = client.get("/privacy").get_data(as_text=True)
    assert "Employers who follow your registration" in html
    assert "We keep these records for 123 days" in html and "for 7 months" in html
    assert "Complaints and measures" in html and policies.measures.version in html

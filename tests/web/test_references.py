"""Referees confirm through a signed, expiring link; registrars resend or replace."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from register.applications.services import submit_application
from register.extensions import db
from register.models.accounts import Role
from register.models.applications import ReferenceState
from register.models.audit import AuditEvent
from register.references.tokens import make_reference_token
from tests.web.test_apply_helpers import transitional_application, use_english


@pytest.fixture(autouse=True)
def _english(client):
    use_english(client)


@pytest.fixture
def submitted(make_user, app):
    applicant = make_user(given_names="Sanne", surname="Jansen")
    application = transitional_application(applicant)
    with app.test_request_context():
        submit_application(application, applicant, accept_code=True)
    db.session.commit()
    return application


def _link(outbox, email):
    body = [m for m in outbox if m["to"] == email][-1]["body"]
    return re.search(r"http://[^\s]+/reference/[^\s]+", body).group(0)


def _path(link):
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_email_link_opens_a_minimal_form(client, submitted, outbox):
    page = client.get(_path(_link(outbox, "ref0@example.nl"))).get_data(as_text=True)
    assert "Sanne Jansen" in page and "GGZ Oost" in page and "Ervaringswerker" in page
    assert submitted.applicant.email not in page  # nothing beyond what the referee needs
    assert 'value="24.0"' in page


def test_referee_confirms(client, submitted, outbox):
    path = _path(_link(outbox, "ref0@example.nl"))
    r = client.post(
        path,
        data={
            "answer": "confirm",
            "role": "Ervaringswerker",
            "start": "2021-03-01",
            "end": "",
            "hours_per_week": "20",
            "comment": "Fijne collega",
        },
    )
    assert r.status_code == 200 and "You have confirmed" in r.get_data(as_text=True)
    reference = submitted.references[0]
    db.session.refresh(reference)
    assert reference.state is ReferenceState.CONFIRMED
    assert reference.confirmed_hours_per_week == 20 and reference.responded_at
    assert (reference.confirmed_start_date, reference.confirmed_end_date) == (
        dt.date(2021, 3, 1),
        None,
    )
    assert outbox[-1]["to"] == submitted.applicant.email
    again = client.get(path)
    assert again.status_code == 409 and "already been answered" in again.get_data(as_text=True)


def test_referee_declines_and_confirming_needs_the_details(client, submitted, outbox):
    path = _path(_link(outbox, "ref1@example.nl"))
    r = client.post(path, data={"answer": "confirm", "role": "", "start": ""})
    assert "Fill in the role" in r.get_data(as_text=True)
    assert "Fill in the date the work started" in r.get_data(as_text=True)
    r = client.post(path, data={"answer": "decline", "comment": "Ken deze persoon niet"})
    assert "cannot confirm" in r.get_data(as_text=True)
    reference = submitted.references[1]
    db.session.refresh(reference)
    assert reference.state is ReferenceState.DECLINED and reference.comment
    status = client.get(f"/apply/{submitted.id}")  # not logged in: sent to log in
    assert status.status_code == 302


def test_expired_and_tampered_links(client, submitted, app, outbox):
    reference = submitted.references[0]
    good = _path(_link(outbox, reference.email))
    app.config["REFEREE_TOKEN_MAX_AGE"] = -1  # every link is older than this
    r = client.get(good)
    assert r.status_code == 410 and "expired" in r.get_data(as_text=True)
    app.config["REFEREE_TOKEN_MAX_AGE"] = 3600
    r = client.get(good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb"))
    assert r.status_code == 404 and "not valid" in r.get_data(as_text=True)
    other_salt = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="email")
    r = client.get(f"/reference/{other_salt.dumps({'r': reference.id, 'g': 0})}")
    assert r.status_code == 404


def test_registrar_resend_supersedes_the_old_link(client, login, make_user, submitted, outbox):
    reference = submitted.references[0]
    old_path = _path(_link(outbox, reference.email))
    login(make_user(role=Role.REGISTRAR))
    r = client.post(
        f"/review/references/{reference.id}/resend",
        data={"next": f"/review/applications/{submitted.id}"},
    )
    assert r.status_code == 302
    db.session.refresh(reference)
    assert reference.token_generation == 1
    new_path = _path(_link(outbox, reference.email))
    assert new_path != old_path
    client.post("/logout")
    r = client.get(old_path)
    assert r.status_code == 410 and "no longer valid" in r.get_data(as_text=True)
    assert client.get(new_path).status_code == 200
    assert db.session.query(AuditEvent).filter_by(action="reference.resent").count() == 1


def test_registrar_replaces_a_referee(client, login, make_user, submitted, outbox):
    reference = submitted.references[1]
    old_path = _path(_link(outbox, reference.email))
    login(make_user(role=Role.REGISTRAR))
    form = client.get(f"/review/references/{reference.id}/replace").get_data(as_text=True)
    assert 'value="GGZ Oost"' in form
    r = client.post(
        f"/review/references/{reference.id}/replace",
        data={"name": "", "email": "nope", "organisation": "GGZ Oost", "relation": "employer"},
    )
    assert "Fill in the referee" in r.get_data(as_text=True)
    r = client.post(
        f"/review/references/{reference.id}/replace",
        data={
            "name": "Nieuwe Referent",
            "email": "nieuw@example.nl",
            "organisation": "GGZ Oost",
            "relation": "employer",
        },
    )
    assert r.status_code == 302
    db.session.refresh(submitted)
    states = [(r.email, r.state) for r in submitted.references]
    assert ("ref1@example.nl", ReferenceState.REPLACED) in states
    assert ("nieuw@example.nl", ReferenceState.PENDING) in states
    assert any(m["to"] == "nieuw@example.nl" for m in outbox)
    client.post("/logout")
    assert client.get(old_path).status_code == 410


def test_only_registrars_may_resend_or_replace(client, login, make_user, submitted):
    reference = submitted.references[0]
    for role in (Role.APPLICANT, Role.ASSESSOR, Role.PROVIDER):
        login(make_user(role=role))
        assert client.post(f"/review/references/{reference.id}/resend").status_code == 403
        assert client.get(f"/review/references/{reference.id}/replace").status_code == 403
        client.post("/logout")
    login(submitted.applicant)
    assert client.post(f"/review/references/{reference.id}/resend").status_code == 403
    db.session.refresh(reference)
    assert reference.token_generation == 0


def test_resend_of_an_answered_reference_is_refused(client, login, make_user, submitted):
    reference = submitted.references[0]
    reference.state = ReferenceState.CONFIRMED
    db.session.commit()
    login(make_user(role=Role.REGISTRAR))
    r = client.post(f"/review/references/{reference.id}/resend", follow_redirects=True)
    assert "has not been answered can be sent again" in r.get_data(as_text=True)
    assert client.post("/review/references/99999/resend").status_code == 404


def test_token_for_a_missing_reference(client, app):
    with app.test_request_context():

        class Ghost:
            id, token_generation = 424242, 0

        token = make_reference_token(Ghost())
    assert client.get(f"/reference/{token}").status_code == 404

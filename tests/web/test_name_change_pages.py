"""Changing a registered name through the pages: the registrant's request with proof (and
withdrawing it), the registrar's list and decision with the audited proof, the public name
and search afterwards, the registrar's correction of a typo, and the account page that says
where the registered name changes."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from register.demo.registrations import DEMO_PDF
from register.domain.name_change import NameChangeState
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.names import NameChangeRequest
from register.models.registrations import Registration
from register.name_changes import services
from tests.change_support import proof, register_person


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


@pytest.fixture
def registered(db, make_user, registrar):
    return register_person(
        make_user, registrar, tier=2, given_names="Sanne", surname_prefix="de", surname="Vries"
    )


def _html(response) -> str:
    return response.get_data(as_text=True)


def _post_request(client, registration, **fields):
    data = {"given_names": "Sanne", "surname_prefix": "", "surname": "Bakker"}
    data.update(fields)
    return client.post(
        f"/my-registration/{registration.id}/name", data=data, content_type="multipart/form-data"
    )


def _pending(db, registration) -> NameChangeRequest:
    return db.session.scalar(
        select(NameChangeRequest).where(NameChangeRequest.registration_id == registration.id)
    )


def _audit(db, action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_the_registrant_asks_for_another_name_with_proof(db, client, login, registered, outbox):
    user = registered.user
    user.surname_prefix, user.surname = "", "Bakker"  # changed in the account first
    db.session.commit()
    login(user)
    mine = _html(client.get("/my-registration"))
    assert f"/my-registration/{registered.id}/name" in mine
    page = _html(client.get(f"/my-registration/{registered.id}/name"))
    assert "Change your name in the register" in page and "Sanne de Vries" in page
    assert "The form below starts with the name in your account." in page
    assert 'value="Bakker"' in page and 'for="proof"' in page

    without = _post_request(client, registered, explanation="Married in May.")
    assert without.status_code == 422
    body = _html(without)
    assert 'href="#proof"' in body and "Add proof of the change of name" in body
    assert 'value="Bakker"' in body and "Married in May." in body
    same = _post_request(
        client,
        registered,
        surname_prefix="de",
        surname="Vries",
        proof=(io.BytesIO(DEMO_PDF), "a.pdf"),
    )
    assert same.status_code == 422 and "This is already the name in the register." in _html(same)

    sent = _post_request(client, registered, proof=(io.BytesIO(DEMO_PDF), "akte.pdf"))
    assert sent.status_code == 302
    assert "We have received your request" in outbox[-1]["subject"]
    page = _html(client.get(f"/my-registration/{registered.id}/name"))
    assert "Your request waits for a decision" in page and "Sanne Bakker" in page
    assert "Withdraw my request" in page and 'name="given_names"' not in page
    assert "You asked for another name: Sanne Bakker" in _html(client.get("/my-registration"))
    again = _post_request(client, registered, proof=(io.BytesIO(DEMO_PDF), "akte.pdf"))
    assert again.status_code == 409
    # the registrant opens the own proof without an audit record
    request = _pending(db, registered)
    with client.get(f"/files/name_proof/{request.id}") as download:
        assert download.data == DEMO_PDF
    assert _audit(db, "evidence.viewed") == []

    withdrawn = client.post(f"/my-registration/name-requests/{request.id}/withdraw")
    assert withdrawn.status_code == 302
    db.session.refresh(request)
    assert request.state is NameChangeState.WITHDRAWN
    assert client.post(f"/my-registration/name-requests/{request.id}/withdraw").status_code == 409
    assert 'name="given_names"' in _html(client.get(f"/my-registration/{registered.id}/name"))


def test_others_cannot_see_a_request_or_its_proof(db, client, login, make_user, registered):
    request = services.request_name_change(
        registered,
        registered.user,
        given_names="Sanne",
        surname_prefix="",
        surname="Bakker",
        explanation=None,
        upload=proof(),
    )
    db.session.commit()
    login(make_user())
    assert client.get(f"/my-registration/{registered.id}/name").status_code == 404
    assert client.post(f"/my-registration/name-requests/{request.id}/withdraw").status_code == 404
    assert client.get(f"/files/name_proof/{request.id}").status_code == 404
    assert client.get(f"/review/name-changes/{request.id}").status_code == 403


def test_the_registrar_decides_and_the_public_register_shows_the_new_name(
    db, client, login, registered, registrar, outbox
):
    request = services.request_name_change(
        registered,
        registered.user,
        given_names="Sanne",
        surname_prefix="",
        surname="Bakker",
        explanation="Married.",
        upload=proof(),
    )
    db.session.commit()
    login(registrar)
    queue = _html(client.get("/review/name-changes"))
    assert registered.number in queue and "Sanne Bakker" in queue and "Sanne de Vries" in queue
    assert "Name changes" in queue  # in the registrar's navigation
    page = _html(client.get(f"/review/name-changes/{request.id}"))
    assert "Married." in page and f"/files/name_proof/{request.id}" in page
    assert "Proof of the change of name" in page
    assert [e.actor_id for e in _audit(db, "name_change.viewed")] == [registrar.id]
    with client.get(f"/files/name_proof/{request.id}") as download:
        assert download.status_code == 200
    [viewed] = _audit(db, "evidence.viewed")
    assert viewed.detail["kind"] == "name_change_proof" and viewed.actor_id == registrar.id

    url = f"/review/name-changes/{request.id}"
    no_grounds = client.post(
        url, data={"decide-version": request.version, "decide-decision": "refuse"}
    )
    assert no_grounds.status_code == 422
    body = _html(no_grounds)
    assert 'href="#decide-grounds"' in body and '<input checked id="decide-decision-1"' in body
    no_choice = client.post(
        url, data={"decide-version": request.version, "decide-grounds": "Typed"}
    )
    assert no_choice.status_code == 422 and "Typed" in _html(no_choice)
    stale = client.post(
        url, data={"decide-version": request.version - 1, "decide-decision": "approve"}
    )
    assert stale.status_code == 409
    approved = client.post(
        url,
        data={"decide-version": request.version, "decide-decision": "approve"},
        follow_redirects=True,
    )
    assert "The register shows the new name." in _html(approved)
    assert "Record the decision" not in _html(approved)
    again = client.post(
        url,
        data={
            "decide-version": request.version + 1,
            "decide-decision": "refuse",
            "decide-grounds": "x",
        },
    )
    assert again.status_code == 409

    public = _html(client.get(f"/registrations/{registered.number}"))
    assert "Sanne Bakker" in public and "Vries" not in public
    assert registered.number in _html(client.get("/search?q=Bakker"))
    assert registered.number not in _html(client.get("/search?q=de+Vries"))
    detail = _html(client.get(f"/review/registrations/{registered.id}"))
    assert "Sanne de Vries" in detail and "Change of name on request" in detail
    assert "Your request has been approved" in outbox[-1]["body"]


def test_the_registrar_corrects_a_typo(db, client, login, registered, registrar, outbox):
    login(registrar)
    url = f"/review/registrations/{registered.id}/correct-name"
    page = _html(client.get(url))
    assert 'value="Vries"' in page and "at most 2 small changes" in page
    assert f"/review/registrations/{registered.id}/correct-name" in _html(
        client.get(f"/review/registrations/{registered.id}")
    )
    data = {
        "version": registered.version,
        "given_names": "Sanne",
        "surname_prefix": "de",
        "surname": "Bakker",
        "reason": "Wrong at entry.",
    }
    too_big = client.post(url, data=data)
    assert too_big.status_code == 422
    body = _html(too_big)
    assert "This is more than a typo" in body and 'href="#surname"' in body
    assert 'value="Bakker"' in body and "Wrong at entry." in body
    no_reason = client.post(url, data={**data, "surname": "Vriess", "reason": ""})
    assert no_reason.status_code == 422 and 'href="#reason"' in _html(no_reason)
    stale = client.post(url, data={**data, "surname": "Vriess", "version": registered.version - 1})
    assert stale.status_code == 409 and 'value="Vriess"' in _html(stale)

    done = client.post(url, data={**data, "surname": "Vriess"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, registered.id).full_name == "Sanne de Vriess"
    detail = _html(client.get(f"/review/registrations/{registered.id}"))
    assert "Typo corrected" in detail and "Wrong at entry." in detail
    assert "We have corrected your name" in outbox[-1]["subject"]


def test_the_account_page_says_where_the_registered_name_changes(
    db, client, login, make_user, registered
):
    login(registered.user)
    page = _html(client.get("/account"))
    assert f"Your name in the register (registration {registered.number})" in page
    assert f"/my-registration/{registered.id}/name" in page
    changed = client.post(
        "/account/profile",
        data={"given_names": "Sanne", "surname_prefix": "", "surname": "Bakker", "locale": "en"},
        follow_redirects=True,
    )
    assert "The name in the register has not changed: it is still Sanne de Vries." in _html(changed)
    db.session.refresh(registered)
    assert registered.full_name == "Sanne de Vries"


def test_an_account_without_registration_has_no_such_note(client, login, make_user):
    login(make_user(locale="en"))
    assert "Your name in the register" not in _html(client.get("/account"))


def test_the_certificate_shows_the_current_name(
    db, client, login, registered, registrar, monkeypatch
):
    import datetime as dt

    from register.certificates import pdf

    made = []
    real = pdf.certificate_pdf
    monkeypatch.setattr(
        pdf, "certificate_pdf", lambda content: made.append(content) or real(content)
    )
    request = services.request_name_change(
        registered,
        registered.user,
        given_names="Sanne",
        surname_prefix="",
        surname="Bakker",
        explanation=None,
        upload=proof(),
    )
    services.decide_name_change(
        request, registrar, approve=True, grounds=None, today=dt.date.today(), expected_version=None
    )
    db.session.commit()
    login(registered.user)
    assert client.get(f"/my-certificate/{registered.number}.pdf").status_code == 200
    assert made[-1].name == "Sanne Bakker"

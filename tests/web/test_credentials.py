"""The credential pages and API: the registrant's download (audited), the public keys, the
status lists fetched fresh after a suspension and a reinstatement, the verify page and
``POST /api/v1/credentials/verify``."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from sqlalchemy import select

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.credentials import decode_list, get_bit
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.review.services import approve_application
from tests.identity_support import confirmed_identity


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


@pytest.fixture
def registration(db, make_user, registrar):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid",
        "Hogeschool Test",
        5,
        dt.date(2015, 1, 1),
        dt.date(2030, 12, 31),
    )
    user = make_user(given_names="Anna", surname="de Vries", locale="en")
    application = submitted_diploma_application(user, programme, write_file=False)
    confirmed_identity(application, registrar)
    registration = approve_application(
        application, registrar, reason=None, today=dt.date.today(), expected_version=None
    )
    db.session.commit()
    return registration


def _payload(token: str) -> dict:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _download(client, login, registration) -> str:
    login(registration.user)
    response = client.get(f"/my-registration/credential/{registration.number}/credential.jwt")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert "attachment" in response.headers["Content-Disposition"]
    return response.get_data(as_text=True)


def _fresh_bit(client, credential: dict, purpose: str) -> bool:
    entry = next(e for e in credential["credentialStatus"] if e["statusPurpose"] == purpose)
    path = entry["statusListCredential"].split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert response.headers["Cache-Control"] == "public, no-cache"
    listed = _payload(response.get_data(as_text=True))
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    return get_bit(
        decode_list(listed["credentialSubject"]["encodedList"]), int(entry["statusListIndex"])
    )


def _api_verify(client, token: str) -> dict:
    response = client.post("/api/v1/credentials/verify", json={"credential": token})
    assert response.status_code == 200
    return response.get_json()


def test_suspension_sets_the_bit_in_a_freshly_fetched_list_and_reinstatement_clears_it(
    db, client, login, make_user, registration, registrar
):
    token = _download(client, login, registration)
    credential = _payload(token)
    assert not _fresh_bit(client, credential, "suspension")
    assert _api_verify(client, token)["result"] == "valid"

    login(registrar)
    proposed = client.post(
        f"/review/registrations/{registration.id}/suspend",
        data={
            "suspend-version": registration.version,
            "suspend-category": "investigation",
            "suspend-reason": "Klacht.",
            "step": "propose",
        },
    )
    assert not _fresh_bit(client, credential, "suspension")  # proposed, not yet in effect
    client.post("/logout")
    login(make_user(role=Role.REGISTRAR, given_names="Ruben"))  # four eyes: another confirms
    client.post(proposed.headers["Location"] + "/confirm", data={"confirm-version": 1})
    assert _fresh_bit(client, credential, "suspension")
    assert not _fresh_bit(client, credential, "revocation")
    answer = _api_verify(client, token)
    assert answer["result"] == "suspended"
    assert answer["status"] == {"revocation": False, "suspension": True}
    assert answer["registration"]["status"] == "suspended"

    db.session.expire_all()
    client.post(
        f"/review/registrations/{registration.id}/reinstate",
        data={"reinstate-version": registration.version, "reinstate-note": ""},
    )
    assert not _fresh_bit(client, credential, "suspension")
    assert _api_verify(client, token)["result"] == "valid"


def test_the_download_is_audited_and_only_for_the_own_active_registration(
    db, client, login, registration, make_user
):
    _download(client, login, registration)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "credential.issued")
    ).all()
    assert [e.subject_id for e in events] == [registration.id]
    page = client.get(f"/my-registration/credential/{registration.number}")
    assert page.status_code == 200
    assert "credential.jwt" in page.get_data(as_text=True)
    assert "Get my digital credential" in client.get("/my-registration").get_data(as_text=True)
    login(make_user())
    other = client.get(f"/my-registration/credential/{registration.number}/credential.jwt")
    assert other.status_code in (403, 404)


def test_the_keys_are_published_without_their_private_part(client):
    keys = client.get("/.well-known/jwks.json").get_json()["keys"]
    assert keys and all(k["kty"] == "OKP" and k["crv"] == "Ed25519" for k in keys)
    assert all("d" not in k and k["kid"] for k in keys)


def test_an_unknown_list_is_404_and_the_list_answers_a_conditional_get(client):
    assert client.get("/credentials/status/other").status_code == 404
    first = client.get("/credentials/status/revocation")
    again = client.get(
        "/credentials/status/revocation", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_verify_page_names_a_tampered_credential(client, login, registration):
    token = _download(client, login, registration)
    head, body, sig = token.split(".")
    forged_body = _payload(token)
    forged_body["name"] = "Forged"
    raw = json.dumps(forged_body).encode()
    forged = f"{head}.{base64.urlsafe_b64encode(raw).decode().rstrip('=')}.{sig}"
    page = client.post("/credentials/verify", data={"credential": forged})
    assert page.status_code == 200
    assert "Tampered: the content was changed" in page.get_data(as_text=True)
    valid = client.post("/credentials/verify", data={"credential": token}).get_data(as_text=True)
    assert "Valid: the register issued this credential" in valid


def test_the_verify_page_reads_an_uploaded_file(client, login, registration):
    import io

    token = _download(client, login, registration)
    page = client.post(
        "/credentials/verify",
        data={"file": (io.BytesIO(token.encode()), "credential.jwt")},
        content_type="multipart/form-data",
    )
    assert "Valid: the register issued this credential" in page.get_data(as_text=True)


def test_the_verify_page_asks_for_something_and_keeps_what_was_typed(client):
    client.post("/language", data={"lang": "en", "next": "/"})
    empty = client.post("/credentials/verify", data={"credential": ""})
    assert empty.status_code == 422
    assert "Paste the credential or choose its file." in empty.get_data(as_text=True)
    binary = client.post(
        "/credentials/verify",
        data={"file": (__import__("io").BytesIO(b"\xff\xfe\x00"), "x.jwt")},
        content_type="multipart/form-data",
    )
    assert binary.status_code == 422
    assert "This file is not a credential of the register." in binary.get_data(as_text=True)
    garbage = client.post("/credentials/verify", data={"credential": "not-a-credential"})
    assert garbage.status_code == 200
    text = garbage.get_data(as_text=True)
    assert "Not a credential of the register" in text and "not-a-credential" in text


def test_the_api_refuses_a_body_without_a_credential(client):
    response = client.post("/api/v1/credentials/verify", json={"numbers": []})
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "credential"
    assert _api_verify(client, "x.y.z")["result"] == "malformed"

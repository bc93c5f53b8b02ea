"""Verifiable credentials: signing, tampering, expiry, unknown keys, rotation, and the status
bits across suspension, reinstatement, strike-off and lapse (set in the same transaction,
positions never reused)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from jwcrypto import jws
from sqlalchemy import select

from register.credentials import issue as issuing
from register.credentials import keys, signing, status_lists
from register.credentials.verify import verify_credential
from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.credentials import CredentialCheck, SignatureOutcome, StatusPurpose, get_bit
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.credentials import CredentialStatusEntry
from register.registrations import services
from register.renewal.jobs import lapse_registrations
from register.review.services import approve_application
from tests import app_support
from tests.four_eyes_support import second_registrar
from tests.identity_support import confirmed_identity

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def own_keys(app, tmp_path):
    """A key file of this test's own, so rotating does not touch other tests' keys."""
    app.config["CREDENTIAL_KEYS_FILE"] = str(tmp_path / "credential-keys.json")
    app.config["CREDENTIAL_KEYS"] = None
    return tmp_path / "credential-keys.json"


def registration_programme():
    return ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2030, 1, 1)
    )


@pytest.fixture
def registration(db, make_user):
    registrar = make_user(role=Role.REGISTRAR)
    programme = registration_programme()
    application = submitted_diploma_application(make_user(), programme, write_file=False)
    confirmed_identity(application, registrar)
    registration = approve_application(
        application, registrar, reason=None, today=TODAY, expected_version=None
    )
    db.session.commit()
    registration.registrar = registrar
    return registration


def _bit(purpose: StatusPurpose, registration) -> bool:
    row = status_lists.status_list(purpose)
    entry = status_lists._current_entry(status_lists.db.session, row, registration.id)
    return get_bit(row.bits, entry.position)


def _parts(token: str) -> tuple[dict, dict, str]:
    head, body, sig = token.split(".")

    def load(part):
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))

    return load(head), load(body), sig


def _encode(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_the_credential_is_an_open_badge_signed_as_a_vc_jwt(db, registration, own_keys):
    token = issuing.issue(registration, registration.user)
    header, credential, _sig = _parts(token)
    assert header == {
        "alg": "EdDSA",
        "typ": "vc+jwt",
        "cty": "vc",
        "kid": keys.key_ring().current.get("kid"),
    }
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == registration.number
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["id"].endswith(f"/credentials/achievements/tier-{registration.tier}")
    assert (
        credential["validUntil"] == f"{registration.valid_until + dt.timedelta(days=1)}T00:00:00Z"
    )
    purposes = {e["statusPurpose"]: e for e in credential["credentialStatus"]}
    assert set(purposes) == {"revocation", "suspension"}
    for purpose, entry in purposes.items():
        assert entry["type"] == "BitstringStatusListEntry"
        assert entry["statusListCredential"].endswith(f"/credentials/status/{purpose}")
        assert int(entry["statusListIndex"]) >= 0
    # the public key from the JWKS verifies it, as any verifier would
    jwks = keys.key_ring().public_jwks()
    assert all("d" not in k for k in jwks["keys"])
    from jwcrypto import jwk

    public = jwk.JWK(**jwks["keys"][0])
    checked = jws.JWS()
    checked.deserialize(token)
    checked.verify(public, alg="EdDSA")
    issued = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "credential.issued")
    ).all()
    assert issued[-1].subject_id == registration.id


def test_a_fresh_credential_verifies_as_valid_with_the_register_now(db, registration, own_keys):
    found = verify_credential(issuing.issue(registration, registration.user))
    assert found.result is CredentialCheck.VALID
    assert found.signature is SignatureOutcome.VALID
    assert found.status == {StatusPurpose.REVOCATION: False, StatusPurpose.SUSPENSION: False}
    assert found.registration.number == registration.number
    assert found.expired is False


def test_a_changed_payload_is_tampered(db, registration, own_keys):
    header, credential, sig = _parts(issuing.issue(registration, registration.user))
    credential["credentialSubject"]["achievement"]["name"] = "Something else"
    forged = f"{_encode(header)}.{_encode(credential)}.{sig}"
    assert verify_credential(forged).result is CredentialCheck.TAMPERED


def test_a_key_the_register_never_had_is_named_unknown(db, registration, own_keys):
    _header, credential, _sig = _parts(issuing.issue(registration, registration.user))
    stranger = keys.new_key()
    token = jws.JWS(json.dumps(credential).encode())
    header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": stranger.get("kid")}
    token.add_signature(stranger, alg="EdDSA", protected=json.dumps(header))
    found = verify_credential(token.serialize(compact=True))
    assert found.result is CredentialCheck.UNKNOWN_KEY
    assert found.registration is None


def test_a_stranger_key_under_our_kid_is_tampered(db, registration, own_keys):
    _header, credential, _sig = _parts(issuing.issue(registration, registration.user))
    stranger = keys.new_key()
    token = jws.JWS(json.dumps(credential).encode())
    header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": keys.key_ring().current.get("kid")}
    token.add_signature(stranger, alg="EdDSA", protected=json.dumps(header))
    assert verify_credential(token.serialize(compact=True)).result is CredentialCheck.TAMPERED


@pytest.mark.parametrize("text", ["", "not a jwt", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
def test_garbage_is_malformed(db, own_keys, text):
    assert verify_credential(text).result is CredentialCheck.MALFORMED


def test_a_credential_past_its_end_is_expired(db, registration, own_keys):
    token = issuing.issue(registration, registration.user)
    later = issuing.valid_until(registration) + dt.timedelta(seconds=1)
    found = verify_credential(token, now=later)
    assert found.result is CredentialCheck.EXPIRED
    assert found.expired is True


def test_after_rotation_new_credentials_use_the_new_key_and_old_ones_still_verify(
    db, registration, own_keys, app
):
    old_token = issuing.issue(registration, registration.user)
    old_kid = keys.key_ring().current.get("kid")
    new = keys.rotate(app)
    assert keys.key_ring().current.get("kid") == new.get("kid") != old_kid
    assert {k["kid"] for k in keys.key_ring().public_jwks()["keys"]} == {old_kid, new.get("kid")}
    new_token = issuing.issue(registration, registration.user)
    assert _parts(new_token)[0]["kid"] == new.get("kid")
    assert verify_credential(old_token).result is CredentialCheck.VALID
    assert verify_credential(new_token).result is CredentialCheck.VALID
    assert own_keys.stat().st_mode & 0o777 == 0o600


def test_keys_come_from_configuration_when_given(db, registration, app, own_keys):
    app.config["CREDENTIAL_KEYS"] = keys.generated_key_set()
    configured = json.loads(app.config["CREDENTIAL_KEYS"])["keys"][0]["kid"]
    assert keys.key_ring().current.get("kid") == configured
    assert not own_keys.exists()


def test_suspension_sets_the_bit_in_the_same_commit_and_reinstatement_clears_it(
    db, registration, own_keys
):
    token = issuing.issue(registration, registration.user)
    db.session.commit()
    assert not _bit(StatusPurpose.SUSPENSION, registration)
    services.suspend_registration(
        registration,
        registration.registrar,
        reason="r",
        category="investigation",
        ends_on=None,
        today=TODAY,
        confirmed_by=second_registrar(),
    )
    db.session.commit()
    assert _bit(StatusPurpose.SUSPENSION, registration)
    assert not _bit(StatusPurpose.REVOCATION, registration)
    assert verify_credential(token).result is CredentialCheck.SUSPENDED
    services.reinstate_registration(
        registration, registration.registrar, confirmed_by=second_registrar()
    )
    db.session.commit()
    assert not _bit(StatusPurpose.SUSPENSION, registration)
    assert verify_credential(token).result is CredentialCheck.VALID


def test_a_rolled_back_suspension_leaves_the_list_alone(db, registration, own_keys):
    issuing.issue(registration, registration.user)
    db.session.commit()
    services.suspend_registration(
        registration,
        registration.registrar,
        reason="r",
        category="investigation",
        ends_on=None,
        today=TODAY,
        confirmed_by=second_registrar(),
    )
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert not _bit(StatusPurpose.SUSPENSION, registration)


def test_strike_off_revokes_for_good_and_a_reinstatement_gets_a_new_position(
    db, registration, own_keys
):
    token = issuing.issue(registration, registration.user)
    db.session.commit()
    first = status_lists.positions_for(registration)[StatusPurpose.REVOCATION].position
    services.strike_off_registration(
        registration, registration.registrar, reason="r", confirmed_by=second_registrar()
    )
    db.session.commit()
    assert _bit(StatusPurpose.REVOCATION, registration)
    assert verify_credential(token).result is CredentialCheck.REVOKED
    services.reinstate_registration(
        registration, registration.registrar, confirmed_by=second_registrar()
    )
    db.session.commit()
    # the old credential stays revoked; the registration holds a new, clear position
    assert verify_credential(token).result is CredentialCheck.REVOKED
    second = status_lists.positions_for(registration)[StatusPurpose.REVOCATION].position
    assert second != first
    assert not _bit(StatusPurpose.REVOCATION, registration)
    assert verify_credential(issuing.issue(registration, registration.user)).result is (
        CredentialCheck.VALID
    )


def test_a_lapse_revokes(db, registration, own_keys):
    token = issuing.issue(registration, registration.user)
    db.session.commit()
    lapse_registrations(registration.valid_until + dt.timedelta(days=1))
    db.session.commit()
    assert _bit(StatusPurpose.REVOCATION, registration)
    assert verify_credential(token).result is CredentialCheck.REVOKED


def test_positions_are_given_once_per_registration_and_never_twice(
    db, registration, own_keys, make_user
):
    first = issuing.build(registration)
    again = issuing.build(registration)
    assert first["credentialStatus"] == again["credentialStatus"]
    other = submitted_diploma_application(make_user(), registration_programme(), write_file=False)
    confirmed_identity(other, registration.registrar)
    second = approve_application(
        other, registration.registrar, reason=None, today=TODAY, expected_version=None
    )
    issuing.build(second)
    pairs = db.session.execute(
        select(CredentialStatusEntry.list_id, CredentialStatusEntry.position)
    ).all()
    assert len(pairs) == len(set(pairs)) == 4
    other_list = status_lists.status_list(StatusPurpose.SUSPENSION)
    assert other_list.next_position > max(position for _list, position in pairs)
    db.session.add(
        CredentialStatusEntry(
            list_id=other_list.id,
            position=int(first["credentialStatus"][1]["statusListIndex"]),
            registration_id=registration.id,
            retired_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
    )
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_production_refuses_to_start_without_a_key(tmp_path):
    import config
    from register import create_app

    class NoKey(config.ProductionConfig):
        SECRET_KEY = "x"
        CREDENTIAL_KEYS = None
        CREDENTIAL_KEYS_FILE = str(tmp_path / "missing.json")

    # the production app turns the one shared rate limiter on before it refuses to start:
    # put its settings back, or every later test in this worker is rate limited
    with app_support.limiter_state(), pytest.raises(keys.NoSigningKey, match="credentials keygen"):
        create_app(NoKey)


def test_the_signed_status_list_holds_the_bits(db, registration, own_keys):
    issuing.issue(registration, registration.user)
    services.suspend_registration(
        registration,
        registration.registrar,
        reason="r",
        category="investigation",
        ends_on=None,
        today=TODAY,
        confirmed_by=second_registrar(),
    )
    db.session.commit()
    token, _tag = status_lists.signed_list(StatusPurpose.SUSPENSION)
    checked = signing.check(token)
    assert checked.outcome is SignatureOutcome.VALID
    subject = checked.credential["credentialSubject"]
    assert subject["statusPurpose"] == "suspension"
    from register.domain.credentials import decode_list

    bits = decode_list(subject["encodedList"])
    assert len(bits) * 8 == 131_072
    entry = status_lists.positions_for(registration)[StatusPurpose.SUSPENSION]
    assert get_bit(bits, entry.position)


def test_keygen_writes_a_new_signing_key_and_keeps_the_old_one(runner, own_keys, app):
    first = runner.invoke(args=["credentials", "keygen"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["credentials", "keygen"])
    assert second.exit_code == 0, second.output
    stored = json.loads(own_keys.read_text())["keys"]
    assert len(stored) == 2 and all("d" in k for k in stored)
    assert stored[0]["kid"] in second.output and stored[1]["kid"] in first.output
    assert own_keys.stat().st_mode & 0o777 == 0o600

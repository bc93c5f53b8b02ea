"""Verifying a presented credential: the signature, the status lists, and what the register
says now (the public view, never more)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from register.credentials.signing import check
from register.credentials.status_lists import issuer_id, list_url, status_list
from register.domain.credentials import (
    CredentialCheck,
    SignatureOutcome,
    StatusPurpose,
    get_bit,
    verdict,
)
from register.lookup import services as lookup
from register.lookup.public import PublicRegistration
from register.models.base import utcnow


@dataclass(frozen=True)
class CredentialVerification:
    """The answer for one presented credential."""

    result: CredentialCheck
    signature: SignatureOutcome
    expired: bool | None = None
    valid_until: dt.datetime | None = None
    #: purpose → whether its list marks the credential (empty when the signature failed)
    status: dict[StatusPurpose, bool] | None = None
    number: str | None = None
    registration: PublicRegistration | None = None


def _timestamp(value) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _number(credential: dict) -> str | None:
    subject = credential.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    for item in identifiers if isinstance(identifiers, list) else ():
        if isinstance(item, dict) and item.get("identityType") == "identifier":
            value = item.get("identityHash")
            return value if isinstance(value, str) else None
    return None


def _status_bits(credential: dict) -> dict[StatusPurpose, bool] | None:
    """purpose → bit, for each entry pointing at one of our lists; None when an entry is
    not one of ours or names no valid position."""
    entries = credential.get("credentialStatus")
    entries = [entries] if isinstance(entries, dict) else entries
    if not isinstance(entries, list):
        return None
    bits = {}
    for entry in entries:
        try:
            purpose = StatusPurpose(entry["statusPurpose"])
            position = int(entry["statusListIndex"])
        except (KeyError, TypeError, ValueError):
            return None
        if entry.get("type") != "BitstringStatusListEntry":
            return None
        if entry.get("statusListCredential") != list_url(purpose):
            return None
        row = status_list(purpose)
        if not 0 <= position < row.next_position:
            return None
        bits[purpose] = get_bit(row.bits, position)
    return bits


def verify_credential(text: str, now: dt.datetime | None = None) -> CredentialVerification:
    """Check ``text`` (a compact JWT) and say what it proves today."""
    now = now or utcnow()
    checked = check(text)
    if checked.outcome is not SignatureOutcome.VALID:
        return CredentialVerification(
            verdict(checked.outcome, now=now, valid_until=None, suspended=False, revoked=False),
            checked.outcome,
        )
    credential = checked.credential
    issuer = credential.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    until = _timestamp(credential.get("validUntil"))
    bits = _status_bits(credential)
    number = _number(credential)
    if issuer != issuer_id() or until is None or bits is None or number is None:
        # signed by us, but not a credential the register issues
        return CredentialVerification(CredentialCheck.MALFORMED, SignatureOutcome.VALID)
    result = verdict(
        SignatureOutcome.VALID,
        now=now,
        valid_until=until,
        suspended=bits.get(StatusPurpose.SUSPENSION, False),
        revoked=bits.get(StatusPurpose.REVOCATION, False),
    )
    return CredentialVerification(
        result,
        SignatureOutcome.VALID,
        expired=now >= until,
        valid_until=until,
        status=bits,
        number=number,
        registration=lookup.get_registration(number),
    )

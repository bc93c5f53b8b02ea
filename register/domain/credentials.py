"""Verifiable credentials: which status bits a registration's status sets, the bitstring of a
status list (W3C Bitstring Status List v1.0), and what a verification concludes.

Pure: the register's services sign, store and serve; this module only decides.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import gzip

from register.domain.lifecycle import ENDED_REGISTRATION_STATUSES, RegistrationStatus

#: The spec's minimum: 16 KB of bits, so that one credential's position tells little.
STATUS_LIST_SIZE = 131_072
#: a credential of the register is about 2 KB; anything far larger is not one
MAX_CREDENTIAL_CHARS = 20_000


class StatusPurpose(enum.StrEnum):
    """The two status lists the register publishes (``statusPurpose``)."""

    REVOCATION = "revocation"
    SUSPENSION = "suspension"


class SignatureOutcome(enum.StrEnum):
    """What the signature check of a presented credential found."""

    VALID = "valid"
    TAMPERED = "tampered"  # signed with one of our keys, but the content does not match
    UNKNOWN_KEY = "unknown_key"  # names a key the register never published
    MALFORMED = "malformed"  # not a credential of this register (not a JWT, not ours)


class CredentialCheck(enum.StrEnum):
    """The one-word answer of a verification, most serious first."""

    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown_key"
    TAMPERED = "tampered"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    VALID = "valid"


def status_bit(purpose: StatusPurpose, status: RegistrationStatus) -> bool:
    """Whether a registration in ``status`` has its bit set on the ``purpose`` list.

    Suspension: set while suspended, cleared on reinstatement. Revocation: set once the
    registration has ended (lapsed or struck off). There is no grace: a lapse is decided by
    the register's expiry job on the day the registration ends, and from then on earlier
    credentials are revoked. Revocation is final (the spec): a registration that comes back
    (renewal after a lapse, reinstatement after a strike-off) gets a new revocation position,
    so credentials issued before the end stay revoked (see ``needs_new_position``).
    """
    if purpose is StatusPurpose.SUSPENSION:
        return status is RegistrationStatus.SUSPENDED
    return status in ENDED_REGISTRATION_STATUSES


def needs_new_position(purpose: StatusPurpose, bit_now: bool, status: RegistrationStatus) -> bool:
    """A revocation bit is never cleared: when it is set and the registration is current
    again, the registration moves to a new position instead."""
    return purpose is StatusPurpose.REVOCATION and bit_now and not status_bit(purpose, status)


def empty_bitstring(size: int = STATUS_LIST_SIZE) -> bytes:
    """A bitstring of ``size`` bits, all clear."""
    if size % 8 or size < STATUS_LIST_SIZE:
        raise ValueError(f"a status list holds a multiple of 8 bits, at least {STATUS_LIST_SIZE}")
    return bytes(size // 8)


def get_bit(bits: bytes, index: int) -> bool:
    """Bit ``index``; index 0 is the left-most (most significant) bit of the first byte."""
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def with_bit(bits: bytes, index: int, value: bool) -> bytes:
    """``bits`` with bit ``index`` set to ``value``."""
    changed = bytearray(bits)
    mask = 0x80 >> (index % 8)
    if value:
        changed[index // 8] |= mask
    else:
        changed[index // 8] &= ~mask & 0xFF
    return bytes(changed)


def encode_list(bits: bytes) -> str:
    """The ``encodedList``: multibase base64url (prefix ``u``, no padding) of the GZIP-
    compressed bitstring. ``mtime=0`` so the same bits always encode the same."""
    packed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode_list(encoded: str) -> bytes:
    """The bitstring of an ``encodedList`` (raises ``ValueError`` when it is not one)."""
    if not encoded.startswith("u"):
        raise ValueError("the encoded list is not multibase base64url")
    body = encoded[1:]
    try:
        return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (OSError, EOFError, ValueError) as exc:
        raise ValueError("the encoded list is not a GZIP-compressed bitstring") from exc


def verdict(
    signature: SignatureOutcome,
    *,
    now: dt.datetime,
    valid_until: dt.datetime | None,
    suspended: bool,
    revoked: bool,
) -> CredentialCheck:
    """The answer of a verification. Only a valid signature lets the content count; then
    revoked outweighs suspended, and either outweighs expiry (it says more)."""
    if signature is not SignatureOutcome.VALID:
        return CredentialCheck(signature.value)
    if revoked:
        return CredentialCheck.REVOKED
    if suspended:
        return CredentialCheck.SUSPENDED
    if valid_until is not None and now >= valid_until:
        return CredentialCheck.EXPIRED
    return CredentialCheck.VALID

"""Pure rules for organisation accounts: the KvK number's format, the form of API keys, the
webhook signature, the retry schedule, which webhook targets are allowed, and how long
who-checked-me records are kept. No I/O: callers resolve host names and read the clock."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass

#: API keys look like ``rk_<prefix>_<secret>``: the prefix finds the key, the whole key is
#: hashed. 16 hex characters of prefix, 43 URL-safe characters (256 bits) of secret.
KEY_MARK = "rk"
PREFIX_LENGTH = 16
SIGNATURE_HEADER = "X-Register-Signature"
TIMESTAMP_HEADER = "X-Register-Timestamp"


def kvk_problem(text: str) -> str | None:
    """Why ``text`` is not a KvK number, or None. A KvK number is 8 digits; it has no check
    digit (the Chamber of Commerce gives them out in sequence), so only the form is checked.
    Spaces and dots that people type between groups are allowed."""
    digits = normalise_kvk(text)
    if not digits:
        return "empty"
    if not digits.isdigit() or not digits.isascii():
        return "not_digits"
    if len(digits) != 8:
        return "length"
    return None


def normalise_kvk(text: str) -> str:
    """The KvK number without the spaces and dots people type in it."""
    return "".join(ch for ch in (text or "") if ch not in " .\u00a0").strip()


@dataclass(frozen=True)
class NewKey:
    """A freshly made API key: the text shown once, and what is stored of it."""

    key: str
    prefix: str
    secret_hash: str


def key_hash(key: str) -> str:
    """SHA-256 of the whole key, hex. (A key holds 256 random bits, so a fast hash is as
    safe as a slow one: nobody can guess through 2^256 keys; argon2 guards guessable
    passwords and would cost every API request tens of milliseconds.)"""
    return hashlib.sha256(key.encode()).hexdigest()


def make_key() -> NewKey:
    """A new random API key."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    key = f"{KEY_MARK}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewKey(key, prefix, key_hash(key))


def key_prefix(key: str) -> str | None:
    """The prefix of a key of the right form, or None for anything else."""
    parts = (key or "").split("_", 2)  # the secret may hold "_" itself
    if len(parts) != 3 or parts[0] != KEY_MARK or len(parts[1]) != PREFIX_LENGTH:
        return None
    if not all(ch in "0123456789abcdef" for ch in parts[1]) or len(parts[2]) < 32:
        return None
    return parts[1]


def key_matches(key: str, stored_hash: str) -> bool:
    """Whether ``key`` hashes to ``stored_hash`` (compared in constant time)."""
    return hmac.compare_digest(key_hash(key), stored_hash)


def new_webhook_secret() -> str:
    """A per-organisation HMAC key (256 bits, hex)."""
    return secrets.token_hex(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256, hex, over ``<timestamp>.<raw body>`` with the organisation's secret. The
    timestamp is signed with the body so that an old delivery cannot be replayed as new."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """The value of ``X-Register-Signature``: ``t=<timestamp>,v1=<hex signature>``."""
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify_signature(secret: str, header: str, body: bytes, now: int, tolerance: int) -> bool:
    """What a receiver does: the header's signature matches and its timestamp is within
    ``tolerance`` seconds of ``now``."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(fields.get("v1", ""), signature(secret, timestamp, body))


def next_attempt_delay(attempts_made: int, base_seconds: int, max_attempts: int) -> int | None:
    """Seconds to wait before the next attempt after ``attempts_made`` failed ones
    (exponential: base, 2×base, 4×base, …), or None when the limit is reached."""
    if attempts_made >= max_attempts:
        return None
    return base_seconds * 2 ** (attempts_made - 1)


class UrlProblem(enum.StrEnum):
    """Why a webhook URL is refused."""

    MALFORMED = "malformed"
    SCHEME = "scheme"  # not https (production) or not http(s)
    PRIVATE = "private"  # resolves to a loopback, private, link-local or reserved address
    UNRESOLVED = "unresolved"


def url_shape_problem(
    scheme: str, host: str | None, has_credentials: bool, https_only: bool
) -> UrlProblem | None:
    """The scheme and host of a webhook URL (its parts, before the host is resolved)."""
    if not scheme or not host or has_credentials:
        return UrlProblem.MALFORMED
    if scheme not in ("http", "https"):
        return UrlProblem.SCHEME
    if https_only and scheme != "https":
        return UrlProblem.SCHEME
    return None


def address_problem(addresses: list[str], allow_private: bool) -> UrlProblem | None:
    """Whether the addresses a webhook host resolves to may be called: none may be loopback,
    private, link-local, multicast or reserved unless ``allow_private`` (development and
    tests). An SSRF guard: the register must not be made to call its own network."""
    if not addresses:
        return UrlProblem.UNRESOLVED
    if allow_private:
        return None
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            return UrlProblem.PRIVATE
    return None


def month_of(day: dt.date) -> dt.date:
    """The first day of ``day``'s month (the key of the anonymous lookup counters)."""
    return day.replace(day=1)


def months_back(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)

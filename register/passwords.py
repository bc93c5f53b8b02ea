"""Password hashing with Argon2id (argon2-cffi): memory-hard, the current OWASP advice.

Tests use cheap parameters (``PASSWORD_HASH_FAST``) so that the suite stays quick.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

_STRONG = PasswordHasher()
_FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _hasher() -> PasswordHasher:
    return _FAST if current_app.config.get("PASSWORD_HASH_FAST") else _STRONG


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password``."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY_HASHES: dict[int, str] = {}


def dummy_hash() -> str:
    """A hash made with the current parameters for a password nobody has: verifying a
    password against it costs what a real check costs (made once per hasher)."""
    hasher = _hasher()
    if id(hasher) not in _DUMMY_HASHES:
        _DUMMY_HASHES[id(hasher)] = hasher.hash("no account has this password")
    return _DUMMY_HASHES[id(hasher)]


def verify_dummy(password: str) -> bool:
    """Spend the time of a password check when there is no account to check against, so
    that a login takes as long whether or not the address has an account. Always False."""
    verify_password(dummy_hash(), password)
    return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    return _hasher().check_needs_rehash(password_hash)

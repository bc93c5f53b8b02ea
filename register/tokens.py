"""Signed tokens, one API for every feature: ``sign(purpose, payload)`` and
``verify(purpose, token, max_age)``.

A token is a payload (any JSON-safe value) signed with the application's ``SECRET_KEY`` and a
salt per purpose ("confirm-email", "reset-password", "reference", "bulk-verification",
"certificate", ...), so a token made for one purpose is never accepted for another.
``verify`` refuses a token older than ``max_age`` seconds with ``TokenExpired`` (which still
carries the payload, so a caller can offer to send a new link) and anything tampered with
or made for another purpose with ``TokenInvalid``::

    token = sign("reference", {"r": 12, "g": 0})
    payload = verify("reference", token, current_app.config["REFEREE_TOKEN_MAX_AGE"])

A token that never expires (the QR code printed on a certificate) is signed with
``expires=False`` and verified with ``max_age=None``: it carries no timestamp.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

#: Certificates printed before the tokens were shared carry this salt; it stays, so that
#: their QR codes keep proving them genuine.
_SALTS = {"certificate": "registration-certificate"}


class TokenError(Exception):
    """A token that cannot be used."""


class TokenInvalid(TokenError):
    """The token was changed, made for another purpose, or is not a token at all."""


class TokenExpired(TokenError):
    """The token is genuine but older than allowed; ``payload`` holds its (signature-checked)
    content, so a caller can offer to send a new link to the same person."""

    def __init__(self, payload: Any = None):
        super().__init__("token expired")
        self.payload = payload


def _serializer(purpose: str, timed: bool) -> URLSafeSerializer:
    if not purpose:
        raise ValueError("a token needs a purpose")
    salt = _SALTS.get(purpose, f"register.{purpose}")
    cls = URLSafeTimedSerializer if timed else URLSafeSerializer
    return cls(current_app.config["SECRET_KEY"], salt=salt)


def sign(purpose: str, payload: Any, *, expires: bool = True) -> str:
    """A URL-safe signed token holding ``payload``, valid only for ``purpose``; with
    ``expires=False`` it carries no timestamp and never expires."""
    return _serializer(purpose, timed=expires).dumps(payload)


def verify(purpose: str, token: str, max_age: int | None) -> Any:
    """The payload of ``token`` if it was signed for ``purpose`` at most ``max_age`` seconds
    ago (``None``: a token that never expires). Raises ``TokenExpired`` (with the payload)
    or ``TokenInvalid``."""
    if max_age is None:
        try:
            return _serializer(purpose, timed=False).loads(token)
        except (BadSignature, UnicodeError, ValueError, TypeError):
            raise TokenInvalid("token not valid") from None
    serializer = _serializer(purpose, timed=True)
    try:
        return serializer.loads(token, max_age=max_age)
    except SignatureExpired as exc:
        try:
            payload = serializer.load_payload(exc.payload) if exc.payload is not None else None
        except BadSignature:
            payload = None
        raise TokenExpired(payload) from None
    except (BadSignature, UnicodeError, ValueError, TypeError):
        raise TokenInvalid("token not valid") from None

"""Signed, expiring tokens for links sent by e-mail.

A token is a payload (any JSON-safe value) signed with the application's ``SECRET_KEY`` and a
salt per purpose ("confirm", "reset", "referee", ...), so a token made for one purpose is
never accepted for another. The signature carries the moment of signing; ``read_token``
refuses tokens older than ``max_age`` seconds.

Other areas reuse these for referee links and certificate checks::

    token = make_token("referee", {"reference": 12})
    payload = read_token("referee", token, current_app.config["REFEREE_TOKEN_MAX_AGE"])
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class TokenError(Exception):
    """A token that cannot be used."""


class TokenInvalid(TokenError):
    """The token was changed, made for another purpose, or is not a token at all."""


class TokenExpired(TokenError):
    """The token is genuine but older than allowed.

    ``payload`` holds its (signature-checked) content, so a caller can offer to send a new
    link to the same person.
    """

    def __init__(self, payload: Any = None):
        super().__init__("token expired")
        self.payload = payload


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if not purpose:
        raise ValueError("a token needs a purpose")
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"register.{purpose}")


def make_token(purpose: str, payload: Any) -> str:
    """A URL-safe signed token holding ``payload``, valid only for ``purpose``."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> Any:
    """The payload of ``token`` if it was made for ``purpose`` at most ``max_age`` seconds ago.

    Raises ``TokenExpired`` (with the payload) for an old token and ``TokenInvalid`` for
    anything that was tampered with or made for another purpose.
    """
    serializer = _serializer(purpose)
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

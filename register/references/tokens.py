"""Signed, expiring links for referees: the payload is the reference id and its token
generation, so a re-sent link makes every earlier link stop working."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "reference"


class LinkExpired(Exception):
    """The link was valid but is older than ``REFEREE_TOKEN_MAX_AGE``."""


class LinkInvalid(Exception):
    """The link was changed or was never issued by the register."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_reference_token(reference) -> str:
    """A signed token for ``reference`` at its current token generation."""
    return _serializer().dumps({"r": reference.id, "g": reference.token_generation})


def read_reference_token(token: str) -> tuple[int, int]:
    """``(reference id, generation)`` from ``token``; raises LinkExpired or LinkInvalid."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["REFEREE_TOKEN_MAX_AGE"])
    except SignatureExpired as exc:
        raise LinkExpired() from exc
    except BadSignature as exc:
        raise LinkInvalid() from exc
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) \
            or not isinstance(data.get("g"), int):
        raise LinkInvalid()
    return data["r"], data["g"]

"""Signed, expiring links for referees: the payload is the reference id and its token
generation, so a re-sent link makes every earlier link stop working. Built on the shared
signed tokens in ``register.tokens``."""

from __future__ import annotations

from flask import current_app

from register import tokens
from register.tokens import TokenInvalid

PURPOSE = "reference"


def make_reference_token(reference) -> str:
    """A signed token for ``reference`` at its current token generation."""
    return tokens.sign(PURPOSE, {"r": reference.id, "g": reference.token_generation})


def read_reference_token(token: str) -> tuple[int, int]:
    """``(reference id, generation)`` from ``token``; raises ``TokenExpired`` or
    ``TokenInvalid``."""
    data = tokens.verify(PURPOSE, token, current_app.config["REFEREE_TOKEN_MAX_AGE"])
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("r"), int)
        or not isinstance(data.get("g"), int)
    ):
        raise TokenInvalid("not a referee token")
    return data["r"], data["g"]

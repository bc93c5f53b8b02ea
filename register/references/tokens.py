"""Signed, expiring links for referees: the payload is the reference id and its token
generation, so a re-sent link makes every earlier link stop working. Built on the shared
e-mail link tokens in ``register.accounts.tokens``."""

from __future__ import annotations

from flask import current_app

from register.accounts.tokens import TokenExpired, TokenInvalid, make_token, read_token

PURPOSE = "reference"


class LinkExpired(Exception):
    """The link was valid but is older than ``REFEREE_TOKEN_MAX_AGE``."""


class LinkInvalid(Exception):
    """The link was changed or was never issued by the register."""


def make_reference_token(reference) -> str:
    """A signed token for ``reference`` at its current token generation."""
    return make_token(PURPOSE, {"r": reference.id, "g": reference.token_generation})


def read_reference_token(token: str) -> tuple[int, int]:
    """``(reference id, generation)`` from ``token``; raises LinkExpired or LinkInvalid."""
    try:
        data = read_token(PURPOSE, token, current_app.config["REFEREE_TOKEN_MAX_AGE"])
    except TokenExpired as exc:
        raise LinkExpired() from exc
    except TokenInvalid as exc:
        raise LinkInvalid() from exc
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("r"), int)
        or not isinstance(data.get("g"), int)
    ):
        raise LinkInvalid()
    return data["r"], data["g"]

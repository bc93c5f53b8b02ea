"""Signed, expiring links for the employers and supervisors who confirm a log entry: the
payload is the confirmation's id and its token generation, so a link sent again makes every
earlier one stop working, and an answered confirmation accepts no second answer (single
use). Built on the shared signed tokens (``register.tokens``); links live as long as
referees' links (``REFEREE_TOKEN_MAX_AGE``), the mechanism they share."""

from __future__ import annotations

from flask import current_app

from register import tokens
from register.tokens import TokenInvalid

PURPOSE = "log-confirmation"


def make_confirmation_token(confirmation) -> str:
    """A signed token for ``confirmation`` at its current token generation."""
    return tokens.sign(PURPOSE, {"c": confirmation.id, "g": confirmation.token_generation})


def read_confirmation_token(token: str) -> tuple[int, int]:
    """``(confirmation id, generation)`` from ``token``; raises ``TokenExpired`` or
    ``TokenInvalid``."""
    data = tokens.verify(PURPOSE, token, current_app.config["REFEREE_TOKEN_MAX_AGE"])
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("c"), int)
        or not isinstance(data.get("g"), int)
    ):
        raise TokenInvalid("not a log-confirmation token")
    return data["c"], data["g"]

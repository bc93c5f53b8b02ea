"""API keys on the API: ``Authorization: Bearer <key>`` names an organisation.

A request with a valid key is attributed to its organisation (``api_client()``) and
counted under the organisation's rate limits (``API_KEY_RATE_LIMIT``, ``API_KEY_BULK_RATE_LIMIT``)
instead of its address's. A request without the header is anonymous and keeps the public
limits. A header that does not carry a valid key (unknown, revoked, of a blocked
organisation, not Bearer) gets 401 with ``WWW-Authenticate: Bearer`` and a message that
says why: never treated as anonymous. Nothing here reads the session or the cookies.
"""

from __future__ import annotations

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from register.errors import error_response
from register.organisations.keys import INVALID, KeyCheck, check_key

ANONYMOUS = KeyCheck()
_CACHE = "register.api_client"  # per request (an app context may serve several)
NEEDS_KEY = _l(
    "This operation needs an organisation's API key: send it as Authorization: Bearer <key>."
)
NOT_BEARER = _l("Send the API key as Authorization: Bearer <key>.")
TITLE = _l("The API key is missing or not accepted")


def api_client() -> KeyCheck:
    """Who is asking: the organisation of a valid key, a refusal, or anonymous (cached for
    the request)."""
    cached = request.environ.get(_CACHE)
    if cached is not None:
        return cached
    header = request.headers.get("Authorization")
    if header is None:
        found = ANONYMOUS
    else:
        scheme, _, key = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            found = KeyCheck(refusal=NOT_BEARER if scheme.lower() != "bearer" else INVALID)
        else:
            found = check_key(key)
    request.environ[_CACHE] = found
    return found


def rate_key() -> str:
    """The rate limiter's key: the organisation of a valid key, else the client address."""
    client = api_client()
    if client.organisation_id is not None:
        return f"organisation:{client.organisation_id}"
    return get_remote_address()


def api_limit() -> str:
    config = current_app.config
    if api_client().organisation_id is not None:
        return config["API_KEY_RATE_LIMIT"]
    return config["API_RATE_LIMIT"]


def bulk_limit() -> str:
    config = current_app.config
    if api_client().organisation_id is not None:
        return config["API_KEY_BULK_RATE_LIMIT"]
    return config["BULK_RATE_LIMIT"]


def unauthorised(message, error: str | None = "invalid_token"):
    """401 with the message and the ``WWW-Authenticate`` challenge."""
    response = error_response(401, message, title=TITLE)
    challenge = 'Bearer realm="register"'
    if error:
        challenge += f', error="{error}"'
    response.headers["WWW-Authenticate"] = challenge
    response.headers["Cache-Control"] = "no-store"
    return response


def refuse_bad_keys():
    """Before every API view: a presented key that is not valid ends the request (401)."""
    client = api_client()
    if client.refusal is not None:
        return unauthorised(client.refusal)
    return None


def require_key() -> int | None:
    """The organisation id of the request's key, or None (the view then answers 401)."""
    return api_client().organisation_id

"""Finding the organisation behind an API key (``Authorization: Bearer <key>``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register.domain import organisations as rules
from register.extensions import db
from register.models.base import utcnow
from register.models.organisations import ApiKey, Organisation

#: last use is written at most this often per key (a write per request would be too many)
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)

INVALID = _l("This API key is not valid. Check the key, or leave the header out.")
REVOKED = _l("This API key has been revoked. Make a new key on the organisation's page.")
BLOCKED = _l(
    "The register has blocked this organisation: its API keys do not work. Contact the register."
)


@dataclass(frozen=True)
class KeyCheck:
    """The result of checking a key: the organisation and key, or why it is refused."""

    organisation_id: int | None = None
    organisation_name: str | None = None
    key_id: int | None = None
    refusal: object = None  # a translatable message, when refused


def check_key(key: str) -> KeyCheck:
    """Check a presented key and note its last use (at most once a minute; written with
    the request's transaction)."""
    prefix = rules.key_prefix(key.strip())
    if prefix is None:
        return KeyCheck(refusal=INVALID)
    found = db.session.execute(
        select(ApiKey, Organisation)
        .join(Organisation, Organisation.id == ApiKey.organisation_id)
        .where(ApiKey.prefix == prefix)
    ).one_or_none()
    if found is None or not rules.key_matches(key.strip(), found.ApiKey.secret_hash):
        return KeyCheck(refusal=INVALID)
    api_key, organisation = found.ApiKey, found.Organisation
    if api_key.revoked_at is not None:
        return KeyCheck(refusal=REVOKED)
    if organisation.blocked_at is not None:
        return KeyCheck(refusal=BLOCKED)
    now = utcnow()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USE_RESOLUTION:
        api_key.last_used_at = now
    return KeyCheck(organisation.id, organisation.name, api_key.id)

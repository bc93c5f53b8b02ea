"""The registrant's credential: their registration as a W3C Verifiable Credential (Data Model
2.0) shaped as an Open Badges 3.0 ``OpenBadgeCredential``, whose achievement is the tier,
with a ``BitstringStatusListEntry`` on each of the register's two status lists."""

from __future__ import annotations

import datetime as dt
import uuid

from register import audit
from register.credentials.keys import key_ring
from register.credentials.signing import sign
from register.credentials.status_lists import issuer_id, list_url, positions_for
from register.domain.credentials import StatusPurpose
from register.links import absolute_url
from register.models.base import utcnow
from register.models.registrations import Registration
from register.policy import current_policies

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ISSUER_NAME = "Register ervaringsdeskundigen"


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def valid_until(registration: Registration) -> dt.datetime:
    """The end of the registration's last valid day (the credential expires with it)."""
    day_after = registration.valid_until + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time(), tzinfo=dt.UTC)


def achievement_id(tier: int) -> str:
    return absolute_url("credentials.achievement", tier=tier)


def build(registration: Registration, now: dt.datetime | None = None) -> dict:
    """The unsigned credential of ``registration`` (positions assigned on first use)."""
    now = now or utcnow()
    policies = current_policies()
    tier = policies.tiers.get(registration.tier)
    entries = positions_for(registration)
    status = []
    for purpose in (StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION):
        url = list_url(purpose)
        position = entries[purpose].position
        status.append(
            {
                "id": f"{url}#{position}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose.value,
                "statusListIndex": str(position),
                "statusListCredential": url,
            }
        )
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "name": f"{ISSUER_NAME}: {tier.name.get('nl')}",
        "validFrom": _stamp(now),
        "validUntil": _stamp(valid_until(registration)),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "identifier",
                    "hashed": False,
                    "identityHash": registration.number,
                },
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": registration.full_name,
                },
            ],
            "achievement": {
                "id": achievement_id(registration.tier),
                "type": ["Achievement"],
                "achievementType": "License",
                "name": tier.name.get("nl"),
                "description": tier.core_task_focus.get("nl"),
                "criteria": {"id": absolute_url("lookup.registration", number=registration.number)},
            },
        },
        "credentialStatus": status,
    }


def issue(registration: Registration, actor, now: dt.datetime | None = None) -> str:
    """A freshly signed credential of ``registration`` for ``actor`` (audited)."""
    credential = build(registration, now)
    token = sign(credential)
    audit.record(
        actor,
        "credential.issued",
        registration,
        credential_id=credential["id"],
        kid=key_ring().current.get("kid"),
    )
    return token

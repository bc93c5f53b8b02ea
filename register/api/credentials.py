"""``POST /api/v1/credentials/verify``: what a presented credential proves today."""

from __future__ import annotations

from flask import current_app

from register.api import bp, schemas
from register.api.operations import operation
from register.api.schemas import N_
from register.credentials.verify import verify_credential
from register.domain.credentials import StatusPurpose
from register.extensions import limiter
from register.i18n import current_language as _lang
from register.labels import label
from register.lookup import services
from register.lookup.public import detail_json
from register.policy import current_policies


@bp.post("/credentials/verify")
@limiter.limit(lambda: current_app.config["BULK_RATE_LIMIT"], override_defaults=False)
@operation(
    "POST",
    "/api/v1/credentials/verify",
    "verifyCredential",
    N_("Verify a credential of the register"),
    schemas.CredentialVerificationResponse,
    answer_description=N_("What the credential proves today."),
    description=N_(
        "Checks the signature against the register's keys (current and old, published at "
        "/.well-known/jwks.json), the credential's end date, and the status lists it names; "
        "the answer also gives what the public register says now. A credential that is not "
        "true is still a 200 answer: result names what is wrong (tampered, unknown_key, "
        "expired, suspended, revoked, malformed)."
    ),
    body=schemas.CredentialVerificationRequest,
)
def verify_credential_api(body: schemas.CredentialVerificationRequest):
    """Verify one credential."""
    found = verify_credential(body.credential)
    reg = found.registration
    policies, lang, today = current_policies(), _lang(), services.today()
    checked_at = services.checked_at().isoformat()
    return {
        "checked_at": checked_at,
        "result": found.result.value,
        "result_text": str(label(found.result)),
        "signature": found.signature.value,
        "expired": found.expired,
        "valid_until": found.valid_until.isoformat() if found.valid_until else None,
        "status": (
            {p.value: found.status.get(p, False) for p in StatusPurpose}
            if found.status is not None
            else None
        ),
        "number": found.number,
        "registration": (
            {"checked_at": checked_at, **detail_json(reg, policies, lang, today)} if reg else None
        ),
    }

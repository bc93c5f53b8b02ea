"""The credential pages: the public keys, the status lists, the achievements (tiers), the
public verify page, and the registrant's own credential (a page with the text to copy, and
the .jwt download)."""

from __future__ import annotations

from flask import Response, abort, current_app, jsonify, render_template, request
from flask_login import current_user

from register.access import PUBLIC, allow, gate_blueprint
from register.credentials import bp
from register.credentials.forms import VerifyCredentialForm
from register.credentials.issue import OB_CONTEXT, achievement_id, issue
from register.credentials.keys import key_ring
from register.credentials.signing import MEDIA_TYPE
from register.credentials.status_lists import issuer_id, signed_list
from register.credentials.verify import verify_credential
from register.domain.credentials import StatusPurpose
from register.errors import act
from register.extensions import limiter
from register.models.accounts import Role
from register.objects import Purpose, get_registration_or_404
from register.policy import current_policies
from register.public_http import public_form

gate_blueprint(bp, PUBLIC)
limiter.shared_limit(lambda: current_app.config["PUBLIC_RATE_LIMIT"], scope="credentials")(bp)


def _public(response: Response, seconds: int | None = None) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    age = current_app.config["PUBLIC_CACHE_SECONDS"] if seconds is None else seconds
    response.headers["Cache-Control"] = f"public, max-age={age}"
    return response


@bp.get("/.well-known/jwks.json")
def jwks():
    """The public keys that sign the register's credentials (current and old, by kid)."""
    return _public(jsonify(key_ring().public_jwks()))


@bp.get("/credentials/status/<purpose>")
def status_list(purpose: str):
    """The signed status list credential of ``purpose`` (revocation or suspension)."""
    try:
        chosen = StatusPurpose(purpose)
    except ValueError:
        abort(404)
    token, tag = signed_list(chosen)
    response = Response(token, mimetype=MEDIA_TYPE)
    response.set_etag(tag)
    # verifiers must see a change at once: they may keep it, but must ask again each time
    response = _public(response.make_conditional(request), seconds=0)
    response.headers["Cache-Control"] = "public, no-cache"
    return response


@bp.get("/credentials/achievements/tier-<int:tier>")
def achievement(tier: int):
    """The Open Badges achievement that a credential of ``tier`` names."""
    known = {t.code: t for t in current_policies().tiers.tiers}
    if tier not in known:
        abort(404)
    item = known[tier]
    return _public(
        jsonify(
            {
                "@context": ["https://www.w3.org/ns/credentials/v2", OB_CONTEXT],
                "id": achievement_id(tier),
                "type": ["Achievement"],
                "achievementType": "License",
                "name": item.name.get("nl"),
                "description": item.core_task_focus.get("nl"),
                "creator": {"id": issuer_id(), "type": ["Profile"]},
                "criteria": {"narrative": item.core_task_focus.get("nl")},
            }
        )
    )


@bp.route("/credentials/verify", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["BULK_RATE_LIMIT"], override_defaults=False, methods=["POST"]
)
@public_form
def verify():
    """Paste or upload a credential: the signature, the status lists and the register now."""
    form = VerifyCredentialForm()

    def page(refusal=None, result=None):
        return render_template("credentials/verify.html", form=form, result=result)

    if act(form, page):
        return page(result=verify_credential(form.credential_text()))
    return page()


@bp.get("/my-registration/credential/<number>")
@allow(Role.APPLICANT)
def mine(number: str):
    """The registrant's credential, freshly signed, as text to copy and a file to save."""
    registration = get_registration_or_404(
        number=number, for_user=current_user, purpose=Purpose.CERTIFICATE
    )
    token = issue(registration, current_user)
    return render_template("credentials/mine.html", registration=registration, token=token)


@bp.get("/my-registration/credential/<number>/credential.jwt")
@allow(Role.APPLICANT)
def download(number: str):
    """The registrant's credential as a .jwt file (audited, like every issue)."""
    registration = get_registration_or_404(
        number=number, for_user=current_user, purpose=Purpose.CERTIFICATE
    )
    token = issue(registration, current_user)
    return Response(
        token,
        mimetype=MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="credential-{registration.number}.jwt"',
            "Cache-Control": "no-store",
        },
    )

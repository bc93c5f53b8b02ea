"""The registrant's certificate: an overview page and the PDF download."""

from __future__ import annotations

from flask import Response, render_template
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from register.access import allow, can_download_certificate
from register.certificates import bp
from register.certificates.tokens import make_token
from register.domain.lifecycle import RegistrationStatus
from register.extensions import db
from register.links import absolute_url
from register.lookup.services import today
from register.models.accounts import Role
from register.models.registrations import Registration
from register.objects import Purpose, get_registration_or_404
from register.policy import current_policies


def _own_registrations() -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.user_id == current_user.id)
            .order_by(Registration.id.desc())
        )
    )


@bp.get("/my-certificate")
@allow(Role.APPLICANT)
def index():
    """The registrant's registrations, each with its certificate when it is active."""
    return render_template(
        "certificates/index.html",
        registrations=_own_registrations(),
        can_download=lambda reg: can_download_certificate(current_user, reg),
        policies=current_policies(),
        lang=get_locale().language,
    )


@bp.get("/my-certificate/certificate.pdf", defaults={"number": None})
@bp.get("/my-certificate/<number>.pdf")
@allow(Role.APPLICANT)
def download(number: str | None):
    """The PDF certificate of the registrant's own active registration."""
    # fpdf2 (with PIL and fontTools) and segno weigh about 23 MB: loaded by the first
    # download, not by every web worker at start-up.
    from register.certificates.pdf import CertificateContent, certificate_pdf

    if number is None:
        own = _own_registrations()
        active = [r for r in own if r.status == RegistrationStatus.ACTIVE]
        number = (active or own)[0].number if own else None
    reg = get_registration_or_404(
        number=number or "", for_user=current_user, purpose=Purpose.CERTIFICATE
    )
    issued_on = today()
    token = make_token(reg.number, reg.tier, reg.valid_from, reg.valid_until, issued_on)
    url = absolute_url("lookup.registration", number=reg.number, c=token)
    tier = current_policies().tiers.get(reg.tier)
    lang = get_locale().language
    content = CertificateContent(
        name=reg.full_name,
        number=reg.number,
        tier=reg.tier,
        tier_name=tier.name.get(lang),
        direction=tier.direction.statement.get(lang) if tier.direction else None,
        valid_from=reg.valid_from,
        valid_until=reg.valid_until,
        issued_on=issued_on,
        url=url,
    )
    return Response(
        certificate_pdf(content),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{reg.number}.pdf"'},
    )

"""The parties to an application, for the referee-independence rule
(``register.domain.referees``): the applicant's own addresses, the other referees, and
everyone else who has a part in it — the assessors assigned to it, the registrars who acted
on it, and the provider of the programme it names.

Checked when the applicant names a referee, when a registrar names a replacement, when the
referee answers through the link, and every time the rules evaluate the application (a
referee who is not independent does not count).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register.domain.lifecycle import LIVE_ASSESSMENT_STATES
from register.domain.referees import Dependence, referee_dependence
from register.errors import ActionRefused
from register.extensions import db
from register.models.accounts import User
from register.models.accreditation import ProviderContact
from register.models.applications import Application, Reference, ReferenceState
from register.models.assessments import PortfolioAssessment

#: what the applicant is told when naming a referee
FOR_APPLICANT = {
    Dependence.OWN_ADDRESS: _l(
        "This is your own e-mail address. A referee must be someone else who knows your work."
    ),
    Dependence.DUPLICATE: _l(
        "You have already named a referee with this e-mail address. Each referee must be a "
        "different person."
    ),
    Dependence.OTHER_PARTY: _l(
        "This e-mail address belongs to someone who handles your application for the "
        "register. Name a referee who has no part in assessing it."
    ),
}
#: what a registrar is told when naming a replacement referee
FOR_REGISTRAR = {
    Dependence.OWN_ADDRESS: _l(
        "This is the applicant's own e-mail address. A referee must be someone else."
    ),
    Dependence.DUPLICATE: _l("Another referee of this application already has this address."),
    Dependence.OTHER_PARTY: _l(
        "This address belongs to an assessor, a registrar or the training provider of this "
        "application. A referee must be independent of them."
    ),
}
#: what the referee is told when answering through the link
FOR_REFEREE = _l(
    "We cannot accept an answer from this e-mail address: a referee must be independent of "
    "the applicant and of the people who handle the application, and this address belongs "
    "to one of them. Nothing was saved. The register will contact the applicant."
)


def own_addresses(application: Application) -> list[str]:
    """The addresses of the applicant's own account."""
    return [application.applicant.email]


def other_parties(application: Application) -> list[str]:
    """The addresses of everyone else with a part in ``application``: assessors assigned to
    it (not those who withdrew for a declared conflict), registrars who acted on it, and the
    contacts of the provider of the programme it names."""
    people: set[int] = set()
    people.update(
        db.session.scalars(
            select(PortfolioAssessment.assessor_id).where(
                PortfolioAssessment.application_id == application.id,
                PortfolioAssessment.state.in_(LIVE_ASSESSMENT_STATES),
            )
        )
        if application.id is not None
        else ()
    )
    people.update(c.by_id for c in application.history if c.by_id is not None)
    people.update(m.author_id for m in application.messages)
    if application.decided_by_id is not None:
        people.add(application.decided_by_id)
    people.discard(application.applicant_id)
    addresses = []
    if people:
        addresses += db.session.scalars(select(User.email).where(User.id.in_(people)))
    provider = application.programme.provider if application.programme else None
    if provider is not None:
        addresses += db.session.scalars(
            select(User.email)
            .join(ProviderContact, ProviderContact.user_id == User.id)
            .where(ProviderContact.provider_id == provider.id)
        )
        if provider.contact_email:
            addresses.append(provider.contact_email)
    return addresses


def _other_referees(application: Application, reference: Reference | None) -> list[str]:
    return [
        r.email
        for r in application.references
        if r is not reference and r.state is not ReferenceState.REPLACED and r.email
    ]


def dependence(
    application: Application, address: str, reference: Reference | None = None
) -> Dependence | None:
    """Why ``address`` cannot be an independent referee of ``application`` (None: it can).
    ``reference`` is the referee being checked or changed, so it is not compared with
    itself."""
    return referee_dependence(
        address,
        own_addresses=own_addresses(application),
        other_referees=_other_referees(application, reference),
        other_parties=other_parties(application),
    )


def check_referee(
    application: Application, address: str, reference: Reference | None = None, *, messages
) -> None:
    """Refuse (on the form's ``email`` field) an address that is not independent, with the
    message of ``messages`` (``FOR_APPLICANT`` or ``FOR_REGISTRAR``) for the reason."""
    found = dependence(application, address, reference)
    if found is not None:
        raise ActionRefused(messages[found], field="email")


def independence(application: Application) -> dict[int, Dependence | None]:
    """For each referee of ``application`` (by id), why it is not independent, or None. Of
    two referees with one address, the one named first counts."""
    own = own_addresses(application)
    others = other_parties(application)
    found, earlier = {}, []
    for ref in application.references:
        found[ref.id] = referee_dependence(
            ref.email, own_addresses=own, other_referees=earlier, other_parties=others
        )
        if ref.state is not ReferenceState.REPLACED:
            earlier.append(ref.email)
    return found

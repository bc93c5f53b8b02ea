"""The accreditation's grave action (four eyes): withdrawing an accreditation. One
registrar proposes, with the reason the provider will receive; the withdrawal is carried out
by ``decision_services.withdraw_accreditation`` only when a second registrar confirms it."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from register.accreditation import decision_services
from register.four_eyes.registry import GraveAction, grave_action
from register.labels import label
from register.models.programmes import Accreditation, AccreditationStatus

WITHDRAW = "accreditation.withdraw"


def _about(accreditation: Accreditation) -> str:
    programme = accreditation.programme
    provider = programme.provider.name if programme.provider else "—"
    return str(
        _l(
            "Accreditation of %(programme)s (%(provider)s)",
            programme=programme.name,
            provider=provider,
        )
    )


def _consequences(accreditation: Accreditation, payload: dict) -> list:
    return [
        _l(
            "The accreditation of %(programme)s is withdrawn from today: the public "
            "programme page will show “%(status)s”.",
            programme=accreditation.programme.name,
            status=label(AccreditationStatus.WITHDRAWN),
        ),
        _l(
            "Diplomas of this programme obtained after today give no entry to the register; "
            "diplomas obtained while it was accredited stay valid."
        ),
        _l("The provider receives an e-mail about the decision with the reason given."),
    ]


def _execute(accreditation: Accreditation, payload: dict, *, proposer, confirmer, reason):
    return decision_services.withdraw_accreditation(
        accreditation, proposer, reason, confirmed_by=confirmer
    )


grave_action(
    GraveAction(
        kind=WITHDRAW,
        model=Accreditation,
        title=_l("Withdraw an accreditation"),
        consequences=_consequences,
        execute=_execute,
        validate=lambda accreditation, payload: decision_services.check_withdrawal(accreditation),
        about=_about,
        link=lambda accreditation: url_for(
            "accreditation_review.accreditation", accreditation_id=accreditation.id
        ),
    )
)

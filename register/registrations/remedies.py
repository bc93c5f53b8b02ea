"""What an upheld objection against a suspension or a strike-off does: the decision is
revoked and the registration is active again (declared once, for ``register.objections``).
When the registration has moved on meanwhile (the suspension ended, the validity lapsed),
revoking changes nothing more."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l

from register.domain.decisions import DecisionKind, DecisionOutcome
from register.domain.lifecycle import RegistrationStatus
from register.models.registrations import Registration
from register.objections.registry import Remedy, remedy
from register.registrations.measures import revoke_measures
from register.registrations.services import reinstate_registration


def _reinstater(status: RegistrationStatus):
    def reinstate(
        registration: Registration, new_decision, *, actor, today: dt.date, grounds: str
    ) -> None:
        if registration.status is status:
            reinstate_registration(registration, actor, note=grounds, upheld_objection=new_decision)
        elif new_decision.replaces_id is not None:
            revoke_measures(new_decision.replaces_id, today)  # it ended; no longer shown

    return reinstate


SUSPENSION = remedy(
    Remedy(
        kind=DecisionKind.SUSPENSION,
        new_outcome=DecisionOutcome.REVOKED,
        consequence=_l(
            "The suspension is revoked: a registration that is still suspended becomes active "
            "again at once, and the registrant is told."
        ),
        carry_out=_reinstater(RegistrationStatus.SUSPENDED),
    )
)

STRIKE_OFF = remedy(
    Remedy(
        kind=DecisionKind.STRIKE_OFF,
        new_outcome=DecisionOutcome.REVOKED,
        consequence=_l(
            "The strike-off is revoked: the registration becomes active again at once under "
            "its number, and the registrant is told."
        ),
        carry_out=_reinstater(RegistrationStatus.STRUCK_OFF),
    )
)

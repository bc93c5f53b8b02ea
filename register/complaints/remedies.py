"""What an upheld objection against a measure decided on a complaint (a warning,
conditions) does: the decision is revoked and its measure is no longer shown to the public
(declared once, for ``register.objections``). A decision of no measure is in the
registrant's favour (``policies/objections.yaml``)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l

from register.domain.decisions import DecisionKind, DecisionOutcome
from register.objections.registry import Remedy, remedy
from register.registrations.measures import revoke_measures


def _revoke(registration, new_decision, *, actor, today: dt.date, grounds: str) -> None:
    if new_decision.replaces_id is not None:
        revoke_measures(new_decision.replaces_id, today)


MEASURE = remedy(
    Remedy(
        kind=DecisionKind.MEASURE,
        new_outcome=DecisionOutcome.REVOKED,
        outcomes=("warning", "conditions"),
        consequence=_l(
            "The measure is revoked: the public register no longer shows it, and the "
            "registrant is told."
        ),
        carry_out=_revoke,
    )
)

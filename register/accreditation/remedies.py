"""What an upheld objection against an accreditation decision does (declared once, for
``register.objections``). The portal cannot carry out a new accreditation by itself (its
period, status and conditions are the registrar's to set), so the decision is revoked and
the objection page tells the registrar what to enter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.domain.decisions import DecisionKind, DecisionOutcome
from register.objections.registry import Remedy, remedy

ACCREDITATION = remedy(
    Remedy(
        kind=DecisionKind.ACCREDITATION,
        new_outcome=DecisionOutcome.REVOKED,
        consequence=_l(
            "The accreditation decision is revoked. The registrar then enters the "
            "accreditation that replaces it on the programme's page."
        ),
        next_steps=_l(
            "Enter the accreditation that replaces the revoked decision on the programme's "
            "page (Programmes, the programme, add an accreditation period), with its period "
            "and status, and tell the provider what changed."
        ),
    )
)

WITHDRAWAL = remedy(
    Remedy(
        kind=DecisionKind.ACCREDITATION_WITHDRAWAL,
        new_outcome=DecisionOutcome.REVOKED,
        consequence=_l(
            "The withdrawal is revoked. The registrar then enters the accreditation period "
            "again on the programme's page."
        ),
        next_steps=_l(
            "Enter the accreditation period again on the programme's page (Programmes, the "
            "programme, add an accreditation period) so the programme is listed as accredited, "
            "and tell the provider."
        ),
    )
)

"""Labels for the registrar's page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.domain.eligibility import Proposal

PROPOSAL_LABELS = {
    Proposal.APPROVE: _l("Approve: every rule is met"),
    Proposal.REFUSE: _l("Refuse: at least one rule is not met"),
    Proposal.INCOMPLETE: _l("Incomplete: the applicant still has to provide something"),
    Proposal.AWAIT: _l("Wait: referees or assessors have not answered yet"),
}

MESSAGE_LABELS = {
    "info_request": _l("Question from the register"),
    "answer": _l("Answer from the applicant"),
    "decision": _l("Decision"),
}


def proposal_label(proposal: Proposal) -> str:
    """What the rules propose, in words."""
    return str(PROPOSAL_LABELS[proposal])


def review_label(kind: str, value) -> str:
    """The translated name of an application state, route, evidence kind, referee relation
    or reference state (the applicant journey's tables, so both sides use the same words)."""
    from register.applications import labels

    tables = {
        "state": labels.STATE_LABELS,
        "route": labels.ROUTE_LABELS,
        "evidence": labels.EVIDENCE_LABELS,
        "relation": labels.RELATION_LABELS,
        "reference_state": labels.REFERENCE_STATE_LABELS,
    }
    if value is None:
        return "—"
    return labels.label(tables[kind], value)

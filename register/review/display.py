"""Turning the rules' evaluation into rows and labels for the registrar's page."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from register.domain.eligibility import Evaluation, Proposal
from register.rule_texts import OUTCOME_LABELS, rule_detail, rule_label

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


@dataclass(frozen=True)
class TraceRow:
    """One rule of the trace as shown: label, outcome (code and words) and detail."""

    label: str
    outcome: str
    outcome_label: str
    detail: str


def trace_rows(evaluation: Evaluation) -> list[TraceRow]:
    """The trace in the interface language, in the order the rules were checked."""
    return [
        TraceRow(rule_label(r), r.outcome.value, str(OUTCOME_LABELS[r.outcome]), rule_detail(r))
        for r in evaluation.trace
    ]


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

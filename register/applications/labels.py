"""Translated names for the applicant journey: states, routes, steps, relations and
evidence kinds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "in_review": _l("In review"),
    "info_requested": _l("More information requested"),
    "approved": _l("Approved"),
    "refused": _l("Refused"),
    "withdrawn": _l("Withdrawn"),
}

ROUTE_LABELS = {"diploma": _l("Diploma route"), "transitional": _l("Transitional route")}

STEP_LABELS = {
    "tier": _l("Tier"),
    "route": _l("Route"),
    "personal": _l("Personal details"),
    "diploma": _l("Diploma"),
    "experience": _l("Work experience"),
    "intervision": _l("Intervision"),
    "references": _l("References"),
    "portfolio": _l("Portfolio"),
    "review": _l("Check and send"),
}

RELATION_LABELS = {
    "supervisor": _l("Supervisor"),
    "employer": _l("Employer or client"),
    "colleague": _l("Colleague"),
    "other": _l("Other"),
}

REFERENCE_STATE_LABELS = {
    "pending": _l("Waiting for an answer"),
    "confirmed": _l("Confirmed"),
    "declined": _l("Declined"),
    "replaced": _l("Replaced"),
}

EVIDENCE_LABELS = {
    "diploma": _l("Diploma"),
    "portfolio": _l("Portfolio"),
    "intervision": _l("Proof of intervision"),
    "work_experience": _l("Work experience"),
    "answer": _l("Attachment to an answer"),
    "other": _l("Other"),
}

MESSAGE_LABELS = {
    "info_request": _l("Question from the register"),
    "answer": _l("Your answer"),
    "decision": _l("Decision"),
}


def label(mapping: dict, key) -> str:
    """The translated label for ``key`` (an enum or its value) in ``mapping``."""
    value = getattr(key, "value", key)
    return str(mapping.get(value, value or "—"))

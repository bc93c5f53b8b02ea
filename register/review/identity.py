"""The registrar confirms the applicant's identity before a first registration is approved
(issue 12): how the applicant was seen, which kind of document, when and by whom, and that
the name and date of birth matched. Never a copy or number of the document, nor a citizen
service number: there is no field for them (``register.models.identity_checks``).

An application for another tier changes a registration whose holder was confirmed when first
registered, so it asks for no new check (``identity_required``).
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register import audit
from register.domain.identity import (
    IdentityCheckFacts,
    IdentityProblem,
    check_identity_record,
    identity_rule,
)
from register.domain.lifecycle import FINAL_APPLICATION_STATES, ApplicationState
from register.domain.trace import RuleResult
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.models.applications import Application
from register.models.identity_checks import IdentityCheck
from register.policy import current_policies

#: the refusal of each problem, on the form field of the registrar's page it concerns
PROBLEM_MESSAGES = {
    IdentityProblem.UNKNOWN_METHOD: _l("Choose how you saw the applicant."),
    IdentityProblem.UNKNOWN_DOCUMENT: _l("Choose the kind of identity document you saw."),
    IdentityProblem.IN_FUTURE: _l("The date of the check cannot be in the future."),
    IdentityProblem.BEFORE_SUBMISSION: _l(
        "The date of the check cannot be before the application was sent."
    ),
    IdentityProblem.DETAILS_DIFFER: _l(
        "Record the check only when the name and date of birth on the document match the "
        "application. If they do not match, ask the applicant first (request more "
        "information): a changed name, for example, needs to be corrected in the application."
    ),
}
#: the domain's field names → the fields of the registrar's page
PAGE_FIELDS = {
    "method": "identity_method",
    "document_kind": "identity_document",
    "checked_on": "identity_checked_on",
    "details_match": "identity_details_match",
}


def identity_required(application: Application) -> bool:
    """True when approving ``application`` needs a recorded identity check: a first
    application, which creates a registration."""
    return not application.is_tier_change


def identity_check_of(application: Application) -> IdentityCheck | None:
    """The identity check recorded for ``application``, or None."""
    if application.id is None:
        return None
    return db.session.scalar(
        select(IdentityCheck).where(IdentityCheck.application_id == application.id)
    )


def identity_facts(check: IdentityCheck | None) -> IdentityCheckFacts | None:
    """The check as the rules see it."""
    if check is None:
        return None
    return IdentityCheckFacts(check.method, check.document_kind, check.checked_on)


def identity_result(application: Application) -> RuleResult | None:
    """The identity rule's result for ``application``; None when it asks for no check."""
    if not identity_required(application):
        return None
    return identity_rule(identity_facts(identity_check_of(application)))


def record_identity_check(
    application: Application,
    actor,
    *,
    method: str,
    document_kind: str,
    checked_on: dt.date,
    details_match: bool,
    note: str | None = None,
    today: dt.date,
) -> IdentityCheck:
    """Record that ``actor`` confirmed the applicant's identity. Refused when the application
    is not open, asks for no check or has one already, and on each problem of the record
    (``check_identity_record``), on its field; the registrar's note is checked by the form
    (no citizen service or document number)."""
    # open, or refused: an upheld objection against the refusal approves it after all
    closed = application.state in FINAL_APPLICATION_STATES - {ApplicationState.REFUSED}
    if application.state is ApplicationState.DRAFT or closed:
        raise NotAllowedNow(
            _l("The identity can be recorded only while the application is open or refused.")
        )
    if not identity_required(application):
        raise NotAllowedNow(
            _l(
                "An application for another tier needs no new identity check: the identity was "
                "confirmed when the person was first registered."
            )
        )
    if identity_check_of(application) is not None:
        raise NotAllowedNow(_l("The identity of this applicant has already been recorded."))
    rules = current_policies().registration
    problems = check_identity_record(
        method=method,
        document_kind=document_kind,
        checked_on=checked_on,
        details_match=details_match,
        methods=rules.identity_check.methods,
        document_kinds=rules.identity_check.document_kinds,
        today=today,
        submitted_on=application.submitted_at.date() if application.submitted_at else None,
    )
    if problems:
        (field, first), *others = problems
        raise ActionRefused(
            PROBLEM_MESSAGES[first],
            field=PAGE_FIELDS[field],
            more=[PROBLEM_MESSAGES[p] for _f, p in others],
        )
    check = IdentityCheck(
        application_id=application.id,
        method=method,
        document_kind=document_kind,
        checked_on=checked_on,
        checked_by_id=actor.id,
        details_match=True,
        note=(note or "").strip() or None,
        policy_version=rules.version,
    )
    db.session.add(check)
    db.session.flush()
    audit.record(
        actor,
        "application.identity_confirmed",
        application,
        method=method,
        document_kind=document_kind,
        checked_on=checked_on.isoformat(),
    )
    return check


def refuse_approval_without_identity(application: Application) -> None:
    """An approval that creates a registration waits for the identity check (422, on the
    identity block of the registrar's page)."""
    if identity_required(application) and identity_check_of(application) is None:
        raise ActionRefused(
            _l(
                "Confirm the applicant's identity before you approve: see the applicant in "
                "person or by video call with an identity document, and record the check."
            ),
            field="identity_method",
        )


def identity_details(application: Application) -> dict:
    """What a stored decision keeps of the identity check (the ``details``): method,
    document kind, day and the registrar's id; empty when none was asked."""
    check = identity_check_of(application) if identity_required(application) else None
    if check is None:
        return {}
    return {
        "identity_check": {
            "method": check.method,
            "document_kind": check.document_kind,
            "checked_on": check.checked_on.isoformat(),
            "checked_by_id": check.checked_by_id,
        }
    }

"""The retention of complaint cases (policy ``retention.yaml``, kind ``complaints``): a
period after a case was closed, the daily job erases what identifies the complainant and
what the case holds in words and files — the complainant's details, the account of what
happened, the intake reason, the registrars' notes, the requests to the registrant with
their answers, and the files. The case number, its state and outcome, its decision and the
measures stay, because a decision and a measure must remain open to checking. Never while
an objection to the case's decision is being decided. Idempotent: an erased case is not
looked at again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from register import audit
from register.domain.measures import CaseState
from register.domain.retention import complaint_erasure_due
from register.extensions import db
from register.models.complaints import CaseFile, CaseNote, CaseRequest, ComplaintCase
from register.models.files import StoredFile
from register.objections.notices import objection_pending
from register.policy import current_policies
from register.policy.retention import DataKind
from register.uploads import discard_stored


def erase_closed_complaints(day: dt.date) -> int:
    """The daily job: erase the closed cases whose period ended by ``day``; returns how many."""
    policy = current_policies().retention
    period = policy.kinds[DataKind.COMPLAINTS]
    if not period.deleted_by_job:
        return 0
    cases = db.session.scalars(
        select(ComplaintCase)
        .where(
            ComplaintCase.state == CaseState.CLOSED,
            ComplaintCase.erased_on.is_(None),
            ComplaintCase.closed_at.is_not(None),
        )
        .order_by(ComplaintCase.id)
    ).all()
    count = 0
    for case in cases:
        due = complaint_erasure_due(
            case.closed_at.date(),
            period.months,
            day,
            objection_pending=objection_pending(case.decision_id),
        )
        if due:
            items = erase_case(case)
            case.erased_on, case.erasure_policy_version = day, policy.version
            audit.record(
                None,
                "retention.complaint_erased",
                case,
                items=items,
                policy_version=policy.version,
            )
            count += 1
    db.session.flush()
    return count


def erase_case(case: ComplaintCase) -> int:
    """Erase the case's personal data and texts (not its number, outcome, decision or
    measures); returns how many notes, requests and files went."""
    files = db.session.scalars(
        select(StoredFile)
        .join(CaseFile, CaseFile.file_id == StoredFile.id)
        .where(CaseFile.case_id == case.id)
    ).all()
    gone = sum(
        db.session.execute(delete(model).where(model.case_id == case.id)).rowcount
        for model in (CaseFile, CaseNote, CaseRequest)
    )
    discard_stored(files)
    case.complainant_name = ""
    case.complainant_email = ""
    case.complainant_phone = None
    case.registration_text = ""
    case.account = ""
    case.happened_on = None
    case.intake_reason = None
    db.session.expire(case, ["files", "notes", "requests"])
    return gone

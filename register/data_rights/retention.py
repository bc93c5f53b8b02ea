"""The daily retention job: evidence of lived experience with the portfolio, and
references, are deleted a policy period after the application's final decision (counted
from the end of the objection period when that is later; never while an objection is
pending). Each deletion is recorded (``EvidenceDeletion``), audited and told to the person.
The registration, the decisions and their traces are kept. Idempotent: what was deleted is
not looked at again."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from register import audit
from register.domain.lifecycle import FINAL_APPLICATION_STATES
from register.domain.retention import DecisionFacts, deletion_due, period_start
from register.extensions import db
from register.mail import queue_email
from register.models.applications import (
    Application,
    Evidence,
    GrowthReflection,
    PortfolioEntry,
    Reference,
)
from register.models.decisions import Decision
from register.models.files import StoredFile
from register.models.objections import DecisionNotice
from register.models.retention import EvidenceDeletion
from register.objections.notices import objection_pending
from register.policy import current_policies
from register.policy.retention import DataKind
from register.uploads import discard_stored

#: the kinds the job deletes, per application
DELETED_KINDS = (DataKind.LIVED_EXPERIENCE_EVIDENCE, DataKind.REFERENCES)


def final_decision(application: Application) -> Decision | None:
    """The application's last stored decision (after an upheld objection, the new one)."""
    return db.session.scalars(
        select(Decision)
        .where(Decision.subject_type == "Application", Decision.subject_id == application.id)
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
        .limit(1)
    ).first()


def decision_facts(decision: Decision) -> DecisionFacts:
    notice = db.session.scalars(
        select(DecisionNotice).where(DecisionNotice.decision_id == decision.id)
    ).first()
    return DecisionFacts(
        # the day the decision was sent (as the objection period counts it), else taken
        decided_on=notice.sent_on if notice else decision.decided_at.date(),
        objection_until=notice.objection_until if notice else None,
        objection_pending=objection_pending(decision.id),
    )


def deletions_of(application_id: int) -> list[EvidenceDeletion]:
    """What the job deleted of an application (shown with its decision)."""
    return list(
        db.session.scalars(
            select(EvidenceDeletion)
            .where(EvidenceDeletion.application_id == application_id)
            .order_by(EvidenceDeletion.id)
        )
    )


def delete_expired_evidence(day: dt.date) -> int:
    """The daily job: delete what is due on ``day``; returns how many kinds of data of how
    many applications were deleted (one count per application and kind)."""
    policy = current_policies().retention
    done = {
        (row.application_id, row.kind)
        for row in db.session.execute(
            select(EvidenceDeletion.application_id, EvidenceDeletion.kind)
        )
    }
    count = 0
    applications = db.session.scalars(
        select(Application)
        .where(Application.state.in_(FINAL_APPLICATION_STATES))
        .order_by(Application.id)
    ).all()
    for application in applications:
        due = [
            kind
            for kind in DELETED_KINDS
            if (application.id, kind.value) not in done and policy.kinds[kind].deleted_by_job
        ]
        if not due:
            continue
        decision = final_decision(application)
        if decision is None:
            continue
        facts = decision_facts(decision)
        deleted = []
        for kind in due:
            if deletion_due(facts, policy.kinds[kind].months, day):
                items = _DELETERS[kind](application)
                db.session.add(
                    EvidenceDeletion(
                        application_id=application.id,
                        kind=kind.value,
                        deleted_on=day,
                        policy_version=policy.version,
                        period_started_on=period_start(facts),
                        items=items,
                    )
                )
                audit.record(
                    None,
                    "retention.deleted",
                    application,
                    kind=kind.value,
                    items=items,
                    decision_id=decision.id,
                    policy_version=policy.version,
                )
                if items:
                    deleted.append(kind)
                count += 1
        if deleted:
            db.session.flush()
            _tell(application, deleted, day)
    return count


def _delete_evidence(application: Application) -> int:
    """The evidence items and their files, the growth reflections and the portfolio texts."""
    evidence = list(
        db.session.scalars(select(Evidence).where(Evidence.application_id == application.id))
    )
    files = [item.file_id for item in evidence]
    stored = list(db.session.scalars(select(StoredFile).where(StoredFile.id.in_(files))))
    db.session.execute(delete(Evidence).where(Evidence.application_id == application.id))
    reflections = db.session.execute(
        delete(GrowthReflection).where(GrowthReflection.application_id == application.id)
    ).rowcount
    entries = db.session.execute(
        delete(PortfolioEntry).where(PortfolioEntry.application_id == application.id)
    ).rowcount
    discard_stored(stored)
    application.portfolio_summary = None
    application.intervision_description = None
    db.session.expire(application, ["evidence", "growth_reflections", "portfolio_entries"])
    return len(evidence) + reflections + entries


def _delete_references(application: Application) -> int:
    rows = db.session.execute(
        delete(Reference).where(Reference.application_id == application.id)
    ).rowcount
    db.session.expire(application, ["references"])
    return rows


_DELETERS = {
    DataKind.LIVED_EXPERIENCE_EVIDENCE: _delete_evidence,
    DataKind.REFERENCES: _delete_references,
}


def _tell(application: Application, kinds: list[DataKind], day: dt.date) -> None:
    person = application.applicant
    if person is None or not person.email:
        return
    queue_email(
        person.email,
        _l("Your evidence has been deleted"),
        "evidence_deleted",
        locale=person.locale or None,
        person=person,
        application=application,
        kinds=kinds,
        day=day,
    )

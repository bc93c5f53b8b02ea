"""The retention job: evidence (with its files) and references are deleted a policy period
after the final decision and the objection period, audited, told to the person, counted and
idempotent; the stored decision stays and says what was deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from register.data_rights import export
from register.data_rights.retention import delete_expired_evidence
from register.models.applications import Evidence, PortfolioEntry, Reference, ReferenceRelation
from register.models.audit import AuditEvent
from register.models.decisions import Decision
from register.models.files import StoredFile
from register.models.retention import EvidenceDeletion
from register.uploads import upload_dir
from tests.objection_support import UNTIL, objected, refused_application

DUE = dt.date(2026, 7, 12)  # six months (policies/retention.yaml) after the objection period


def _count(db, model, **where):
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.scalar(query)


def _with_reference(db, application):
    db.session.add(
        Reference(
            application_id=application.id,
            name="Karin de Vries",
            email="karin@example.nl",
            organisation="GGZ Test",
            relation=ReferenceRelation.SUPERVISOR,
        )
    )
    db.session.commit()


def test_evidence_and_references_are_deleted_when_due(db, make_user, outbox, app):
    application, decision, applicant, registrar = refused_application(make_user)
    _with_reference(db, application)
    db.session.add(
        PortfolioEntry(application_id=application.id, item_id="C1", reflection="Mijn verhaal")
    )
    db.session.commit()
    evidence = db.session.scalars(
        select(Evidence).where(Evidence.application_id == application.id)
    ).all()
    assert evidence
    stored = [e.file for e in evidence]
    path = upload_dir() / stored[0].storage_name
    path.write_bytes(b"%PDF-1.4 test")
    file_ids = [f.id for f in stored]

    assert delete_expired_evidence(DUE - dt.timedelta(days=1)) == 0
    assert _count(db, Evidence, application_id=application.id) == len(evidence)

    assert delete_expired_evidence(DUE) == 2
    db.session.commit()
    assert _count(db, Evidence, application_id=application.id) == 0
    assert _count(db, Reference, application_id=application.id) == 0
    assert _count(db, PortfolioEntry, application_id=application.id) == 0
    assert db.session.scalar(select(func.count()).where(StoredFile.id.in_(file_ids))) == 0
    assert not path.exists()
    rows = db.session.scalars(select(EvidenceDeletion)).all()
    assert {r.kind for r in rows} == {"lived_experience_evidence", "references"}
    assert all(r.period_started_on == UNTIL and r.deleted_on == DUE for r in rows)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "retention.deleted")
    ).all()
    assert len(events) == 2 and all(e.subject_id == application.id for e in events)
    mail = outbox[-1]
    assert mail["to"] == applicant.email
    assert "Karin" not in mail["body"]
    # the decision is kept
    assert db.session.get(Decision, decision.id).trace
    # idempotent
    assert delete_expired_evidence(DUE + dt.timedelta(days=1)) == 0
    # the export shows what was deleted
    data = export.collect(applicant.id)
    assert len(data["evidence_deletion"]) == 2 and not data.get("evidence")


def test_nothing_is_deleted_while_an_objection_is_pending(db, make_user):
    objection, application, applicant, registrar = objected(make_user)
    assert delete_expired_evidence(dt.date(2030, 1, 1)) == 0
    assert _count(db, Evidence, application_id=application.id)


def test_the_cli_job_prints_the_count(db, make_user, runner):
    refused_application(make_user)
    result = runner.invoke(args=["expire", "--today", DUE.isoformat()])
    assert result.exit_code == 0, result.output
    # one per application and kind: the evidence, and the (here empty) references
    assert "evidence deleted under the retention policy: 2" in result.output
    result = runner.invoke(args=["expire", "--today", DUE.isoformat()])
    assert "evidence deleted under the retention policy: 0" in result.output

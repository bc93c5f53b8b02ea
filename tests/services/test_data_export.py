"""The personal data export: the foreign-key walk covers every table that refers to a
person (a new table cannot be forgotten), holds the person's rows and no one else's, leaves
out what the rules say, and is audited."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, select

from register.data_rights import export, services
from register.data_rights.rules import EXPORT_RULES, Excluded, Included
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.base import Base
from register.uploads import upload_dir
from tests.change_support import register_person
from tests.objection_support import objected
from tests.second_factor_support import enrol


def test_every_table_that_refers_to_a_person_is_classified():
    assert export.unclassified() == []
    reached = export.reached_tables()
    # every table with a foreign key to user is reached, directly or through a parent
    for table in Base.metadata.sorted_tables:
        if any(fk.column.table.name == "user" for fk in table.foreign_keys):
            assert table.name in reached
    assert set(EXPORT_RULES) == set(reached)


def _copy_with(extra):
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    extra(metadata)
    return metadata


def test_a_new_table_with_a_foreign_key_to_user_fails_the_walk():
    metadata = _copy_with(
        lambda md: Table(
            "imagined_new_table",
            md,
            Column("id", Integer, primary_key=True),
            Column("user_id", ForeignKey("user.id")),
        )
    )
    assert "imagined_new_table: table not classified in EXPORT_RULES" in export.unclassified(
        metadata
    )


def test_a_new_table_below_an_exported_table_fails_the_walk():
    """Reached through its parent only (a registration's watchers): still caught."""
    metadata = _copy_with(
        lambda md: Table(
            "watcher",
            md,
            Column("id", Integer, primary_key=True),
            Column("registration_id", ForeignKey("registration.id")),
        )
    )
    assert "watcher: table not classified in EXPORT_RULES" in export.unclassified(metadata)


def test_a_new_foreign_key_of_a_classified_table_fails_the_walk():
    def extra(md):
        md.tables["evidence"].append_column(Column("checked_by_id", ForeignKey("user.id")))

    problems = export.unclassified(_copy_with(extra))
    assert "evidence.checked_by_id: foreign key to user not classified" in problems


def test_a_rule_naming_a_missing_column_fails_the_walk():
    rules = {**EXPORT_RULES, "evidence": Included(via=("application_id", "file_id", "gone"))}
    assert "evidence.gone: no such column" in export.unclassified(rules=rules)
    rules = {**EXPORT_RULES, "no_such_table": Excluded("test")}
    assert "no_such_table: classified but not reached by the walk" in export.unclassified(
        rules=rules
    )


def test_collect_refuses_when_the_rules_are_incomplete(db, make_user, monkeypatch):
    rules = dict(EXPORT_RULES)
    del rules["reference"]
    monkeypatch.setattr(export, "EXPORT_RULES", rules)
    with pytest.raises(export.UnclassifiedTables, match="reference"):
        export.collect(make_user().id)


def _ids(data, table):
    return {row["id"] for row in data.get(table, [])}


def test_the_registrant_gets_their_rows_through_every_parent(db, make_user):
    registrar = make_user(role=Role.REGISTRAR)
    registration = register_person(make_user, registrar)
    other = register_person(make_user, registrar, given_names="Ander")
    person = registration.user
    enrol(person)
    db.session.commit()

    data = export.collect(person.id)
    for table in (
        "user",
        "application",
        "evidence",
        "stored_file",
        "application_status_change",
        "registration",
        "registration_status_change",
        "registration_period",
        "decision",
        "second_factor",
    ):
        assert data.get(table), f"{table} missing from the export"
    assert _ids(data, "user") == {person.id}
    assert _ids(data, "registration") == {registration.id}
    assert other.id not in _ids(data, "registration")
    assert other.application_id not in _ids(data, "application")
    # left out: secrets, internal columns and the staff who decided
    assert "password_hash" not in data["user"][0]
    assert "secret" not in data["second_factor"][0]
    assert "decided_by_id" not in data["decision"][0]
    assert "storage_name" not in data["stored_file"][0]
    assert "surname_key" not in data["registration"][0]
    # kept: what was decided about the person
    assert data["decision"][0]["trace"]
    assert data["application"][0]["applicant_id"] == person.id
    # the registrar's own export holds no one's application
    assert not export.collect(registrar.id).get("application")


def test_the_objector_gets_the_objection_its_files_and_the_decision(db, make_user):
    objection, application, applicant, registrar = objected(make_user)
    data = export.collect(applicant.id)
    assert _ids(data, "objection") == {objection.id}
    assert len(data["objection_file"]) == 1
    assert objection.decision_id in {row["decision_id"] for row in data["decision_notice"]}
    assert objection.decision_id in _ids(data, "decision")
    assert {"original_decided_by_id", "decided_by_id"}.isdisjoint(data["objection"][0])
    assert data["audit_event"], "the person's own acts are in the export"


def test_the_archive_holds_json_html_and_the_files_and_is_audited(db, make_user, app):
    objection, application, applicant, registrar = objected(make_user)
    stored = objection.files[0].file
    with app.test_request_context():
        result = services.export_data(applicant, applicant)
    db.session.commit()
    with result.file:
        archive = zipfile.ZipFile(io.BytesIO(result.file.read()))
    names = archive.namelist()
    assert "data.json" in names and "data.html" in names
    document = json.loads(archive.read("data.json"))
    assert document["person"]["id"] == applicant.id
    assert document["tables"]["objection"][0]["grounds"].startswith("The school confirmed")
    html = archive.read("data.html").decode()
    assert "<script" not in html and "The school confirmed" in html
    (entry,) = [e for e in document["files"] if e["stored_file_id"] == stored.id]
    path = entry["path"]
    assert path in names and result.files == 1
    # the demo diploma was never written to disk: listed, without a path
    assert [e["path"] for e in document["files"] if e is not entry] == [None]
    assert archive.read(path) == (upload_dir() / stored.storage_name).read_bytes()
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export.personal_data")
    ).one()
    assert event.actor_id == applicant.id
    assert event.subject_type == "User" and event.subject_id == applicant.id
    assert event.detail["size"] == result.size > 0
    assert event.detail["rows"] == result.rows


def test_an_admins_export_records_the_reason(db, make_user, app):
    person = make_user()
    admin = make_user(role=Role.ADMIN)
    with app.test_request_context():
        services.export_data(person, admin, reason="Letter of 3 May").file.close()
    db.session.commit()
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export.personal_data")
    ).one()
    assert (event.actor_id, event.subject_id) == (admin.id, person.id)
    assert event.detail["reason"] == "Letter of 3 May"

"""Alembic migrations: upgrading an empty database yields exactly the models' schema, and
downgrading to base removes it again. Runs on SQLite and, in ``make test``, PostgreSQL."""

import datetime as dt
import json
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from register import create_app
from register.domain.accreditation import Outcome, criteria_below_met
from register.domain.trace import Fact, FactKind, Trace
from register.extensions import db
from tests import app_support


@pytest.fixture
def empty_app(tmp_path):
    """An app on an empty database of its own: a SQLite file, or on PostgreSQL a database made
    for this test (the shared test database already holds the schema)."""
    server = os.environ.get("TEST_DATABASE_URL", "")
    name = f"register_migrations_{app_support.worker_name()}"
    if app_support.is_postgres(server):
        url = app_support.create_postgres_database(server, name)
    else:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if app_support.is_postgres(server):
        app_support.drop_postgres_database(server, name)


def test_upgrade_matches_models_and_downgrade_empties(empty_app):
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"

    downgrade(revision="base")
    with db.engine.connect() as conn:
        remaining = set(inspect(conn).get_table_names()) - {"alembic_version"}
    assert remaining == set()


OLD_PROPOSAL = {
    "outcome": "conditional",
    "partly_met": ["C2"],
    "not_met": [],
    "trace": [
        {
            "rule": "decision.findings_complete",
            "passed": True,
            "evidence": {"criteria": 3, "missing": []},
        },
        {"rule": "decision.all_met", "passed": False, "evidence": {"met": 2, "criteria": 3}},
        {
            "rule": "decision.partly_met_within_limit",
            "passed": True,
            "evidence": {"partly_met": 1, "max": 3, "criteria_ids": ["C2"]},
        },
        {
            "rule": "decision.not_met_within_limit",
            "passed": True,
            "evidence": {"not_met": 0, "max": 0, "criteria_ids": []},
        },
    ],
}


def _proposal(request_id: int):
    value = db.session.execute(
        text("SELECT proposal FROM accreditation_request WHERE id = :id"), {"id": request_id}
    ).scalar_one()
    return json.loads(value) if isinstance(value, str) else value


NOW = dt.datetime(2026, 1, 5, 12, 0)


def _insert(sql: str, **values) -> None:
    db.session.execute(text(sql), {"now": NOW, **values})


def _request_with_proposal(proposal: dict) -> None:
    """A programme and an accreditation request carrying ``proposal`` (revision 0001)."""
    _insert(
        "INSERT INTO programme (id, name, nlqf_level, context, created_at) "
        "VALUES (1, 'Opleiding', 4, 'standalone', :now)"
    )
    db.session.execute(
        text(
            "INSERT INTO accreditation_request (id, programme_id, state, level, "
            "framework_version, created_at, updated_at, departs_from_proposal, proposal, version) "
            "VALUES (1, 1, 'draft', 4, '2024.1', :now, :now, false, :proposal, 1)"
        ),
        {"now": NOW, "proposal": json.dumps(proposal)},
    )


def test_stored_decision_proposals_move_to_the_trace_form_and_back(empty_app):
    upgrade(revision="0001")
    _request_with_proposal(OLD_PROPOSAL)
    db.session.commit()

    upgrade(revision="0002_assessment_lifecycle")
    trace = Trace.from_json(_proposal(1), Outcome)
    assert trace.proposal is Outcome.CONDITIONAL
    assert criteria_below_met(trace) == ("C2",)
    assert trace.result("decision.all_met").facts == {
        "met": Fact(FactKind.COUNT, 2),
        "criteria": Fact(FactKind.COUNT, 3),
    }
    assert trace.result("decision.findings_complete").facts["missing"] == Fact(FactKind.IDS, ())

    downgrade(revision="0001")
    assert _proposal(1) == OLD_PROPOSAL


#: (has_conflict, submitted) as revision 0001 stored them -> the state they become
ASSIGNMENTS = {
    (None, False): "assigned",
    (False, False): "scoring",
    (False, True): "submitted",
    (True, False): "conflict_declared",
}


def _assignments_at_0001() -> None:
    """Four assessors, each with a portfolio assessment and a panel seat in one state."""
    _request_with_proposal(OLD_PROPOSAL)
    _insert(
        'INSERT INTO "user" (id, email, password_hash, given_names, surname_prefix, surname, '
        "role, is_lived_experience_expert, active, created_at, security_stamp) "
        "VALUES (1, 'a@example.nl', 'x', 'A', '', 'Aanvrager', 'applicant', false, true, :now, 0)"
    )
    _insert(
        "INSERT INTO application (id, applicant_id, state, show_work_region, created_at, "
        "updated_at, departs_from_proposal, version) "
        "VALUES (1, 1, 'draft', false, :now, :now, false, 1)"
    )
    for n, (conflict, submitted) in enumerate(ASSIGNMENTS, start=2):
        _insert(
            'INSERT INTO "user" (id, email, password_hash, given_names, surname_prefix, '
            "surname, role, is_lived_experience_expert, active, created_at, security_stamp) "
            "VALUES (:n, :email, 'x', 'B', '', 'Beoordelaar', 'assessor', true, true, :now, 0)",
            n=n,
            email=f"b{n}@example.nl",
        )
        row = {
            "n": n,
            "conflict": conflict,
            "declared": NOW if conflict is not None else None,
            "note": "Buurvrouw" if conflict else None,
            "submitted": NOW if submitted else None,
        }
        _insert(
            "INSERT INTO portfolio_assessment (id, application_id, assessor_id, assigned_at, "
            "has_conflict, conflict_declared_at, conflict_note, submitted_at, policy_version) "
            "VALUES (:n, 1, :n, :now, :conflict, :declared, :note, :submitted, '2026.1')",
            **row,
        )
        _insert(
            "INSERT INTO panel_member (id, request_id, assessor_id, is_chair, assigned_at, "
            "has_conflict, conflict_note, conflict_declared_at, submitted_at) "
            "VALUES (:n, 1, :n, false, :now, :conflict, :note, :declared, :submitted)",
            **row,
        )


def _column(table: str, column: str) -> list:
    return list(db.session.execute(text(f"SELECT {column} FROM {table} ORDER BY id")).scalars())


def test_assignments_move_to_the_lifecycle_state_and_back(empty_app):
    upgrade(revision="0001")
    _assignments_at_0001()
    db.session.commit()

    upgrade(revision="0002_assessment_lifecycle")
    for table in ("portfolio_assessment", "panel_member"):
        assert _column(table, "state") == list(ASSIGNMENTS.values()), table
    # the database now holds the invariants: a submitted assignment has its date
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE panel_member SET submitted_at = NULL WHERE id = 4"))
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE portfolio_assessment SET state = 'done' WHERE id = 2"))
    db.session.rollback()

    downgrade(revision="0001")
    conflicts = [conflict for conflict, _submitted in ASSIGNMENTS]
    for table in ("portfolio_assessment", "panel_member"):
        assert [None if c is None else bool(c) for c in _column(table, "has_conflict")] == conflicts


def _registration_at_0004(n: int, user_id: int, tier: int, valid_until: str, created: str):
    _insert(
        "INSERT INTO registration (id, number, sequence, user_id, given_names, surname_prefix, "
        "surname, tier, status, status_since, valid_from, valid_until, show_work_region, "
        "policy_version, created_at, version, surname_key, given_key, prefix_key) "
        "VALUES (:n, :number, :n, :user, 'Ayşe', '', 'Çelik', :tier, 'active', :now, :start, "
        ":until, false, '2026.1', :created, 1, 'celik', 'ayse', '')",
        n=n,
        number=f"ED-000000{n}-0",
        user=user_id,
        tier=tier,
        start=dt.date.fromisoformat(created[:10]),
        until=dt.date.fromisoformat(valid_until),
        created=dt.datetime.fromisoformat(created),
    )


def _rows(sql: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(text(sql)).all()]


def test_duplicate_current_registrations_merge_into_the_first_number(empty_app):
    """Before 0008 an approved application for another tier made a second registration;
    the upgrade keeps the first number with the newer tier and lapses the newer one, so the
    one-current-registration index can be built."""
    upgrade(revision="0004_decisions_four_eyes")
    for n in (1, 2):
        _insert(
            'INSERT INTO "user" (id, email, password_hash, given_names, surname_prefix, '
            "surname, role, is_lived_experience_expert, active, created_at, security_stamp) "
            "VALUES (:n, :email, 'x', 'Ayşe', '', 'Çelik', 'applicant', true, true, :now, 0)",
            n=n,
            email=f"a{n}@example.nl",
        )
    _registration_at_0004(1, 1, 1, "2029-01-10", "2024-01-10 09:00:00")
    _registration_at_0004(2, 1, 2, "2031-03-01", "2026-03-01 09:00:00")
    _registration_at_0004(3, 2, 3, "2030-05-05", "2025-05-05 09:00:00")
    db.session.commit()

    upgrade()
    rows = _rows("SELECT id, tier, status, valid_until FROM registration ORDER BY id")
    assert [(*row[:3], str(row[3])) for row in rows] == [  # SQLite gives dates as text
        (1, 2, "active", "2031-03-01"),
        (2, 2, "lapsed", "2031-03-01"),
        (3, 3, "active", "2030-05-05"),
    ]
    assert _rows(
        "SELECT registration_id, action, from_tier, to_tier FROM registration_status_change "
        "ORDER BY id"
    ) == [(1, "change_tier", 1, 2), (2, "lapse", None, None)]
    assert _rows(
        "SELECT registration_id, kind, tier FROM registration_period ORDER BY registration_id, id"
    ) == [(1, "admission", 1), (1, "tier_change", 2), (2, "admission", 2), (3, "admission", 3)]
    # the database now refuses a second current registration for one person
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE registration SET status = 'active' WHERE id = 2"))
    db.session.rollback()

    downgrade(revision="0004_decisions_four_eyes")
    assert _rows("SELECT count(*) FROM registration_status_change") == [(1,)]


def test_existing_audit_events_get_their_chain_and_stay_append_only(empty_app):
    from register.audit import verify_chain

    upgrade(revision="0004_decisions_four_eyes")
    for n in range(1, 4):
        _insert(
            "INSERT INTO audit_event (id, occurred_at, actor_id, action, subject_type, "
            "subject_id, detail, ip_address) "
            "VALUES (:n, :now, NULL, :action, 'system', NULL, :detail, '192.0.2.7')",
            n=n,
            action=f"old.event_{n}",
            detail=json.dumps({"n": n, "name": "Çelik"}),
        )
    db.session.commit()

    upgrade(revision="0006_second_factor_audit_chain")
    report = verify_chain()
    assert report.intact and report.events == 3
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        statement = "TRUNCATE audit_event"
    else:
        statement = (
            "INSERT OR REPLACE INTO audit_event (id, occurred_at, action, subject_type, "
            "detail, prev_hash, hash) VALUES (2, '2026-01-01', 'x', 'y', '{}', 'p', 'h')"
        )
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    for statement in (
        "UPDATE audit_event SET action = 'x' WHERE id = 1",
        "DELETE FROM audit_event WHERE id = 1",
    ):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()

    downgrade(revision="0004_decisions_four_eyes")
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("DELETE FROM audit_event WHERE id = 1"))
    db.session.rollback()


def _registration(n: int, application_id: int | None) -> None:
    _insert(
        "INSERT INTO registration (id, number, sequence, user_id, application_id, given_names, "
        "surname_prefix, surname, tier, status, status_since, valid_from, valid_until, "
        "show_work_region, policy_version, created_at, version, surname_key, given_key, "
        "prefix_key) VALUES (:n, :number, :n, 1, :application, 'A', '', 'Aanvrager', 2, "
        "'active', :now, '2026-01-01', '2031-01-01', false, '2026.1', :now, 1, 'aanvrager', "
        "'a', '')",
        n=n,
        number=f"ED-000000{n}",
        application=application_id,
    )


def _before_sources_in_use() -> None:
    """At revision 0004: a diploma-route, a transitional-route and a programme-less
    diploma-route registration; an accepted code; draft and submitted scores on old lines."""
    _insert(
        'INSERT INTO "user" (id, email, password_hash, given_names, surname_prefix, surname, '
        "role, is_lived_experience_expert, active, created_at, security_stamp) "
        "VALUES (1, 'a@example.nl', 'x', 'A', '', 'Aanvrager', 'applicant', false, true, :now, 0)"
    )
    _insert(
        "INSERT INTO programme (id, name, nlqf_level, context, created_at) "
        "VALUES (1, 'Opleiding', 5, 'standalone', :now)"
    )
    for n, route, programme, accepted in (
        (1, "diploma", 1, NOW),
        (2, "transitional", None, NOW),
        (3, "diploma", None, None),
    ):
        _insert(
            "INSERT INTO application (id, applicant_id, state, route, programme_id, "
            "show_work_region, code_accepted_at, submitted_at, created_at, updated_at, "
            "departs_from_proposal, version) "
            "VALUES (:n, 1, 'submitted', :route, :programme, false, :accepted, :now, :now, "
            ":now, false, 1)",
            n=n,
            route=route,
            programme=programme,
            accepted=accepted,
        )
        _registration(10 + n, n)
    _registration(14, None)
    for n, state, submitted in ((1, "scoring", None), (2, "submitted", NOW)):
        _insert(
            'INSERT INTO "user" (id, email, password_hash, given_names, surname_prefix, '
            "surname, role, is_lived_experience_expert, active, created_at, security_stamp) "
            "VALUES (:id, :email, 'x', 'B', '', 'Beoordelaar', 'assessor', true, true, :now, 0)",
            id=n + 1,
            email=f"b{n}@example.nl",
        )
        _insert(
            "INSERT INTO portfolio_assessment (id, application_id, assessor_id, assigned_at, "
            "state, conflict_declared_at, submitted_at, policy_version) "
            "VALUES (:n, 2, :assessor, :now, :state, :now, :submitted, '2026.1')",
            n=n,
            assessor=n + 1,
            state=state,
            submitted=submitted,
        )
        for item in ("C1", "KT1"):
            _insert(
                "INSERT INTO rubric_score (assessment_id, item_id, sufficient, rationale) "
                "VALUES (:n, :item, true, 'Goed')",
                n=n,
                item=item,
            )


def test_registrations_learn_what_they_rest_on_and_accepted_codes_their_version(empty_app):
    upgrade(revision="0004_decisions_four_eyes")
    _before_sources_in_use()
    db.session.commit()

    upgrade(revision="0010_sources_in_use")
    assert _column("registration", "route") == ["diploma", "transitional", None, None]
    assert _column("registration", "qualification_level") == [5, None, None, None]
    assert _column("application", "code_version") == [
        "project-key-points",
        "project-key-points",
        None,
    ]
    scores = db.session.execute(
        text("SELECT assessment_id, item_id FROM rubric_score ORDER BY assessment_id, item_id")
    ).all()
    assert [tuple(row) for row in scores] == [(1, "C1"), (2, "C1"), (2, "KT1")]
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE registration SET qualification_level = 4 WHERE id = 12"))
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE application SET code_version = NULL WHERE id = 1"))
    db.session.rollback()

    downgrade(revision="0004_decisions_four_eyes")
    assert _column("registration", "id") == [11, 12, 13, 14]


def _registrant_at_0004() -> None:
    """A registrant with a registration and its first history row (revision 0004)."""
    _insert(
        'INSERT INTO "user" (id, email, password_hash, given_names, surname_prefix, surname, '
        "role, is_lived_experience_expert, active, created_at, security_stamp) "
        "VALUES (1, 'r@example.nl', 'x', 'R', '', 'Registrant', 'applicant', true, true, :now, 0)"
    )
    _insert(
        "INSERT INTO registration (id, number, sequence, user_id, given_names, surname_prefix, "
        "surname, tier, status, status_since, valid_from, valid_until, show_work_region, "
        "policy_version, created_at, version, surname_key, given_key, prefix_key) "
        "VALUES (1, 'ED-00000011', 1, 1, 'R', '', 'Registrant', 2, 'active', :now, "
        "'2026-01-05', '2031-01-05', false, '2026.1', :now, 1, 'registrant', 'r', '')"
    )
    _insert(
        "INSERT INTO registration_status_change (id, registration_id, action, from_status, "
        "to_status, at, policy_version) VALUES (1, 1, NULL, NULL, 'active', :now, '2026.1')"
    )


def test_registrations_get_their_admission_period_and_the_grace_status(empty_app):
    upgrade(revision="0004_decisions_four_eyes")
    _registrant_at_0004()
    db.session.commit()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE registration SET status = 'grace' WHERE id = 1"))
    db.session.rollback()

    upgrade(revision="0007_renewal_cycle")
    period = db.session.execute(
        text("SELECT registration_id, tier, valid_from, valid_until, kind FROM registration_period")
    ).one()
    assert tuple(map(str, period)) == ("1", "2", "2026-01-05", "2031-01-05", "admission")
    # the new status and actions are accepted now, and unknown ones still refused
    db.session.execute(text("UPDATE registration SET status = 'grace' WHERE id = 1"))
    _insert(
        "INSERT INTO registration_status_change (id, registration_id, action, from_status, "
        "to_status, at, policy_version) "
        "VALUES (2, 1, 'enter_grace', 'active', 'grace', :now, '2026.2')"
    )
    db.session.commit()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE registration SET status = 'dormant' WHERE id = 1"))
    db.session.rollback()

    downgrade(revision="0004_decisions_four_eyes")
    assert _column("registration", "status") == ["active"]
    assert _column("registration_status_change", "to_status") == ["active"]

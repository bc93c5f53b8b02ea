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

from register import create_app
from register.domain.accreditation import Outcome, criteria_below_met
from register.domain.trace import Fact, FactKind, Trace
from register.extensions import db


@pytest.fixture
def empty_app(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        yield app
        db.session.remove()
        db.engine.dispose()


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


def test_stored_decision_proposals_move_to_the_trace_form_and_back(empty_app):
    upgrade(revision="0001")
    now = dt.datetime(2026, 1, 5, 12, 0)
    db.session.execute(
        text(
            "INSERT INTO programme (id, name, nlqf_level, context, created_at) "
            "VALUES (1, 'Opleiding', 4, 'standalone', :now)"
        ),
        {"now": now},
    )
    db.session.execute(
        text(
            "INSERT INTO accreditation_request (id, programme_id, state, level, "
            "framework_version, created_at, updated_at, departs_from_proposal, proposal, version) "
            "VALUES (1, 1, 'draft', 4, '2024.1', :now, :now, false, :proposal, 1)"
        ),
        {"now": now, "proposal": json.dumps(OLD_PROPOSAL)},
    )
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

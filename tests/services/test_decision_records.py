"""Decisions are stored as they were made, with their evaluation and the policy versions,
and can never be changed afterwards (by the ORM or by SQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from register.decisions import decisions_for, latest_decision, record_decision
from register.domain.decisions import DecisionKind
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.decisions import DecisionIsFinal

TRACE = {"results": [{"rule": "hours", "outcome": "met", "facts": {"hours": 4000}}]}


@pytest.fixture
def people(make_user):
    return make_user(role=Role.REGISTRAR), make_user(role=Role.REGISTRAR), make_user()


def test_a_decision_is_stored_with_its_evaluation_and_policy_versions(db, people, policies):
    registrar, second, person = people
    decision = record_decision(
        DecisionKind.SUSPENSION,
        person,
        outcome="suspended",
        actor=registrar,
        person=person,
        grounds="  Grounds for the person.  ",
        trace=TRACE,
        proposal="suspend",
        details={"ends_on": dt.date(2027, 1, 1), "category": "investigation"},
        confirmed_by=second,
        effective_on=dt.date(2026, 12, 1),
    )
    db.session.commit()
    assert decision.grounds == "Grounds for the person."
    assert decision.trace == TRACE
    assert decision.policy_versions == policies.versions
    assert decision.details == {"ends_on": "2027-01-01", "category": "investigation"}
    assert (decision.decided_by_id, decision.confirmed_by_id) == (registrar.id, second.id)
    assert decisions_for(person) == [decision]
    assert latest_decision(person, DecisionKind.SUSPENSION) is decision
    assert latest_decision(person, DecisionKind.RENEWAL) is None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "decision.recorded")
    ).one()
    assert event.detail["kind"] == "suspension" and event.subject_id == decision.id


def test_a_trace_object_is_stored_in_its_json_form(db, people):
    registrar, _second, person = people

    class FakeTrace:
        def to_json(self):
            return TRACE

    decision = record_decision(
        DecisionKind.APPLICATION, person, outcome="approved", actor=registrar, trace=FakeTrace()
    )
    assert decision.trace == TRACE


def test_a_replacing_decision_stands_and_points_back(db, people):
    registrar, second, person = people
    first = record_decision(DecisionKind.APPLICATION, person, outcome="refused", actor=registrar)
    objection = record_decision(
        DecisionKind.APPLICATION, person, outcome="approved", actor=second, replaces=first
    )
    db.session.commit()
    assert latest_decision(person) is objection
    assert objection.replaces is first


def test_the_orm_refuses_to_change_or_delete_a_decision(db, people):
    registrar, _second, person = people
    decision = record_decision(DecisionKind.APPLICATION, person, outcome="refused", actor=registrar)
    db.session.commit()
    decision.outcome = "approved"
    with pytest.raises(DecisionIsFinal):
        db.session.flush()
    db.session.rollback()
    db.session.delete(decision)
    with pytest.raises(DecisionIsFinal):
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_to_change_or_delete_a_decision(db, people):
    registrar, _second, person = people
    decision = record_decision(DecisionKind.APPLICATION, person, outcome="refused", actor=registrar)
    db.session.commit()
    for statement in (
        "UPDATE decision SET outcome = 'approved' WHERE id = :id",
        "DELETE FROM decision WHERE id = :id",
    ):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement), {"id": decision.id})
        db.session.rollback()


def test_two_people_of_a_four_eyes_decision_must_differ(db, people):
    registrar, _second, person = people
    with pytest.raises(DatabaseError):
        record_decision(
            DecisionKind.STRIKE_OFF,
            person,
            outcome="struck_off",
            actor=registrar,
            confirmed_by=registrar,
        )
    db.session.rollback()

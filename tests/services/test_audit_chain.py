"""The audit log's hash chain against the database: events are chained as they are flushed,
``audit verify`` finds a changed, removed or cut-off event, and the database refuses every
statement that could rewrite the log or a decision (UPDATE, DELETE, INSERT OR REPLACE on
SQLite, upserts and TRUNCATE on PostgreSQL). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from register import audit
from register.audit import verify_chain
from register.domain.audit_chain import GENESIS, BreakKind
from register.models.audit import AuditChainHead, AuditEvent

ROW_TRIGGERS = {
    "sqlite": ["audit_event_no_update", "audit_event_no_delete"],
    "postgresql": ["audit_event_append_only ON audit_event"],
}


def _dialect(db) -> str:
    return db.session.get_bind().dialect.name


def _record(db, make_user, n=5) -> list[AuditEvent]:
    user = make_user()
    events = [audit.record(user, f"test.step_{i}", user, n=i, text="één") for i in range(n)]
    db.session.commit()
    return events


def _drop_row_triggers(db) -> None:
    """What someone with direct database access could do (undone with the test)."""
    for trigger in ROW_TRIGGERS[_dialect(db)]:
        db.session.execute(text(f"DROP TRIGGER {trigger}"))


def test_events_are_chained_in_the_order_they_were_recorded(db, make_user):
    events = _record(db, make_user)
    assert [e.id for e in events] == sorted(e.id for e in events)
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    head = db.session.get(AuditChainHead, 1)
    assert (head.last_event_id, head.last_hash) == (events[-1].id, events[-1].hash)
    report = verify_chain()
    assert report.intact and report.last_hash == events[-1].hash


def test_events_flushed_in_several_steps_of_one_transaction_stay_chained(db, make_user):
    user = make_user()
    first = audit.record(user, "test.first", user)
    db.session.flush()
    second = audit.record(user, "test.second", user)
    db.session.commit()
    assert second.prev_hash == first.hash
    assert verify_chain().intact


def test_verify_names_a_changed_event(db, make_user, runner):
    events = _record(db, make_user)
    _drop_row_triggers(db)
    db.session.execute(
        text("UPDATE audit_event SET action = 'test.rewritten' WHERE id = :id"),
        {"id": events[2].id},
    )
    db.session.commit()
    report = verify_chain()
    assert report.broken.event_id == events[2].id and report.broken.kind is BreakKind.CONTENT
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"event {events[2].id}" in result.output and "hash" in result.output


def test_verify_names_the_event_after_a_removed_one(db, make_user):
    events = _record(db, make_user)
    _drop_row_triggers(db)
    db.session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": events[1].id})
    db.session.commit()
    report = verify_chain()
    assert report.broken.event_id == events[2].id and report.broken.kind is BreakKind.LINK


def test_verify_sees_events_removed_from_the_end(db, make_user, runner):
    events = _record(db, make_user)
    _drop_row_triggers(db)
    db.session.execute(text("DELETE FROM audit_event WHERE id >= :id"), {"id": events[3].id})
    db.session.commit()
    report = verify_chain()
    assert report.broken.kind is BreakKind.HEAD
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "chain head" in result.output


def test_the_command_reports_an_intact_chain(db, make_user, runner):
    _record(db, make_user)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "audit chain intact" in result.output


def _refused(db, statement: str, **values) -> None:
    with pytest.raises(DBAPIError) as raised, db.session.begin_nested():
        db.session.execute(text(statement), values)
    message = str(raised.value.orig).lower()
    assert "append-only" in message or "final" in message, message


def test_update_and_delete_are_refused(db, make_user):
    event = _record(db, make_user, n=1)[0]
    _refused(db, "UPDATE audit_event SET action = 'x' WHERE id = :id", id=event.id)
    _refused(db, "DELETE FROM audit_event WHERE id = :id", id=event.id)


def test_insert_or_replace_is_refused_on_sqlite(db, make_user, decision):
    if _dialect(db) != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    event = _record(db, make_user, n=1)[0]
    _refused(
        db,
        "INSERT OR REPLACE INTO audit_event (id, occurred_at, action, subject_type, detail, "
        "prev_hash, hash) VALUES (:id, '2026-01-01 00:00:00', 'x', 'system', '{}', :p, :h)",
        id=event.id,
        p=GENESIS,
        h="f" * 64,
    )
    _refused(db, "REPLACE INTO decision SELECT * FROM decision WHERE id = :id", id=decision.id)
    # a REPLACE that collides on another unique column (hash) fires the delete trigger,
    # because recursive triggers are on for every connection
    _refused(
        db,
        "INSERT OR REPLACE INTO audit_event (occurred_at, action, subject_type, detail, "
        "prev_hash, hash) VALUES ('2026-01-01 00:00:00', 'x', 'system', '{}', :p, :h)",
        p=GENESIS,
        h=event.hash,
    )
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.id == event.id)) == (
        "test.step_0"
    )


def test_truncate_and_upserts_are_refused_on_postgresql(db, make_user, decision):
    if _dialect(db) != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    event = _record(db, make_user, n=1)[0]
    _refused(db, "TRUNCATE audit_event CASCADE")
    _refused(db, "TRUNCATE decision CASCADE")
    _refused(
        db,
        "INSERT INTO audit_event (id, occurred_at, action, subject_type, detail, prev_hash, "
        "hash) VALUES (:id, now(), 'x', 'system', '{}', :p, :h) "
        "ON CONFLICT (id) DO UPDATE SET action = 'x'",
        id=event.id,
        p=GENESIS,
        h="f" * 64,
    )
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.id == event.id)) == (
        "test.step_0"
    )


@pytest.fixture
def decision(db, make_user):
    from register.domain.decisions import DecisionKind
    from register.models.decisions import Decision

    person = make_user()
    row = Decision(
        kind=DecisionKind.APPLICATION,
        subject_type="Application",
        subject_id=1,
        person_id=person.id,
        outcome="approved",
        policy_versions={"tiers": "1"},
    )
    db.session.add(row)
    db.session.commit()
    return row


def test_kept_events_are_written_after_a_rollback(app_context, db, make_user):
    from register import transactions

    user = make_user()
    audit.record(user, "test.kept", user, keep_on_failure=True)
    audit.record(user, "test.not_kept", user)
    transactions._undo()  # what a failed request does
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == user.id)
    ).all()
    assert "test.kept" in actions and "test.not_kept" not in actions
    assert verify_chain().intact

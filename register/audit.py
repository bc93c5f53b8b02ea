"""Appending to the audit log, and checking its hash chain. Services call ``record`` for
every state change; views call it when staff look at an applicant's evidence.

Each event is chained to the one before it (``register.domain.audit_chain``): when the
session flushes new events, ``_chain`` first takes the chain head's lock (an UPDATE of its
one row: a row lock on PostgreSQL, the database's write lock on SQLite), then gives each
event the previous hash and its own, in the order they were recorded; after the flush the
head names the last one. Appends are so serialised until the transaction ends, and the
events' ids follow the chain.

An event that must be kept even though the request fails (a failed login, a wrong second
factor code: the request answers 422 and its transaction is rolled back) is recorded with
``keep_on_failure=True``; ``register.transactions`` writes it again after the rollback.
"""

from __future__ import annotations

import datetime as dt

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from register.domain.audit_chain import ChainReport, ChainWalker, event_hash
from register.extensions import db
from register.models.audit import AuditChainHead, AuditEvent
from register.models.base import utcnow

_KEPT = "audit_kept_on_failure"
_CHAINED = "audit_chained"
VERIFY_BATCH = 1000


def record(actor, action: str, subject=None, keep_on_failure: bool = False, **detail):
    """Append one event: ``actor`` (a User or None for the system) did ``action`` to
    ``subject`` (any model instance with an ``id``), with ``detail`` as JSON-safe values.
    With ``keep_on_failure`` the event is written even when the request's transaction is
    rolled back (attempts that fail: a wrong password, a wrong code)."""
    subject_type = type(subject).__name__ if subject is not None else "system"
    if subject is not None and getattr(subject, "id", None) is None:
        db.session.flush()
    fields = {
        "occurred_at": utcnow(),
        "actor_id": getattr(actor, "id", None),
        "action": action,
        "subject_type": subject_type,
        "subject_id": getattr(subject, "id", None),
        "detail": json_safe(detail),
        "ip_address": request.remote_addr if has_request_context() else None,
    }
    if keep_on_failure and has_app_context():
        g.setdefault(_KEPT, []).append(dict(fields))
    audit_event = AuditEvent(**fields)
    db.session.add(audit_event)
    return audit_event


def record_export(
    actor, what: str, rows: int, filters: dict | None = None, subject=None, **detail
) -> AuditEvent:
    """Record a data export (a CSV download and the like): who took which data, how many
    rows, with which filters (and whose data, for a person's export, with ``detail`` such as
    its size). Every export of register data goes through here."""
    return record(actor, f"export.{what}", subject, rows=rows, filters=filters or {}, **detail)


def json_safe(value):
    """``value`` as JSON-safe data: dicts, lists and scalars kept, anything else as text."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    return str(value)


def rewrite_kept_events() -> None:
    """After a request's transaction was rolled back: add the events recorded with
    ``keep_on_failure`` again (``register.transactions`` commits them on their own)."""
    for fields in g.pop(_KEPT, []):
        db.session.add(AuditEvent(**fields))


def forget_kept_events() -> None:
    """The request's transaction was committed: its kept events are written with it."""
    g.pop(_KEPT, None)


# --- the hash chain --------------------------------------------------------------------------


def _fields(audit_event: AuditEvent) -> dict:
    return {
        "occurred_at": audit_event.occurred_at,
        "actor_id": audit_event.actor_id,
        "action": audit_event.action,
        "subject_type": audit_event.subject_type,
        "subject_id": audit_event.subject_id,
        "detail": audit_event.detail,
        "ip_address": audit_event.ip_address,
    }


def _chain(session: Session, flush_context, instances) -> None:
    """Before a flush: link the new events to the chain, under the head's lock."""
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not new:
        return
    new.sort(key=lambda obj: inspect(obj).insert_order)
    connection = session.connection()
    head = AuditChainHead.__table__
    connection.execute(  # take the lock before reading the head
        update(head).where(head.c.id == 1).values(last_event_id=head.c.last_event_id)
    )
    previous = connection.execute(select(head.c.last_hash).where(head.c.id == 1)).scalar_one()
    for audit_event in new:
        if audit_event.occurred_at is None:
            audit_event.occurred_at = utcnow()
        if audit_event.detail is None:
            audit_event.detail = {}
        audit_event.prev_hash = previous
        audit_event.hash = previous = event_hash(_fields(audit_event), previous)
    session.info.setdefault(_CHAINED, []).extend(new)


def _move_head(session: Session, flush_context) -> None:
    """After a flush: the head names the last event appended (its id is known now)."""
    chained = session.info.pop(_CHAINED, None)
    if not chained:
        return
    last = chained[-1]
    head = AuditChainHead.__table__
    session.connection().execute(
        update(head).where(head.c.id == 1).values(last_event_id=last.id, last_hash=last.hash)
    )


def _forget_chained(session: Session, previous_transaction) -> None:
    session.info.pop(_CHAINED, None)


def install(session) -> None:
    """Install the chain's flush listeners on ``session`` (the scoped session), once."""
    if not event.contains(session, "before_flush", _chain):
        event.listen(session, "before_flush", _chain)
        event.listen(session, "after_flush", _move_head)
        event.listen(session, "after_soft_rollback", _forget_chained)


def _walk_events_after(walker: ChainWalker):
    """Feed the events after the walker's last one to it (streamed in batches); the first
    break, or None."""
    table = AuditEvent.__table__
    query = select(table).order_by(table.c.id)
    if walker.last_id is not None:
        query = query.where(table.c.id > walker.last_id)
    result = db.session.execute(query.execution_options(yield_per=VERIFY_BATCH))
    try:
        for row in result.mappings():
            broken = walker.feed(row)
            if broken is not None:
                return broken
        return None
    finally:
        result.close()


def verify_chain(max_rounds: int = 5) -> ChainReport:
    """Walk the whole chain in id order and compare the head with its end. Events appended
    while the walk runs are walked on (up to ``max_rounds`` times), so a busy log does not
    look broken."""
    walker = ChainWalker()
    broken = None
    for _round in range(max_rounds):
        broken = _walk_events_after(walker)
        if broken is not None:
            return walker.report(broken)
        head = db.session.execute(
            select(AuditChainHead.last_event_id, AuditChainHead.last_hash).where(
                AuditChainHead.id == 1
            )
        ).one_or_none()
        if head is None:
            return walker.report(walker.head_break(None, ""))
        broken = walker.head_break(head.last_event_id, head.last_hash)
        head_ahead = head.last_event_id is not None and (
            walker.last_id is None or head.last_event_id > walker.last_id
        )
        if broken is None or not head_ahead:
            break
    return walker.report(broken)


def moment(value: dt.datetime | None) -> str:
    """A timestamp as the CSV export and the command line show it (ISO 8601, UTC)."""
    return value.astimezone(dt.UTC).isoformat(timespec="seconds") if value else ""

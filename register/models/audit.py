"""The append-only audit log: every state change and every staff view of evidence, each
event chained to the one before it by a hash (``register.domain.audit_chain``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DDL, JSON, CheckConstraint, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.audit_chain import GENESIS
from register.models.accounts import User
from register.models.base import Base, final_once_written, utcnow


class AuditEvent(Base):
    """One thing that happened: who did what to which record, when, and with what detail.

    Rows are never updated or deleted; the ORM refuses it (see the listeners below) and
    triggers refuse it in the database too, including SQLite's ``INSERT OR REPLACE`` and
    PostgreSQL's ``TRUNCATE``. ``prev_hash`` and ``hash`` are filled in by
    ``register.audit`` when the event is flushed, under the chain head's lock.
    """

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    actor: Mapped[User | None] = relationship(lazy="raise")


class AuditChainHead(Base):
    """The one row that names the last event of the chain and its hash. Appending takes
    this row's lock first (an UPDATE: a row lock on PostgreSQL, the write lock on SQLite),
    so appends are serialised and the chain has no forks; it also shows when events were
    removed from the end of the log."""

    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_event_id: Mapped[int | None]
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit event."""


final_once_written(
    AuditEvent,
    AuditLogIsAppendOnly,
    "audit events cannot be changed",
    "audit events cannot be deleted",
)


# The database refuses changes too, so that no code path (raw SQL included) can rewrite
# history. The update and delete triggers are in the initial migration; refusing an insert
# over an existing id (SQLite's INSERT OR REPLACE deletes the old row without firing the
# delete trigger, unless recursive triggers are on: register.extensions turns them on as
# well) and TRUNCATE came with migration 0006.
SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
    "WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
]
POSTGRES_APPEND_ONLY = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
]
#: the chain head's one row, there from the start (its hash: ``GENESIS``, 64 zeros)
CHAIN_HEAD_ROW = (
    "INSERT INTO audit_chain_head (id, last_event_id, last_hash) "
    "VALUES (1, NULL, '0000000000000000000000000000000000000000000000000000000000000000')"
)

for _statement in SQLITE_APPEND_ONLY:
    event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_APPEND_ONLY:
    event.listen(
        AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
event.listen(AuditChainHead.__table__, "after_create", DDL(CHAIN_HEAD_ROW))

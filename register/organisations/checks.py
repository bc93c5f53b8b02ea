"""Who checked me: identified checks are recorded per registration (organisation, day,
channel); anonymous public lookups are only counted, per registration per month.

The anonymous counters are kept cheap on the public read path: a lookup adds one to a
counter in this process's memory (no query); the counts are written in one short
transaction of their own when ``LOOKUP_COUNT_BATCH`` lookups have been counted or
``LOOKUP_COUNT_SECONDS`` have passed, and by ``flask flush-lookup-counts`` (run by the
daily job too). A process that is killed loses at most that one batch of counts: the
counters are statistics for the registrant, not evidence.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from register.domain.organisations import month_of
from register.extensions import db
from register.models.base import utcnow
from register.models.organisations import (
    CheckChannel,
    LookupCount,
    Organisation,
    VerificationRecord,
)

_CHUNK = 500
_lock = threading.Lock()
_pending: Counter = Counter()
#: lookups counted and not yet written, and when the counts were last written
_state = {"total": 0, "last_flush": time.monotonic()}


def _today() -> dt.date:
    from register.lookup.services import today

    return today()


def record(organisation_id: int, registration_ids, channel: CheckChannel) -> int:
    """Record that the organisation checked these registrations today through ``channel``:
    one record per registration, organisation, day and channel. Returns how many are new."""
    ids = sorted(set(registration_ids))
    if not ids:
        return 0
    day = _today()
    new = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        seen = set(
            db.session.scalars(
                select(VerificationRecord.registration_id).where(
                    VerificationRecord.organisation_id == organisation_id,
                    VerificationRecord.checked_on == day,
                    VerificationRecord.channel == channel,
                    VerificationRecord.registration_id.in_(chunk),
                )
            )
        )
        rows = [
            VerificationRecord(
                registration_id=rid,
                organisation_id=organisation_id,
                checked_on=day,
                channel=channel,
            )
            for rid in chunk
            if rid not in seen
        ]
        db.session.add_all(rows)
        new += len(rows)
    return new


def checks_of(registration_ids) -> dict[int, list]:
    """Each registration's identified checks, newest first: (organisation name, day,
    channel)."""
    found: dict[int, list] = {}
    if not registration_ids:
        return found
    rows = db.session.execute(
        select(
            VerificationRecord.registration_id,
            Organisation.name,
            VerificationRecord.checked_on,
            VerificationRecord.channel,
        )
        .join(Organisation, Organisation.id == VerificationRecord.organisation_id)
        .where(VerificationRecord.registration_id.in_(list(registration_ids)))
        .order_by(VerificationRecord.checked_on.desc(), VerificationRecord.id.desc())
    )
    for row in rows:
        found.setdefault(row.registration_id, []).append(row)
    return found


def counts_of(registration_ids) -> dict[int, list[LookupCount]]:
    """Each registration's monthly anonymous lookup counts, newest month first."""
    flush_lookup_counts()
    found: dict[int, list[LookupCount]] = {}
    if not registration_ids:
        return found
    for row in db.session.scalars(
        select(LookupCount)
        .where(LookupCount.registration_id.in_(list(registration_ids)))
        .order_by(LookupCount.month.desc())
    ):
        found.setdefault(row.registration_id, []).append(row)
    return found


def count_anonymous(registration_id: int) -> None:
    """Count one anonymous public lookup of a registration (in memory; see the module):
    a dictionary increment under a lock, and a comparison."""
    key = (registration_id, month_of(utcnow().date()))
    config = current_app.config
    with _lock:
        _pending[key] += 1
        _state["total"] += 1
        due = _state["total"] >= config.get("LOOKUP_COUNT_BATCH", 200) or (
            time.monotonic() - _state["last_flush"] >= config.get("LOOKUP_COUNT_SECONDS", 60)
        )
    if due:
        try:
            flush_lookup_counts()
        except SQLAlchemyError as exc:  # a count must never break the lookup it counts
            current_app.logger.warning("lookup counts not written yet: %s", type(exc).__name__)


def flush_lookup_counts() -> int:
    """Write the counted lookups to ``lookup_count`` in a transaction of their own;
    returns how many lookups were written."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _state["total"] = 0
        _state["last_flush"] = time.monotonic()
    if not batch:
        return 0
    table = LookupCount.__table__
    rows = [
        {"registration_id": registration_id, "month": month, "count": n}
        for (registration_id, month), n in sorted(batch.items())
    ]
    try:
        with db.engine.begin() as conn:
            upsert = _insert_for(conn.dialect.name)(table)
            conn.execute(
                upsert.on_conflict_do_update(
                    index_elements=[table.c.registration_id, table.c.month],
                    set_={"count": table.c["count"] + upsert.excluded["count"]},
                ),
                rows,
            )
    except SQLAlchemyError:
        with _lock:  # kept for the next flush
            _pending.update(batch)
            _state["total"] += sum(batch.values())
        raise
    return sum(batch.values())


def _insert_for(dialect: str):
    """The INSERT … ON CONFLICT DO UPDATE of the database (one statement for the batch)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def forget_pending() -> None:
    """Drop counts not yet written (tests)."""
    with _lock:
        _pending.clear()
        _state["total"] = 0

"""Reading the audit log: the filtered query, the subject types present, and the CSV export.
Read-only, except that an export records itself (``audit.record_export``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from register import audit
from register.accounts.services import find_by_email
from register.errors import ActionRefused
from register.extensions import db
from register.models.accounts import User
from register.models.audit import AuditEvent

#: more rows than this cannot be exported at once: narrow the filter
EXPORT_MAX_ROWS = 50_000
CSV_COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_email",
    "action",
    "subject_type",
    "subject_id",
    "detail",
    "ip_address",
    "hash",
)


@dataclass(frozen=True)
class AuditFilter:
    """The filters of one view of the log; None means "any"."""

    actor: str | None = None
    subject_type: str | None = None
    subject_id: int | None = None
    action: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_detail(self) -> dict:
        """The filters that are set, for the export's own audit event."""
        return {k: v for k, v in vars(self).items() if v not in (None, "")}


def subject_types() -> list[str]:
    """The kinds of subject the log holds (for the filter's choices)."""
    return list(
        db.session.scalars(
            select(AuditEvent.subject_type).distinct().order_by(AuditEvent.subject_type)
        )
    )


def _day_start(day: dt.date) -> dt.datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone).astimezone(dt.UTC)


def events_query(filters: AuditFilter) -> Select:
    """The events that match ``filters``, newest first, each with its actor loaded."""
    query = select(AuditEvent).options(joinedload(AuditEvent.actor))
    if filters.actor:
        person = find_by_email(filters.actor)
        query = query.where(AuditEvent.actor_id == (person.id if person else -1))
    if filters.subject_type:
        query = query.where(AuditEvent.subject_type == filters.subject_type)
    if filters.subject_id is not None:
        query = query.where(AuditEvent.subject_id == filters.subject_id)
    if filters.action:
        text = filters.action.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(AuditEvent.action).like(f"{text}%", escape="\\"))
    if filters.date_from:
        query = query.where(AuditEvent.occurred_at >= _day_start(filters.date_from))
    if filters.date_to:
        end = _day_start(filters.date_to + dt.timedelta(days=1))
        query = query.where(AuditEvent.occurred_at < end)
    return query.order_by(AuditEvent.id.desc())


def count(filters: AuditFilter) -> int:
    """How many events match."""
    inner = (
        events_query(filters).options().order_by(None).with_only_columns(AuditEvent.id).subquery()
    )
    return db.session.scalar(select(func.count()).select_from(inner))


def detail_text(detail: dict | None) -> str:
    """An event's detail as one line of JSON (sorted keys), for the table and the CSV."""
    return json.dumps(detail or {}, sort_keys=True, ensure_ascii=False)


def export_csv(filters: AuditFilter, actor: User) -> tuple[str, int]:
    """The filtered events as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read
    it) and their number; the export itself is audited with its filters. Refused
    (``ActionRefused``) when more than ``EXPORT_MAX_ROWS`` match."""
    total = count(filters)
    if total > EXPORT_MAX_ROWS:
        raise ActionRefused(
            _l(
                "%(n)s events match: more than can be exported at once. Choose a shorter "
                "period or another filter.",
                n=total,
            )
        )
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for event in db.session.scalars(events_query(filters)).unique():
        person = event.actor
        cells = [
            event.id,
            audit.moment(event.occurred_at),
            event.actor_id or "",
            person.email if person else "",
            event.action,
            event.subject_type,
            event.subject_id if event.subject_id is not None else "",
            detail_text(event.detail),
            event.ip_address or "",
            event.hash,
        ]
        writer.writerow([_safe_cell(str(cell)) for cell in cells])
    audit.record_export(actor, "audit_log", rows=total, filters=filters.as_detail())
    return out.getvalue(), total


def _safe_cell(value: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value

"""The export as an audited action: who exported whose data, when, how big."""

from __future__ import annotations

from register import audit
from register.data_rights import export
from register.extensions import db
from register.models.base import utcnow


def export_data(person, actor, reason: str | None = None) -> export.Export:
    """Build ``person``'s export for ``actor`` (the person, or an admin with the written
    request's ``reason``) and record it in the audit log."""
    result = export.build(person, utcnow())
    detail = {"size": result.size, "files": result.files}
    if reason is not None:
        detail["reason"] = reason
    audit.record_export(actor, "personal_data", result.rows, subject=person, **detail)
    db.session.flush()
    return result

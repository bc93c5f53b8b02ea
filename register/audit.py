"""Appending to the audit log. Services call ``record`` for every state change; views call
it when staff look at an applicant's evidence."""

from __future__ import annotations

from flask import has_request_context, request

from register.extensions import db
from register.models.audit import AuditEvent


def record(actor, action: str, subject=None, **detail) -> AuditEvent:
    """Append one event: ``actor`` (a User or None for the system) did ``action`` to
    ``subject`` (any model instance with an ``id``), with ``detail`` as JSON-safe values."""
    subject_type = type(subject).__name__ if subject is not None else "system"
    if subject is not None and getattr(subject, "id", None) is None:
        db.session.flush()
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        subject_type=subject_type,
        subject_id=getattr(subject, "id", None),
        detail=json_safe(detail),
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def json_safe(value):
    """``value`` as JSON-safe data: dicts, lists and scalars kept, anything else as text."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    return str(value)

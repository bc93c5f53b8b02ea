"""The registrar's draft of an application's page: the texts typed and not yet acted on,
per registrar and application (``ReviewDraft``). Every action of the page stores what was
typed for the other actions, so that carrying out one, or leaving the page, loses nothing;
the drafts go once the application is decided or withdrawn
(``applications.services.change_state``). Services flush and never commit."""

from __future__ import annotations

from sqlalchemy import select

from register import audit
from register.extensions import db
from register.models.applications import Application
from register.models.review_drafts import ReviewDraft


def draft_of(application: Application, registrar) -> dict[str, str]:
    """The fields ``registrar`` typed on ``application``'s page and did not act on yet."""
    draft = db.session.scalar(
        select(ReviewDraft).where(
            ReviewDraft.application_id == application.id,
            ReviewDraft.registrar_id == registrar.id,
        )
    )
    return dict(draft.fields) if draft is not None else {}


def save_draft(application: Application, registrar, fields: dict[str, str]) -> None:
    """Keep ``fields`` (field name → text as typed) as ``registrar``'s draft of the page,
    replacing the one before; no fields removes it. The audit names the fields, never the
    texts."""
    draft = db.session.scalar(
        select(ReviewDraft).where(
            ReviewDraft.application_id == application.id,
            ReviewDraft.registrar_id == registrar.id,
        )
    )
    before = dict(draft.fields) if draft is not None else {}
    if before == fields:
        return
    if not fields:
        db.session.delete(draft)
    elif draft is None:
        db.session.add(
            ReviewDraft(application_id=application.id, registrar_id=registrar.id, fields=fields)
        )
    else:
        draft.fields = dict(fields)
    db.session.flush()
    audit.record(registrar, "application.review_draft_saved", application, fields=sorted(fields))

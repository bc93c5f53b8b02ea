"""Helpers shared by the accreditation services and views: criteria of a request, state
changes with history, and the people to notify."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import select

from register import audit
from register.domain.accreditation import REQUEST_LIFECYCLE, RequestAction
from register.domain.framework import Criterion, criteria_for_level, criterion_text
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.accounts import User
from register.models.accreditation import AccreditationRequest, ProviderContact, RequestEvent
from register.models.programmes import TrainingProvider
from register.policy import current_policies


def criteria_for(request: AccreditationRequest) -> tuple[Criterion, ...]:
    """The criteria the request is assessed on: outcomes at its level plus practice learning."""
    return criteria_for_level(current_policies().framework, request.level)


def criterion_ids(request: AccreditationRequest) -> list[str]:
    return [c.id for c in criteria_for(request)]


def text_of(criterion: Criterion) -> str:
    """The criterion's text in the interface language."""
    return criterion_text(criterion, str(get_locale() or "nl"))


def transition(request: AccreditationRequest, action: RequestAction, actor) -> None:
    """Move ``request`` by ``action`` (raises IllegalTransition) and keep the history."""
    new_state = REQUEST_LIFECYCLE.next_state(request.state, action)
    request.history.append(
        RequestEvent(from_state=request.state, to_state=new_state, by_id=getattr(actor, "id", None))
    )
    request.state = new_state


def notify(
    users, subject, template: str, endpoint: str, endpoint_values: dict | None = None, **ctx
) -> None:
    """Queue the same e-mail to each of ``users`` in their own language, with ``link`` to
    ``endpoint`` (absolute, so that it works from jobs too)."""
    link = absolute_url(endpoint, **(endpoint_values or {}))
    for user in users:
        queue_email(user.email, subject, template, locale=user.locale, user=user, link=link, **ctx)


def provider_contacts(provider: TrainingProvider | None) -> list[User]:
    """The active accounts acting for ``provider``."""
    if provider is None:
        return []
    rows = db.session.scalars(
        select(ProviderContact).where(ProviderContact.provider_id == provider.id)
    )
    return [row.user for row in rows if row.user.active]


def provider_of(user) -> TrainingProvider | None:
    """The training provider a provider account acts for, if any."""
    link = db.session.scalar(
        select(ProviderContact).where(ProviderContact.user_id == getattr(user, "id", None))
    )
    return link.provider if link else None


def record(actor, action: str, subject, **detail) -> None:
    """Audit shorthand, so services read as a list of steps."""
    audit.record(actor, action, subject, **detail)

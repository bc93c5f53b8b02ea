"""References (referenties): asking a referee, re-sending, replacing, and the referee's
answer. One function per action; each audits, queues e-mail, flushes, never commits."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l

from register import audit
from register.applications import parties
from register.domain.lifecycle import FINAL_APPLICATION_STATES
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.applications import (
    REPLACEABLE_REFERENCE_STATES,
    Reference,
    ReferenceRelation,
    ReferenceState,
)
from register.models.base import utcnow
from register.references.tokens import make_reference_token


def request_reference(reference: Reference, actor) -> None:
    """E-mail the referee a signed link to the short confirmation form."""
    reference.requested_at = utcnow()
    db.session.flush()
    applicant = reference.application.applicant
    queue_email(
        reference.email,
        _l("Request to confirm work experience of %(name)s", name=applicant.full_name),
        "reference_request",
        reference=reference,
        applicant=applicant,
        link=absolute_url("references.respond", token=make_reference_token(reference)),
        max_age_days=current_app.config["REFEREE_TOKEN_MAX_AGE"] // 86400,
    )
    audit.record(
        actor,
        "reference.requested",
        reference,
        application=reference.application_id,
        generation=reference.token_generation,
    )


def _check_open(reference: Reference) -> None:
    if reference.application.state in FINAL_APPLICATION_STATES:
        raise NotAllowedNow(_l("The application has been closed."))


def resend_reference(reference: Reference, actor) -> None:
    """Send the referee a new link; earlier links stop working."""
    _check_open(reference)
    if reference.state is not ReferenceState.PENDING:
        raise NotAllowedNow(_l("Only a reference that has not been answered can be sent again."))
    reference.token_generation += 1
    audit.record(actor, "reference.resent", reference, generation=reference.token_generation)
    request_reference(reference, actor)


def replace_reference(
    reference: Reference, actor, *, name: str, email: str, organisation: str, relation: str
) -> Reference:
    """Replace a referee who did not or could not confirm: the old reference is marked
    replaced (its link stops working) and the new referee is asked."""
    _check_open(reference)
    if reference.state not in REPLACEABLE_REFERENCE_STATES:
        raise NotAllowedNow(_l("This reference cannot be replaced."))
    parties.check_referee(reference.application, email, reference, messages=parties.FOR_REGISTRAR)
    reference.state = ReferenceState.REPLACED
    reference.token_generation += 1
    new = Reference(
        name=name.strip(),
        email=email.strip().lower(),
        organisation=organisation.strip(),
        relation=ReferenceRelation(relation),
    )
    reference.application.references.append(new)
    db.session.flush()
    audit.record(actor, "reference.replaced", reference, replaced_by=new.id)
    request_reference(new, actor)
    return new


def answer_reference(
    reference: Reference,
    confirmed: bool,
    *,
    role: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    hours_per_week: float | None = None,
    comment: str | None = None,
) -> None:
    """Record the referee's answer: a confirmation of role, period (``start``, and ``end``
    or None while still working there) and hours, or a decline (``comment`` then holds the
    optional reason). The applicant is told by e-mail. An answer from an address that is
    not independent of the applicant or of the people handling the application (checked
    again now: an assessor may have been assigned since) is refused and nothing is saved."""
    if reference.state is not ReferenceState.PENDING:
        raise NotAllowedNow(_l("This request has already been answered."))
    _check_open(reference)
    if parties.dependence(reference.application, reference.email, reference) is not None:
        raise ActionRefused(parties.FOR_REFEREE)
    reference.state = ReferenceState.CONFIRMED if confirmed else ReferenceState.DECLINED
    reference.responded_at = utcnow()
    if confirmed:
        reference.confirmed_role = (role or "").strip()[:200]
        reference.confirmed_start_date = start
        reference.confirmed_end_date = end
        reference.confirmed_hours_per_week = hours_per_week
    reference.comment = (comment or "").strip() or None
    db.session.flush()
    audit.record(
        None, f"reference.{reference.state.value}", reference, application=reference.application_id
    )
    applicant = reference.application.applicant
    queue_email(
        applicant.email,
        _l("A referee has answered"),
        "reference_answered",
        locale=applicant.locale,
        reference=reference,
        confirmed=reference.state is ReferenceState.CONFIRMED,
        user=applicant,
        link=absolute_url("apply.status", application_id=reference.application_id),
    )

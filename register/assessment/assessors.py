"""Assessors' own records for portfolio assessment: their training as assessors (001
l.2820: "geschoold als assessor") and whether they are experts by experience (the sources
prefer one of the two assessors to be one). One function per action; audited; flush only.

The declaration of lived experience is the assessor's own, and only the register's staff
see it (when they assign assessors): the least that the preference needs.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register import audit
from register.domain.portfolio import AssessorFacts, training_valid_until
from register.errors import ActionRefused
from register.extensions import db
from register.models.accounts import User
from register.models.assessments import AssessorTraining
from register.policy import current_policies
from register.uploads import store_upload


def trainings_of(assessor: User) -> list[AssessorTraining]:
    """The assessor's recorded trainings, the latest first."""
    return list(
        db.session.scalars(
            select(AssessorTraining)
            .where(AssessorTraining.assessor_id == assessor.id)
            .order_by(AssessorTraining.completed_on.desc(), AssessorTraining.id.desc())
        )
    )


def latest_training(assessor: User) -> AssessorTraining | None:
    """The assessor's most recent training, if any."""
    found = trainings_of(assessor)
    return found[0] if found else None


def valid_until(training: AssessorTraining | None) -> dt.date | None:
    """The last day ``training`` counts under the transitional-route policy."""
    route = current_policies().transitional_route
    return training_valid_until(route, training.completed_on if training else None)


def assessor_facts(assessor: User) -> AssessorFacts:
    """What the assignment rule needs of ``assessor``."""
    latest = latest_training(assessor)
    return AssessorFacts(
        assessor.full_name,
        bool(assessor.is_lived_experience_expert),
        latest.completed_on if latest else None,
    )


def record_training(
    assessor: User,
    actor: User,
    completed_on: dt.date,
    course: str,
    provider: str,
    upload=None,
    today: dt.date | None = None,
) -> AssessorTraining:
    """Record a training as assessor, with the certificate when one is uploaded (a refused
    file is refused before anything is stored). Not in the future."""
    today = today or dt.date.today()
    if completed_on > today:
        raise ActionRefused(_l("The date of the training cannot be in the future."), "completed_on")
    stored = None
    if upload is not None and getattr(upload, "filename", ""):
        stored = store_upload(upload, actor, field="certificate")
    training = AssessorTraining(
        assessor_id=assessor.id,
        completed_on=completed_on,
        course=course.strip(),
        provider=provider.strip(),
        file=stored,
    )
    db.session.add(training)
    db.session.flush()
    audit.record(
        actor,
        "assessor.training_recorded",
        training,
        assessor_id=assessor.id,
        completed_on=completed_on.isoformat(),
        with_certificate=stored is not None,
    )
    return training


def remove_training(training: AssessorTraining, actor: User) -> None:
    """Remove a training recorded by mistake (the stored certificate stays for the audit)."""
    if training.assessor_id != actor.id:
        raise ActionRefused(_l("Only the assessor can remove their own training."))
    audit.record(actor, "assessor.training_removed", training, assessor_id=training.assessor_id)
    db.session.delete(training)
    db.session.flush()


def declare_lived_experience(assessor: User, lived_experience: bool, actor: User) -> None:
    """The assessor says whether they are an expert by experience; audited when it changes."""
    if bool(assessor.is_lived_experience_expert) == bool(lived_experience):
        return
    assessor.is_lived_experience_expert = bool(lived_experience)
    audit.record(
        actor, "assessor.lived_experience_declared", assessor, lived_experience=lived_experience
    )
    db.session.flush()

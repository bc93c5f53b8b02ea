"""Registrar actions on programmes: add a programme, enter an accreditation by hand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from register import audit
from register.extensions import db
from register.models.programmes import (
    Accreditation,
    AccreditationStatus,
    Programme,
    ProgrammeContext,
    StudyMode,
    TrainingProvider,
)
from register.policy import current_policies


def provider_named(name: str) -> TrainingProvider:
    """The training provider with this name (case-insensitive), created when missing."""
    clean = " ".join(name.split())
    provider = db.session.scalar(
        select(TrainingProvider).where(func.lower(TrainingProvider.name) == clean.lower())
    )
    if provider is None:
        provider = TrainingProvider(name=clean)
        db.session.add(provider)
        db.session.flush()
    return provider


def add_programme(
    actor,
    *,
    provider_name: str,
    name: str,
    nlqf_level: int,
    context: str,
    study_load_hours: int | None,
    mode: str | None,
    description: str | None,
) -> Programme:
    """Add a training programme at an NLQF level, with its provider."""
    programme = Programme(
        provider=provider_named(provider_name),
        name=" ".join(name.split()),
        nlqf_level=nlqf_level,
        context=ProgrammeContext(context),
        study_load_hours=study_load_hours,
        mode=StudyMode(mode) if mode else None,
        description=(description or "").strip() or None,
    )
    db.session.add(programme)
    db.session.flush()
    audit.record(
        actor,
        "programme.added",
        programme,
        name=programme.name,
        provider=programme.provider.name,
        nlqf_level=nlqf_level,
    )
    return programme


def add_manual_accreditation(
    programme: Programme,
    actor,
    *,
    valid_from: dt.date,
    valid_until: dt.date,
    note: str | None,
    today: dt.date,
) -> Accreditation:
    """Enter an accreditation period decided before the portal existed. A period that has
    already ended is stored as lapsed; it still counts for diplomas earned within it."""
    if valid_until <= valid_from:
        raise ValueError("valid_until must be after valid_from")
    status = AccreditationStatus.LAPSED if valid_until < today else AccreditationStatus.ACTIVE
    accreditation = Accreditation(
        programme=programme,
        status=status,
        valid_from=valid_from,
        valid_until=valid_until,
        decided_by_id=getattr(actor, "id", None),
        policy_version=current_policies().accreditation.version,
        entered_manually=True,
        note=(note or "").strip() or None,
    )
    db.session.add(accreditation)
    db.session.flush()
    audit.record(
        actor,
        "accreditation.entered",
        accreditation,
        programme_id=programme.id,
        valid_from=valid_from,
        valid_until=valid_until,
        status=status.value,
    )
    return accreditation

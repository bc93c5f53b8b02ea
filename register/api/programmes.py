"""Accredited programmes for the API: a programme counts while it holds an accreditation
that is active or conditional and covers today."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from register.extensions import db
from register.models.programmes import (
    Accreditation,
    AccreditationStatus,
    Programme,
    TrainingProvider,
)

ACCREDITED_STATUSES = (AccreditationStatus.ACTIVE, AccreditationStatus.CONDITIONAL)


def _current_accreditations(today: dt.date):
    """Per programme, the newest accreditation that makes it accredited today."""
    return (
        select(Accreditation.programme_id, func.max(Accreditation.id).label("accreditation_id"))
        .where(
            Accreditation.status.in_(ACCREDITED_STATUSES),
            Accreditation.valid_from <= today,
            Accreditation.valid_until >= today,
        )
        .group_by(Accreditation.programme_id)
        .subquery()
    )


def _select(today: dt.date):
    current = _current_accreditations(today)
    query = (
        select(Programme, Accreditation, TrainingProvider.name.label("provider_name"))
        .join(current, current.c.programme_id == Programme.id)
        .join(Accreditation, Accreditation.id == current.c.accreditation_id)
        .outerjoin(TrainingProvider, TrainingProvider.id == Programme.provider_id)
    )
    return query, current


def programme_json(
    programme: Programme, accreditation: Accreditation, provider_name: str | None
) -> dict:
    """The public fields of an accredited programme (no contact details)."""
    return {
        "id": programme.id,
        "name": programme.name,
        "nlqf_level": programme.nlqf_level,
        "context": programme.context.value,
        "mode": programme.mode.value if programme.mode else None,
        "study_load_hours": programme.study_load_hours,
        "provider": {"name": provider_name} if provider_name else None,
        "accreditation": {
            "status": accreditation.status.value,
            "valid_from": accreditation.valid_from.isoformat(),
            "valid_until": accreditation.valid_until.isoformat(),
        },
    }


def accredited_programmes(today: dt.date, page: int, per_page: int) -> tuple[list[dict], int]:
    """One page of accredited programmes (by name) and how many there are in all."""
    query, current = _select(today)
    total = db.session.scalar(select(func.count()).select_from(current)) or 0
    rows = db.session.execute(
        query.order_by(Programme.name, Programme.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return [programme_json(*row) for row in rows], total


def accredited_programme(programme_id: int, today: dt.date) -> dict | None:
    """The programme with ``programme_id`` if it is accredited today, else None."""
    query, _ = _select(today)
    row = db.session.execute(query.where(Programme.id == programme_id)).one_or_none()
    return programme_json(*row) if row else None


def accredited_providers(today: dt.date) -> list[tuple[int, str]]:
    """The training providers (id, name) with at least one programme accredited today, by
    name: the public face of a provider is its name and that it trains for the register."""
    current = _current_accreditations(today)
    rows = db.session.execute(
        select(TrainingProvider.id, TrainingProvider.name)
        .join(Programme, Programme.provider_id == TrainingProvider.id)
        .join(current, current.c.programme_id == Programme.id)
        .group_by(TrainingProvider.id, TrainingProvider.name)
        .order_by(TrainingProvider.name, TrainingProvider.id)
    ).all()
    return [(row.id, row.name) for row in rows]

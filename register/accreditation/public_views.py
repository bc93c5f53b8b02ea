"""Public pages: the list of accredited programmes and each programme's own page."""

from __future__ import annotations

import datetime as dt

from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.access import PUBLIC, gate_blueprint
from register.accreditation import programmes_bp as bp
from register.domain.framework import criteria_for_level, sections_for
from register.extensions import db
from register.models.programmes import Accreditation, AccreditationStatus, Programme
from register.objects import Purpose, get_programme_or_404
from register.policy import current_policies
from register.policy.framework import NLQF_LEVELS

gate_blueprint(bp, PUBLIC)

#: statuses shown in the public list (a suspended accreditation is listed as suspended)
LISTED = (
    AccreditationStatus.ACTIVE,
    AccreditationStatus.CONDITIONAL,
    AccreditationStatus.SUSPENDED,
)


def current_accreditation(programme: Programme, today: dt.date) -> Accreditation | None:
    """The accreditation that determines the programme's public status today: the latest
    listed one covering today, else None."""
    live = [
        a
        for a in programme.accreditations
        if a.status in LISTED and a.valid_from <= today <= a.valid_until
    ]
    return max(live, key=lambda a: (a.valid_from, a.id)) if live else None


@bp.get("", strict_slashes=False)
def index():
    """Accredited programmes: provider, level, the tiers their diplomas give entry to,
    status and validity."""
    today = dt.date.today()
    programmes = db.session.scalars(
        select(Programme).options(
            selectinload(Programme.accreditations), selectinload(Programme.provider)
        )
    ).all()
    rows = [(p, acc) for p in programmes if (acc := current_accreditation(p, today))]
    rows.sort(key=lambda row: (row[0].nlqf_level, row[0].name.lower()))
    tiers = current_policies().tiers
    return render_template(
        "programmes/index.html",
        rows=rows,
        tiers={p.id: tiers.tiers_for_training_level(p.nlqf_level) for p, _acc in rows},
    )


@bp.get("/<int:programme_id>")
def detail(programme_id: int):
    """One programme's public page: its details, current status and accreditation history."""
    programme = get_programme_or_404(programme_id, for_user=current_user, purpose=Purpose.PUBLIC)
    today = dt.date.today()
    return render_template(
        "programmes/detail.html",
        programme=programme,
        current=current_accreditation(programme, today),
        history=sorted(programme.accreditations, key=lambda a: a.valid_from, reverse=True),
        tiers=current_policies().tiers.tiers_for_training_level(programme.nlqf_level),
        sections=_sections(programme.nlqf_level),
    )


def _sections(level: int):
    """The learning lines at the programme's level, with their competences and outcomes
    (the practice-learning criteria are the panel's; the public page shows the outcomes)."""
    framework = current_policies().framework
    if level not in NLQF_LEVELS:
        return ()
    outcomes = [c for c in criteria_for_level(framework, level) if c.kind == "learning_outcome"]
    return sections_for(framework, outcomes)

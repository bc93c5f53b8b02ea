"""Measures on a registration (``register.models.complaints.Measure``): every suspension,
strike-off, warning and set of conditions is a row of its own, so the public history of
measures outlives the status it caused. The registration's services start and end them
here (a suspension, a strike-off, a reinstatement, a revoking objection); a complaint case
starts the measures that change no status (warning, conditions) through ``start_measure``.

Every change of a ``Measure`` row is a public change of its registration
(``watch_dependent``): status lists and alerts follow measures without being told.
"""

from __future__ import annotations

import datetime as dt

from blinker import Namespace
from sqlalchemy import select

from register.domain.measures import MeasureKind, re_entry_not_before
from register.extensions import db
from register.models.complaints import Measure
from register.models.registrations import Registration
from register.policy import current_policies
from register.registrations.changes import watch_dependent

watch_dependent(Measure)

#: Sent with each new measure a registration's service started (``sender`` the measure;
#: ``decides_case``: it is the decision of its complaint case, not an interim suspension;
#: ``decision``: the stored decision), so a complaint case follows a grave measure that a
#: second registrar confirmed.
measure_started = Namespace().signal("measure-started")


def start_measure(
    registration: Registration,
    kind: MeasureKind,
    *,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    category: str | None = None,
    public_text: str | None = None,
    internal_reason: str | None = None,
    case_id: int | None = None,
    decision=None,
) -> Measure:
    """Record a measure from ``starts_on``; public per the policy's kind. A strike-off gets
    its earliest re-entry date from the policy."""
    policy = current_policies().measures
    measure = Measure(
        registration_id=registration.id,
        kind=kind,
        public=policy.kinds[kind].public,
        category=category,
        public_text=(public_text or "").strip() or None,
        starts_on=starts_on,
        ends_on=ends_on,
        re_entry_not_before=(
            re_entry_not_before(starts_on, policy.re_entry_years)
            if kind is MeasureKind.STRIKE_OFF
            else None
        ),
        internal_reason=(internal_reason or "").strip() or None,
        case_id=case_id,
        decision_id=getattr(decision, "id", None),
        policy_version=policy.version,
    )
    db.session.add(measure)
    db.session.flush()
    return measure


def open_measures(registration: Registration, kinds) -> list[Measure]:
    """The registration's measures of ``kinds`` that have not ended nor been revoked."""
    return list(
        db.session.scalars(
            select(Measure)
            .where(
                Measure.registration_id == registration.id,
                Measure.kind.in_(list(kinds)),
                Measure.ended_on.is_(None),
                Measure.revoked_on.is_(None),
            )
            .order_by(Measure.id)
        )
    )


def end_measures(registration: Registration, kinds, day: dt.date) -> None:
    """End the open measures of ``kinds`` on ``day`` (a suspension lifted, replaced, or
    followed by a strike-off). A measure that starts that same day ends a day later, so its
    end never precedes its start."""
    for measure in open_measures(registration, kinds):
        measure.ended_on = max(day, measure.starts_on)
    db.session.flush()


def revoke_measures(decision_id: int, day: dt.date) -> None:
    """An upheld objection revoked the decision ``decision_id``: its measures are no longer
    shown to the public (they stay on record)."""
    for measure in db.session.scalars(select(Measure).where(Measure.decision_id == decision_id)):
        measure.revoked_on = day
        if measure.ended_on is None:
            measure.ended_on = max(day, measure.starts_on)
    db.session.flush()


def measures_of(registration: Registration) -> list[Measure]:
    """Every measure on the registration, newest first (staff pages)."""
    return list(
        db.session.scalars(
            select(Measure)
            .where(Measure.registration_id == registration.id)
            .order_by(Measure.starts_on.desc(), Measure.id.desc())
        )
    )

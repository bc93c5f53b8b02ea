"""Demo portfolio assessments: the two demo assessors (both trained as assessors, assessor 1
an expert by experience) on each demo transitional-route application that is waiting for a
decision; assessor 1 has declared no conflict and submitted a full assessment, assessor 2
still has to do theirs by hand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from register.assessment import assessors, services
from register.domain.lifecycle import ApplicationState
from register.extensions import db
from register.models.accounts import User
from register.models.applications import Application, Route
from register.models.assessments import PortfolioAssessment

ASSESSOR_1 = "assessor1@demo.register.nl"
ASSESSOR_2 = "assessor2@demo.register.nl"
REGISTRAR = "registrar@demo.register.nl"

#: what assessor 1 writes, per rubric item (Dutch: the demo's default language)
RATIONALE = (
    "Het portfolio geeft concrete voorbeelden uit de praktijk en de referenten "
    "bevestigen dit. Voldoende voor onderdeel {item}."
)


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _waiting_applications() -> list[Application]:
    """Transitional-route applications, submitted or in review, without any assessor."""
    assessed = select(PortfolioAssessment.application_id)
    return list(
        db.session.scalars(
            select(Application)
            .where(
                Application.route == Route.TRANSITIONAL,
                Application.state.in_([ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW]),
                Application.id.not_in(assessed),
            )
            .order_by(Application.id)
        )
    )


def seed() -> list[tuple[str, str]]:
    """Assign both demo assessors and let assessor 1 submit; skips quietly when the
    applications or accounts are not there, and never touches an application twice."""
    first, second = _user(ASSESSOR_1), _user(ASSESSOR_2)
    if first is None or second is None:
        return []
    registrar = _user(REGISTRAR)
    for assessor in (first, second):
        if assessors.latest_training(assessor) is None:
            assessors.record_training(
                assessor,
                assessor,
                dt.date.today() - dt.timedelta(days=200),
                "Assessorentraining (demo)",
                "Demo Academie",
            )
    for application in _waiting_applications():
        if not services.rubric_for(application):
            continue
        mine = services.assign_assessor(application, first, registrar)
        services.assign_assessor(application, second, registrar)
        services.declare_conflict(mine, False, None, first)
        scores = {
            item.id: (True, RATIONALE.format(item=item.id), tuple(range(len(item.indicators))))
            for item in services.rubric_for(application)
        }
        services.submit_assessment(mine, first, scores=scores)
    db.session.flush()
    return []

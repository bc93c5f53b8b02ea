"""Where an application stands, for its applicant: the timeline (sent, referees confirmed,
assessors finished, in review, information requested with its deadline, identity confirmed,
decided), what happens next, and the register's typical waiting time from its own recent
decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register.domain.lifecycle import ApplicationState
from register.domain.waiting import WaitingTime, typical_waiting_time
from register.extensions import db
from register.models.applications import (
    Application,
    MessageKind,
    ReferenceState,
    Route,
)
from register.models.assessments import PortfolioAssessment
from register.models.base import utcnow
from register.models.identity_checks import IdentityCheck
from register.policy import current_policies

_S = ApplicationState
#: the states a decision ends in: these count for the typical waiting time
DECIDED_STATES = frozenset({_S.APPROVED, _S.REFUSED})


@dataclass(frozen=True)
class Step:
    """One step of the timeline: what, when (None: not yet), for a request for information
    the day the answer is asked by, and for a step ahead what to expect."""

    title: str
    at: dt.datetime | None
    answer_by: dt.date | None = None
    #: what the applicant can expect of a step still ahead
    expect: str | None = None


#: what happens next, per state (the request for information names its deadline apart)
NEXT_STEP = {
    _S.DRAFT: _l("Complete your application and send it."),
    _S.SUBMITTED: _l(
        "The register checks your application. On the transitional route, your referees are "
        "asked to confirm your work, and two assessors judge your portfolio first."
    ),
    _S.IN_REVIEW: _l(
        "A registrar is assessing your application. You get an e-mail when there is a decision."
    ),
    _S.INFO_REQUESTED: _l(
        "Answer the register's question on this page. The register continues with your "
        "application when it has your answer."
    ),
    _S.APPROVED: _l("You are registered. Your registration page shows your number."),
    _S.REFUSED: _l(
        "If you do not agree with the decision, you can object to it from the decision's page "
        "until the date in the letter."
    ),
    _S.WITHDRAWN: _l("You withdrew this application. Nothing more happens with it."),
}


def timeline(application: Application) -> list[Step]:
    """The steps the application has been through, in order, and the ones still ahead
    (with ``at`` None)."""
    steps = [Step(str(_l("Sent to the register")), application.submitted_at)]
    if application.route is Route.TRANSITIONAL:
        refs = [r for r in application.references if r.state is not ReferenceState.REPLACED]
        confirmed = refs and all(r.state is ReferenceState.CONFIRMED for r in refs)
        answered = [r.responded_at for r in refs if r.responded_at]
        steps.append(
            Step(
                str(_l("Referees confirmed your work")),
                max(answered) if confirmed and answered else None,
            )
        )
        assessments = db.session.scalars(
            select(PortfolioAssessment).where(PortfolioAssessment.application_id == application.id)
        ).all()
        done = [a.submitted_at for a in assessments if a.submitted_at]
        required = current_policies().transitional_route.assessors_required
        steps.append(
            Step(
                str(_l("Assessors finished judging your portfolio")),
                max(done) if len(done) >= required else None,
            )
        )
    in_review = [h.at for h in application.history if h.to_state is _S.IN_REVIEW]
    steps.append(Step(str(_l("A registrar is assessing it")), min(in_review, default=None)))
    messages = list(application.messages)  # in the order they were written
    for i, message in enumerate(messages):
        if message.kind is MessageKind.INFO_REQUEST:
            steps.append(
                Step(
                    str(_l("The register asked for more information")),
                    message.created_at,
                    message.answer_by,
                )
            )
            # the applicant's answer to it: the first answer before the next request
            answer = None
            for later in messages[i + 1 :]:
                if later.kind is MessageKind.INFO_REQUEST:
                    break
                if later.kind is MessageKind.ANSWER:
                    answer = later
                    break
            steps.append(Step(str(_l("You answered")), answer.created_at if answer else None))
    if not application.is_tier_change and application.state is not _S.WITHDRAWN:
        steps.append(_identity_step(application))
    decided = application.decided_at if application.state in DECIDED_STATES else None
    steps.append(Step(str(_l("Decision")), decided))
    return steps


def _identity_step(application: Application) -> Step:
    """A first registration waits for the register to confirm the applicant's identity
    (``review.identity``): when it did, or what the applicant can expect."""
    recorded = db.session.scalar(
        select(IdentityCheck.recorded_at).where(IdentityCheck.application_id == application.id)
    )
    return Step(
        str(_l("The register confirmed your identity")),
        recorded,
        expect=str(
            _l(
                "Before a decision, the register contacts you to check your identity, in a "
                "video call or in person. Have your passport, identity card, driving licence or "
                "residence document ready. The register does not copy it or write down its "
                "number."
            )
        ),
    )


def open_request(application: Application):
    """The request for information the applicant is asked to answer now, or None."""
    if application.state is not _S.INFO_REQUESTED:
        return None
    asked = [m for m in application.messages if m.kind is MessageKind.INFO_REQUEST]
    return asked[-1] if asked else None


def waiting_time() -> WaitingTime:
    """The register's typical waiting time now (policy: registration.yaml waiting_time)."""
    rules = current_policies().registration.waiting_time
    now = utcnow()
    rows = db.session.execute(
        select(Application.submitted_at, Application.decided_at)
        .where(
            Application.state.in_(DECIDED_STATES),
            Application.submitted_at.is_not(None),
            Application.decided_at >= now - dt.timedelta(days=rules.window_days),
        )
        .order_by(Application.decided_at.desc())
        .limit(rules.recent_decisions)
    ).all()
    return typical_waiting_time(
        [(sent, at) for sent, at in rows],
        now=now,
        recent_decisions=rules.recent_decisions,
        window_days=rules.window_days,
        minimum_decisions=rules.minimum_decisions,
    )

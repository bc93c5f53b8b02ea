"""The registrar's actions on applications: start the review, request information,
approve (which creates the registration, once the applicant's identity is confirmed:
``review.identity``) and refuse. One function per action.

Each action is checked against the version of the application the registrar saw
(``check_version`` raises ``StaleRecord``), and the mapper's ``version_id_col`` refuses a
write that lost a race (``StaleDataError``), so of two registrars acting at once exactly one
wins. A missing reason is refused with ``ActionRefused`` on the form field it belongs to.
Decisions are final and record who, when, why and under which policy versions.
"""

from __future__ import annotations

import datetime as dt
import functools

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from register import audit
from register.applications.facts import evaluate
from register.applications.services import change_state
from register.assessment.services import submitted_assessments
from register.decisions.services import record_decision
from register.domain.decisions import DecisionKind
from register.domain.eligibility import DECISION, Proposal
from register.domain.lifecycle import (
    APPLICATION_LIFECYCLE,
    REGISTRATION_LIFECYCLE,
    ApplicationAction,
    ApplicationState,
    RegistrationAction,
)
from register.domain.trace import Trace
from register.errors import ActionRefused, NotAllowedNow, check_version
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.applications import Application, ApplicationMessage, MessageKind, Route
from register.models.base import utcnow
from register.models.decisions import Decision
from register.models.registrations import Registration, is_current
from register.objections.notices import announce_decision, local_date
from register.policy import current_policies
from register.registrations.services import create_registration
from register.registrations.tier_change import change_tier
from register.review.identity import (
    identity_details,
    identity_result,
    refuse_approval_without_identity,
)

OPEN_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.IN_REVIEW,
    ApplicationState.INFO_REQUESTED,
)


def queue_query(
    *,
    states=OPEN_STATES,
    tier: int | None = None,
    route: str | None = None,
    waited_days: int | None = None,
    now: dt.datetime | None = None,
) -> Select:
    """Applications in ``states`` (never drafts), filtered, oldest submitted first."""
    states = [s for s in states if s is not ApplicationState.DRAFT]
    query = select(Application).where(
        Application.state.in_(states), Application.submitted_at.is_not(None)
    )
    if tier:
        query = query.where(Application.tier == tier)
    if route:
        query = query.where(Application.route == Route(route))
    if waited_days:
        cutoff = (now or utcnow()) - dt.timedelta(days=waited_days)
        query = query.where(Application.submitted_at <= cutoff)
    return query.options(
        selectinload(Application.applicant), selectinload(Application.registration)
    ).order_by(Application.submitted_at, Application.id)


def decision_evaluation(application: Application, today: dt.date) -> Trace[Proposal]:
    """The rules' proposal and trace at the decision stage, with submitted assessments. A
    first application's trace ends with the registrar's identity check
    (``review.identity``): the decision stores how, against what and when the identity was
    confirmed. It is the register's own step, not the applicant's eligibility, so it leaves
    the proposal as the eligibility rules make it; an approval without it is refused."""
    evaluation = evaluate(
        current_policies(), application, today, DECISION, submitted_assessments(application)
    )
    identity = identity_result(application)
    if identity is None:
        return evaluation
    return Trace(evaluation.proposal, (*evaluation.results, identity))


def start_review(application: Application, actor, *, expected_version: int | None) -> None:
    """Take a submitted application into review (submitted → in review)."""
    check_version(application, expected_version)
    change_state(application, ApplicationAction.START_REVIEW, actor)


def request_information(
    application: Application, actor, *, message: str, expected_version: int | None
) -> ApplicationMessage:
    """Ask the applicant for more information; the message is required and e-mailed."""
    check_version(application, expected_version)
    APPLICATION_LIFECYCLE.next_state(application.state, ApplicationAction.REQUEST_INFO)
    body = (message or "").strip()
    if not body:
        raise ActionRefused(
            _l("Write what information you need from the applicant."), field="message"
        )
    days = current_policies().registration.information_request.answer_within_days
    note = ApplicationMessage(
        author_id=actor.id,
        kind=MessageKind.INFO_REQUEST,
        body=body,
        answer_by=local_date(utcnow()) + dt.timedelta(days=days),
    )
    application.messages.append(note)
    change_state(application, ApplicationAction.REQUEST_INFO, actor)
    queue_email(
        application.applicant.email,
        _l("The register needs more information"),
        "info_request",
        locale=application.applicant.locale,
        application=application,
        message=note,
        answer_url=absolute_url(
            "apply.status", application_id=application.id, _anchor="answer-heading"
        ),
    )
    return note


def decision_kind(application: Application) -> DecisionKind:
    """An application for another tier is decided as a tier change, any other as an
    admission."""
    return DecisionKind.TIER_CHANGE if application.is_tier_change else DecisionKind.APPLICATION


def _apply(
    application: Application,
    actor,
    action: ApplicationAction,
    reason: str,
    evaluation: Trace[Proposal],
    departs: bool,
) -> None:
    """Apply the decision to the application (its state, who, when, why, the policy
    versions) and audit it."""
    policies = current_policies()
    APPLICATION_LIFECYCLE.next_state(application.state, action)
    application.decided_at = utcnow()
    application.decided_by_id = actor.id
    application.decision_reason = reason or None
    application.policy_versions = dict(policies.versions)
    application.departs_from_proposal = departs
    change_state(application, action, actor)
    audit.record(
        actor,
        "application.decided",
        application,
        decision=action.value,
        proposal=evaluation.proposal.value,
        departs_from_proposal=departs,
        policy_versions=application.policy_versions,
    )


def _refuse_a_second_registration(application: Application) -> None:
    """A first application of someone who already holds a current registration cannot be
    approved: the database holds one current registration per person."""
    if application.is_tier_change:
        return
    current = db.session.scalar(
        select(Registration.number).where(
            Registration.user_id == application.applicant_id, is_current()
        )
    )
    if current is not None:
        raise ActionRefused(
            _l(
                "%(name)s already has registration %(number)s. A person can have only one "
                "registration: approving this application would create a second one. An "
                "application for another tier changes the registration they have.",
                name=application.applicant.full_name,
                number=current,
            )
        )


def _store(
    application: Application,
    actor,
    action: ApplicationAction,
    reason: str,
    evaluation: Trace[Proposal],
    departs: bool,
    today: dt.date,
    confirmed_by=None,
    **extra,
) -> Decision:
    """Store the decision as made (``register.decisions``): the whole evaluation (every
    rule, the facts it looked at and its outcome), the proposal, who decided and who
    confirmed, and the policy versions. The applicant's page and the registrar's show this
    from now on, never a recomputation. An application for another tier is stored as a
    tier change, with the registration it changes."""
    details = {
        "tier": application.tier,
        "route": application.route.value if application.route else None,
        "reason": reason or None,
    }
    if application.is_tier_change:
        registration = application.registration
        details.update(registration=registration.number, from_tier=registration.tier)
    details.update(identity_details(application))
    details.update(extra)
    return record_decision(
        decision_kind(application),
        application,
        outcome=application.state.value,
        actor=actor,
        person=application.applicant_id,
        grounds=reason or None,
        trace=evaluation,
        proposal=evaluation.proposal.value,
        departs_from_proposal=departs,
        details=details,
        confirmed_by=confirmed_by,
        effective_on=today,
    )


def departs_from_rules(application: Application, today: dt.date) -> bool:
    """True when approving now would go against the rules' proposal (a grave action)."""
    return decision_evaluation(application, today).proposal is not Proposal.APPROVE


def check_approval(application: Application, reason: str | None, today: dt.date) -> bool:
    """Refuse an approval the state does not allow, one that would create a registration
    without a recorded identity check, or one against the rules' proposal without a written
    reason; True when it goes against the proposal."""
    APPLICATION_LIFECYCLE.next_state(application.state, ApplicationAction.APPROVE)
    refuse_approval_without_identity(application)
    departs = departs_from_rules(application, today)
    if departs and not (reason or "").strip():
        raise ActionRefused(
            _l("The rules do not propose approval. Explain why you approve."), field="reason"
        )
    return departs


def approve_application(
    application: Application,
    actor,
    *,
    reason: str | None,
    today: dt.date,
    expected_version: int | None,
    confirmed_by=None,
) -> Registration:
    """Approve: final, stored as made (the evaluation, who, when, why and the policy
    versions), and the applicant is entered in the register, or, for an application for
    another tier, their registration changes tier (same number). A first application needs
    the applicant's identity confirmed first (``review.identity``). Approving against the
    rules' proposal needs a written reason, is marked as a departure from the proposal, and
    takes a second registrar (``confirmed_by``): it is a grave action
    (``review.grave_actions``). A second current registration for one person is refused."""
    check_version(application, expected_version)
    departs = check_approval(application, reason, today)
    _refuse_a_second_registration(application)
    if application.is_tier_change:  # refused as the registration's state would refuse it
        REGISTRATION_LIFECYCLE.next_state(
            application.registration.status, RegistrationAction.CHANGE_TIER
        )
    if departs and (confirmed_by is None or confirmed_by.id == actor.id):
        raise NotAllowedNow(
            _l(
                "The rules do not propose approval: approving takes a second registrar. "
                "Propose it, and another registrar confirms it."
            )
        )
    evaluation = decision_evaluation(application, today)
    reason = (reason or "").strip()
    _apply(application, actor, ApplicationAction.APPROVE, reason, evaluation, departs)
    store = functools.partial(
        _store, application, actor, ApplicationAction.APPROVE, reason, evaluation, departs, today
    )
    if application.is_tier_change:
        return change_tier(application, actor, today, store(confirmed_by=confirmed_by))
    registration = create_registration(application, actor, today)
    decision = store(confirmed_by=confirmed_by, registration=registration.number)
    registration.periods[-1].decision_id = decision.id  # the admission period rests on it
    return registration


def refuse_application(
    application: Application, actor, *, reason: str, today: dt.date, expected_version: int | None
) -> None:
    """Refuse: final, with a required reason that the applicant receives by e-mail."""
    check_version(application, expected_version)
    APPLICATION_LIFECYCLE.next_state(application.state, ApplicationAction.REFUSE)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_l("Give the reason for the refusal."), field="reason")
    evaluation = decision_evaluation(application, today)
    departs = evaluation.proposal is Proposal.APPROVE
    application.messages.append(
        ApplicationMessage(author_id=actor.id, kind=MessageKind.DECISION, body=reason)
    )
    _apply(application, actor, ApplicationAction.REFUSE, reason, evaluation, departs)
    decision = _store(
        application, actor, ApplicationAction.REFUSE, reason, evaluation, departs, today
    )
    announce_decision(
        decision,
        _l("Decision on your application"),
        "decision_refused",
        today=today,
        application=application,
    )

"""The registrar's decision and what follows it: the Accreditation row with its validity,
conditions with deadlines, suspension, reinstatement and withdrawal, and the daily jobs
(lapse at the end date, flag overdue conditions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register.access import staff_recipients
from register.accreditation.common import (
    criterion_ids,
    notify,
    provider_contacts,
    record,
    transition,
)
from register.decisions import record_decision
from register.domain.accreditation import (
    OUTCOME_ACTIONS,
    Outcome,
    RequestState,
    propose_decision,
    validity_period,
)
from register.domain.decisions import DecisionKind
from register.domain.trace import Trace
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.links import absolute_url
from register.models.accounts import User
from register.models.accreditation import (
    AccreditationCondition,
    AccreditationRequest,
    AnswerOutcome,
    ConditionAnswer,
    ConditionStatus,
)
from register.models.base import utcnow
from register.models.programmes import Accreditation, AccreditationStatus
from register.objections.notices import announce_decision
from register.policy import current_policies


@dataclass(frozen=True)
class ConditionInput:
    """A condition the registrar attaches: text, deadline, and the criterion it concerns."""

    text: str
    deadline: dt.date
    criterion_id: str | None = None


def proposal_for(request: AccreditationRequest) -> Trace[Outcome]:
    """The decision rule applied to the panel's agreed findings on the request: what it
    proposes, and the trace of how."""
    findings = {f.criterion_id: f.score for f in request.findings}
    return propose_decision(
        current_policies().accreditation.decision, criterion_ids(request), findings
    )


def open_questions(request: AccreditationRequest) -> list:
    """The panel's questions to the provider that have no answer yet."""
    return [q for q in request.questions if q.answered_at is None]


def decide(
    request: AccreditationRequest,
    registrar: User,
    outcome: Outcome,
    today: dt.date,
    departure_reason: str | None,
    note: str | None,
    conditions: Sequence[ConditionInput] = (),
    unanswered_reason: str | None = None,
) -> Accreditation | None:
    """Decide a request whose findings are agreed. A decision other than the proposal needs
    a recorded reason; so does a decision while a question of the panel to the provider is
    still unanswered (an explicit override: ``unanswered_reason``); a conditional
    accreditation needs at least one condition with a deadline after today. A positive
    decision creates the Accreditation row."""
    if request.state is not RequestState.FINDINGS_AGREED:
        raise NotAllowedNow(_l("This request cannot be decided now."))
    if outcome not in OUTCOME_ACTIONS:
        raise ActionRefused(_l("Choose a decision."), field="outcome")
    proposal = proposal_for(request)
    departs = outcome is not proposal.proposal
    reason = (departure_reason or "").strip()
    if departs and not reason:
        raise ActionRefused(
            _l("Your decision differs from the proposal. Give the reason for departing from it."),
            field="departure_reason",
        )
    unanswered = open_questions(request)
    override = (unanswered_reason or "").strip()
    if unanswered and not override:
        raise ActionRefused(
            _l(
                "A question to the provider is not answered yet. Wait for the answer, or "
                "write why the decision can be taken without it."
            ),
            field="unanswered_reason",
        )
    if outcome is Outcome.CONDITIONAL and not conditions:
        raise ActionRefused(_l("Add at least one condition with a deadline."), field="conditions")
    if outcome is not Outcome.CONDITIONAL and conditions:
        raise ActionRefused(
            _l("Conditions can only be set for accreditation with conditions."), field="conditions"
        )
    for condition in conditions:
        if condition.deadline <= today:
            raise ActionRefused(
                _l("A condition's deadline must be after today."), field="conditions"
            )
    policy = current_policies().accreditation
    transition(request, OUTCOME_ACTIONS[outcome], registrar)
    request.decision, request.decided_at, request.decided_by_id = outcome, utcnow(), registrar.id
    request.proposal = proposal.to_json()
    request.departs_from_proposal, request.departure_reason = departs, reason or None
    request.decision_note = (note or "").strip() or None
    request.policy_version = policy.version
    accreditation = None
    if outcome is not Outcome.REFUSED:
        valid_from, valid_until = validity_period(today, policy.validity_years)
        accreditation = Accreditation(
            programme=request.programme,
            valid_from=valid_from,
            valid_until=valid_until,
            status=(
                AccreditationStatus.CONDITIONAL
                if outcome is Outcome.CONDITIONAL
                else AccreditationStatus.ACTIVE
            ),
            decided_by_id=registrar.id,
            policy_version=policy.version,
            framework_version=request.framework_version,
        )
        db.session.add(accreditation)
        request.accreditation = accreditation
    for condition in conditions:
        request.conditions.append(
            AccreditationCondition(
                accreditation=accreditation,
                text=condition.text.strip(),
                deadline=condition.deadline,
                criterion_id=condition.criterion_id,
            )
        )
    db.session.flush()
    record_decision(
        DecisionKind.ACCREDITATION,
        request,
        outcome=outcome.value,
        actor=registrar,
        grounds=request.decision_note,
        trace=proposal,
        proposal=proposal.proposal.value,
        departs_from_proposal=departs,
        details={
            "programme_id": request.programme_id,
            "level": request.level,
            "framework_version": request.framework_version,
            "departure_reason": reason or None,
            "unanswered_questions": [q.id for q in unanswered],
            "unanswered_reason": override if unanswered else None,
            "accreditation_id": accreditation.id if accreditation else None,
            "valid_from": accreditation.valid_from if accreditation else None,
            "valid_until": accreditation.valid_until if accreditation else None,
            "conditions": [
                {"text": c.text, "deadline": c.deadline, "criterion": c.criterion_id}
                for c in request.conditions
            ],
        },
        effective_on=today,
    )
    record(
        registrar,
        "accreditation_request.decided",
        request,
        decision=outcome.value,
        proposal=proposal.proposal.value,
        departs=departs,
        policy_version=policy.version,
        framework_version=request.framework_version,
        accreditation_id=accreditation.id if accreditation else None,
        conditions=len(conditions),
    )
    decision = record_decision(
        DecisionKind.ACCREDITATION,
        request,
        outcome=outcome.value,
        actor=registrar,
        grounds=request.decision_note or reason or None,
        trace=proposal,
        proposal=proposal.proposal.value,
        departs_from_proposal=departs,
        details={
            "accreditation_id": accreditation.id if accreditation else None,
            "conditions": [(c.text.strip(), c.deadline) for c in conditions],
        },
        effective_on=today,
    )
    announce_decision(
        decision,
        _l("Decision on your accreditation request"),
        "accreditation_decision",
        today=today,
        request=request,
        link=absolute_url("accreditation.request_detail", request_id=request.id),
    )
    return accreditation


def _check_status(accreditation: Accreditation, allowed, reason: str | None) -> None:
    if accreditation.status not in allowed:
        raise NotAllowedNow(_l("This is not possible for an accreditation with this status."))
    if reason is not None and not reason.strip():
        raise ActionRefused(_l("Give a reason."), field="reason")


def _change_status(
    accreditation: Accreditation,
    actor: User,
    allowed,
    new_status,
    reason: str,
    action: str,
    decision_kind: DecisionKind | None = None,
) -> None:
    _check_status(accreditation, allowed, reason or "")
    old = accreditation.status
    accreditation.status = new_status
    if new_status in (AccreditationStatus.SUSPENDED, AccreditationStatus.WITHDRAWN):
        accreditation.ended_at = utcnow()
        accreditation.end_reason = reason.strip()
    db.session.flush()
    record(
        actor,
        action,
        accreditation,
        from_status=old.value,
        to_status=new_status.value,
        reason=reason.strip(),
    )
    subject = _l("The accreditation of your programme has changed")
    if decision_kind is None:
        notify(
            provider_contacts(accreditation.programme.provider),
            subject,
            "accreditation_status",
            "programmes.detail",
            {"programme_id": accreditation.programme_id},
            accreditation=accreditation,
            reason=reason.strip(),
        )
        return
    decision = record_decision(
        decision_kind,
        accreditation,
        outcome=new_status.value,
        actor=actor,
        grounds=reason.strip(),
        details={"from_status": old.value},
    )
    announce_decision(
        decision,
        subject,
        "accreditation_status",
        accreditation=accreditation,
        reason=reason.strip(),
        link=absolute_url("programmes.detail", programme_id=accreditation.programme_id),
    )


LIVE = (AccreditationStatus.ACTIVE, AccreditationStatus.CONDITIONAL)


def suspend_accreditation(accreditation: Accreditation, actor: User, reason: str) -> None:
    """Suspend a current accreditation, with a reason (shown to the provider)."""
    _change_status(
        accreditation, actor, LIVE, AccreditationStatus.SUSPENDED, reason, "accreditation.suspended"
    )


WITHDRAWABLE = (*LIVE, AccreditationStatus.SUSPENDED)


def check_withdrawal(accreditation: Accreditation, reason: str | None = None) -> None:
    """Refuse a withdrawal the status does not allow, or one without a reason."""
    _check_status(accreditation, WITHDRAWABLE, reason)


def withdraw_accreditation(
    accreditation: Accreditation, actor: User, reason: str, *, confirmed_by: User | None = None
) -> None:
    """Withdraw a current or suspended accreditation, with a reason (sent to the provider).
    A grave action: decided by ``actor``, confirmed by a second registrar
    (``confirmed_by``, see ``register.accreditation.grave_actions``); stored as made."""
    if confirmed_by is None or confirmed_by.id == actor.id:
        raise NotAllowedNow(
            _l("This takes a second registrar: propose it, and another registrar confirms it.")
        )
    before = accreditation.status
    _change_status(
        accreditation,
        actor,
        WITHDRAWABLE,
        AccreditationStatus.WITHDRAWN,
        reason,
        "accreditation.withdrawn",
        DecisionKind.ACCREDITATION_WITHDRAWAL,
    )
    record_decision(
        DecisionKind.ACCREDITATION_WITHDRAWAL,
        accreditation,
        outcome=AccreditationStatus.WITHDRAWN.value,
        actor=actor,
        grounds=reason.strip(),
        details={
            "programme_id": accreditation.programme_id,
            "from_status": before.value,
            "valid_from": accreditation.valid_from,
            "valid_until": accreditation.valid_until,
        },
        confirmed_by=confirmed_by,
        effective_on=accreditation.ended_at.date(),
    )


def reinstate_accreditation(accreditation: Accreditation, actor: User, reason: str) -> None:
    """Lift a suspension: back to active, or conditional while conditions are open."""
    open_conditions = db.session.scalar(
        select(AccreditationCondition.id).where(
            AccreditationCondition.accreditation_id == accreditation.id,
            AccreditationCondition.status != ConditionStatus.MET,
        )
    )
    target = AccreditationStatus.CONDITIONAL if open_conditions else AccreditationStatus.ACTIVE
    _change_status(
        accreditation,
        actor,
        (AccreditationStatus.SUSPENDED,),
        target,
        reason,
        "accreditation.reinstated",
    )
    accreditation.ended_at = accreditation.end_reason = None
    db.session.flush()


def mark_condition_met(
    condition: AccreditationCondition, actor: User, answer: ConditionAnswer | None = None
) -> None:
    """The registrar confirms a condition is met, on the provider's ``answer`` (by default
    the answer waiting for review, if any): the answer is recorded as accepted and named in
    the audit record. When no condition remains open the accreditation becomes active."""
    if condition.status is ConditionStatus.MET:
        raise NotAllowedNow(_l("This condition has already been marked as met."))
    answer = answer or condition.pending_answer()
    if answer is not None:
        if answer.condition_id != condition.id or answer.outcome is not AnswerOutcome.PENDING:
            raise NotAllowedNow(_l("This answer has already been dealt with."))
        reviewer, now = actor.id, utcnow()  # read before the change (no autoflush half-way)
        answer.reviewed_by_id, answer.reviewed_at = reviewer, now
        answer.outcome = AnswerOutcome.ACCEPTED
    condition.status, condition.met_at = ConditionStatus.MET, utcnow()
    db.session.flush()
    record(
        actor,
        "accreditation_condition.met",
        condition,
        request_id=condition.request_id,
        answer_id=answer.id if answer else None,
        files=[f.file.sha256 for f in answer.files] if answer else [],
    )
    accreditation = condition.accreditation
    if (
        accreditation is not None
        and accreditation.status is AccreditationStatus.CONDITIONAL
        and all(c.status is ConditionStatus.MET for c in condition.request.conditions)
    ):
        accreditation.status = AccreditationStatus.ACTIVE
        db.session.flush()
        record(actor, "accreditation.conditions_met", accreditation)


def lapse_accreditations(day: dt.date) -> int:
    """Daily job: accreditations whose end date has passed lapse. Idempotent."""
    rows = db.session.scalars(
        select(Accreditation).where(
            Accreditation.status.in_([*LIVE, AccreditationStatus.SUSPENDED]),
            Accreditation.valid_until < day,
        )
    ).all()
    for accreditation in rows:
        old = accreditation.status
        accreditation.status = AccreditationStatus.LAPSED
        record(
            None,
            "accreditation.lapsed",
            accreditation,
            from_status=old.value,
            valid_until=accreditation.valid_until.isoformat(),
        )
    db.session.flush()
    return len(rows)


def flag_overdue_conditions(day: dt.date) -> int:
    """Daily job: open conditions past their deadline become overdue and the registrars are
    told once. Idempotent: flagged conditions are not flagged again."""
    rows = db.session.scalars(
        select(AccreditationCondition)
        .where(
            AccreditationCondition.status == ConditionStatus.OPEN,
            AccreditationCondition.deadline < day,
        )
        .order_by(AccreditationCondition.id)
    ).all()
    for condition in rows:
        condition.status, condition.flagged_at = ConditionStatus.OVERDUE, utcnow()
        record(
            None,
            "accreditation_condition.overdue",
            condition,
            request_id=condition.request_id,
            deadline=condition.deadline.isoformat(),
        )
    if rows:
        notify(
            staff_recipients(),
            _l("Accreditation conditions are overdue"),
            "accreditation_overdue",
            "accreditation_review.conditions",
            conditions=rows,
        )
    db.session.flush()
    return len(rows)

"""Renewing and restoring (herregistratie, herstel onder hetzelfde nummer): what a
registrant may ask now, the request built from the log with its declaration and the draw
for an evidence check, the proof, and the decision (a registrar's, or automatic where the
policy allows it and the request was not drawn). One function per action; each audits,
queues e-mail, flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, replace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register import audit
from register.decisions import record_decision
from register.domain.decisions import DecisionKind
from register.domain.lifecycle import RegistrationAction, RegistrationStatus
from register.domain.renewal import (
    DECISION,
    OPEN_RENEWAL_STATES,
    RENEWAL_LIFECYCLE,
    SUBMISSION,
    RenewalAction,
    RenewalKind,
    RenewalProposal,
    RenewalState,
    evaluate_renewal,
    grace_applies,
    is_drawn,
    renewed_period,
    status_action,
)
from register.domain.trace import RuleOutcome
from register.errors import ActionRefused, NotAllowedNow, check_version
from register.extensions import db
from register.models.base import utcnow
from register.models.periods import PeriodKind
from register.models.registrations import Registration
from register.models.renewal import RenewalRequest
from register.policy import current_policies
from register.registrations.services import (
    change_status,
    current_period,
    notify_registrant,
    start_period,
)
from register.renewal.facts import last_lapse, local_date, renewal_facts

#: The draw for an evidence check; tests and the demo pass a seeded ``random.Random``.
SYSTEM_RANDOM = secrets.SystemRandom()
_REQUIREMENTS = (
    "renewal.practice_hours",
    "renewal.development_hours",
    "renewal.development_points",
)


def open_request(registration: Registration) -> RenewalRequest | None:
    """The registration's request that waits for a decision, if any."""
    return db.session.scalar(
        select(RenewalRequest).where(
            RenewalRequest.registration_id == registration.id,
            RenewalRequest.state.in_(OPEN_RENEWAL_STATES),
        )
    )


def requests_for(registration: Registration) -> list[RenewalRequest]:
    """Every renewal or restoration request of the registration, newest first."""
    return list(
        db.session.scalars(
            select(RenewalRequest)
            .where(RenewalRequest.registration_id == registration.id)
            .order_by(RenewalRequest.submitted_at.desc(), RenewalRequest.id.desc())
        )
    )


# --- what the registrant may ask now ---------------------------------------------------------


@dataclass(frozen=True)
class RenewalOption:
    """What the registrant can do today: a renewal or restoration to ask (``kind``), a
    request already waiting (``waiting``), or neither, with the reason."""

    kind: RenewalKind | None = None
    waiting: RenewalRequest | None = None
    reason: object = None  # a lazy text when nothing can be asked
    opens_on: dt.date | None = None
    grace_until: dt.date | None = None
    restore_until: dt.date | None = None

    @property
    def allowed(self) -> bool:
        return self.kind is not None

    @property
    def restoring(self) -> bool:
        return self.kind is RenewalKind.RESTORATION


def renewal_option(registration: Registration, today: dt.date) -> RenewalOption:
    """Whether ``registration`` may be renewed or restored on ``today``, and if not, why."""
    policy = current_policies().renewal
    waiting = open_request(registration)
    until = registration.valid_until
    dates = {
        "opens_on": policy.window_opens_on(until),
        "grace_until": policy.grace_ends_on(until),
    }
    status = registration.status
    if waiting is not None:
        return RenewalOption(waiting=waiting, **dates)
    if status is RegistrationStatus.ACTIVE:
        if today < dates["opens_on"]:
            reason = _l(
                "You can renew from %(date)s: the renewal window opens %(days)s days before "
                "the end date.",
                date=_date(dates["opens_on"]),
                days=policy.window_days,
            )
            return RenewalOption(reason=reason, **dates)
        late = today > until
        if late and not (grace_applies(policy, False) and today <= dates["grace_until"]):
            return RenewalOption(reason=_l("The end date of your registration has passed."))
        return RenewalOption(kind=RenewalKind.RENEWAL, **dates)
    if status is RegistrationStatus.GRACE:
        return RenewalOption(kind=RenewalKind.RENEWAL, **dates)
    if status is RegistrationStatus.LAPSED:
        lapse = last_lapse(registration)
        lapsed_on = local_date(lapse.at) if lapse else until
        restore_until = policy.restore_until(lapsed_on)
        if lapse is not None and lapse.from_status is RegistrationStatus.SUSPENDED:
            return RenewalOption(
                reason=_l(
                    "Your registration lapsed while it was suspended. Contact the register "
                    "about restoring it."
                ),
                restore_until=restore_until,
            )
        if today > restore_until:
            return RenewalOption(
                reason=_l(
                    "Restoring under the same number was possible until %(date)s. You can "
                    "apply to be registered again.",
                    date=_date(restore_until),
                ),
                restore_until=restore_until,
            )
        return RenewalOption(kind=RenewalKind.RESTORATION, restore_until=restore_until)
    if status is RegistrationStatus.SUSPENDED:
        return RenewalOption(
            reason=_l("A suspended registration cannot be renewed now. Contact the register.")
        )
    return RenewalOption(reason=_l("A struck-off registration cannot be renewed or restored."))


def _date(day: dt.date) -> str:
    from register.rule_display import show_date

    return show_date(day)


# --- the request ---------------------------------------------------------------------------


def _short(trace) -> bool:
    """A requirement that is not met, even counting the confirmations asked for."""
    return any(
        r.rule in _REQUIREMENTS and r.outcome in (RuleOutcome.MISSING, RuleOutcome.FAILED)
        for r in trace.results
    )


def submit_request(
    registration: Registration,
    actor,
    *,
    declared: bool,
    note: str | None,
    today: dt.date,
    rng=None,
) -> RenewalRequest:
    """Ask to renew (or restore) ``registration`` from its log, with the declaration that
    the log is true and complete. A requirement not met needs an explanation for the
    registrar. The request is drawn for an evidence check at the policy's share (the draw
    and its inputs are recorded on the request and in the audit log)."""
    option = renewal_option(registration, today)
    if option.waiting is not None:
        raise NotAllowedNow(_l("A request is already waiting for a decision."))
    if not option.allowed:
        raise NotAllowedNow(option.reason)
    if not declared:
        raise ActionRefused(
            _l("Tick the declaration that your log is true and complete."), "declaration"
        )
    policy = current_policies().renewal
    facts = replace(renewal_facts(registration, today), declared=True, requested_on=today)
    trace = evaluate_renewal(policy, facts, SUBMISSION)
    note = (note or "").strip() or None
    if _short(trace) and note is None:
        raise ActionRefused(
            _l(
                "Not every requirement is met. Explain why, so that the registrar can take it "
                "into account."
            ),
            "note",
        )
    period = current_period(registration)
    value = (rng or SYSTEM_RANDOM).random()
    drawn = is_drawn(policy.draw_share, value)
    now = utcnow()
    draw = {
        "share": policy.draw_share,
        "value": value,
        "drawn": drawn,
        "method": "seeded" if rng is not None else "secrets.SystemRandom",
        "at": now.isoformat(),
    }
    request = RenewalRequest(
        registration_id=registration.id,
        period_id=period.id,
        kind=option.kind,
        state=RenewalState.SUBMITTED,
        submitted_at=now,
        declared_at=now,
        note=note,
        drawn=drawn,
        draw=draw,
        submission_trace=trace.to_json(),
        policy_version=policy.version,
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        actor,
        "renewal.submitted",
        request,
        registration=registration.id,
        kind=request.kind.value,
        proposal=trace.proposal.value,
        policy_version=policy.version,
    )
    audit.record(None, "renewal.drawn" if drawn else "renewal.not_drawn", request, **draw)
    if drawn:
        request.state = RENEWAL_LIFECYCLE.next_state(request.state, RenewalAction.REQUEST_PROOF)
    notify_registrant(
        registration,
        "renewal_submitted",
        _l("We have received your request: %(number)s", number=registration.number),
        request=request,
    )
    db.session.flush()
    maybe_approve_automatically(request, today)
    return request


def send_proof(request: RenewalRequest, actor, today: dt.date) -> None:
    """A drawn request: the registrant sends the proof behind the log to the registrar."""
    RENEWAL_LIFECYCLE.next_state(request.state, RenewalAction.SEND_PROOF)
    trace = evaluate_renewal(
        current_policies().renewal,
        renewal_facts(request.registration, today, request),
        DECISION,
    )
    proof = trace.result("renewal.proof")
    if proof is not None and proof.outcome is not RuleOutcome.PASSED:
        raise ActionRefused(_l("Add the proof to every line that still needs it first."))
    request.state = RENEWAL_LIFECYCLE.next_state(request.state, RenewalAction.SEND_PROOF)
    request.proof_sent_at = utcnow()
    db.session.flush()
    audit.record(actor, "renewal.proof_sent", request, registration=request.registration_id)


def withdraw_request(request: RenewalRequest, actor, today: dt.date) -> None:
    """The registrant withdraws a request that waits for a decision."""
    request.state = RENEWAL_LIFECYCLE.next_state(request.state, RenewalAction.WITHDRAW)
    db.session.flush()
    audit.record(actor, "renewal.withdrawn", request, registration=request.registration_id)
    _end_grace_if_due(request.registration, today)


# --- the decision --------------------------------------------------------------------------


def decision_evaluation(request: RenewalRequest, today: dt.date):
    """The rules' evaluation of ``request`` for its decision (an open request's live one)."""
    return evaluate_renewal(
        current_policies().renewal,
        renewal_facts(request.registration, today, request),
        DECISION,
    )


def decide_request(
    request: RenewalRequest,
    actor,
    *,
    approve: bool,
    grounds: str | None,
    today: dt.date,
    expected_version: int | None = None,
) -> None:
    """A registrar approves or refuses. Approving against the rules' proposal needs grounds
    (and is marked as a departure); a refusal always gives its grounds to the registrant."""
    check_version(request, expected_version)
    action = RenewalAction.APPROVE if approve else RenewalAction.REFUSE
    RENEWAL_LIFECYCLE.next_state(request.state, action)
    trace = decision_evaluation(request, today)
    grounds = (grounds or "").strip() or None
    proposes_approval = trace.proposal is RenewalProposal.APPROVE
    if approve and not proposes_approval and grounds is None:
        raise ActionRefused(
            _l("The rules do not propose approval. Explain why you approve."), "grounds"
        )
    if not approve and grounds is None:
        raise ActionRefused(_l("Give the reason for the refusal."), "grounds")
    if approve:
        _approve(request, actor, trace, grounds, not proposes_approval, today)
    else:
        _refuse(request, actor, trace, grounds, proposes_approval, today)


def maybe_approve_automatically(request: RenewalRequest, today: dt.date) -> bool:
    """Approve without a registrar where the policy allows it, the request was not drawn
    and every rule is met; otherwise leave it to a registrar."""
    if not current_policies().renewal.automatic_approval or request.drawn:
        return False
    if request.state is not RenewalState.SUBMITTED:
        return False
    trace = decision_evaluation(request, today)
    if trace.proposal is not RenewalProposal.APPROVE:
        return False
    _approve(request, None, trace, None, False, today)
    return True


def _decision_kind(request: RenewalRequest) -> DecisionKind:
    return (
        DecisionKind.RESTORATION
        if request.kind is RenewalKind.RESTORATION
        else (DecisionKind.RENEWAL)
    )


def _close(request: RenewalRequest, action: RenewalAction, actor, decision) -> None:
    request.state = RENEWAL_LIFECYCLE.next_state(request.state, action)
    request.decided_at = utcnow()
    request.decided_by_id = getattr(actor, "id", None)
    request.decision_id = decision.id


def _record(request, outcome, actor, trace, grounds, departs: bool, details, effective_on=None):
    """The stored decision on ``request`` (its trace, proposal and whether it departs from
    it); the details always name the registration and whether the request was drawn."""
    registration = request.registration
    return record_decision(
        _decision_kind(request),
        request,
        outcome=outcome,
        actor=actor,
        person=registration.user_id,
        grounds=grounds,
        trace=trace,
        proposal=trace.proposal.value,
        departs_from_proposal=departs,
        details={"registration": registration.number, **details, "drawn": request.drawn},
        effective_on=effective_on,
    )


def _approve(request, actor, trace, grounds, departs: bool, today: dt.date) -> None:
    registration = request.registration
    policy = current_policies().renewal
    lapsed = registration.status is RegistrationStatus.LAPSED
    start, until = renewed_period(
        policy, request.kind, request.period.valid_until, today, lapsed=lapsed
    )
    decision = _record(
        request,
        "approved",
        actor,
        trace,
        grounds,
        departs,
        {"valid_from": start, "valid_until": until, "automatic": actor is None},
        effective_on=start,
    )
    kind = PeriodKind.RESTORATION if request.kind is RenewalKind.RESTORATION else PeriodKind.RENEWAL
    start_period(registration, kind, registration.tier, start, until, decision, today=today)
    restoring = request.kind is RenewalKind.RESTORATION
    change_status(
        registration, RegistrationAction.RESTORE if restoring else RegistrationAction.RENEW, actor
    )
    _close(request, RenewalAction.APPROVE, actor, decision)
    db.session.flush()
    audit.record(
        actor,
        "renewal.approved",
        request,
        registration=registration.id,
        decision=decision.id,
        valid_from=start.isoformat(),
        valid_until=until.isoformat(),
        automatic=actor is None,
    )
    notify_registrant(
        registration,
        "renewal_decided",
        _l("Your registration has been renewed: %(number)s", number=registration.number)
        if not restoring
        else _l("Your registration has been restored: %(number)s", number=registration.number),
        request=request,
        decision=decision,
        approved=True,
    )


def _refuse(request, actor, trace, grounds, departs: bool, today: dt.date) -> None:
    registration = request.registration
    decision = _record(request, "refused", actor, trace, grounds, departs, {})
    _close(request, RenewalAction.REFUSE, actor, decision)
    db.session.flush()
    audit.record(
        actor, "renewal.refused", request, registration=registration.id, decision=decision.id
    )
    notify_registrant(
        registration,
        "renewal_decided",
        _l("Decision on your request: %(number)s", number=registration.number),
        request=request,
        decision=decision,
        approved=False,
    )
    _end_grace_if_due(registration, today)


def _end_grace_if_due(registration: Registration, today: dt.date) -> None:
    """A registration kept in grace by the request that was just closed lapses now, as the
    daily job would (``register.renewal.jobs``)."""
    from register.renewal.jobs import lapse

    if registration.status is not RegistrationStatus.GRACE:
        return
    action = status_action(
        current_policies().renewal,
        registration.status,
        registration.valid_until,
        today,
        renewal_open=open_request(registration) is not None,
    )
    if action is RegistrationAction.LAPSE:
        lapse(registration)

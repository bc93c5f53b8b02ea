"""Proposing, confirming, rejecting, withdrawing and lapsing grave actions. Services flush;
they never commit. Every step is audited."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from register import audit
from register.decisions.services import subject_key
from register.domain.four_eyes import (
    PROPOSAL_LIFECYCLE,
    ProposalAction,
    ProposalState,
    has_lapsed,
    lapses_on,
    may_decide,
)
from register.errors import ActionRefused, NotAllowedNow, check_version
from register.extensions import db
from register.four_eyes.registry import get_action
from register.models.base import utcnow
from register.models.decisions import ActionProposal
from register.policy import current_policies


def pending_proposal(kind: str, subject) -> ActionProposal | None:
    """The pending proposal of ``kind`` for ``subject``, if there is one."""
    subject_type, subject_id = subject_key(subject)
    return db.session.scalar(
        select(ActionProposal).where(
            ActionProposal.kind == kind,
            ActionProposal.subject_type == subject_type,
            ActionProposal.subject_id == subject_id,
            ActionProposal.state == ProposalState.PENDING,
        )
    )


def pending_for(subject) -> list[ActionProposal]:
    """Every pending proposal about ``subject`` (shown on its page to staff)."""
    subject_type, subject_id = subject_key(subject)
    return list(
        db.session.scalars(
            select(ActionProposal)
            .where(
                ActionProposal.subject_type == subject_type,
                ActionProposal.subject_id == subject_id,
                ActionProposal.state == ProposalState.PENDING,
            )
            .order_by(ActionProposal.id)
        )
    )


def pending_count() -> int:
    """How many proposals wait for a second registrar (the registrars' navigation)."""
    return db.session.scalar(
        select(func.count(ActionProposal.id)).where(ActionProposal.state == ProposalState.PENDING)
    )


def proposal_title(proposal: ActionProposal) -> str:
    """The words naming a proposal's action (its kind when no feature declares it)."""
    try:
        return str(get_action(proposal.kind).title)
    except KeyError:
        return proposal.kind


def subject_of(proposal: ActionProposal):
    """The record a proposal is about."""
    return db.session.get(get_action(proposal.kind).model, proposal.subject_id)


def propose(
    kind: str, subject, actor, *, reason: str, payload: dict | None = None, today: dt.date
) -> ActionProposal:
    """Propose a grave action: checked now, carried out only when a second registrar
    confirms it before it lapses. One pending proposal per action and subject."""
    action = get_action(kind)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_l("Give the reason for this proposal."), field="reason")
    payload = audit.json_safe(dict(payload or {}))
    if action.validate is not None:
        action.validate(subject, payload)
    if pending_proposal(kind, subject) is not None:
        raise NotAllowedNow(
            _l("This action has already been proposed and waits for a second registrar.")
        )
    policy = current_policies().decisions
    subject_type, subject_id = subject_key(subject)
    proposal = ActionProposal(
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload,
        reason=reason,
        proposed_by_id=actor.id,
        lapses_on=lapses_on(today, policy.four_eyes.lapse_after_days),
        policy_version=policy.version,
    )
    db.session.add(proposal)
    db.session.flush()
    audit.record(
        actor,
        "proposal.created",
        proposal,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload,
        lapses_on=proposal.lapses_on,
    )
    return proposal


def _decide(
    proposal: ActionProposal,
    actor,
    action: ProposalAction,
    *,
    today: dt.date,
    expected_version: int | None,
    note: str | None = None,
) -> ProposalState:
    check_version(proposal, expected_version)
    after = PROPOSAL_LIFECYCLE.next_state(proposal.state, action)
    if not may_decide(proposal.proposed_by_id, getattr(actor, "id", None), action):
        if action is ProposalAction.WITHDRAW:
            raise ActionRefused(_l("Only the registrar who proposed this can withdraw it."))
        raise ActionRefused(_l("A second registrar must decide on this: you proposed it yourself."))
    if has_lapsed(proposal.lapses_on, today):
        raise NotAllowedNow(_l("This proposal has lapsed: nobody confirmed it in time."))
    proposal.state = after
    if action is not ProposalAction.WITHDRAW:  # the proposer withdrawing decides nothing
        proposal.decided_by_id = actor.id
    proposal.decided_at = utcnow()
    proposal.decision_note = (note or "").strip() or None
    return after


def confirm(
    proposal: ActionProposal, actor, *, today: dt.date, expected_version: int | None = None
):
    """A second registrar confirms: the action is checked again and carried out now."""
    action = get_action(proposal.kind)
    _decide(proposal, actor, ProposalAction.CONFIRM, today=today, expected_version=expected_version)
    subject = subject_of(proposal)
    if action.validate is not None:
        action.validate(subject, proposal.payload)
    result = action.execute(
        subject,
        proposal.payload,
        proposer=proposal.proposed_by,
        confirmer=actor,
        reason=proposal.reason,
    )
    db.session.flush()
    audit.record(actor, "proposal.confirmed", proposal, kind=proposal.kind)
    return result


def reject(
    proposal: ActionProposal,
    actor,
    *,
    note: str,
    today: dt.date,
    expected_version: int | None = None,
) -> None:
    """A second registrar rejects: nothing happens to the subject; the note says why."""
    if not (note or "").strip():
        raise ActionRefused(_l("Say why you reject this proposal."), field="note")
    _decide(
        proposal,
        actor,
        ProposalAction.REJECT,
        today=today,
        expected_version=expected_version,
        note=note,
    )
    db.session.flush()
    audit.record(actor, "proposal.rejected", proposal, kind=proposal.kind, note=note.strip())


def withdraw(
    proposal: ActionProposal, actor, *, today: dt.date, expected_version: int | None = None
) -> None:
    """The proposer takes the proposal back."""
    _decide(
        proposal, actor, ProposalAction.WITHDRAW, today=today, expected_version=expected_version
    )
    db.session.flush()
    audit.record(actor, "proposal.withdrawn", proposal, kind=proposal.kind)


def lapse_overdue_proposals(today: dt.date) -> int:
    """The daily job: every pending proposal whose lapse date has come lapses (idempotent)."""
    overdue = db.session.scalars(
        select(ActionProposal).where(
            ActionProposal.state == ProposalState.PENDING, ActionProposal.lapses_on <= today
        )
    ).all()
    for proposal in overdue:
        proposal.state = PROPOSAL_LIFECYCLE.next_state(proposal.state, ProposalAction.LAPSE)
        proposal.decided_at = utcnow()
        audit.record(None, "proposal.lapsed", proposal, kind=proposal.kind)
    db.session.flush()
    return len(overdue)

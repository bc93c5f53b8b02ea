"""Changing a registered name: a registrant's request with proof, the registrar's decision,
withdrawing, and a registrar's correction of a typo. One function per action; each checks
the rules (``register.domain.name_change``), stores the decision with its trace, keeps the
old name in the registration's name history, audits, e-mails the registrant and flushes.
Services never commit.

The public register's search keys follow the new name through the registration's own
listener (``register.models.registrations``).
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register import audit
from register.decisions.services import record_decision
from register.domain.decisions import DecisionKind
from register.domain.eligibility import Proposal
from register.domain.name_change import (
    NAME_CHANGE_LIFECYCLE,
    NameChangeAction,
    NameChangeKind,
    NameChangeState,
    PersonName,
    evaluate_name_change,
    evaluate_name_correction,
)
from register.domain.rule_texts import RULE_TEXTS
from register.domain.trace import RuleOutcome, Trace
from register.errors import ActionRefused, NotAllowedNow, check_version
from register.extensions import db
from register.mail import queue_email
from register.models.base import utcnow
from register.models.decisions import Decision
from register.models.names import NameChangeRequest, RegistrationNameChange
from register.models.registrations import Registration
from register.objections.notices import announce_decision
from register.policy import current_policies
from register.uploads import store_upload

#: the form field a failing rule's advice belongs on
_RULE_FIELDS = {
    "name.complete": "given_names",
    "name.differs": "surname",
    "name_correction.small": "surname",
    "name_change.proof": "proof",
}


def registered_name(registration: Registration) -> PersonName:
    """The name the register shows now."""
    return PersonName.of(
        registration.given_names, registration.surname_prefix, registration.surname
    )


def pending_request(registration: Registration) -> NameChangeRequest | None:
    """The registration's request that waits for a decision (at most one)."""
    return db.session.scalar(
        select(NameChangeRequest).where(
            NameChangeRequest.registration_id == registration.id,
            NameChangeRequest.state == NameChangeState.PENDING,
        )
    )


def latest_request(registration: Registration) -> NameChangeRequest | None:
    """The registration's most recent request, whatever became of it."""
    return db.session.scalar(
        select(NameChangeRequest)
        .where(NameChangeRequest.registration_id == registration.id)
        .order_by(NameChangeRequest.id.desc())
        .limit(1)
    )


def _refuse_unless_passed(trace: Trace) -> None:
    """Raise the first rule that did not pass as a refusal on its form field."""
    for result in trace.results:
        if result.outcome is RuleOutcome.PASSED:
            continue
        if result.rule == "name_change.proof":
            message = _l("Add proof of the change of name, for example a marriage certificate.")
        elif result.rule == "name.complete":
            message = _l("Fill in the given names and the surname.")
        else:
            texts = RULE_TEXTS[result.rule]
            values = {key: fact.value for key, fact in result.facts.items()}
            message = _l(texts.advice or texts.title, **values)
        raise ActionRefused(message, field=_RULE_FIELDS.get(result.rule))


def _notify(registration: Registration, subject, template: str, **ctx) -> None:
    user = registration.user
    if user is None or not user.email:
        return
    queue_email(
        user.email, subject, template, locale=user.locale or None, registration=registration, **ctx
    )


def request_name_change(
    registration: Registration,
    actor,
    *,
    given_names: str,
    surname_prefix: str | None,
    surname: str,
    explanation: str | None,
    upload,
) -> NameChangeRequest:
    """The registrant asks for another registered name, with proof. Refused while another
    request waits, for a registration that has ended, for the name it has already, and
    without proof (a refused file is refused on the proof field before anything is kept)."""
    if registration.has_ended:
        raise NotAllowedNow(_l("The name of a registration that has ended cannot be changed."))
    if pending_request(registration) is not None:
        raise NotAllowedNow(
            _l(
                "You have already asked for a change of name. Wait for the decision, or "
                "withdraw that request first."
            )
        )
    requested = PersonName.of(given_names, surname_prefix, surname)
    has_proof = upload is not None and bool(upload.filename)
    _refuse_unless_passed(evaluate_name_change(registered_name(registration), requested, has_proof))
    stored = store_upload(upload, actor, field="proof")
    request = NameChangeRequest(
        registration=registration,
        requested_by_id=actor.id,
        given_names=requested.given_names,
        surname_prefix=requested.surname_prefix,
        surname=requested.surname,
        explanation=(explanation or "").strip() or None,
        proof=stored,
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        actor,
        "name_change.requested",
        request,
        registration=registration.number,
        proof_sha256=stored.sha256,
    )
    _notify(
        registration,
        _l("We have received your request to change your name"),
        "name_change_received",
        request=request,
    )
    return request


def withdraw_name_change(request: NameChangeRequest, actor) -> None:
    """The registrant takes back a request that waits for a decision."""
    request.state = NAME_CHANGE_LIFECYCLE.next_state(request.state, NameChangeAction.WITHDRAW)
    db.session.flush()
    audit.record(actor, "name_change.withdrawn", request, registration=request.registration.number)


def _apply_name(
    registration: Registration,
    new: PersonName,
    kind: NameChangeKind,
    actor,
    *,
    decision: Decision,
    reason: str | None = None,
    request: NameChangeRequest | None = None,
) -> RegistrationNameChange:
    """Give the registration ``new`` as its name; the old one goes to the name history."""
    old = registered_name(registration)
    change = RegistrationNameChange(
        kind=kind,
        old_given_names=registration.given_names,
        old_surname_prefix=registration.surname_prefix or "",
        old_surname=registration.surname,
        new_given_names=new.given_names,
        new_surname_prefix=new.surname_prefix,
        new_surname=new.surname,
        reason=reason,
        request_id=getattr(request, "id", None),
        decision_id=decision.id,
        by_id=getattr(actor, "id", None),
    )
    registration.name_history.append(change)
    registration.given_names, registration.surname_prefix, registration.surname = new.parts
    db.session.flush()
    audit.record(
        actor,
        "registration.name_changed",
        registration,
        number=registration.number,
        kind=kind.value,
        old_name=old.full,
        decision_id=decision.id,
    )
    return change


def decide_name_change(
    request: NameChangeRequest,
    actor,
    *,
    approve: bool,
    grounds: str | None,
    today: dt.date,
    expected_version: int | None,
) -> Decision:
    """A registrar approves (the public name changes at once) or refuses (a reason for the
    registrant is required) a request. The decision is stored with the rules' trace."""
    check_version(request, expected_version)
    action = NameChangeAction.APPROVE if approve else NameChangeAction.REFUSE
    after = NAME_CHANGE_LIFECYCLE.next_state(request.state, action)
    grounds = (grounds or "").strip() or None
    if not approve and grounds is None:
        raise ActionRefused(_l("Give the reason for the refusal."), field="grounds")
    registration = request.registration
    current = registered_name(registration)
    trace = evaluate_name_change(current, request.requested_name, has_proof=True)
    if approve:
        _refuse_unless_passed(trace)
    actor_id = actor.id  # loaded before the change: an autoflush meanwhile sees it whole
    request.decided_at = utcnow()
    request.decided_by_id = actor_id
    request.decision_reason = grounds
    request.state = after
    decision = record_decision(
        DecisionKind.NAME_CHANGE,
        request,
        outcome=after.value,
        actor=actor,
        person=registration.user_id,
        grounds=grounds,
        trace=trace,
        proposal=trace.proposal.value,
        departs_from_proposal=approve != (trace.proposal is Proposal.APPROVE),
        details={
            "registration": registration.number,
            "current_name": current.full,
            "requested_name": request.requested_name.full,
        },
        effective_on=today,
    )
    if approve:
        _apply_name(
            registration,
            request.requested_name,
            NameChangeKind.REQUEST,
            actor,
            decision=decision,
            request=request,
        )
    audit.record(actor, f"name_change.{after.value}", request, registration=registration.number)
    announce_decision(
        decision,
        _l("Decision on your request to change your name"),
        "name_change_decided",
        today=today,
        registration=registration,
        request=request,
        approved=approve,
    )
    return decision


def correct_name(
    registration: Registration,
    actor,
    *,
    given_names: str,
    surname_prefix: str | None,
    surname: str,
    reason: str,
    today: dt.date,
    expected_version: int | None,
) -> RegistrationNameChange:
    """A registrar corrects a typo in a registered name: a reason is required (internal), and
    the change may be at most the policy's number of single-character edits
    (``name_correction.max_edits``); anything bigger needs the registrant's request with
    proof. Stored as a decision with its trace; the registrant is told."""
    check_version(registration, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_l("Give the reason for the correction."), field="reason")
    policy = current_policies().registration.name_correction
    current = registered_name(registration)
    corrected = PersonName.of(given_names, surname_prefix, surname)
    trace = evaluate_name_correction(policy, current, corrected)
    _refuse_unless_passed(trace)
    decision = record_decision(
        DecisionKind.NAME_CHANGE,
        registration,
        outcome="corrected",
        actor=actor,
        person=registration.user_id,
        trace=trace,
        proposal=trace.proposal.value,
        details={"current_name": current.full, "corrected_name": corrected.full},
        effective_on=today,
    )
    change = _apply_name(
        registration, corrected, NameChangeKind.CORRECTION, actor, decision=decision, reason=reason
    )
    announce_decision(
        decision,
        _l("We have corrected your name in the register"),
        "name_corrected",
        today=today,
        registration=registration,
        change=change,
    )
    return change

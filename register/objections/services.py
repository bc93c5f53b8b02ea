"""Objections (bezwaar): objecting online, and the registrar's handling — hearing, one
extension, excusing a late objection, and the decision. One function per action; services
flush, they never commit. Every step is audited; the objector hears of receipt, a hearing,
an extension and the decision by e-mail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from register import audit
from register.access import staff_recipients
from register.decisions import decisions_for, record_decision
from register.domain import objections as rules
from register.domain.decisions import DecisionKind
from register.domain.objections import (
    OBJECTION_LIFECYCLE,
    OBJECTION_OUTCOMES,
    OPEN_OBJECTION_STATES,
    ExtensionRefusal,
    ObjectionAction,
    ObjectionFacts,
    ObjectionState,
)
from register.domain.trace import Trace
from register.errors import ActionRefused, NotAllowedNow, check_version
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models import Base
from register.models.base import utcnow
from register.models.decisions import Decision
from register.models.objections import Objection, ObjectionFile
from register.objections.notices import (
    announce_decision,
    local_date,
    parties,
    record_notice,
    window,
)
from register.objections.registry import Remedy, remedy_for
from register.policy import current_policies
from register.uploads import store_upload

#: why the rules stop a decision, per blocking rule (shown on the decision form)
BLOCKED = {
    "objection.other_registrar": _l(
        "You took or confirmed the decision objected to. Another registrar must decide on "
        "this objection."
    ),
    "objection.delay_excused": _l(
        "This objection came in after the objection period. Excuse the delay first, or "
        "refuse the objection as late."
    ),
    "objection.in_time": _l(
        "Only an objection that came in late, without an excused delay, can be refused as late."
    ),
    "objection.hearing": _l(
        "The objector asked to be heard. Hold the hearing before you dismiss the objection."
    ),
}
NOT_INVOLVED = _l(
    "You took or confirmed the decision objected to. Another registrar must handle this objection."
)


def subject_of(decision: Decision):
    """The record a stored decision is about (an application, a registration, …)."""
    for mapper in Base.registry.mappers:
        if mapper.class_.__name__ == decision.subject_type:
            return db.session.get(mapper.class_, decision.subject_id)
    return None


def objection_for(decision: Decision) -> Objection | None:
    """The objection against ``decision``, if one was made."""
    return db.session.scalar(select(Objection).where(Objection.decision_id == decision.id))


def replacement_of(decision: Decision) -> Decision | None:
    """The decision that replaced ``decision``, if one did."""
    return db.session.scalar(
        select(Decision).where(Decision.replaces_id == decision.id).order_by(Decision.id)
    )


def why_not_open(decision: Decision) -> object | None:
    """None when ``decision`` can be objected to now (late objections included: the
    registrar decides on those); otherwise the reason, to show instead of the form."""
    if not window(decision).objectionable:
        return _l("This decision cannot be objected to.")
    if objection_for(decision) is not None:
        return _l("An objection against this decision has already been made.")
    if replacement_of(decision) is not None:
        return _l("This decision has been replaced by a later one.")
    return None


# --- the objector ----------------------------------------------------------------------------


def submit_objection(
    decision: Decision,
    objector,
    *,
    grounds: str,
    wants_hearing: bool,
    lateness_reason: str | None,
    uploads=(),
    today: dt.date,
) -> Objection:
    """Object to ``decision`` (the caller has checked that ``objector`` is its party):
    grounds are required; an objection after the period needs the reason for the delay
    and is received as late, for the registrar to excuse or refuse."""
    reason = why_not_open(decision)
    if reason is not None:
        raise NotAllowedNow(reason)
    policy = current_policies().objections
    grounds = (grounds or "").strip()
    if not grounds:
        raise ActionRefused(_l("Write why you object to this decision."), field="grounds")
    period = window(decision)
    late = rules.is_late(today, period.objection_until)
    lateness_reason = (lateness_reason or "").strip() or None
    if late and not lateness_reason:
        raise ActionRefused(
            _l("The objection period has ended. Explain why you object only now."),
            field="lateness_reason",
        )
    files = [upload for upload in uploads if upload and upload.filename]
    if len(files) > policy.max_files:
        raise ActionRefused(
            _l("Attach at most %(count)s files.", count=policy.max_files), field="files"
        )
    objection = Objection(
        decision_id=decision.id,
        objector_id=objector.id,
        grounds=grounds,
        wants_hearing=bool(wants_hearing) and policy.hearing_offered,
        received_on=today,
        objection_until=period.objection_until,
        late=late,
        lateness_reason=lateness_reason if late else None,
        decide_by=rules.decide_by(policy, period.objection_until, today),
        original_decided_by_id=decision.decided_by_id,
        original_confirmed_by_id=decision.confirmed_by_id,
        policy_version=policy.version,
    )
    for upload in files:
        objection.files.append(ObjectionFile(file=store_upload(upload, objector, field="files")))
    db.session.add(objection)
    db.session.flush()
    audit.record(
        objector,
        "objection.received",
        objection,
        decision_id=decision.id,
        late=late,
        wants_hearing=objection.wants_hearing,
        files=len(files),
        decide_by=objection.decide_by,
        policy_version=policy.version,
    )
    _tell_objector(objection, _l("We have received your objection"), "objection_received")
    link = absolute_url("objections.detail", objection_id=objection.id)
    for user in staff_recipients():
        queue_email(
            user.email,
            _l("A new objection has come in"),
            "objection_new",
            locale=user.locale,
            user=user,
            objection=objection,
            link=link,
        )
    return objection


def _tell_objector(objection: Objection, subject, template: str, **ctx) -> None:
    """E-mail the objector (and the other contacts of a provider) about ``objection``."""
    link = absolute_url("objections.my_decision", decision_id=objection.decision_id)
    recipients = {user.id: user for user in parties(objection.decision)}
    recipients.setdefault(objection.objector.id, objection.objector)
    for user in recipients.values():
        if user.email:
            queue_email(
                user.email,
                subject,
                template,
                locale=user.locale,
                user=user,
                objection=objection,
                link=link,
                **ctx,
            )


# --- the registrar ---------------------------------------------------------------------------


def may_handle(objection: Objection, actor) -> bool:
    """Whether ``actor`` neither took nor confirmed the decision objected to."""
    return rules.may_handle(
        getattr(actor, "id", None),
        objection.original_decided_by_id,
        objection.original_confirmed_by_id,
    )


def _begin(objection: Objection, actor, action: ObjectionAction, expected_version) -> None:
    check_version(objection, expected_version)
    OBJECTION_LIFECYCLE.next_state(objection.state, action)
    if not may_handle(objection, actor):
        raise ActionRefused(NOT_INVOLVED)


def _required(text: str | None, message, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActionRefused(message, field=field)
    return text


def schedule_hearing(
    objection: Objection,
    actor,
    *,
    hearing_on: dt.date | None,
    details: str,
    today: dt.date,
    expected_version: int | None,
) -> None:
    """Plan the hearing (a day from today on) and invite the objector with ``details``
    (time, place, how to join)."""
    _begin(objection, actor, ObjectionAction.SCHEDULE_HEARING, expected_version)
    if hearing_on is None:
        raise ActionRefused(_l("Give the date of the hearing."), field="hearing_on")
    if hearing_on < today:
        raise ActionRefused(_l("The hearing cannot be in the past."), field="hearing_on")
    details = _required(
        details, _l("Tell the objector the time and place of the hearing."), "details"
    )
    objection.state = OBJECTION_LIFECYCLE.next_state(
        objection.state, ObjectionAction.SCHEDULE_HEARING
    )
    objection.hearing_on, objection.hearing_details = hearing_on, details
    objection.hearing_scheduled_by_id = actor.id
    db.session.flush()
    audit.record(actor, "objection.hearing_scheduled", objection, hearing_on=hearing_on)
    _tell_objector(
        objection, _l("Invitation to the hearing on your objection"), "objection_hearing"
    )


def record_hearing(
    objection: Objection, actor, *, record: str, expected_version: int | None
) -> None:
    """Record that the hearing was held, with the register's note of what was said."""
    _begin(objection, actor, ObjectionAction.RECORD_HEARING, expected_version)
    record = _required(record, _l("Write down what was said at the hearing."), "record")
    objection.state = OBJECTION_LIFECYCLE.next_state(
        objection.state, ObjectionAction.RECORD_HEARING
    )
    objection.hearing_held_at, objection.hearing_held_by_id = utcnow(), actor.id
    objection.hearing_record = record
    db.session.flush()
    audit.record(actor, "objection.hearing_held", objection)


EXTENSION_REFUSED = {
    ExtensionRefusal.ALREADY_EXTENDED: _l(
        "The decision period has already been extended once. It cannot be extended again."
    ),
    ExtensionRefusal.DEADLINE_PASSED: _l(
        "The decision period has already ended. It can only be extended before it ends."
    ),
}


def extend_deadline(
    objection: Objection, actor, *, reason: str, today: dt.date, expected_version: int | None
) -> dt.date:
    """Extend the decision period once, before it ends, with a reason the objector is
    told (Awb 7:10 lid 3). Returns the new deadline."""
    _begin(objection, actor, ObjectionAction.EXTEND, expected_version)
    refusal = rules.extension_refusal(objection.extended, objection.deadline, today)
    if refusal is not None:
        raise NotAllowedNow(EXTENSION_REFUSED[refusal])
    reason = _required(reason, _l("Give the reason for the extension."), "reason")
    policy = current_policies().objections
    objection.extended_until = rules.extended_deadline(policy, objection.decide_by)
    objection.extended_at, objection.extended_by_id = utcnow(), actor.id
    objection.extension_reason = reason
    db.session.flush()
    audit.record(
        actor,
        "objection.extended",
        objection,
        decide_by=objection.decide_by,
        extended_until=objection.extended_until,
        policy_version=policy.version,
    )
    _tell_objector(
        objection, _l("The decision on your objection takes longer"), "objection_extended"
    )
    return objection.extended_until


def excuse_lateness(
    objection: Objection, actor, *, reason: str, expected_version: int | None
) -> None:
    """Excuse the delay of a late objection (recorded with the reason): it is then handled
    as if it had come in time."""
    _begin(objection, actor, ObjectionAction.EXCUSE_LATENESS, expected_version)
    if not objection.late:
        raise NotAllowedNow(_l("This objection came in on time: there is no delay to excuse."))
    if objection.lateness_excused_at is not None:
        raise NotAllowedNow(_l("The delay of this objection has already been excused."))
    reason = _required(reason, _l("Give the reason for excusing the delay."), "reason")
    objection.lateness_excused_at, objection.lateness_excused_by_id = utcnow(), actor.id
    objection.lateness_excuse_reason = reason
    db.session.flush()
    audit.record(actor, "objection.lateness_excused", objection)


def facts_of(objection: Objection) -> ObjectionFacts:
    """What the decision rules look at, from the objection as it stands."""
    return ObjectionFacts(
        received_on=objection.received_on,
        objection_until=objection.objection_until,
        lateness_excused=objection.lateness_excused_at is not None,
        hearing_requested=objection.wants_hearing,
        hearing_held=objection.hearing_held_at is not None,
        hearing_offered=current_policies().objections.hearing_offered,
        decide_by=objection.deadline,
        extended=objection.extended,
        original_decider_id=objection.original_decided_by_id,
        original_confirmer_id=objection.original_confirmed_by_id,
    )


def decision_check(objection: Objection, actor, today: dt.date) -> Trace:
    """The rules' trace for ``actor`` deciding ``objection`` today."""
    return rules.decision_trace(facts_of(objection), getattr(actor, "id", None), today)


def remedy_of(objection: Objection) -> Remedy:
    """What upholding this objection will do to the decision objected to."""
    return remedy_for(objection.decision.kind, objection.decision.outcome)


@dataclass(frozen=True)
class Outcome:
    """What deciding an objection recorded: the decision on the objection and, when upheld,
    the replacing decision and the registrar's next steps (None when carried out)."""

    objection_decision: Decision
    new_decision: Decision | None
    next_steps: object | None


def decide_objection(
    objection: Objection,
    actor,
    *,
    action: ObjectionAction,
    grounds: str,
    today: dt.date,
    expected_version: int | None,
) -> Outcome:
    """Decide: uphold (the original decision is replaced, its effect carried out where the
    owning feature declared how), dismiss, or refuse as late. Recorded as a decision of
    kind ``objection`` with the rules' trace; the objector receives it with its letter."""
    if action not in OBJECTION_OUTCOMES:
        raise ActionRefused(_l("Choose a decision."), field="outcome")
    check_version(objection, expected_version)
    after = OBJECTION_LIFECYCLE.next_state(objection.state, action)
    trace = decision_check(objection, actor, today)
    blocked = rules.blocking_rule(trace, action)
    if blocked is not None:
        raise ActionRefused(BLOCKED[blocked], field="outcome")
    grounds = _required(grounds, _l("Give the grounds for the decision."), "grounds")
    original = objection.decision
    outcome = OBJECTION_OUTCOMES[action]
    decision = record_decision(
        DecisionKind.OBJECTION,
        objection,
        outcome=outcome,
        actor=actor,
        person=original.person_id,
        grounds=grounds,
        trace=trace,
        details={
            "decision_id": original.id,
            "decision_kind": original.kind.value,
            "late": objection.late,
            "hearing_held": objection.hearing_held_at is not None,
        },
    )
    new_decision, next_steps = None, None
    if action is ObjectionAction.UPHOLD:
        new_decision, next_steps = _replace(objection, original, actor, grounds, today)
    objection.state = after
    objection.decided_at, objection.decided_by_id = utcnow(), actor.id
    objection.objection_decision_id = decision.id
    objection.new_decision_id = new_decision.id if new_decision else None
    db.session.flush()
    audit.record(
        actor,
        "objection.decided",
        objection,
        outcome=outcome.value,
        decision_id=decision.id,
        new_decision_id=objection.new_decision_id,
        carried_out=new_decision is not None and next_steps is None,
    )
    announce_decision(
        decision,
        _l("Decision on your objection"),
        "objection_decided",
        today=today,
        objection=objection,
        new_decision=new_decision,
        upheld=after is ObjectionState.UPHELD,
        dismissed=after is ObjectionState.DISMISSED,
    )
    return Outcome(decision, new_decision, next_steps)


def _replace(objection: Objection, original: Decision, actor, grounds: str, today: dt.date):
    """Record the decision that replaces ``original`` and carry out its effect."""
    remedy = remedy_of(objection)
    subject = subject_of(original)
    trace = remedy.evaluate(subject, today) if remedy.evaluate and subject is not None else None
    proposal = getattr(trace, "proposal", None)
    new_decision = record_decision(
        original.kind,
        subject if subject is not None else original,
        outcome=remedy.new_outcome,
        actor=actor,
        person=original.person_id,
        grounds=grounds,
        trace=trace,
        proposal=proposal.value if proposal is not None else None,
        departs_from_proposal=bool(trace is not None and remedy.departs and remedy.departs(trace)),
        details={"objection_id": objection.id},
        replaces=original,
    )
    record_notice(new_decision, today)
    if remedy.carry_out is not None and subject is not None:
        remedy.carry_out(subject, new_decision, actor=actor, today=today, grounds=grounds)
        return new_decision, None
    return new_decision, remedy.next_steps


# --- lists -----------------------------------------------------------------------------------

QUEUE_FILTERS = ("open", "decided", "all")


def queue_query(status: str = "open") -> Select:
    """Objections for the registrars' queue: open ones by the nearest deadline first;
    decided ones newest first."""
    deadline = func.coalesce(Objection.extended_until, Objection.decide_by)
    query = select(Objection)
    if status == "open":
        return query.where(Objection.state.in_(OPEN_OBJECTION_STATES)).order_by(
            deadline, Objection.id
        )
    if status == "decided":
        query = query.where(Objection.state.not_in(OPEN_OBJECTION_STATES))
    return query.order_by(Objection.received_at.desc(), Objection.id.desc())


def decisions_of_party(user) -> list[Decision]:
    """The decisions (other than on objections) that concern ``user``, newest first."""
    from register.access import decision_provider_id

    found = db.session.scalars(
        select(Decision)
        .where(Decision.kind != DecisionKind.OBJECTION, Decision.person_id == user.id)
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
    ).all()
    if user.role.value != "provider":
        return list(found)
    from register.models.accreditation import ProviderContact

    provider_id = db.session.scalar(
        select(ProviderContact.provider_id).where(ProviderContact.user_id == user.id)
    )
    candidates = db.session.scalars(
        select(Decision)
        .where(
            Decision.kind != DecisionKind.OBJECTION,
            Decision.person_id.is_(None),
            Decision.subject_type.in_(("Programme", "Accreditation", "AccreditationRequest")),
        )
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
    ).all()
    return [d for d in candidates if provider_id and decision_provider_id(d) == provider_id]


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a subject's decision history: a decision, an objection against one, or
    the decision on an objection."""

    on: dt.date
    decision: Decision | None
    objection: Objection | None


def decision_history(subject) -> list[HistoryEntry]:
    """Every decision about ``subject``, each objection against them and each decision on
    those objections, in the order they happened (a refusal, the objection, the decision
    on it, the approval that replaced the refusal)."""
    entries: list[tuple[dt.datetime, int, HistoryEntry]] = []
    for decision in decisions_for(subject):
        entries.append(
            (decision.decided_at, 1, HistoryEntry(local_date(decision.decided_at), decision, None))
        )
        objection = objection_for(decision)
        if objection is None:
            continue
        entries.append(
            (objection.received_at, 0, HistoryEntry(objection.received_on, None, objection))
        )
        if objection.objection_decision is not None:
            made = objection.objection_decision
            entries.append(
                (made.decided_at, 0, HistoryEntry(local_date(made.decided_at), made, objection))
            )
    entries.sort(key=lambda item: (item[0], item[1]))
    return [entry for _at, _order, entry in entries]


def open_objections_count() -> int:
    """How many objections wait for a decision (for the registrars' navigation)."""
    return db.session.scalar(
        select(func.count(Objection.id)).where(Objection.state.in_(OPEN_OBJECTION_STATES))
    )

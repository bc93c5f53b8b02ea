"""Complaint cases: filing, intake, investigation, requests to the registrant, the
decision, and what the complainant is told. One function per action; they flush and never
commit (``register.transactions`` ends the request).

Measures that change the registration's status (a suspension, an interim suspension, a
strike-off) are the registration's grave actions (``register.registrations.grave_actions``):
the case page proposes them with the case in their payload, a second registrar confirms,
and the registration's services record the measure; ``_follow_measure`` (a subscriber of
``measure_started``) then moves the case on. The other measures (a warning, conditions) are
decided here, through a grave action of this feature when the policy marks them grave.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from register import audit
from register.access import staff_recipients
from register.decisions import record_decision
from register.domain.decisions import DecisionKind
from register.domain.lifecycle import IllegalTransition
from register.domain.measures import (
    ACTING_CASE_STATES,
    CASE_LIFECYCLE,
    OPEN_CASE_STATES,
    CaseAction,
    CaseOutcome,
    CaseState,
    MeasureKind,
    answer_due,
    case_number,
    complainant_told,
    is_overdue,
)
from register.domain.numbers import parse_number
from register.errors import ActionRefused, NotAllowedNow, check_version
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.accounts import User
from register.models.base import utcnow
from register.models.complaints import (
    CaseFile,
    CaseNote,
    CaseRequest,
    CaseSequence,
    ComplaintCase,
    Measure,
)
from register.models.registrations import Registration
from register.objections.notices import announce_decision
from register.policy import current_policies
from register.registrations.measures import measure_started, start_measure
from register.uploads import store_upload

MAX_FILES = 5


# --- filing ------------------------------------------------------------------------------------


def next_case_number(year: int) -> tuple[int, str]:
    """The next case sequence of ``year`` under a row lock, and the case number."""
    counter = db.session.scalars(
        select(CaseSequence).where(CaseSequence.year == year).with_for_update()
    ).one_or_none()
    if counter is None:
        highest = db.session.scalar(
            select(func.max(ComplaintCase.sequence)).where(ComplaintCase.year == year)
        )
        counter = CaseSequence(year=year, next_value=(highest or 0) + 1)
        db.session.add(counter)
        db.session.flush()
    value = counter.next_value
    counter.next_value = value + 1
    return value, case_number(current_policies().measures.case_number_prefix, year, value)


def file_complaint(
    *,
    name: str,
    email: str,
    phone: str | None,
    relation: str,
    registration_text: str,
    account: str,
    happened_on: dt.date | None,
    uploads: list,
    locale: str,
    today: dt.date,
) -> ComplaintCase:
    """A member of the public files a complaint: a case with a number, the files stored
    with it (staff only), a receipt e-mail to the complainant and a notice to the staff.
    Whether the registration exists is not checked here (a registrar matches it at intake),
    so the form never tells whether a name is in the register."""
    uploads = [u for u in uploads if u is not None and u.filename]
    if len(uploads) > MAX_FILES:
        raise ActionRefused(_l("Send at most %(max)s files.", max=MAX_FILES), field="files")
    if happened_on is not None and happened_on > today:
        raise ActionRefused(_l("The date cannot be in the future."), field="happened_on")
    sequence, number = next_case_number(today.year)
    case = ComplaintCase(
        number=number,
        year=today.year,
        sequence=sequence,
        state=CaseState.RECEIVED,
        complainant_name=name.strip(),
        complainant_email=email.strip(),
        complainant_phone=(phone or "").strip() or None,
        complainant_relation=relation,
        complainant_locale=locale,
        registration_text=registration_text.strip(),
        account=account.strip(),
        happened_on=happened_on,
    )
    db.session.add(case)
    db.session.flush()
    for upload in uploads:
        case.files.append(
            CaseFile(file=store_upload(upload, None, field="files"), source="complainant")
        )
    db.session.flush()
    audit.record(None, "complaint.received", case, number=number, files=len(uploads))
    queue_email(
        case.complainant_email,
        _l("Your complaint has been received: %(number)s", number=number),
        "complaint_received",
        locale=locale,
        case=case,
        policy=current_policies().measures,
    )
    for user in staff_recipients():
        queue_email(
            user.email,
            _l("New complaint %(number)s", number=number),
            "complaint_new",
            locale=user.locale or None,
            case=case,
            link=absolute_url("complaints.case", case_id=case.id),
        )
    return case


# --- intake ------------------------------------------------------------------------------------


def _move(case: ComplaintCase, action: CaseAction, message=None) -> None:
    try:
        case.state = CASE_LIFECYCLE.next_state(case.state, action)
    except IllegalTransition:
        raise NotAllowedNow(message) from None


def match_registration(case: ComplaintCase, actor, number: str, *, expected_version=None) -> None:
    """Intake: the registration the complaint is about, by its number."""
    check_version(case, expected_version)
    if case.state not in (CaseState.RECEIVED,):
        raise NotAllowedNow(_l("The registration can only be set at intake."))
    parsed = parse_number(current_policies().registration.number, number)
    registration = (
        db.session.scalars(
            select(Registration).where(Registration.number == parsed.canonical)
        ).one_or_none()
        if parsed.ok
        else None
    )
    if registration is None:
        raise ActionRefused(_l("There is no registration with this number."), field="number")
    case.registration_id = registration.id
    case.registration = registration
    db.session.flush()
    audit.record(actor, "complaint.matched", case, registration_id=registration.id)


def intake(
    case: ComplaintCase, actor, *, admissible: bool, reason: str | None, expected_version=None
) -> None:
    """Admissible or not. Not admissible needs a reason, which the complainant is told;
    admissible needs the registration matched first."""
    check_version(case, expected_version)
    reason = (reason or "").strip() or None
    if admissible:
        if case.registration_id is None:
            raise ActionRefused(
                _l("Set the registration the complaint is about first."), field="admissible"
            )
        _move(case, CaseAction.ADMIT)
    else:
        if reason is None:
            raise ActionRefused(
                _l("Give the reason why the complaint is not admissible."), field="reason"
            )
        _move(case, CaseAction.REFUSE)
    case.intake_reason = reason
    case.intake_by_id = actor.id
    db.session.flush()
    audit.record(actor, "complaint.intake", case, admissible=admissible)
    _tell_complainant(
        case,
        _l("Your complaint %(number)s", number=case.number),
        "complaint_intake",
        admissible=admissible,
    )


def start_investigation(case: ComplaintCase, actor, *, expected_version=None) -> None:
    """The investigation begins."""
    check_version(case, expected_version)
    _move(case, CaseAction.INVESTIGATE)
    db.session.flush()
    audit.record(actor, "complaint.investigation", case)


# --- investigation -----------------------------------------------------------------------------


def _open(case: ComplaintCase) -> None:
    if case.state not in OPEN_CASE_STATES:
        raise NotAllowedNow(_l("This case is no longer open."))


def add_note(case: ComplaintCase, actor, text: str, *, expected_version=None) -> CaseNote:
    """A registrar's internal note."""
    check_version(case, expected_version)
    _open(case)
    note = CaseNote(text=text.strip(), by_id=actor.id)
    case.notes.append(note)
    db.session.flush()
    audit.record(actor, "complaint.note", case, note_id=note.id)
    return note


def add_files(case: ComplaintCase, actor, uploads: list, *, expected_version=None) -> None:
    """Files a registrar adds to the case."""
    check_version(case, expected_version)
    _open(case)
    uploads = [u for u in uploads if u is not None and u.filename]
    if not uploads:
        raise ActionRefused(_l("Choose a file to upload."), field="files")
    for upload in uploads:
        case.files.append(
            CaseFile(file=store_upload(upload, actor, field="files"), source="registrar")
        )
    db.session.flush()
    audit.record(actor, "complaint.files", case, files=len(uploads))


def send_request(
    case: ComplaintCase, actor, question: str, *, today: dt.date, expected_version=None
) -> CaseRequest:
    """Ask the registrant something; they answer in the portal within the policy's days."""
    check_version(case, expected_version)
    if case.state not in ACTING_CASE_STATES:
        raise NotAllowedNow(_l("Requests to the registrant are for admitted, open cases."))
    registration = case.registration
    if registration.user is None or not registration.user.email:
        raise ActionRefused(
            _l("The registrant has no account in the portal to answer in."), field="question"
        )
    policy = current_policies().measures
    request = CaseRequest(
        registration_id=registration.id,
        question=question.strip(),
        sent_on=today,
        due_on=answer_due(today, policy.registrant_answer_days),
        by_id=actor.id,
        policy_version=policy.version,
    )
    case.requests.append(request)
    db.session.flush()
    audit.record(actor, "complaint.request", case, request_id=request.id)
    queue_email(
        registration.user.email,
        _l("The register asks you a question about a complaint"),
        "case_request",
        locale=registration.user.locale or None,
        registration=registration,
        request=request,
        link=absolute_url("complaints.answer", request_id=request.id),
    )
    return request


def answer_request(
    request: CaseRequest, user, answer: str, uploads: list, *, expected_version=None
) -> None:
    """The registrant answers in the portal (a late answer is still taken; the case page
    shows it was late)."""
    if request.answer is not None:
        raise NotAllowedNow(_l("You have already answered this request."))
    if request.case.state not in OPEN_CASE_STATES:
        raise NotAllowedNow(_l("This case is closed: an answer is no longer needed."))
    uploads = [u for u in uploads if u is not None and u.filename]
    if len(uploads) > MAX_FILES:
        raise ActionRefused(_l("Send at most %(max)s files.", max=MAX_FILES), field="files")
    request.answer = answer.strip()
    request.answered_at = utcnow()
    for upload in uploads:
        request.case.files.append(
            CaseFile(file=store_upload(upload, user, field="files"), source="registrant")
        )
    db.session.flush()
    audit.record(user, "complaint.answered", request.case, request_id=request.id)
    for staff in staff_recipients():
        queue_email(
            staff.email,
            _l("The registrant answered in case %(number)s", number=request.case.number),
            "case_answered",
            locale=staff.locale or None,
            case=request.case,
            link=absolute_url("complaints.case", case_id=request.case_id),
        )


def overdue_requests(case: ComplaintCase, today: dt.date) -> list[CaseRequest]:
    """The case's requests past their deadline without an answer."""
    return [r for r in case.requests if is_overdue(r.due_on, r.answer is not None, today)]


def open_requests_for(user) -> list[CaseRequest]:
    """The register's requests to ``user`` as registrant, unanswered first."""
    return list(
        db.session.scalars(
            select(CaseRequest)
            .join(Registration, CaseRequest.registration_id == Registration.id)
            .where(Registration.user_id == user.id)
            .order_by(CaseRequest.answered_at.is_not(None), CaseRequest.due_on, CaseRequest.id)
        )
    )


# --- interim suspension and decisions ----------------------------------------------------------


def check_acting(case: ComplaintCase) -> None:
    """The register may act on the registration only in an admitted, open case."""
    if case.state not in ACTING_CASE_STATES:
        raise NotAllowedNow(_l("This is possible only for an admitted case that is still open."))


def suspended_for(case: ComplaintCase) -> bool:
    """Whether a suspension of this case is in force (no second interim suspension)."""
    return any(
        m.kind is MeasureKind.SUSPENSION and m.ended_on is None and m.revoked_on is None
        for m in case.measures
    )


def check_decision(
    case: ComplaintCase,
    outcome: CaseOutcome,
    *,
    public_text: str | None,
    ends_on: dt.date | None,
    today: dt.date,
) -> None:
    """Refuse a decision the case's state or the input does not allow."""
    if not CASE_LIFECYCLE.can(case.state, CaseAction.DECIDE):
        raise NotAllowedNow(_l("A case is decided after its investigation."))
    if outcome is CaseOutcome.CONDITIONS and not (public_text or "").strip():
        raise ActionRefused(
            _l("Write the conditions as the public register will show them."), field="public_text"
        )
    if ends_on is not None and ends_on <= today:
        raise ActionRefused(_l("The date must be after today."), field="ends_on")
    if outcome is CaseOutcome.CONDITIONS and ends_on is None:
        raise ActionRefused(_l("Give the deadline of the conditions."), field="ends_on")


def is_grave(outcome: CaseOutcome) -> bool:
    """Whether the outcome takes a second registrar (the policy's kinds)."""
    kind = outcome.measure
    return kind is not None and current_policies().measures.kinds[kind].grave


def decide(
    case: ComplaintCase,
    actor,
    outcome: CaseOutcome,
    *,
    grounds: str,
    public_text: str | None,
    ends_on: dt.date | None,
    today: dt.date,
    expected_version=None,
    confirmed_by=None,
):
    """Decide the case without a status change: no measure, a warning or conditions. A
    decision the policy marks grave needs ``confirmed_by`` (a second registrar, through
    ``register.complaints.grave_actions``). Suspensions and strike-offs are the
    registration's grave actions and never decided here."""
    check_version(case, expected_version)
    if outcome in (CaseOutcome.SUSPENSION, CaseOutcome.STRIKE_OFF):
        raise NotAllowedNow(_l("A suspension or strike-off is proposed for a second registrar."))
    check_decision(case, outcome, public_text=public_text, ends_on=ends_on, today=today)
    if is_grave(outcome) and (confirmed_by is None or confirmed_by.id == actor.id):
        raise NotAllowedNow(
            _l("This takes a second registrar: propose it, and another registrar confirms it.")
        )
    registration = case.registration
    kind = outcome.measure
    decision = record_decision(
        DecisionKind.MEASURE,
        registration,
        outcome=outcome.value,
        actor=actor,
        person=registration.user_id,
        grounds=grounds.strip(),
        details={
            "case_id": case.id,
            "case_number": case.number,
            "measure": kind.value if kind else None,
            "public": current_policies().measures.kinds[kind].public if kind else False,
            "public_text": (public_text or "").strip() or None,
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
        confirmed_by=confirmed_by,
        effective_on=today,
    )
    measure = None
    if kind is not None:
        measure = start_measure(
            registration,
            kind,
            starts_on=today,
            ends_on=ends_on,
            public_text=public_text if kind is MeasureKind.CONDITIONS else None,
            internal_reason=grounds,
            case_id=case.id,
            decision=decision,
        )
    announce_decision(
        decision,
        _l("The register's decision on a complaint about you"),
        "case_decided",
        today=today,
        registration=registration,
        case=case,
        outcome=outcome,
        measure=measure,
    )
    _decided(case, actor, outcome, decision, public=measure.public if measure else False)
    return decision


def _decided(case: ComplaintCase, actor, outcome: CaseOutcome, decision, *, public: bool) -> None:
    _move(case, CaseAction.DECIDE)
    case.outcome = outcome
    case.decision_id = decision.id
    case.decided_at = utcnow()
    db.session.flush()
    audit.record(actor, "complaint.decided", case, outcome=outcome.value, decision_id=decision.id)
    rule = current_policies().measures.complainant_told[outcome]
    told = complainant_told(rule, outcome, public)
    _tell_complainant(
        case,
        _l("The outcome of your complaint %(number)s", number=case.number),
        "complaint_outcome",
        told=told,
    )
    case.complainant_informed_at = utcnow()
    db.session.flush()


@measure_started.connect
def _follow_measure(measure: Measure, *, decides_case: bool, decision) -> None:
    """A measure of a case took effect (a second registrar confirmed it): an interim
    suspension is noted in the case's audit trail; a deciding measure decides the case."""
    if measure.case_id is None:
        return
    case = db.session.get(ComplaintCase, measure.case_id)
    if case is None:
        return
    if not decides_case:
        audit.record(None, "complaint.interim_suspension", case, measure_id=measure.id)
        return
    if not CASE_LIFECYCLE.can(case.state, CaseAction.DECIDE):
        raise NotAllowedNow(_l("This case cannot be decided now (see its page)."))
    _decided(
        case,
        db.session.get(User, decision.decided_by_id),
        CaseOutcome(measure.kind.value),
        decision,
        public=measure.public,
    )


def close(case: ComplaintCase, actor, *, expected_version=None) -> None:
    """Close a decided or inadmissible case."""
    check_version(case, expected_version)
    _move(case, CaseAction.CLOSE)
    case.closed_at = utcnow()
    db.session.flush()
    audit.record(actor, "complaint.closed", case)


def _tell_complainant(case: ComplaintCase, subject, template: str, **ctx) -> None:
    queue_email(
        case.complainant_email,
        subject,
        template,
        locale=case.complainant_locale or current_app.config["BABEL_DEFAULT_LOCALE"],
        case=case,
        **ctx,
    )


def queue_query(state: str | None):
    """The cases for the queue: open ones first, oldest first; or those in ``state``."""
    query = select(ComplaintCase)
    if state == "open":
        query = query.where(ComplaintCase.state.in_(sorted(OPEN_CASE_STATES)))
    elif state:
        query = query.where(ComplaintCase.state == CaseState(state))
    return query.order_by(ComplaintCase.received_at, ComplaintCase.id)

"""The continuous log (logboek): adding practice and development, proof, removing a line,
and confirmations by employers and supervisors through signed links. One function per
action; each audits, queues e-mail, flushes, never commits."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l

from register import audit
from register.access import staff_recipients
from register.domain.confirmers import ConfirmerProblem, confirmer_problem
from register.domain.renewal import ConfirmationState, LogEntryKind, RenewalState
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.base import utcnow
from register.models.registrations import Registration
from register.models.renewal import LogConfirmation, LogEntry
from register.policy import current_policies
from register.renewal import services
from register.renewal.facts import period_bounds
from register.renewal.tokens import make_confirmation_token
from register.uploads import store_upload

PROBLEM_TEXTS = {
    ConfirmerProblem.OWN_ADDRESS: _l(
        "This is your own e-mail address. Someone else must confirm: your employer, the "
        "organisation or your supervisor."
    ),
    ConfirmerProblem.OTHER_PARTY: _l(
        "This address belongs to the register's staff, who decide on your renewal. Ask your "
        "employer, the organisation or your supervisor."
    ),
}


def _problem(registration: Registration, email: str) -> ConfirmerProblem | None:
    own = [registration.user.email] if registration.user else []
    return confirmer_problem(email, own, [u.email for u in staff_recipients()])


def _check_confirmer(registration: Registration, name: str, email: str) -> None:
    if not (name or "").strip():
        raise ActionRefused(_l("Fill in the name of the person who confirms."), "confirmer_name")
    if not (email or "").strip():
        raise ActionRefused(
            _l("Fill in the e-mail address of the person who confirms."), "confirmer_email"
        )
    problem = _problem(registration, email)
    if problem is not None:
        raise ActionRefused(PROBLEM_TEXTS[problem], "confirmer_email")


def _check_log_open(registration: Registration) -> None:
    request = services.open_request(registration)
    if request is not None and request.state is RenewalState.IN_REVIEW:
        raise NotAllowedNow(
            _l("Your proof has been sent to the register. The log cannot change until it decides.")
        )


def _not_in_future(day: dt.date | None, today: dt.date, field: str) -> None:
    if day is not None and day > today:
        raise ActionRefused(_l("The date cannot be in the future."), field)


def _ask(entry: LogEntry, actor, name: str, email: str) -> LogConfirmation:
    confirmation = LogConfirmation(name=name.strip(), email=email.strip().lower())
    entry.confirmations.append(confirmation)
    db.session.flush()
    request_confirmation(confirmation, actor)
    return confirmation


def add_practice(
    registration: Registration,
    actor,
    *,
    organisation: str,
    role: str,
    start: dt.date,
    end: dt.date | None,
    hours_per_week: float,
    confirmer_name: str | None,
    confirmer_email: str | None,
    today: dt.date,
) -> LogEntry:
    """Log a period of practice (employer or organisation, role, period, hours a week) and,
    where the policy asks for it, e-mail the confirmer a signed link."""
    _check_log_open(registration)
    _not_in_future(start, today, "start")
    _not_in_future(end, today, "end")
    if end is not None and end < start:
        raise ActionRefused(_l("The end date must be on or after the start date."), "end")
    confirm = current_policies().renewal.practice_confirmation_required
    if confirm:
        _check_confirmer(registration, confirmer_name, confirmer_email)
    entry = LogEntry(
        registration_id=registration.id,
        kind=LogEntryKind.PRACTICE,
        organisation=organisation.strip(),
        description=(role or "").strip() or None,
        start_date=start,
        end_date=end,
        hours_per_week=hours_per_week,
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(actor, "renewal.log_added", entry, registration=registration.id, kind="practice")
    if confirm:
        _ask(entry, actor, confirmer_name, confirmer_email)
    return entry


def add_development(
    registration: Registration,
    actor,
    *,
    category: str,
    day: dt.date,
    amount: float,
    description: str,
    organisation: str | None,
    proof=None,
    confirmer_name: str | None = None,
    confirmer_email: str | None = None,
    today: dt.date,
) -> LogEntry:
    """Log a development activity (category, date, hours or points, a short description,
    optional proof); a category that asks for it is sent to the supervisor to confirm."""
    _check_log_open(registration)
    policy = current_policies().renewal
    if category not in policy.development:
        raise ActionRefused(_l("Choose a category from the list."), "category")
    _not_in_future(day, today, "day")
    confirm = policy.development[category].confirmation_required
    if confirm:
        _check_confirmer(registration, confirmer_name, confirmer_email)
    entry = LogEntry(
        registration_id=registration.id,
        kind=LogEntryKind.DEVELOPMENT,
        category=category,
        organisation=(organisation or "").strip() or None,
        description=description.strip(),
        start_date=day,
        amount=amount,
    )
    if proof is not None and proof.filename:
        entry.proof = store_upload(proof, actor, field="proof")
    db.session.add(entry)
    db.session.flush()
    audit.record(actor, "renewal.log_added", entry, registration=registration.id, category=category)
    if confirm:
        _ask(entry, actor, confirmer_name, confirmer_email)
    return entry


def remove_entry(entry: LogEntry, actor, today: dt.date) -> None:
    """Remove a line of the log: not while a request waits for a decision, not once an
    employer or supervisor confirmed it, and not when it lies before the current period
    (an earlier renewal rests on it)."""
    registration = entry.registration
    if services.open_request(registration) is not None:
        raise NotAllowedNow(
            _l("Your renewal request is waiting for a decision: the log cannot change now.")
        )
    if entry.confirmation and entry.confirmation.state is ConfirmationState.CONFIRMED:
        raise NotAllowedNow(_l("A confirmed line stays in the log."))
    start, _end = period_bounds(registration)
    ongoing = entry.kind is LogEntryKind.PRACTICE and entry.end_date is None
    last_day = today if ongoing else (entry.end_date or entry.start_date)
    if last_day < start and registration.periods[1:]:
        raise NotAllowedNow(_l("This line belongs to an earlier registration period."))
    for confirmation in entry.confirmations:
        if confirmation.state is ConfirmationState.PENDING:
            confirmation.state = ConfirmationState.WITHDRAWN
    audit.record(actor, "renewal.log_removed", entry, registration=registration.id)
    db.session.delete(entry)
    db.session.flush()


def attach_proof(entry: LogEntry, actor, upload) -> None:
    """Add (or replace) the proof behind a line of the log: a PDF, PNG or JPEG."""
    _check_log_open(entry.registration)
    entry.proof = store_upload(upload, actor, field="proof")
    db.session.flush()
    audit.record(actor, "renewal.proof_added", entry, file_id=entry.proof_file_id)


# --- confirmations -------------------------------------------------------------------------


def request_confirmation(confirmation: LogConfirmation, actor) -> None:
    """E-mail the employer or supervisor a signed link to the short confirmation form."""
    confirmation.requested_at = utcnow()
    db.session.flush()
    registration = confirmation.entry.registration
    queue_email(
        confirmation.email,
        _l("Please confirm the work of %(name)s", name=registration.full_name),
        "log_confirmation_request",
        confirmation=confirmation,
        entry=confirmation.entry,
        registration=registration,
        link=absolute_url("renewal.confirm", token=make_confirmation_token(confirmation)),
        max_age_days=current_app.config["REFEREE_TOKEN_MAX_AGE"] // 86400,
    )
    audit.record(
        actor,
        "renewal.confirmation_requested",
        confirmation,
        entry=confirmation.entry_id,
        generation=confirmation.token_generation,
    )


def _current(entry: LogEntry) -> LogConfirmation:
    confirmation = entry.confirmation
    if confirmation is None:
        raise NotAllowedNow(_l("Nobody was asked to confirm this line."))
    return confirmation


def resend_confirmation(entry: LogEntry, actor) -> LogConfirmation:
    """Send the confirmer a new link (earlier links stop working)."""
    confirmation = _current(entry)
    if confirmation.state is not ConfirmationState.PENDING:
        raise NotAllowedNow(_l("Only a confirmation that has not been answered can be sent again."))
    confirmation.token_generation += 1
    request_confirmation(confirmation, actor)
    return confirmation


def replace_confirmer(entry: LogEntry, actor, *, name: str, email: str) -> LogConfirmation:
    """Ask someone else to confirm a line that was not (or not yet) confirmed: the earlier
    request is marked replaced and its link stops working."""
    confirmation = _current(entry)
    _check_log_open(entry.registration)
    if confirmation.state is ConfirmationState.CONFIRMED:
        raise NotAllowedNow(_l("This line has been confirmed already."))
    _check_confirmer(entry.registration, name, email)
    confirmation.state = ConfirmationState.REPLACED
    confirmation.token_generation += 1
    audit.record(actor, "renewal.confirmer_replaced", confirmation, entry=entry.id)
    return _ask(entry, actor, name, email)


def confirmation_problem(confirmation: LogConfirmation) -> ConfirmerProblem | None:
    """Whether the confirmer is (still) independent of the registrant, checked again when
    they answer (the registrant's account address may have changed since)."""
    return _problem(confirmation.entry.registration, confirmation.email)


def answer_confirmation(
    confirmation: LogConfirmation,
    confirmed: bool,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    hours_per_week: float | None = None,
    amount: float | None = None,
    comment: str | None = None,
    today: dt.date,
) -> None:
    """Record the confirmer's answer: the figures they confirm (which are what counts), or
    that they cannot confirm. The registrant is told by e-mail; a request that now meets
    every requirement may be approved automatically (where the policy allows it)."""
    if confirmation.state is not ConfirmationState.PENDING:
        raise NotAllowedNow(_l("This request has already been answered."))
    if confirmation_problem(confirmation) is not None:
        raise NotAllowedNow(
            _l("You cannot confirm this: you are not independent of the registrant.")
        )
    entry = confirmation.entry
    if confirmed:
        _confirmed_figures(entry, start, end, hours_per_week, amount, today)
        confirmation.confirmed_start = start
        confirmation.confirmed_end = end
        confirmation.confirmed_hours_per_week = hours_per_week
        confirmation.confirmed_amount = amount
    confirmation.state = ConfirmationState.CONFIRMED if confirmed else ConfirmationState.DECLINED
    confirmation.responded_at = utcnow()
    confirmation.comment = (comment or "").strip() or None
    db.session.flush()
    audit.record(
        None, f"renewal.confirmation_{confirmation.state.value}", confirmation, entry=entry.id
    )
    registration = entry.registration
    if registration.user is not None:
        queue_email(
            registration.user.email,
            _l("Your log: an answer to a request to confirm"),
            "log_confirmation_answered",
            locale=registration.user.locale,
            confirmation=confirmation,
            entry=entry,
            registration=registration,
            link=absolute_url("renewal.log", registration_id=registration.id),
        )
    request = services.open_request(registration)
    if request is not None:
        services.maybe_approve_automatically(request, today)


def _confirmed_figures(entry, start, end, hours_per_week, amount, today) -> None:
    """The figures a confirmer gives: a period (practice: start, optional end) and hours a
    week, or an amount (development)."""
    if entry.kind is LogEntryKind.PRACTICE:
        if start is None:
            raise ActionRefused(_l("Fill in the start date."), "start")
        if hours_per_week is None:
            raise ActionRefused(_l("Fill in the hours per week."), "hours_per_week")
        _not_in_future(start, today, "start")
        _not_in_future(end, today, "end")
        if end is not None and end < start:
            raise ActionRefused(_l("The end date must be on or after the start date."), "end")
    elif amount is None:
        raise ActionRefused(_l("Fill in the number you confirm."), "amount")

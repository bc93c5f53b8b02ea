"""The registrar's side: the queue of renewal and restoration requests, a request with the
log behind it and the rules' evaluation (stored once decided), the decision, and the list
of registrations that will lapse soon with no renewal started."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from register import audit
from register.access import allow
from register.domain.lifecycle import RegistrationStatus
from register.domain.renewal import (
    OPEN_RENEWAL_STATES,
    RENEWAL_LIFECYCLE,
    RenewalAction,
    RenewalProposal,
)
from register.domain.trace import Trace
from register.errors import act
from register.extensions import db
from register.models.accounts import Role
from register.models.registrations import Registration
from register.models.renewal import RenewalReminder, RenewalRequest
from register.objects import Purpose, get_renewal_request_or_404
from register.policy import current_policies
from register.renewal import bp, services
from register.renewal.facts import log_entries
from register.renewal.forms import DecisionForm, LapsingForm
from register.renewal.views import proof_needed, reminders_of

PER_PAGE = 25


@bp.get("/review/renewals")
@allow(Role.REGISTRAR)
def queue():
    """Requests waiting for a decision, oldest first; drawn ones say so."""
    waiting = db.session.scalars(
        select(RenewalRequest)
        .where(RenewalRequest.state.in_(OPEN_RENEWAL_STATES))
        .order_by(RenewalRequest.submitted_at, RenewalRequest.id)
    ).all()
    return render_template("renewal/queue.html", waiting=waiting)


def _stored_trace(renewal_request: RenewalRequest):
    """A decided request's evaluation as it was at the decision, from the stored decision."""
    decision = renewal_request.decision
    if decision is None or decision.trace is None:
        return None
    return Trace.from_json(decision.trace, RenewalProposal)


def _review_page(renewal_request: RenewalRequest, form: DecisionForm | None = None):
    today = dt.date.today()
    registration = renewal_request.registration
    open_now = renewal_request.is_open
    evaluation = (
        services.decision_evaluation(renewal_request, today)
        if open_now
        else _stored_trace(renewal_request)
    )
    form = form or _decision_form(renewal_request, None)
    form.version.data = renewal_request.version
    start, end = renewal_request.period.valid_from, renewal_request.period.valid_until
    return render_template(
        "renewal/review.html",
        renewal_request=renewal_request,
        registration=registration,
        evaluation=evaluation,
        submitted=Trace.from_json(renewal_request.submission_trace, RenewalProposal),
        entries=log_entries(registration),
        period_start=start,
        period_end=end,
        reminders=reminders_of(registration),
        form=form,
        can_decide=RENEWAL_LIFECYCLE.can(renewal_request.state, RenewalAction.APPROVE),
        can_refuse=RENEWAL_LIFECYCLE.can(renewal_request.state, RenewalAction.REFUSE),
        needs_proof=proof_needed,
        policy_renewal=current_policies().renewal,
    )


def _decision_form(renewal_request: RenewalRequest, formdata) -> DecisionForm:
    """The decision form; approving is offered only when the request's state allows it (a
    drawn request whose proof has not come can only be refused)."""
    form = DecisionForm(formdata=formdata, version=renewal_request.version)
    if not RENEWAL_LIFECYCLE.can(renewal_request.state, RenewalAction.APPROVE):
        form.decision.choices = [c for c in form.decision.choices if c.value != "approve"]
    return form


@bp.get("/review/renewals/<int:request_id>")
@allow(Role.REGISTRAR)
def review(request_id: int):
    """One request: the registrant, the period, the log, the draw and the evaluation (live
    while open, as stored once decided), and the decision form. Staff views are audited."""
    renewal_request = get_renewal_request_or_404(
        request_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    audit.record(
        current_user,
        "renewal.viewed",
        renewal_request,
        registration=renewal_request.registration_id,
    )
    return _review_page(renewal_request)


@bp.post("/review/renewals/<int:request_id>/decide")
@allow(Role.REGISTRAR)
def decide(request_id: int):
    """Approve or refuse a request (grounds required for a refusal, and for an approval
    the rules do not propose)."""
    renewal_request = get_renewal_request_or_404(
        request_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    form = _decision_form(renewal_request, request.form)
    act(
        form,
        lambda refusal: _review_page(renewal_request, form),
        stale=_(
            "Another registrar changed this request in the meantime. Its current state is "
            "shown below; nothing was changed."
        ),
        not_allowed=_("This request has been decided or withdrawn already."),
    )
    approve = form.decision.data == "approve"
    services.decide_request(
        renewal_request,
        current_user,
        approve=approve,
        grounds=form.grounds.data,
        today=dt.date.today(),
        expected_version=form.expected_version(),
    )
    if approve:
        flash(
            _(
                "The request has been approved: registration %(number)s is valid until %(date)s.",
                number=renewal_request.registration.number,
                date=_format(renewal_request.registration.valid_until),
            ),
            "success",
        )
    else:
        flash(_("The request has been refused; the registrant has been told why."), "success")
    return redirect(url_for(".review", request_id=request_id))


def _format(day):
    from register.rule_display import show_date

    return show_date(day)


@bp.get("/review/renewals/lapsing")
@allow(Role.REGISTRAR)
def lapsing():
    """Registrations that will lapse within N weeks with no renewal started: active ones
    whose end date comes within N weeks, and those in grace whose grace period ends then."""
    form = LapsingForm(request.args)
    weeks = form.weeks.data if form.validate() and form.weeks.data else 12
    today = dt.date.today()
    horizon = today + dt.timedelta(weeks=weeks)
    grace_days = dt.timedelta(days=current_policies().renewal.grace.days)
    waiting = select(RenewalRequest.registration_id).where(
        RenewalRequest.state.in_(OPEN_RENEWAL_STATES)
    )
    query = (
        select(Registration)
        .where(
            (
                (Registration.status == RegistrationStatus.ACTIVE)
                & (Registration.valid_until >= today)
                & (Registration.valid_until <= horizon)
            )
            | (
                (Registration.status == RegistrationStatus.GRACE)
                & (Registration.valid_until <= horizon - grace_days)
            ),
            Registration.id.not_in(waiting),
        )
        .order_by(Registration.valid_until, Registration.sequence)
    )
    page = db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False
    )
    last = _last_reminders([r.id for r in page.items])
    return render_template(
        "renewal/lapsing.html",
        form=form,
        weeks=weeks,
        page=page,
        last_reminder=last,
        lapses_on=_lapses_on,
    )


def _lapses_on(registration: Registration) -> dt.date:
    """The last day before the registration lapses: its end date, or in grace the end of
    the grace period."""
    if registration.status is RegistrationStatus.GRACE:
        return current_policies().renewal.grace_ends_on(registration.valid_until)
    return registration.valid_until


def _last_reminders(ids: list[int]) -> dict[int, RenewalReminder]:
    found: dict[int, RenewalReminder] = {}
    if not ids:
        return found
    for reminder in db.session.scalars(
        select(RenewalReminder)
        .where(RenewalReminder.registration_id.in_(ids))
        .order_by(RenewalReminder.sent_on, RenewalReminder.id)
    ):
        found[reminder.registration_id] = reminder
    return found

"""The registrant's pages: the continuous log with where they stand, adding practice and
development, proof, confirmers, and the renewal (or restoration) request."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from register.access import gate_blueprint
from register.domain.renewal import (
    RENEWAL_LIFECYCLE,
    ConfirmationState,
    LogEntryKind,
    RenewalAction,
    RenewalKind,
)
from register.errors import act
from register.extensions import db
from register.labels import development_category_name
from register.models.accounts import Role
from register.models.renewal import RenewalReminder
from register.objects import (
    Purpose,
    get_log_entry_or_404,
    get_registration_or_404,
    get_renewal_request_or_404,
)
from register.policy import current_policies
from register.renewal import bp, log_services, services
from register.renewal.facts import evaluate, log_entries, period_bounds
from register.renewal.forms import (
    ActionForm,
    ConfirmerForm,
    DevelopmentForm,
    PracticeForm,
    ProofForm,
    RenewForm,
)

gate_blueprint(bp, Role.APPLICANT)


def _own(registration_id: int):
    return get_registration_or_404(registration_id, for_user=current_user, purpose=Purpose.OWN)


def _own_entry(registration, entry_id: int):
    entry = get_log_entry_or_404(entry_id, for_user=current_user, purpose=Purpose.OWN)
    if entry.registration_id != registration.id:
        abort(404)
    return entry


def reminders_of(registration) -> list[RenewalReminder]:
    """The reminders sent about the registration's end dates, newest first."""
    return list(
        db.session.scalars(
            select(RenewalReminder)
            .where(RenewalReminder.registration_id == registration.id)
            .order_by(RenewalReminder.sent_on.desc(), RenewalReminder.id.desc())
        )
    )


def proof_needed(entry) -> bool:
    """A line that a drawn request asks the proof of: not confirmed by someone else."""
    confirmation = entry.confirmation
    return confirmation is None or confirmation.state is not ConfirmationState.CONFIRMED


def _back_to_log(registration):
    return redirect(url_for(".log", registration_id=registration.id))


# --- the log -------------------------------------------------------------------------------


def _log_page(registration):
    today = dt.date.today()
    start, end = period_bounds(registration)
    option = services.renewal_option(registration, today)
    return render_template(
        "renewal/log.html",
        registration=registration,
        standing=evaluate(registration, today),
        entries=log_entries(registration),
        period_start=start,
        period_end=end,
        option=option,
        policy=current_policies().renewal,
        kinds=LogEntryKind,
        action_form=ActionForm(),
        proof_asked=option.waiting is not None and option.waiting.drawn,
        needs_proof=proof_needed,
        today=today,
    )


@bp.get("/my-registration/<int:registration_id>/log")
def log(registration_id: int):
    """The continuous log: where the registrant stands against each requirement, and
    every line of practice and development with its confirmation and proof."""
    return _log_page(_own(registration_id))


def _added(registration, entry, message: str):
    """Back to the log after adding ``entry``, saying so, and whom we asked to confirm it."""
    flash(message, "success")
    if entry.confirmation:
        flash(
            _("We have asked %(name)s to confirm it by e-mail.", name=entry.confirmation.name),
            "info",
        )
    return _back_to_log(registration)


@bp.route("/my-registration/<int:registration_id>/log/practice", methods=["GET", "POST"])
def practice_new(registration_id: int):
    """Add a period of practice; the employer or organisation is asked to confirm it."""
    registration = _own(registration_id)
    form = PracticeForm()
    form.confirmation_required = current_policies().renewal.practice_confirmation_required

    def page(refusal=None):
        return render_template("renewal/practice_new.html", registration=registration, form=form)

    if not act(form, page):
        return page()
    entry = log_services.add_practice(
        registration,
        current_user,
        organisation=form.organisation.data,
        role=form.role.data,
        start=form.start.data,
        end=form.end.data,
        hours_per_week=form.hours_per_week.data,
        confirmer_name=form.confirmer_name.data,
        confirmer_email=form.confirmer_email.data,
        today=dt.date.today(),
    )
    return _added(registration, entry, _("The practice has been added to your log."))


@bp.route("/my-registration/<int:registration_id>/log/development", methods=["GET", "POST"])
def development_new(registration_id: int):
    """Add a development activity (training, intervision, supervision, reflection, ...)."""
    registration = _own(registration_id)
    policy = current_policies().renewal
    form = DevelopmentForm()
    form.category.choices = [
        SelectChoice(code, development_category_name(code)) for code in policy.development
    ]
    form.confirmed_categories = frozenset(
        code for code, c in policy.development.items() if c.confirmation_required
    )

    def page(refusal=None):
        return render_template(
            "renewal/development_new.html",
            registration=registration,
            form=form,
            policy=policy,
        )

    if not act(form, page):
        return page()
    entry = log_services.add_development(
        registration,
        current_user,
        category=form.category.data,
        day=form.day.data,
        amount=form.amount.data,
        description=form.description.data,
        organisation=form.organisation.data,
        proof=form.proof.data,
        confirmer_name=form.confirmer_name.data,
        confirmer_email=form.confirmer_email.data,
        today=dt.date.today(),
    )
    return _added(registration, entry, _("The activity has been added to your log."))


@bp.post("/my-registration/<int:registration_id>/log/<int:entry_id>/remove")
def entry_remove(registration_id: int, entry_id: int):
    """Remove a line of the log (not once confirmed, nor while a request waits)."""
    registration = _own(registration_id)
    entry = _own_entry(registration, entry_id)
    act(ActionForm(), lambda refusal: _log_page(registration))
    log_services.remove_entry(entry, current_user, dt.date.today())
    flash(_("The line has been removed from your log."), "success")
    return _back_to_log(registration)


@bp.post("/my-registration/<int:registration_id>/log/<int:entry_id>/resend")
def confirmation_resend(registration_id: int, entry_id: int):
    """Send the confirmer a new link."""
    registration = _own(registration_id)
    entry = _own_entry(registration, entry_id)
    act(ActionForm(), lambda refusal: _log_page(registration))
    confirmation = log_services.resend_confirmation(entry, current_user)
    flash(_("A new link has been sent to %(name)s.", name=confirmation.name), "success")
    return _back_to_log(registration)


@bp.route(
    "/my-registration/<int:registration_id>/log/<int:entry_id>/confirmer",
    methods=["GET", "POST"],
)
def confirmer_replace(registration_id: int, entry_id: int):
    """Ask someone else to confirm a line that was not confirmed."""
    registration = _own(registration_id)
    entry = _own_entry(registration, entry_id)
    form = ConfirmerForm()

    def page(refusal=None):
        return render_template(
            "renewal/confirmer.html", registration=registration, entry=entry, form=form
        )

    if not act(form, page):
        return page()
    confirmation = log_services.replace_confirmer(
        entry, current_user, name=form.confirmer_name.data, email=form.confirmer_email.data
    )
    flash(_("We have asked %(name)s to confirm it by e-mail.", name=confirmation.name), "success")
    return _back_to_log(registration)


@bp.route(
    "/my-registration/<int:registration_id>/log/<int:entry_id>/proof", methods=["GET", "POST"]
)
def proof(registration_id: int, entry_id: int):
    """Add the proof behind a line of the log (a drawn request asks for it)."""
    registration = _own(registration_id)
    entry = _own_entry(registration, entry_id)
    form = ProofForm()

    def page(refusal=None):
        return render_template(
            "renewal/proof.html", registration=registration, entry=entry, form=form
        )

    if not act(form, page):
        return page()
    log_services.attach_proof(entry, current_user, form.proof.data)
    flash(_("The proof has been added."), "success")
    return _back_to_log(registration)


# --- renewing and restoring -----------------------------------------------------------------


def _renewal_page(registration, form=None):
    today = dt.date.today()
    option = services.renewal_option(registration, today)
    state = option.waiting.state if option.waiting else None
    return render_template(
        "renewal/renewal.html",
        can_send_proof=state is not None and RENEWAL_LIFECYCLE.can(state, RenewalAction.SEND_PROOF),
        can_withdraw=state is not None and RENEWAL_LIFECYCLE.can(state, RenewalAction.WITHDRAW),
        registration=registration,
        option=option,
        kinds=RenewalKind,
        standing=evaluate(registration, today, option.waiting),
        requests=services.requests_for(registration),
        reminders=reminders_of(registration),
        form=form or RenewForm(formdata=None),
        action_form=ActionForm(),
        policy=current_policies().renewal,
    )


@bp.route("/my-registration/<int:registration_id>/renewal", methods=["GET", "POST"])
def renewal(registration_id: int):
    """Renew (or restore) the registration: where the registrant stands, the declaration,
    and the request as it goes on (proof asked for when drawn, the decision)."""
    registration = _own(registration_id)
    today = dt.date.today()
    form = RenewForm()
    if not act(form, lambda refusal: _renewal_page(registration, form)):
        return _renewal_page(registration, form)
    request = services.submit_request(
        registration, current_user, declared=form.declaration.data, note=form.note.data, today=today
    )
    if request.drawn:
        flash(
            _(
                "Your request has been sent. It was drawn for a check: add the proof behind your "
                "log and send it."
            ),
            "info",
        )
    elif not request.is_open:
        flash(_("Your registration has been renewed."), "success")
    else:
        flash(_("Your request has been sent. A registrar will decide on it."), "success")
    return redirect(url_for(".renewal", registration_id=registration.id))


def _own_request(registration, request_id: int):
    request = get_renewal_request_or_404(request_id, for_user=current_user, purpose=Purpose.OWN)
    if request.registration_id != registration.id:
        abort(404)
    return request


@bp.post("/my-registration/<int:registration_id>/renewal/<int:request_id>/send-proof")
def send_proof(registration_id: int, request_id: int):
    """Send the proof of a drawn request to the register."""
    registration = _own(registration_id)
    request = _own_request(registration, request_id)
    act(ActionForm(), lambda refusal: _renewal_page(registration))
    services.send_proof(request, current_user, dt.date.today())
    flash(_("Your proof has been sent. A registrar will decide on your request."), "success")
    return redirect(url_for(".renewal", registration_id=registration.id))


@bp.post("/my-registration/<int:registration_id>/renewal/<int:request_id>/withdraw")
def withdraw(registration_id: int, request_id: int):
    """Withdraw a request that waits for a decision."""
    registration = _own(registration_id)
    request = _own_request(registration, request_id)
    act(ActionForm(), lambda refusal: _renewal_page(registration))
    services.withdraw_request(request, current_user, dt.date.today())
    flash(_("Your request has been withdrawn."), "success")
    return redirect(url_for(".renewal", registration_id=registration.id))

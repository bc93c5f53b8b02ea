"""Pages for changing a registered name: the registrant's request (and withdrawing it), the
registrar's list of requests, the decision on one, and the correction of a typo."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register import audit
from register.access import allow
from register.domain.name_change import (
    NAME_CHANGE_LIFECYCLE,
    NameChangeAction,
    NameChangeState,
    evaluate_name_change,
)
from register.errors import act
from register.extensions import db
from register.models.accounts import Role
from register.models.names import NameChangeRequest
from register.name_changes import bp, services
from register.name_changes.forms import (
    NameChangeDecisionForm,
    NameChangeRequestForm,
    NameCorrectionForm,
    WithdrawNameChangeForm,
)
from register.objects import Purpose, get_name_change_or_404, get_registration_or_404
from register.policy import current_policies

PER_PAGE = 25

# --- the registrant ------------------------------------------------------------------------


def _request_page(registration, form, user):
    return render_template(
        "name_changes/request.html",
        registration=registration,
        form=form,
        pending=services.pending_request(registration),
        latest=services.latest_request(registration),
        withdraw_form=WithdrawNameChangeForm(formdata=None),
        account_name_differs=user.full_name != registration.full_name,
    )


@bp.route("/my-registration/<int:registration_id>/name", methods=["GET", "POST"])
@allow(Role.APPLICANT)
def request_change(registration_id: int):
    """Ask for another name in the register, with proof; or see the request that waits.
    The form starts from the name in the account."""
    registration = get_registration_or_404(
        registration_id, for_user=current_user, purpose=Purpose.OWN
    )
    user = current_user._get_current_object()
    if request.method == "GET":
        form = NameChangeRequestForm(formdata=None, obj=user)
    else:
        form = NameChangeRequestForm()
    if not act(form, lambda refusal: _request_page(registration, form, user)):
        return _request_page(registration, form, user)
    services.request_name_change(
        registration,
        user,
        given_names=form.given_names.data,
        surname_prefix=form.surname_prefix.data,
        surname=form.surname.data,
        explanation=form.explanation.data,
        upload=request.files.get("proof"),
    )
    flash(_("Your request has been sent. The register checks it and lets you know."), "success")
    return redirect(url_for(".request_change", registration_id=registration.id))


@bp.post("/my-registration/name-requests/<int:request_id>/withdraw")
@allow(Role.APPLICANT)
def withdraw(request_id: int):
    """Withdraw a request for another name that waits for a decision."""
    name_request = get_name_change_or_404(request_id, for_user=current_user, purpose=Purpose.OWN)
    registration = name_request.registration
    user = current_user._get_current_object()
    form = WithdrawNameChangeForm()
    act(
        form,
        lambda refusal: _request_page(
            registration, NameChangeRequestForm(formdata=None, obj=user), user
        ),
        not_allowed=_("This request has already been decided or withdrawn."),
    )
    services.withdraw_name_change(name_request, user)
    flash(_("Your request to change your name has been withdrawn."), "success")
    return redirect(url_for(".request_change", registration_id=registration.id))


# --- the registrar -------------------------------------------------------------------------


@bp.get("/review/name-changes")
def queue():
    """Requests for another registered name that wait for a decision, oldest first."""
    query = (
        select(NameChangeRequest)
        .where(NameChangeRequest.state == NameChangeState.PENDING)
        .options(selectinload(NameChangeRequest.registration))
        .order_by(NameChangeRequest.created_at, NameChangeRequest.id)
    )
    page = db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False
    )
    return render_template("name_changes/queue.html", page=page)


def _render_decision(name_request: NameChangeRequest, form: NameChangeDecisionForm | None = None):
    registration = name_request.registration
    if form is None:
        form = NameChangeDecisionForm(formdata=None, prefix="decide")
    form.version.data = name_request.version
    return render_template(
        "name_changes/decide.html",
        name_request=name_request,
        registration=registration,
        form=form,
        open=NAME_CHANGE_LIFECYCLE.can(name_request.state, NameChangeAction.APPROVE),
        evaluation=evaluate_name_change(
            services.registered_name(registration), name_request.requested_name, has_proof=True
        ),
    )


@bp.route("/review/name-changes/<int:request_id>", methods=["GET", "POST"])
def decide(request_id: int):
    """One request: the names, the explanation, the proof, the rules' check and the
    decision. Opening it shows the proof's link and personal details: each view is
    audited."""
    name_request = get_name_change_or_404(request_id, for_user=current_user, purpose=Purpose.REVIEW)
    if request.method == "GET":
        audit.record(current_user, "name_change.viewed", name_request)
        return _render_decision(name_request)
    form = NameChangeDecisionForm(prefix="decide")
    act(
        form,
        lambda refusal: _render_decision(name_request, form),
        stale=_(
            "Another registrar already decided on or changed this request. Its current state "
            "is shown below; your decision was not carried out."
        ),
        not_allowed=_("This request has already been decided or withdrawn."),
    )
    approve = form.decision.data == "approve"
    services.decide_name_change(
        name_request,
        current_user,
        approve=approve,
        grounds=form.grounds.data,
        today=dt.date.today(),
        expected_version=form.expected_version(),
    )
    if approve:
        flash(_("The request has been approved. The register shows the new name."), "success")
    else:
        flash(_("The request has been refused. The registrant has been informed."), "success")
    return redirect(url_for(".decide", request_id=name_request.id))


@bp.route("/review/registrations/<int:registration_id>/correct-name", methods=["GET", "POST"])
def correct(registration_id: int):
    """Correct a typo in a registered name, with a reason."""
    registration = get_registration_or_404(
        registration_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    if request.method == "GET":
        form = NameCorrectionForm(formdata=None, obj=registration)
    else:
        form = NameCorrectionForm()

    def page(refusal=None):
        return render_template(
            "name_changes/correct.html",
            registration=registration,
            form=form,
            pending=services.pending_request(registration),
            max_edits=current_policies().registration.name_correction.max_edits,
        )

    if not act(
        form,
        page,
        stale=_(
            "Another registrar changed this registration in the meantime. Its current name "
            "is shown below; nothing was changed."
        ),
    ):
        return page()
    services.correct_name(
        registration,
        current_user,
        given_names=form.given_names.data,
        surname_prefix=form.surname_prefix.data,
        surname=form.surname.data,
        reason=form.reason.data,
        today=dt.date.today(),
        expected_version=form.expected_version(),
    )
    flash(_("The name has been corrected. The registrant has been informed."), "success")
    return redirect(url_for("registrations.detail", registration_id=registration.id))

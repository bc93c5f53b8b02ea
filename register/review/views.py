"""The registrar's pages: the queue, one application with its trace, and the actions."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from register import audit
from register.applications.confirmations import referee_rows
from register.decisions.display import decision_as_made
from register.domain.decisions import DecisionKind
from register.domain.eligibility import Proposal
from register.domain.lifecycle import (
    APPLICATION_LIFECYCLE,
    FINAL_APPLICATION_STATES,
    ApplicationAction,
    ApplicationState,
)
from register.errors import act, check_version
from register.extensions import db
from register.four_eyes.flow import propose_step
from register.models.accounts import User
from register.models.applications import Application
from register.models.base import utcnow
from register.models.registrations import Registration
from register.objects import Purpose, get_application_or_404
from register.pagination import paginate
from register.review import bp, grave_actions, services
from register.review.forms import (
    ApproveForm,
    InfoRequestForm,
    QueueFilterForm,
    RefuseForm,
    StartReviewForm,
)

PER_PAGE = 25
FORM_CLASSES = {
    "start_form": StartReviewForm,
    "info_form": InfoRequestForm,
    "approve_form": ApproveForm,
    "refuse_form": RefuseForm,
}


@bp.get("")
def queue():
    """Applications waiting for the register, oldest first, with how long each has waited."""
    form = QueueFilterForm(request.args)
    filters: dict = {}
    if form.validate():
        status = form.status.data or "open"
        if status == "all":
            filters["states"] = tuple(ApplicationState)  # the query never shows drafts
        elif status != "open":
            filters["states"] = (ApplicationState(status),)
        filters["tier"] = int(form.tier.data) if form.tier.data else None
        filters["route"] = form.route.data or None
        filters["waited_days"] = form.waited.data
    page = paginate(services.queue_query(**filters), per_page=PER_PAGE)
    return render_template("review/queue.html", form=form, page=page, today=utcnow().date())


def _render_application(application: Application, **forms):
    today = dt.date.today()
    allowed = set(APPLICATION_LIFECYCLE.allowed_actions(application.state))
    for name, cls in FORM_CLASSES.items():
        forms.setdefault(name, cls(formdata=None, prefix=name.removesuffix("_form")))
    for form in forms.values():
        form.version.data = application.version
    stored = decision_as_made(application, DecisionKind.APPLICATION, Proposal)
    evaluation = (
        None
        if stored or application.state in FINAL_APPLICATION_STATES
        else (services.decision_evaluation(application, today))
    )
    actor_ids = {c.by_id for c in application.history} | {m.author_id for m in application.messages}
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    registration = application.registration or db.session.scalar(
        select(Registration).where(Registration.application_id == application.id)
    )
    return render_template(
        "review/application.html",
        application=application,
        evaluation=evaluation,
        stored=stored,
        approval_is_grave=evaluation is not None and evaluation.proposal is not Proposal.APPROVE,
        allowed=allowed,
        actions=ApplicationAction,
        is_final=application.state in FINAL_APPLICATION_STATES,
        people=people,
        registration=registration,
        referees=referee_rows(application),
        today=today,
        **forms,
    )


@bp.get("/applications/<int:application_id>")
def application(application_id: int):
    """One application: applicant, route facts, evidence, messages, history, the rules'
    trace and proposal, and the actions its state allows. Opening it shows the applicant's
    evidence, so each view is recorded in the audit log."""
    application = get_application_or_404(
        application_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    audit.record(current_user, "application.viewed", application)
    return _render_application(application)


def _action_form(application_id: int, form_name: str):
    """The application and its posted action form. A refusal (bad input, a lost race, an
    action the state does not allow) shows the page again with a clear message and what the
    registrar typed; the request's transaction is rolled back."""
    application = get_application_or_404(
        application_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    form = FORM_CLASSES[form_name](prefix=form_name.removesuffix("_form"))
    if application.state in FINAL_APPLICATION_STATES:
        not_allowed = _(
            "This application has already been decided or withdrawn. A decision is final; "
            "nothing was changed."
        )
    else:
        not_allowed = _("This action is not possible for an application in its current state.")
    act(
        form,
        lambda refusal: _render_application(application, **{form_name: form}),
        stale=_(
            "Another registrar already decided on or changed this application. Its current "
            "state is shown below; your action was not carried out."
        ),
        not_allowed=not_allowed,
    )
    return application, form


@bp.post("/applications/<int:application_id>/start")
def start_review(application_id: int):
    """Take a submitted application into review."""
    application, form = _action_form(application_id, "start_form")
    services.start_review(application, current_user, expected_version=form.expected_version())
    flash(_("You are now reviewing this application."), "success")
    return redirect(url_for(".application", application_id=application_id))


@bp.post("/applications/<int:application_id>/request-info")
def request_info(application_id: int):
    """Ask the applicant for more information (a message is required)."""
    application, form = _action_form(application_id, "info_form")
    services.request_information(
        application,
        current_user,
        message=form.message.data,
        expected_version=form.expected_version(),
    )
    flash(_("Your question has been sent to the applicant."), "success")
    return redirect(url_for(".application", application_id=application_id))


@bp.post("/applications/<int:application_id>/approve")
def approve(application_id: int):
    """Approve the application: in line with the rules' proposal the registration is
    created at once; against it, the confirmation page comes first and then a proposal that
    a second registrar confirms."""
    application, form = _action_form(application_id, "approve_form")
    today = dt.date.today()
    check_version(application, form.expected_version())
    if services.check_approval(application, form.reason.data, today):
        return propose_step(
            grave_actions.APPROVE_AGAINST_PROPOSAL,
            application,
            reason=form.reason.data,
            payload={},
            change=lambda: _render_application(application, approve_form=form),
        )
    registration = services.approve_application(
        application,
        current_user,
        reason=form.reason.data,
        today=today,
        expected_version=form.expected_version(),
    )
    if application.is_tier_change:
        flash(
            _(
                "The application has been approved: registration %(number)s is now in tier "
                "%(tier)s.",
                number=registration.number,
                tier=registration.tier,
            ),
            "success",
        )
    else:
        flash(
            _("The application has been approved and the registration has been created."),
            "success",
        )
    return redirect(url_for(".application", application_id=application_id))


@bp.post("/applications/<int:application_id>/refuse")
def refuse(application_id: int):
    """Refuse the application (a reason is required)."""
    application, form = _action_form(application_id, "refuse_form")
    services.refuse_application(
        application,
        current_user,
        reason=form.reason.data,
        today=dt.date.today(),
        expected_version=form.expected_version(),
    )
    flash(_("The application has been refused. The applicant has been informed."), "success")
    return redirect(url_for(".application", application_id=application_id))

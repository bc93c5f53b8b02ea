"""The registrar's pages: the queue, one application with its trace, and the actions.

The application page is one form; each action is one of its buttons (``formaction``) and
posts every field. A refused action shows the page again with everything typed; an action
carried out keeps what was typed for the other actions as the registrar's draft
(``review.drafts``), shown again when the page is opened."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

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
from register.labels import identity_document_name, identity_method_name
from register.models.accounts import User
from register.models.applications import Application
from register.models.base import utcnow
from register.models.registrations import Registration
from register.objects import Purpose, get_application_or_404
from register.pagination import paginate
from register.review import bp, grave_actions, identity, services
from register.review.drafts import draft_of, save_draft
from register.review.forms import ACTION_FIELDS, ApplicationActionsForm, QueueFilterForm

PER_PAGE = 25


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


def _render_application(application: Application, form: ApplicationActionsForm | None = None):
    today = dt.date.today()
    allowed = set(APPLICATION_LIFECYCLE.allowed_actions(application.state))
    if form is None:
        form = ApplicationActionsForm(formdata=MultiDict(draft_of(application, current_user)))
    form.version.data = application.version
    stored = decision_as_made(application, DecisionKind.APPLICATION, Proposal)
    evaluation = (
        None
        if stored or application.state in FINAL_APPLICATION_STATES
        else (services.decision_evaluation(application, today))
    )
    check = identity.identity_check_of(application)
    actor_ids = {c.by_id for c in application.history} | {m.author_id for m in application.messages}
    if check is not None:
        actor_ids.add(check.checked_by_id)
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
        identity_check=check,
        identity_method=identity_method_name(check.method) if check else "",
        identity_document=identity_document_name(check.document_kind) if check else "",
        identity_required=identity.identity_required(application),
        today=today,
        form=form,
    )


@bp.get("/applications/<int:application_id>")
def application(application_id: int):
    """One application: applicant, route facts, evidence, messages, history, the rules'
    trace and proposal, the identity check, and the actions its state allows, with the
    registrar's draft of the page. Opening it shows the applicant's evidence, so each view
    is recorded in the audit log."""
    application = get_application_or_404(
        application_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    audit.record(current_user, "application.viewed", application)
    return _render_application(application)


def _action_form(application_id: int, action: str):
    """The application and the page's form, posted for ``action``. A refusal (bad input, a
    lost race, an action the state does not allow) shows the page again with a clear
    message and everything the registrar typed; the request's transaction is rolled back."""
    application = get_application_or_404(
        application_id, for_user=current_user, purpose=Purpose.REVIEW
    )
    form = ApplicationActionsForm(action=action)
    if application.state in FINAL_APPLICATION_STATES:
        not_allowed = _(
            "This application has already been decided or withdrawn. A decision is final; "
            "nothing was changed."
        )
    else:
        not_allowed = _("This action is not possible for an application in its current state.")
    act(
        form,
        lambda refusal: _render_application(application, form),
        stale=_(
            "Another registrar already decided on or changed this application. Its current "
            "state is shown below; your action was not carried out."
        ),
        not_allowed=not_allowed,
    )
    return application, form


def _keep_the_rest(application: Application, form: ApplicationActionsForm, action: str) -> None:
    """Store what was typed for the page's other actions as the registrar's draft (after a
    decision there is nothing left to act on: ``services`` removed the drafts)."""
    if application.state not in FINAL_APPLICATION_STATES:
        save_draft(application, current_user, form.typed(leaving=ACTION_FIELDS[action]))


def _back(application_id: int):
    return redirect(url_for(".application", application_id=application_id, _anchor="actions"))


@bp.post("/applications/<int:application_id>/draft")
def save(application_id: int):
    """Save what was typed on the page as a draft, without acting on it."""
    application, form = _action_form(application_id, "save")
    _keep_the_rest(application, form, "save")
    flash(_("What you typed has been saved as a draft."), "success")
    return _back(application_id)


@bp.post("/applications/<int:application_id>/start")
def start_review(application_id: int):
    """Take a submitted application into review."""
    application, form = _action_form(application_id, "start")
    services.start_review(application, current_user, expected_version=form.expected_version())
    _keep_the_rest(application, form, "start")
    flash(_("You are now reviewing this application."), "success")
    return _back(application_id)


@bp.post("/applications/<int:application_id>/request-info")
def request_info(application_id: int):
    """Ask the applicant for more information (a message is required)."""
    application, form = _action_form(application_id, "request_info")
    services.request_information(
        application,
        current_user,
        message=form.message.data,
        expected_version=form.expected_version(),
    )
    _keep_the_rest(application, form, "request_info")
    flash(_("Your question has been sent to the applicant."), "success")
    return _back(application_id)


@bp.post("/applications/<int:application_id>/identity")
def record_identity(application_id: int):
    """Record that the applicant's identity was confirmed: how, against which kind of
    document, when; that the name and date of birth matched. Never a document's number."""
    application, form = _action_form(application_id, "identity")
    check_version(application, form.expected_version())
    identity.record_identity_check(
        application,
        current_user,
        method=form.identity_method.data,
        document_kind=form.identity_document.data,
        checked_on=form.identity_checked_on.data,
        details_match=form.identity_details_match.data,
        note=form.identity_note.data,
        today=dt.date.today(),
    )
    _keep_the_rest(application, form, "identity")
    flash(_("The applicant's identity has been recorded as confirmed."), "success")
    return _back(application_id)


@bp.post("/applications/<int:application_id>/approve")
def approve(application_id: int):
    """Approve the application: in line with the rules' proposal the registration is
    created at once; against it, the confirmation page comes first and then a proposal that
    a second registrar confirms. A first application needs the identity check first."""
    application, form = _action_form(application_id, "approve")
    today = dt.date.today()
    check_version(application, form.expected_version())
    reason = form.approve_reason.data
    if services.check_approval(application, reason, today):
        _keep_the_rest(application, form, "approve")
        return propose_step(
            grave_actions.APPROVE_AGAINST_PROPOSAL,
            application,
            reason=reason,
            payload={},
            change=lambda: _render_application(application, form),
        )
    registration = services.approve_application(
        application,
        current_user,
        reason=reason,
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
    return _back(application_id)


@bp.post("/applications/<int:application_id>/refuse")
def refuse(application_id: int):
    """Refuse the application (a reason is required)."""
    application, form = _action_form(application_id, "refuse")
    services.refuse_application(
        application,
        current_user,
        reason=form.refuse_reason.data,
        today=dt.date.today(),
        expected_version=form.expected_version(),
    )
    flash(_("The application has been refused. The applicant has been informed."), "success")
    return _back(application_id)

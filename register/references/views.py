"""The referee's form (public, through the signed link) and the registrar's actions."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from register.access import allow, public
from register.domain.lifecycle import FINAL_APPLICATION_STATES
from register.domain.referees import organisation_key
from register.errors import act
from register.extensions import db
from register.links import is_safe_redirect
from register.models.accounts import Role
from register.models.applications import REPLACEABLE_REFERENCE_STATES, Reference, ReferenceState
from register.objects import get_reference_or_404
from register.references import bp, services
from register.references.forms import RefereeAnswerForm, ReplaceRefereeForm
from register.references.tokens import read_reference_token
from register.tokens import TokenExpired, TokenInvalid


def stated_work(reference: Reference):
    """The work the applicant stated at the referee's organisation (matched by name, as the
    rules match it: ``organisation_key``)."""
    key = organisation_key(reference.organisation)
    return [
        w for w in reference.application.work_experience if organisation_key(w.organisation) == key
    ]


def _link_problem(kind: str, status: int = 200):
    return render_template("references/link_problem.html", kind=kind), status


@bp.route("/reference/<token>", methods=["GET", "POST"])
@public
def respond(token: str):
    """The short form a referee opens from the e-mail: confirm or decline."""
    try:
        reference_id, generation = read_reference_token(token)
    except TokenExpired:
        return _link_problem("expired", 410)
    except TokenInvalid:
        return _link_problem("invalid", 404)
    reference = db.session.get(Reference, reference_id)
    if reference is None:
        return _link_problem("invalid", 404)
    if reference.state is ReferenceState.REPLACED or generation != reference.token_generation:
        return _link_problem("superseded", 410)
    if reference.state is not ReferenceState.PENDING:
        return _link_problem("answered", 409)
    if reference.application.state in FINAL_APPLICATION_STATES:
        return _link_problem("closed", 410)
    work = stated_work(reference)
    form = RefereeAnswerForm()
    if request.method == "GET" and work:
        # what the applicant stated, for the referee to confirm or correct
        form.start.data = min(w.start_date for w in work)
        ends = [w.end_date for w in work]
        form.end.data = None if None in ends else max(ends)
        if len(work) == 1:
            form.role.data = work[0].role
            form.hours_per_week.data = work[0].hours_per_week

    def page(refusal=None):
        return render_template(
            "references/respond.html",
            reference=reference,
            work=work,
            applicant=reference.application.applicant,
            form=form,
        )

    if not act(form, page):
        return page()
    confirmed = form.answer.data == "confirm"
    services.answer_reference(
        reference,
        confirmed,
        role=form.role.data,
        start=form.start.data,
        end=form.end.data,
        hours_per_week=form.hours_per_week.data,
        comment=form.comment.data,
    )
    return render_template("references/thanks.html", confirmed=confirmed)


def _back(reference: Reference):
    """Back to where the registrar came from (a local path), else the application page."""
    target = request.form.get("next")
    if is_safe_redirect(target):
        return redirect(target)
    return redirect(url_for("review.application", application_id=reference.application_id))


@bp.post("/review/references/<int:reference_id>/resend")
@allow(Role.REGISTRAR)
def resend(reference_id: int):
    """Send the referee a new link; earlier links stop working."""
    reference = get_reference_or_404(reference_id, for_user=current_user)
    services.resend_reference(reference, current_user)
    flash(_l("A new request has been sent to %(name)s.", name=reference.name), "success")
    return _back(reference)


@bp.route("/review/references/<int:reference_id>/replace", methods=["GET", "POST"])
@allow(Role.REGISTRAR)
def replace(reference_id: int):
    """Replace a referee: the form, then the old reference is marked replaced and the new
    referee is asked."""
    reference = get_reference_or_404(reference_id, for_user=current_user)
    form = ReplaceRefereeForm(
        data=None
        if request.method == "POST"
        else {"organisation": reference.organisation, "relation": reference.relation.value}
    )

    def page(refusal=None):
        return render_template(
            "references/replace.html",
            reference=reference,
            form=form,
            replaceable=reference.state in REPLACEABLE_REFERENCE_STATES,
            next=request.values.get("next", ""),
        )

    if not act(form, page):
        return page()
    services.replace_reference(
        reference,
        current_user,
        name=form.name.data,
        email=form.email.data,
        organisation=form.organisation.data,
        relation=form.relation.data,
    )
    flash(
        _l("The referee has been replaced and the new referee has been asked to confirm."),
        "success",
    )
    return _back(reference)

"""The applicant's home, starting an application, the status page, answering a request for
more information, and withdrawing. Evidence is downloaded through ``register.files``."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from register.applications import bp, services, standing
from register.applications.forms import AnswerForm, WithdrawForm
from register.applications.journey import steps_for
from register.domain.lifecycle import FINAL_APPLICATION_STATES, ApplicationState
from register.errors import act, on_refusal
from register.extensions import db
from register.i18n import current_language as lang
from register.models.applications import Application
from register.models.registrations import Registration
from register.objects import Purpose, get_application_or_404, get_registration_or_404
from register.policy import current_policies


@bp.get("/apply")
def dashboard():
    """The applicant's home: their applications, and their registration if they have one."""
    applications = db.session.scalars(
        select(Application)
        .where(Application.applicant_id == current_user.id)
        .order_by(Application.created_at.desc(), Application.id.desc())
    ).all()
    open_one = next((a for a in applications if a.state not in FINAL_APPLICATION_STATES), None)
    return render_template(
        "apply/dashboard.html",
        applications=applications,
        open_application=open_one,
        registration=services.current_registration(current_user),
        tiers=current_policies().tiers,
        lang=lang(),
    )


@bp.post("/apply/start")
def start():
    """Start a new draft application (only when no other application is open)."""
    on_refusal(lambda refusal: dashboard())
    application = services.start_application(current_user)
    return redirect(url_for("apply.step", application_id=application.id, step="tier"))


@bp.post("/apply/tier-change/<int:registration_id>")
def start_tier_change(registration_id: int):
    """Start a draft application for another tier of the user's own registration."""
    registration = get_registration_or_404(
        registration_id, for_user=current_user, purpose=Purpose.OWN
    )
    on_refusal(lambda refusal: dashboard())
    application = services.start_tier_change(current_user, registration)
    return redirect(url_for("apply.step", application_id=application.id, step="tier"))


def _status_page(application, answer_form=None):
    final = application.state in FINAL_APPLICATION_STATES
    return render_template(
        "apply/status.html",
        application=application,
        steps=steps_for(application),
        answer_form=answer_form or AnswerForm(),
        outstanding=(
            services.outstanding(application) if application.state is ApplicationState.DRAFT else ()
        ),
        final=final,
        decided=application.state in standing.DECIDED_STATES,
        registration=application.registration
        or db.session.scalar(
            select(Registration).where(Registration.application_id == application.id)
        ),
        tiers=current_policies().tiers,
        lang=lang(),
        timeline=standing.timeline(application),
        next_step=standing.NEXT_STEP[application.state],
        open_request=standing.open_request(application),
        waiting=None if final else standing.waiting_time(),
    )


@bp.get("/apply/<int:application_id>")
def status(application_id: int):
    """Where the application stands: timeline, messages, references, decision."""
    return _status_page(
        get_application_or_404(application_id, for_user=current_user, purpose=Purpose.OWN)
    )


@bp.post("/apply/<int:application_id>/answer")
def answer(application_id: int):
    """Answer the register's request for more information (text, optional file)."""
    application = get_application_or_404(application_id, for_user=current_user, purpose=Purpose.OWN)
    form = AnswerForm()
    act(form, lambda refusal: _status_page(application, form))
    services.answer_info_request(
        application, current_user, form.text.data, request.files.get("file")
    )
    flash(_l("Thank you. Your answer has been sent to the register."), "success")
    return redirect(url_for("apply.status", application_id=application.id))


@bp.route("/apply/<int:application_id>/withdraw", methods=["GET", "POST"])
def withdraw(application_id: int):
    """Ask for confirmation, then withdraw the application."""
    application = get_application_or_404(application_id, for_user=current_user, purpose=Purpose.OWN)
    if application.state in FINAL_APPLICATION_STATES:
        flash(_l("This application can no longer be withdrawn."), "error")
        return redirect(url_for("apply.status", application_id=application.id))
    form = WithdrawForm()

    def page(refusal=None):
        return render_template("apply/withdraw.html", application=application, form=form)

    if act(form, page):
        services.withdraw_application(application, current_user)
        flash(_l("Your application has been withdrawn."), "success")
        return redirect(url_for("apply.dashboard"))
    return page()

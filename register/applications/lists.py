"""The list steps of the application (work experience, references) with add/edit/remove,
removing uploaded evidence, and the check-and-send step."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from register.applications import bp, drafts, services
from register.applications.forms import ReferenceForm, SubmitForm, WorkExperienceForm
from register.applications.journey import after_save, load_draft, steps_for
from register.errors import act, on_refusal
from register.i18n import current_language as lang
from register.models.applications import ApplicationStep, Evidence, Reference, WorkExperience
from register.objects import get_part_or_404
from register.policy import current_policies


def list_step(application_id: int, step: str):
    """The work-experience list, the references list, or the check-and-send step."""
    application, leave = load_draft(application_id)
    if leave:
        return leave
    if step not in steps_for(application) or step not in ("experience", "references", "review"):
        abort(404)
    if step == "review":
        return review(application)
    if request.method == "POST":
        return after_save(application, step)
    requirements = None
    if application.tier and step == "references":
        requirements = current_policies().transitional_route.tiers[application.tier]
    return render_template(
        f"apply/step_{step}.html",
        application=application,
        step=ApplicationStep(step),
        steps=steps_for(application),
        requirements=requirements,
    )


def review(application, form: SubmitForm | None = None, problems=()):
    """Summary, what is still missing, the professional code and the send button."""
    code = current_policies().professional_code
    form = form or SubmitForm(data={"code_version": code.version})
    return render_template(
        "apply/step_review.html",
        application=application,
        step=ApplicationStep.REVIEW,
        steps=steps_for(application),
        form=form,
        problems=problems,
        outstanding=services.outstanding(application),
        tiers=current_policies().tiers,
        code=code,
        lang=lang(),
    )


@bp.post("/apply/<int:application_id>/submit")
def submit(application_id: int):
    """Send the application (the code must be accepted, nothing may be missing)."""
    application, leave = load_draft(application_id)
    if leave:
        return leave
    form = SubmitForm()
    form.validate()
    on_refusal(
        lambda refusal: review(application, form, refusal.messages),
        form,
        flash_messages=False,
    )
    services.submit_application(
        application, current_user, bool(form.accept_code.data), form.code_version.data
    )
    flash(_l("Your application has been sent. We have e-mailed you a confirmation."), "success")
    return redirect(url_for("apply.status", application_id=application.id))


@bp.route(
    "/apply/<int:application_id>/experience/new",
    methods=["GET", "POST"],
    defaults={"entry_id": None},
    endpoint="experience_new",
)
@bp.route("/apply/<int:application_id>/experience/<int:entry_id>", methods=["GET", "POST"])
def experience(application_id: int, entry_id: int | None):
    """Add or change one period of work experience."""
    application, leave = load_draft(application_id)
    if leave:
        return leave
    entry = get_part_or_404(application, WorkExperience, entry_id) if entry_id else None
    if request.method == "GET" and entry is not None:
        form = WorkExperienceForm(
            data={
                "organisation": entry.organisation,
                "role": entry.role,
                "start_date": entry.start_date,
                "end_date": entry.end_date,
                "hours_per_week": entry.hours_per_week,
                "paid": "paid" if entry.paid else "voluntary",
            }
        )
    else:
        form = WorkExperienceForm()

    def page(refusal=None):
        return render_template(
            "apply/experience_form.html",
            application=application,
            form=form,
            entry=entry,
            step="experience",
            steps=steps_for(application),
        )

    if not act(form, page):
        return page()
    drafts.save_work_experience(
        application,
        current_user,
        entry,
        organisation=form.organisation.data,
        role=form.role.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        hours_per_week=form.hours_per_week.data,
        paid=form.paid.data == "paid",
    )
    flash(_l("The work experience has been saved."), "success")
    return redirect(url_for("apply.step", application_id=application.id, step="experience"))


@bp.post("/apply/<int:application_id>/experience/<int:entry_id>/remove")
def experience_remove(application_id: int, entry_id: int):
    """Remove one period of work experience."""
    return _remove_part(
        application_id,
        WorkExperience,
        entry_id,
        drafts.remove_work_experience,
        _l("The work experience has been removed."),
        "experience",
    )


@bp.route(
    "/apply/<int:application_id>/references/new",
    methods=["GET", "POST"],
    defaults={"reference_id": None},
    endpoint="reference_new",
)
@bp.route("/apply/<int:application_id>/references/<int:reference_id>", methods=["GET", "POST"])
def reference(application_id: int, reference_id: int | None):
    """Name a referee, or change one."""
    application, leave = load_draft(application_id)
    if leave:
        return leave
    ref = get_part_or_404(application, Reference, reference_id) if reference_id else None
    form = ReferenceForm(
        obj=ref if request.method == "GET" else None,
        data={"relation": ref.relation.value} if ref and request.method == "GET" else None,
    )
    organisations = sorted({w.organisation for w in application.work_experience})
    if ref is not None and ref.organisation not in organisations:
        organisations.append(ref.organisation)
    form.organisation.choices = [SelectChoice("", str(_l("Choose an organisation")))] + [
        SelectChoice(o, o) for o in organisations
    ]

    def page(refusal=None):
        return render_template(
            "apply/reference_form.html",
            application=application,
            form=form,
            reference=ref,
            step="references",
            steps=steps_for(application),
            has_work=bool(application.work_experience),
        )

    if not act(form, page):
        return page()
    drafts.save_reference(
        application,
        current_user,
        ref,
        name=form.name.data,
        email=form.email.data,
        organisation=form.organisation.data,
        relation=form.relation.data,
    )
    flash(
        _l(
            "The referee has been saved. We will ask them to confirm after you send "
            "your application."
        ),
        "success",
    )
    return redirect(url_for("apply.step", application_id=application.id, step="references"))


@bp.post("/apply/<int:application_id>/references/<int:reference_id>/remove")
def reference_remove(application_id: int, reference_id: int):
    """Remove a referee from the draft."""
    return _remove_part(
        application_id,
        Reference,
        reference_id,
        drafts.remove_reference,
        _l("The referee has been removed."),
        "references",
    )


@bp.post("/apply/<int:application_id>/evidence/<int:evidence_id>/remove")
def evidence_remove(application_id: int, evidence_id: int):
    """Remove an uploaded file from the draft, then go back to the step it came from."""
    return _remove_part(
        application_id,
        Evidence,
        evidence_id,
        drafts.remove_evidence,
        _l("The file has been removed."),
        request.form.get("step", "review"),
    )


def _remove_part(application_id: int, model, part_id: int, remove, message, step: str):
    """Remove one part of a draft through ``remove`` and go back to ``step`` (or the review)."""
    application, leave = load_draft(application_id)
    if leave:
        return leave
    remove(application, current_user, get_part_or_404(application, model, part_id))
    flash(message, "success")
    if step not in steps_for(application):
        step = "review"
    return redirect(url_for("apply.step", application_id=application.id, step=step))

"""The assessor's own page: whether they are an expert by experience, and their training as
assessors (with the certificate, downloaded through ``register.files``). Registrars see
both when they assign assessors to a portfolio."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from register.assessment import assessors, bp
from register.assessment.forms import LivedExperienceForm, TrainingForm
from register.errors import act, on_refusal
from register.objects import get_training_or_404
from register.policy import current_policies


def _profile_page(declaration=None):
    route = current_policies().transitional_route
    return render_template(
        "assessment/profile.html",
        declaration=declaration
        or LivedExperienceForm(data={"lived_experience": current_user.is_lived_experience_expert}),
        trainings=assessors.trainings_of(current_user),
        valid_until=assessors.valid_until,
        rules=route.assessors,
    )


@bp.get("/assessment/profile")
def profile():
    """The assessor's declaration and trainings."""
    return _profile_page()


@bp.post("/assessment/profile/lived-experience")
def lived_experience():
    """Save the assessor's declaration of being (or not being) an expert by experience."""
    form = LivedExperienceForm()
    if act(form, lambda refusal: _profile_page(form)):
        assessors.declare_lived_experience(
            current_user, bool(form.lived_experience.data), current_user
        )
        flash(_("Your declaration has been saved."), "success")
        return redirect(url_for(".profile"), 303)
    return _profile_page(form)


@bp.route("/assessment/profile/training", methods=["GET", "POST"])
def add_training():
    """Record a training as assessor."""
    form = TrainingForm()

    def page(refusal=None):
        return render_template(
            "assessment/training_form.html",
            form=form,
            rules=current_policies().transitional_route.assessors,
        )

    if act(form, page):
        assessors.record_training(
            current_user,
            current_user,
            form.completed_on.data,
            form.course.data,
            form.provider.data,
            form.certificate.data,
        )
        flash(_("Your training has been recorded."), "success")
        return redirect(url_for(".profile"), 303)
    return page()


@bp.post("/assessment/profile/training/<int:training_id>/remove")
def remove_training(training_id: int):
    """Remove one of the assessor's own trainings (recorded by mistake)."""
    training = get_training_or_404(training_id, for_user=current_user)
    on_refusal(lambda refusal: _profile_page())
    assessors.remove_training(training, current_user)
    flash(_("The training has been removed."), "success")
    return redirect(url_for(".profile"), 303)

"""The multi-step application form: one view per step, every step saved as a draft (the list
steps, work experience and referees, are in ``lists.py``).

Each step has "Save and continue" (next step) and "Save and come back later" (dashboard).
On a validation error the same page is shown again with everything the person typed.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from register.applications import bp, drafts, lists
from register.applications.diploma import diploma_problems, programme_choices
from register.applications.forms import (
    REFLECTION_PREFIX,
    DiplomaForm,
    GrowthForm,
    IntervisionForm,
    PersonalForm,
    RouteForm,
    TierForm,
    growth_form,
    portfolio_form,
)
from register.applications.journey import after_save, load_draft, steps_for
from register.errors import InvalidForm, act
from register.i18n import current_language as lang
from register.models.applications import ApplicationStep, EvidenceKind, Route
from register.policy import current_policies

#: step → (form class, template, evidence kind of the step's upload or None)
FORM_STEPS = {
    "tier": (TierForm, "apply/step_tier.html", None),
    "route": (RouteForm, "apply/step_form.html", None),
    "personal": (PersonalForm, "apply/step_form.html", None),
    "diploma": (DiplomaForm, "apply/step_form.html", EvidenceKind.DIPLOMA),
    "intervision": (IntervisionForm, "apply/step_form.html", EvidenceKind.INTERVISION),
    "portfolio": (portfolio_form, "apply/step_portfolio.html", EvidenceKind.PORTFOLIO),
    "growth": (GrowthForm, "apply/step_growth.html", None),
}

STEP_INTROS = {
    "route": _l("Choose how you qualify for the register."),
    "personal": _l("We only ask what the register needs."),
    "diploma": _l(
        "Choose the accredited programme you finished and the date on your diploma. "
        "The programme must have been accredited on that date."
    ),
    "intervision": _l(
        "How many intervision or supervision sessions did you take part in "
        "during the last 12 months? Upload proof, for example a list signed by "
        "the supervisor."
    ),
    "portfolio": _l(
        "In your portfolio you reflect on your work as an expert by experience. For each "
        "competence of your tier, describe how you work and give examples from your work. "
        "Then describe how you handled some of the critical professional situations."
    ),
    "growth": _l(
        "You apply for a higher tier. The work in a higher tier asks more autonomy, transfer "
        "of knowledge, complexity and responsibility. Describe for each of these how your "
        "work has grown. The register and the assessors read your answers."
    ),
}


def tier_choices(application) -> list:
    """The tiers this application may ask for: all of them, or for a tier change the other
    tiers (a lower one only where the registration policy allows it)."""
    tiers = current_policies().tiers.tiers
    if not application.is_tier_change:
        return list(tiers)
    current = application.registration.tier
    lower_allowed = current_policies().registration.tier_change.allow_lower_tier
    return [t for t in tiers if t.code > current or (t.code < current and lower_allowed)]


def _growth_form(application):
    policies = current_policies()
    criteria = policies.tiers.growth_criteria
    minimum = policies.registration.tier_change.reflection_min_characters
    if request.method == "GET":
        saved = application.reflections
        data = {REFLECTION_PREFIX + c.id: saved.get(c.id, "") for c in criteria}
        return growth_form(criteria, lang(), minimum, data=data)
    return growth_form(criteria, lang(), minimum)


def _portfolio_items(application) -> tuple[tuple, tuple]:
    """The competences the application's tier asks, and the critical situations in use."""
    policies = current_policies()
    tier = policies.transitional_route.tiers.get(application.tier)
    competences = (
        tuple(policies.framework.competence(c) for c in tier.portfolio_competences) if tier else ()
    )
    return competences, policies.framework.critical_situations_in_use()


def _form_for(step: str, application):
    if step == "growth":
        return _growth_form(application)
    if step == "portfolio":
        competences, situations = _portfolio_items(application)
        return portfolio_form(
            [c.id for c in competences],
            [s.id for s in situations],
            application,
            formdata=request.method != "GET",
        )
    form_cls = FORM_STEPS[step][0]
    data = {}
    if request.method == "GET":
        data = {name: getattr(application, name) for name in drafts.STEP_FIELDS[step]}
        if step == "route" and application.route:
            data["route"] = application.route.value
    form = form_cls(data=data) if request.method == "GET" else form_cls()
    if step == "tier":
        form.tier.choices = [
            SelectChoice(t.code, t.name.get(lang())) for t in tier_choices(application)
        ]
    if step == "diploma":
        form.programme_id.choices = [
            SelectChoice(0, str(_l("Choose a programme")))
        ] + programme_choices()
    return form


@bp.route("/apply/<int:application_id>/step/<step>", methods=["GET", "POST"])
def step(application_id: int, step: str):
    """One form step of the application."""
    if step not in FORM_STEPS:
        return lists.list_step(application_id, step)
    application, leave = load_draft(application_id)
    if leave:
        return leave
    if step not in steps_for(application):
        abort(404)
    form = _form_for(step, application)
    kind = FORM_STEPS[step][2]

    def page(refusal=None):
        competences, situations = _portfolio_items(application) if step == "portfolio" else ((), ())
        return render_template(
            FORM_STEPS[step][1],
            application=application,
            form=form,
            step=ApplicationStep(step),
            steps=steps_for(application),
            intro=STEP_INTROS.get(step),
            evidence_kind=kind,
            tiers=tier_choices(application),
            lang=lang(),
            Route=Route,
            competences=competences,
            situations=situations,
            portfolio_rules=current_policies().transitional_route.portfolio,
        )

    if not act(form, page):
        return page()
    if step == "growth":
        criteria = tuple(c.id for c in current_policies().tiers.growth_criteria)
        texts = {c: form[REFLECTION_PREFIX + c].data for c in criteria}
        drafts.save_growth_reflections(application, current_user, texts, criteria)
        return after_save(application, step)
    values = {name: getattr(form, name).data for name in drafts.STEP_FIELDS[step]}
    if step == "diploma":
        for name, message in diploma_problems(application, values).items():
            getattr(form, name).errors.append(message)
        if form.errors:
            raise InvalidForm()
    upload = request.files.get("file") if kind else None
    drafts.save_step(application, current_user, step, upload=upload, evidence_kind=kind, **values)
    if step == "portfolio":
        drafts.save_portfolio(application, current_user, form.entries())
    return after_save(application, step)

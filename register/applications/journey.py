"""The journey through a draft application: which steps it has (they depend on the chosen
route), the step after each one, loading the applicant's own draft, and where to go after a
step is saved. Shared by the form steps (``steps.py``) and the list steps (``lists.py``)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from register.domain import tier_change
from register.domain.lifecycle import ApplicationState
from register.models.applications import Application, ApplicationStep, Route
from register.objects import Purpose, get_application_or_404

_S = ApplicationStep
BASE_STEPS = (_S.TIER, _S.ROUTE, _S.PERSONAL)
ROUTE_STEPS = {
    Route.DIPLOMA: (_S.DIPLOMA,),
    Route.TRANSITIONAL: (_S.EXPERIENCE, _S.INTERVISION, _S.REFERENCES, _S.PORTFOLIO),
}


def asks_for_growth(application: Application) -> bool:
    """An application for a higher tier asks for reflections on growth (kept once written,
    also after the decision has changed the registration's tier)."""
    if not application.is_tier_change:
        return False
    return bool(application.growth_reflections) or tier_change.asks_for_growth(
        application.registration.tier, application.tier
    )


def steps_for(application: Application) -> tuple[ApplicationStep, ...]:
    """The steps of this application, depending on the chosen route (and, for a higher
    tier, the reflections on growth)."""
    growth = (_S.GROWTH,) if asks_for_growth(application) else ()
    return BASE_STEPS + ROUTE_STEPS.get(application.route, ()) + growth + (_S.REVIEW,)


def next_step(application: Application, step: str) -> str:
    """The step after ``step`` (the review step after the last one)."""
    steps = steps_for(application)
    index = steps.index(step) if step in steps else len(steps) - 2
    return steps[min(index + 1, len(steps) - 1)]


def load_draft(application_id: int):
    """The current user's draft, or (None, a redirect to its status page) once it is sent."""
    application = get_application_or_404(application_id, for_user=current_user, purpose=Purpose.OWN)
    if application.state is not ApplicationState.DRAFT:
        flash(_l("This application has been sent and can no longer be changed."), "info")
        return None, redirect(url_for("apply.status", application_id=application.id))
    return application, None


def after_save(application: Application, step: str):
    """Go on to the next step, or back to the dashboard when the person chose "later"."""
    if request.form.get("action") == "later":
        flash(_l("Your answers have been saved. You can come back later to continue."), "success")
        return redirect(url_for("apply.dashboard"))
    return redirect(
        url_for("apply.step", application_id=application.id, step=next_step(application, step))
    )

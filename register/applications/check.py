"""The public eligibility check: before applying, which tiers and routes are open to a
person, and why. Judged by the domain rules on what the person tells us; nothing is stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from register import rule_display
from register.access import public
from register.applications import bp
from register.applications.diploma import programme_choices
from register.applications.facts import programme_facts
from register.applications.forms import EligibilityForm
from register.domain.eligibility import (
    DIPLOMA,
    ApplicationFacts,
    Proposal,
    RouteOption,
    WorkPeriod,
    check_eligibility,
)
from register.domain.trace import RuleOutcome, RuleResult
from register.extensions import db
from register.i18n import current_language as lang
from register.models.applications import Route
from register.models.programmes import Programme
from register.policy import current_policies
from register.rule_display import RuleLine

OPEN, NOT_OPEN, UNKNOWN = "open", "not_open", "unknown"
VERDICT_LABELS = {
    OPEN: _l("Open to you"),
    NOT_OPEN: _l("Not open to you"),
    UNKNOWN: _l("We cannot tell yet"),
}


@dataclass(frozen=True)
class OptionView:
    """One tier-and-route answer as shown: verdict and the reasons in plain language."""

    tier: int
    route: Route
    verdict: str
    reasons: tuple[RuleLine, ...]


def facts_from_form(form: EligibilityForm, today: dt.date) -> ApplicationFacts:
    """The facts the person gave, as the domain expects them."""
    programme = None
    if form.has_diploma.data == "yes" and form.programme_id.data:
        row = db.session.get(Programme, form.programme_id.data)
        programme = programme_facts(row) if row else None
    work = ()
    if form.hours_per_week.data and form.worked_since.data:
        work = (
            WorkPeriod(
                form.worked_since.data,
                None,
                float(form.hours_per_week.data),
                form.paid.data != "voluntary",
            ),
        )
    return ApplicationFacts(
        today=today,
        programme=programme,
        diploma_date=form.diploma_date.data if programme else None,
        work=work,
        intervision_sessions=form.intervision_sessions.data,
    )


def describe(option: RouteOption, has_diploma: bool) -> OptionView:
    """Turn the domain's answer into a verdict: open only when every rule passed."""
    proposal = option.evaluation.proposal
    if proposal is Proposal.APPROVE:
        verdict = OPEN
    elif proposal is Proposal.REFUSE or (option.route == DIPLOMA and not has_diploma):
        verdict = NOT_OPEN
    else:
        verdict = UNKNOWN
    if option.route == DIPLOMA and not has_diploma:
        reasons = (_no_diploma(),)
    else:
        reasons = tuple(
            rule_display.describe(r, self_check=True) for r in option.evaluation.results
        )
    return OptionView(option.tier, Route(option.route), verdict, reasons)


def _no_diploma() -> RuleLine:
    """The one reason the diploma route is closed to someone without a diploma."""
    line = rule_display.describe(
        RuleResult("diploma.programme", RuleOutcome.FAILED), self_check=True
    )
    return replace(line, title=str(_l("You need a diploma of an accredited programme.")))


@bp.route("/eligibility", methods=["GET", "POST"])
@public
def eligibility():
    """Ask a few questions and show, per tier and route, whether it is open and why."""
    form = EligibilityForm()
    form.programme_id.choices = [
        SelectChoice(0, str(_l("Choose a programme")))
    ] + programme_choices()
    results = None
    if request.method == "POST" and form.validate():
        policies = current_policies()
        options = check_eligibility(
            policies.tiers, policies.transitional_route, facts_from_form(form, dt.date.today())
        )
        results = [describe(o, form.has_diploma.data == "yes") for o in options]
    return render_template(
        "apply/eligibility.html",
        form=form,
        results=results,
        tiers={t.code: t for t in current_policies().tiers.tiers},
        verdicts=VERDICT_LABELS,
        lang=lang(),
    )

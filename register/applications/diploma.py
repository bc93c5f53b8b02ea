"""The diploma route's page helpers: the accredited programmes to choose from (also on the
public eligibility check), and the diploma step's checks, judged by the domain rules."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectChoice

from register.applications.facts import programme_facts
from register.domain.eligibility import DIPLOMA, SELF_CHECK, ApplicationFacts, evaluate_application
from register.domain.trace import RuleOutcome
from register.extensions import db
from register.models.applications import Application
from register.models.programmes import Accreditation, Programme
from register.policy import current_policies
from register.rule_display import describe


def programme_choices() -> list[SelectChoice]:
    """Programmes that hold or held an accreditation, as select choices."""
    programmes = db.session.scalars(
        select(Programme)
        .where(Programme.id.in_(select(Accreditation.programme_id)))
        .order_by(Programme.name)
    ).all()
    return [SelectChoice(p.id, _programme_label(p)) for p in programmes]


def _programme_label(programme: Programme) -> str:
    provider = f"{programme.provider.name}, " if programme.provider else ""
    return str(
        _l(
            "%(name)s (%(provider)sNLQF level %(level)s)",
            name=programme.name,
            provider=provider,
            level=programme.nlqf_level,
        )
    )


def diploma_problems(
    application: Application, values: dict, today: dt.date | None = None
) -> dict[str, str]:
    """Field errors for the diploma step, judged by the domain rules: the programme's level
    must give entry to the chosen tier and the diploma date must fall within an
    accreditation period (and not in the future)."""
    programme = db.session.get(Programme, values.get("programme_id") or 0)
    if programme is None:
        return {"programme_id": str(_l("Choose your training programme."))}
    policies = current_policies()
    facts = ApplicationFacts(
        today=today or dt.date.today(),
        tier=application.tier or 1,
        route=DIPLOMA,
        programme=programme_facts(programme),
        diploma_date=values.get("diploma_date"),
    )
    evaluation = evaluate_application(
        policies.tiers, policies.transitional_route, facts, SELF_CHECK
    )
    failed = {r.rule: r for r in evaluation.results if r.outcome is RuleOutcome.FAILED}
    problems = {}
    if "diploma.level_gives_entry" in failed and application.tier:
        problems["programme_id"] = describe(failed["diploma.level_gives_entry"]).advice
    for rule in ("diploma.date_not_in_future", "diploma.accredited_on_date"):
        if rule in failed:
            problems["diploma_date"] = describe(failed[rule]).advice
            break
    return problems

"""Plain-language, translated texts for each rule in the eligibility trace.

The domain returns rule codes and evidence; this module turns them into sentences for
applicants and registrars, in the interface language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.domain.eligibility import Outcome, RuleResult

RULE_LABELS = {
    "tier.chosen": _l("A tier has been chosen"),
    "route.chosen": _l("A route has been chosen"),
    "code.accepted": _l("The professional code has been accepted"),
    "diploma.programme": _l("The training programme has been chosen"),
    "diploma.level_gives_entry": _l("The programme's level gives entry to this tier"),
    "diploma.date": _l("The diploma date has been filled in"),
    "diploma.date_not_in_future": _l("The diploma date is not in the future"),
    "diploma.accredited_on_date": _l("The programme was accredited on the diploma date"),
    "diploma.evidence": _l("A copy of the diploma has been uploaded"),
    "transitional.open": _l("The transitional route is open"),
    "transitional.work_experience": _l("Work experience has been filled in"),
    "transitional.hours": _l("Enough hours of work as an expert by experience"),
    "transitional.years": _l("Enough years of work as an expert by experience"),
    "transitional.intervision": _l("Enough intervision or supervision"),
    "transitional.intervision_evidence": _l(
        "Proof of intervision or supervision has been uploaded"
    ),
    "transitional.portfolio": _l("A portfolio has been uploaded"),
    "transitional.references": _l("Enough referees have been named"),
    "transitional.references_confirmed": _l("The referees have confirmed"),
    "transitional.assessment": _l("Two assessors judged the portfolio sufficient"),
}

OUTCOME_LABELS = {
    Outcome.PASSED: _l("Met"),
    Outcome.FAILED: _l("Not met"),
    Outcome.MISSING: _l("Still missing"),
    Outcome.PENDING: _l("Waiting for others"),
}


def rule_label(result: RuleResult) -> str:
    """The rule's label in the interface language (the code itself if unknown)."""
    return str(RULE_LABELS.get(result.rule, result.rule))


def rule_detail(result: RuleResult) -> str:
    """A sentence with the evidence the rule looked at, or an empty string."""
    e = result.evidence
    rule = result.rule
    if not e:  # a missing item carries no evidence to describe
        return ""
    if rule == "diploma.level_gives_entry":
        return str(
            _l(
                "Programme level %(level)s; this tier admits levels %(levels)s.",
                level=e["level"],
                levels=", ".join(map(str, e["entry_levels"])),
            )
        )
    if rule == "diploma.accredited_on_date":
        periods = ", ".join(p.replace("/", " – ") for p in e["periods"]) or "—"
        return str(
            _l(
                "Diploma date %(date)s; accredited periods: %(periods)s.",
                date=e["diploma_date"],
                periods=periods,
            )
        )
    if rule == "transitional.hours":
        return str(
            _l(
                "%(hours)s hours since %(since)s; %(required)s required.",
                hours=e["hours"],
                since=e["since"],
                required=e["required"],
            )
        )
    if rule == "transitional.years":
        return str(
            _l(
                "%(years)s years since %(since)s; %(required)s required.",
                years=e["years"],
                since=e["since"],
                required=e["required"],
            )
        )
    if rule == "transitional.intervision":
        return str(
            _l(
                "%(sessions)s sessions in the last %(months)s months; %(required)s required.",
                sessions=e["sessions"],
                months=e["months"],
                required=e["required"],
            )
        )
    if rule == "transitional.references":
        return str(
            _l(
                "%(named)s named, %(required)s required, of which %(sup)s from a supervisor or employer.",  # noqa: E501
                named=e["named"],
                required=e["required"],
                sup=e.get("supervisor_required", 1),
            )
        )
    if rule == "transitional.references_confirmed":
        return str(
            _l(
                "%(confirmed)s of %(required)s confirmed (%(pending)s waiting, %(declined)s declined).",  # noqa: E501
                confirmed=e["confirmed"],
                required=e["required"],
                pending=e["pending"],
                declined=e["declined"],
            )
        )
    if rule == "transitional.assessment":
        text = str(
            _l(
                "%(submitted)s of %(required)s assessments submitted.",
                submitted=e["submitted"],
                required=e["required"],
            )
        )
        if e.get("disagreements"):
            text += " " + str(
                _l("The assessors disagree on: %(items)s.", items=", ".join(e["disagreements"]))
            )
        elif e.get("insufficient_items"):
            text += " " + str(
                _l("Insufficient: %(items)s.", items=", ".join(e["insufficient_items"]))
            )
        return text
    if rule == "transitional.open" and e.get("open_until"):
        return str(_l("Open until %(date)s.", date=e["open_until"]))
    return ""

"""The texts of every rule a check can report, in one registry (rule id → ``RuleText``).

Texts are English message ids, marked with ``N_`` so that ``pybabel extract`` finds them;
they are translated and filled in only where they are shown (``register.rule_display``),
with each fact formatted for the reader's language. A placeholder ``%(name)s`` names a fact
of the rule's result. A test walks the rules and fails on any rule id without an entry
here, and on any text that cannot be filled in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from register.domain.trace import RuleOutcome


def N_(text: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``text`` as a message id for extraction; it is translated where it is shown."""
    return text


@dataclass(frozen=True)
class RuleText:
    """What a rule checks (``title``) and, per outcome, a sentence with the facts it used
    (empty: nothing to add). ``notes`` adds a sentence for each named fact that is present
    and not empty; ``advice`` tells the person what to do when the rule fails (shown as a
    form error)."""

    title: str
    passed: str = ""
    failed: str = ""
    missing: str = ""
    pending: str = ""
    notes: tuple[tuple[str, str], ...] = ()
    advice: str = ""

    def detail_for(self, outcome: RuleOutcome) -> str:
        """The sentence for ``outcome`` (a message id, possibly empty)."""
        return getattr(self, outcome.value)


def _same(text: str, *outcomes: str) -> dict[str, str]:
    """The same sentence for several outcomes."""
    return dict.fromkeys(outcomes, text)


_LEVELS = N_(
    "The programme is at NLQF %(level)s (NLQF: the Dutch scale for levels of education). "
    "This tier of the register accepts NLQF %(entry_levels)s."
)
_PERIODS = N_(
    "Date of the diploma: %(diploma_date)s. The programme was accredited (approved by the "
    "register) in: %(periods)s."
)
_HOURS = N_("%(hours)s hours since %(since)s. Needed: %(required)s hours.")
_YEARS = N_("%(years)s years since %(since)s. Needed: %(required)s years.")
_SESSIONS = N_("%(sessions)s sessions in the last %(months)s months. Needed: %(required)s.")
_NAMED = N_(
    "%(named)s named. Needed: %(required)s, of whom %(supervisor_required)s a supervisor or "
    "employer."
)
_CONFIRMED = N_(
    "%(confirmed)s of %(required)s confirmed. Still waiting: %(pending)s. Declined: %(declined)s."
)
_CLAIMED_HOURS = N_(
    "Counted as the referees confirmed the work. The applicant stated %(claimed_hours)s hours."
)
_CLAIMED_YEARS = N_(
    "Counted as the referees confirmed the work. The applicant stated %(claimed_years)s years."
)
_NOT_INDEPENDENT = N_(
    "Not counted: %(not_independent)s referee(s) who are not independent of the applicant or "
    "of the people handling the application."
)
_ASSESSED = N_("%(submitted)s of %(required)s assessments sent in.")
_LIVED_ASSESSORS = N_(
    "Experts by experience among the assessors: %(lived)s. Asked for: %(required)s. Places "
    "still open: %(open)s."
)
_SITUATIONS = N_(
    "Competences (what the tier asks you to be able to do): %(competences)s. Critical "
    "professional situations (difficult moments from your work) described: %(situations)s "
    "of %(situations_required)s."
)
_ASSESSORS = N_("%(assessors)s assessors. Needed: %(required)s.")
_LIVED = N_("%(lived_experience)s experts by experience. Needed: %(required)s.")
_MET = N_("%(met)s of %(criteria)s criteria met.")
_PARTLY = N_("%(partly_met)s partly met. Accreditation with conditions allows at most %(max)s.")
_NOT_MET = N_("%(not_met)s not met. Accreditation with conditions allows at most %(max)s.")
_TIERS = N_("Tier now: %(current)s. Tier asked for: %(requested)s.")
_EDITS = N_("%(edits)s small changes. A correction may make at most %(max_edits)s.")
_RENEW_HOURS = N_("%(counted)s hours counted since %(since)s. Needed: %(required)s hours.")
_RENEW_HOURS_SHORT = N_(
    "%(counted)s hours counted since %(since)s. Needed: %(required)s hours. Still missing: "
    "%(shortfall)s hours."
)

RULE_TEXTS: Mapping[str, RuleText] = {
    # --- applications: both routes
    "tier.chosen": RuleText(N_("The tier you apply for")),
    "route.chosen": RuleText(N_("The route you apply by")),
    "code.accepted": RuleText(N_("Agreeing to the professional code")),
    "personal.details": RuleText(N_("Your personal details")),
    # --- the diploma route
    "diploma.programme": RuleText(N_("The training programme of the diploma")),
    "diploma.level_gives_entry": RuleText(
        N_("The programme fits the tier"),
        **_same(_LEVELS, "passed", "failed"),
        advice=N_(
            "This programme is at NLQF %(level)s. Tier %(tier)s accepts diplomas at NLQF "
            "%(entry_levels)s. Choose another programme or another tier."
        ),
    ),
    "diploma.date": RuleText(N_("The date of the diploma")),
    "diploma.date_not_in_future": RuleText(
        N_("The diploma date is today or earlier"),
        failed=N_("The date filled in is in the future."),
        advice=N_("Fill in the date on the diploma. It cannot be in the future."),
    ),
    "diploma.accredited_on_date": RuleText(
        N_("The programme was accredited on the diploma date"),
        **_same(_PERIODS, "passed", "failed"),
        advice=N_(
            "The programme was not accredited on this date. It was accredited in: %(periods)s."
        ),
    ),
    "diploma.evidence": RuleText(N_("A copy of the diploma")),
    # --- the transitional route
    "transitional.open": RuleText(
        N_("The transitional route is open"),
        passed=N_(
            "The transitional route is for people without a diploma of an accredited programme."
        ),
        failed=N_(
            "The transitional route (for people without a diploma of an accredited programme) "
            "is closed."
        ),
        notes=(("open_until", N_("Last day: %(open_until)s.")),),
    ),
    "transitional.work_experience": RuleText(N_("Work experience")),
    "transitional.hours": RuleText(
        N_("Hours of work as an expert by experience"),
        **_same(_HOURS, "passed", "failed"),
        notes=(("claimed_hours", _CLAIMED_HOURS),),
    ),
    "transitional.years": RuleText(
        N_("Years of work as an expert by experience"),
        **_same(_YEARS, "passed", "failed"),
        notes=(("claimed_years", _CLAIMED_YEARS),),
    ),
    "transitional.intervision": RuleText(
        N_("Intervision or supervision (discussing your work with colleagues or a supervisor)"),
        **_same(_SESSIONS, "passed", "failed"),
    ),
    "transitional.intervision_evidence": RuleText(N_("Proof of intervision or supervision")),
    "transitional.portfolio": RuleText(
        N_("The portfolio: each competence of the tier, and critical professional situations"),
        **_same(_SITUATIONS, "passed", "missing"),
        notes=(("missing", N_("Still to write, with examples: %(missing)s.")),),
    ),
    "transitional.references": RuleText(
        N_("Referees named"),
        **_same(_NAMED, "passed", "missing"),
        notes=(("not_independent", _NOT_INDEPENDENT),),
    ),
    "transitional.references_confirmed": RuleText(
        N_("Confirmation by the referees"),
        **_same(_CONFIRMED, "passed", "pending", "missing"),
        notes=(("not_independent", _NOT_INDEPENDENT),),
    ),
    "transitional.assessment": RuleText(
        N_("The judgement of two assessors on the portfolio"),
        **_same(_ASSESSED, "passed", "failed", "pending"),
        notes=(
            ("disagreements", N_("The assessors disagree on: %(disagreements)s.")),
            (
                "third_assessor",
                N_("A third assessor judges the portfolio; per item the majority counts."),
            ),
            (
                "registrar_weighs",
                N_("The registrar weighs both judgements and decides, with a written reason."),
            ),
            ("insufficient_items", N_("Judged insufficient: %(insufficient_items)s.")),
        ),
    ),
    # --- changing tier, and one current registration per person
    "tier_change.registration_active": RuleText(
        N_("The registration to change is active"),
        passed=N_("Registration %(number)s is active."),
        failed=N_(
            "Registration %(number)s is not active. Only an active registration can change tier."
        ),
    ),
    "tier_change.other_tier": RuleText(
        N_("A tier other than the current one"),
        **_same(_TIERS, "passed", "failed"),
        advice=N_("You are already registered in tier %(current)s. Choose another tier."),
    ),
    "tier_change.lower_tier": RuleText(
        N_("Moving to a lower tier is allowed"),
        **_same(_TIERS, "passed", "failed"),
        advice=N_("The register does not allow a move to a lower tier."),
    ),
    "tier_change.growth_reflection": RuleText(
        N_("A reflection on each criterion of growth (what shows you have grown into the tier)"),
        passed=N_("All %(criteria)s reflections are written."),
        missing=N_(
            "%(missing)s of the %(criteria)s reflections are missing or shorter than "
            "%(min_characters)s characters."
        ),
    ),
    "registration.none_current": RuleText(
        N_("No current registration yet"),
        failed=N_(
            "The applicant already has registration %(number)s. A person can have only one "
            "registration; an application for another tier changes that registration."
        ),
        advice=N_(
            "You already have registration %(number)s. To change tier, apply for another "
            "tier from your registration page."
        ),
    ),
    # --- the registrar's own check before a first registration
    "identity.confirmed": RuleText(
        N_("The applicant's identity was confirmed"),
        passed=N_(
            "%(method)s. Document seen: %(document)s, on %(checked_on)s. The name and date of "
            "birth matched the application. No copy or number of the document is kept."
        ),
        missing=N_(
            "Not confirmed yet. Before approval, a registrar sees the applicant with an "
            "identity document, in person or in a video call, and records the check."
        ),
    ),
    # --- changing a registered name
    "name.complete": RuleText(N_("Given names and a surname in the new name")),
    "name.differs": RuleText(
        N_("A new name that differs from the registered name"),
        passed=N_("Registered now: %(current)s. New: %(requested)s."),
        failed=N_("%(requested)s is the name in the register already."),
        advice=N_("This is already the name in the register."),
    ),
    "name_change.proof": RuleText(N_("Proof of the change of name")),
    "name_correction.small": RuleText(
        N_("A small correction (a typo)"),
        **_same(_EDITS, "passed", "failed"),
        advice=N_(
            "This is more than a typo (%(edits)s changes; at most %(max_edits)s). A bigger "
            "change needs a request for a change of name with proof, from the registrant."
        ),
    ),
    # --- transitional route: who may assess a portfolio
    "assessor.trained": RuleText(
        N_("Training as an assessor"),
        passed=N_(
            "%(name)s: trained on %(trained_on)s; the training counts until %(valid_until)s."
        ),
        failed=N_(
            "%(name)s: trained on %(trained_on)s; the training counted until %(valid_until)s, "
            "so no longer."
        ),
        missing=N_("%(name)s has no assessor training on record."),
        advice=N_("Only an assessor with a valid assessor training can be assigned."),
    ),
    "assessors.lived_experience": RuleText(
        N_("Assessors who are experts by experience"),
        **_same(_LIVED_ASSESSORS, "passed", "pending", "failed"),
        advice=N_(
            "None of the assessors would be an expert by experience, as the sources prefer. "
            "Choose an assessor who is, or write down why not."
        ),
    ),
    # --- accreditation: the panel
    "panel.no_conflicts": RuleText(
        N_("No one on the panel is linked to the provider"),
        failed=N_("Linked to the provider: %(conflicted)s."),
        advice=N_(
            "These assessors are linked to the provider and cannot be assigned: %(conflicted)s."
        ),
    ),
    "panel.min_assessors": RuleText(
        N_("The number of assessors"),
        **_same(_ASSESSORS, "passed", "failed"),
        advice=N_("A panel needs at least %(required)s assessors without a conflict of interest."),
    ),
    "panel.min_lived_experience": RuleText(
        N_("Experts by experience on the panel"),
        **_same(_LIVED, "passed", "failed"),
        advice=N_(
            "At least %(required)s assessor(s) on the panel must be an expert by experience."
        ),
    ),
    # --- accreditation: the decision rule
    "decision.findings_complete": RuleText(
        N_("A finding of the panel on every criterion"),
        passed=N_("%(criteria)s criteria, each with a finding."),
        failed=N_("No finding yet on: %(missing)s."),
    ),
    "decision.all_met": RuleText(N_("Criteria met"), **_same(_MET, "passed", "failed")),
    "decision.partly_met_within_limit": RuleText(
        N_("Partly met criteria: few enough for accreditation with conditions"),
        **_same(_PARTLY, "passed", "failed"),
        notes=(("criteria_ids", N_("Partly met criteria: %(criteria_ids)s.")),),
    ),
    "decision.not_met_within_limit": RuleText(
        N_("Criteria not met: few enough for accreditation with conditions"),
        **_same(_NOT_MET, "passed", "failed"),
        notes=(("criteria_ids", N_("Criteria not met: %(criteria_ids)s.")),),
    ),
    # --- objections (bezwaar): deciding an objection
    "objection.in_time": RuleText(
        N_("The objection came in on time"),
        passed=N_(
            "Received on %(received_on)s. The objection period ended on %(objection_until)s."
        ),
        failed=N_(
            "Received on %(received_on)s. That is after the objection period, which ended on "
            "%(objection_until)s."
        ),
    ),
    "objection.delay_excused": RuleText(
        N_("The delay is excused"),
        passed=N_("A registrar excused the delay and recorded why."),
        failed=N_("No one has excused the delay. The objection can only be refused as too late."),
    ),
    "objection.other_registrar": RuleText(
        N_("Decided by a registrar who did not take the original decision"),
        passed=N_("The registrar deciding did not take or confirm the decision objected to."),
        failed=N_("The registrar deciding took or confirmed the decision objected to."),
    ),
    "objection.hearing": RuleText(
        N_("The objector was heard, if they asked to be"),
        passed=N_("Asked to be heard: %(requested)s. Hearing held: %(held)s."),
        failed=N_(
            "The objector asked to be heard and no hearing has been held yet. The objection "
            "cannot be dismissed before the hearing."
        ),
    ),
    "objection.within_deadline": RuleText(
        N_("Decided within the decision period"),
        passed=N_("The decision period ends on %(decide_by)s. Extended: %(extended)s."),
        failed=N_("The decision period ended on %(decide_by)s. Extended: %(extended)s."),
    ),
    # --- staying registered: renewal and restoration
    "renewal.window": RuleText(
        N_("Renewal asked in time"),
        passed=N_(
            "Asked on %(requested_on)s. Renewal could be asked from %(opens_on)s; the "
            "registration ends on %(valid_until)s."
        ),
        failed=N_(
            "Asked on %(requested_on)s. Renewal can be asked from %(opens_on)s until the "
            "registration ends on %(valid_until)s."
        ),
        advice=N_("A renewal can be asked from %(opens_on)s until %(valid_until)s."),
    ),
    "restoration.within_period": RuleText(
        N_("Restoring asked in time"),
        **_same(
            N_(
                "Asked on %(requested_on)s. The registration lapsed on %(lapsed_on)s; restoring "
                "is possible until %(restore_until)s."
            ),
            "passed",
            "failed",
        ),
        advice=N_(
            "Restoring under the same number was possible until %(restore_until)s. Apply to be "
            "registered again."
        ),
    ),
    "restoration.not_suspended": RuleText(
        N_("The registration did not lapse while suspended"),
        failed=N_("The registration lapsed while it was suspended."),
        advice=N_("A registration that lapsed while suspended is restored only by the register."),
    ),
    "renewal.practice_hours": RuleText(
        N_("Enough hours of practice in the registration period"),
        passed=_RENEW_HOURS,
        pending=N_(
            "%(counted)s hours counted since %(since)s, and %(pending)s more waiting for "
            "confirmation. Needed: %(required)s hours."
        ),
        missing=_RENEW_HOURS_SHORT,
        failed=_RENEW_HOURS_SHORT,
        advice=N_(
            "Log your practice and ask your employer or the organisation to confirm it: "
            "%(shortfall)s hours are still missing."
        ),
    ),
    "renewal.development_hours": RuleText(
        N_("Enough continuing development (hours)"),
        passed=N_("%(category)s: %(counted)s hours since %(since)s. Needed: %(required)s hours."),
        pending=N_(
            "%(category)s: %(counted)s hours since %(since)s, and %(pending)s more waiting for "
            "confirmation. Needed: %(required)s hours."
        ),
        **_same(
            N_(
                "%(category)s: %(counted)s hours since %(since)s. Needed: %(required)s hours. "
                "Still missing: %(shortfall)s hours."
            ),
            "missing",
            "failed",
        ),
        advice=N_("%(category)s: %(shortfall)s hours are still missing."),
    ),
    "renewal.development_points": RuleText(
        N_("Enough continuing development (points)"),
        passed=N_("%(category)s: %(counted)s points since %(since)s. Needed: %(required)s points."),
        pending=N_(
            "%(category)s: %(counted)s points since %(since)s, and %(pending)s more waiting for "
            "confirmation. Needed: %(required)s points."
        ),
        **_same(
            N_(
                "%(category)s: %(counted)s points since %(since)s. Needed: %(required)s points. "
                "Still missing: %(shortfall)s points."
            ),
            "missing",
            "failed",
        ),
        advice=N_("%(category)s: %(shortfall)s points are still missing."),
    ),
    "renewal.declaration": RuleText(N_("The log declared true and complete")),
    "renewal.proof": RuleText(
        N_("Proof behind the log (this request was drawn for a check)"),
        passed=N_("There is proof for all %(entries)s lines that need it."),
        missing=N_("%(missing)s of %(entries)s lines still need their proof."),
    ),
}

"""Evaluating an application for registration against the policies (pure, no I/O).

``evaluate_application`` takes the policies and the facts of one application and returns a
``Trace``: the proposal and every rule checked, with its outcome and the typed facts it
looked at (``register.domain.trace``). Registrars see the trace; applicants see what is
still missing. ``check_eligibility`` answers, before anyone applies, which tiers and routes
are open to a person and why.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from register.domain.referees import ConfirmedWork, confirmed_work
from register.domain.tier_change import (
    TierChangeFacts,
    already_registered_rule,
    tier_change_rules,
)
from register.domain.trace import Fact, FactKind, RuleOutcome, RuleResult, Trace, passed_if
from register.policy.registration import TierChangeRules
from register.policy.tiers import TiersPolicy
from register.policy.transitional import TransitionalRoutePolicy

DIPLOMA, TRANSITIONAL = "diploma", "transitional"
_O, _K = RuleOutcome, FactKind


class Proposal(enum.StrEnum):
    """What the rules propose to the registrar."""

    APPROVE = "approve"
    REFUSE = "refuse"
    INCOMPLETE = "incomplete"
    AWAIT = "await"


@dataclass(frozen=True)
class ProgrammeFacts:
    """A training programme's level and the periods in which it was accredited."""

    name: str
    level: int
    accredited_periods: tuple[tuple[dt.date, dt.date], ...]


@dataclass(frozen=True)
class WorkPeriod:
    """Work as an expert by experience; ``end`` None means ongoing."""

    start: dt.date
    end: dt.date | None
    hours_per_week: float
    paid: bool
    organisation: str = ""


@dataclass(frozen=True)
class ReferenceFacts:
    """A referee: whether a supervisor or employer, where the answer stands, the
    organisation whose work they confirm, whether they are independent of the applicant and
    of the people handling the application, and what they confirmed."""

    from_supervisor_or_employer: bool
    state: str  # pending | confirmed | declined | replaced
    organisation: str = ""
    independent: bool = True
    confirmed: ConfirmedWork | None = None


@dataclass(frozen=True)
class PortfolioFacts:
    """What the portfolio holds: the competences with both a reflection and examples, and
    the critical professional situations described."""

    competences_written: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssessmentFacts:
    """One assessor's submitted scores: rubric item id → sufficient."""

    assessor: str
    scores: dict[str, bool]


@dataclass(frozen=True)
class ApplicationFacts:
    """Everything the rules look at, gathered from the application by the service layer."""

    today: dt.date
    tier: int | None = None
    route: str | None = None
    code_accepted: bool = False
    programme: ProgrammeFacts | None = None
    diploma_date: dt.date | None = None
    has_diploma_file: bool = False
    work: tuple[WorkPeriod, ...] = ()
    intervision_sessions: int | None = None
    has_intervision_evidence: bool = False
    references: tuple[ReferenceFacts, ...] = ()
    portfolio: PortfolioFacts = PortfolioFacts()
    assessments: tuple[AssessmentFacts, ...] = ()
    #: an application for another tier: the registration it changes (None: a first one)
    tier_change: TierChangeFacts | None = None
    #: a first application: the number of the applicant's current registration, if any
    current_registration: str | None = None


@dataclass(frozen=True)
class Stage:
    """Which rules apply: a self-check before applying skips evidence and third parties."""

    evidence: bool
    third_parties: bool


SELF_CHECK = Stage(evidence=False, third_parties=False)
SUBMISSION = Stage(evidence=True, third_parties=False)
DECISION = Stage(evidence=True, third_parties=True)


# --- diploma route -------------------------------------------------------------------------


def _present(rule: str, present: bool) -> RuleResult:
    """A piece the applicant must provide: passed when there, missing otherwise."""
    return RuleResult(rule, _O.PASSED if present else _O.MISSING)


def _diploma_rules(tiers: TiersPolicy, f: ApplicationFacts, stage: Stage) -> list[RuleResult]:
    tier = tiers.get(f.tier)
    out: list[RuleResult] = []
    if f.programme is None:
        return [RuleResult("diploma.programme", _O.MISSING)]
    p = f.programme
    out.append(
        passed_if(
            "diploma.level_gives_entry",
            p.level in tier.entry_training_levels,
            programme=Fact(_K.TEXT, p.name),
            level=Fact(_K.LEVEL, p.level),
            tier=Fact(_K.TIER, tier.code),
            entry_levels=Fact(_K.LEVELS, tier.entry_training_levels),
        )
    )
    if f.diploma_date is None:
        out.append(RuleResult("diploma.date", _O.MISSING))
    else:
        out.append(
            passed_if(
                "diploma.date_not_in_future",
                f.diploma_date <= f.today,
                diploma_date=Fact(_K.DATE, f.diploma_date),
            )
        )
        covering = [(a, b) for a, b in p.accredited_periods if a <= f.diploma_date <= b]
        out.append(
            passed_if(
                "diploma.accredited_on_date",
                bool(covering),
                programme=Fact(_K.TEXT, p.name),
                diploma_date=Fact(_K.DATE, f.diploma_date),
                periods=Fact(_K.PERIODS, p.accredited_periods),
            )
        )
    if stage.evidence:
        out.append(_present("diploma.evidence", f.has_diploma_file))
    return out


# --- transitional route --------------------------------------------------------------------


def _years_ago(day: dt.date, years: float) -> dt.date:
    return day - dt.timedelta(days=round(365.25 * years))


def _exact_hours(
    work: Iterable[WorkPeriod], since: dt.date, until: dt.date, voluntary_counts: bool
) -> float:
    total = 0.0
    for period in work:
        if not period.paid and not voluntary_counts:
            continue
        start, end = max(period.start, since), min(period.end or until, until)
        if end >= start:
            total += ((end - start).days + 1) / 7 * period.hours_per_week
    return total


def hours_within(
    work: Iterable[WorkPeriod], since: dt.date, until: dt.date, voluntary_counts: bool
) -> float:
    """Hours worked between ``since`` and ``until`` (periods clipped to that window), rounded
    down to one decimal for display (never shown as more than was worked). Hours at
    overlapping jobs add up: both were worked."""
    return math.floor(_exact_hours(work, since, until, voluntary_counts) * 10) / 10


def days_within(
    work: Iterable[WorkPeriod], since: dt.date, until: dt.date, voluntary_counts: bool
) -> int:
    """Calendar days covered by at least one period in the window (overlaps counted once)."""
    spans = sorted(
        (max(p.start, since), min(p.end or until, until))
        for p in work
        if (p.paid or voluntary_counts)
    )
    days, cursor = 0, None
    for start, end in spans:
        if end < start:
            continue
        if cursor is not None and start <= cursor:
            start = cursor + dt.timedelta(days=1)
        if end >= start:
            days += (end - start).days + 1
        cursor = end if cursor is None else max(cursor, end)
    return days


def years_within(
    work: Iterable[WorkPeriod], since: dt.date, until: dt.date, voluntary_counts: bool
) -> float:
    """Years covered by at least one period in the window (overlaps counted once), as
    covered days / 365 rounded down to two decimals, so that a full calendar year (365 or
    366 days) counts as one year and the figure shown agrees with the rule."""
    return math.floor(days_within(work, since, until, voluntary_counts) * 100 / 365) / 100


def days_for_years(years: float) -> int:
    """The covered days that count as ``years`` years (365 days a year)."""
    return math.ceil(round(365 * years, 6))


def _transitional_rules(
    route: TransitionalRoutePolicy, f: ApplicationFacts, stage: Stage
) -> list[RuleResult]:
    req = route.tiers[f.tier]
    since = _years_ago(f.today, req.lookback_years)
    open_until = {"open_until": Fact(_K.DATE, route.open_until)} if route.open_until else {}
    out = [passed_if("transitional.open", route.is_open_on(f.today), **open_until)]
    if not f.work:
        out.append(RuleResult("transitional.work_experience", _O.MISSING))
    else:
        out.extend(_work_rules(route, req, f, since, stage))
    if f.intervision_sessions is None:
        out.append(RuleResult("transitional.intervision", _O.MISSING))
    else:
        out.append(
            passed_if(
                "transitional.intervision",
                f.intervision_sessions >= req.min_intervision_sessions,
                sessions=Fact(_K.COUNT, f.intervision_sessions),
                required=Fact(_K.COUNT, req.min_intervision_sessions),
                months=Fact(_K.MONTHS, req.intervision_lookback_months),
            )
        )
    if stage.evidence:
        out.append(_present("transitional.intervision_evidence", f.has_intervision_evidence))
        out.append(_portfolio_rule(route, req, f.portfolio))
        out.extend(
            _reference_rules(
                req.references_required, req.references_from_supervisor_or_employer, f, stage
            )
        )
    if stage.third_parties:
        out.append(_assessment_rule(route, req, f))
    return out


def _hours_figure(hours: float) -> float:
    return math.floor((hours + 1e-6) * 10) / 10


def _years_figure(days: int) -> float:
    return math.floor(days * 100 / 365) / 100


def _work_rules(route, req, f: ApplicationFacts, since: dt.date, stage: Stage) -> list[RuleResult]:
    """Hours and years of work in the look-back window. Once third parties count (the
    decision), the work counts as the referees confirmed it; where that is less than the
    applicant claimed, the claimed figure is kept as a fact beside it."""
    voluntary = route.voluntary_work_counts
    work = confirmed_work(f.work, f.references, f.today) if stage.third_parties else f.work
    hours = _exact_hours(work, since, f.today, voluntary)
    days = days_within(work, since, f.today, voluntary)
    claimed_hours = _hours_figure(_exact_hours(f.work, since, f.today, voluntary))
    claimed_years = _years_figure(days_within(f.work, since, f.today, voluntary))
    hour_facts = {
        "hours": Fact(_K.HOURS, _hours_figure(hours)),
        "required": Fact(_K.HOURS, req.min_hours),
        "since": Fact(_K.DATE, since),
        "voluntary_counts": Fact(_K.FLAG, voluntary),
    }
    if claimed_hours > _hours_figure(hours):
        hour_facts["claimed_hours"] = Fact(_K.HOURS, claimed_hours)
    year_facts = {
        "years": Fact(_K.YEARS, _years_figure(days)),
        "days": Fact(_K.COUNT, days),
        "required": Fact(_K.YEARS, req.min_years),
        "since": Fact(_K.DATE, since),
    }
    if claimed_years > _years_figure(days):
        year_facts["claimed_years"] = Fact(_K.YEARS, claimed_years)
    return [
        passed_if("transitional.hours", hours + 1e-6 >= req.min_hours, **hour_facts),
        passed_if("transitional.years", days >= days_for_years(req.min_years), **year_facts),
    ]


def _reference_rules(
    required: int, from_supervisor: int, f: ApplicationFacts, stage: Stage
) -> list[RuleResult]:
    """Enough referees named (at submission) and confirmed (at the decision). A referee who
    is not independent of the applicant or of the people handling the application does not
    count, and the trace says how many there were."""
    named_live = [r for r in f.references if r.state != "replaced"]
    live = [r for r in named_live if r.independent]
    not_independent = len(named_live) - len(live)
    extra = {"not_independent": Fact(_K.COUNT, not_independent)} if not_independent else {}
    named_supervisors = [r for r in live if r.from_supervisor_or_employer]
    named = {
        "named": Fact(_K.COUNT, len(live)),
        "required": Fact(_K.COUNT, required),
        "supervisor_or_employer": Fact(_K.COUNT, len(named_supervisors)),
        "supervisor_required": Fact(_K.COUNT, from_supervisor),
        **extra,
    }
    if len(live) < required or len(named_supervisors) < from_supervisor:
        return [RuleResult("transitional.references", _O.MISSING, named)]
    if not stage.third_parties:
        return [RuleResult("transitional.references", _O.PASSED, named)]
    confirmed = [r for r in live if r.state == "confirmed"]
    confirmed_sup = [r for r in confirmed if r.from_supervisor_or_employer]
    pending = [r for r in live if r.state == "pending"]
    facts = {
        "confirmed": Fact(_K.COUNT, len(confirmed)),
        "required": Fact(_K.COUNT, required),
        "confirmed_supervisor_or_employer": Fact(_K.COUNT, len(confirmed_sup)),
        "supervisor_required": Fact(_K.COUNT, from_supervisor),
        "pending": Fact(_K.COUNT, len(pending)),
        "declined": Fact(_K.COUNT, sum(r.state == "declined" for r in live)),
        **extra,
    }
    if len(confirmed) >= required and len(confirmed_sup) >= from_supervisor:
        return [RuleResult("transitional.references_confirmed", _O.PASSED, facts)]
    could_sup = len(confirmed_sup) + sum(r.from_supervisor_or_employer for r in pending)
    if len(confirmed) + len(pending) >= required and could_sup >= from_supervisor:
        return [RuleResult("transitional.references_confirmed", _O.PENDING, facts)]
    # Declined references mean too few can confirm: the applicant must name another referee.
    return [RuleResult("transitional.references_confirmed", _O.MISSING, facts)]


def _portfolio_rule(route: TransitionalRoutePolicy, req, portfolio: PortfolioFacts) -> RuleResult:
    """The portfolio reflects, with examples, on every competence the tier asks, and
    describes the policy's number of critical professional situations."""
    missing = tuple(c for c in req.portfolio_competences if c not in portfolio.competences_written)
    required = route.portfolio.critical_situations_required
    complete = not missing and len(portfolio.situations) >= required
    return RuleResult(
        "transitional.portfolio",
        _O.PASSED if complete else _O.MISSING,
        {
            "competences": Fact(_K.IDS, req.portfolio_competences),
            "missing": Fact(_K.IDS, missing),
            "situations": Fact(_K.COUNT, len(portfolio.situations)),
            "situations_required": Fact(_K.COUNT, required),
        },
    )


def rubric_ids(req, portfolio: PortfolioFacts) -> tuple[str, ...]:
    """The items a portfolio is scored on: the tier's competences, then the situations the
    applicant described (``register.domain.portfolio.rubric`` gives their texts)."""
    return (*req.portfolio_competences, *portfolio.situations)


def _assessment_rule(route: TransitionalRoutePolicy, req, f: ApplicationFacts) -> RuleResult:
    items = rubric_ids(req, f.portfolio)
    submitted = f.assessments
    facts: dict = {
        "submitted": Fact(_K.COUNT, len(submitted)),
        "required": Fact(_K.COUNT, route.assessors_required),
    }
    if len(submitted) < route.assessors_required:
        return RuleResult("transitional.assessment", _O.PENDING, facts)
    insufficient = {
        item: [a.assessor for a in submitted if not a.scores.get(item, False)] for item in items
    }
    disagreements = [i for i, who in insufficient.items() if 0 < len(who) < len(submitted)]
    unanimous = [i for i, who in insufficient.items() if len(who) == len(submitted)]
    facts.update(disagreements=Fact(_K.IDS, disagreements))
    if disagreements and not unanimous:
        # Disagreement alone never proposes a refusal: the policy decides what happens.
        if route.on_disagreement == "registrar_weighs":
            facts.update(registrar_weighs=Fact(_K.FLAG, True))
            return RuleResult("transitional.assessment", _O.PENDING, facts)
        if len(submitted) <= route.assessors_required:
            facts.update(third_assessor=Fact(_K.FLAG, True))
            return RuleResult("transitional.assessment", _O.PENDING, facts)
        failed = [i for i, who in insufficient.items() if 2 * len(who) > len(submitted)]
    else:
        failed = [i for i, who in insufficient.items() if who]
    facts.update(insufficient_items=Fact(_K.IDS, failed))
    return passed_if("transitional.assessment", not failed, **facts)


def third_assessor_needed(route: TransitionalRoutePolicy, facts: ApplicationFacts) -> bool:
    """True when the assessors disagree and the policy asks a third assessor to judge."""
    if route.on_disagreement != "third_assessor" or facts.tier is None:
        return False
    req = route.tiers.get(facts.tier)
    if req is None:
        return False
    result = _assessment_rule(route, req, facts)
    return "third_assessor" in result.facts


# --- the evaluator -------------------------------------------------------------------------


def evaluate_application(
    tiers: TiersPolicy,
    route: TransitionalRoutePolicy,
    facts: ApplicationFacts,
    stage: Stage = DECISION,
    tier_change: TierChangeRules | None = None,
) -> Trace[Proposal]:
    """Check every rule that applies to ``facts`` at ``stage`` and propose a decision. An
    application for another tier (``facts.tier_change``) also meets the tier-change rules
    (``tier_change``, from the registration policy); a first application, the rule that
    the applicant holds no current registration yet."""
    results: list[RuleResult] = []
    tier_known = facts.tier is not None and facts.tier in {t.code for t in tiers.tiers}
    if not tier_known:
        results.append(RuleResult("tier.chosen", _O.MISSING))
    if facts.tier_change is not None:
        if tier_change is None:
            raise ValueError("an application for another tier needs the tier-change rules")
        criteria = tuple(c.id for c in tiers.growth_criteria)
        requested = facts.tier if tier_known else None
        results.extend(tier_change_rules(tier_change, criteria, facts.tier_change, requested))
    elif facts.current_registration is not None:
        results.append(already_registered_rule(facts.current_registration))
    route_known = facts.route in (DIPLOMA, TRANSITIONAL)
    if not route_known:
        results.append(RuleResult("route.chosen", _O.MISSING))
    if tier_known and route_known:
        rules: Callable = _diploma_rules if facts.route == DIPLOMA else _transitional_rules
        policy = tiers if facts.route == DIPLOMA else route
        results.extend(rules(policy, facts, stage))
    if stage.evidence:
        results.append(_present("code.accepted", facts.code_accepted))
    return Trace(_propose(results), tuple(results))


def _propose(results: list[RuleResult]) -> Proposal:
    outcomes = {r.outcome for r in results}
    if _O.FAILED in outcomes:
        return Proposal.REFUSE
    if _O.MISSING in outcomes:
        return Proposal.INCOMPLETE
    if _O.PENDING in outcomes:
        return Proposal.AWAIT
    return Proposal.APPROVE


@dataclass(frozen=True)
class RouteOption:
    """One (tier, route) pair in an eligibility check, with its self-check evaluation."""

    tier: int
    route: str
    evaluation: Trace[Proposal]

    @property
    def open(self) -> bool:
        return self.evaluation.proposal is not Proposal.REFUSE


def check_eligibility(
    tiers: TiersPolicy, route: TransitionalRoutePolicy, facts: ApplicationFacts
) -> tuple[RouteOption, ...]:
    """For every tier and route: can this person apply, judged on what they told us?

    ``facts.tier`` and ``facts.route`` are ignored; a route the person gave no facts for is
    reported with what is missing, not as failed.
    """
    options = []
    for tier in tiers.tiers:
        for name in (DIPLOMA, TRANSITIONAL):
            candidate = ApplicationFacts(**{**facts.__dict__, "tier": tier.code, "route": name})
            options.append(
                RouteOption(
                    tier.code, name, evaluate_application(tiers, route, candidate, SELF_CHECK)
                )
            )
    return tuple(options)

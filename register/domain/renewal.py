"""Staying registered (pure, no I/O): renewal (herregistratie) and restoring a lapsed
registration under its number (herstel van de inschrijving), on the registrant's continuous
log of practice and development.

``evaluate_renewal`` takes the renewal policy and the facts of one registration's log and
returns a ``Trace`` (``register.domain.trace``): what the rules propose and, per requirement,
what counted, what waits for a confirmation and what is still missing. The same evaluation
shows the registrant where they stand (``STANDING``), checks a request when it is made
(``SUBMISSION``) and proposes the decision (``DECISION``).

What others confirm is what counts: where the policy asks for a confirmation (practice by the
employer, supervision by the supervisor), only confirmed entries count, each at the lower of
what the registrant logged and what the confirmer confirmed. A transitional-route registrant
renews on these rules too: the route's closing date plays no part here.

The daily job's rules live here as well: which reminder is due (``due_reminder``), what the
end of a period does to a registration (``status_action``), and where a renewed period runs
(``renewed_period``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from register.domain.dates import add_years
from register.domain.eligibility import WorkPeriod, hours_within
from register.domain.lifecycle import Lifecycle, RegistrationAction, RegistrationStatus
from register.domain.trace import Fact, FactKind, RuleOutcome, RuleResult, Trace, passed_if
from register.policy.renewal import (
    DevelopmentCategory,
    GraceAppliesTo,
    PeriodStart,
    ReminderMoment,
    RenewalPolicy,
    Unit,
)

_O, _K = RuleOutcome, FactKind
_DAY = dt.timedelta(days=1)


class RenewalKind(enum.StrEnum):
    """What a request asks for."""

    RENEWAL = "renewal"  # a new period before (or in the grace period after) the end date
    RESTORATION = "restoration"  # a lapsed registration back under the same number


class LogEntryKind(enum.StrEnum):
    """What a line of the continuous log records."""

    PRACTICE = "practice"  # work: employer or organisation, period, hours a week
    DEVELOPMENT = "development"  # an activity: category, date, hours or points


class ConfirmationState(enum.StrEnum):
    """Where a request to an employer or supervisor to confirm a log entry stands."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    REPLACED = "replaced"  # another confirmer was asked instead
    WITHDRAWN = "withdrawn"  # the entry was removed


class RenewalProposal(enum.StrEnum):
    """What the rules propose to the registrar."""

    APPROVE = "approve"
    REFUSE = "refuse"
    INCOMPLETE = "incomplete"
    AWAIT = "await"


class RenewalState(enum.StrEnum):
    """Where a renewal or restoration request stands."""

    SUBMITTED = "submitted"  # waiting for a registrar (or the automatic approval)
    EVIDENCE_REQUESTED = "evidence_requested"  # drawn for a check: the proof is asked for
    IN_REVIEW = "in_review"  # the proof was sent: waiting for a registrar
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class RenewalAction(enum.StrEnum):
    """What can happen to a renewal request."""

    REQUEST_PROOF = "request_proof"  # drawn at submission
    SEND_PROOF = "send_proof"
    APPROVE = "approve"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"


_S, _A = RenewalState, RenewalAction
RENEWAL_LIFECYCLE: Lifecycle[RenewalState, RenewalAction] = Lifecycle(
    {
        (_S.SUBMITTED, _A.REQUEST_PROOF): _S.EVIDENCE_REQUESTED,
        (_S.SUBMITTED, _A.APPROVE): _S.APPROVED,
        (_S.SUBMITTED, _A.REFUSE): _S.REFUSED,
        (_S.SUBMITTED, _A.WITHDRAW): _S.WITHDRAWN,
        (_S.EVIDENCE_REQUESTED, _A.SEND_PROOF): _S.IN_REVIEW,
        (_S.EVIDENCE_REQUESTED, _A.REFUSE): _S.REFUSED,
        (_S.EVIDENCE_REQUESTED, _A.WITHDRAW): _S.WITHDRAWN,
        (_S.IN_REVIEW, _A.APPROVE): _S.APPROVED,
        (_S.IN_REVIEW, _A.REFUSE): _S.REFUSED,
        (_S.IN_REVIEW, _A.WITHDRAW): _S.WITHDRAWN,
    }
)
#: a request in these states is "a renewal started": no reminders, grace at the end date
OPEN_RENEWAL_STATES = frozenset({_S.SUBMITTED, _S.EVIDENCE_REQUESTED, _S.IN_REVIEW})


# --- facts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    """What the employer or supervisor answered (the figures only when confirmed)."""

    state: ConfirmationState
    start: dt.date | None = None
    end: dt.date | None = None
    hours_per_week: float | None = None
    amount: float | None = None


@dataclass(frozen=True)
class PracticeFacts:
    """Practice as logged: the period (``end`` None: still working there) and hours a week."""

    start: dt.date
    end: dt.date | None
    hours_per_week: float
    confirmation: Confirmation | None = None
    has_proof: bool = False


@dataclass(frozen=True)
class ActivityFacts:
    """A development activity as logged: its policy category, date and hours or points."""

    category: str
    day: dt.date
    amount: float
    confirmation: Confirmation | None = None
    has_proof: bool = False


@dataclass(frozen=True)
class RenewalFacts:
    """Everything the renewal rules look at, gathered from the log by the service layer.

    ``period_start``/``period_end``: the registration period being renewed (for a
    restoration, the one that lapsed); the log counts from its start up to ``today``.
    ``requested_on``: the day the request was made (None: not made yet)."""

    kind: RenewalKind
    today: dt.date
    tier: int
    period_start: dt.date
    period_end: dt.date
    practice: tuple[PracticeFacts, ...] = ()
    activities: tuple[ActivityFacts, ...] = ()
    declared: bool = False
    drawn: bool = False
    requested_on: dt.date | None = None
    in_grace: bool = False
    lapsed_on: dt.date | None = None
    lapsed_while_suspended: bool = False


@dataclass(frozen=True)
class Stage:
    """Which rules apply: where one stands (the log page), a request as it is made, and the
    decision (where a shortfall fails instead of being still missing)."""

    request: bool
    shortfall_fails: bool


STANDING = Stage(request=False, shortfall_fails=False)
SUBMISSION = Stage(request=True, shortfall_fails=False)
DECISION = Stage(request=True, shortfall_fails=True)


# --- what counts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """What counts towards one requirement, and what still waits for a confirmation."""

    counted: float
    pending: float


def _confirmed_practice(entry: PracticeFacts, today: dt.date) -> WorkPeriod | None:
    """The practice the confirmer confirmed: the overlap of the logged and the confirmed
    period, at the lower of the logged and the confirmed hours a week."""
    c = entry.confirmation
    start = max(entry.start, c.start or entry.start)
    end = min(entry.end or today, c.end or today)
    hours = min(entry.hours_per_week, c.hours_per_week or 0.0)
    if end < start or hours <= 0:
        return None
    return WorkPeriod(start, end, hours, paid=True)


def practice_tally(
    entries: Iterable[PracticeFacts], since: dt.date, until: dt.date, confirmation_required: bool
) -> Tally:
    """Practice hours between ``since`` and ``until``: counted (confirmed where the policy
    asks for it) and waiting for a confirmation."""
    counted, pending = [], []
    for entry in entries:
        state = entry.confirmation.state if entry.confirmation else None
        logged = WorkPeriod(entry.start, entry.end, entry.hours_per_week, paid=True)
        if state is ConfirmationState.CONFIRMED:
            confirmed = _confirmed_practice(entry, until)
            if confirmed is not None:
                counted.append(confirmed)
        elif not confirmation_required:
            counted.append(logged)
        elif state is ConfirmationState.PENDING:
            pending.append(logged)
    return Tally(
        hours_within(counted, since, until, True), hours_within(pending, since, until, True)
    )


def development_tally(
    activities: Iterable[ActivityFacts],
    code: str,
    category: DevelopmentCategory,
    since: dt.date,
    until: dt.date,
) -> Tally:
    """Hours or points of one category between ``since`` and ``until``: counted (confirmed
    where the category asks for it, at the lower of logged and confirmed) and waiting."""
    counted = pending = 0.0
    for activity in activities:
        if activity.category != code or not (since <= activity.day <= until):
            continue
        state = activity.confirmation.state if activity.confirmation else None
        if state is ConfirmationState.CONFIRMED:
            counted += min(activity.amount, activity.confirmation.amount or 0.0)
        elif not category.confirmation_required:
            counted += activity.amount
        elif state is ConfirmationState.PENDING:
            pending += activity.amount
    return Tally(round(counted, 1), round(pending, 1))


def needs_proof(entry: PracticeFacts | ActivityFacts) -> bool:
    """An entry the registrant declared alone: a drawn request asks for its proof. What an
    employer or supervisor confirmed is proven by the confirmation."""
    state = entry.confirmation.state if entry.confirmation else None
    return state is not ConfirmationState.CONFIRMED


# --- the rules -----------------------------------------------------------------------------


def _requirement(
    rule: str, tally: Tally, required: float, stage: Stage, number: FactKind, **facts: Fact
) -> RuleResult:
    """A minimum: passed when counted; pending when the confirmations asked for would make
    it; otherwise still missing, or failed at the decision."""
    shortfall = max(0.0, round(required - tally.counted - tally.pending, 1))
    if tally.counted >= required:
        outcome = _O.PASSED
    elif tally.counted + tally.pending >= required:
        outcome = _O.PENDING
    else:
        outcome = _O.FAILED if stage.shortfall_fails else _O.MISSING
    return RuleResult(
        rule,
        outcome,
        {
            **facts,
            "counted": Fact(number, tally.counted),
            "pending": Fact(number, tally.pending),
            "required": Fact(number, required),
            "shortfall": Fact(number, shortfall),
        },
    )


def _request_rules(policy: RenewalPolicy, f: RenewalFacts) -> list[RuleResult]:
    """When the request was made: within the window (renewal) or the time allowed
    (restoration), and, for a restoration, not lapsed during a suspension."""
    requested = f.requested_on or f.today
    if f.kind is RenewalKind.RENEWAL:
        opens = policy.window_opens_on(f.period_end)
        return [
            passed_if(
                "renewal.window",
                opens <= requested and (requested <= f.period_end or f.in_grace),
                requested_on=Fact(_K.DATE, requested),
                opens_on=Fact(_K.DATE, opens),
                valid_until=Fact(_K.DATE, f.period_end),
            )
        ]
    lapsed = f.lapsed_on or f.period_end
    return [
        passed_if(
            "restoration.within_period",
            requested <= policy.restore_until(lapsed),
            requested_on=Fact(_K.DATE, requested),
            lapsed_on=Fact(_K.DATE, lapsed),
            restore_until=Fact(_K.DATE, policy.restore_until(lapsed)),
        ),
        passed_if("restoration.not_suspended", not f.lapsed_while_suspended),
    ]


def evaluate_renewal(
    policy: RenewalPolicy, facts: RenewalFacts, stage: Stage = STANDING
) -> Trace[RenewalProposal]:
    """Every renewal rule for ``facts`` at ``stage``, and what they propose."""
    since, until = facts.period_start, facts.today
    results: list[RuleResult] = []
    if stage.request:
        results.extend(_request_rules(policy, facts))
    results.append(
        _requirement(
            "renewal.practice_hours",
            practice_tally(facts.practice, since, until, policy.practice_confirmation_required),
            policy.practice_hours[facts.tier],
            stage,
            _K.HOURS,
            tier=Fact(_K.TIER, facts.tier),
            since=Fact(_K.DATE, since),
        )
    )
    for code, category in policy.development.items():
        tally = development_tally(facts.activities, code, category, since, until)
        named = {"category": Fact(_K.CATEGORY, code), "since": Fact(_K.DATE, since)}
        if category.unit is Unit.HOURS:
            result = _requirement(
                "renewal.development_hours", tally, category.minimum, stage, _K.HOURS, **named
            )
        else:
            result = _requirement(
                "renewal.development_points", tally, category.minimum, stage, _K.POINTS, **named
            )
        results.append(result)
    if stage.request:
        results.append(
            RuleResult("renewal.declaration", _O.PASSED if facts.declared else _O.MISSING)
        )
    if facts.drawn:
        results.append(_proof_rule(facts, since, until))
    return Trace(_propose(results), tuple(results))


def _proof_rule(facts: RenewalFacts, since: dt.date, until: dt.date) -> RuleResult:
    """A drawn request: every entry in the period that the registrant declared alone has
    its proof."""
    entries = [
        *(p for p in facts.practice if p.start <= until and (p.end or until) >= since),
        *(a for a in facts.activities if since <= a.day <= until),
    ]
    asked = [e for e in entries if needs_proof(e)]
    missing = sum(1 for e in asked if not e.has_proof)
    return RuleResult(
        "renewal.proof",
        _O.MISSING if missing else _O.PASSED,
        {"missing": Fact(_K.COUNT, missing), "entries": Fact(_K.COUNT, len(asked))},
    )


def _propose(results: list[RuleResult]) -> RenewalProposal:
    outcomes = {r.outcome for r in results}
    if _O.FAILED in outcomes:
        return RenewalProposal.REFUSE
    if _O.MISSING in outcomes:
        return RenewalProposal.INCOMPLETE
    if _O.PENDING in outcomes:
        return RenewalProposal.AWAIT
    return RenewalProposal.APPROVE


# --- the draw, the new period and the daily job ---------------------------------------------


def is_drawn(share: float, value: float) -> bool:
    """A request is drawn for an evidence check when the random ``value`` (0 ≤ value < 1)
    falls below the policy's ``share``: a share of 0 draws none, a share of 1 every one."""
    return value < share


def renewed_period(
    policy: RenewalPolicy,
    kind: RenewalKind,
    old_until: dt.date,
    decided_on: dt.date,
    lapsed: bool = False,
) -> tuple[dt.date, dt.date]:
    """The first and last day of the period a renewal or restoration starts: on from the old
    end date when the policy says so and the registration did not lapse, else from the day
    of the decision; ``cycle_years`` long."""
    follows_on = (
        kind is RenewalKind.RENEWAL
        and not lapsed
        and policy.renewed_period_starts is PeriodStart.OLD_END
    )
    start = old_until + _DAY if follows_on else decided_on
    return start, add_years(start, policy.cycle_years) - _DAY


def grace_applies(policy: RenewalPolicy, renewal_open: bool) -> bool:
    """Whether a registration gets the grace period at its end date."""
    return policy.grace.applies_to is GraceAppliesTo.ALL or renewal_open


def status_action(
    policy: RenewalPolicy,
    status: RegistrationStatus,
    valid_until: dt.date,
    today: dt.date,
    renewal_open: bool,
) -> RegistrationAction | None:
    """What the daily job does to a registration on ``today``: into the grace period after
    the end date (when it applies), lapse past the end date (or past the grace period, or
    when the renewal that kept it in grace was refused or withdrawn), or nothing."""
    grace_over = today > policy.grace_ends_on(valid_until)
    if status is RegistrationStatus.ACTIVE and today > valid_until:
        if grace_applies(policy, renewal_open) and not grace_over:
            return RegistrationAction.ENTER_GRACE
        return RegistrationAction.LAPSE
    if status is RegistrationStatus.GRACE and (
        grace_over or not grace_applies(policy, renewal_open)
    ):
        return RegistrationAction.LAPSE
    if status is RegistrationStatus.SUSPENDED and today > valid_until:
        return RegistrationAction.LAPSE
    return None


def due_reminder(
    policy: RenewalPolicy, valid_until: dt.date, today: dt.date, sent: Iterable[int]
) -> ReminderMoment | None:
    """The reminder to send on ``today``, if any: the latest moment whose day has come (up
    to the end date itself), unless it was sent already. Earlier moments that were missed
    are not sent separately: the latest one due says everything they would have said."""
    if today > valid_until:
        return None
    due = [m for m in policy.reminders if valid_until - dt.timedelta(days=m.days_before) <= today]
    if not due:
        return None
    latest = min(due, key=lambda m: m.days_before)
    return None if latest.days_before in set(sent) else latest

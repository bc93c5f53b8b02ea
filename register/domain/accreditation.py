"""Programme accreditation rules (accreditatie van opleidingen): pure, no I/O.

- ``REQUEST_LIFECYCLE``: the states of an accreditation request and the actions between them.
- ``check_panel``: whether a proposed assessor panel meets the policy (size, experts by
  experience, no conflicts of interest), as a ``Trace`` without a proposal.
- ``propose_decision``: the decision rule over the panel's agreed findings, as a
  ``Trace[Outcome]`` (stored with the decision through ``Trace.to_json``).
- Small helpers: rationale required, agreed finding when scores agree, periods and deadlines.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from register.domain.dates import add_months
from register.domain.lifecycle import Lifecycle
from register.domain.trace import Fact, FactKind, RuleResult, Trace, passed_if
from register.policy.accreditation import DecisionRule, PanelRules

_K = FactKind


class RequestState(enum.StrEnum):
    """Where an accreditation request (aanvraag accreditatie) stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"  # panel formed, assessors scoring
    FINDINGS_AGREED = "findings_agreed"  # panel's finding per criterion recorded
    ACCREDITED = "accredited"
    CONDITIONAL = "conditional"  # accredited with conditions
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class RequestAction(enum.StrEnum):
    """What can happen to an accreditation request."""

    SUBMIT = "submit"
    FORM_PANEL = "form_panel"
    AGREE_FINDINGS = "agree_findings"
    ACCREDIT = "accredit"
    ACCREDIT_WITH_CONDITIONS = "accredit_with_conditions"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"


_S, _A = RequestState, RequestAction
REQUEST_LIFECYCLE: Lifecycle[RequestState, RequestAction] = Lifecycle(
    {
        (_S.DRAFT, _A.SUBMIT): _S.SUBMITTED,
        (_S.DRAFT, _A.WITHDRAW): _S.WITHDRAWN,
        (_S.SUBMITTED, _A.FORM_PANEL): _S.UNDER_REVIEW,
        (_S.SUBMITTED, _A.WITHDRAW): _S.WITHDRAWN,
        (_S.UNDER_REVIEW, _A.AGREE_FINDINGS): _S.FINDINGS_AGREED,
        (_S.UNDER_REVIEW, _A.WITHDRAW): _S.WITHDRAWN,
        (_S.FINDINGS_AGREED, _A.ACCREDIT): _S.ACCREDITED,
        (_S.FINDINGS_AGREED, _A.ACCREDIT_WITH_CONDITIONS): _S.CONDITIONAL,
        (_S.FINDINGS_AGREED, _A.REFUSE): _S.REFUSED,
    }
)
DECIDED_STATES = frozenset({_S.ACCREDITED, _S.CONDITIONAL, _S.REFUSED})
#: while the panel reviews: questions to the provider, assessors added, the chair's findings
REVIEWING_STATES = frozenset({_S.UNDER_REVIEW})
#: a panel can be formed or added to
PANEL_OPEN_STATES = frozenset({_S.SUBMITTED, _S.UNDER_REVIEW})
FINAL_STATES = DECIDED_STATES | {_S.WITHDRAWN}


class Score(enum.StrEnum):
    """An assessor's score, or the panel's finding, on one criterion."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"


class Outcome(enum.StrEnum):
    """What the decision rule proposes (and what the registrar decides)."""

    ACCREDITED = "accredited"
    CONDITIONAL = "conditional"
    REFUSED = "refused"
    INCOMPLETE = "incomplete"  # not every criterion has a finding: nothing can be decided


#: the request action that carries out each decided outcome
OUTCOME_ACTIONS = {
    Outcome.ACCREDITED: RequestAction.ACCREDIT,
    Outcome.CONDITIONAL: RequestAction.ACCREDIT_WITH_CONDITIONS,
    Outcome.REFUSED: RequestAction.REFUSE,
}


def rationale_required(score: Score) -> bool:
    """A written rationale is required for anything but *met*."""
    return score is not Score.MET


def agreed_score(scores: Iterable[Score]) -> Score | None:
    """The common score when every assessor gave the same one (a finding can be prefilled);
    None when they differ or there are none."""
    distinct = set(scores)
    return distinct.pop() if len(distinct) == 1 else None


# --- panel ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """An assessor proposed for a panel: lived experience, and any link to the provider."""

    name: str
    lived_experience: bool
    affiliated_with_provider: bool = False
    declared_conflict: bool = False


def check_panel(rules: PanelRules, candidates: Sequence[Candidate]) -> Trace:
    """Check a panel against the policy: nobody linked to the provider or with a declared
    conflict, at least ``min_assessors`` assessors, at least
    ``min_lived_experience_assessors`` of them experts by experience. The panel may assess
    when the trace ``passed``."""
    conflicted = [c.name for c in candidates if c.affiliated_with_provider or c.declared_conflict]
    eligible = [c for c in candidates if c.name not in conflicted]
    lived = [c for c in eligible if c.lived_experience]
    results = (
        passed_if("panel.no_conflicts", not conflicted, conflicted=Fact(_K.NAMES, conflicted)),
        passed_if(
            "panel.min_assessors",
            len(eligible) >= rules.min_assessors,
            assessors=Fact(_K.COUNT, len(eligible)),
            required=Fact(_K.COUNT, rules.min_assessors),
        ),
        passed_if(
            "panel.min_lived_experience",
            len(lived) >= rules.min_lived_experience_assessors,
            lived_experience=Fact(_K.COUNT, len(lived)),
            required=Fact(_K.COUNT, rules.min_lived_experience_assessors),
        ),
    )
    return Trace(None, results)


# --- decision ------------------------------------------------------------------------------


def propose_decision(
    rule: DecisionRule, criteria: Sequence[str], findings: Mapping[str, Score]
) -> Trace[Outcome]:
    """Apply the decision rule to the panel's findings on ``criteria``.

    Accredited when every criterion is met; accredited with conditions when at most
    ``max_partly_met_for_conditions`` are partly met and at most ``max_not_met_for_conditions``
    are not met; refused otherwise. Incomplete when a criterion has no finding.
    """
    missing = [c for c in criteria if c not in findings]
    complete = passed_if(
        "decision.findings_complete",
        not missing,
        criteria=Fact(_K.COUNT, len(criteria)),
        missing=Fact(_K.IDS, missing),
    )
    if missing:
        return Trace(Outcome.INCOMPLETE, (complete,))
    partly = [c for c in criteria if findings[c] is Score.PARTLY_MET]
    failed = [c for c in criteria if findings[c] is Score.NOT_MET]
    all_met = passed_if(
        "decision.all_met",
        not partly and not failed,
        met=Fact(_K.COUNT, len(criteria) - len(partly) - len(failed)),
        criteria=Fact(_K.COUNT, len(criteria)),
    )
    partly_ok = passed_if(
        "decision.partly_met_within_limit",
        len(partly) <= rule.max_partly_met_for_conditions,
        partly_met=Fact(_K.COUNT, len(partly)),
        max=Fact(_K.COUNT, rule.max_partly_met_for_conditions),
        criteria_ids=Fact(_K.IDS, partly),
    )
    failed_ok = passed_if(
        "decision.not_met_within_limit",
        len(failed) <= rule.max_not_met_for_conditions,
        not_met=Fact(_K.COUNT, len(failed)),
        max=Fact(_K.COUNT, rule.max_not_met_for_conditions),
        criteria_ids=Fact(_K.IDS, failed),
    )
    if all_met.passed:
        outcome = Outcome.ACCREDITED
    elif partly_ok.passed and failed_ok.passed:
        outcome = Outcome.CONDITIONAL
    else:
        outcome = Outcome.REFUSED
    return Trace(outcome, (complete, all_met, partly_ok, failed_ok))


def criteria_below_met(trace: Trace[Outcome]) -> tuple[str, ...]:
    """The criteria found partly met, then those not met: where conditions may be needed."""
    ids: tuple[str, ...] = ()
    for rule in ("decision.partly_met_within_limit", "decision.not_met_within_limit"):
        result: RuleResult | None = trace.result(rule)
        if result is not None:
            ids += result.facts["criteria_ids"].value
    return ids


# --- periods -------------------------------------------------------------------------------


def validity_period(decided_on: dt.date, validity_years: int) -> tuple[dt.date, dt.date]:
    """An accreditation decided on ``decided_on`` is valid from that day for the policy's
    number of years."""
    return decided_on, add_months(decided_on, 12 * validity_years)


def condition_deadline(decided_on: dt.date, months: int) -> dt.date:
    """The default deadline for a condition: the policy's number of months after the decision."""
    return add_months(decided_on, months)


def renewal_open(valid_until: dt.date, today: dt.date, window_days: int) -> bool:
    """A renewal request may be started from ``window_days`` before the end date onwards."""
    return today >= valid_until - dt.timedelta(days=window_days)


@dataclass(frozen=True)
class Progress:
    """How many of the criteria have an answer ("23 of 31 criteria answered")."""

    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered >= self.total


def progress(criteria: Sequence[str], answered: Iterable[str]) -> Progress:
    """Count the criteria in ``criteria`` that have an answer."""
    done = set(answered)
    return Progress(sum(1 for c in criteria if c in done), len(criteria))

"""The side-by-side view of submitted assessments: per rubric item each assessor's score and
rationale, whether they disagree, and the combined result the policy trace gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from register.applications.facts import evaluate
from register.assessment.services import rubric_for, submitted_assessments
from register.domain.eligibility import DECISION
from register.domain.trace import RuleResult
from register.models.applications import Application
from register.models.assessments import PortfolioAssessment, RubricScore
from register.policy import current_policies


@dataclass(frozen=True)
class ItemRow:
    """One rubric item with every submitted assessor's score (None: not scored)."""

    item_id: str
    text: str
    scores: tuple[RubricScore | None, ...]

    @property
    def disagree(self) -> bool:
        """True when some assessors judged the item sufficient and others did not."""
        verdicts = {bool(s is not None and s.sufficient) for s in self.scores}
        return len(self.scores) > 1 and len(verdicts) > 1


@dataclass(frozen=True)
class Comparison:
    """What the comparison page shows."""

    assessments: tuple[PortfolioAssessment, ...]
    rows: tuple[ItemRow, ...]
    result: RuleResult | None
    required: int

    @property
    def disagreements(self) -> tuple[ItemRow, ...]:
        """The items the assessors disagree on."""
        return tuple(row for row in self.rows if row.disagree)


def build_comparison(application: Application, lang: str) -> Comparison:
    """Compare the submitted (conflict-free) assessments of ``application``, with the rubric
    texts in ``lang`` and the combined result from the eligibility rules."""
    submitted = tuple(submitted_assessments(application))
    rows = []
    for item in rubric_for(application):
        scores = tuple(next((s for s in a.scores if s.item_id == item.id), None) for a in submitted)
        rows.append(ItemRow(item.id, item.text(lang), scores))
    policies = current_policies()
    result = None
    if application.tier is not None and application.route is not None:
        evaluation = evaluate(
            policies, application, dt.date.today(), DECISION, assessments=list(submitted)
        )
        result = evaluation.result("transitional.assessment")
    return Comparison(
        submitted, tuple(rows), result, policies.transitional_route.assessors_required
    )

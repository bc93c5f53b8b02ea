"""Turning an Application row into the plain facts the domain rules evaluate."""

from __future__ import annotations

import datetime as dt

from register.applications import parties
from register.domain.eligibility import (
    ApplicationFacts,
    AssessmentFacts,
    ProgrammeFacts,
    Proposal,
    ReferenceFacts,
    Stage,
    WorkPeriod,
    evaluate_application,
)
from register.domain.lifecycle import AssessmentState
from register.domain.referees import ConfirmedWork
from register.domain.trace import Trace
from register.models.applications import Application, EvidenceKind, Reference, ReferenceState
from register.models.programmes import AccreditationStatus, Programme
from register.policy.loader import Policies

#: accreditation states whose period counts for diplomas (withdrawn ones count until
#: they ended: a diploma earned while the programme was accredited stays valid)
COUNTING = {
    AccreditationStatus.ACTIVE,
    AccreditationStatus.CONDITIONAL,
    AccreditationStatus.LAPSED,
    AccreditationStatus.SUSPENDED,
    AccreditationStatus.WITHDRAWN,
}


def programme_facts(programme: Programme) -> ProgrammeFacts:
    """The programme's level and the periods in which it was accredited."""
    periods = []
    for acc in programme.accreditations:
        if acc.status not in COUNTING:
            continue
        end = acc.valid_until
        if acc.ended_at is not None and acc.status in (
            AccreditationStatus.WITHDRAWN,
            AccreditationStatus.SUSPENDED,
        ):
            end = min(end, acc.ended_at.date())
        periods.append((acc.valid_from, end))
    return ProgrammeFacts(programme.name, programme.nlqf_level, tuple(periods))


def confirmed_by(reference: Reference) -> ConfirmedWork | None:
    """What a referee confirmed, once they confirmed (None before, or after a decline)."""
    if reference.state is not ReferenceState.CONFIRMED:
        return None
    return ConfirmedWork(
        reference.confirmed_start_date,
        reference.confirmed_end_date,
        reference.confirmed_hours_per_week,
    )


def reference_facts(application: Application) -> tuple[ReferenceFacts, ...]:
    """The referees as the rules see them: relation, answer, organisation, independence
    (``register.applications.parties``) and what they confirmed."""
    dependent = parties.independence(application)
    return tuple(
        ReferenceFacts(
            r.from_supervisor_or_employer,
            r.state.value,
            r.organisation,
            independent=dependent.get(r.id) is None,
            confirmed=confirmed_by(r),
        )
        for r in application.references
    )


def application_facts(application: Application, today: dt.date, assessments=()) -> ApplicationFacts:
    """Gather the facts of ``application``; ``assessments`` are submitted
    PortfolioAssessment rows (only submitted ones count)."""
    kinds = {e.kind for e in application.evidence}
    return ApplicationFacts(
        today=today,
        tier=application.tier,
        route=application.route.value if application.route else None,
        code_accepted=application.code_accepted_at is not None,
        programme=programme_facts(application.programme) if application.programme else None,
        diploma_date=application.diploma_date,
        has_diploma_file=EvidenceKind.DIPLOMA in kinds,
        work=tuple(
            WorkPeriod(w.start_date, w.end_date, w.hours_per_week, w.paid, w.organisation)
            for w in application.work_experience
        ),
        intervision_sessions=application.intervision_sessions,
        has_intervision_evidence=EvidenceKind.INTERVISION in kinds,
        references=reference_facts(application),
        has_portfolio=EvidenceKind.PORTFOLIO in kinds,
        assessments=tuple(
            AssessmentFacts(a.assessor.full_name, {s.item_id: s.sufficient for s in a.scores})
            for a in assessments
            if a.state is AssessmentState.SUBMITTED
        ),
    )


def evaluate(
    policies: Policies, application: Application, today: dt.date, stage: Stage, assessments=()
) -> Trace[Proposal]:
    """Evaluate ``application`` under ``policies`` at ``stage``."""
    facts = application_facts(application, today, assessments)
    return evaluate_application(policies.tiers, policies.transitional_route, facts, stage)

"""Turning an Application row into the plain facts the domain rules evaluate."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from register.applications import parties
from register.domain.eligibility import (
    ApplicationFacts,
    AssessmentFacts,
    PortfolioFacts,
    ProgrammeFacts,
    Proposal,
    ReferenceFacts,
    Stage,
    WorkPeriod,
    evaluate_application,
)
from register.domain.lifecycle import AssessmentState, RegistrationStatus
from register.domain.referees import ConfirmedWork
from register.domain.tier_change import TierChangeFacts
from register.domain.trace import Trace
from register.extensions import db
from register.models.applications import Application, EvidenceKind, Reference, ReferenceState
from register.models.programmes import AccreditationStatus, Programme
from register.models.registrations import Registration, is_current
from register.policy.framework import FrameworkPolicy
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


def tier_change_facts(application: Application) -> TierChangeFacts | None:
    """The registration an application for another tier changes, and the reflections."""
    registration = application.registration
    if registration is None:
        return None
    return TierChangeFacts(
        number=registration.number,
        current_tier=registration.tier,
        registration_active=registration.status is RegistrationStatus.ACTIVE,
        reflections=application.reflections,
    )


def current_registration_number(application: Application) -> str | None:
    """A first application: the number of a current registration the applicant already
    holds (a person can hold only one), other than the one this application created."""
    if application.is_tier_change:
        return None
    return db.session.scalar(
        select(Registration.number).where(
            Registration.user_id == application.applicant_id,
            is_current(),
            or_(
                Registration.application_id.is_(None), Registration.application_id != application.id
            ),
        )
    )


def portfolio_facts(application: Application, framework: FrameworkPolicy) -> PortfolioFacts:
    """The competences the portfolio reflects on with examples, and the critical situations
    of the framework's set in use that it describes (in the set's order)."""
    competences = {c.id for c in framework.competences}
    entries = {e.item_id: e for e in application.portfolio_entries}
    written = tuple(
        item_id
        for item_id, e in entries.items()
        if item_id in competences and e.reflection.strip() and e.examples.strip()
    )
    situations = tuple(
        s.id
        for s in framework.critical_situations_in_use()
        if s.id in entries and entries[s.id].reflection.strip()
    )
    return PortfolioFacts(written, situations)


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


def application_facts(
    application: Application, today: dt.date, assessments=(), framework=None
) -> ApplicationFacts:
    """Gather the facts of ``application``; ``assessments`` are submitted
    PortfolioAssessment rows (only submitted ones count); the portfolio is read against
    ``framework`` (no portfolio facts without it)."""
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
        portfolio=(
            portfolio_facts(application, framework) if framework is not None else PortfolioFacts()
        ),
        assessments=tuple(
            AssessmentFacts(a.assessor.full_name, {s.item_id: s.sufficient for s in a.scores})
            for a in assessments
            if a.state is AssessmentState.SUBMITTED
        ),
        tier_change=tier_change_facts(application),
        current_registration=current_registration_number(application),
    )


def evaluate(
    policies: Policies, application: Application, today: dt.date, stage: Stage, assessments=()
) -> Trace[Proposal]:
    """Evaluate ``application`` under ``policies`` at ``stage``."""
    facts = application_facts(application, today, assessments, policies.framework)
    return evaluate_application(
        policies.tiers,
        policies.transitional_route,
        facts,
        stage,
        tier_change=policies.registration.tier_change,
    )

"""Assessment services: assigning assessors, the conflict declaration, drafts, submission,
and what the eligibility trace makes of the submitted assessments."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from register.applications.facts import evaluate
from register.assessment import services
from register.assessment.services import IncompleteAssessment
from register.domain.eligibility import DECISION
from register.domain.lifecycle import ApplicationState, AssessmentState
from register.domain.trace import Fact, FactKind, RuleOutcome
from register.errors import Refusal
from register.models.accounts import Role
from register.models.applications import Application, Route
from register.models.audit import AuditEvent
from register.models.base import utcnow


@pytest.fixture(autouse=True)
def _request(app, db, request):
    """Services run inside a request (translated messages, links); the demo seeder runs
    from the command line, without one."""
    if "demo" in request.node.name:
        yield
        return
    with app.test_request_context(), force_locale("en"):
        yield


@pytest.fixture
def make_application(db, make_user):
    """Creator: a submitted transitional-route application for tier ``tier``."""

    def make(tier=1, route=Route.TRANSITIONAL, state=ApplicationState.SUBMITTED):
        applicant = make_user(role=Role.APPLICANT)
        application = Application(
            applicant_id=applicant.id,
            tier=tier,
            route=route,
            state=state,
            submitted_at=None if state is ApplicationState.DRAFT else utcnow(),
        )
        db.session.add(application)
        db.session.commit()
        return application

    return make


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, email="registrar@example.nl")


def _items(policies, tier=1):
    return list(policies.transitional_route.tiers[tier].portfolio_competences)


def _full(policies, tier=1, insufficient=()):
    return {i: (i not in insufficient, f"Rationale for {i}.") for i in _items(policies, tier)}


def _actions(db, subject):
    return [
        e.action
        for e in db.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.subject_type == type(subject).__name__,
                AuditEvent.subject_id == subject.id,
            )
            .order_by(AuditEvent.id)
        )
    ]


def test_assign_creates_assignment_audits_and_mails(
    db, make_application, make_user, registrar, outbox
):
    application = make_application()
    assessor = make_user(role=Role.ASSESSOR, email="a1@example.nl")
    assessment = services.assign_assessor(application, assessor, registrar)
    db.session.commit()
    assert assessment.assessor_id == assessor.id and assessment.assigned_by_id == registrar.id
    assert _actions(db, assessment) == ["assessment.assigned"]
    assert [m["to"] for m in outbox] == ["a1@example.nl"]
    assert f"/assessment/{assessment.id}/declaration" in outbox[0]["body"]


@pytest.mark.parametrize(
    "route,state",
    [
        (Route.DIPLOMA, ApplicationState.SUBMITTED),
        (Route.TRANSITIONAL, ApplicationState.DRAFT),
        (Route.TRANSITIONAL, ApplicationState.WITHDRAWN),
    ],
)
def test_assign_refused_for_wrong_route_or_state(
    db, make_application, make_user, registrar, route, state
):
    application = make_application(route=route, state=state)
    assessor = make_user(role=Role.ASSESSOR)
    with pytest.raises(Refusal):
        services.assign_assessor(application, assessor, registrar)


def test_assign_refuses_non_assessors_inactive_duplicates_and_too_many(
    db, make_application, make_user, registrar, policies
):
    application = make_application()
    with pytest.raises(Refusal):
        services.assign_assessor(application, make_user(role=Role.REGISTRAR), registrar)
    with pytest.raises(Refusal):
        services.assign_assessor(
            application, make_user(role=Role.ASSESSOR, active=False), registrar
        )
    first = make_user(role=Role.ASSESSOR, is_lived_experience_expert=True)
    services.assign_assessor(application, first, registrar)
    with pytest.raises(Refusal, match="already been assigned"):
        services.assign_assessor(application, first, registrar)
    for _ in range(policies.transitional_route.assessors_required - 1):
        services.assign_assessor(
            application, make_user(role=Role.ASSESSOR, is_lived_experience_expert=True), registrar
        )
    with pytest.raises(Refusal, match="number of assessors"):
        services.assign_assessor(
            application, make_user(role=Role.ASSESSOR, is_lived_experience_expert=True), registrar
        )
    assert services.open_places(application) == 0


def test_conflict_closes_assignment_notifies_staff_and_frees_a_place(
    db, make_application, make_user, registrar, outbox
):
    admin = make_user(role=Role.ADMIN, email="admin@example.nl")
    make_user(role=Role.REGISTRAR, email="gone@example.nl", active=False)
    application = make_application()
    a1 = make_user(role=Role.ASSESSOR, is_lived_experience_expert=True)
    a2 = make_user(role=Role.ASSESSOR)
    first = services.assign_assessor(application, a1, registrar)
    services.assign_assessor(application, a2, registrar)
    db.session.commit()
    outbox.clear()
    with pytest.raises(Refusal, match="Describe"):
        services.declare_conflict(first, True, "  ", a1)
    with pytest.raises(Refusal, match="assigned assessor"):
        services.declare_conflict(first, False, None, a2)
    services.declare_conflict(first, True, "She is my neighbour.", a1)
    db.session.commit()
    assert first.state is AssessmentState.CONFLICT_DECLARED and first.conflict_declared_at
    assert sorted(m["to"] for m in outbox) == sorted([registrar.email, admin.email])
    assert "She is my neighbour." in outbox[0]["body"]
    assert "assessment.conflict_declared" in _actions(db, first)
    # the place is free again, but not for the same assessor
    assert services.open_places(application) == 1
    assert a1 not in services.assessor_candidates(application)
    services.assign_assessor(
        application, make_user(role=Role.ASSESSOR, is_lived_experience_expert=True), registrar
    )
    with pytest.raises(Refusal):
        services.save_scores(first, {}, a1)
    with pytest.raises(Refusal, match="closed"):
        services.declare_conflict(first, False, None, a1)


def test_scoring_needs_a_declaration_first(db, make_application, make_user, registrar, policies):
    application = make_application()
    assessor = make_user(role=Role.ASSESSOR)
    assessment = services.assign_assessor(application, assessor, registrar)
    with pytest.raises(Refusal, match="Declare first"):
        services.save_scores(assessment, _full(policies), assessor)


def test_draft_keeps_partial_input_and_submit_requires_everything(
    db, make_application, make_user, registrar, policies
):
    application = make_application()
    assessor = make_user(role=Role.ASSESSOR)
    assessment = services.assign_assessor(application, assessor, registrar)
    services.declare_conflict(assessment, False, None, assessor)
    items = _items(policies)
    services.save_scores(
        assessment, {items[0]: (True, ""), items[1]: (None, "Half a thought")}, assessor
    )
    db.session.commit()
    saved = {s.item_id: (s.sufficient, s.rationale) for s in assessment.scores}
    assert saved == {items[0]: (True, ""), items[1]: (None, "Half a thought")}
    with pytest.raises(IncompleteAssessment) as info:
        services.submit_assessment(assessment, assessor)
    assert info.value.missing[items[0]] == {"rationale"}
    assert info.value.missing[items[1]] == {"score"}
    assert info.value.missing[items[2]] == {"score", "rationale"}
    assert assessment.submitted_at is None
    with pytest.raises(Refusal, match="Unknown rubric item"):
        services.save_scores(assessment, {"NOPE": (True, "x")}, assessor)
    assert "assessment.draft_saved" in _actions(db, assessment)


def test_submit_records_policy_version_and_then_nothing_changes(
    db, make_application, make_user, registrar, policies, outbox
):
    application = make_application()
    assessor = make_user(role=Role.ASSESSOR)
    assessment = services.assign_assessor(application, assessor, registrar)
    services.declare_conflict(assessment, False, None, assessor)
    services.submit_assessment(assessment, assessor, scores=_full(policies))
    db.session.commit()
    assert assessment.submitted_at is not None
    assert assessment.policy_version == policies.transitional_route.version
    assert "assessment.submitted" in _actions(db, assessment)
    with pytest.raises(Refusal, match="submitted"):
        services.save_scores(assessment, _full(policies, insufficient=_items(policies)), assessor)
    with pytest.raises(Refusal, match="submitted"):
        services.submit_assessment(assessment, assessor)
    assert all(s.sufficient for s in assessment.scores)


def test_submitted_assessments_feed_the_trace_with_disagreements(
    db, make_application, make_user, registrar, policies, outbox
):
    application = make_application()
    a1 = make_user(role=Role.ASSESSOR, is_lived_experience_expert=True)
    a2 = make_user(role=Role.ASSESSOR)
    first = services.assign_assessor(application, a1, registrar)
    second = services.assign_assessor(application, a2, registrar)
    for assessment, who in ((first, a1), (second, a2)):
        services.declare_conflict(assessment, False, None, who)
    services.submit_assessment(first, a1, scores=_full(policies))
    db.session.commit()
    assert services.submitted_assessments(application) == [first]
    outbox.clear()
    disputed = _items(policies)[2]
    services.submit_assessment(second, a2, scores=_full(policies, insufficient=[disputed]))
    db.session.commit()
    # registrars hear that the last required assessment is in
    assert {m["to"] for m in outbox} == {registrar.email}
    assert services.submitted_assessments(application) == [first, second]
    evaluation = evaluate(
        policies,
        application,
        dt.date.today(),
        DECISION,
        assessments=services.submitted_assessments(application),
    )
    rule = evaluation.result("transitional.assessment")
    assert rule.outcome is RuleOutcome.PENDING  # policy: a third assessor judges
    assert rule.facts["disagreements"] == Fact(FactKind.IDS, (disputed,))
    assert services.open_places(application) == 1  # the third assessor's place


def test_demo_seeder_assigns_both_and_submits_one_idempotently(db, make_application, policies):
    from register.demo import accounts, assessments

    assert assessments.seed() == []  # no accounts yet: nothing happens
    accounts.seed()
    diploma = make_application(route=Route.DIPLOMA)
    application = make_application(tier=2)
    assessments.seed()
    assessments.seed()
    db.session.commit()
    assert services.assessments_of(diploma) == []
    rows = services.assessments_of(application)
    assert [a.assessor.email for a in rows] == [
        "assessor1@demo.register.nl",
        "assessor2@demo.register.nl",
    ]
    submitted = services.submitted_assessments(application)
    assert [a.assessor.email for a in submitted] == ["assessor1@demo.register.nl"]
    assert len(submitted[0].scores) == len(services.rubric_for(application))
    assert rows[1].state is AssessmentState.ASSIGNED and rows[1].submitted_at is None


def test_every_step_asks_the_lifecycle_and_says_why_not(db, make_application, make_user, policies):
    application = make_application()
    assessor = make_user(role=Role.ASSESSOR)
    mine = services.assign_assessor(application, assessor, make_user(role=Role.REGISTRAR))
    assert mine.state is AssessmentState.ASSIGNED
    with pytest.raises(Refusal, match="Declare first"):
        services.save_scores(mine, {}, assessor)
    services.declare_conflict(mine, False, None, assessor)
    assert mine.state is AssessmentState.SCORING
    with pytest.raises(Refusal, match="already declared"):
        services.declare_conflict(mine, True, "Late second thoughts", assessor)
    services.submit_assessment(mine, assessor, scores=_full(policies))
    assert mine.state is AssessmentState.SUBMITTED and mine.submitted_at and mine.policy_version
    for attempt in (
        lambda: services.save_scores(mine, {}, assessor),
        lambda: services.submit_assessment(mine, assessor),
    ):
        with pytest.raises(Refusal, match="can no longer be changed"):
            attempt()


@pytest.mark.parametrize(
    "fields",
    [
        {"state": AssessmentState.SUBMITTED},  # submitted without a date
        {"state": AssessmentState.SCORING},  # declared without a date
        {"state": AssessmentState.ASSIGNED, "submitted_at": utcnow()},
        {"state": AssessmentState.CONFLICT_DECLARED, "conflict_declared_at": utcnow()},  # no note
    ],
)
def test_the_database_refuses_an_assignment_that_breaks_its_state(
    db, make_application, make_user, fields
):
    from sqlalchemy.exc import IntegrityError

    from register.models.assessments import PortfolioAssessment

    row = PortfolioAssessment(
        application_id=make_application().id, assessor_id=make_user(role=Role.ASSESSOR).id, **fields
    )
    db.session.add(row)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()

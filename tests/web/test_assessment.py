"""Assessment pages, registrar side: assigning assessors and comparing assessments; and who
may reach the assessment pages at all."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from register.domain.lifecycle import ApplicationState, AssessmentState
from register.models.accounts import Role
from register.models.applications import Application, Route
from register.models.assessments import PortfolioAssessment, RubricScore
from register.models.audit import AuditEvent
from register.models.base import utcnow


@pytest.fixture
def make_application(db, make_user):
    """Creator: a submitted application (transitional route, tier 1 unless told)."""

    def make(route=Route.TRANSITIONAL, state=ApplicationState.SUBMITTED, tier=1):
        applicant = make_user(role=Role.APPLICANT, given_names="Anna", surname="Aanvrager")
        application = Application(
            applicant_id=applicant.id, tier=tier, route=route, state=state, submitted_at=utcnow()
        )
        db.session.add(application)
        db.session.commit()
        return application

    return make


@pytest.fixture
def registrar(make_user, login):
    user = make_user(role=Role.REGISTRAR, email="registrar@example.nl", locale="en")
    login(user)
    return user


def _assignments(db, application):
    return db.session.scalars(
        select(PortfolioAssessment).where(PortfolioAssessment.application_id == application.id)
    ).all()


def _submitted(db, application, assessor, verdicts: dict[str, bool]):
    """An assessment by ``assessor`` submitted directly in the database."""
    assessment = PortfolioAssessment(
        application_id=application.id,
        assessor_id=assessor.id,
        state=AssessmentState.SUBMITTED,
        conflict_declared_at=utcnow(),
        submitted_at=utcnow(),
        policy_version="2026.1",
        scores=[
            RubricScore(item_id=i, sufficient=ok, rationale=f"Because {i} {ok}.")
            for i, ok in verdicts.items()
        ],
    )
    db.session.add(assessment)
    db.session.commit()
    return assessment


def test_registrar_assigns_up_to_the_required_number(
    client, db, make_application, make_user, registrar, outbox, policies
):
    application = make_application()
    assessors = [
        make_user(role=Role.ASSESSOR, given_names=f"Assessor{n}", is_lived_experience_expert=n == 0)
        for n in range(3)
    ]
    make_user(role=Role.ASSESSOR, given_names="Sleeping", active=False)
    url = f"/review/applications/{application.id}/assessors"
    page = client.get(url).get_data(as_text=True)
    assert "Assessor0" in page and "Sleeping" not in page
    for assessor in assessors[: policies.transitional_route.assessors_required]:
        response = client.post(url, data={"assessor_id": assessor.id})
        assert response.status_code == 303
    assert {a.assessor_id for a in _assignments(db, application)} == {a.id for a in assessors[:2]}
    assert sorted(m["to"] for m in outbox) == sorted(a.email for a in assessors[:2])
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assessment.assigned"))
    # full: the form is gone and a forged post is refused with a message
    page = client.get(url).get_data(as_text=True)
    assert 'name="assessor_id"' not in page
    response = client.post(url, data={"assessor_id": assessors[2].id})
    assert response.status_code == 422
    assert len(_assignments(db, application)) == 2


def test_same_assessor_twice_is_refused(client, db, make_application, make_user, registrar):
    application = make_application()
    assessor = make_user(role=Role.ASSESSOR)
    url = f"/review/applications/{application.id}/assessors"
    assert client.post(url, data={"assessor_id": assessor.id}).status_code == 303
    response = client.post(url, data={"assessor_id": assessor.id})
    assert response.status_code == 422
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert len(_assignments(db, application)) == 1


def test_diploma_route_application_gets_no_assessors(
    client, db, make_application, make_user, registrar
):
    application = make_application(route=Route.DIPLOMA)
    assessor = make_user(role=Role.ASSESSOR)
    url = f"/review/applications/{application.id}/assessors"
    assert "only be assigned to transitional-route" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"assessor_id": assessor.id})
    assert response.status_code == 422
    assert "Only transitional-route applications are assessed." in response.get_data(as_text=True)
    assert _assignments(db, application) == []


def test_conflicted_assessor_can_be_replaced(client, db, make_application, make_user, registrar):
    application = make_application()
    a1, a2, a3 = (
        make_user(role=Role.ASSESSOR, is_lived_experience_expert=n != 1) for n in range(3)
    )
    url = f"/review/applications/{application.id}/assessors"
    for a in (a1, a2):
        client.post(url, data={"assessor_id": a.id})
    first = next(a for a in _assignments(db, application) if a.assessor_id == a1.id)
    first.state, first.conflict_note = AssessmentState.CONFLICT_DECLARED, "Neighbour"
    first.conflict_declared_at = utcnow()
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Neighbour" in page
    assert client.post(url, data={"assessor_id": a1.id}).status_code == 422
    assert client.post(url, data={"assessor_id": a3.id}).status_code == 303
    assert len(_assignments(db, application)) == 3


def test_missing_application_is_404(client, registrar):
    assert client.get("/review/applications/424242/assessors").status_code == 404
    assert client.get("/review/applications/424242/assessments").status_code == 404


def test_compare_marks_disagreement_plainly(
    client, db, make_application, make_user, registrar, policies
):
    application = make_application()
    items = list(policies.transitional_route.tiers[1].portfolio_competences)
    a1 = make_user(role=Role.ASSESSOR, given_names="Bas")
    a2 = make_user(role=Role.ASSESSOR, given_names="Fatma")
    _submitted(db, application, a1, {i: True for i in items})
    _submitted(db, application, a2, {i: i != items[1] for i in items})
    # a draft by a third assessor is not shown
    draft = PortfolioAssessment(
        application_id=application.id,
        assessor_id=make_user(role=Role.ASSESSOR).id,
        state=AssessmentState.SCORING,
        conflict_declared_at=utcnow(),
        scores=[RubricScore(item_id=items[0], sufficient=False, rationale="SECRET DRAFT")],
    )
    db.session.add(draft)
    db.session.commit()
    page = client.get(f"/review/applications/{application.id}/assessments").get_data(as_text=True)
    assert page.count("Assessors disagree") == 2  # the summary and the one item
    assert f"Assessors disagree on 1 of {len(items)} items: {items[1]}." in page
    assert f"Because {items[1]} False." in page and f"Because {items[1]} True." in page
    assert "SECRET DRAFT" not in page
    assert "Waiting for others" in page  # the policy trace: a third assessor judges
    assert "A third assessor judges the portfolio" in page


def test_compare_without_disagreement(client, db, make_application, make_user, registrar, policies):
    application = make_application()
    items = list(policies.transitional_route.tiers[1].portfolio_competences)
    for _ in range(2):
        _submitted(db, application, make_user(role=Role.ASSESSOR), {i: True for i in items})
    page = client.get(f"/review/applications/{application.id}/assessments").get_data(as_text=True)
    assert f"The assessors agree on all {len(items)} items." in page
    assert "Assessors disagree" not in page


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.PROVIDER, Role.REGISTRAR])
def test_non_assessors_cannot_reach_assessor_pages(
    client, db, make_application, make_user, login, role
):
    application = make_application()
    assessor = make_user(role=Role.ASSESSOR)
    assessment = PortfolioAssessment(application_id=application.id, assessor_id=assessor.id)
    db.session.add(assessment)
    db.session.commit()
    login(make_user(role=role))
    for url in (
        "/assessment",
        f"/assessment/{assessment.id}",
        f"/assessment/{assessment.id}/declaration",
        f"/assessment/{assessment.id}/comparison",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(f"/assessment/{assessment.id}/declaration", data={"conflict": "no"}).status_code
        == 403
    )


def test_assessors_and_applicants_cannot_reach_registrar_pages(
    client, make_application, make_user, login
):
    application = make_application()
    for role in (Role.ASSESSOR, Role.APPLICANT):
        login(make_user(role=role))
        assert client.get(f"/review/applications/{application.id}/assessors").status_code == 403
        assert client.get(f"/review/applications/{application.id}/assessments").status_code == 403

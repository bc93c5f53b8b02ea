"""Changing tier through the pages: the registrant starts an application for another tier
from their registration, the journey asks for reflections on growth, the registrar's page
says it is a tier change and approving keeps the number; the assessor sees the reflections."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from register.domain.lifecycle import AssessmentState
from register.models.accounts import Role
from register.models.applications import Application, Route
from register.models.assessments import PortfolioAssessment
from register.models.base import utcnow
from tests.change_support import CRITERIA, LONG, register_person, tier_change_application
from tests.identity_support import confirmed_identity


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


@pytest.fixture
def registered(db, make_user, registrar):
    return register_person(make_user, registrar, tier=1, given_names="Ayşe", surname="Çelik")


def _html(response) -> str:
    return response.get_data(as_text=True)


def _start(client, registration) -> int:
    """Start an application for another tier; its id."""
    response = client.post(f"/apply/tier-change/{registration.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/step/tier")
    return int(response.headers["Location"].split("/")[2])


def _reflections(text=LONG, action="continue") -> dict:
    return {"action": action, **{f"reflection_{c}": text for c in CRITERIA}}


def test_the_registrant_starts_an_application_for_another_tier(db, client, login, registered):
    login(registered.user)
    mine = _html(client.get("/my-registration"))
    assert "Apply for another tier" in mine and f"/apply/tier-change/{registered.id}" in mine
    dashboard = _html(client.get("/apply"))
    assert "Apply for another tier" in dashboard and "Start a new application" not in dashboard

    application_id = _start(client, registered)
    step = _html(client.get(f"/apply/{application_id}/step/tier"))
    assert f"another tier of your registration {registered.number}" in step
    assert 'id="tier-1"' not in step  # the current tier is not offered
    assert 'id="tier-2"' in step and 'id="tier-3"' in step
    same = client.post(f"/apply/{application_id}/step/tier", data={"tier": "1"})
    assert same.status_code == 422 and 'href="#tier"' in _html(same)

    assert (
        client.post(
            f"/apply/{application_id}/step/tier", data={"tier": "2", "action": "continue"}
        ).status_code
        == 302
    )
    mine = _html(client.get("/my-registration"))
    assert "See your application for another tier" in mine
    dashboard = _html(client.get("/apply"))
    assert f"another tier for registration {registered.number}" in dashboard
    # a first application is no longer possible for someone registered
    refused = client.post("/apply/start")
    assert refused.status_code == 409


def test_the_growth_step_asks_a_reflection_per_criterion_and_keeps_what_was_typed(
    db, client, login, registered
):
    login(registered.user)
    application_id = _start(client, registered)
    client.post(f"/apply/{application_id}/step/tier", data={"tier": "2", "action": "continue"})
    url = f"/apply/{application_id}/step/growth"
    page = _html(client.get(url))
    for name in ("Autonomy", "Transfer (interplay of theory and practice)", "Complexity"):
        assert name in page
    assert page.count("<textarea") == 4 and 'for="reflection_autonomy"' in page
    assert "How do you work more independently now" in page  # the policy's question

    short = client.post(url, data=_reflections(text="Te kort."))
    assert short.status_code == 422
    body = _html(short)
    assert 'href="#reflection_autonomy"' in body and "Te kort." in body
    later = client.post(url, data=_reflections(text="Nog niet af.", action="later"))
    assert later.status_code == 302 and later.headers["Location"].endswith("/apply")
    assert "Nog niet af." in _html(client.get(url))

    done = client.post(url, data=_reflections())
    assert done.status_code == 302 and done.headers["Location"].endswith("/step/review")
    application = db.session.get(Application, application_id)
    assert set(application.reflections) == set(CRITERIA)
    review = _html(client.get(done.headers["Location"]))
    assert "Your reflections on growth" in review and LONG in review


def test_a_lower_tier_asks_no_reflections(db, client, login, make_user, registrar):
    registered = register_person(make_user, registrar, tier=2, surname="Hoger")
    login(registered.user)
    application_id = _start(client, registered)
    client.post(f"/apply/{application_id}/step/tier", data={"tier": "1", "action": "continue"})
    client.post(
        f"/apply/{application_id}/step/route", data={"route": "diploma", "action": "continue"}
    )
    application = db.session.get(Application, application_id)
    assert application.route is Route.DIPLOMA
    assert client.get(f"/apply/{application_id}/step/growth").status_code == 404


def test_someone_elses_registration_cannot_start_a_tier_change(
    db, client, login, make_user, registered
):
    login(make_user())
    assert client.post(f"/apply/tier-change/{registered.id}").status_code == 404


def test_the_registrar_sees_a_tier_change_and_approving_keeps_the_number(
    db, client, login, registered, registrar
):
    number = registered.number
    application = tier_change_application(registered, tier=2)
    login(registrar)
    queue = _html(client.get("/review"))
    assert "tier change, now 1" in queue
    page = _html(client.get(f"/review/applications/{application.id}"))
    assert "Application for another tier" in page
    assert f"registered under number {number} in Tier 1" in page
    assert "Reflections on growth" in page and LONG in page
    assert "Approve and change the tier" in page
    approved = client.post(
        f"/review/applications/{application.id}/approve",
        data={"version": application.version, "approve_reason": ""},
        follow_redirects=True,
    )
    assert f"registration {number} is now in tier 2" in _html(approved)
    detail = _html(client.get(f"/review/registrations/{registered.id}"))
    assert "Tier changed" in detail and "from tier 1 to tier 2" in detail
    assert f"Registration periods of {number}" in detail
    public = _html(client.get(f"/registrations/{number}"))
    assert "2 – " in public and number in public


def test_the_registrant_sees_the_decision_and_the_periods(db, client, login, registered, registrar):
    from register.review.services import approve_application

    application = tier_change_application(registered, tier=2)
    confirmed_identity(application, registrar)
    approve_application(
        application, registrar, reason=None, today=dt.date.today(), expected_version=None
    )
    db.session.commit()
    login(registered.user)
    status = _html(client.get(f"/apply/{application.id}"))
    assert f"Your registration number is {registered.number}." in status
    mine = _html(client.get("/my-registration"))
    assert "Tier changed" in mine and "from tier 1 to tier 2" in mine
    assert mine.count("<tr>") >= 4  # two periods, two history rows


def test_the_assessor_sees_the_reflections(db, client, login, make_user, registered):
    application = tier_change_application(registered, tier=2)
    application.route = Route.TRANSITIONAL
    assessor = make_user(role=Role.ASSESSOR, locale="en")
    assessment = PortfolioAssessment(
        application_id=application.id,
        assessor_id=assessor.id,
        state=AssessmentState.SCORING,
        conflict_declared_at=utcnow(),
    )
    db.session.add(assessment)
    db.session.commit()
    login(assessor)
    page = _html(client.get(f"/assessment/{assessment.id}"))
    assert "Reflections on growth" in page and LONG in page
    assert registered.number not in page  # the assessor needs the tier, not the number
    assert db.session.scalar(select(PortfolioAssessment.id)) == assessment.id


def test_the_certificate_shows_the_new_tier(db, client, login, registered, registrar, monkeypatch):
    from register.certificates import pdf
    from register.review.services import approve_application

    made = []
    real = pdf.certificate_pdf
    monkeypatch.setattr(
        pdf, "certificate_pdf", lambda content: made.append(content) or real(content)
    )
    application = tier_change_application(registered, tier=2)
    confirmed_identity(application, registrar)
    approve_application(
        application, registrar, reason=None, today=dt.date.today(), expected_version=None
    )
    db.session.commit()
    login(registered.user)
    response = client.get(f"/my-certificate/{registered.number}.pdf")
    assert response.status_code == 200 and made[-1].tier == 2
    assert made[-1].number == registered.number

"""The assessor's own profile (declaration of lived experience, trainings as an assessor)
and what the registrar sees of it when assigning assessors to a portfolio."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from register.domain.lifecycle import ApplicationState
from register.models.accounts import Role
from register.models.applications import Application, Route
from register.models.assessments import AssessorTraining, PortfolioAssessment
from register.models.audit import AuditEvent
from register.models.base import utcnow
from tests.web.test_apply_helpers import pdf

TODAY = dt.date.today()


@pytest.fixture
def assessor(make_user, login):
    user = make_user(role=Role.ASSESSOR, trained=False, given_names="Bas", locale="en")
    login(user)
    return user


def _trainings(db, user):
    return list(
        db.session.scalars(select(AssessorTraining).where(AssessorTraining.assessor_id == user.id))
    )


def test_profile_page_without_training_says_so(client, assessor, policies):
    page = client.get("/assessment/profile").get_data(as_text=True)
    assert "You have not recorded a training as an assessor yet." in page
    years = policies.transitional_route.assessors.training_valid_years
    assert f"A training counts for {years} years" in page
    assert "geschoold als assessor" not in page  # shown in English on an English page
    assert "Assessors are trained as assessor" in page


def test_the_declaration_is_saved(client, db, assessor):
    r = client.post("/assessment/profile/lived-experience", data={"lived_experience": "y"})
    assert r.status_code == 303
    db.session.refresh(assessor)
    assert assessor.is_lived_experience_expert is True
    client.post("/assessment/profile/lived-experience", data={})
    db.session.refresh(assessor)
    assert assessor.is_lived_experience_expert is False


def test_adding_a_training_keeps_input_on_error(client, db, assessor):
    r = client.post(
        "/assessment/profile/training",
        data={"completed_on": "", "course": "Assessorentraining", "provider": ""},
    )
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "Fill in the date of the training." in page and "Fill in who gave the training." in page
    assert 'value="Assessorentraining"' in page and 'href="#completed_on"' in page
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    r = client.post(
        "/assessment/profile/training",
        data={"completed_on": future, "course": "Assessorentraining", "provider": "NVAB"},
    )
    assert r.status_code == 422 and "cannot be in the future" in r.get_data(as_text=True)
    assert _trainings(db, assessor) == []


def test_a_training_with_certificate_is_listed_downloaded_and_removed(
    client, db, assessor, make_user, login, policies
):
    r = client.post(
        "/assessment/profile/training",
        data={
            "completed_on": TODAY.isoformat(),
            "course": "Assessorentraining",
            "provider": "NVAB",
            "certificate": pdf("certificaat.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 303
    [training] = _trainings(db, assessor)
    page = client.get("/assessment/profile").get_data(as_text=True)
    assert "Assessorentraining" in page and "certificaat.pdf" in page
    with client.get(f"/files/training/{training.id}") as own:
        assert own.status_code == 200 and own.data.startswith(b"%PDF-")
    # another assessor cannot see it, nor remove it
    other = make_user(role=Role.ASSESSOR)
    login(other)
    assert client.get(f"/files/training/{training.id}").status_code == 404
    assert client.post(f"/assessment/profile/training/{training.id}/remove").status_code == 404
    # a registrar may (audited, as every view of a file by someone else)
    registrar = make_user(role=Role.REGISTRAR)
    login(registrar)
    with client.get(f"/files/training/{training.id}") as seen:
        assert seen.status_code == 200 and seen.data.startswith(b"%PDF-")
    viewed = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "evidence.viewed", AuditEvent.actor_id == registrar.id
        )
    ).all()
    assert len(viewed) == 1
    login(assessor)
    r = client.post(f"/assessment/profile/training/{training.id}/remove")
    assert r.status_code == 303
    assert _trainings(db, assessor) == []


def test_profile_pages_are_for_assessors_only(client, make_user, login):
    assert client.get("/assessment/profile").status_code in (302, 303, 401)
    login(make_user(role=Role.APPLICANT))
    assert client.get("/assessment/profile").status_code in (403, 404)


# --- the registrar's side -----------------------------------------------------------------


@pytest.fixture
def application(db, make_user):
    applicant = make_user(role=Role.APPLICANT)
    row = Application(
        applicant_id=applicant.id,
        tier=1,
        route=Route.TRANSITIONAL,
        state=ApplicationState.SUBMITTED,
        submitted_at=utcnow(),
    )
    db.session.add(row)
    db.session.commit()
    return row


def test_assign_page_shows_training_and_lived_experience(client, db, application, make_user, login):
    trained = make_user(role=Role.ASSESSOR, given_names="Getraind")
    untrained = make_user(role=Role.ASSESSOR, given_names="Ongetraind", trained=False)
    login(make_user(role=Role.REGISTRAR, locale="en"))
    url = f"/review/applications/{application.id}/assessors"
    page = client.get(url).get_data(as_text=True)
    assert "Getraind" in page and "Ongetraind" in page
    assert "None on record" in page and "has no assessor training on record" in page
    assert f'<option value="{trained.id}"' in page
    assert f'<option value="{untrained.id}"' not in page
    r = client.post(url, data={"assessor_id": untrained.id})
    assert r.status_code == 422  # not a choice: refused with a message, nothing stored
    assert db.session.scalars(select(PortfolioAssessment)).all() == []


def test_without_an_expert_by_experience_the_registrar_writes_why(
    client, db, application, make_user, login
):
    a1 = make_user(role=Role.ASSESSOR, given_names="Eerste")
    a2 = make_user(role=Role.ASSESSOR, given_names="Tweede")
    login(make_user(role=Role.REGISTRAR, locale="en"))
    url = f"/review/applications/{application.id}/assessors"
    assert client.post(url, data={"assessor_id": a1.id}).status_code == 303
    r = client.post(url, data={"assessor_id": a2.id})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "None of the assessors would be an expert by experience" in page
    assert 'href="#lived_experience_exception"' in page
    reason = "The only trained expert by experience is a former colleague of the applicant."
    r = client.post(url, data={"assessor_id": a2.id, "lived_experience_exception": reason})
    assert r.status_code == 303
    second = db.session.scalar(
        select(PortfolioAssessment).where(PortfolioAssessment.assessor_id == a2.id)
    )
    assert second.lived_experience_exception == reason
    assert reason in client.get(url).get_data(as_text=True)

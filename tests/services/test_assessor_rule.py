"""Who may assess a portfolio (services): only assessors trained as assessors within the
policy's validity, and at least the policy's number of experts by experience among the two
unless the registrar records why not (stored with the assignment and audited); and the
assessors' own records: trainings (with a certificate) and the declaration."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from register.assessment import assessors, services
from register.domain.lifecycle import ApplicationState
from register.errors import Refusal
from register.models.accounts import Role
from register.models.applications import Application, Route
from register.models.assessments import AssessorTraining
from register.models.audit import AuditEvent
from register.models.base import utcnow

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _request(app, db):
    with app.test_request_context(), force_locale("en"):
        yield


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


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR)


def _events(db, action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_an_assessor_without_training_cannot_be_assigned(db, application, make_user, registrar):
    untrained = make_user(role=Role.ASSESSOR, trained=False, is_lived_experience_expert=True)
    with pytest.raises(Refusal, match="no assessor training that counts"):
        services.assign_assessor(application, untrained, registrar)
    assert services.assessments_of(application) == []


def test_an_expired_training_does_not_count(db, application, make_user, registrar, policies):
    assessor = make_user(role=Role.ASSESSOR, trained=False, is_lived_experience_expert=True)
    years = policies.transitional_route.assessors.training_valid_years
    assessors.record_training(
        assessor, assessor, TODAY - dt.timedelta(days=366 * years + 2), "Oud", "Academie"
    )
    with pytest.raises(Refusal, match="no assessor training"):
        services.assign_assessor(application, assessor, registrar)
    # a newer training counts again
    assessors.record_training(assessor, assessor, TODAY, "Opfriscursus", "Academie")
    services.assign_assessor(application, assessor, registrar)
    assert len(services.assessments_of(application)) == 1


def test_two_assessors_without_lived_experience_need_a_reason(
    db, application, make_user, registrar
):
    a1, a2 = make_user(role=Role.ASSESSOR), make_user(role=Role.ASSESSOR)
    first = services.assign_assessor(application, a1, registrar)
    assert first.lived_experience_exception is None  # the second place could still bring one
    with pytest.raises(Refusal, match="expert by experience") as refused:
        services.assign_assessor(application, a2, registrar, "   ")
    assert refused.value.field == "lived_experience_exception"
    second = services.assign_assessor(
        application, a2, registrar, "No trained expert by experience is free before the deadline."
    )
    db.session.commit()
    assert second.lived_experience_exception.startswith("No trained expert")
    event = _events(db, "assessment.assigned")[-1]
    assert event.detail["lived_experience_exception"] == second.lived_experience_exception
    rules = {r["rule"]: r["outcome"] for r in event.detail["assignment_check"]["results"]}
    assert rules == {"assessor.trained": "passed", "assessors.lived_experience": "failed"}


def test_with_an_expert_by_experience_no_reason_is_kept(db, application, make_user, registrar):
    lived = make_user(role=Role.ASSESSOR, is_lived_experience_expert=True)
    plain = make_user(role=Role.ASSESSOR)
    services.assign_assessor(application, plain, registrar)
    second = services.assign_assessor(application, lived, registrar, "not needed")
    assert second.lived_experience_exception is None


def test_record_and_remove_a_training_with_certificate(db, make_user):
    assessor = make_user(role=Role.ASSESSOR, trained=False)
    with pytest.raises(Refusal, match="future"):
        assessors.record_training(assessor, assessor, TODAY + dt.timedelta(days=1), "C", "P")
    upload = FileStorage(io.BytesIO(b"%PDF-1.4 certificate"), filename="certificaat.pdf")
    training = assessors.record_training(
        assessor, assessor, TODAY, "  Assessorentraining ", " NVAB ", upload
    )
    db.session.commit()
    assert (training.course, training.provider) == ("Assessorentraining", "NVAB")
    assert training.file is not None and training.file.original_name == "certificaat.pdf"
    assert assessors.latest_training(assessor) == training
    assert _events(db, "assessor.training_recorded")[-1].detail["with_certificate"] is True
    other = make_user(role=Role.ASSESSOR)
    with pytest.raises(Refusal, match="own"):
        assessors.remove_training(training, other)
    assessors.remove_training(training, assessor)
    db.session.commit()
    assert db.session.get(AssessorTraining, training.id) is None
    assert _events(db, "assessor.training_removed")


def test_the_declaration_is_audited_when_it_changes(db, make_user):
    assessor = make_user(role=Role.ASSESSOR)
    assessors.declare_lived_experience(assessor, False, assessor)
    assert _events(db, "assessor.lived_experience_declared") == []
    assessors.declare_lived_experience(assessor, True, assessor)
    db.session.commit()
    assert assessor.is_lived_experience_expert is True
    assert _events(db, "assessor.lived_experience_declared")[-1].detail == {
        "lived_experience": True
    }


def test_every_demo_assessor_is_trained_and_the_seeding_is_idempotent(db):
    """The demo's accreditation assessor (assessor 3) is trained like the portfolio
    assessors, so a demo panel meets the trained-assessor rule."""
    from register.demo import accounts as accounts_demo
    from register.demo import accreditation as accreditation_demo
    from register.models.accounts import User

    accounts_demo.seed()
    accreditation_demo.seed()
    accreditation_demo.seed()
    assessor = db.session.scalar(
        select(User).where(User.email == accreditation_demo.ASSESSOR3_EMAIL)
    )
    trainings = assessors.trainings_of(assessor)
    assert len(trainings) == 1
    assert assessors.valid_until(trainings[0]) >= TODAY

"""After submitting: the status page, answering a request for information, withdrawing."""

from __future__ import annotations

import pytest

from register.applications.services import change_state
from register.domain.lifecycle import ApplicationAction, ApplicationState
from register.extensions import db
from register.models.accounts import Role
from register.models.applications import ApplicationMessage, EvidenceKind, MessageKind
from register.models.audit import AuditEvent
from tests.web.test_apply_helpers import diploma_application, make_programme, pdf, use_english


@pytest.fixture(autouse=True)
def _english(client):
    use_english(client)


@pytest.fixture
def asked(make_user):
    """A submitted application for which the registrar asked more information."""
    applicant, registrar = make_user(), make_user(role=Role.REGISTRAR)
    application = diploma_application(applicant, make_programme())
    application.code_accepted_at = application.created_at
    application.code_version = "test"
    change_state(application, ApplicationAction.SUBMIT, applicant)
    change_state(application, ApplicationAction.START_REVIEW, registrar)
    application.messages.append(
        ApplicationMessage(
            author_id=registrar.id, kind=MessageKind.INFO_REQUEST, body="Stuur uw cijferlijst mee."
        )
    )
    change_state(application, ApplicationAction.REQUEST_INFO, registrar)
    db.session.commit()
    return applicant, application


def test_status_page_shows_timeline_and_question(client, login, asked):
    applicant, application = asked
    login(applicant)
    page = client.get(f"/apply/{application.id}").get_data(as_text=True)
    assert "More information requested" in page  # the status
    assert "A registrar is assessing it: " in page  # the timeline
    assert "The register asked for more information: " in page
    assert "Stuur uw cijferlijst mee." in page
    assert 'name="text"' in page


def test_answer_with_file(client, login, asked, outbox):
    applicant, application = asked
    login(applicant)
    r = client.post(
        f"/apply/{application.id}/answer",
        data={"text": "Hierbij mijn cijferlijst.", "file": pdf("cijfers.pdf")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    db.session.refresh(application)
    assert application.state is ApplicationState.IN_REVIEW
    assert application.messages[-1].kind is MessageKind.ANSWER
    assert any(e.kind is EvidenceKind.ANSWER for e in application.evidence)
    assert application.history[-1].to_state is ApplicationState.IN_REVIEW
    assert db.session.query(AuditEvent).filter_by(action="application.answer").count() == 1
    assert outbox[-1]["to"] == applicant.email


def test_answer_needs_text_and_a_valid_file(client, login, asked):
    applicant, application = asked
    login(applicant)
    r = client.post(f"/apply/{application.id}/answer", data={"text": ""})
    assert "Write your answer" in r.get_data(as_text=True)
    r = client.post(
        f"/apply/{application.id}/answer",
        data={"text": "Mijn antwoord", "file": pdf("x.pdf", b"plain text")},
        content_type="multipart/form-data",
    )
    page = r.get_data(as_text=True)
    assert "Upload a PDF, PNG or JPEG file" in page and "Mijn antwoord" in page
    db.session.refresh(application)
    assert application.state is ApplicationState.INFO_REQUESTED


def test_answer_when_not_asked_is_refused(client, login, make_user):
    applicant = make_user()
    application = diploma_application(applicant, make_programme())
    login(applicant)
    r = client.post(
        f"/apply/{application.id}/answer", data={"text": "hallo"}, follow_redirects=True
    )
    assert "has not asked you" in r.get_data(as_text=True)


def test_withdraw_needs_confirmation(client, login, asked, outbox):
    applicant, application = asked
    login(applicant)
    r = client.post(f"/apply/{application.id}/withdraw", data={})
    assert "Tick the box" in r.get_data(as_text=True)
    r = client.post(f"/apply/{application.id}/withdraw", data={"confirm": "y"})
    assert r.status_code == 302
    db.session.refresh(application)
    assert application.state is ApplicationState.WITHDRAWN
    r = client.post(
        f"/apply/{application.id}/withdraw", data={"confirm": "y"}, follow_redirects=True
    )
    assert "can no longer be withdrawn" in r.get_data(as_text=True)
    # a new application may be started now
    assert client.post("/apply/start").headers["Location"].endswith("/step/tier")


def test_other_applicant_cannot_answer(client, login, make_user, asked):
    _, application = asked
    login(make_user())
    assert client.post(f"/apply/{application.id}/answer", data={"text": "x"}).status_code == 404
    assert client.get(f"/apply/{application.id}").status_code == 404


def test_approved_status_page_shows_the_registration_number(app, db, client, make_user, login):
    import datetime as dt

    from register.models.applications import Application, Route
    from register.models.base import utcnow
    from register.models.registrations import Registration

    applicant = make_user(locale="en")
    registrar = make_user(role=Role.REGISTRAR)
    application = Application(
        applicant_id=applicant.id,
        tier=1,
        route=Route.DIPLOMA,
        state="approved",
        submitted_at=utcnow(),
        decided_at=utcnow(),
        decided_by_id=registrar.id,
        policy_versions={"tiers": "x"},
    )
    db.session.add(application)
    db.session.flush()
    db.session.add(
        Registration(
            number="ED-00000013",
            sequence=1,
            user_id=applicant.id,
            application_id=application.id,
            given_names="Test",
            surname="Persoon",
            tier=1,
            valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2031, 1, 1),
            policy_version="2026.1",
        )
    )
    db.session.commit()
    login(applicant)
    html = client.get(f"/apply/{application.id}").get_data(as_text=True)
    assert "Your registration number is ED-00000013." in html


def test_the_timeline_shows_the_answer_to_each_request(client, login, asked):
    applicant, application = asked
    login(applicant)
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(f"/apply/{application.id}").get_data(as_text=True)

    def answered(page):
        return page.split("You answered: ")[1].split("</li>")[0]

    assert "not yet" in answered(page)
    client.post(f"/apply/{application.id}/answer", data={"text": "Zie de bijlage."})
    page = client.get(f"/apply/{application.id}").get_data(as_text=True)
    assert "not yet" not in answered(page) and "20" in answered(page)  # a date

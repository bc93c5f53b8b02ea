"""The registrar's pages: the queue, the application page and its actions, including two
registrars acting on the same application at once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select, text

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.lifecycle import ApplicationState, AssessmentState
from register.models.accounts import Role
from register.models.applications import Application, ApplicationMessage
from register.models.audit import AuditEvent
from register.models.base import utcnow
from register.models.registrations import Registration
from tests.identity_support import confirmed_identity


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, given_names="Rianne", surname="Registrar", locale="en")


@pytest.fixture
def submitted(db, make_user):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid",
        "Hogeschool Test",
        5,
        dt.date(2015, 1, 1),
        dt.date(2030, 12, 31),
    )

    def make(surname="Çelik", **kw):
        applicant = make_user(given_names="Ayşe", surname=surname, locale="en")
        application = submitted_diploma_application(applicant, programme, **kw)
        db.session.commit()
        return application

    return make


def _url(application, action=""):
    return f"/review/applications/{application.id}" + (f"/{action}" if action else "")


def _decisions(db, application_id):
    return db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "application.decided", AuditEvent.subject_id == application_id
        )
    ).all()


def test_applicants_cannot_reach_the_review_area(client, make_user, login, submitted):
    application = submitted()
    login(make_user(role=Role.APPLICANT))
    for url in ("/review", _url(application), "/review/registrations", "/review/programmes"):
        assert client.get(url).status_code == 403, url
    assert client.post(_url(application, "approve"), data={"version": "1"}).status_code == 403


def test_admins_pass_the_gate(client, make_user, login):
    login(make_user(role=Role.ADMIN))
    assert client.get("/review").status_code == 200


def test_queue_is_oldest_first_with_filters_and_waiting_days(
    db, client, registrar, login, submitted, make_user
):
    now = utcnow()
    submitted(surname="Oudste", tier=1, submitted_at=now - dt.timedelta(days=40))
    mid = submitted(surname="Midden", tier=2, submitted_at=now - dt.timedelta(days=10))
    new = submitted(surname="Nieuwste", tier=2, submitted_at=now - dt.timedelta(days=1))
    draft = Application(applicant_id=make_user(surname="Concept").id, tier=2)
    db.session.add(draft)
    db.session.commit()
    login(registrar)

    page = client.get("/review").get_data(as_text=True)
    assert page.index("Oudste") < page.index("Midden") < page.index("Nieuwste")
    assert "Concept" not in page
    assert "<caption id=" in page and "waiting 40 days" in page

    page = client.get("/review?tier=2").get_data(as_text=True)
    assert "Oudste" not in page and "Midden" in page and "Nieuwste" in page
    page = client.get("/review?waited=5").get_data(as_text=True)
    assert "Oudste" in page and "Midden" in page and "Nieuwste" not in page
    page = client.get("/review?route=transitional").get_data(as_text=True)
    assert "No applications match these filters." in page

    client.post(_url(mid, "refuse"), data={"version": mid.version, "refuse_reason": "No."})
    assert "Midden" not in client.get("/review").get_data(as_text=True)
    page = client.get("/review?status=refused").get_data(as_text=True)
    assert "Midden" in page and "Oudste" not in page

    response = client.get("/review?waited=abc&status=nonsense")
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
    assert new.id  # untouched


def test_queue_paginates(db, client, registrar, login, submitted):
    for i in range(27):
        submitted(surname=f"Persoon{i:02d}", write_file=False)
    login(registrar)
    first = client.get("/review").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Persoon26" not in first
    second = client.get("/review?page=2").get_data(as_text=True)
    assert "Persoon26" in second


def test_application_page_shows_evidence_trace_and_actions(client, registrar, login, submitted):
    application = submitted()
    login(registrar)
    page = client.get(_url(application)).get_data(as_text=True)
    assert "AD Ervaringsdeskundigheid" in page
    assert "Approve: every rule is met" in page
    assert "The programme was accredited on the diploma date" in page
    assert "Met" in page  # outcome in words, not colour only
    assert f"/files/evidence/{application.evidence[0].id}" in page
    for action in ("start", "request-info", "identity", "approve", "refuse"):
        assert f'formaction="/review/applications/{application.id}/{action}"' in page
    assert f'action="/review/applications/{application.id}/draft"' in page  # the one form
    assert client.get("/review/applications/999999").status_code == 404


def test_drafts_are_not_shown(db, client, registrar, login, make_user):
    draft = Application(applicant_id=make_user().id, tier=2)
    db.session.add(draft)
    db.session.commit()
    login(registrar)
    assert client.get(_url(draft)).status_code == 404


def test_evidence_download_is_audited(db, client, registrar, login, submitted):
    application = submitted()
    evidence = application.evidence[0]
    login(registrar)
    response = client.get(f"/files/evidence/{evidence.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    response.close()
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "evidence.viewed")
    ).one()
    assert event.actor_id == registrar.id and event.subject_id == evidence.id
    assert client.get("/files/evidence/999999").status_code == 404


def test_start_review(db, client, registrar, login, submitted):
    application = submitted()
    login(registrar)
    response = client.post(_url(application, "start"), data={"version": application.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert application.state is ApplicationState.IN_REVIEW


def test_request_information(db, client, registrar, login, submitted, outbox):
    application = submitted()
    login(registrar)
    response = client.post(
        _url(application, "request-info"),
        data={"version": application.version, "message": ""},
    )
    assert response.status_code == 422
    assert "Write what information you need from the applicant." in response.get_data(as_text=True)
    response = client.post(
        _url(application, "request-info"),
        follow_redirects=True,
        data={"version": application.version, "message": "Stuur uw diploma opnieuw."},
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert application.state is ApplicationState.INFO_REQUESTED
    assert db.session.scalar(select(ApplicationMessage.body)) == "Stuur uw diploma opnieuw."
    assert "Stuur uw diploma opnieuw." in outbox[-1]["body"]
    assert "Stuur uw diploma opnieuw." in response.get_data(as_text=True)


def test_approve_creates_the_registration(db, client, registrar, login, submitted, outbox):
    application = submitted()
    confirmed_identity(application, registrar)
    db.session.commit()
    login(registrar)
    response = client.post(
        _url(application, "approve"),
        follow_redirects=True,
        data={"version": application.version},
    )
    assert response.status_code == 200
    registration = db.session.scalars(select(Registration)).one()
    assert registration.number in response.get_data(as_text=True)
    assert registration.number in outbox[-1]["body"]
    db.session.expire_all()
    assert application.decided_by_id == registrar.id


def test_approve_against_the_proposal_asks_for_a_reason_then_a_second_registrar(
    db, client, registrar, login, submitted
):
    application = submitted(with_evidence=False)
    confirmed_identity(application, registrar)
    db.session.commit()
    login(registrar)
    response = client.post(
        _url(application, "approve"),
        data={"version": application.version, "approve_reason": ""},
    )
    assert response.status_code == 422
    assert "The rules do not propose approval. Explain why you approve." in response.get_data(
        as_text=True
    )
    posted = {"version": application.version, "approve_reason": "Seen the original."}
    page = client.post(_url(application, "approve"), data=posted).get_data(as_text=True)
    assert "Check before you propose" in page  # a grave action: its confirmation page first
    proposed = client.post(_url(application, "approve"), data={**posted, "step": "propose"})
    assert "/registrar/proposals/" in proposed.headers["Location"]
    db.session.expire_all()
    assert application.state is ApplicationState.SUBMITTED  # waits for a second registrar


def test_refuse_needs_a_reason_and_keeps_other_input(db, client, registrar, login, submitted):
    application = submitted()
    login(registrar)
    response = client.post(
        _url(application, "refuse"),
        data={"version": application.version, "refuse_reason": "  "},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give the reason for the refusal." in body and 'href="#refuse_reason"' in body
    db.session.expire_all()
    assert application.state is ApplicationState.SUBMITTED


def _login_client(app, login, user):
    client = app.test_client()
    login(user, client=client)  # password and second factor
    return client


def test_two_registrars_same_version_one_wins(db, app, login, registrar, make_user, submitted):
    application = submitted()
    confirmed_identity(application, registrar)
    db.session.commit()
    seen = application.version
    first = _login_client(app, login, registrar)
    second = _login_client(
        app, login, make_user(role=Role.REGISTRAR, surname="Tweede", locale="en")
    )

    won = first.post(_url(application, "approve"), data={"version": seen})
    lost = second.post(
        _url(application, "refuse"), data={"version": seen, "refuse_reason": "Not complete."}
    )
    assert won.status_code == 302
    assert lost.status_code == 409
    body = lost.get_data(as_text=True)
    assert "Another registrar already decided on or changed this application" in body
    assert "Approved" in body  # the current state is shown
    assert len(_decisions(db, application.id)) == 1
    assert db.session.scalar(select(func.count(Registration.id))) == 1
    db.session.expire_all()
    assert application.state is ApplicationState.APPROVED


def test_stale_version_is_told_and_input_kept(db, client, registrar, login, submitted):
    application = submitted()
    seen = application.version
    login(registrar)
    client.post(_url(application, "start"), data={"version": seen})
    response = client.post(
        _url(application, "request-info"), data={"version": seen, "message": "Mijn vraag"}
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Another registrar already decided on or changed this application" in body
    assert "Mijn vraag" in body  # nothing typed is lost
    db.session.expire_all()
    assert application.state is ApplicationState.IN_REVIEW
    new_version = re.search(r'name="version" type="hidden" value="(\d+)"', body)
    assert new_version and int(new_version.group(1)) == application.version


def test_race_lost_at_the_database_is_handled(db, client, registrar, login, submitted, monkeypatch):
    """The version matched when checked, but another write landed before ours."""
    from register.review import services

    application = submitted()
    confirmed_identity(application, registrar)
    db.session.commit()
    login(registrar)
    original = services.change_state

    def racing(app_, action, actor):
        db.session.execute(
            text("UPDATE application SET version = version + 1 WHERE id = :id"), {"id": app_.id}
        )
        return original(app_, action, actor)

    monkeypatch.setattr(services, "change_state", racing)
    response = client.post(_url(application, "approve"), data={"version": application.version})
    assert response.status_code == 409
    assert "Another registrar already decided" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    assert _decisions(db, application.id) == []


def test_action_on_a_final_application_is_refused_clearly(db, client, registrar, login, submitted):
    application = submitted()
    login(registrar)
    client.post(
        _url(application, "refuse"),
        data={"version": application.version, "refuse_reason": "No."},
    )
    db.session.expire_all()
    response = client.post(_url(application, "approve"), data={"version": application.version})
    assert response.status_code == 409
    assert "A decision is final; nothing was changed." in response.get_data(as_text=True)
    assert len(_decisions(db, application.id)) == 1


def test_transitional_page_shows_references_assessments_and_disagreement(
    db, client, registrar, login, make_user, policies
):
    from register.applications.services import change_state
    from register.domain.lifecycle import ApplicationAction
    from register.models.applications import Reference, ReferenceRelation, Route
    from register.models.assessments import PortfolioAssessment, RubricScore

    applicant = make_user(locale="en")
    application = Application(
        applicant_id=applicant.id,
        tier=2,
        route=Route.TRANSITIONAL,
        intervision_sessions=12,
        code_accepted_at=utcnow(),
        code_version="test",
    )
    application.references.append(
        Reference(
            name="Mw. De Boer",
            email="boer@example.nl",
            organisation="GGZ Oost",
            relation=ReferenceRelation.SUPERVISOR,
        )
    )
    db.session.add(application)
    db.session.flush()
    change_state(application, ApplicationAction.SUBMIT, applicant)
    items = list(policies.transitional_route.tiers[2].portfolio_competences)
    for n, disagree in enumerate((False, True)):
        assessment = PortfolioAssessment(
            application_id=application.id,
            assessor_id=make_user(role=Role.ASSESSOR).id,
            state=AssessmentState.SUBMITTED,
            conflict_declared_at=utcnow(),
            submitted_at=utcnow(),
            policy_version="2026.1",
        )
        assessment.scores = [
            RubricScore(item_id=i, sufficient=not (disagree and i == items[0]), rationale="r")
            for i in items
        ]
        db.session.add(assessment)
    db.session.commit()
    login(registrar)
    page = client.get(_url(application)).get_data(as_text=True)
    assert "Mw. De Boer" in page and "Waiting for an answer" in page
    reference = application.references[0]
    assert f'action="/review/references/{reference.id}/resend"' in page
    assert f"/review/references/{reference.id}/replace" in page
    assert f"/review/applications/{application.id}/assessors" in page
    assert f"/review/applications/{application.id}/assessments" in page
    assert "The judgement of two assessors on the portfolio" in page
    assert f"The assessors disagree on: {items[0]}." in page

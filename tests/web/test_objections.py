"""Objection pages through the test client: only the person concerned objects, only a
registrar who did not take the decision handles it, and each fieldset of the objection
page keeps what was typed in the others."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select

from register.decisions import latest_decision
from register.domain.lifecycle import ApplicationState
from register.domain.objections import ObjectionAction, ObjectionState
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.objections import Objection
from register.models.registrations import Registration
from register.objections import services
from tests.identity_support import confirmed_identity
from tests.objection_support import PDF, objected, refused_application


@pytest.fixture
def refused(db, make_user):
    """A refusal sent today (so the objection period is open now)."""
    registrar = make_user(role=Role.REGISTRAR, locale="en")
    return refused_application(make_user, locale="en", registrar=registrar, today=dt.date.today())


@pytest.fixture
def second(make_user):
    return make_user(role=Role.REGISTRAR, given_names="Ruben", locale="en")


def _object(client, decision_id, **data):
    form = {"grounds": "The school confirmed my diploma.", **data}
    return client.post(
        f"/my-decisions/{decision_id}", data=form, content_type="multipart/form-data"
    )


def test_the_person_sees_the_decision_with_its_letter_and_the_objection_form(
    client, login, refused
):
    application, decision, applicant, _registrar = refused
    login(applicant)
    listing = client.get("/my-decisions").get_data(as_text=True)
    assert f"/my-decisions/{decision.id}" in listing
    page = client.get(f"/my-decisions/{decision.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Your diploma could not be verified" in html  # the grounds
    assert f"/decisions/{decision.id}/letter.pdf?lang=en" in html
    assert 'name="grounds"' in html and 'name="files"' in html and 'name="wants_hearing"' in html


def test_the_person_objects_with_files_and_a_hearing(client, login, refused, outbox, db):
    _application, decision, applicant, _registrar = refused
    login(applicant)
    response = _object(
        client, decision.id, wants_hearing="y", files=[(io.BytesIO(PDF), "school.pdf")]
    )
    assert response.status_code == 302
    objection = db.session.scalars(select(Objection)).one()
    assert objection.objector_id == applicant.id and objection.wants_hearing
    assert [f.file.original_name for f in objection.files] == ["school.pdf"]
    page = client.get(f"/my-decisions/{decision.id}").get_data(as_text=True)
    assert 'name="grounds"' not in page and "school.pdf" in page
    with client.get(f"/files/objection/{objection.files[0].id}") as download:
        assert download.data == PDF
    assert any(m["to"] == applicant.email for m in outbox)
    client.post("/logout")
    login(_registrar)
    with client.get(f"/files/objection/{objection.files[0].id}") as download:
        assert download.status_code == 200
    viewed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "evidence.viewed")
    ).all()
    assert [(e.detail["case_type"], e.detail["case_id"]) for e in viewed] == [
        ("objection", objection.id)
    ]


def test_an_objection_without_grounds_is_refused_and_keeps_what_was_typed(
    client, login, refused, db
):
    _application, decision, applicant, _registrar = refused
    login(applicant)
    response = _object(
        client, decision.id, grounds=" ", wants_hearing="y", files=[(io.BytesIO(PDF), "a.pdf")]
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Write why you object to this decision." in html
    assert 'checked id="wants_hearing"' in html  # the choice is kept
    assert "If you chose files, choose them again" in html
    assert db.session.scalars(select(Objection)).first() is None


def test_a_file_that_is_not_a_pdf_or_image_is_refused(client, login, refused, db):
    _application, decision, applicant, _registrar = refused
    login(applicant)
    response = _object(client, decision.id, files=[(io.BytesIO(b"MZ\x90\x00"), "x.exe")])
    assert response.status_code == 422
    assert db.session.scalars(select(Objection)).first() is None


def test_nobody_else_reaches_the_decision(client, login, make_user, refused):
    _application, decision, _applicant, registrar = refused
    login(make_user())  # another applicant
    assert client.get(f"/my-decisions/{decision.id}").status_code == 404
    assert _object(client, decision.id).status_code == 404
    assert client.get(f"/decisions/{decision.id}/letter.pdf").status_code == 404
    client.post("/logout")
    login(make_user(role=Role.PROVIDER))
    assert client.get(f"/my-decisions/{decision.id}").status_code == 404
    client.post("/logout")
    login(registrar)  # staff object nothing: the page is the person's
    assert client.get(f"/my-decisions/{decision.id}").status_code == 403


def test_staff_download_of_a_letter_is_audited(client, login, refused, db):
    _application, decision, applicant, registrar = refused
    login(registrar)
    response = client.get(f"/decisions/{decision.id}/letter.pdf?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "decision-" in response.headers["Content-Disposition"]
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "decision_letter.viewed")
    ).all()
    assert [(e.actor_id, e.subject_id) for e in events] == [(registrar.id, decision.id)]


def test_a_decision_that_cannot_be_objected_to_shows_no_form(client, login, db, make_user):
    from register.demo.registrations import ensure_programme, submitted_diploma_application
    from register.review import services as review

    programme = ensure_programme("P", "S", 5, dt.date(2015, 1, 1), dt.date(2030, 12, 31))
    applicant = make_user()
    application = submitted_diploma_application(applicant, programme, write_file=False)
    registrar = make_user(role=Role.REGISTRAR)
    confirmed_identity(application, registrar)
    review.approve_application(
        application,
        registrar,
        reason=None,
        today=dt.date.today(),
        expected_version=None,
    )
    db.session.commit()
    decision = latest_decision(application)
    login(applicant)
    html = client.get(f"/my-decisions/{decision.id}").get_data(as_text=True)
    assert 'name="grounds"' not in html
    assert _object(client, decision.id).status_code == 409


def _objection_today(db, make_user, **kw):
    today = dt.date.today()
    registrar = make_user(role=Role.REGISTRAR, locale="en")
    return objected(make_user, today=today, received=today, registrar=registrar, **kw)


def test_the_queue_and_the_objection_page_for_registrars(client, login, db, make_user, second):
    objection, _application, _applicant, _registrar = _objection_today(db, make_user)
    login(second)
    queue = client.get("/registrar/objections").get_data(as_text=True)
    assert f"/registrar/objections/{objection.id}" in queue
    assert client.get("/registrar/objections?status=decided").status_code == 200
    assert client.get("/registrar/objections?status=nonsense").status_code == 200
    page = client.get(f"/registrar/objections/{objection.id}").get_data(as_text=True)
    assert "The school confirmed my diploma" in page  # the grounds beside the decision
    assert "Your diploma could not be verified" in page  # the original grounds
    assert 'value="decide"' in page
    viewed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "objection.viewed")
    ).all()
    assert [e.actor_id for e in viewed] == [second.id]


def test_the_original_decider_cannot_decide(client, login, db, make_user):
    objection, application, _applicant, registrar = _objection_today(db, make_user)
    login(registrar)
    page = client.get(f"/registrar/objections/{objection.id}").get_data(as_text=True)
    assert 'value="decide"' not in page
    response = client.post(
        f"/registrar/objections/{objection.id}",
        data={
            "action": "decide",
            "decide-outcome": "uphold",
            "decide-grounds": "Mine.",
            "decide-version": objection.version,
        },
    )
    assert response.status_code == 422
    assert db.session.get(Objection, objection.id).state is ObjectionState.RECEIVED
    assert application.state is ApplicationState.REFUSED


def test_a_third_registrar_upholds_and_the_applicant_is_registered(
    client, login, db, make_user, second
):
    objection, application, applicant, _registrar = _objection_today(db, make_user)
    login(second)
    response = client.post(
        f"/registrar/objections/{objection.id}",
        data={
            "action": "decide",
            "decide-outcome": "uphold",
            "decide-grounds": "The school's letter settles it.",
            "decide-version": objection.version,
        },
    )
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.state is ApplicationState.APPROVED
    assert latest_decision(application).outcome == "approved"
    page = client.get(f"/registrar/objections/{objection.id}").get_data(as_text=True)
    assert 'value="decide"' not in page


def test_posting_one_fieldset_keeps_what_was_typed_in_the_others(
    client, login, db, make_user, second
):
    objection, *_ = _objection_today(db, make_user, wants_hearing=True)
    login(second)
    typed = {
        "hearing-details": "10:00 in Utrecht",
        "decide-grounds": "Half-written grounds",
        "decide-version": objection.version,
        "extend-reason": "We wait for the school's records.",
        "extend-version": objection.version,
    }
    response = client.post(
        f"/registrar/objections/{objection.id}", data={"action": "extend", **typed}
    )
    assert response.status_code == 200  # shown again, not redirected: something is typed
    html = response.get_data(as_text=True)
    assert "10:00 in Utrecht" in html and "Half-written grounds" in html
    assert 'name="extend-reason"' not in html  # extended once: the fieldset is gone
    assert db.session.get(Objection, objection.id).extended
    refused = client.post(
        f"/registrar/objections/{objection.id}",
        data={
            "action": "decide",
            "decide-outcome": "",
            **typed,
            "decide-version": objection.version + 1,
        },
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "10:00 in Utrecht" in html and "Half-written grounds" in html


def test_nothing_typed_elsewhere_redirects(client, login, db, make_user, second):
    objection, *_ = _objection_today(db, make_user)
    login(second)
    response = client.post(
        f"/registrar/objections/{objection.id}",
        data={"action": "extend", "extend-reason": "Records.", "extend-version": objection.version},
    )
    assert response.status_code == 302


def test_a_stale_version_and_an_unknown_button(client, login, db, make_user, second):
    objection, *_ = _objection_today(db, make_user)
    login(second)
    stale = client.post(
        f"/registrar/objections/{objection.id}",
        data={"action": "extend", "extend-reason": "x", "extend-version": objection.version + 5},
    )
    assert stale.status_code == 409
    assert (
        client.post(f"/registrar/objections/{objection.id}", data={"action": "delete"}).status_code
        == 400
    )
    assert client.get("/registrar/objections/999999").status_code == 404


def test_a_provider_objects_to_an_accreditation_refusal(client, login, db, make_user):
    from register.accreditation import decision_services
    from register.domain.accreditation import Outcome
    from tests.accreditation_support import TODAY, agreed, score_all, under_review

    request, provider_user, registrar, *_ = under_review(make_user)
    for member in request.panel:
        score_all(member)
    agreed(request, registrar)
    decision_services.decide(request, registrar, Outcome.REFUSED, TODAY, "Doubts.", "Not yet.")
    db.session.commit()
    decision = latest_decision(request)
    login(provider_user)
    assert f"/my-decisions/{decision.id}" in client.get("/my-decisions").get_data(as_text=True)
    assert _object(client, decision.id).status_code == 302
    assert services.objection_for(decision).objector_id == provider_user.id


def test_the_history_shows_refusal_objection_and_replacing_approval(
    client, login, db, make_user, second
):
    objection, application, applicant, _registrar = _objection_today(db, make_user)
    services.decide_objection(
        objection,
        second,
        action=ObjectionAction.UPHOLD,
        grounds="Settled.",
        today=dt.date.today(),
        expected_version=objection.version,
    )
    db.session.commit()
    refusal = objection.decision
    approval = latest_decision(application)
    login(applicant)
    status = client.get(f"/apply/{application.id}").get_data(as_text=True)
    for decision in (refusal, objection.objection_decision, approval):
        assert f"/decisions/{decision.id}/letter.pdf" in status
    assert status.index(f"/decisions/{refusal.id}/") < status.index(f"/decisions/{approval.id}/")
    registration = db.session.scalars(
        select(Registration).where(Registration.application_id == application.id)
    ).one()
    assert registration.number in client.get("/my-registration").get_data(as_text=True)
    client.post("/logout")
    login(second)
    review = client.get(f"/review/applications/{application.id}").get_data(as_text=True)
    assert f"/registrar/objections/{objection.id}" in review

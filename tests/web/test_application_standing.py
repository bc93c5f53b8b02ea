"""An applicant knows where they stand: the status page shows the timeline, what happens
next and the register's typical waiting time; a request for information has a deadline
(policy), shown to the applicant and the registrar, and its e-mail links to the answer
page."""

from __future__ import annotations

import datetime as dt

import pytest

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.models.accounts import Role
from register.models.base import utcnow
from register.objections.notices import local_date


@pytest.fixture
def application(db, make_user):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid",
        "Hogeschool Test",
        5,
        dt.date(2015, 1, 1),
        dt.date(2030, 12, 31),
    )
    applicant = make_user(given_names="Ayşe", surname="Çelik", locale="en")
    application = submitted_diploma_application(applicant, programme)
    db.session.commit()
    return application


def test_the_status_page_says_what_happens_next_and_that_there_is_no_typical_time_yet(
    client, login, application
):
    login(application.applicant)
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(f"/apply/{application.id}").get_data(as_text=True)
    assert "What happens next" in page and "The register checks your application." in page
    assert "Sent to the register: " in page
    assert 'A registrar is assessing it: <span class="muted">not yet' in page
    assert "has not decided enough applications yet" in page


def test_a_request_for_information_has_a_deadline_and_links_to_the_answer_page(
    client, db, make_user, login, application, outbox, policies
):
    registrar = make_user(role=Role.REGISTRAR, locale="en")
    login(registrar)
    client.post(
        f"/review/applications/{application.id}/request-info",
        data={"version": application.version, "message": "Stuur uw diploma opnieuw."},
    )
    days = policies.registration.information_request.answer_within_days
    due = local_date(utcnow()) + dt.timedelta(days=days)
    assert application.messages[-1].answer_by == due
    mail = outbox[-1]["body"]
    assert f"/apply/{application.id}#answer-heading" in mail
    assert str(due.year) in mail and due.isoformat() not in mail
    staff_page = client.get(f"/review/applications/{application.id}").get_data(as_text=True)
    assert "answer asked by" in staff_page

    client.post("/logout")
    login(application.applicant)
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(f"/apply/{application.id}").get_data(as_text=True)
    assert "Please answer before the end of" in page
    assert "The register asked for more information" in page
    assert 'id="answer-heading"' in page

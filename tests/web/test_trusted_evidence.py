"""Evidence that can be trusted, through the pages: a referee must be independent (checked
when the applicant names them, when a registrar replaces one, and again when the referee
answers), what the referee confirms is what the rules count, the registrar sees claimed and
confirmed side by side, and assessors see each referee's relation and organisation without
contact details."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from register.applications.services import submit_application
from register.assessment.services import assign_assessor
from register.extensions import db
from register.models.accounts import Role
from register.models.applications import ReferenceState
from register.review.services import decision_evaluation
from tests.web.test_apply_helpers import TODAY, transitional_application, use_english


@pytest.fixture(autouse=True)
def _english(client):
    use_english(client)


def _reference_form(application_id, email, name="Piet Smit"):
    return {
        "name": name,
        "email": email,
        "organisation": "GGZ Oost",
        "relation": "supervisor",
    }


@pytest.mark.parametrize(
    "email",
    ["jan.jansen@gmail.com", "  JAN.JANSEN@GMAIL.COM ", "janjansen+ref@googlemail.com"],
)
def test_an_applicant_cannot_name_their_own_address(client, login, make_user, email):
    applicant = make_user(email="jan.jansen@gmail.com")
    application = transitional_application(applicant, referees=0)
    login(applicant)
    response = client.post(
        f"/apply/{application.id}/references/new", data=_reference_form(application.id, email)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This is your own e-mail address." in page
    assert 'href="#email"' in page  # the error summary links to the field
    assert 'value="Piet Smit"' in page and email.strip() in page  # nothing typed is lost
    db.session.refresh(application)
    assert application.references == []


def test_the_same_referee_twice_is_refused_and_changing_one_is_fine(client, login, make_user):
    applicant = make_user()
    application = transitional_application(applicant, referees=1)
    login(applicant)
    taken = application.references[0]
    response = client.post(
        f"/apply/{application.id}/references/new",
        data=_reference_form(application.id, taken.email.upper(), name="Ander"),
    )
    assert response.status_code == 422
    assert "already named a referee with this e-mail address" in response.get_data(as_text=True)
    # the referee itself, changed, is not compared with itself
    response = client.post(
        f"/apply/{application.id}/references/{taken.id}",
        data=_reference_form(application.id, taken.email, name="Referent 0 (gewijzigd)"),
    )
    assert response.status_code == 302
    db.session.refresh(taken)
    assert taken.name == "Referent 0 (gewijzigd)"


@pytest.fixture
def submitted(app, make_user):
    applicant = make_user(given_names="Sanne", surname="Jansen", email="sanne@example.nl")
    application = transitional_application(applicant)
    with app.test_request_context():
        submit_application(application, applicant, accept_code=True)
    db.session.commit()
    return application


def _link(outbox, email):
    body = [m for m in outbox if m["to"] == email][-1]["body"]
    return "/" + re.search(r"http://[^/\s]+/(reference/[^\s]+)", body).group(1)


def test_a_registrar_cannot_replace_a_referee_with_an_assessor(client, login, make_user, submitted):
    assessor = make_user(role=Role.ASSESSOR, email="beoordelaar@example.nl")
    registrar = make_user(role=Role.REGISTRAR)
    assign_assessor(submitted, assessor, registrar)
    db.session.commit()
    login(registrar)
    reference = submitted.references[1]
    response = client.post(
        f"/review/references/{reference.id}/replace",
        data={
            "name": "Bea Oordelaar",
            "email": "Beoordelaar+ref@example.nl",
            "organisation": "GGZ Oost",
            "relation": "employer",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "belongs to an assessor, a registrar or the training provider" in page
    assert 'value="Bea Oordelaar"' in page
    db.session.refresh(reference)
    assert reference.state is ReferenceState.PENDING


def test_a_referee_who_became_a_party_cannot_answer(client, make_user, submitted, outbox):
    """An assessor assigned after the request went out turns out to be the referee: the
    answer is refused at the link, nothing is saved, and the rules do not count them."""
    reference = submitted.references[0]
    link = _link(outbox, reference.email)
    assessor = make_user(role=Role.ASSESSOR, email=reference.email.upper())
    assign_assessor(submitted, assessor, make_user(role=Role.REGISTRAR))
    db.session.commit()
    response = client.post(
        link,
        data={
            "answer": "confirm",
            "role": "Ervaringswerker",
            "start": "2021-01-01",
            "hours_per_week": "24",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "a referee must be independent of the applicant" in page
    assert 'value="Ervaringswerker"' in page
    db.session.refresh(reference)
    assert reference.state is ReferenceState.PENDING and reference.responded_at is None


def _confirm(client, outbox, reference, **data):
    answer = {
        "answer": "confirm",
        "role": "Ervaringswerker",
        "start": "",
        "end": "",
        "hours_per_week": "",
    }
    answer.update(data)
    response = client.post(_link(outbox, reference.email), data=answer)
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]


def test_the_rules_count_what_the_referees_confirmed(
    app, db, client, login, make_user, outbox, submitted
):
    """Both referees confirm the work at GGZ Oost, but with far fewer hours and a later
    start than claimed: the decision's trace counts the confirmed figures and keeps the
    claimed ones beside them."""
    start = (TODAY - dt.timedelta(days=400)).isoformat()
    for reference in submitted.references:
        _confirm(client, outbox, reference, start=start, hours_per_week="2")
    with app.test_request_context():
        trace = decision_evaluation(submitted, TODAY)
    hours = trace.result("transitional.hours")
    assert hours.outcome.value == "failed"
    assert hours.facts["hours"].value < hours.facts["claimed_hours"].value
    years = trace.result("transitional.years")
    assert years.facts["years"].value < years.facts["claimed_years"].value
    assert trace.result("transitional.references_confirmed").outcome.value == "passed"
    login(make_user(role=Role.REGISTRAR))
    page = client.get(f"/review/applications/{submitted.id}").get_data(as_text=True)
    claimed = hours.facts["claimed_hours"].value
    assert f"The applicant stated {claimed:,.1f}".replace(".0", "") in page


def test_the_registrar_sees_claimed_and_confirmed_side_by_side(
    client, login, make_user, outbox, submitted
):
    first, second = submitted.references
    _confirm(client, outbox, first, role="Ervaringswerker", start="2020-01-01", hours_per_week="24")
    _confirm(
        client, outbox, second, role="Vrijwilliger", start=TODAY.isoformat(), hours_per_week="8"
    )
    login(make_user(role=Role.REGISTRAR))
    page = client.get(f"/review/applications/{submitted.id}").get_data(as_text=True)
    assert "Referees: what the applicant claimed and what the referee confirmed" in page
    table = page[page.index("Claimed by the applicant") :]
    assert "24 hours per week" in table and "8 hours per week" in table
    assert table.count(">corrected<") == 3  # the second referee: role, period, hours
    # of two referees at one organisation the one who supports most of the claim counts
    assert "Counted as the referees confirmed the work" not in page


def test_assessors_see_each_referees_relation_and_organisation_but_no_contact_details(
    client, login, make_user, outbox, submitted
):
    first, second = submitted.references
    _confirm(client, outbox, first, start="2020-01-01", hours_per_week="16")
    assessor = make_user(role=Role.ASSESSOR)
    assessment = assign_assessor(submitted, assessor, make_user(role=Role.REGISTRAR))
    db.session.commit()
    login(assessor)
    client.post(f"/assessment/{assessment.id}/declaration", data={"conflict": "no"})
    page = client.get(f"/assessment/{assessment.id}").get_data(as_text=True)
    section = page[page.index("What the referees confirmed") :]
    assert "Supervisor, GGZ Oost" in section and "Colleague, GGZ Oost" in section
    assert "Waiting for an answer" in section  # the second has not answered yet
    assert "Corrected what the applicant stated" in section  # 16 hours instead of 24
    for detail in (first.email, second.email, first.name, second.name):
        assert detail not in page

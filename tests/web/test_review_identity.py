"""The registrar's application page: the identity check is recorded from the page's one
form (how, which document, when, that the details matched), never with a document's number
or a citizen service number; an approval waits for it; the applicant's timeline shows it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.lifecycle import ApplicationState
from register.models.accounts import Role
from register.models.identity_checks import IdentityCheck
from register.models.registrations import Registration

TODAY = dt.date.today()
IDENTITY = {
    "identity_method": "video_call",
    "identity_document": "passport",
    "identity_checked_on": TODAY.isoformat(),
    "identity_details_match": "y",
    "identity_note": "",
}


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, given_names="Rianne", surname="Registrar", locale="en")


@pytest.fixture
def application(db, make_user):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2030, 1, 1)
    )
    applicant = make_user(given_names="Ayşe", surname="Çelik", locale="en")
    made = submitted_diploma_application(applicant, programme, write_file=False)
    db.session.commit()
    return made


@pytest.fixture
def page(client, login, registrar, application):
    login(registrar)
    client.post("/language", data={"lang": "en", "next": "/"})
    base = f"/review/applications/{application.id}"

    def post(action, **data):
        return client.post(f"{base}/{action}", data={"version": application.version, **data})

    post.url = base
    return post


def _checks(db):
    return db.session.scalar(select(func.count(IdentityCheck.id)))


def test_the_identity_block_asks_how_what_and_when_and_nothing_else(client, page):
    html = client.get(page.url).get_data(as_text=True)
    assert "Identity of the applicant" in html
    assert "Seen in a video call, with the identity document" in html
    assert "Dutch identity card" in html and "Residence document" in html
    names = set(re.findall(r'name="([^"]+)"', html))
    identity_fields = {n for n in names if n.startswith("identity")}
    assert identity_fields == set(IDENTITY)
    for word in ("bsn", "number", "copy", "scan", "citizen", "file"):
        assert not any(word in n.lower() for n in identity_fields), word


def test_recording_the_check_then_approving(db, client, page, application, registrar):
    refused = page("approve")
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "identity before you approve: see the applicant" in body
    assert 'href="#identity_method"' in body  # the error summary points at the identity block
    assert db.session.scalar(select(func.count(Registration.id))) == 0

    recorded = page("identity", **IDENTITY)
    assert recorded.status_code == 302
    check = db.session.scalars(select(IdentityCheck)).one()
    assert (check.method, check.document_kind, check.checked_by_id) == (
        "video_call",
        "passport",
        registrar.id,
    )
    html = client.get(page.url).get_data(as_text=True)
    assert "Identity confirmed" in html and "Rianne Registrar" in html
    assert "Record the identity check" not in html
    assert "The applicant&#39;s identity was confirmed" in html  # in today's evaluation

    approved = client.post(
        f"{page.url}/approve", data={"version": application.version}, follow_redirects=True
    )
    assert approved.status_code == 200
    db.session.expire_all()
    assert application.state is ApplicationState.APPROVED
    text = approved.get_data(as_text=True)
    assert "Seen in a video call, with the identity document. Document seen: Passport" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"identity_details_match": ""}, "ask the applicant first"),
        ({"identity_method": ""}, "Choose how you saw the applicant."),
        ({"identity_document": ""}, "Choose the kind of identity document you saw."),
        ({"identity_checked_on": ""}, "Enter the date you saw the applicant."),
        ({"identity_checked_on": "20 november"}, "Enter the date as day, month and year."),
        (
            {"identity_checked_on": (TODAY + dt.timedelta(days=2)).isoformat()},
            "cannot be in the future",
        ),
        ({"identity_note": "BSN 111222333 gezien"}, "looks like a citizen service number"),
        ({"identity_note": "paspoort NWF3K1B72"}, "looks like the number of an identity"),
    ],
)
def test_a_check_that_cannot_be_recorded_says_why_and_keeps_what_was_typed(
    db, page, changes, message
):
    typed = {**IDENTITY, **changes, "refuse_reason": "Nog niet zeker"}
    response = page("identity", **typed)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert "Nog niet zeker" in body
    assert _checks(db) == 0


def test_a_citizen_service_number_in_any_text_of_the_page_is_refused(db, page, application):
    for action, field in (("request-info", "message"), ("refuse", "refuse_reason")):
        response = page(action, **{field: "Haar BSN is 1234.56.782."})
        assert response.status_code == 422
        assert "looks like a citizen service number (BSN)" in response.get_data(as_text=True)
    db.session.expire_all()
    assert application.state is ApplicationState.SUBMITTED
    assert application.messages == []


def test_the_refusal_is_in_dutch_for_a_dutch_registrar(db, client, page):
    client.post("/language", data={"lang": "nl", "next": "/"})
    response = page("approve")
    assert response.status_code == 422
    assert "Controleer de identiteit van de aanvrager voordat u goedkeurt" in response.get_data(
        as_text=True
    )


def test_an_application_for_another_tier_asks_for_no_check(db, client, login, make_user):
    from tests.change_support import register_person, tier_change_application

    registrar = make_user(role=Role.REGISTRAR, locale="en")
    application = tier_change_application(register_person(make_user, registrar, tier=1), tier=2)
    login(registrar)
    client.post("/language", data={"lang": "en", "next": "/"})
    html = client.get(f"/review/applications/{application.id}").get_data(as_text=True)
    assert "needs no new identity check" in html
    assert 'name="identity_method"' not in html


def test_the_applicant_is_told_to_expect_the_check_and_sees_it_done(
    db, client, login, page, application
):
    page("identity", **IDENTITY)
    client.post("/logout")
    login(application.applicant)
    client.post("/language", data={"lang": "en", "next": "/"})
    html = client.get(f"/apply/{application.id}").get_data(as_text=True)
    assert "The register confirmed your identity: " in html
    assert 'confirmed your identity: <span class="muted">not yet' not in html
    assert "the register contacts you to check your identity" not in html  # done: no forecast


def test_before_the_check_the_applicant_knows_what_to_expect(db, client, login, application):
    login(application.applicant)
    client.post("/language", data={"lang": "en", "next": "/"})
    html = client.get(f"/apply/{application.id}").get_data(as_text=True)
    assert 'The register confirmed your identity: <span class="muted">not yet' in html
    assert "the register contacts you to check your identity, in a video call or in person" in html


def test_a_refused_application_can_have_its_identity_recorded_for_an_objection(
    client, db, page, application, registrar
):
    """An upheld objection registers the applicant at once, so the decided page of a refused
    first application still offers the identity check (and only that)."""
    from register.review import services as review

    review.refuse_application(
        application, registrar, reason="Not verified.", today=TODAY, expected_version=None
    )
    db.session.commit()
    html = client.get(page.url).get_data(as_text=True)
    assert "If an objection against this refusal is upheld" in html
    assert "Record the identity check" in html and f"{page.url}/approve" not in html
    db.session.refresh(application)
    assert page("identity", **IDENTITY).status_code == 302
    assert _checks(db) == 1
    html = client.get(page.url).get_data(as_text=True)
    assert "If an objection against this refusal is upheld" not in html

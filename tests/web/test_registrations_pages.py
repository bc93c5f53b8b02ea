"""Registration pages: the registrant's own page and the registrar's management pages."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.lifecycle import RegistrationStatus
from register.models.accounts import Role
from register.models.registrations import Registration, RegistrationStatusChange
from register.review.services import approve_application
from tests.identity_support import confirmed_identity


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


@pytest.fixture
def register_person(db, make_user, registrar):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid",
        "Hogeschool Test",
        5,
        dt.date(2015, 1, 1),
        dt.date(2030, 12, 31),
    )

    def make(given="Jan", prefix="van der", surname="Berg", locale="en"):
        user = make_user(given_names=given, surname_prefix=prefix, surname=surname, locale=locale)
        application = submitted_diploma_application(
            user, programme, write_file=False, work_region="Gelderland"
        )
        confirmed_identity(application, registrar)
        registration = approve_application(
            application, registrar, reason=None, today=dt.date.today(), expected_version=None
        )
        db.session.commit()
        return registration

    return make


def _detail(registration, action=""):
    return f"/review/registrations/{registration.id}" + (f"/{action}" if action else "")


def test_registrant_sees_number_tier_status_and_history(
    db, client, login, make_user, register_person, registrar
):
    registration = register_person()
    from register.registrations.services import suspend_registration

    suspend_registration(
        registration,
        registrar,
        reason="Secret internal note.",
        category="investigation",
        ends_on=dt.date.today() + dt.timedelta(days=9),
        today=dt.date.today(),
        confirmed_by=make_user(role=Role.REGISTRAR),
    )
    db.session.commit()
    login(registration.user)
    page = client.get("/my-registration").get_data(as_text=True)
    assert registration.number in page
    assert "Tier 2: Executive and coordinating expert by experience" in page
    assert "Suspended" in page and "Investigation in progress" in page
    assert "Secret internal note." not in page  # internal reasons are not shown


def test_registrant_page_in_dutch(client, login, register_person):
    registration = register_person(locale="nl")
    login(registration.user)
    page = client.get("/my-registration").get_data(as_text=True)
    assert "Actief" in page and "Uitvoerend en coördinerend ervaringsdeskundige" in page


def test_registrant_toggles_the_public_work_region(db, client, login, register_person, make_user):
    registration = register_person()
    login(registration.user)
    url = f"/my-registration/{registration.id}/work-region"
    response = client.post(
        url, data={f"r{registration.id}-show_work_region": "y"}, follow_redirects=True
    )
    assert "Your work region is now shown in the public register." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert registration.show_work_region is True
    client.post(url, data={})
    db.session.expire_all()
    assert registration.show_work_region is False
    other = register_person(given="Sanne", prefix="de", surname="Vries")
    assert client.post(f"/my-registration/{other.id}/work-region", data={}).status_code == 404


def test_registrant_without_registration(client, login, make_user):
    login(make_user(locale="en"))
    assert "You are not in the register yet." in client.get("/my-registration").get_data(
        as_text=True
    )


def test_staff_cannot_use_the_registrant_page_and_applicants_not_the_staff_pages(
    client, login, make_user, register_person
):
    registration = register_person()
    login(registration.user)
    assert client.get("/review/registrations").status_code == 403
    assert client.get(_detail(registration)).status_code == 403
    assert (
        client.post(_detail(registration, "strike-off"), data={"strike-reason": "x"}).status_code
        == 403
    )


def test_search_by_number_name_and_status(db, client, login, registrar, register_person):
    jan = register_person()
    ayse = register_person(given="Ayşe", prefix="", surname="Çelik")
    login(registrar)
    typed = jan.number.lower().replace("-", " ")
    page = client.get("/review/registrations", query_string={"q": typed}).get_data(as_text=True)
    assert jan.number in page and ayse.number not in page
    page = client.get("/review/registrations", query_string={"q": "çelik"}).get_data(as_text=True)
    assert ayse.number in page and jan.number not in page
    page = client.get("/review/registrations", query_string={"q": "van der berg"}).get_data(
        as_text=True
    )
    assert jan.number in page
    page = client.get("/review/registrations?status=suspended").get_data(as_text=True)
    assert "No registrations match your search." in page
    assert client.get("/review/registrations?status=bogus").status_code == 200


def test_suspend_with_past_end_date_keeps_input(db, client, login, registrar, register_person):
    registration = register_person()
    login(registrar)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        _detail(registration, "suspend"),
        data={
            "suspend-version": registration.version,
            "suspend-category": "investigation",
            "suspend-reason": "Klacht van een cliënt",
            "suspend-ends_on": yesterday,
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The end date must be after today." in body
    assert "Klacht van een cliënt" in body
    response = client.post(
        _detail(registration, "suspend"),
        data={
            "suspend-version": registration.version,
            "suspend-category": "",
            "suspend-reason": "",
        },
    )
    body = response.get_data(as_text=True)
    assert "Choose a reason category." in body and "Give the reason for the suspension." in body
    db.session.expire_all()
    assert registration.status is RegistrationStatus.ACTIVE


def _propose_and_confirm(client, login, url, data, proposer, confirmer):
    """A grave action through the pages: the form, its confirmation page, the proposal, and
    the second registrar's confirmation. Returns the confirmation page's text."""
    login(proposer)
    page = client.post(url, data=data)
    assert page.status_code == 200, page.get_data(as_text=True)[:2000]
    proposed = client.post(url, data={**data, "step": "propose"})
    assert proposed.status_code == 302, proposed.get_data(as_text=True)[:2000]
    proposal_url = proposed.headers["Location"]
    client.post("/logout")
    login(confirmer)
    version = 1
    confirmed = client.post(proposal_url + "/confirm", data={"confirm-version": version})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:2000]
    client.post("/logout")
    return page.get_data(as_text=True)


def test_suspend_reinstate_strike_off(
    db, client, login, make_user, registrar, register_person, outbox
):
    registration = register_person()
    second = make_user(role=Role.REGISTRAR)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    page = _propose_and_confirm(
        client,
        login,
        _detail(registration, "suspend"),
        {
            "suspend-version": registration.version,
            "suspend-category": "disciplinary",
            "suspend-reason": "Ruling.",
            "suspend-ends_on": tomorrow,
        },
        registrar,
        second,
    )
    assert "What will happen when a second registrar confirms it" in page
    db.session.expire_all()
    assert registration.status is RegistrationStatus.SUSPENDED
    assert "suspended" in outbox[-1]["subject"]

    login(registrar)  # reinstating a suspended registration takes one registrar
    client.post(
        _detail(registration, "reinstate"),
        data={"reinstate-version": registration.version, "reinstate-note": ""},
    )
    db.session.expire_all()
    assert registration.status is RegistrationStatus.ACTIVE

    response = client.post(
        _detail(registration, "strike-off"),
        data={"strike-version": registration.version, "strike-reason": ""},
    )
    assert response.status_code == 422
    assert "Give the reason for striking off." in response.get_data(as_text=True)
    client.post("/logout")
    _propose_and_confirm(
        client,
        login,
        _detail(registration, "strike-off"),
        {"strike-version": registration.version, "strike-reason": "Board ruling."},
        registrar,
        second,
    )
    db.session.expire_all()
    assert registration.status is RegistrationStatus.STRUCK_OFF
    changes = db.session.scalar(
        select(func.count(RegistrationStatusChange.id)).where(
            RegistrationStatusChange.registration_id == registration.id
        )
    )
    assert changes == 4
    login(registrar)
    page = client.get(_detail(registration)).get_data(as_text=True)
    assert "Board ruling." in page and "Status history" in page
    assert "Decisions, as stored when they were made" in page


def test_stale_version_and_impossible_action(db, client, login, registrar, register_person):
    registration = register_person()
    seen = registration.version
    registration.status = RegistrationStatus.STRUCK_OFF  # changed meanwhile by someone else
    db.session.commit()
    login(registrar)
    response = client.post(
        _detail(registration, "suspend"),
        data={
            "suspend-version": seen,
            "suspend-category": "investigation",
            "suspend-reason": "Second",
        },
    )
    assert response.status_code == 409
    assert "Another registrar changed this registration" in response.get_data(as_text=True)
    db.session.expire_all()
    response = client.post(
        _detail(registration, "suspend"),
        data={
            "suspend-version": registration.version,
            "suspend-category": "investigation",
            "suspend-reason": "Third",
        },
    )
    assert response.status_code == 409
    assert "This action is not possible" in response.get_data(as_text=True)
    db.session.expire_all()
    assert registration.status is RegistrationStatus.STRUCK_OFF
    assert len(registration.history) == 1
    assert client.get("/review/registrations/999999").status_code == 404


def test_registration_numbers_are_unique(db, register_person):
    numbers = {register_person(surname=f"P{i}").number for i in range(3)}
    assert len(numbers) == 3
    assert db.session.scalar(select(func.count(Registration.id))) == 3

"""Issue 13 (organisation accounts) in a real browser, axe-core scanning every page: an
employer makes an API key (shown once), puts a registration on the watch list, sets its
alerts; a registrar opens the organisation's page; the registrant sees the employer on
their own page; a new organisation's sign-up with a wrong KvK number is refused."""

from __future__ import annotations

from sqlalchemy import select

from register.demo.organisations import EMPLOYER_EMAIL
from register.extensions import db
from register.models.accounts import User
from register.models.organisations import Organisation
from register.models.registrations import Registration

REGISTRAR = "registrar@demo.register.nl"


def _number_of(app, email: str) -> str:
    with app.app_context():
        number = db.session.scalar(
            select(Registration.number)
            .join(User, User.id == Registration.user_id)
            .where(User.email == email)
        )
        db.session.remove()
        return number


def _organisation_id(app) -> int:
    with app.app_context():
        found = db.session.scalar(
            select(Organisation.id).where(Organisation.name == "Zorggroep Demo")
        )
        db.session.remove()
        return found


def test_an_employer_makes_a_key_watches_a_registration_and_sets_alerts(
    open_page, live_server, demo_password
):
    app, _ = live_server
    employer = open_page()
    employer.log_in(EMPLOYER_EMAIL, demo_password)
    assert "Zorggroep Demo" in employer.main_text()
    employer.follow("API keys")
    employer.fill("Name of the key", "HR-systeem")
    employer.submit("Make key")
    key = employer.page.locator("code.secret").inner_text()
    assert key.startswith("rk_") and "Copy the key now" in employer.main_text()
    employer.goto("/organisation/keys")
    assert key not in employer.main_text() and "HR-systeem" in employer.main_text()

    number = _number_of(app, "registrant3@demo.register.nl")
    employer.goto("/organisation/watch-list")
    employer.fill("Registration number", number)
    employer.fill("Role (optional)", "Herstelcoach")
    employer.submit("Add to watch list")
    assert f"{number} is on your watch list." in employer.main_text()
    employer.fill("Registration number", "ED-1")
    employer.submit("Add to watch list")
    assert "There is a problem" in employer.main_text()

    employer.goto("/organisation/alerts")
    employer.choose("One e-mail a day with the changes")
    employer.fill("Webhook address (optional)", "not a web address")
    employer.submit("Save alert settings")
    assert "There is a problem" in employer.main_text()
    employer.fill("Webhook address (optional)", "")
    employer.submit("Save alert settings")
    assert "Your alert settings are saved." in employer.main_text()

    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto("/review/organisations")
    registrar.goto(f"/review/organisations/{_organisation_id(app)}")
    assert "Block this organisation" in registrar.main_text()

    registrant = open_page()
    registrant.log_in("registrant3@demo.register.nl", demo_password)
    registrant.goto("/my-registration")
    text = registrant.main_text()
    assert "Zorggroep Demo" in text and "Herstelcoach" in text
    assert "Who checked your registration" in text


def test_a_sign_up_with_a_wrong_kvk_number_is_refused(browser_page):
    page = browser_page
    page.use_english("/organisations/signup")
    page.fill("Name of the organisation", "Zorggroep Test")
    page.fill("KvK number", "1234")
    page.fill("Given names", "Tess")
    page.fill("Surname", "Tester")
    page.fill("E-mail address", "tess@zorggroep-test.nl")
    page.fill("Password", "een lange zin als wachtwoord")
    page.fill("Repeat password", "een lange zin als wachtwoord")
    page.submit("Create organisation account")
    text = page.main_text()
    assert "There is a problem" in text and "A KvK number has 8 digits." in text
    assert page.page.get_by_label("Name of the organisation", exact=True).input_value() == (
        "Zorggroep Test"
    )

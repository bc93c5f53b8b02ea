"""Issue 8 in a real browser: a registrar proposes a strike-off through its confirmation page,
a second registrar confirms it on the proposal page; an applicant who names their own address
as referee is told so, and keeps what they typed. axe-core scans every page."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from register.demo.applications import demo_pdf
from register.extensions import db
from register.models.accounts import User
from register.models.registrations import Registration
from tests.browser.test_application_journey import add_work, sign_up, start_application

REGISTRAR = "registrar@demo.register.nl"
SECOND_REGISTRAR = "registrar2@demo.register.nl"


def _registration_of(app, email: str) -> tuple[int, str]:
    with app.app_context():
        row = db.session.execute(
            select(Registration.id, Registration.number)
            .join(User, User.id == Registration.user_id)
            .where(User.email == email)
        ).one()
        db.session.remove()
        return row.id, row.number


def test_a_strike_off_is_proposed_then_confirmed_by_a_second_registrar(
    open_page, live_server, demo_password
):
    app, _ = live_server
    registration_id, number = _registration_of(app, "registrant2@demo.register.nl")
    first = open_page()
    first.log_in(REGISTRAR, demo_password)
    first.goto(f"/review/registrations/{registration_id}")
    first.fill("Reason for striking off (internal)", "Ruling of the disciplinary board.")
    first.submit("Strike off registration…")
    text = first.main_text()
    assert "Check before you propose: Strike off a registration" in text
    assert f"The public page of {number} will show “Struck off” from today." in text
    first.submit("Propose this to a second registrar")
    assert "Your proposal has been recorded." in first.main_text()
    assert "You proposed this yourself" in first.main_text()
    proposal_url = first.page.url

    second = open_page()
    second.log_in(SECOND_REGISTRAR, demo_password)
    second.goto("/registrar/proposals")
    assert "Ruling of the disciplinary board." in second.main_text()
    second.goto(proposal_url)
    assert "What will happen when you confirm" in second.main_text()
    second.submit("Confirm: Strike off a registration")
    assert "Confirmed. The action has taken effect." in second.main_text()
    assert "Struck off" in second.main_text()
    public = open_page()
    public.use_english(f"/registrations/{number}")
    assert "Struck off" in public.main_text()


def test_a_referee_at_the_applicants_own_address_is_refused(open_page, mail_link):
    email = f"own-referee-{uuid.uuid4().hex[:6]}@example.nl"
    person = open_page()
    sign_up(person, mail_link, "Fatima", "Bakker", email)  # and logged in
    start_application(person, 1, "Transitional")
    since = dt.date.today() - dt.timedelta(days=3 * 365)
    add_work(person, "GGZ Oost (test)", "Ervaringswerker", since, "24")
    person.submit("Save and continue")
    person.fill("Number of sessions", "9")
    person.fill("Describe the intervision or supervision", "Monthly intervision.")
    person.attach(
        "Proof of intervision or supervision (PDF, PNG or JPEG)",
        "intervision.pdf",
        demo_pdf("Intervision list"),
    )
    person.submit("Save and continue")
    person.follow("Add a referee")
    person.fill("Name of the referee", "Myself")
    person.fill("E-mail address of the referee", f"  {email.upper()} ")
    person.select("Organisation", "GGZ Oost (test)")
    person.choose("Supervisor")
    person.submit("Save")
    assert "This is your own e-mail address." in person.main_text()
    assert person.page.get_by_label("Name of the referee", exact=True).input_value() == "Myself"

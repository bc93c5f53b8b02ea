"""Complaints in a real browser, on the demo data: a member of the public files a complaint
from the home page; a registrar does the intake, starts the investigation and proposes an
interim suspension, which a second registrar confirms; the public page then shows it. The
demo registrant with an open request answers it in the portal; the public page of the
demo's struck-off registrant shows the re-entry date; the contact page gives the routes.
axe-core scans every page."""

from __future__ import annotations

import re

REGISTRAR = "registrar@demo.register.nl"
SECOND = "registrar2@demo.register.nl"
REGISTRANT_ASKED = "registrant21@demo.register.nl"  # Bram van Dijk: interim suspension


def _public_page(person, surname: str) -> None:
    person.use_english(f"/search?q={surname}")
    if "/registrations/" not in person.page.url:
        person.page.locator("main table a").first.click()
        person.page.wait_for_load_state()
        person.scan()


def test_a_complaint_is_filed_worked_to_an_interim_suspension_and_shown(open_page, demo_password):
    visitor = open_page()
    visitor.use_english("/")
    visitor.follow("File a complaint")
    visitor.submit("Send the complaint")  # nothing filled in: refused, explained
    assert "There is a problem" in visitor.main_text()
    visitor.fill("Your name", "Petra Publiek")
    visitor.fill("Your e-mail address", "petra@example.nl")
    visitor.select("How do you know the registrant?", "I am or was their client")
    visitor.fill(
        "Who is your complaint about? Their registration number or name", "Jan van der Berg"
    )
    visitor.fill("What happened?", "He shared my story with the group without asking me.")
    visitor.submit("Send the complaint")
    text = visitor.main_text()
    assert "Your complaint has been received" in text
    number = re.search(r"K-\d{4}-\d{6}", text).group(0)
    visitor.follow("Contact")
    assert "An objection to a decision about you" in visitor.main_text()

    first = open_page()
    first.log_in(REGISTRAR, demo_password)
    first.goto("/registrar/cases")
    first.follow(number)
    assert "He shared my story" in first.main_text()
    _public_page(visitor, "Berg")
    registration_number = visitor.definition("Registration number")
    first.fill("Registration number", registration_number)
    first.submit("Set the registration")
    assert "The registration has been set." in first.main_text()
    first.select("Is the complaint admissible?", "Yes, admissible")
    first.submit("Record the intake")
    first.submit("Start the investigation")
    first.fill("Note (internal)", "Called the complainant.")
    first.submit("Add the note")
    first.fill("Reason for the interim suspension (internal)", "Risk while we investigate.")
    first.submit("Propose an interim suspension")
    assert "Check before you propose: Suspend a registration" in first.main_text()
    first.submit("Propose this to a second registrar")
    assert "Your proposal has been recorded." in first.main_text()
    proposal_url = first.page.url

    second = open_page()
    second.log_in(SECOND, demo_password)
    second.goto(proposal_url)
    second.submit("Confirm: Suspend a registration")
    assert "Confirmed. The action has taken effect." in second.main_text()

    public = open_page()  # the visitor's browser may keep the page it saw for a minute
    public.use_english(f"/registrations/{registration_number}")
    text = public.main_text()
    assert "Registered now? No" in text
    assert "Investigation in progress" in text
    assert "Risk while we investigate." not in text and "Called the complainant." not in text


def test_the_registrant_answers_the_register_in_the_portal(browser_page, demo_password):
    browser_page.log_in(REGISTRANT_ASKED, demo_password)
    browser_page.goto("/my-registration")
    browser_page.follow("Questions from the register")
    browser_page.follow("Wilt u vertellen wat er in de groepsbijeenkomst gebeurde?")
    browser_page.submit("Send my answer")  # empty: refused, explained
    assert "There is a problem" in browser_page.main_text()
    browser_page.fill("Your answer", "I asked the group beforehand; the notes show it.")
    browser_page.submit("Send my answer")
    assert "Your answer has been sent to the register." in browser_page.main_text()
    assert "Answered" in browser_page.main_text()


def test_the_public_sees_conditions_and_a_strike_off_with_its_re_entry_date(browser_page):
    _public_page(browser_page, "Koen Mulder")
    text = browser_page.main_text()
    assert "Registered now? No" in text
    assert "Registering again not before" in text and "Valid until" not in text
    _public_page(browser_page, "Iris Smit")
    text = browser_page.main_text()
    assert "Registered now? Yes" in text
    assert "Werkt alleen onder supervisie van een collega van niveau 3." in text
    assert "Demo: de geregistreerde deelde" not in text


def test_the_registrars_case_queue_shows_the_demo_cases(browser_page, demo_password):
    browser_page.log_in(REGISTRAR, demo_password)
    browser_page.goto("/")
    browser_page.follow("Complaint cases")
    assert "Under investigation" in browser_page.main_text()
    browser_page.page.get_by_label("Show", exact=True).select_option(label="All cases")
    browser_page.submit("Show")
    assert "Decided" in browser_page.main_text()

"""Issue 9 in a real browser: a registrant whose renewal window is open logs development and
practice, the employer confirms the hours through the link in the e-mail, the registrant
renews, the registrar decides, and the public page shows the same number with the new end
date; the registrar's list of registrations about to lapse. axe-core scans every page."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from register.renewal import services

REGISTRANT = "registrant7@demo.register.nl"  # the demo: window open, a partial log
EMPLOYER = "werkgever@browser-test.nl"


class _NotDrawn(random.Random):
    def random(self) -> float:
        return 0.99


@pytest.fixture
def not_drawn(monkeypatch):
    """The live portal runs in this process: its draw comes out "not drawn"."""
    monkeypatch.setattr(services, "SYSTEM_RANDOM", _NotDrawn(0))


def test_log_confirm_renew_decide_and_the_public_page(
    open_page, demo_password, mail_link, not_drawn
):
    today = dt.date.today()
    registrant = open_page()
    registrant.log_in(REGISTRANT, demo_password)
    registrant.goto("/my-registration")
    page = registrant.click("main a:has-text('My log')")
    assert page.get_by_role("heading", level=1).inner_text() == "My log"
    log_path = page.url

    # development: the missing reflection points and intervision hours
    registrant.follow("Add a development activity")
    registrant.choose("Reflection")
    registrant.fill("Date", (today - dt.timedelta(days=7)).isoformat())
    registrant.fill("Hours or points", "3")
    registrant.fill("What was it about?", "Written reflections on my work")
    page = registrant.submit("Add to my log")
    assert "The activity has been added to your log." in registrant.main_text()
    registrant.follow("Add a development activity")
    registrant.choose("Intervision")
    registrant.fill("Date", (today - dt.timedelta(days=14)).isoformat())
    registrant.fill("Hours or points", "10")
    registrant.fill("What was it about?", "Intervision group")
    registrant.submit("Add to my log")

    # practice, to be confirmed by the employer
    registrant.follow("Add practice")
    registrant.fill("Employer or organisation", "Herstelhuis Browser")
    registrant.fill("From", (today - dt.timedelta(days=365)).isoformat())
    registrant.fill("Hours per week", "8")
    registrant.fill("Name of the person who confirms", "Wim Werkgever")
    registrant.fill("E-mail address of the person who confirms", EMPLOYER)
    registrant.submit("Add to my log")
    assert "We have asked Wim Werkgever to confirm it by e-mail." in registrant.main_text()

    # the employer, not logged in, confirms by the link (correcting the hours)
    employer = open_page()
    link = mail_link(EMPLOYER, "/confirmation/")
    employer.use_english(link)
    assert "Herstelhuis Browser" in employer.main_text()
    employer.choose("Yes, I confirm it (correct what is not right below)")
    employer.fill("Hours per week", "6")
    employer.submit("Send my answer")
    assert employer.page.get_by_role("heading", level=1).is_visible()

    # the registrant renews from the log
    registrant.goto(log_path)
    assert "Herstelhuis Browser" in registrant.main_text()
    registrant.follow("Go to renewing")
    page = registrant.submit("Send my renewal request")  # without the declaration
    assert "Tick the declaration" in registrant.main_text()
    registrant.choose(
        "I declare that my log is true and complete, and that I can show the proof behind it."
    )
    registrant.submit("Send my renewal request")
    assert "A registrar will decide on it." in registrant.main_text()
    number = re.search(r"ED-\d{8}", registrant.main_text()).group(0)

    # the registrar decides
    registrar = open_page()
    registrar.log_in("registrar@demo.register.nl", demo_password)
    registrar.goto("/review/renewals")
    registrar.follow(number)
    assert "Check against the rules" in registrar.main_text()
    registrar.choose("Approve: renew the registration")
    registrar.submit("Record the decision")
    text = registrar.main_text()
    assert f"registration {number} is valid until" in text
    new_end = re.search(r"is valid until (.+?)\.$", text, re.M).group(1)

    # the list of registrations about to lapse with no renewal started
    registrar.goto("/review/renewals/lapsing?weeks=26")
    assert number not in registrar.main_text()

    # the public page: the same number, the new end date
    public = open_page()
    public.use_english(f"/registrations/{number}")
    assert public.definition("Registration number") == number
    assert public.definition("Valid until") == new_end
    assert public.definition("Registered now") == "Yes"

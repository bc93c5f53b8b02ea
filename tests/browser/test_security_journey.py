"""Browser journeys for the second factor, the sessions list and the audit viewer, with an
axe-core scan of every page: a registrar logs in with password and authenticator code, sees
where they are logged in and ends another session; an applicant sets up an app from the
account page (QR code, the key to type, the recovery codes); the registrar filters the audit
log and pages through it."""

from __future__ import annotations

import re

from register.domain.second_factor import code_at, time_step
from register.models.base import utcnow

REGISTRAR = "registrar@demo.register.nl"
APPLICANT = "applicant1@demo.register.nl"


def test_a_registrar_logs_in_with_a_code_and_ends_another_session(open_page, demo_password):
    laptop = open_page()
    laptop.use_english("/login")
    laptop.page.locator("main input[name=email]").fill(REGISTRAR)
    laptop.page.locator("main input[name=password]").fill(demo_password)
    laptop.submit("Log in")
    assert "/login/code" in laptop.page.url
    assert "Code from your app" in laptop.main_text()
    laptop.goto("/review/registrations")  # every page waits for the code
    assert "/login/code" in laptop.page.url
    laptop.fill("Code", "000000")
    laptop.submit("Continue")
    assert "not correct" in laptop.main_text()
    laptop.fill("Code", laptop.second_factor_code(REGISTRAR))
    laptop.submit("Continue")
    assert "/review/registrations" in laptop.page.url

    phone = open_page()
    phone.log_in(REGISTRAR, demo_password)
    laptop.follow("My account")
    sessions = laptop.page.locator("#sessions ~ .table-wrap table tbody tr")
    assert sessions.count() == 2
    assert "this device" in laptop.main_text()
    laptop.submit("End all other sessions")
    assert "Your other sessions have been ended" in laptop.main_text()
    assert laptop.page.locator("#sessions ~ .table-wrap table tbody tr").count() == 1
    phone.goto("/review/registrations")
    assert "/login" in phone.page.url


def test_an_applicant_sets_up_an_authenticator_app(browser_page, demo_password):
    page = browser_page
    page.log_in(APPLICANT, demo_password)
    page.goto("/account")
    page.follow("Set up a second factor")
    assert page.page.locator("img.qr-code").get_attribute("src").startswith("data:image/svg")
    secret = page.page.locator("#secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.fill("Code", "123")
    page.submit("Confirm and show recovery codes")
    assert "There is a problem" in page.main_text()
    page.fill("Code", code_at(secret, time_step(utcnow())))
    page.submit("Confirm and show recovery codes")
    codes = page.page.locator("ul.recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.follow("I have saved my recovery codes")
    page.goto("/account")
    assert "Unused recovery codes: 10 of 10." in page.main_text()


def test_the_registrar_reads_the_audit_log(browser_page, demo_password):
    page = browser_page
    page.log_in(REGISTRAR, demo_password)
    page.follow("Audit log")
    assert "Events found" in page.main_text()
    page.fill("Action", "second_factor.")
    page.submit("Show events")
    rows = page.page.locator("main table tbody tr")
    assert rows.count() >= 1
    assert "second_factor.passed" in page.main_text()
    page.fill("Person (e-mail address)", "not an address")
    page.submit("Show events")
    assert "There is a problem" in page.main_text()
    page.page.get_by_role("link", name="Person (e-mail address)", exact=False).first.click()
    focused = page.page.evaluate("document.activeElement && document.activeElement.id")
    assert focused == "actor"  # the error summary leads the keyboard to the field
    page.scan()  # the jump to #actor is a navigation within the page: scan it too
    page.goto("/audit/")
    with page.page.expect_download() as download:
        page.page.get_by_role("link", name="Download these events as CSV").click()
    assert download.value.suggested_filename.endswith(".csv")

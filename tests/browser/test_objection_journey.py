"""Objections in a real browser, on the demo data: a suspended registrant opens the
suspension from "My decisions", downloads its letter, and objects with grounds, a file and
a request to be heard; a registrar who did not take the decision finds it in the queue,
plans and records the hearing, and upholds it: the registration is active again. The
demo's refusal with an objection pending is decided by a third registrar. axe-core scans
every page."""

from __future__ import annotations

from register.demo.applications import demo_pdf

REGISTRANT = "registrant4@demo.register.nl"  # suspended by the demo registrar
ORIGINAL_DECIDER = "registrar@demo.register.nl"
SECOND = "registrar3@demo.register.nl"  # registrar2 confirmed the suspension (four eyes)
THIRD = "registrar3@demo.register.nl"
OBJECTOR = "applicant5@demo.register.nl"  # refused, objection pending, asked to be heard


def _open_objection(person, name: str) -> None:
    person.goto("/registrar/objections")
    assert "Objections" in person.main_text()
    person.follow(name)


def test_a_registrant_objects_and_another_registrar_upholds(open_page, demo_password, live_outbox):
    registrant = open_page()
    registrant.log_in(REGISTRANT, demo_password)
    registrant.follow("My decisions")
    assert "Suspension" in registrant.main_text()
    registrant.follow("Suspension")
    text = registrant.main_text()
    assert "you can object to it until" in text and "Grounds" in text

    with registrant.page.expect_download() as download:
        registrant.page.get_by_role(
            "link", name="Download the decision letter (PDF, in English)"
        ).click()
    path = download.value.path()
    with open(path, "rb") as letter:
        assert letter.read(5) == b"%PDF-"

    registrant.submit("Send my objection")  # nothing filled in: refused, explained
    assert "There is a problem" in registrant.main_text()
    registrant.fill("Why do you object?", "The complaint was withdrawn by the complainant.")
    registrant.attach(
        "Files that support your objection (PDF, PNG or JPEG)",
        "withdrawal.pdf",
        demo_pdf("Withdrawal of the complaint"),
    )
    registrant.choose("I want to explain my objection in a hearing")
    registrant.submit("Send my objection")
    text = registrant.main_text()
    assert "Your objection has been received" in text and "withdrawal.pdf" in text

    original = open_page()
    original.log_in(ORIGINAL_DECIDER, demo_password)
    _open_objection(original, "Lotte Müller")
    assert "Another registrar must hear and decide this objection" in original.main_text()

    second = open_page()
    second.log_in(SECOND, demo_password)
    _open_objection(second, "Lotte Müller")
    text = second.main_text()
    assert "The complaint was withdrawn" in text and "The decision objected to" in text
    second.fill("Date of the hearing", "2099-01-15")
    second.fill("Time, place and how to join (sent to the objector)", "10:00, video call")
    second.fill("Grounds (sent to the objector with the decision)", "Typed before the hearing")
    second.submit("Plan hearing and invite the objector")
    assert "The hearing has been planned" in second.main_text()
    grounds = second.page.get_by_label(
        "Grounds (sent to the objector with the decision)", exact=True
    )
    assert grounds.input_value() == "Typed before the hearing"  # kept
    second.fill("What was said at the hearing", "The registrant showed the withdrawal letter.")
    second.submit("Record hearing")
    second.choose("Uphold: the decision is revoked or replaced")
    second.fill("Grounds (sent to the objector with the decision)", "The complaint was withdrawn.")
    second.submit("Decide on the objection")
    assert "The objection has been decided" in second.main_text()

    registrant.goto("/my-registration")
    assert "Active" in registrant.main_text()


def test_a_third_registrar_decides_the_pending_objection(browser_page, demo_password):
    browser_page.log_in(THIRD, demo_password)
    _open_objection(browser_page, "Mila Jansen")
    text = browser_page.main_text()
    assert "Hold the hearing before you dismiss the objection" in text
    browser_page.fill("Reason for the extension (sent to the objector)", "We ask the school.")
    browser_page.submit("Extend once")
    assert "The decision period has been extended" in browser_page.main_text()
    browser_page.choose("Uphold: the decision is revoked or replaced")
    browser_page.fill("Grounds (sent to the objector with the decision)", "The school confirms it.")
    browser_page.submit("Decide on the objection")
    assert "The objection has been decided" in browser_page.main_text()
    assert "Approved" in browser_page.main_text()


def test_the_objector_follows_the_objection_and_the_history(browser_page, demo_password):
    browser_page.log_in("applicant6@demo.register.nl", demo_password)
    browser_page.follow("My decisions")
    # newest first: the replacing approval, the decision on the objection, then the refusal
    refusal = browser_page.page.get_by_role("row").filter(has_text="Upheld")
    with browser_page.page.expect_navigation():
        refusal.get_by_role("link", name="Decision on an application").click()
    browser_page.scan()
    text = browser_page.main_text()
    assert "Your objection" in text and "Upheld" in text
    assert "Decisions and objections" in text
    browser_page.follow("My applications")
    browser_page.follow("View status")
    text = browser_page.main_text()
    assert "Decisions and objections" in text and "replaces the decision of" in text
    browser_page.follow("My registration")
    assert "Active" in browser_page.main_text()

"""Issue 12 in a real browser: a registrar opens a waiting application, types a refusal
reason, records the applicant's identity check instead (the reason stays, as a draft), then
approves; the decision and the applicant's timeline show how the identity was confirmed.
Once more at a phone's width (375 px). axe-core scans every page."""

from __future__ import annotations

import datetime as dt

REGISTRAR = "registrar@demo.register.nl"
IDENTITY_BUTTON = "Record the identity check"


def confirm_identity_on_page(
    registrar, method: str = "Seen in a video call, with the identity document"
):
    """On an application's page: fill in the identity block and record it."""
    registrar.choose(method)
    registrar.choose("Passport")
    registrar.fill("Date of the check", dt.date.today().isoformat())
    registrar.choose("The name and date of birth on the document match the application")
    registrar.submit(IDENTITY_BUTTON)
    assert "The applicant's identity has been recorded as confirmed." in registrar.main_text()


def _open_application(registrar, name: str):
    registrar.goto("/review")
    registrar.follow(name)


def test_a_registrar_confirms_the_identity_then_approves(open_page, demo_password):
    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    _open_application(registrar, "Mohammed el Amrani")

    # approving first is refused: the identity block says what to do, nothing typed is lost
    registrar.fill("Reason for the refusal", "Half getypte reden")
    registrar.submit("Approve and register")
    text = registrar.main_text()
    assert "There is a problem" in text
    assert "Confirm the applicant's identity before you approve" in text
    assert registrar.page.get_by_label("Reason for the refusal").input_value() == (
        "Half getypte reden"
    )

    confirm_identity_on_page(registrar)
    assert registrar.definition("Identity confirmed") == (
        "Seen in a video call, with the identity document"
    )
    assert registrar.definition("Document seen") == "Passport"
    # the refusal reason typed before is kept as a draft, also after leaving the page
    _open_application(registrar, "Mohammed el Amrani")
    assert registrar.page.get_by_label("Reason for the refusal").input_value() == (
        "Half getypte reden"
    )

    registrar.submit("Approve and register")
    text = registrar.main_text()
    assert "The application has been approved" in text
    assert "The applicant's identity was confirmed" in text  # in the decision as made
    assert "Document seen: Passport" in text

    applicant = open_page()
    applicant.log_in("applicant2@demo.register.nl", demo_password)
    applicant.goto("/apply")
    applicant.follow("View status")
    text = applicant.main_text()
    assert "The register confirmed your identity: not yet" not in text
    assert "The register confirmed your identity:" in text


def test_the_identity_block_at_a_phone_width(open_page, demo_password):
    registrar = open_page()
    registrar.page.set_viewport_size({"width": 375, "height": 740})
    registrar.log_in(REGISTRAR, demo_password)
    _open_application(registrar, "Petra van Dijk")
    width = registrar.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width  # nothing to scroll sideways
    button = registrar.page.get_by_role("button", name=IDENTITY_BUTTON, exact=True)
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    for label in ("Passport", "Seen in person, with the identity document"):
        option = registrar.page.get_by_label(label, exact=True).bounding_box()
        assert option["x"] >= 0 and option["x"] + option["width"] <= 375, label

    confirm_identity_on_page(registrar, method="Seen in person, with the identity document")
    assert registrar.definition("Identity confirmed") == (
        "Seen in person, with the identity document"
    )
    assert registrar.page.evaluate("document.documentElement.scrollWidth") <= 375

    applicant = open_page()
    applicant.page.set_viewport_size({"width": 375, "height": 740})
    applicant.log_in("applicant3@demo.register.nl", demo_password)
    applicant.goto("/apply")
    applicant.follow("View status")
    assert "The register confirmed your identity:" in applicant.main_text()
    assert (
        "not yet"
        not in applicant.page.locator("ol.timeline li").filter(has_text="identity").inner_text()
    )

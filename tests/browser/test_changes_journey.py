"""Issue 9 (changing tier, changing details) in a real browser, axe-core scanning every page:
a registrant applies for a higher tier with reflections on growth and a registrar approves it
under the same number; a registrant asks for another name with proof; a registrar decides on
the demo's pending request (the public register then shows the new name) and corrects a typo.
"""

from __future__ import annotations

import re

from register.demo.applications import demo_pdf

REGISTRAR = "registrar@demo.register.nl"
PROGRAMME = "Ervaringsdeskundigheid niveau 5 (deeltijd) (Hogeschool Demo, NLQF level 5)"
REFLECTION = (
    "I now lead a recovery group on my own and only discuss the hardest moments with my "
    "supervisor; the team asks me to advise on new colleagues."
)
GROWTH_FIELDS = (
    "Autonomy",
    "Transfer (interplay of theory and practice)",
    "Complexity",
    "Responsibility",
)


def click_button(person, starts_with: str):
    """Press the button whose accessible name starts with ``starts_with`` (some carry the
    registration number for screen readers), then scan the new page."""
    with person.page.expect_navigation():
        person.page.get_by_role("button", name=re.compile("^" + re.escape(starts_with))).click()
    person.scan()


def follow_link(person, starts_with: str):
    """Follow the link whose accessible name starts with ``starts_with``, then scan."""
    with person.page.expect_navigation():
        person.page.get_by_role("link", name=re.compile("^" + re.escape(starts_with))).click()
    person.scan()


def test_a_registrant_changes_tier_and_keeps_the_number(open_page, demo_password):
    registrant = open_page()
    registrant.log_in("registrant1@demo.register.nl", demo_password)
    registrant.goto("/my-registration")
    number = registrant.definition("Registration number")
    assert registrant.definition("Tier").startswith("Tier 2")
    click_button(registrant, "Apply for another tier")
    assert f"another tier of your registration {number}" in registrant.main_text()
    registrant.page.get_by_label(re.compile(r"^Tier 3:")).check()
    registrant.submit("Save and continue")
    registrant.page.get_by_label(re.compile(r"^Diploma route:")).check()
    registrant.submit("Save and continue")
    assert registrant.page.get_by_label("Date of birth", exact=True).input_value()  # copied
    registrant.submit("Save and continue")
    registrant.select("Training programme", PROGRAMME)
    registrant.fill("Date of your diploma", "2024-06-28")
    registrant.attach(
        "Copy of your diploma (PDF, PNG or JPEG)", "diploma.pdf", demo_pdf("Diploma niveau 5")
    )
    registrant.submit("Save and continue")

    assert registrant.page.get_by_role("heading", level=1).inner_text() == (
        "Your growth as an expert by experience"
    )
    registrant.fill("Autonomy", "Too short.")
    registrant.submit("Save and continue")  # the error summary is scanned too
    assert "There is a problem" in registrant.main_text()
    assert registrant.page.get_by_label("Autonomy", exact=True).input_value() == "Too short."
    for label in GROWTH_FIELDS:
        registrant.fill(label, REFLECTION)
    registrant.submit("Save and continue")
    assert "Your reflections on growth" in registrant.main_text()
    registrant.choose("I accept the professional code")
    registrant.submit("Send my application")
    assert "Your application has been sent" in registrant.main_text()

    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto("/review")
    registrar.follow("Jan van der Berg")
    text = registrar.main_text()
    assert "Application for another tier" in text and REFLECTION in text
    registrar.submit("Approve and change the tier")
    assert f"registration {number} is now in tier 3" in registrar.main_text()

    registrar.goto(f"/registrations/{number}")
    assert registrar.definition("Registration number") == number
    assert registrar.definition("Tier").startswith("3 – ")
    registrant.goto("/my-registration")
    assert registrant.definition("Registration number") == number
    assert "from tier 2 to tier 3" in registrant.main_text()


def test_a_registrant_asks_for_another_name_with_proof(open_page, demo_password):
    registrant = open_page()
    registrant.log_in("registrant2@demo.register.nl", demo_password)
    registrant.goto("/my-registration")
    follow_link(registrant, "Ask to change your name in the register")
    assert registrant.page.get_by_role("heading", level=1).inner_text() == (
        "Change your name in the register"
    )
    registrant.fill("Surname", "Yılmaz")
    registrant.fill("Explanation (optional)", "I married in May.")
    registrant.submit("Send my request")  # without proof: refused, with the typed name kept
    assert "Add proof of the change of name" in registrant.main_text()
    assert registrant.page.get_by_label("Surname", exact=True).input_value() == "Yılmaz"
    registrant.attach(
        "Proof of the change of name (PDF, PNG or JPEG)", "akte.pdf", demo_pdf("Huwelijksakte")
    )
    registrant.submit("Send my request")
    text = registrant.main_text()
    assert "Your request waits for a decision" in text and "Ayşe Yılmaz" in text


def test_a_registrar_decides_on_a_name_and_corrects_a_typo(open_page, demo_password):
    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto("/review/name-changes")
    number = (
        registrar.page.locator("main table tbody tr", has_text="Sanne Bakker")
        .locator("th a")
        .inner_text()
    )
    registrar.follow(number)
    assert registrar.definition("New name asked for") == "Sanne Bakker"
    registrar.choose("Refuse: the name in the register stays the same")
    registrar.submit("Record the decision")  # a refusal without a reason is refused
    assert "Give the reason for the refusal." in registrar.main_text()
    registrar.choose("Approve: the register shows the new name")
    registrar.submit("Record the decision")
    assert "The register shows the new name." in registrar.main_text()

    registrar.goto("/search?q=Bakker")
    assert number in registrar.main_text()
    registrar.goto(f"/registrations/{number}")
    assert registrar.page.get_by_role("heading", level=1).inner_text() == "Sanne Bakker"

    registrar.goto("/review/registrations?q=Lotte")
    registrar.click("main table tbody tr:has-text('Lotte') th a")
    registrar.follow("Correct a typo in the name")
    registrar.fill("Given names", "Lotta Maria")
    registrar.fill("Reason for the correction (internal)", "Typed wrongly at entry.")
    registrar.submit("Correct the name")  # too big a change for a typo
    assert "This is more than a typo" in registrar.main_text()
    registrar.fill("Given names", "Lotta")
    registrar.submit("Correct the name")
    text = registrar.main_text()
    assert "The name has been corrected." in text and "Typo corrected" in text

"""Issue 11 in a real browser: an assessor records a training as an assessor (an error
first) and declares lived experience on their profile; scores a demo portfolio against the
curriculum's behavioural traits and 002's anchors; the registrar sees the assessors'
training on the assign page; an employer reads the public pages per tier and the
professional code. axe-core scans every page."""

from __future__ import annotations

import datetime as dt

REGISTRAR = "registrar@demo.register.nl"
ASSESSOR_2 = "assessor2@demo.register.nl"
APPLICANT = "Petra van Dijk"


def test_assessor_profile_scoring_and_assign_page(open_page, demo_password):
    assessor = open_page()
    assessor.log_in(ASSESSOR_2, demo_password)
    assessor.goto("/assessment")
    assessor.follow("My training as an assessor and my declaration of lived experience")
    assert "Trainings as an assessor" in assessor.main_text()  # the demo training
    assessor.follow("Add a training")
    assessor.fill("Course", "Assessorentraining EVC")
    assessor.submit("Add training")  # no date, no provider
    text = assessor.main_text()
    assert "There is a problem" in text and "Fill in the date of the training." in text
    assert assessor.page.get_by_label("Course", exact=True).input_value() == (
        "Assessorentraining EVC"
    )
    assessor.fill("Date the training was completed", (dt.date.today()).isoformat())
    assessor.fill("Given by", "Kenniscentrum (test)")
    assessor.submit("Add training")
    assert "Your training has been recorded." in assessor.main_text()
    assessor.choose("I am an expert by experience: I use my own experience of recovery in my work")
    assessor.submit("Save")
    assert "Your declaration has been saved." in assessor.main_text()

    # the assigned demo portfolio: declare, then score against the traits and anchors
    assessor.goto("/assessment")
    assessor.follow(f"Declare conflict of interest ({APPLICANT})")
    assessor.choose("No, I have no conflict of interest")
    assessor.submit("Send declaration")
    if "Score the portfolio" not in assessor.page.get_by_role("heading", level=1).inner_text():
        assessor.goto("/assessment")
        assessor.follow(f"Score the portfolio ({APPLICANT})")
    text = assessor.main_text()
    assert "What the applicant wrote" in text
    assert "Desired behaviour (sufficient)" in text and "Undesired behaviour (insufficient)" in text
    assert "Competence profile peer support worker A&B" in text  # the anchors name their source
    first_trait = assessor.page.locator("fieldset.checkboxes input[type=checkbox]").first
    first_trait.check()
    assessor.submit("Save draft")
    assert assessor.page.locator("fieldset.checkboxes input[type=checkbox]").first.is_checked()

    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto("/review")
    registrar.follow(APPLICANT)
    registrar.follow("Assign assessors")
    text = registrar.main_text()
    assert "Bas van der Berg" in text and "Fatma Çelik" in text  # the demo's two assessors
    assert "Only an assessor with a training as an assessor that counts" in text


def test_employer_reads_the_tier_pages_and_the_code(browser_page):
    employer = browser_page
    employer.use_english()
    employer.goto("/tiers")
    employer.goto("/tiers/1")
    assert "expert by experience at level 5 or higher" in employer.main_text()
    employer.goto("/tiers/3")
    employer.goto("/professional-code")
    assert "placeholder" in employer.main_text().lower()

"""Issues 11 and 12 in a real browser, on the demo data: the provider fills in the workplace
checklist of a practice placement (a refused first try keeps what was typed) and answers a
condition of a conditional accreditation with a file; an assessor sees the placement and each
learning line's competences on the scoring page; a registrar reads the answer and marks the
condition met on it. axe-core scans every page."""

from __future__ import annotations

import re
import uuid

from register.demo.applications import demo_pdf

PROVIDER = "provider@demo.register.nl"
REGISTRAR = "registrar@demo.register.nl"
ASSESSOR = "assessor1@demo.register.nl"  # on the panel of the request under review
DRAFT_PROGRAMME = "Basisopleiding Ervaringsdeskundigheid"
REVIEW_PROGRAMME = "Ervaringsdeskundige in Zorg en Welzijn (mbo)"
CONDITIONAL_PROGRAMME = "Ervaringsdeskundigheid in Social Work (minor)"
CONDITION = "Beschrijf hoe PPO-2.L6 wordt getoetst en lever het toetsplan aan."


def follow_link(person, pattern: str) -> None:
    """Follow the first link whose accessible name matches ``pattern`` (a link's name may
    end in visually hidden words), then scan the page."""
    with person.page.expect_navigation():
        person.page.get_by_role("link", name=re.compile(pattern)).first.click()
    person.scan()


def fill_checklist(provider, organisation: str) -> None:
    follow_link(provider, rf"^Practice placements\W+{re.escape(DRAFT_PROGRAMME)}")
    provider.follow("Add a practice placement")
    provider.fill("Organisation", organisation)
    provider.fill("Setting (team, department, kind of work)", "Recovery workshop")
    groups = provider.page.locator("fieldset[id^='answer-']")
    assert groups.count() == 10  # three core tasks, seven competences
    for i in range(groups.count()):
        groups.nth(i).get_by_role("radio").first.check()  # possible
    # "partly" needs an explanation (the policy): leave it out first
    kt3 = provider.page.locator("fieldset#answer-KT3")
    kt3.get_by_role("radio").nth(1).check()
    provider.submit("Save the placement")
    assert "Explain your answer" in provider.main_text()
    assert provider.page.title().startswith("Error")
    assert provider.page.get_by_label("Organisation", exact=True).input_value() == organisation
    assert kt3.get_by_role("radio").nth(1).is_checked()
    provider.fill("Explanation for KT3", "Only at school visits, outside the standard tasks.")
    provider.submit("Save the placement")
    assert "The practice placement has been added." in provider.main_text()
    assert f"{organisation}: Recovery workshop" in provider.main_text()


def answer_condition(provider) -> None:
    provider.goto("/accreditation/")
    provider.follow(CONDITIONAL_PROGRAMME)
    follow_link(provider, rf"^Answer this condition\W+{re.escape(CONDITION)}")
    assert "PPO-2.L6" in provider.definition("Criterion")
    provider.fill(
        "How does the programme now meet this condition?",
        "The assessment plan now covers PPO-2; see chapter 3.",
    )
    provider.attach("Evidence files (optional)", "toetsplan.pdf", demo_pdf("Toetsplan"))
    provider.submit("Send the answer")
    text = provider.main_text()
    assert "Your answer has been sent." in text and "toetsplan.pdf" in text


def test_placement_checklist_condition_answer_and_met(open_page, demo_password):
    organisation = f"GGz De Wijk {uuid.uuid4().hex[:6]}"
    provider = open_page()
    provider.log_in(PROVIDER, demo_password)
    provider.goto("/accreditation/")
    fill_checklist(provider, organisation)
    answer_condition(provider)

    assessor = open_page()
    assessor.log_in(ASSESSOR, demo_password)
    assessor.follow("Programme assessments")
    assessor.follow(REVIEW_PROGRAMME)
    placements = assessor.page.locator("section[aria-labelledby='placements']")
    assert "GGz Centraal Utrecht" in placements.inner_text()
    assert "Partly possible" in placements.inner_text()
    summary = assessor.page.locator("details.line-competences summary").first
    details = summary.locator("xpath=..")
    assert not details.get_attribute("open")
    summary.focus()
    assessor.page.keyboard.press("Enter")  # keyboard opens it
    assert details.get_attribute("open") is not None
    assert "General competences" in details.inner_text()
    assessor.scan()

    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto("/accreditation/review/conditions")
    card = registrar.page.locator("article.condition").filter(has_text=CONDITION)
    assert "The assessment plan now covers PPO-2" in card.inner_text()
    assert card.get_by_role("link", name="toetsplan.pdf").count() == 1
    with registrar.page.expect_navigation():
        card.get_by_role("button", name=re.compile(r"^Mark as met on this answer")).click()
    registrar.scan()
    assert "The condition has been marked as met." in registrar.main_text()
    card = registrar.page.locator("article.condition").filter(has_text=CONDITION)
    assert "Accepted: the condition is met" in card.inner_text()

"""Issue 3 in a real browser: the demo provider adds a programme and submits an accreditation
request with every criterion answered; a registrar forms a panel of two assessors (one an
expert by experience); both declare no conflict and score; the findings are recorded and the
registrar decides "accredited with conditions". The programme then appears on the public
list, and a new applicant applies by the diploma route with it. axe-core scans every page."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from register.demo.applications import demo_pdf

PROVIDER = "provider@demo.register.nl"
REGISTRAR = "registrar@demo.register.nl"
ASSESSORS = [
    ("assessor1@demo.register.nl", "Bas van der Berg"),  # expert by experience
    ("assessor2@demo.register.nl", "Fatma Çelik"),
]
PASSWORD = "a calm walk along the river"
LEVEL = 3  # gives entry to tier 1
PARTLY_MET_NOTE = "The assessment of this outcome in practice is not described."


#: the criteria answered page by page in the browser at the start and at the end; those in
#: between go through the same form posts, sent with the browser's own session (cookies and
#: CSRF token). tests/web/test_accreditation_provider.py walks every criterion page.
BY_HAND_FIRST = 2

ANSWER = {
    "coverage": "Lectures, exercises and intervision on this outcome.",
    "assessment": "Portfolio and an assessment in practice.",
}


def submit_request(provider, programme: str) -> None:
    """Add the programme, answer every criterion on its own page (the first two and the last
    in the browser, the others through the same form posts), and submit."""
    provider.follow("Accreditation")
    provider.follow("Add a programme")
    provider.fill("Name of the programme", programme)
    provider.select("NLQF level", str(LEVEL))
    provider.page.get_by_role("group", name="Context").get_by_role("radio").first.check()
    provider.fill("Study load in hours", "600")
    provider.submit("Add programme")
    provider.submit(f"Start a request for {programme}")
    progress = re.search(r"0 of (\d+) criteria answered", provider.main_text())
    assert progress, provider.main_text()
    total = int(progress.group(1))
    assert total > BY_HAND_FIRST + 1

    def answer_by_hand(n: int) -> None:
        assert f"Criterion {n} of {total}" in provider.main_text()
        provider.fill("How does the programme cover this criterion?", ANSWER["coverage"])
        provider.fill("Where: module or unit", f"Module {1 + n % 4}")
        provider.fill("How is it assessed?", ANSWER["assessment"])
        if n == 1:
            provider.attach(
                "Supporting document (optional)", "module-guide.pdf", demo_pdf("Module guide")
            )
        provider.submit("Save and go to the next criterion")

    provider.page.get_by_role("link", name=re.compile(r"^Answer ")).first.click()
    provider.page.wait_for_load_state("load")
    provider.scan()
    for n in range(1, BY_HAND_FIRST + 1):
        answer_by_hand(n)
    # the same post the form sends ("Save and go to the next criterion"), from this session
    token = provider.page.locator("main form[method=post] input[name=csrf_token]").input_value()
    url = provider.page.url
    for n in range(BY_HAND_FIRST + 1, total):
        response = provider.page.request.post(
            url,
            multipart={
                **ANSWER,
                "location": f"Module {1 + n % 4}",
                "next": "1",
                "csrf_token": token,
            },
        )
        assert response.ok and f"Criterion {n + 1} of {total}" in response.text(), response.url
        assert f"{n} of {total} criteria answered" in response.text()
        url = response.url
    provider.goto(url)
    answer_by_hand(total)
    assert f"{total} of {total} criteria answered" in provider.main_text()
    provider.submit("Submit request")
    assert "Your request has been submitted" in provider.main_text()


def form_panel(registrar, programme: str) -> None:
    registrar.follow("Accreditation requests")
    registrar.follow(programme)
    for _, name in ASSESSORS:
        registrar.choose(name)
    registrar.select("Panel chair", ASSESSORS[0][1])
    registrar.submit("Save panel")
    assert "The panel has been formed" in registrar.main_text()
    members = registrar.page.get_by_role("table", name="Panel members")
    assert all(name in members.inner_text() for _, name in ASSESSORS)
    expert = members.get_by_role("row").filter(has_text=ASSESSORS[0][1])
    assert expert.get_by_role("cell").first.inner_text() == "Yes"  # expert by experience


def score(assessor, programme: str, partly_met: int, ask: str | None = None) -> None:
    """Declare no conflict, then score: the first ``partly_met`` criteria partly met (with a
    rationale), every other criterion met; with ``ask``, send that question to the provider
    from the same page first (issue 12: the scores typed are kept, as a draft); submit."""
    assessor.follow("Programme assessments")
    assessor.follow(programme)
    assessor.choose("No, I have no conflict of interest")
    assessor.submit("Send declaration")
    groups = assessor.page.locator("fieldset[id^='score-']")
    assert groups.count() > 30
    for i in range(groups.count()):
        group = groups.nth(i)
        if i < partly_met:
            group.get_by_label("Partly met", exact=True).check()
            group.get_by_label("Rationale", exact=True).fill(PARTLY_MET_NOTE)
        else:
            group.get_by_label("Met", exact=True).check()
    if ask:
        assessor.fill("Your question", ask)
        assessor.submit("Send question (your scores are saved as a draft)")
        assert "Your question has been sent to the provider." in assessor.main_text()
        groups = assessor.page.locator("fieldset[id^='score-']")
        assert groups.first.get_by_label("Partly met", exact=True).is_checked()
        assert groups.last.get_by_label("Met", exact=True).is_checked()
        rationale = groups.first.get_by_label("Rationale", exact=True)
        assert rationale.input_value() == PARTLY_MET_NOTE
    assessor.submit("Submit scores (final)")
    assert "They can no longer be changed" in assessor.main_text()


def decide_with_conditions(registrar, programme: str) -> None:
    registrar.follow("Accreditation requests")
    registrar.follow(programme)
    registrar.follow("Record the panel's findings")
    # both assessors agreed, so the findings are filled in; the partly met one needs a note
    first = registrar.page.locator("fieldset[id^='score-']").first
    assert first.get_by_label("Partly met", exact=True).is_checked()
    first.get_by_label("Explanation for the provider", exact=True).fill(PARTLY_MET_NOTE)
    registrar.choose("Accredited with conditions")
    registrar.fill("Explanation of the recommendation", "One outcome needs a test plan.")
    registrar.submit("Record findings")
    registrar.follow("Decide")
    assert registrar.page.get_by_label("Accredited with conditions", exact=True).is_checked()
    registrar.page.get_by_label(re.compile(r"^Condition 1")).fill(
        "Submit the test plan for this outcome."
    )
    registrar.fill("Explanation for the provider", "Accredited; one condition applies.")
    # the panel's question is still unanswered: deciding now takes a reason
    assert "Where is the assessment plan?" in registrar.main_text()
    registrar.fill(
        "Why decide without the provider's answer", "The self-evaluation answers it already."
    )
    registrar.submit("Record decision")
    assert "The decision has been recorded" in registrar.main_text()
    assert "Accredited with conditions" in registrar.definition("Decision")


def test_provider_panel_decision_public_list_and_diploma(open_page, demo_password, mail_link):
    tag = uuid.uuid4().hex[:6]
    programme = f"Ervaringsdeskundigheid in de wijk {tag}"

    provider = open_page()
    provider.log_in(PROVIDER, demo_password)
    submit_request(provider, programme)

    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    form_panel(registrar, programme)

    for n, (email, _) in enumerate(ASSESSORS):
        assessor = open_page()
        assessor.log_in(email, demo_password)
        score(assessor, programme, partly_met=1, ask=None if n else "Where is the assessment plan?")

    decide_with_conditions(registrar, programme)

    # the provider sees the decision with the conditions
    provider.goto("/accreditation/")
    provider.follow(programme)
    assert "Submit the test plan for this outcome." in provider.main_text()

    # the public list shows the programme; its own page too
    public = open_page()
    public.use_english()
    public.follow("Accredited programmes")
    row = public.page.get_by_role("row").filter(has_text=programme)
    assert "Accredited with conditions" in row.inner_text()
    assert "Tier 1" in row.inner_text() and "Herstelacademie Midden" in row.inner_text()
    public.follow(programme)
    assert programme in public.page.get_by_role("heading", level=1).inner_text()

    # an applicant applies by the diploma route with this programme
    email = f"new-graduate-{tag}@example.nl"
    applicant = open_page()
    applicant.use_english("/signup")
    applicant.fill("Given names", "Gerrit")
    applicant.fill("Surname", f"Graduate{tag}")
    applicant.fill("E-mail address", email)
    applicant.fill("Password", PASSWORD)
    applicant.fill("Repeat password", PASSWORD)
    applicant.submit("Create account")
    applicant.goto(mail_link(email, "/confirm/"))
    applicant.log_in(email, PASSWORD)
    applicant.goto("/apply")
    applicant.submit("Start a new application")
    applicant.page.get_by_label(re.compile(r"^Tier 1:")).check()
    applicant.submit("Save and continue")
    applicant.page.get_by_label(re.compile(r"^Diploma route:")).check()
    applicant.submit("Save and continue")
    applicant.fill("Date of birth", "1990-02-03")
    applicant.submit("Save and continue")
    options = (
        applicant.page.get_by_label("Training programme", exact=True)
        .locator("option")
        .all_inner_texts()
    )
    choice = next(o for o in options if o.startswith(programme))
    assert f"NLQF level {LEVEL}" in choice
    applicant.select("Training programme", choice)
    applicant.fill("Date of your diploma", dt.date.today().isoformat())
    applicant.attach("Copy of your diploma (PDF, PNG or JPEG)", "diploma.pdf", demo_pdf("Diploma"))
    applicant.submit("Save and continue")
    assert "Everything that is needed has been filled in." in applicant.main_text()
    applicant.choose("I accept the professional code")
    applicant.submit("Send my application")
    text = applicant.main_text()
    assert "Your application has been sent" in text and programme in text

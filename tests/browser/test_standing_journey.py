"""Issue 12, "applicants know where they stand", in a real browser (axe-core scans every
page): a registrar asks for information; the applicant, on a phone (375 px), opens the
e-mailed link while logged out, logs in and lands on the answer, reads the timeline with the
request's deadline, what happens next and the typical waiting time, answers, and the
timeline shows the answer. A registrant logs in and lands on their registration (an
applicant on their applications); the same file uploaded twice is kept once."""

from __future__ import annotations

import re

from sqlalchemy import select

from register.demo.applications import demo_pdf
from register.extensions import db

REGISTRAR = "registrar@demo.register.nl"
APPLICANT = "applicant2@demo.register.nl"  # Mohammed el Amrani: a diploma route, sent
DRAFTING = "applicant1@demo.register.nl"  # Sanne Jansen: a draft
REGISTRANT = "registrant1@demo.register.nl"  # Jan van der Berg: active
PHONE = {"width": 375, "height": 740}
WAITING = re.compile(
    r"A decision now usually takes about \d+ days? from sending\.|The register has not "
    r"decided enough applications yet to say how long a decision usually takes\."
)


def _timeline(person) -> list[str]:
    return [t.strip() for t in person.page.locator("ol.timeline li").all_inner_texts()]


def _step(person, title: str) -> str:
    found = [t for t in _timeline(person) if t.startswith(f"{title}:")]
    assert len(found) == 1, _timeline(person)
    return found[0]


def _fits_the_phone(person) -> None:
    width = person.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{person.page.url} scrolls sideways: {width}px"


def _application_id(app, email: str) -> int:
    from register.models.accounts import User
    from register.models.applications import Application

    with app.app_context():
        found = db.session.scalar(
            select(Application.id)
            .join(User, Application.applicant_id == User.id)
            .where(User.email == email)
        )
        db.session.remove()
    return found


def test_a_request_for_information_is_answered_from_its_e_mail_on_a_phone(
    open_page, demo_password, mail_link
):
    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto("/review")
    registrar.follow("Mohammed el Amrani")
    question = "Could you send your list of grades as well? The date on the copy is unclear."
    registrar.fill("What information do you need?", question)
    registrar.submit("Send the question")
    assert "Your question has been sent to the applicant." in registrar.main_text()

    applicant = open_page()
    applicant.page.set_viewport_size(PHONE)
    applicant.use_english("/")
    link = mail_link(APPLICANT, "/apply/")
    assert link.endswith("#answer-heading"), link  # straight to the answer
    applicant.goto(link)
    assert "/login" in applicant.page.url  # logged out: the login comes first …
    _fits_the_phone(applicant)
    applicant.log_in_here(APPLICANT, demo_password)
    # … and then the page the link was for
    assert applicant.page.url.split("#")[0].endswith(link.split("#")[0].split("/", 3)[3])
    _fits_the_phone(applicant)
    text = applicant.main_text()
    assert question in text
    assert "Please answer before the end of" in text
    assert "Answer the register's question on this page." in text  # what happens next
    assert WAITING.search(text), text
    asked = _step(applicant, "The register asked for more information")
    assert "answer asked by" in asked and "not yet" not in asked
    assert _step(applicant, "You answered").endswith("not yet")
    assert _step(applicant, "Decision").endswith("not yet")

    # the in-page link leads the keyboard to the question's answer field
    applicant.page.get_by_role("link", name="Go to the question", exact=True).click()
    applicant.scan()  # the same page, at the question
    assert applicant.page.get_by_label("Your answer", exact=True).is_visible()
    applicant.fill("Your answer", "Here is my list of grades; the diploma date is 30 June 2022.")
    applicant.attach("Attach a file (optional; PDF, PNG or JPEG)", "grades.pdf", demo_pdf("Grades"))
    applicant.submit("Send my answer")
    text = applicant.main_text()
    assert "Thank you. Your answer has been sent to the register." in text
    assert "not yet" not in _step(applicant, "You answered")
    assert "A registrar is assessing your application." in text  # what happens next now
    assert WAITING.search(text)
    _fits_the_phone(applicant)

    registrar.goto(registrar.page.url.split("#")[0])  # a fresh load, not a jump to an anchor
    assert "Here is my list of grades" in registrar.main_text()


def test_a_registrant_lands_on_their_registration_an_applicant_on_their_applications(
    open_page, demo_password
):
    registrant = open_page()
    registrant.log_in(REGISTRANT, demo_password)
    assert registrant.page.url.endswith("/my-registration"), registrant.page.url
    assert registrant.page.get_by_role("heading", level=1).inner_text() == "My registration"

    applicant = open_page()
    applicant.log_in(DRAFTING, demo_password)
    assert applicant.page.url.endswith("/apply"), applicant.page.url


def test_the_same_file_uploaded_twice_is_kept_once(browser_page, demo_password):
    person = browser_page
    person.log_in(DRAFTING, demo_password)
    step = f"/apply/{_application_id(person.app, DRAFTING)}/step/diploma"
    files = "main h2:has-text('Uploaded files') + ul > li"
    person.goto(step)
    before = person.page.locator(files).count()
    scan = demo_pdf("Diploma Sanne Jansen")
    for name in ("diploma.pdf", "diploma (1).pdf"):  # the same scan, saved twice
        person.fill("Date of your diploma", "2022-06-30")
        person.attach("Copy of your diploma (PDF, PNG or JPEG)", name, scan)
        person.submit("Save and come back later")
        person.goto(step)
    names = person.page.locator(files).all_inner_texts()
    assert len(names) == before + 1, names
    assert any(n.startswith("diploma.pdf") for n in names), names
    # another file is kept beside it
    person.fill("Date of your diploma", "2022-06-30")
    person.attach("Copy of your diploma (PDF, PNG or JPEG)", "back.pdf", demo_pdf("Back side"))
    person.submit("Save and come back later")
    person.goto(step)
    assert person.page.locator(files).count() == before + 2

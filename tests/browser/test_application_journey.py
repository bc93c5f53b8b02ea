"""Issue 2 in a real browser: two applicants sign up and confirm their e-mail address; one
applies by the diploma route, the other by the transitional route (work experience,
intervision, referees, portfolio), and both referees confirm through the links they were
e-mailed. A registrar approves the first (a registration number appears) and refuses the
second with a reason; each applicant sees the outcome. axe-core scans every page."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

from register.demo.applications import demo_pdf
from tests.browser.test_identity_journey import confirm_identity_on_page

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"

PASSWORD = "a calm walk along the river"
REGISTRAR = "registrar@demo.register.nl"
DEMO_PROGRAMME = (
    "Associate degree Ervaringsdeskundigheid in zorg en welzijn "
    "(Hogeschool Utrecht (demo), NLQF level 5)"
)
NUMBER = re.compile(r"ED-\d{8}")


def sign_up(person, mail_link, given: str, surname: str, email: str) -> None:
    """Create an account through the form and confirm it through the e-mailed link."""
    person.use_english()
    person.follow("Create account")
    person.fill("Given names", given)
    person.fill("Surname", surname)
    person.fill("E-mail address", email)
    person.fill("Password", PASSWORD)
    person.fill("Repeat password", PASSWORD)
    person.submit("Create account")
    assert "Check your e-mail" in person.main_text()  # the same whether or not it is taken
    person.goto(mail_link(email, "/confirm/"))
    assert "Your e-mail address has been confirmed" in person.main_text()
    person.log_in(email, PASSWORD)


def start_application(person, tier: int, route: str) -> None:
    """From the applicant's dashboard: start, then the tier, route and personal steps."""
    person.goto("/apply")
    person.submit("Start a new application")
    person.page.get_by_label(re.compile(rf"^Tier {tier}:")).check()
    person.submit("Save and continue")
    person.page.get_by_label(re.compile(rf"^{route} route:")).check()
    person.submit("Save and continue")
    person.fill("Date of birth", "1984-05-17")
    person.fill("Region where you work", "Utrecht")
    person.submit("Save and continue")


def send(person) -> str:
    """Accept the code on the check-and-send step and send; returns the status page text."""
    assert person.page.get_by_role("heading", level=1).inner_text() == "Check and send"
    assert "Everything that is needed has been filled in." in person.main_text()
    person.choose("I accept the professional code")
    person.submit("Send my application")
    assert "Your application has been sent" in person.main_text()
    return person.main_text()


def apply_by_diploma(person) -> None:
    start_application(person, 2, "Diploma")
    person.select("Training programme", DEMO_PROGRAMME)
    person.fill("Date of your diploma", "2023-06-30")
    person.attach(
        "Copy of your diploma (PDF, PNG or JPEG)",
        "diploma.pdf",
        demo_pdf("Diploma Associate degree"),
    )
    person.submit("Save and continue")
    send(person)


def add_work(person, organisation: str, role: str, since: dt.date, hours: str) -> None:
    person.follow("Add work experience")
    person.fill("Organisation", organisation)
    person.fill("Your role or job title", role)
    person.fill("From", since.isoformat())
    person.fill("Hours per week", hours)
    person.choose("Paid")
    person.submit("Save")
    assert organisation in person.page.get_by_role("table").inner_text()


def add_referee(person, name: str, email: str, organisation: str, relation: str) -> None:
    person.follow("Add a referee")
    person.fill("Name of the referee", name)
    person.fill("E-mail address of the referee", email)
    person.select("Organisation", organisation)
    person.choose(relation)
    person.submit("Save")
    assert name in person.main_text()


def apply_by_transitional_route(person, referees) -> None:
    today = dt.date.today()
    start_application(person, 1, "Transitional")
    add_work(person, "GGZ Oost (test)", "Ervaringswerker", today - dt.timedelta(days=3 * 365), "24")
    add_work(
        person, "Herstelhuis (test)", "Vrijwillig trainer", today - dt.timedelta(days=2 * 365), "6"
    )
    person.submit("Save and continue")
    person.fill("Number of sessions", "9")
    person.fill("Describe the intervision or supervision", "Monthly intervision with peers.")
    person.attach(
        "Proof of intervision or supervision (PDF, PNG or JPEG)",
        "intervision.pdf",
        demo_pdf("Intervision list"),
    )
    person.submit("Save and continue")
    (sup_name, sup_email), (col_name, col_email) = referees
    add_referee(person, sup_name, sup_email, "GGZ Oost (test)", "Supervisor")
    add_referee(person, col_name, col_email, "Herstelhuis (test)", "Colleague")
    person.submit("Save and continue")
    write_portfolio(person)
    person.attach(
        "Supporting document (optional; PDF, PNG or JPEG)", "portfolio.pdf", demo_pdf("Portfolio")
    )
    person.submit("Save and continue")
    send(person)


def write_portfolio(person, tier: int = 1) -> None:
    """The portfolio step: an introduction, a reflection with examples on each competence
    the tier asks, and the policy's number of critical situations described."""
    from register.policy.loader import load_policies

    policies = load_policies(POLICY_DIR)
    route = policies.transitional_route
    person.fill("Short introduction to your portfolio", "Three years in a FACT team.")
    for competence in route.tiers[tier].portfolio_competences:
        person.fill(f"Your reflection on {competence}", f"How I work on {competence}.")
        person.fill(f"Examples from your work for {competence}", f"An example for {competence}.")
    situations = policies.framework.critical_situations_in_use()
    for situation in situations[: route.portfolio.critical_situations_required]:
        person.fill(
            f"How you handled this situation ({situation.id})", f"What I did ({situation.id})."
        )


def referee_confirms(referee, mail_link, email: str) -> None:
    """The referee opens the e-mailed link (no account) and confirms the work."""
    referee.use_english(mail_link(email, "/reference/"))
    assert referee.page.get_by_role("heading", level=1).inner_text() == "Confirm work experience"
    referee.choose("Yes, I confirm it (correct what is not right below)")
    assert referee.page.get_by_label("Role", exact=True).input_value()  # filled in for them
    referee.submit("Send my answer")
    assert "Thank you" in referee.main_text()


def test_two_applicants_apply_and_a_registrar_decides(open_page, mail_link, demo_password):
    tag = uuid.uuid4().hex[:6]
    diploma_email = f"diploma-{tag}@example.nl"
    transitional_email = f"transitional-{tag}@example.nl"
    diploma_name, transitional_name = f"Dina Diploma{tag}", f"Tom Overgang{tag}"
    referees = [
        (f"Sara Supervisor {tag}", f"sup-{tag}@example.nl"),
        (f"Cor Collega {tag}", f"col-{tag}@example.nl"),
    ]

    first = open_page()
    sign_up(first, mail_link, "Dina", f"Diploma{tag}", diploma_email)
    apply_by_diploma(first)

    second = open_page()
    sign_up(second, mail_link, "Tom", f"Overgang{tag}", transitional_email)
    apply_by_transitional_route(second, referees)
    text = second.main_text()
    assert "Submitted" in text and all(name in text for name, _ in referees)

    referee = open_page()
    for _, email in referees:
        referee_confirms(referee, mail_link, email)

    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto("/review")
    registrar.follow(diploma_name)
    confirm_identity_on_page(registrar)
    registrar.submit("Approve and register")
    assert "The application has been approved" in registrar.main_text()
    number = registrar.definition("Registration")
    assert NUMBER.fullmatch(number), number

    registrar.goto("/review")
    registrar.follow(transitional_name)
    assert registrar.main_text().count("Confirmed") >= 2  # both referees answered
    reason = "The portfolio does not show the competences of tier 1 yet."
    registrar.fill("Reason for the refusal", reason)
    registrar.submit("Refuse the application")
    assert "The application has been refused" in registrar.main_text()
    assert registrar.definition("Reason") == reason

    # each applicant sees the outcome on their status page
    first.goto("/apply")
    first.follow("View status")
    assert first.page.get_by_role("heading", name="Decision", exact=True).is_visible()
    assert "Approved" in first.main_text()
    first.goto("/apply")
    first.follow("See my registration")
    assert number in first.main_text()

    second.goto("/apply")
    second.follow("View status")
    text = second.main_text()
    assert "Refused" in text and reason in text

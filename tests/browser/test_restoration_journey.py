"""Issue 9 in a real browser, the two journeys besides a plain renewal: a registrant whose
registration lapsed restores it under the same number (the registrar approves against the
rules' proposal, with grounds), and a registrant whose renewal was drawn for a check adds the
proof to the lines of the log that need it, sends it, and the registrar approves. axe-core
scans every page; the public page shows the same number afterwards."""

from __future__ import annotations

import re

import pytest

from register.demo.renewal import FixedDraw
from register.renewal import services

LAPSED = "registrant12@demo.register.nl"  # the demo: lapsed 40 days ago, restorable
DRAWN = "registrant10@demo.register.nl"  # the demo: renewal submitted and drawn for a check
REGISTRAR = "registrar@demo.register.nl"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def not_drawn(monkeypatch):
    """The live portal runs in this process: its draw for an evidence check comes out "not
    drawn" (the policy draws a share of all requests at random)."""
    monkeypatch.setattr(services, "SYSTEM_RANDOM", FixedDraw(0.99))


def _registrar_decides(open_page, demo_password, number: str, grounds: str = "") -> str:
    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto("/review/renewals")
    registrar.follow(number)
    assert "Check against the rules" in registrar.main_text()
    registrar.choose("Approve: renew the registration")
    if grounds:
        registrar.fill("Grounds (sent to the registrant)", grounds)
    registrar.submit("Record the decision")
    return registrar.main_text()


def _public_page(open_page, number: str):
    public = open_page()
    public.use_english(f"/registrations/{number}")
    assert public.definition("Registration number") == number
    return public


def test_a_lapsed_registration_is_restored_under_its_number(open_page, demo_password, not_drawn):
    registrant = open_page()
    registrant.log_in(LAPSED, demo_password)
    registrant.goto("/my-registration")
    number = re.search(r"ED-\d{8}", registrant.main_text()).group(0)
    registrant.click("main a.button.secondary:has-text('Renew or restore')")
    text = registrant.main_text()
    assert "Your registration has lapsed" in text
    assert "Restoring is possible until" in text
    before = _public_page(open_page, number)
    assert before.definition("Registered now") == "No"

    registrant.submit("Send my request to restore")  # without the declaration
    assert "Tick the declaration" in registrant.main_text()
    registrant.choose(
        "I declare that my log is true and complete, and that I can show the proof behind it."
    )
    registrant.fill(
        "Explanation for the registrar (optional)",
        "I was ill for three months; my supervision has started again.",
    )
    registrant.submit("Send my request to restore")
    assert "A registrar will decide on it." in registrant.main_text()

    # the rules do not propose approval (the log is short): approving needs grounds
    text = _registrar_decides(open_page, demo_password, number)
    assert "Explain why you approve" in text
    text = _registrar_decides(
        open_page, demo_password, number, grounds="Illness explains the missing hours."
    )
    assert f"registration {number} is valid until" in text

    after = _public_page(open_page, number)
    assert after.definition("Registered now") == "Yes"
    registrant.goto("/my-registration")
    assert number in registrant.main_text()


def test_a_drawn_renewal_sends_its_proof_and_is_approved(open_page, demo_password):
    registrant = open_page()
    registrant.log_in(DRAWN, demo_password)
    registrant.goto("/my-registration")
    number = re.search(r"ED-\d{8}", registrant.main_text()).group(0)
    registrant.click("main a.button.secondary:has-text('Renew or restore')")
    assert "Your request was drawn for a check" in registrant.main_text()
    renewal_path = registrant.page.url

    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto("/review/renewals")
    registrar.follow(number)
    assert "The proof has not been sent yet" in registrar.main_text()

    registrant.follow("Go to my log")
    needed = registrant.page.locator("main table a", has_text="Add proof")
    lines = needed.count()
    assert lines >= 1
    for _ in range(lines):
        registrant.click("main table a:has-text('Add proof')")
        registrant.submit("Upload")  # no file chosen
        assert "Choose a file to upload." in registrant.main_text()
        registrant.attach("Proof (PDF, PNG or JPEG)", "bewijs.pdf", PDF)
        registrant.submit("Upload")
        assert "The proof has been added." in registrant.main_text()
    assert "Proof needed" not in registrant.main_text()

    registrant.goto(renewal_path)
    registrant.submit("Send the proof to the register")
    assert "Your proof has been sent" in registrant.main_text()

    text = _registrar_decides(open_page, demo_password, number)
    assert f"registration {number} is valid until" in text
    assert "Proof sent on" in text
    assert _public_page(open_page, number).definition("Registered now") == "Yes"

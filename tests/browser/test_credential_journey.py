"""Issue 14 (verifiable credentials) in a real browser, axe-core scanning every page: a
registrant gets their digital credential (the page with the text, and the .jwt download),
verifies it on the public verify page, a registrar suspends the registration, and the same
credential is then reported as suspended."""

from __future__ import annotations

import re
from pathlib import Path

REGISTRANT = "registrant1@demo.register.nl"  # active, tier 2
REGISTRAR = "registrar@demo.register.nl"


def test_a_credential_is_downloaded_verified_and_reported_suspended(open_page, demo_password):
    registrant = open_page()
    registrant.log_in(REGISTRANT, demo_password)
    registrant.goto("/my-registration")
    number = registrant.definition("Registration number")
    with registrant.page.expect_navigation():
        registrant.page.get_by_role(
            "link", name=re.compile("^" + re.escape("Get my digital credential"))
        ).click()
    registrant.scan()
    text = registrant.page.get_by_label("Or copy the text of the credential").input_value()
    assert text.startswith("eyJ") and text.count(".") == 2
    with registrant.page.expect_download() as download_info:
        registrant.page.get_by_role("link", name="Download the credential (.jwt file)").click()
    download = download_info.value
    assert download.suggested_filename == f"credential-{number}.jwt"
    downloaded = Path(download.path()).read_text()
    assert downloaded.startswith("eyJ")

    verifier = open_page()
    verifier.use_english("/credentials/verify")
    verifier.scan()
    verifier.submit("Verify")  # nothing given: the error summary is scanned too
    assert "Paste the credential or choose its file." in verifier.main_text()
    verifier.fill("The credential (the text of the .jwt file)", downloaded)
    verifier.submit("Verify")
    assert "Valid: the register issued this credential" in verifier.main_text()

    registrar = open_page()
    registrar.log_in(REGISTRAR, demo_password)
    registrar.goto(f"/review/registrations?q={number}")
    registrar.follow(number)
    registrar.select("Reason category (shown publicly)", "Investigation in progress")
    registrar.fill("Reason (internal, not shown publicly)", "A complaint is being investigated.")
    registrar.submit("Suspend registration…")
    registrar.submit("Propose this to a second registrar")  # four eyes: another confirms
    proposal_url = registrar.page.url
    confirmer = open_page()
    confirmer.log_in("registrar2@demo.register.nl", demo_password)
    confirmer.goto(proposal_url)
    confirmer.submit("Confirm: Suspend a registration")
    assert "Confirmed. The action has taken effect." in confirmer.main_text()

    verifier.goto("/credentials/verify")
    verifier.fill("The credential (the text of the .jwt file)", text)
    verifier.submit("Verify")
    assert "Suspended: the register has suspended this registration" in verifier.main_text()
    verifier.assert_all_scanned_clean()
    registrant.assert_all_scanned_clean()
    registrar.assert_all_scanned_clean()
    confirmer.assert_all_scanned_clean()

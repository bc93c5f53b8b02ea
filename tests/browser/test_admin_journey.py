"""Browser journeys for the account admin and the policy history, with an axe-core scan of
every page: the admin finds an account, blocks it with a reason (the holder can no longer log
in), unblocks it again and resets a second factor; a registrar opens the policy history from
the navigation and reads a policy version as it was kept."""

from __future__ import annotations

ADMIN = "admin@demo.register.nl"
APPLICANT = "applicant2@demo.register.nl"
REGISTRAR = "registrar@demo.register.nl"


def _log_in_fails(page, email: str, password: str) -> str:
    page.use_english("/login")
    form = page.page.locator("main form[action$='/login']")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.scan()
    assert "/login" in page.page.url
    return page.main_text()


def test_the_admin_blocks_and_unblocks_an_account(open_page, demo_password):
    admin = open_page()
    admin.log_in(ADMIN, demo_password)
    admin.follow("Accounts")
    admin.fill("E-mail address or name", "applicant2")
    admin.submit("Search")
    admin.click("main table tbody th a")
    assert APPLICANT in admin.main_text()
    assert admin.definition("Status") == "Active"

    # a block without a reason is refused and the page says why
    admin.submit("Block the account")
    assert "There is a problem" in admin.main_text()
    assert "Give the reason" in admin.main_text()
    admin.page.locator("#block-reason").fill(
        "Asked by the holder by telephone after a lost laptop."
    )
    admin.submit("Block the account")
    assert "The account has been blocked" in admin.main_text()
    assert admin.definition("Status") == "Blocked"

    holder = open_page()
    _log_in_fails(holder, APPLICANT, demo_password)

    admin.page.locator("#block-reason").fill("The holder has a new laptop; checked by video call.")
    admin.submit("Unblock the account")
    assert "The account can log in again" in admin.main_text()
    assert admin.definition("Status") == "Active"
    holder.log_in(APPLICANT, demo_password)

    admin.follow("Audit events about this account")
    text = admin.main_text()
    assert "account.blocked" in text and "account.unblocked" in text


def test_the_admin_resets_a_registrars_second_factor(open_page, demo_password):
    admin = open_page()
    admin.log_in(ADMIN, demo_password)
    admin.follow("Accounts")
    admin.fill("E-mail address or name", "registrar2")
    admin.submit("Search")
    admin.click("main table tbody th a")
    assert admin.definition("Second factor").startswith("On since")
    admin.page.locator("#reset-reason").fill("Lost phone; identity checked in person.")
    admin.submit("Reset the second factor")
    assert "The second factor has been reset" in admin.main_text()
    assert admin.definition("Second factor") == "Off"


def test_a_registrar_reads_a_kept_policy_version(browser_page, demo_password):
    page = browser_page
    page.log_in(REGISTRAR, demo_password)
    page.follow("Policy history")
    assert "Policy history" in page.main_text()
    rows = page.page.locator("main table tbody tr")
    assert rows.count() >= 10
    assert "(in force)" in page.main_text()
    page.click("main table tbody a:text-is('renewal.yaml')")
    assert "The file as it was kept" in page.main_text()
    assert "version:" in page.page.locator("pre.policy-text").inner_text()
    page.follow("Policy history")

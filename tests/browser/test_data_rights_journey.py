"""Data rights in a real browser: the statements are reached from the footer and pass axe;
a registrant downloads their data from the account page; an admin makes the export for a
written request."""

import io
import json
import zipfile
from pathlib import Path


def test_the_statements_are_linked_from_the_footer(browser_page):
    page = browser_page.goto("/")
    browser_page.click("footer >> text=Privacyverklaring")
    assert "Privacyverklaring" in page.title()
    assert "Bewaard zolang het register bestaat." in browser_page.main_text()
    browser_page.click("footer >> text=Toegankelijkheidsverklaring")
    assert "WCAG 2.1" in browser_page.main_text()
    browser_page.use_english("/privacy")
    assert "months after the final decision" in browser_page.main_text()


def test_a_registrant_downloads_their_data(browser_page, demo_password):
    browser_page.log_in("registrant1@demo.register.nl", demo_password)
    browser_page.goto("/account")
    browser_page.follow("Download your data")
    page = browser_page.page
    with page.expect_download() as info:
        page.get_by_role("button", name="Download your data (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    document = json.loads(archive.read("data.json"))
    assert document["person"]["email"] == "registrant1@demo.register.nl"
    assert document["tables"]["registration"]
    assert "data.html" in archive.namelist()


def test_an_admin_exports_for_a_written_request(browser_page, demo_password):
    browser_page.log_in("admin@demo.register.nl", demo_password)
    browser_page.goto("/admin/accounts?q=registrant1")
    browser_page.click("main tbody a")
    browser_page.follow("Export this person's data for a written request")
    browser_page.submit("Download the export (ZIP)")  # no reason: refused, on the page
    assert "Say when and how the person asked" in browser_page.main_text()
    browser_page.fill("The written request", "Letter of 3 May, signature checked")
    page = browser_page.page
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the export (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert json.loads(archive.read("data.json"))["tables"]["registration"]

"""Issue 4 in a real browser: an employer, not logged in, finds a peer worker by name typed
without diacritics, opens the public page of the registration, then checks a CSV file of
numbers (some of them invalid) and downloads the results. axe-core scans every page."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from register.domain.numbers import format_number

STATUS_AS_OF = re.compile(r"Status as of \w+ \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M")


def _unknown_but_valid_number(app) -> str:
    """A well-formed number (right check digit) that the demo register has not issued."""
    return format_number(app.extensions["policies"].registration.number, 9_876_543)


def _mistyped(number: str) -> str:
    """``number`` with its check digit changed: well-formed, but the check fails."""
    last = int(number[-1])
    return number[:-1] + str((last + 1) % 10)


def test_employer_searches_opens_and_verifies_a_csv(browser_page, live_server):
    app, _ = live_server
    employer = browser_page
    page = employer.use_english()

    # search by name the way an employer types it: no diacritics, lower case
    employer.follow("Search the register")
    employer.fill("Name or registration number", "celik")
    page = employer.submit("Search")
    results = page.get_by_role("table")
    assert "Ayşe Çelik" in results.inner_text()
    assert STATUS_AS_OF.search(employer.main_text())

    # the registration's stable public page
    page = employer.follow("Ayşe Çelik")
    assert page.get_by_role("heading", level=1).inner_text() == "Ayşe Çelik"
    text = employer.main_text()
    assert STATUS_AS_OF.search(text), text
    number = employer.definition("Registration number")
    assert re.fullmatch(r"ED-\d{8}", number), number
    assert employer.definition("Status").startswith("Active")
    assert employer.definition("Registered now") == "Yes"
    assert "@" not in text  # no contact details on a public page

    # a few numbers, typed as people do, with bad rows among them
    spaced = number.lower().replace("-", " ")
    csv_text = (
        "registratienummer\n"
        + "\n".join(
            [
                number,
                spaced,
                "not a number",
                _mistyped(number),
                _unknown_but_valid_number(app),
            ]
        )
        + "\n"
    )
    employer.goto("/verify")
    employer.attach(
        "CSV file with registration numbers", "numbers.csv", csv_text.encode("utf-8"), "text/csv"
    )
    page = employer.submit("Check the numbers")

    assert page.get_by_role("heading", level=1).inner_text() == "Results of the check"
    assert STATUS_AS_OF.search(employer.main_text())
    assert employer.definition("Numbers checked") == "5"
    assert employer.definition("Registered now") == "2"
    assert employer.definition("Not in the register") == "1"
    assert employer.definition("Invalid numbers") == "2"

    rows = page.get_by_role("table").locator("tbody tr")
    assert rows.count() == 5
    per_row = {
        rows.nth(i).locator("td").first.inner_text(): rows.nth(i).locator("td").last.inner_text()
        for i in range(5)
    }
    assert per_row[number] == "Found"
    # the same number typed with spaces: found, and flagged as given twice
    assert per_row[spaced] == "Found\nGiven more than once: also on row 2."
    assert per_row["not a number"].startswith("Invalid number")
    assert "check digit" in per_row[_mistyped(number)]
    assert per_row[_unknown_but_valid_number(app)] == "Not in the register"
    assert "Ayşe Çelik" in rows.nth(0).inner_text()

    # the CSV download: one line per row, in order, with the time of the check
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the results (CSV)", exact=True).click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(body)))
    header, lines = table[0], table[1:]
    assert header[:3] == ["Row", "Input", "Number"] and header[-1] == "Checked at"
    assert [line[1] for line in lines] == [
        number,
        spaced,
        "not a number",
        _mistyped(number),
        _unknown_but_valid_number(app),
    ]
    assert lines[0][2] == number and lines[0][3] == "Ayşe Çelik" and lines[0][5] == "Active"
    assert lines[1][2] == number
    assert lines[3][3] == "" and "check digit" in lines[3][-2]
    assert all(re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", line[-1]) for line in lines)


def test_the_public_pages_in_dutch(browser_page):
    """The default language: a search with prefix and surname, the public page, the
    programme list and the bulk form, all in Dutch and all free of axe violations."""
    visitor = browser_page
    page = visitor.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    visitor.follow("Zoeken in het register")
    visitor.fill("Naam of registratienummer", "Berg, van der")
    page = visitor.page
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").click()
    visitor.scan()
    assert "Jan van der Berg" in page.get_by_role("table").inner_text()
    visitor.follow("Jan van der Berg")
    assert re.search(r"Status op \d{1,2} \w+ \d{4}, \d{2}:\d{2}", visitor.main_text())
    visitor.follow("Geaccrediteerde opleidingen")
    assert page.get_by_role("table").get_by_role("row").count() > 1
    visitor.goto("/verify")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Een lijst registratienummers controleren"
    )

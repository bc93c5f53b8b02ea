"""Bulk verification of an uploaded CSV: columns, encodings, bad rows, empty and oversize
files, and the CSV download."""

import csv
import io
import re

import pytest

from register.domain.lifecycle import RegistrationStatus
from register.errors import ActionRefused
from register.lookup.bulk import parse_rows
from tests.lookup_support import add_registration


@pytest.fixture
def regs(db, policies):
    return {
        "celik": add_registration(policies, given="Fatma", surname="Çelik", commit=False),
        "muller": add_registration(
            policies, given="Hans", surname="Müller", status=RegistrationStatus.STRUCK_OFF
        ),
    }


def upload(client, data: bytes, name="nummers.csv"):
    client.post("/language", data={"lang": "en"})
    return client.post(
        "/verify", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("ED-1\nED-2\n", ["ED-1", "ED-2"]),
        ("registratienummer\nED-1\n\nED-2\n", ["ED-1", "ED-2"]),
        ("Naam;Registratienummer;Functie\nJan;ED-1;x\nPiet;ED-2;y\n", ["ED-1", "ED-2"]),
        ("name,Registration number\nJan,ED-1\n", ["ED-1"]),
        ("Naam,Nummer\r\nJan,ED-1\r\n", ["ED-1"]),
        ("naam\tcode\nJan\tED-1\n", ["ED-1"]),  # no header: the column holding numbers
        ("Nummers\nED-1\n", ["ED-1"]),  # an unrecognised header over a single column
        ('"ED-1"\n"ED 2"\n', ["ED-1", "ED 2"]),
    ],
)
def test_column_detection(text, values):
    assert [row.value for row in parse_rows(text)] == values


def test_rows_keep_their_line_numbers_and_short_rows_are_empty():
    rows = parse_rows("naam;registratienummer\nJan;ED-1\n\nPiet\n")
    assert [(r.line, r.value) for r in rows] == [(2, "ED-1"), (4, "")]


@pytest.mark.parametrize("text", ["", "\n\n", " \r\n"])
def test_empty_file_is_refused(text):
    with pytest.raises(ActionRefused):
        parse_rows(text)


def test_more_than_ten_thousand_rows_is_refused():
    parse_rows("\n".join(["ED-1"] * 10_000))
    with pytest.raises(ActionRefused):
        parse_rows("\n".join(["ED-1"] * 10_001))


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("cp1252"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "utf-16"],
)
def test_encodings_are_read(client, regs, encode):
    text = f"Naam;Registratienummer\nFatma Çelik;{regs['celik'].number}\nJosé Müller;onzin\n"
    response = upload(client, encode(text))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Fatma Çelik" in html
    assert "onzin" in html  # the bad row is shown, not lost


def test_summary_reports_each_row(client, regs):
    wrong = regs["celik"].number[:-1] + str((int(regs["celik"].number[-1]) + 1) % 10)
    rows = [regs["celik"].number, regs["muller"].number.lower(), "ED-00009998", wrong, "hallo"]
    response = upload(client, ("registration number\n" + "\n".join(rows)).encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Status as of" in html
    assert "check digit" in html and "Not in the register" in html
    assert "Hans Müller" in html and "Struck off" in html
    assert "Download the results (CSV)" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"\n \n", "The file is empty"),
        (b"%PDF-1.4\x00\x00binary", "not a CSV file"),
        (b"naam;functie\nJan;begeleider\n", "No column with registration numbers"),
        (b"registratienummer\n", "no registration numbers below the heading"),
        (("\n".join(["ED-00000013"] * 10_001)).encode(), "10.000"),
    ],
)
def test_unusable_files_get_a_clear_message(client, data, message):
    response = upload(client, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html and "There is a problem" in html


def test_oversize_file_is_refused(app, client):
    app.config["BULK_MAX_BYTES"] = 1000
    response = upload(client, b"ED-00000013\n" * 200)
    assert response.status_code == 422
    assert "larger than" in response.get_data(as_text=True)


def test_no_file_chosen(client):
    client.post("/language", data={"lang": "en"})
    response = client.post("/verify", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a CSV file" in response.get_data(as_text=True)


def _token(html: str) -> str:
    marker = 'name="token" type="hidden" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_download_reverifies_and_gives_every_row(client, regs):
    rows = [regs["celik"].number, "=HYPERLINK(1)", regs["muller"].number]
    html = upload(client, ("\n".join(rows)).encode()).get_data(as_text=True)
    response = client.post("/verify/results.csv", data={"token": _token(html)})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:8] == [
        "Row",
        "Input",
        "Number",
        "Name",
        "Tier",
        "Status",
        "Registered now",
        "Valid until",
    ]
    assert table[0][8:10] == ["Not registered since", "Registering again not before"]
    assert table[0][-1] == "Checked at"
    assert table[1][2:4] == [regs["celik"].number, "Fatma Çelik"]
    assert table[1][6] == "yes" and table[3][5] == "Struck off" and table[3][6] == "no"
    assert table[1][7] and not table[1][8]  # a registered row: valid until, never "since"
    assert table[3][7] == "" and table[3][8]  # struck off: no "valid until", but since when
    assert table[2][1] == "'=HYPERLINK(1)"  # never run as a spreadsheet formula
    assert all(len(row[-1]) == len("23-11-2026 10:41") for row in table[1:])


def test_download_with_a_changed_token_is_refused(client, regs):
    html = upload(client, regs["celik"].number.encode()).get_data(as_text=True)
    token = _token(html)
    response = client.post("/verify/results.csv", data={"token": token[:-2] + "xx"})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_several_numbers_on_one_line_are_each_checked():
    """A list typed or pasted as it comes: commas, semicolons and white space between
    numbers; a number typed with spaces in it stays one number."""
    rows = parse_rows(
        "ED-00000013, ED-00000024; ED-00000035\nED-00000046 ED-00000057\ned 0000001 3\n"
    )
    assert [(r.line, r.value) for r in rows] == [
        (1, "ED-00000013"),
        (1, "ED-00000024"),
        (1, "ED-00000035"),
        (2, "ED-00000046"),
        (2, "ED-00000057"),
        (3, "ed 0000001 3"),
    ]


def test_a_table_with_names_reads_only_its_number_column_but_splits_it():
    rows = parse_rows("naam;registratienummer\nJan 12;ED-00000013 ED-00000024\nPiet;ED-00000035\n")
    assert [(r.line, r.value) for r in rows] == [
        (2, "ED-00000013"),
        (2, "ED-00000024"),
        (3, "ED-00000035"),
    ]


def test_duplicates_are_flagged_and_registered_now_is_a_column(client, regs):
    celik, muller = regs["celik"].number, regs["muller"].number
    spaced = celik.lower().replace("-", " ")
    data = f"registratienummer\n{celik}, {muller}\n{spaced}\n{muller}\n".encode()
    page = upload(client, data).get_data(as_text=True)
    assert '<th scope="col">Registered now</th>' in page
    assert page.count("Given more than once: also on row 2.") == 2  # the spaced one, Müller
    assert "<dt>Numbers given more than once</dt><dd>2</dd>" in page
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(\d+)</th>(.*?)</tr>", page, re.S)
    cells = {(line, re.findall(r"<td>(.*?)</td>", body, re.S)[0]): body for line, body in rows}
    assert "<td><strong>Yes</strong></td>" in cells[("2", celik)]
    assert "<td><strong>No</strong></td>" in cells[("2", muller)]  # struck off: not registered now


def test_a_table_of_numbers_and_dates_reads_only_the_number_column():
    rows = parse_rows("ED-00000013;2024-01-01\nED-00000024;2025-02-02\n")
    assert [(r.line, r.value) for r in rows] == [(1, "ED-00000013"), (2, "ED-00000024")]


def test_a_list_without_heading_reads_every_number_on_a_line():
    rows = parse_rows("ED-00000013, ED-00000024\nED-00000035\n")
    assert [r.value for r in rows] == ["ED-00000013", "ED-00000024", "ED-00000035"]

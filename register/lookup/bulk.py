"""Bulk verification for employers: reading an uploaded CSV of registration numbers and
writing the results as CSV.

The upload is read in memory and never stored. For the download, the page carries the rows
back in a signed, time-limited form field and the numbers are verified again, so the server
keeps nothing between the two requests.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from register import tokens
from register.domain.names import fold
from register.domain.numbers import NumberProblem, format_number
from register.errors import ActionRefused
from register.lookup.public import public_view
from register.lookup.services import Outcome
from register.policy import current_policies

MAX_ROWS = 10_000
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_PURPOSE = "bulk-verification"
TOKEN_MAX_AGE = 3600
MAX_VALUE_LENGTH = 40
_HEADER_WORDS = (
    "registratienummer",
    "registrationnumber",
    "registernummer",
    "registratienr",
    "registrationno",
    "registernr",
    "nummer",
    "number",
)
_DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class Row:
    """One data row of the upload: its line number in the file and the typed number."""

    line: int
    value: str


def _unreadable(message) -> ActionRefused:
    return ActionRefused(message, field="file")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252 (Excel's default)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        raise _unreadable(_l("This is not a CSV file. Save the list as CSV and try again."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_upload(upload) -> list[Row]:
    """The rows of an uploaded CSV file; refused (``ActionRefused`` on the form's ``file``
    field) when the file as a whole is unusable."""
    limit = current_app.config.get("BULK_MAX_BYTES", DEFAULT_MAX_BYTES)
    data = upload.stream.read(limit + 1) if upload is not None else b""
    if len(data) > limit:
        raise _unreadable(
            _l("The file is larger than %(kb)s kB. Split it into smaller files.", kb=limit // 1024)
        )
    return parse_rows(decode(data))


def _is_header(cell: str) -> bool:
    key = fold(cell).replace(" ", "")
    return any(key == word or key.startswith(word) for word in _HEADER_WORDS)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def parse_rows(text: str) -> list[Row]:
    """Find the number column (a header like "registratienummer", the only column, or the
    column that holds numbers) and return one ``Row`` per non-empty data line."""
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise _unreadable(_l("The file is empty. Put one registration number on each line."))
    sample = next(line for line in lines if line.strip())
    counts = {d: sample.count(d) for d in _DELIMITERS}
    delimiter = max(counts, key=counts.get) if max(counts.values()) else ","
    table = [
        (n, [c.strip() for c in cells])
        for n, cells in enumerate(csv.reader(lines, delimiter=delimiter), start=1)
        if any(c.strip() for c in cells)
    ]
    first_line, first = table[0]
    column = next((i for i, cell in enumerate(first) if _is_header(cell)), None)
    body = table[1:] if column is not None else table
    if column is None:
        column = _number_column(table)
        if column is None:
            raise _unreadable(
                _l(
                    "No column with registration numbers was found. Name the "
                    'column "registration number" or use one column only.'
                )
            )
        if column < len(first) and not _has_digit(first[column]):
            body = table[1:]  # an unrecognised header such as "Naam"
    if _just_numbers(first, body, column):  # a list: every number in every cell
        rows = [Row(n, v) for n, cells in body for cell in cells if cell for v in split_cell(cell)]
    else:
        rows = [Row(n, v) for n, cells in body for v in split_cell(_at(cells, column))]
    if len(rows) > MAX_ROWS:
        raise _unreadable(
            _l(
                "The file has %(rows)s rows. Check at most %(max)s numbers at once.",
                rows=len(rows),
                max=f"{MAX_ROWS:,}".replace(",", "."),
            )
        )
    if not body:
        raise _unreadable(_l("The file has no registration numbers below the heading."))
    return rows


def _at(cells: list[str], column: int) -> str:
    return cells[column] if column < len(cells) else ""


#: a cell that holds registration numbers and nothing else: an optional prefix, then digits
#: (with spaces or dots between them); a date ("2024-01-01") or a time is no such cell
_NUMBERS_ONLY = re.compile(r"(?:[A-Za-z]{0,6}[\s.\-_/]*\d[\d\s.]{4,}[\s,;]*)+")


def _just_numbers(first: list[str], body, column: int) -> bool:
    """The file is a list of numbers, not a table: no heading beside the numbers' one, and
    every filled cell of every row holds numbers only (several numbers on a line)."""
    if len([cell for cell in first if cell]) > 1 and _is_header(_at(first, column)):
        return False
    return all(_NUMBERS_ONLY.fullmatch(cell) for _, cells in body for cell in cells if cell)


def split_cell(cell: str) -> list[str]:
    """The numbers in one cell: split on commas and semicolons, and on white space where
    every piece holds a number of its own, at least ``_WHOLE_DIGITS`` digits
    ("ED-00000013 ED-00000024"); a number typed with spaces in it ("ed 0000001 3",
    "0000 0013") stays one. An empty cell gives one empty value."""
    values: list[str] = []
    for part in (p.strip() for p in re.split(r"[,;]", cell)):
        pieces = part.split()
        if len(pieces) > 1 and all(_digits(piece) >= _WHOLE_DIGITS for piece in pieces):
            values += pieces
        elif part:
            values.append(part)
    return [v[:MAX_VALUE_LENGTH] for v in values] or [""]


#: digits in a piece of a cell for it to be a number of its own rather than part of one
_WHOLE_DIGITS = 5


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def duplicates(rows: list[Row], results) -> dict[int, int]:
    """Index of each row whose number an earlier row already had → that earlier row's line
    (numbers compared in their canonical form, so "ed 0000001 3" repeats "ED-00000013")."""
    first: dict[str, int] = {}
    repeated: dict[int, int] = {}
    for i, (row, result) in enumerate(zip(rows, results, strict=True)):
        if not result.number:
            continue
        if result.number in first:
            repeated[i] = first[result.number]
        else:
            first[result.number] = row.line
    return repeated


def _number_column(table) -> int | None:
    width = max(len(cells) for _, cells in table)
    if width == 1:
        return 0
    scores = [
        sum(1 for _, cells in table[:50] if i < len(cells) and _has_digit(cells[i]))
        for i in range(width)
    ]
    best = max(range(width), key=lambda i: scores[i])
    return best if scores[best] else None


def sign_rows(rows: list[Row]) -> str:
    """The rows as a signed, compressed token for the download form."""
    return tokens.sign(_PURPOSE, [[row.line, row.value] for row in rows])


def load_rows(token: str) -> list[Row] | None:
    """The rows from a token made by ``sign_rows``; None when changed or expired."""
    try:
        data = tokens.verify(_PURPOSE, token, TOKEN_MAX_AGE)
    except tokens.TokenError:
        return None
    return [Row(int(line), str(value)) for line, value in data][:MAX_ROWS]


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(rows: list[Row], results, checked, policies, lang: str, today) -> str:
    """The results as CSV text (with a BOM so that spreadsheets read the accents)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            str(h)
            for h in (
                _l("Row"),
                _l("Input"),
                _l("Number"),
                _l("Name"),
                _l("Tier"),
                _l("Status"),
                _l("Registered now"),
                _l("Valid until"),
                _l("Not registered since"),
                _l("Registering again not before"),
                _l("Result"),
                _l("Checked at"),
            )
        ]
    )
    stamp = format_datetime(checked, "dd-MM-yyyy HH:mm")
    for row, result in zip(rows, results, strict=True):
        reg = result.registration
        if reg is None:
            cells = [row.line, row.value, result.number or "", "", "", "", "", "", "", ""]
        else:
            status = policies.registration.statuses[reg.status.value].name.get(lang)
            view = public_view(reg, policies, today)
            cells = [
                row.line,
                row.value,
                reg.number,
                reg.name,
                reg.tier,
                status,
                _l("yes") if view.registered_now else _l("no"),
                _day(view.valid_until),
                _day(view.not_registered_since),
                _day(view.re_entry_not_before),
            ]
        cells += [outcome_text(result), stamp]
        writer.writerow([_cell(c) for c in cells])
    return out.getvalue()


def _day(day) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def example_number() -> str:
    """A well-formed number to show in messages, in the register's own format."""
    return format_number(current_policies().registration.number, 1234567)


def outcome_text(result) -> str:
    """What a verification result means, in words."""
    if result.outcome is Outcome.FOUND:
        return str(_l("Found"))
    if result.outcome is Outcome.UNKNOWN:
        return str(_l("Not in the register"))
    if result.problem is NumberProblem.CHECK_DIGIT:
        return str(_l("Invalid number: the check digit does not match (typing error?)"))
    if result.problem is NumberProblem.EMPTY:
        return str(_l("No number on this row"))
    return str(_l("Invalid number: a number looks like %(example)s", example=example_number()))


@dataclass(frozen=True)
class Summary:
    """Counts per outcome, and the rows that need the employer's attention."""

    total: int
    registered: int
    not_registered: int
    unknown: int
    malformed: int
    attention: list


def summarise(pairs, policies, today) -> Summary:
    """Count the ``(row, result)`` pairs by outcome; everything not registered needs attention."""
    counts = {"registered": 0, "not_registered": 0, Outcome.UNKNOWN: 0, Outcome.MALFORMED: 0}
    attention = []
    for row, result in pairs:
        if result.registration is not None:
            view = public_view(result.registration, policies, today)
            key = "registered" if view.registered_now else "not_registered"
        else:
            key = result.outcome
        counts[key] += 1
        if key != "registered":
            attention.append((row, result))
    return Summary(
        len(pairs),
        counts["registered"],
        counts["not_registered"],
        counts[Outcome.UNKNOWN],
        counts[Outcome.MALFORMED],
        attention,
    )

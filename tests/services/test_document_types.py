"""Providers' documents are recognised by content: PDF, PNG, JPEG by their first bytes,
DOCX and XLSX by the zip container's [Content_Types].xml, ODT by its mimetype entry; a
renamed file, a plain zip or a macro-enabled document is not accepted."""

from __future__ import annotations

import io
import zipfile

import pytest

from register.uploads import DOCX, ODT, XLSX, sniff_document_type

# never touches the test database: runs once, in the SQLite run (marker "no_database")
pytestmark = pytest.mark.no_database

TYPES = '<Types><Override PartName="/{part}" ContentType="{ctype}"/></Types>'


def _zip(entries: dict[str, str], stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as container:
        if stored_first:
            container.writestr(stored_first, entries.pop(stored_first), zipfile.ZIP_STORED)
        for name, text in entries.items():
            container.writestr(name, text)
    return buffer.getvalue()


def _ooxml(part: str, ctype: str) -> bytes:
    return _zip({"[Content_Types].xml": TYPES.format(part=part, ctype=ctype), part: "<x/>"})


WORD_MAIN = DOCX + ".main+xml"
SHEET_MAIN = XLSX + ".main+xml"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (_ooxml("word/document.xml", WORD_MAIN), DOCX),
        (_ooxml("xl/workbook.xml", SHEET_MAIN), XLSX),
        (_zip({"mimetype": ODT, "content.xml": "<x/>"}, stored_first="mimetype"), ODT),
        # a macro-enabled Word document declares another main type
        (
            _ooxml("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
            None,
        ),
        (_zip({"notes.txt": "just a zip"}), None),
        (_zip({"mimetype": "application/epub+zip"}, stored_first="mimetype"), None),
        (b"PK\x03\x04 broken zip", None),
        (b"MZ an executable called report.docx", None),
    ],
)
def test_document_types_by_content(data, expected):
    assert sniff_document_type(data) == expected

"""Every text in the interface has a Dutch translation, none of them fuzzy, and the catalogue
holds nothing the code no longer says (the standard flow: `make translations-update`)."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

# never touches the test database: runs once, in the SQLite run (marker "no_database")
pytestmark = pytest.mark.no_database

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "register" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "N_": None,  # the rule texts in register/domain (no flask_babel there)
}


def _source_texts() -> set[tuple[str, str | None]]:
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add((message if isinstance(message, str) else message[0], context))
    return found


def _catalogue():
    with CATALOGUE.open("rb") as fh:
        return read_po(fh, locale="nl")


def test_every_source_text_has_a_dutch_translation_that_is_not_fuzzy():
    catalogue = _catalogue()
    problems = []
    for text, context in sorted(_source_texts(), key=str):
        entry = catalogue.get(text, context)
        if entry is None:
            problems.append(f"missing: {text!r}")
        elif not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            problems.append(f"untranslated: {text!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {text!r}")
    assert problems == [], "run `make translations-update` and translate:\n" + "\n".join(problems)


def test_catalogue_holds_no_text_the_code_no_longer_uses():
    source = {text for text, _context in _source_texts()}
    stale = [
        m.id
        for m in _catalogue()
        if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in source
    ]
    assert stale == [], "run `make translations-update` to drop: " + repr(stale)

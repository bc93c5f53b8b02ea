"""Merge, compile and check the Dutch catalogue (see the package docstring)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
ROOT = PACKAGE.parent
OUT = PACKAGE / "translations"
METHOD_MAP = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}


def merged(locale: str = "nl") -> tuple[Catalog, list[str]]:
    """All fragments of ``locale`` merged into one catalogue, plus conflicting msgids."""
    catalog = Catalog(locale=locale, domain="messages")
    conflicts = []
    for path in sorted((HERE / locale).glob("*.po")):
        with path.open("rb") as fh:
            fragment = read_po(fh, locale=locale)
        for message in fragment:
            if not message.id or not message.string:
                continue
            existing = catalog.get(message.id, message.context)
            if existing is not None and existing.string != message.string:
                conflicts.append(f"{path.name}: {message.id!r}")
                continue
            catalog.add(message.id, message.string, context=message.context)
    return catalog, conflicts


def source_messages() -> set:
    """Every translatable text in the code and templates."""
    found = set()
    for base in (PACKAGE, ROOT / "templates"):
        for _f, _l, msg, _c, context in extract_from_dir(
            base,
            METHOD_MAP,
            keywords=KEYWORDS,
            options_map={"**.html": {"extensions": "jinja2.ext.do"}},
        ):
            found.add((msg, context))
    return found


def build(locale: str = "nl") -> Path:
    """Merge the fragments and write the compiled ``.mo`` file."""
    catalog, _ = merged(locale)
    target = OUT / locale / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    return target


def missing(locale: str = "nl") -> list:
    """Source texts that the merged catalogue does not translate."""
    catalog, _ = merged(locale)
    result = []
    for msg, context in sorted(source_messages(), key=str):
        key = msg if isinstance(msg, str) else msg[0]
        entry = catalog.get(msg if isinstance(msg, str) else msg, context)
        if entry is None or not entry.string:
            result.append(key)
    return result


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "build"
    if command == "build":
        print(f"compiled {build()}")
        return 0
    if command == "missing":
        gaps = missing()
        for msgid in gaps:
            print(msgid)
        print(f"{len(gaps)} untranslated", file=sys.stderr)
        return 1 if gaps else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

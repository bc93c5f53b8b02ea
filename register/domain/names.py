"""Dutch names as people type them: folding and search keys (pure, no Flask, no database).

A name is stored with three search keys that plain B-tree indexes can serve on SQLite and
PostgreSQL alike (``search_keys``), and a typed query is read into the surname, prefix
(tussenvoegsel) and given names it most likely means (``parse_query``).

Folding makes the comparison forgiving: lower case, no diacritics (Çelik → celik,
Müller → muller), letters like ß and ø spelled out, and "ij" written as "y" so that
Dijkstra and Dykstra are the same key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Words that make up Dutch (and neighbouring) surname prefixes, e.g. "van der", "in 't".
PREFIX_WORDS = frozenset(
    {
        "van",
        "von",
        "vom",
        "de",
        "der",
        "den",
        "des",
        "het",
        "t",
        "ter",
        "ten",
        "te",
        "in",
        "op",
        "uit",
        "aan",
        "bij",
        "onder",
        "over",
        "voor",
        "la",
        "le",
        "les",
        "du",
        "d",
        "di",
        "da",
        "del",
        "della",
        "dos",
        "das",
        "zu",
        "zum",
        "zur",
        "l",
    }
)

_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ĳ": "ij",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
KEY_LENGTH = 120


def fold(text: str | None) -> str:
    """Lower case, without diacritics, "ij" as "y", and every run of other characters as one
    space: ``fold("Çelik-IJzerman")`` is ``"celik yzerman"``."""
    # NFKC first, so that letters and digits in other widths or forms (full-width "Ｂｅｒｇ",
    # ligatures, circled letters) are plain ones before they are put in lower case
    text = unicodedata.normalize("NFKC", text or "").lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_ALNUM.sub(" ", text).strip()
    return text.replace("ij", "y")


def tokens(text: str | None) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()


def search_keys(
    given_names: str | None, surname_prefix: str | None, surname: str | None
) -> dict[str, str | None]:
    """The search column values to store with a registration.

    ``surname_key`` is the folded surname without prefix and without spaces ("jansencelik"
    for "Jansen-Çelik"). ``surname_alt_key`` is a second way in:

    - for a compound (married) surname, its later part without the inner prefix: "celik"
      for "Jansen-Çelik", "berg" for "Jansen-van der Berg", so that "Çelik", "Berg" and
      "van der Berg" each find the person (the first part is the start of ``surname_key``);
    - else, for a surname with a prefix, the prefix and surname typed together:
      "vanderberg" for "van der" "Berg", as people type it ("Vanderberg").

    ``given_key`` holds the folded given names for ranking ("jan peter"), ``given_later_key``
    those after the first ("peter"), so that a search by a second given name is an index
    range too.
    """
    words = tokens(surname)
    leading: list[str] = []
    while len(words) > 1 and words[0] in PREFIX_WORDS:
        leading.append(words.pop(0))
    prefix = tokens(surname_prefix) + leading
    alt = None
    if len(words) > 1:
        later = words[1:]
        while len(later) > 1 and later[0] in PREFIX_WORDS:
            later.pop(0)
        alt = "".join(later)
    elif prefix:
        alt = "".join(prefix + words)
    given_key = " ".join(tokens(given_names))[:KEY_LENGTH]
    return {
        "surname_key": "".join(words)[:KEY_LENGTH],
        "surname_alt_key": alt[:KEY_LENGTH] if alt else None,
        "given_key": given_key,
        "given_later_key": given_key.partition(" ")[2] or None,
        "prefix_key": " ".join(leading + tokens(surname_prefix))[:40],
    }


@dataclass(frozen=True)
class NameQuery:
    """What a typed name most likely means.

    ``candidates`` are ``(surname, given names)`` readings of the query, most likely first;
    ``prefix`` is the typed prefix (folded), if any.
    """

    candidates: tuple[tuple[str, tuple[str, ...]], ...]
    prefix: str

    @property
    def empty(self) -> bool:
        return not self.candidates


def _split_prefix_run(words: list[str]) -> tuple[list[str], list[str], list[str]] | None:
    """``before, prefix, after`` around the first run of prefix words followed by a name."""
    for start, word in enumerate(words):
        if word not in PREFIX_WORDS:
            continue
        end = start
        while end < len(words) and words[end] in PREFIX_WORDS:
            end += 1
        if end < len(words):
            return words[:start], words[start:end], words[end:]
        if start > 0:  # trailing prefix: "Berg van der"
            return words[:start], words[start:end], []
    return None


def parse_query(text: str) -> NameQuery:
    """Read a typed name: "van der Berg", "Berg, van der", "Jan van der Berg", "Berg Jan",
    "Berg" and "berg, j." all give the surname "berg" as the first reading; "Jansen-van der
    Berg" is read as that whole surname first and as "Berg" with a prefix after it, "van der
    Berg Jan" as "Berg" with the given name "Jan" too."""
    if "," in text:
        head, _, tail = text.partition(",")
        surname_words = [w for w in tokens(head) if w not in PREFIX_WORDS] or tokens(head)
        tail_words = tokens(tail)
        prefix = [w for w in tail_words if w in PREFIX_WORDS]
        prefix += [w for w in tokens(head) if w in PREFIX_WORDS and w not in surname_words]
        given = tuple(w for w in tail_words if w not in PREFIX_WORDS)
        if not surname_words:
            return NameQuery((), "")
        return NameQuery((("".join(surname_words), given),), " ".join(prefix))
    words = tokens(text)
    if not words:
        return NameQuery((), "")
    split = _split_prefix_run(words)
    if split is not None:
        before, prefix, after = split
        if not after:  # "Berg van der", "Jan Berg van der"
            readings = [("".join(before), ())]
            if len(before) > 1:
                readings.insert(0, (before[-1], tuple(before[:-1])))
        else:
            hyphen = "-" in text
            readings = [("".join(after), tuple(before))]  # Jan van der Berg
            if len(after) > 1:  # van der Berg Jan (or, with a hyphen, van der Berg-Smit)
                given_after = (after[0], tuple(before + after[1:]))
                readings.insert(len(readings) if hyphen else 0, given_after)
            # a married name typed whole, its parts joined by a hyphen: Jansen-van der Berg
            if before and re.search(rf"-\s*{prefix[0]}\b", text.lower()):
                whole = [("".join(before + prefix + after), ())]
                if len(before) > 1:  # Jan Jansen-van der Berg
                    whole.append(("".join(before[1:] + prefix + after), (before[0],)))
                readings = whole + readings
        return NameQuery(tuple(dict.fromkeys(readings)), " ".join(prefix))
    if len(words) == 1:
        return NameQuery(((words[0], ()),), "")
    readings = [
        (words[-1], tuple(words[:-1])),  # Jan Berg
        (words[0], tuple(words[1:])),  # Berg Jan
        ("".join(words), ()),  # Jansen Celik (compound surname typed with a space)
    ]
    if len(words) > 2:
        readings.append(("".join(words[1:]), (words[0],)))  # Jan Jansen Celik
    unique = tuple(dict.fromkeys(readings))
    return NameQuery(unique, "")


def prefix_range(key: str) -> tuple[str, str]:
    """``(low, high)`` so that ``low <= column < high`` matches every key starting with
    ``key``: a range any B-tree index serves, unlike ``LIKE`` on some databases."""
    return key, key[:-1] + chr(ord(key[-1]) + 1)


def key_variants(key: str) -> tuple[str, ...]:
    """Keys to try for a partly typed surname: "Di" may be the start of "Dijk" ("dy")."""
    if key.endswith("i") and len(key) > 1:
        return key, key[:-1] + "y"
    return (key,)

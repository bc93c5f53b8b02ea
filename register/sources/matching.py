"""Finding a quoted text in a source document, forgiving only what PDF extraction breaks.

The source documents are plain text extracted from PDFs: lines break anywhere, words are
hyphenated at line ends, bullets and tabs stand between words, blank lines split a sentence,
ligatures and curly quotes vary, and sometimes the space between two words is lost. A quote
is compared with a source on a *skeleton* of both: Unicode compatibility forms (ligatures
become letters), one kind of apostrophe, quote mark and dash, no bullets, case folded, and
no white space or hyphens at all. Everything else counts: a changed, added or dropped word or
punctuation mark is a difference, so a paraphrase cannot pass. Only the final punctuation
mark of a quote is ignored, because a quoted fragment may end where the source's sentence
goes on.

Pure text work (no files, no policy objects): ``register.sources.check`` reads the documents
and the policies and uses this module.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

_APOSTROPHES = "'’‘‚‛´`′"
_QUOTES = '"“”„‟″«»'
_DASHES = "-‐‑‒–—―−"
_DROPPED = set("•●▪◦·\u00ad\u200b\ufeff") | set(_DASHES)
_TRAILING = ".;:,"


def _fold_char(ch: str) -> str:
    """One character of the original as it stands in the skeleton ("" when dropped)."""
    if ch in _APOSTROPHES:
        return "'"
    if ch in _QUOTES:
        return '"'
    if ch in _DROPPED or ch.isspace():
        return ""
    return unicodedata.normalize("NFKC", ch).casefold().replace(" ", "")


def skeleton(text: str) -> str:
    """``text`` as compared: see the module's docstring."""
    return "".join(_fold_char(ch) for ch in text)


def quote_skeleton(text: str) -> str:
    """The skeleton of a quote, without its final punctuation mark."""
    return skeleton(text.strip().rstrip(_TRAILING))


@dataclass(frozen=True)
class Match:
    """Where a quote stands in a source: its first and last line (1-based)."""

    first_line: int
    last_line: int

    @property
    def location(self) -> str:
        """The lines as a location, e.g. ``l.2586–2602``."""
        if self.first_line == self.last_line:
            return f"l.{self.first_line}"
        return f"l.{self.first_line}–{self.last_line}"


@dataclass(frozen=True)
class Near:
    """The closest passage to a quote that is not in the source: how much of the quote's
    beginning was found, where, and the source's text from there."""

    matched_chars: int
    quote_chars: int
    first_line: int
    excerpt: str


_LINE_RANGE = re.compile(r"l\.\s*(\d+)(?:\s*[-–]\s*(\d+))?")


def line_ranges(location: str) -> tuple[tuple[int, int], ...]:
    """The line ranges a location names (``"l.1111–1112, l.1177"``); empty when it names
    none (``"§6.1.1"``)."""
    ranges = []
    for start, end in _LINE_RANGE.findall(location):
        first = int(start)
        ranges.append((first, int(end) if end else first))
    return tuple(ranges)


class SourceText:
    """One source document, prepared for finding quotes in it."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        chars: list[str] = []
        line_of: list[int] = []
        self._line_start: list[int] = []  # skeleton offset where each line begins
        for number, line in enumerate(self.lines, start=1):
            self._line_start.append(len(line_of))
            for ch in line:
                folded = _fold_char(ch)
                chars.append(folded)
                line_of.extend([number] * len(folded))
        self.skeleton = "".join(chars)
        self._line_of = line_of

    def find_all(self, quote: str) -> tuple[Match, ...]:
        """Every place the quote stands in the source (empty when nowhere)."""
        wanted = quote_skeleton(quote)
        if not wanted:
            return ()
        found, start = [], self.skeleton.find(wanted)
        while start != -1:
            end = start + len(wanted) - 1
            found.append(Match(self._line_of[start], self._line_of[end]))
            start = self.skeleton.find(wanted, start + 1)
        return tuple(found)

    def _span(self, ranges: tuple[tuple[int, int], ...]) -> tuple[int, int]:
        """The skeleton offsets of the lines ``ranges`` name (a few lines either side), or
        the whole document when they name none it has."""
        starts = self._line_start
        inside = [(a, b) for a, b in ranges if 1 <= a <= len(starts)]
        if not inside:
            return 0, len(self.skeleton)
        first = max(1, min(a for a, _ in inside) - 3)
        last = max(b for _, b in inside) + 3
        end = starts[last] if last < len(starts) else len(self.skeleton)
        return starts[first - 1], end

    def nearest(self, quote: str, ranges: tuple[tuple[int, int], ...] = ()) -> Near:
        """The passage closest to a quote that was not found: the longest beginning of the
        quote that the source has (or, when that is very short, the longest common stretch),
        looked for first in the lines ``ranges`` name, with the source's text from there."""
        wanted = quote_skeleton(quote)
        spans = [self._span(ranges)] if ranges else []
        spans.append((0, len(self.skeleton)))
        for start, end in spans:
            region = self.skeleton[start:end]
            low, high = 0, len(wanted)
            while low < high:  # the longest prefix that occurs (its prefixes occur too)
                mid = (low + high + 1) // 2
                if wanted[:mid] in region:
                    low = mid
                else:
                    high = mid - 1
            if low >= min(12, len(wanted)):
                position = start + region.find(wanted[:low])
                break
        else:
            region = self.skeleton[spans[0][0] : spans[0][1]]
            matcher = SequenceMatcher(None, region, wanted, autojunk=False)
            block = matcher.find_longest_match(0, len(region), 0, len(wanted))
            position, low = spans[0][0] + block.a, block.size
        first = self._line_of[position] if self._line_of else 1
        excerpt = " ".join(line.strip() for line in self.lines[first - 1 : first + 5])
        return Near(low, len(wanted), first, " ".join(excerpt.split())[:400])

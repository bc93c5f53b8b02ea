"""The sources check: every quote in ``policies/*.yaml`` stands in its source document.

For each ``Quote`` in every policy file (``register.policy.sources.quotes_in``) the check
takes the text in the source's language, puts back what the quote's ``corrections`` record,
and looks for it in the source (``register.sources.matching``). A quote that is not there,
or not in the lines its ``location`` names, is a problem: the report gives the file, the key
and the nearest passage of the source, so whoever edits the policy sees what the source says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from register.policy.loader import POLICY_FILES, load_policies
from register.policy.sources import SOURCES, Quote, quotes_in
from register.sources.matching import Match, SourceText, line_ranges


class SourcesMissing(Exception):
    """A source document the policies quote is not in the seeds folder."""


@dataclass(frozen=True)
class Problem:
    """One quote that is not where it says: file, key and what is wrong."""

    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}"


@dataclass(frozen=True)
class Report:
    """What the check found."""

    checked: int
    files: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def load_sources(seeds: Path) -> dict[str, SourceText]:
    """Every source document in ``seeds`` (files named ``<id>_<hash>.txt``), prepared."""
    texts = {}
    for source in SOURCES.values():
        found = sorted(seeds.glob(f"{source.file_prefix}*.txt"))
        if not found:
            raise SourcesMissing(f"no file {source.file_prefix}*.txt in {seeds}")
        texts[source.id] = SourceText(found[0].read_text(encoding="utf-8"))
    return texts


def _within(match: Match, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start <= match.first_line and match.last_line <= end for start, end in ranges)


def check_quote(quote: Quote, texts: dict[str, SourceText]) -> str | None:
    """Why ``quote`` fails the check, or None when it stands where it says."""
    source = texts[quote.source]
    text = quote.as_written()
    matches = source.find_all(text)
    if not matches:
        near = source.nearest(text, line_ranges(quote.location))
        return (
            f"not found in {quote.source} ({quote.location}); the nearest passage has the "
            f"first {near.matched_chars} of its {near.quote_chars} characters at "
            f"l.{near.first_line}, where the source reads: {near.excerpt!r}"
        )
    ranges = line_ranges(quote.location)
    if ranges and not any(_within(m, ranges) for m in matches):
        found = ", ".join(m.location for m in matches)
        return f"found in {quote.source} at {found}, not at the stated {quote.location}"
    return None


def check_policies(policy_dir: Path, seeds: Path) -> Report:
    """Check every quote of every policy file in ``policy_dir`` against ``seeds``."""
    policies = load_policies(policy_dir)
    texts = load_sources(seeds)
    checked, problems = 0, []
    for attr, (filename, _schema) in POLICY_FILES.items():
        for key, quote in quotes_in(getattr(policies, attr)):
            checked += 1
            message = check_quote(quote, texts)
            if message is not None:
                problems.append(Problem(filename, key, message))
    return Report(checked, len(POLICY_FILES), tuple(problems))

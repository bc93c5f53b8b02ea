"""Registration numbers (registratienummers): formatting, parsing and the Damm check digit.

The Damm algorithm detects every single-digit error and every transposition of adjacent
digits, so a number typed with one typo is recognised as invalid instead of "not found".
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass

from register.policy.registration import NumberFormat

_DAMM_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_check_digit(digits: str) -> int:
    """The Damm check digit for a string of decimal digits."""
    interim = 0
    for ch in digits:
        interim = _DAMM_TABLE[interim][int(ch)]
    return interim


def damm_is_valid(digits_with_check: str) -> bool:
    """True when the last digit is the correct Damm check digit of the others."""
    return bool(digits_with_check) and damm_check_digit(digits_with_check) == 0


def format_number(fmt: NumberFormat, sequence: int) -> str:
    """The registration number for ``sequence``, e.g. ``ED-00012345``."""
    if sequence < 1 or sequence >= 10**fmt.sequence_digits:
        raise ValueError(f"sequence {sequence} does not fit {fmt.sequence_digits} digits")
    body = f"{sequence:0{fmt.sequence_digits}d}"
    return f"{fmt.prefix}{fmt.separator}{body}{damm_check_digit(body)}"


class NumberProblem(enum.StrEnum):
    """Why a typed registration number is not a valid number."""

    EMPTY = "empty"
    MALFORMED = "malformed"
    CHECK_DIGIT = "check_digit"


@dataclass(frozen=True)
class ParsedNumber:
    """The outcome of reading a typed number: the canonical form or the problem."""

    canonical: str | None
    problem: NumberProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


#: separators that reading a typed number removes (so the canonical form reads as itself)
_PLAIN_SEPARATORS = ("", "-", ".", "_", "/")


@functools.lru_cache(maxsize=8)
def _canonical_pattern(prefix: str, separator: str, digits: int) -> re.Pattern:
    return re.compile(re.escape(prefix + separator) + f"[0-9]{{{digits + 1}}}")


def parse_number(fmt: NumberFormat, typed: str) -> ParsedNumber:
    """Read a number the way people type it: spaces, dots, lower case, with or without
    the prefix (or with it twice), in any Unicode compatibility form, and return the
    canonical form or why it is invalid. A number typed in its canonical form (most of a
    bulk check's 10,000) is only checked, not normalised."""
    if (
        typed
        and fmt.separator in _PLAIN_SEPARATORS
        and _canonical_pattern(fmt.prefix, fmt.separator, fmt.sequence_digits).fullmatch(typed)
    ):
        digits = typed[-(fmt.sequence_digits + 1) :]
        if not damm_is_valid(digits):
            return ParsedNumber(None, NumberProblem.CHECK_DIGIT)
        if int(digits[:-1]) == 0:
            return ParsedNumber(None, NumberProblem.MALFORMED)
        return ParsedNumber(typed, None)
    # NFKC first: digits and letters in other widths ("ＥＤ－０１２"), non-breaking and
    # other spaces, become the plain ones
    text = unicodedata.normalize("NFKC", typed or "")
    text = re.sub(r"[\s.\-_/\u2010-\u2015\u2212]", "", text.upper())
    if not text:
        return ParsedNumber(None, NumberProblem.EMPTY)
    while text.startswith(fmt.prefix):
        text = text[len(fmt.prefix) :]
    length = fmt.sequence_digits + 1
    if not (text.isascii() and text.isdigit()) or len(text) != length:
        return ParsedNumber(None, NumberProblem.MALFORMED)
    if not damm_is_valid(text):
        return ParsedNumber(None, NumberProblem.CHECK_DIGIT)
    if int(text[:-1]) == 0:
        return ParsedNumber(None, NumberProblem.MALFORMED)
    return ParsedNumber(f"{fmt.prefix}{fmt.separator}{text}", None)

"""Text as people type it: invisible control and format characters go, whitespace stays."""

from __future__ import annotations

import pytest

from register.domain.text import has_nul, is_invisible, strip_invisible


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Jan van der Berg", "Jan van der Berg"),
        ("Noëlle d'Arcy", "Noëlle d'Arcy"),
        ("evil\u202egpj.exe", "evilgpj.exe"),  # right-to-left override
        ("Ay\u200bşe\u200d", "Ayşe"),  # zero-width space and joiner
        ("\ufeffBerg", "Berg"),  # byte-order mark
        ("a\x00b\x1bc\x7f", "abc"),  # NUL, escape, delete
        ("line one\nline two\tand\r\n", "line one\nline two\tand\r\n"),
        ("", ""),
        (None, None),
    ],
)
def test_strip_invisible(typed, kept):
    assert strip_invisible(typed) == kept


def test_what_counts_as_invisible():
    assert is_invisible("\u202e") and is_invisible("\x00") and is_invisible("\u2066")
    assert not any(is_invisible(c) for c in " \t\n\réß€")


def test_has_nul():
    assert has_nul("a\x00") and not has_nul("a0")

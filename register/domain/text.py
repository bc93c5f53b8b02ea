"""Text as people type it, made safe to store and show (pure, no I/O).

``strip_invisible`` removes the characters that do not show but change what is shown or
compared: Unicode control characters (category Cc: NUL, escape, …) and format characters
(Cf: the right-to-left override that turns "gpj.exe" into "exe.jpg" on screen, zero-width
spaces and joiners, the byte-order mark, …). Ordinary whitespace (space, tab, line breaks)
stays. It is applied to names people enter and to the names of uploaded files.
"""

from __future__ import annotations

import unicodedata

#: whitespace that is meant, even where Unicode counts it as a control character
KEPT_WHITESPACE = frozenset("\t\n\r")


def is_invisible(char: str) -> bool:
    """True for a control (Cc) or format (Cf) character other than ordinary whitespace."""
    return char not in KEPT_WHITESPACE and unicodedata.category(char) in ("Cc", "Cf")


def strip_invisible(text: str | None) -> str | None:
    """``text`` without its invisible control and format characters (None stays None)."""
    if text is None:
        return None
    if text.isascii() and text.isprintable():
        return text  # the common case, without a look at each character
    return "".join(char for char in text if not is_invisible(char))


def has_nul(text: str) -> bool:
    """True when ``text`` holds a NUL character (which PostgreSQL cannot store)."""
    return "\x00" in text

"""Form building blocks shared by several areas."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField

from register.domain.text import strip_invisible


class VersionedForm(FlaskForm):
    """A state-changing form that carries the version of the record the user saw, so that
    a change made meanwhile by someone else is detected instead of overwritten."""

    version = HiddenField()

    def expected_version(self) -> int:
        """The posted version as a number; -1 (never current) when missing or garbled."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return -1


def strip_text(value):
    """A field filter: surrounding whitespace removed from a typed text (other values pass)."""
    return value.strip() if isinstance(value, str) else value


def clean_name(value):
    """A field filter for names: invisible control and format characters removed
    (``register.domain.text``), and surrounding whitespace."""
    return strip_text(strip_invisible(value)) if isinstance(value, str) else value

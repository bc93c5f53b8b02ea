"""PLACEHOLDER in the foundations branch: replaced by the error family of issue 7 at merge.

Refused actions: ``ActionRefused(message, field=None)``; a record changed meanwhile:
``StaleRecord``.
"""

from __future__ import annotations


class ActionRefused(Exception):
    """The rules refuse this action or input; ``field`` names the form field it concerns."""

    def __init__(self, message, field: str | None = None):
        self.message, self.field = message, field
        super().__init__(message)


class StaleRecord(Exception):
    """The record changed since the user loaded it."""

"""Policies: the register's rules as data (``policies/*.yaml``), loaded once and frozen."""

from __future__ import annotations

from flask import current_app


def current_policies():
    """The policies the running application loaded at start-up."""
    return current_app.extensions["policies"]

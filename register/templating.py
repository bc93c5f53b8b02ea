"""Everything templates can call beyond Jinja's own, registered in one place: the filters
and globals of every blueprint's templates and e-mails."""

from __future__ import annotations

from flask import Flask

from register.rule_display import describe


def init_app(app: Flask) -> None:
    """Register the template filters and globals on ``app``."""
    env = app.jinja_env
    env.filters.update(describe=describe)

"""Everything templates (pages and e-mails) can call beyond Jinja's own, registered in one
place from ``create_app``: the ``|label`` and ``|describe`` filters and the globals."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_date, format_datetime, format_number, get_locale
from flask_login import current_user

from register import access
from register.domain.accreditation import Score
from register.labels import (
    development_category_name,
    label,
    suspension_category_name,
    tier_name,
)
from register.rule_display import describe


def init_app(app: Flask) -> None:
    """Register the template filters and globals on ``app``."""
    env = app.jinja_env
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters.update(label=label, describe=describe)
    env.globals.update(
        get_locale=get_locale,
        format_date=format_date,
        format_datetime=format_datetime,
        format_number=format_number,
        is_staff=lambda: access.is_staff(current_user),
        tier_name=tier_name,
        suspension_category_name=suspension_category_name,
        development_category_name=development_category_name,
        Score=Score,  # the score options of the accreditation grids
    )

"""Shared by the renewal tests: a registrant's development minimums logged (and confirmed
where the policy asks a supervisor to confirm)."""

from __future__ import annotations

import datetime as dt

from register.policy import current_policies
from register.renewal import log_services


def log_development_minimums(registration, *, day: dt.date, today: dt.date, skip=()) -> None:
    """Every development category's minimum on ``day``, except those in ``skip``; the
    supervisor confirms the categories that need it."""
    for code, category in current_policies().renewal.development.items():
        if code in skip:
            continue
        entry = log_services.add_development(
            registration,
            registration.user,
            category=code,
            day=day,
            amount=category.minimum,
            description=f"Test {code}",
            organisation=None,
            confirmer_name="Henk Jansen" if category.confirmation_required else None,
            confirmer_email="supervisor@test.nl" if category.confirmation_required else None,
            today=today,
        )
        if category.confirmation_required:
            log_services.answer_confirmation(
                entry.confirmation, True, amount=category.minimum, today=today
            )

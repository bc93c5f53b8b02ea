"""Demo data for ``make run``: accounts for every role and records in every state.

Each feature has a seeding module here; ``load_demo_data`` runs them in order. Every seeder
is idempotent (it looks up before it creates) and returns ``[(role label, e-mail), ...]``.
"""

from __future__ import annotations

from register.demo import accounts

SEEDERS = [accounts.seed]


def load_demo_data() -> list[tuple[str, str]]:
    """Run every seeder; return the demo logins to print."""
    logins: list[tuple[str, str]] = []
    for seed in SEEDERS:
        logins.extend(seed())
    return logins

"""Demo data for ``make run``: accounts for every role and records in every state.

Each feature has a seeding module here; ``load_demo_data`` runs them in order. Every seeder
is idempotent (it looks up before it creates) and returns ``[(role label, e-mail), ...]``.
"""

from __future__ import annotations

from register.demo import accounts
from register.demo import applications as application_demo
from register.demo import assessments as assessment_demo

SEEDERS = [accounts.seed]
SEEDERS.insert(1, application_demo.seed)  # right after the accounts
# The assessment seeder needs the demo applications: keep it last.
SEEDERS.append(assessment_demo.seed)

from register.demo import accreditation as accreditation_demo  # noqa: E402

SEEDERS.append(accreditation_demo.seed)

from register.demo import registrations as registrations_demo  # noqa: E402

SEEDERS.append(registrations_demo.seed)  # registrants, after the applications

from register.demo import changes as changes_demo  # noqa: E402

SEEDERS.append(changes_demo.seed)  # a tier change and a name change, after the registrants

from register.demo import objections as objections_demo  # noqa: E402

SEEDERS.append(objections_demo.seed)  # refusals with objections, after the registrars

from register.demo import renewal as renewal_demo  # noqa: E402

SEEDERS.append(renewal_demo.seed)  # registrants at every stage of renewing, after them

from register.demo import complaints as complaints_demo  # noqa: E402

SEEDERS.append(complaints_demo.seed)  # complaint cases and measures, after the registrars
from register.demo import organisations as organisations_demo  # noqa: E402

SEEDERS.append(organisations_demo.seed)  # an employer watching a registrant, after them


def load_demo_data() -> list[tuple[str, str]]:
    """Run every seeder; return the demo logins to print."""
    logins: list[tuple[str, str]] = []
    for seed in SEEDERS:
        logins.extend(seed())
    return logins

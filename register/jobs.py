"""The daily jobs run by ``flask --app register expire``. Each is ``(name, fn(day) -> count)``
and must be idempotent. Features append their job here."""

from __future__ import annotations

EXPIRY_JOBS: list = []

# registrations: into grace and lapse first, so a suspension that ends after the validity
# ended stays lapsed; reminders last, to the registrations as the day's changes left them
from register.registrations.services import (  # noqa: E402
    end_finished_suspensions,
    end_suspensions_of_lapsed,
)
from register.renewal.jobs import (  # noqa: E402
    begin_renewed_periods,
    enter_grace,
    lapse_registrations,
    send_due_reminders,
)

EXPIRY_JOBS.append(("registrations into grace", enter_grace))
EXPIRY_JOBS.append(("registrations lapsed", lapse_registrations))
EXPIRY_JOBS.append(("suspensions ended", end_finished_suspensions))
EXPIRY_JOBS.append(("suspensions of lapsed registrations ended", end_suspensions_of_lapsed))
EXPIRY_JOBS.append(("renewed periods begun", begin_renewed_periods))
EXPIRY_JOBS.append(("renewal reminders sent", send_due_reminders))

# programme accreditation: lapse at the end date, then flag conditions past their deadline
from register.accreditation.decision_services import (  # noqa: E402
    flag_overdue_conditions,
    lapse_accreditations,
)

EXPIRY_JOBS.append(("accreditations lapsed", lapse_accreditations))
EXPIRY_JOBS.append(("accreditation conditions overdue", flag_overdue_conditions))

# four eyes: proposals for grave actions that nobody confirmed in time lapse
from register.four_eyes.services import lapse_overdue_proposals  # noqa: E402

EXPIRY_JOBS.append(("grave-action proposals lapsed", lapse_overdue_proposals))

# data rights: evidence, portfolios and references are deleted a policy period after the
# final decision (and after any objection period)
from register.data_rights.retention import delete_expired_evidence  # noqa: E402

EXPIRY_JOBS.append(("evidence deleted under the retention policy", delete_expired_evidence))
# complaints: a closed case's complainant details, texts and files, a period after closing
from register.complaints.retention import erase_closed_complaints  # noqa: E402

EXPIRY_JOBS.append(("closed complaint cases erased", erase_closed_complaints))
# organisation accounts: the daily digests of change alerts, due webhook retries, then
# the who-checked-me records and logs past their retention
from register.organisations.alerts import (  # noqa: E402
    delete_expired_records,
    retry_webhooks,
    send_digests,
)

EXPIRY_JOBS.append(("organisation alert digests sent", send_digests))
EXPIRY_JOBS.append(("webhook deliveries retried", retry_webhooks))
EXPIRY_JOBS.append(("who-checked-me records and delivery logs deleted", delete_expired_records))

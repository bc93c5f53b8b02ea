"""Change alerts: when anything public about a watched registration changes, every
organisation that watches it (and is not blocked) gets an alert in the same transaction:
a ``ChangeAlert`` row, an e-mail to its users (at once, or in the day's digest) and, when
it has a webhook, a signed delivery in the webhook outbox. All of it leaves after the
commit (``register.mail``, ``register.organisations.webhooks``): a rolled-back change alerts
no one. The subscriber listens to ``register.registrations.changes``."""

from __future__ import annotations

import datetime as dt
import json

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from register.domain.lifecycle import RegistrationStatus
from register.extensions import db
from register.lookup import services as lookup
from register.lookup.public import detail_json
from register.mail import queue_email
from register.models.base import utcnow
from register.models.organisations import (
    AlertMode,
    ChangeAlert,
    Organisation,
    OrganisationMember,
    WatchEntry,
    WebhookAttempt,
    WebhookDelivery,
)
from register.models.registrations import Registration
from register.organisations import webhooks
from register.policy import current_policies
from register.registrations.changes import public_registration_changed

EVENT = "registration.changed"


def public_view(number: str) -> dict:
    """The registration's public view as the API shows it (in English), or {} when gone.
    Outside a request (a daily job, the CLI) its links are built on ``PUBLIC_BASE_URL``."""
    if not has_request_context():
        base = current_app.config["PUBLIC_BASE_URL"]
        with current_app.test_request_context(base_url=base):  # only to build the links
            return public_view(number)
    found = lookup.get_registration(number)
    if found is None:
        return {}
    return detail_json(found, current_policies(), "en", lookup.today())


def public_snapshot(number: str) -> str:
    return json.dumps(public_view(number), sort_keys=True)


def changed_fields(before: dict, after: dict) -> list[str]:
    """The top-level fields of the public view that differ."""
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


def _recipients(organisation: Organisation) -> list:
    return [m.user for m in organisation.members if m.user.active]


def _email(organisation: Organisation, items: list[dict], digest: bool) -> None:
    for user in _recipients(organisation):
        queue_email(
            user.email,
            _l("Changes in the register for %(name)s", name=organisation.name)
            if digest
            else _l("A registration on your watch list changed"),
            "organisation_alert",
            locale=user.locale,
            organisation=organisation,
            items=items,
            digest=digest,
            status_of=RegistrationStatus,
        )


def alert(session: Session, registration_ids) -> int:
    """Queue the alerts for these changed registrations; returns how many were made."""
    entries = session.scalars(
        select(WatchEntry)
        .join(Organisation, Organisation.id == WatchEntry.organisation_id)
        .where(
            WatchEntry.registration_id.in_(sorted(registration_ids)),
            Organisation.blocked_at.is_(None),
        )
        .order_by(WatchEntry.organisation_id, WatchEntry.id)
    ).all()
    if not entries:
        return 0
    numbers = dict(
        session.execute(
            select(Registration.id, Registration.number).where(
                Registration.id.in_({e.registration_id for e in entries})
            )
        ).all()
    )
    views = {rid: public_view(number) for rid, number in numbers.items()}
    now = utcnow()
    made = 0
    for entry in entries:
        after = views.get(entry.registration_id, {})
        before = json.loads(entry.snapshot or "{}")
        changed = changed_fields(before, after)
        if not changed:
            continue  # the same public face (a change and its undoing in one transaction)
        entry.snapshot = json.dumps(after, sort_keys=True)
        organisation = entry.organisation
        payload = {
            "event": EVENT,
            "occurred_at": now.replace(microsecond=0).isoformat(),
            "organisation": {"kvk_number": organisation.kvk_number},
            "number": numbers[entry.registration_id],
            "changed": changed,
            "registration": after,
        }
        body = json.dumps(payload, sort_keys=True)
        row = ChangeAlert(
            organisation_id=organisation.id, registration_id=entry.registration_id, payload=body
        )
        if organisation.alert_mode is AlertMode.IMMEDIATE:
            _email(organisation, [payload], digest=False)
            row.emailed_at = now
        session.add(row)
        if organisation.webhook_url:
            webhooks.queue(organisation, body)
        made += 1
    return made


def _on_change(session: Session, registration_ids=frozenset(), **_kw) -> None:
    alert(session, registration_ids)


public_registration_changed.connect(_on_change)


# --- the daily jobs --------------------------------------------------------------------------


def send_digests(day: dt.date) -> int:
    """One e-mail per organisation on the daily digest with the alerts not yet mailed;
    returns how many organisations got one. Idempotent: a mailed alert is marked."""
    organisations = db.session.scalars(
        select(Organisation)
        .where(
            Organisation.alert_mode == AlertMode.DAILY,
            Organisation.blocked_at.is_(None),
            Organisation.id.in_(
                select(ChangeAlert.organisation_id).where(ChangeAlert.emailed_at.is_(None))
            ),
        )
        .order_by(Organisation.id)
    ).all()
    now = utcnow()
    for organisation in organisations:
        alerts = db.session.scalars(
            select(ChangeAlert)
            .where(ChangeAlert.organisation_id == organisation.id, ChangeAlert.emailed_at.is_(None))
            .order_by(ChangeAlert.id)
        ).all()
        _email(organisation, [json.loads(a.payload) for a in alerts], digest=True)
        for row in alerts:
            row.emailed_at = now
    db.session.flush()
    return len(organisations)


def retry_webhooks(day: dt.date) -> int:
    """The daily sweep of webhook retries that are due (``send-webhooks`` runs it often)."""
    return webhooks.send_due(current_app._get_current_object())


def delete_expired_records(day: dt.date) -> int:
    """Delete who-checked-me records, lookup counters and the webhook log past the policy's
    retention; returns how many rows went. Idempotent."""
    from register.domain.organisations import months_back
    from register.models.organisations import LookupCount, VerificationRecord
    from register.organisations.checks import flush_lookup_counts

    flush_lookup_counts()
    policy = current_policies().organisations
    log_cutoff = dt.datetime.combine(
        day - dt.timedelta(days=policy.delivery_log_days), dt.time(), tzinfo=dt.UTC
    )
    old_deliveries = select(WebhookDelivery.id).where(
        WebhookDelivery.created_at < log_cutoff,
        (WebhookDelivery.delivered_at.is_not(None)) | (WebhookDelivery.gave_up_at.is_not(None)),
    )
    statements = [
        delete(VerificationRecord).where(
            VerificationRecord.checked_on < day - dt.timedelta(days=policy.verification_record_days)
        ),
        delete(LookupCount).where(
            LookupCount.month < months_back(day, policy.lookup_count_months - 1)
        ),
        delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(old_deliveries)),
        delete(WebhookDelivery).where(WebhookDelivery.id.in_(old_deliveries)),
        delete(ChangeAlert).where(
            ChangeAlert.created_at < log_cutoff, ChangeAlert.emailed_at.is_not(None)
        ),
    ]
    gone = 0
    for statement in statements:
        gone += db.session.execute(statement.execution_options(synchronize_session=False)).rowcount
    return gone


def deliveries_of(organisation: Organisation, limit: int = 100) -> list[WebhookDelivery]:
    """The organisation's latest webhook deliveries with their attempts (its log)."""
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.organisation_id == organisation.id)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
    )


def member_ids(organisation: Organisation) -> list[int]:
    return list(
        db.session.scalars(
            select(OrganisationMember.user_id).where(
                OrganisationMember.organisation_id == organisation.id
            )
        )
    )

"""Webhooks: the outbox of signed JSON calls to organisations' addresses.

A delivery is queued in the transaction of the change (``queue``), tried once after that
transaction commits (never for a rolled-back change) — in a background thread, so that a
slow receiver does not hold up the request (``WEBHOOK_IN_BACKGROUND``) — and retried with
exponential backoff by ``flask --app register send-webhooks`` (and the daily job) up to the
policy's limit. Every attempt is logged (``WebhookAttempt``: when, which attempt, status code
or error).

Each call is a POST of the JSON body with ``X-Register-Timestamp`` and
``X-Register-Signature: t=<timestamp>,v1=<HMAC-SHA256 hex of "<timestamp>.<body>">`` under
the organisation's secret. Redirects are not followed. Where ``WEBHOOK_ALLOW_PRIVATE`` is
off (production), a target that resolves to a loopback, private, link-local or reserved
address is refused, when the address is saved and again before every call;
``WEBHOOK_HTTPS_ONLY`` requires https.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from flask import current_app, has_app_context
from sqlalchemy import event, inspect, select, update

from register.domain import organisations as rules
from register.extensions import db
from register.models.base import utcnow
from register.models.organisations import Organisation, WebhookAttempt, WebhookDelivery
from register.policy import current_policies

_PENDING_KEY = "webhooks_pending"


def _resolve(host: str) -> list[str]:
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})
    except (OSError, UnicodeError, ValueError):  # unknown host, bad label, NUL in the name
        return []


def shape_problem(url: str, https_only: bool) -> rules.UrlProblem | None:
    """What is wrong with the form of ``url`` (scheme, host, no user name or password)."""
    try:
        parts = urlsplit(url or "")
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return rules.UrlProblem.MALFORMED
    credentials = bool(parts.username or parts.password)
    return rules.url_shape_problem(parts.scheme, parts.hostname, credentials, https_only)


def url_problem(url: str) -> rules.UrlProblem | None:
    """Whether the register may call ``url`` under this app's configuration."""
    config = current_app.config
    problem = shape_problem(url, config.get("WEBHOOK_HTTPS_ONLY", True))
    if problem is not None:
        return problem
    host = urlsplit(url).hostname or ""
    return rules.address_problem(_resolve(host), config.get("WEBHOOK_ALLOW_PRIVATE", False))


def queue(organisation: Organisation, body: str) -> WebhookDelivery:
    """Queue one call of the organisation's webhook with ``body`` (in this transaction)."""
    delivery = WebhookDelivery(
        organisation_id=organisation.id,
        url=organisation.webhook_url,
        body=body,
        next_attempt_at=utcnow(),
    )
    db.session.add(delivery)
    db.session.info.setdefault(_PENDING_KEY, []).append(delivery)
    return delivery


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 3xx is an answer like any other: not followed


def _post(url: str, body: bytes, headers: dict, timeout: float) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=timeout) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _attempt(app, delivery_id: int, now: dt.datetime) -> bool:
    """One attempt of one delivery; logs it and schedules the next. True when delivered."""
    with db.engine.begin() as conn:
        row = conn.execute(
            select(
                WebhookDelivery.id,
                WebhookDelivery.url,
                WebhookDelivery.body,
                WebhookDelivery.attempts,
                WebhookDelivery.delivered_at,
                WebhookDelivery.gave_up_at,
                Organisation.webhook_secret,
                Organisation.blocked_at,
            )
            .join(Organisation, Organisation.id == WebhookDelivery.organisation_id)
            .where(WebhookDelivery.id == delivery_id)
        ).one_or_none()
    if row is None or row.delivered_at is not None or row.gave_up_at is not None:
        return False
    attempt = row.attempts + 1
    status, error = None, None
    if row.blocked_at is not None:
        error = "organisation blocked"
    else:
        problem = url_problem(row.url)
        if problem is not None:
            error = f"refused target: {problem.value}"
        else:
            body = row.body.encode()
            timestamp = int(now.timestamp())
            headers = {
                "Content-Type": "application/json",
                "User-Agent": "register-webhooks/1",
                rules.TIMESTAMP_HEADER: str(timestamp),
                rules.SIGNATURE_HEADER: rules.signature_header(row.webhook_secret, timestamp, body),
                "X-Register-Delivery": str(row.id),
            }
            try:
                status = _post(row.url, body, headers, app.config.get("WEBHOOK_TIMEOUT", 5))
            except (OSError, ValueError) as exc:
                error = str(exc)[:300] or type(exc).__name__
    delivered = status is not None and 200 <= status < 300
    values: dict = {"attempts": attempt}
    if delivered:
        values["delivered_at"] = now
        values["next_attempt_at"] = None
    else:
        policy = current_policies().organisations
        delay = rules.next_attempt_delay(
            attempt, policy.webhook_retry_base_seconds, policy.webhook_max_attempts
        )
        if delay is None or row.blocked_at is not None:
            values["gave_up_at"] = now
            values["next_attempt_at"] = None
        else:
            values["next_attempt_at"] = now + dt.timedelta(seconds=delay)
    with db.engine.begin() as conn:
        conn.execute(update(WebhookDelivery).where(WebhookDelivery.id == row.id).values(**values))
        conn.execute(
            WebhookAttempt.__table__.insert().values(
                delivery_id=row.id,
                attempt=attempt,
                attempted_at=now,
                status_code=status,
                error=error,
            )
        )
    if not delivered:
        app.logger.warning("webhook %s attempt %s failed: %s", row.id, attempt, error or status)
    return delivered


def deliver(app, delivery_ids, now: dt.datetime | None = None) -> int:
    """Try these deliveries now; returns how many were delivered."""
    return sum(_attempt(app, i, now or utcnow()) for i in delivery_ids)


def send_due(app, now: dt.datetime | None = None) -> int:
    """Retry every delivery whose next attempt is due (the ``send-webhooks`` command)."""
    now = now or utcnow()
    due = db.session.scalars(
        select(WebhookDelivery.id)
        .where(
            WebhookDelivery.delivered_at.is_(None),
            WebhookDelivery.gave_up_at.is_(None),
            WebhookDelivery.next_attempt_at <= now,
        )
        .order_by(WebhookDelivery.id)
    ).all()
    return deliver(app, due, now)


def _after_commit(session):
    pending = session.info.pop(_PENDING_KEY, [])
    if pending and has_app_context():
        identities = (inspect(d).identity for d in pending)
        ids = [identity[0] for identity in identities if identity]
        app = current_app._get_current_object()
        if app.config.get("WEBHOOK_IN_BACKGROUND"):
            threading.Thread(
                target=_deliver_in_context, args=(app, ids), name="webhooks", daemon=True
            ).start()
        else:
            deliver(app, ids)


def _deliver_in_context(app, ids: list[int]) -> None:
    """The first attempt, off the request: its own app context and database session. A
    failure is logged and left to the retries (``send_due``)."""
    with app.app_context():
        try:
            deliver(app, ids)
        except Exception:  # the retries pick the delivery up; the thread must not die loudly
            app.logger.exception("webhook first attempt failed; left to the retries")


def _after_rollback(session, previous_transaction):
    session.info.pop(_PENDING_KEY, None)


def init_app(app) -> None:
    """Deliver queued webhooks after each commit; drop them after a rollback."""
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_soft_rollback", _after_rollback)

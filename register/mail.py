"""E-mail: queued in the outbox within the transaction that caused it, delivered after
that transaction commits (never for a change that was rolled back).

Backends: ``memory`` (tests read ``app.extensions["mail_outbox"]``), ``console`` (development:
printed to the terminal that runs ``make run``) and ``smtp`` (production).
``flask --app register send-mail`` retries anything that failed.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app, has_app_context, render_template
from flask_babel import force_locale
from sqlalchemy import event, select, update

from register.extensions import db
from register.models.base import utcnow
from register.models.mail import OutgoingEmail

_PENDING_KEY = "outbox_pending"


def queue_email(recipient: str, subject: str, template: str, locale: str | None = None, **ctx):
    """Render ``templates/email/<template>.txt`` in the recipient's language and queue it.

    ``subject`` should be a lazy or plain translatable string; it is rendered in ``locale``.
    """
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        body = render_template(f"email/{template}.txt", **ctx)
        subject_text = str(subject)
    message = OutgoingEmail(recipient=recipient, subject=subject_text, body=body)
    db.session.add(message)
    db.session.info.setdefault(_PENDING_KEY, []).append(message)
    return message


def _deliver(app, message: OutgoingEmail) -> None:
    backend = app.config["MAIL_BACKEND"]
    if backend == "memory":
        app.extensions.setdefault("mail_outbox", []).append(
            {"to": message.recipient, "subject": message.subject, "body": message.body}
        )
        return
    if backend == "console":
        print(  # noqa: T201 - development mail goes to the terminal on purpose
            f"\n--- e-mail to {message.recipient}: {message.subject}\n{message.body}\n---",
            flush=True,
        )
        return
    mail = EmailMessage()
    mail["From"] = app.config["MAIL_DEFAULT_SENDER"]
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail.set_content(message.body)
    with smtplib.SMTP(app.config["MAIL_SERVER"], app.config["MAIL_PORT"], timeout=10) as smtp:
        if app.config["MAIL_USE_TLS"]:
            smtp.starttls()
        if app.config["MAIL_USERNAME"]:
            smtp.login(app.config["MAIL_USERNAME"], app.config["MAIL_PASSWORD"])
        smtp.send_message(mail)


def deliver(app, messages: list[OutgoingEmail]) -> int:
    """Try to deliver ``messages``; record success or the error on each. Returns sent count."""
    sent = 0
    for message in messages:
        values: dict
        try:
            _deliver(app, message)
            values = {"sent_at": utcnow(), "attempts": OutgoingEmail.attempts + 1}
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            app.logger.warning("mail to %s failed: %s", message.recipient, exc)
            values = {"attempts": OutgoingEmail.attempts + 1, "last_error": str(exc)[:500]}
        with db.engine.begin() as conn:
            conn.execute(
                update(OutgoingEmail).where(OutgoingEmail.id == message.id).values(**values)
            )
    return sent


def send_unsent(app) -> int:
    """Deliver every queued message that has not been sent (the ``send-mail`` command)."""
    pending = db.session.scalars(
        select(OutgoingEmail).where(OutgoingEmail.sent_at.is_(None)).order_by(OutgoingEmail.id)
    ).all()
    return deliver(app, list(pending))


def _after_commit(session):
    pending = session.info.pop(_PENDING_KEY, [])
    if pending and has_app_context():
        deliver(current_app._get_current_object(), pending)


def _after_rollback(session, previous_transaction):
    session.info.pop(_PENDING_KEY, None)


def init_app(app) -> None:
    """Deliver queued mail after each commit; drop it after a rollback. The listeners are
    installed once on the shared session and use whichever app is current."""
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_soft_rollback", _after_rollback)

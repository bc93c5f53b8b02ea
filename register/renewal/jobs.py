"""The renewal parts of the daily job (``flask --app register expire --today YYYY-MM-DD``):
reminders before the end date, the grace period, lapsing, and renewed periods that begin.

Every job is idempotent (run twice on one day, the second run changes and sends nothing)
and catches up (a day the job did not run loses nothing: a reminder whose day passed goes
out on the next run, once, and only the latest one due). Each returns how much it did, and
the command prints one line per job. The job's rules are pure functions in
``register.domain.renewal`` (``due_reminder``, ``status_action``).
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from register import audit
from register.domain.lifecycle import RegistrationAction, RegistrationStatus
from register.domain.renewal import OPEN_RENEWAL_STATES, due_reminder, status_action
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.base import utcnow
from register.models.periods import RegistrationPeriod
from register.models.registrations import Registration
from register.models.renewal import RenewalReminder, RenewalRequest
from register.policy import current_policies
from register.registrations.services import (
    change_status,
    current_period,
    lapse_registration,
    notify_registrant,
)
from register.renewal.facts import evaluate, local_date

_R = RegistrationStatus


def _has_open_request():
    return exists().where(
        RenewalRequest.registration_id == Registration.id,
        RenewalRequest.state.in_(OPEN_RENEWAL_STATES),
    )


def send_due_reminders(day: dt.date) -> int:
    """Send each active registration without a renewal started the reminder that is due
    (``due_reminder``): one ``RenewalReminder`` row per registration, period and moment
    keeps it from ever going twice; its e-mail's delivery is recorded by the outbox."""
    policy = current_policies().renewal
    horizon = day + dt.timedelta(days=max(m.days_before for m in policy.reminders))
    candidates = db.session.scalars(
        select(Registration)
        .where(
            Registration.status == _R.ACTIVE,
            Registration.valid_until >= day,
            Registration.valid_until <= horizon,
            ~_has_open_request(),
        )
        .order_by(Registration.id)
    ).all()
    sent = 0
    for registration in candidates:
        period = current_period(registration)
        done = db.session.scalars(
            select(RenewalReminder.days_before).where(
                RenewalReminder.registration_id == registration.id,
                RenewalReminder.period_id == period.id,
            )
        ).all()
        moment = due_reminder(policy, registration.valid_until, day, done)
        if moment is None:
            continue
        email = _reminder_email(registration, moment, day)
        db.session.add(
            RenewalReminder(
                registration_id=registration.id,
                period_id=period.id,
                days_before=moment.days_before,
                due_on=registration.valid_until - dt.timedelta(days=moment.days_before),
                sent_on=day,
                email=email,
            )
        )
        db.session.flush()
        audit.record(
            None,
            "renewal.reminder_sent",
            registration,
            days_before=moment.days_before,
            period=period.id,
            email=getattr(email, "id", None),
        )
        sent += 1
    return sent


def _reminder_email(registration: Registration, moment, day: dt.date):
    user = registration.user
    if user is None or not user.email:
        return None
    days_left = (registration.valid_until - day).days
    return queue_email(
        user.email,
        _l("Renew your registration %(number)s in time", number=registration.number),
        "renewal_reminder",
        locale=user.locale,
        registration=registration,
        moment=moment,
        days_left=days_left,
        standing=evaluate(registration, day),
        link=absolute_url("renewal.renewal", registration_id=registration.id),
        log_link=absolute_url("renewal.log", registration_id=registration.id),
    )


def _ending(day: dt.date):
    """Registrations the end of a period may act on: past their end date while active or
    suspended, and every registration in grace."""
    return db.session.scalars(
        select(Registration)
        .where(
            or_(
                Registration.status == _R.GRACE,
                Registration.status.in_([_R.ACTIVE, _R.SUSPENDED])
                & (Registration.valid_until < day),
            )
        )
        .order_by(Registration.id)
    ).all()


def _due(day: dt.date, wanted: RegistrationAction) -> list[Registration]:
    policy = current_policies().renewal
    due = []
    for registration in _ending(day):
        renewal_open = db.session.scalar(
            select(RenewalRequest.id)
            .where(
                RenewalRequest.registration_id == registration.id,
                RenewalRequest.state.in_(OPEN_RENEWAL_STATES),
            )
            .limit(1)
        )
        action = status_action(
            policy, registration.status, registration.valid_until, day, renewal_open is not None
        )
        if action is wanted:
            due.append(registration)
    return due


def enter_grace(day: dt.date) -> int:
    """Active registrations past their end date that get the grace period move into it
    (public status *In herregistratie*)."""
    due = _due(day, RegistrationAction.ENTER_GRACE)
    policy = current_policies().renewal
    for registration in due:
        change = change_status(registration, RegistrationAction.ENTER_GRACE, None)
        notify_registrant(
            registration,
            "registration_grace",
            _l("The end date of your registration has passed: your renewal is in progress"),
            change=change,
            grace_until=policy.grace_ends_on(registration.valid_until),
            counts=current_policies().registration.statuses["grace"].counts_as_registered,
        )
    return len(due)


def lapse(registration: Registration, day: dt.date | None = None) -> None:
    """Lapse ``registration`` (on ``day``, the job's day; else today) and tell the
    registrant how to restore it (same number, within the policy's time, on the renewal
    requirements). A suspension in force ends with it (``lapse_registration``)."""
    from_status = registration.status
    change = lapse_registration(registration, day or local_date(utcnow()))
    policy = current_policies().renewal
    lapsed_on = local_date(change.at)
    notify_registrant(
        registration,
        "registration_lapsed",
        _l("Your registration has lapsed"),
        change=change,
        restorable=from_status is not RegistrationStatus.SUSPENDED,
        restore_until=policy.restore_until(lapsed_on),
        link=absolute_url("renewal.renewal", registration_id=registration.id),
    )


def lapse_registrations(day: dt.date) -> int:
    """Registrations past their end date without grace, past the grace period, or whose
    grace rested on a request that was refused or withdrawn, lapse (verlopen)."""
    due = _due(day, RegistrationAction.LAPSE)
    for registration in due:
        lapse(registration, day)
    return len(due)


def begin_renewed_periods(day: dt.date) -> int:
    """A renewed period that follows on from the old one begins the day after the old end
    date: the registration's start date moves to it then."""
    rows = db.session.execute(
        select(Registration, RegistrationPeriod)
        .join(RegistrationPeriod, RegistrationPeriod.registration_id == Registration.id)
        .where(
            RegistrationPeriod.valid_from <= day,
            RegistrationPeriod.valid_from > Registration.valid_from,
            RegistrationPeriod.valid_until == Registration.valid_until,
        )
        .order_by(Registration.id)
    ).all()
    for registration, period in rows:
        registration.valid_from = period.valid_from
        audit.record(None, "registration.period_begun", registration, period=period.id)
    db.session.flush()
    return len(rows)

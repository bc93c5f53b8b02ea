"""Helpers for the public lookup tests: registrations created directly with the model."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from register.domain.lifecycle import RegistrationAction, RegistrationStatus
from register.domain.numbers import format_number
from register.extensions import db
from register.models.registrations import Registration, RegistrationStatusChange


def add_registration(
    policies,
    given="Jan",
    prefix="",
    surname="Berg",
    tier=2,
    status=RegistrationStatus.ACTIVE,
    valid_from=None,
    valid_until=None,
    user=None,
    work_region=None,
    show_work_region=False,
    commit=True,
    route=None,
    qualification_level=None,
) -> Registration:
    """A registration with the next free number, committed unless ``commit`` is False."""
    sequence = (db.session.scalar(select(func.max(Registration.sequence))) or 0) + 1
    today = dt.date.today()
    reg = Registration(
        number=format_number(policies.registration.number, sequence),
        sequence=sequence,
        given_names=given,
        surname_prefix=prefix,
        surname=surname,
        tier=tier,
        status=status,
        valid_from=valid_from or today - dt.timedelta(days=30),
        valid_until=valid_until or today + dt.timedelta(days=365),
        user_id=user.id if user else None,
        work_region=work_region,
        show_work_region=show_work_region,
        route=route,
        qualification_level=qualification_level,
        policy_version=policies.registration.version,
    )
    db.session.add(reg)
    db.session.flush()
    if commit:
        db.session.commit()
    return reg


def suspend(policies, reg: Registration, reason: str, category: str, ends_on=None) -> None:
    """Record a suspension with an internal reason and a public category."""
    db.session.add(
        RegistrationStatusChange(
            registration=reg,
            action=RegistrationAction.SUSPEND,
            from_status=reg.status,
            to_status=RegistrationStatus.SUSPENDED,
            reason=reason,
            reason_category=category,
            ends_on=ends_on,
            policy_version=policies.registration.version,
        )
    )
    reg.status = RegistrationStatus.SUSPENDED
    db.session.commit()

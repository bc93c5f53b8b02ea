"""The daily expiry jobs: lapse registrations past their validity and end suspensions whose
end date has passed. Both are idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.lifecycle import RegistrationAction, RegistrationStatus
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.registrations import RegistrationStatusChange
from register.registrations import services
from register.renewal.jobs import lapse_registrations
from register.review.services import approve_application
from tests.identity_support import confirmed_identity


@pytest.fixture
def make_registration(db, make_user):
    registrar = make_user(role=Role.REGISTRAR)
    second = make_user(role=Role.REGISTRAR)  # confirms suspensions (four eyes)
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid",
        "Hogeschool Test",
        5,
        dt.date(2015, 1, 1),
        dt.date(2030, 12, 31),
    )

    def make(approved_on: dt.date):
        application = submitted_diploma_application(
            make_user(locale="en"), programme, write_file=False, diploma_date=dt.date(2020, 6, 1)
        )
        confirmed_identity(application, registrar)
        registration = approve_application(
            application, registrar, reason=None, today=approved_on, expected_version=None
        )
        db.session.commit()
        registration.second_registrar = second
        return registration, registrar

    return make


def _count_changes(db):
    return db.session.scalar(select(func.count(RegistrationStatusChange.id)))


def test_lapse_is_idempotent(db, make_registration, outbox):
    expired, _ = make_registration(dt.date(2025, 1, 1))  # valid until 2030-01-01
    current, _ = make_registration(dt.date(2026, 6, 1))  # valid until 2031-06-01
    assert lapse_registrations(dt.date(2030, 1, 1)) == 0  # last valid day
    assert lapse_registrations(dt.date(2030, 1, 2)) == 1
    db.session.commit()
    before = _count_changes(db)
    assert lapse_registrations(dt.date(2030, 1, 2)) == 0
    db.session.commit()
    assert _count_changes(db) == before
    assert expired.status is RegistrationStatus.LAPSED
    assert expired.history[-1].action is RegistrationAction.LAPSE
    assert expired.history[-1].by_id is None
    assert current.status is RegistrationStatus.ACTIVE
    assert "lapsed" in outbox[-1]["subject"]


def test_suspensions_end_after_their_end_date(db, make_registration):
    registration, registrar = make_registration(dt.date(2026, 1, 1))
    services.suspend_registration(
        registration,
        registrar,
        reason="x",
        category="own_request",
        ends_on=dt.date(2026, 3, 1),
        today=dt.date(2026, 2, 1),
        confirmed_by=registration.second_registrar,
    )
    db.session.commit()
    assert services.end_finished_suspensions(dt.date(2026, 3, 1)) == 0
    assert services.end_finished_suspensions(dt.date(2026, 3, 2)) == 1
    db.session.commit()
    assert registration.status is RegistrationStatus.ACTIVE
    assert registration.history[-1].action is RegistrationAction.REINSTATE
    assert services.end_finished_suspensions(dt.date(2026, 3, 2)) == 0


def test_expire_command_runs_twice_without_changing_more(db, runner, make_registration):
    lapsing, registrar = make_registration(dt.date(2025, 6, 1))  # valid until 2030-06-01
    suspended, _ = make_registration(dt.date(2026, 6, 1))
    services.suspend_registration(
        suspended,
        registrar,
        reason="x",
        category="own_request",
        ends_on=dt.date(2030, 12, 1),
        today=dt.date(2026, 7, 1),
        confirmed_by=suspended.second_registrar,
    )
    open_ended, _ = make_registration(dt.date(2026, 6, 1))
    services.suspend_registration(
        open_ended,
        registrar,
        reason="x",
        category="investigation",
        ends_on=None,
        today=dt.date(2026, 7, 1),
        confirmed_by=open_ended.second_registrar,
    )
    db.session.commit()

    first = runner.invoke(args=["expire", "--today", "2031-01-01"])
    assert first.exit_code == 0, first.output
    assert "registrations lapsed: 1" in first.output
    assert "suspensions ended: 1" in first.output
    changes = _count_changes(db)
    audits = db.session.scalar(select(func.count(AuditEvent.id)))

    second = runner.invoke(args=["expire", "--today", "2031-01-01"])
    assert second.exit_code == 0, second.output
    assert "registrations lapsed: 0" in second.output
    assert "suspensions ended: 0" in second.output
    assert _count_changes(db) == changes
    assert db.session.scalar(select(func.count(AuditEvent.id))) == audits
    db.session.expire_all()
    assert lapsing.status is RegistrationStatus.LAPSED
    assert suspended.status is RegistrationStatus.ACTIVE
    assert open_ended.status is RegistrationStatus.SUSPENDED

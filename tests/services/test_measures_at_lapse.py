"""A suspension in force ends when its registration lapses (the daily job): it does not stay
"in force" on a registration that is no longer in force, and it does not carry over to a
restoration (docs/complaints.md). Conditions are not ended by a lapse."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.lifecycle import RegistrationAction, RegistrationStatus
from register.domain.measures import MeasureKind
from register.jobs import EXPIRY_JOBS
from register.models.accounts import Role
from register.models.complaints import Measure
from register.registrations import services
from register.registrations.measures import start_measure
from register.renewal.jobs import lapse_registrations
from register.review.services import approve_application
from tests.identity_support import confirmed_identity


def _suspended(db, make_user, ends_on):
    registrar, second = make_user(role=Role.REGISTRAR), make_user(role=Role.REGISTRAR)
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2030, 1, 1)
    )
    application = submitted_diploma_application(
        make_user(locale="en"), programme, write_file=False, diploma_date=dt.date(2020, 6, 1)
    )
    confirmed_identity(application, registrar)
    registration = approve_application(
        application, registrar, reason=None, today=dt.date(2025, 1, 1), expected_version=None
    )  # valid until 2030-01-01
    services.suspend_registration(
        registration,
        registrar,
        reason="Onderzoek naar een klacht",
        category="investigation",
        ends_on=ends_on,
        today=dt.date(2029, 6, 1),
        confirmed_by=second,
    )
    start_measure(
        registration,
        MeasureKind.CONDITIONS,
        starts_on=dt.date(2029, 6, 1),
        ends_on=dt.date(2031, 6, 1),
        public_text="Werkt onder supervisie",
    )
    db.session.commit()
    return registration


def _measure(db, registration, kind) -> Measure:
    return db.session.scalars(
        select(Measure).where(Measure.registration_id == registration.id, Measure.kind == kind)
    ).one()


def test_a_lapse_ends_the_suspension_in_force_on_its_day(db, make_user):
    registration = _suspended(db, make_user, ends_on=None)  # until lifted
    assert lapse_registrations(dt.date(2030, 1, 2)) == 1
    db.session.commit()
    assert registration.status is RegistrationStatus.LAPSED
    assert registration.history[-1].action is RegistrationAction.LAPSE
    suspension = _measure(db, registration, MeasureKind.SUSPENSION)
    assert suspension.ended_on == dt.date(2030, 1, 2)
    assert suspension.revoked_on is None  # ended, not revoked: the public history keeps it
    assert _measure(db, registration, MeasureKind.CONDITIONS).ended_on is None
    # the job again changes nothing
    assert lapse_registrations(dt.date(2030, 1, 3)) == 0
    assert suspension.ended_on == dt.date(2030, 1, 2)


def test_a_planned_end_after_the_lapse_does_not_keep_it_in_force(db, make_user):
    registration = _suspended(db, make_user, ends_on=dt.date(2030, 6, 1))
    lapse_registrations(dt.date(2030, 1, 2))
    assert services.end_finished_suspensions(dt.date(2030, 6, 2)) == 0  # lapsed, stays so
    db.session.commit()
    assert registration.status is RegistrationStatus.LAPSED
    suspension = _measure(db, registration, MeasureKind.SUSPENSION)
    assert (suspension.ends_on, suspension.ended_on) == (dt.date(2030, 6, 1), dt.date(2030, 1, 2))


def test_a_suspension_left_open_on_a_lapsed_registration_is_ended(db, make_user):
    """A registration that lapsed before this rule: the daily job ends its suspension on the
    day of the lapse, once."""
    registration = _suspended(db, make_user, ends_on=None)
    services.change_status(registration, RegistrationAction.LAPSE, None)  # the old way
    db.session.commit()
    suspension = _measure(db, registration, MeasureKind.SUSPENSION)
    assert suspension.ended_on is None
    assert "suspensions of lapsed registrations ended" in dict(EXPIRY_JOBS)
    assert services.end_suspensions_of_lapsed(dt.date(2030, 3, 1)) == 1
    lapsed_on = registration.history[-1].at.date()  # the clock's day; never before the start
    assert suspension.ended_on == max(lapsed_on, suspension.starts_on)
    assert services.end_suspensions_of_lapsed(dt.date(2030, 3, 2)) == 0

"""Whatever changes what the public sees of a registration sends one signal just before the
commit, with the ids of the registrations concerned; nothing is sent for a rollback or for
an internal change."""

from __future__ import annotations

import datetime as dt

import pytest

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.models.accounts import Role
from register.models.registrations import RegistrationStatusChange
from register.registrations import changes, services
from register.review.services import approve_application
from tests.identity_support import confirmed_identity

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def received():
    seen: list[frozenset] = []

    def listener(session, registration_ids):
        seen.append(registration_ids)

    changes.public_registration_changed.connect(listener)
    yield seen
    changes.public_registration_changed.disconnect(listener)


@pytest.fixture
def registration(db, make_user):
    registrar = make_user(role=Role.REGISTRAR)
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2030, 1, 1)
    )
    application = submitted_diploma_application(make_user(), programme, write_file=False)
    confirmed_identity(application, registrar)
    registration = approve_application(
        application, registrar, reason=None, today=TODAY, expected_version=None
    )
    db.session.commit()
    registration.registrar = registrar
    return registration


def test_a_new_registration_and_a_status_change_are_each_signalled_once(db, make_user, received):
    registrar = make_user(role=Role.REGISTRAR)
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2030, 1, 1)
    )
    application = submitted_diploma_application(make_user(), programme, write_file=False)
    confirmed_identity(application, registrar)
    registration = approve_application(
        application, registrar, reason=None, today=TODAY, expected_version=None
    )
    db.session.commit()
    assert received == [frozenset({registration.id})]
    services.suspend_registration(
        registration,
        registrar,
        reason="r",
        category="investigation",
        ends_on=None,
        today=TODAY,
        confirmed_by=make_user(role=Role.REGISTRAR),
    )
    db.session.commit()
    assert received == [frozenset({registration.id})] * 2


def test_a_rolled_back_change_is_not_signalled(db, registration, received):
    registration.tier = 3
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert received == []


def test_an_internal_change_is_not_signalled(db, registration, received):
    registration.policy_version = "x"
    db.session.commit()
    assert received == []


def test_a_declared_dependent_row_counts_as_a_public_change(db, registration, received):
    changes.watch_dependent(RegistrationStatusChange)
    try:
        db.session.add(
            RegistrationStatusChange(
                registration_id=registration.id,
                to_status=registration.status,
                policy_version="x",
            )
        )
        db.session.commit()
    finally:
        changes._DEPENDENTS.pop(RegistrationStatusChange)
    assert received == [frozenset({registration.id})]


def test_a_subscriber_may_write_in_the_same_transaction(db, registration):
    def listener(session, registration_ids):
        for rid in registration_ids:
            session.add(
                RegistrationStatusChange(
                    registration_id=rid, to_status=registration.status, policy_version="signal"
                )
            )

    changes.public_registration_changed.connect(listener)
    try:
        registration.surname = "Anders"
        db.session.commit()
    finally:
        changes.public_registration_changed.disconnect(listener)
    db.session.expire_all()
    assert [c.policy_version for c in registration.history][-1] == "signal"

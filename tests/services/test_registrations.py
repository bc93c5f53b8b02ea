"""Managing registrations: suspend, reinstate and strike off, each recorded in the status
history with the policy version, in the audit log and by e-mail to the registrant."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.lifecycle import IllegalTransition, RegistrationAction, RegistrationStatus
from register.errors import ActionRefused, NotAllowedNow, StaleRecord
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.registrations import services
from register.review.services import approve_application
from tests.identity_support import confirmed_identity

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR)


@pytest.fixture
def second(make_user):
    """The second registrar, who confirms grave actions (four eyes)."""
    return make_user(role=Role.REGISTRAR)


@pytest.fixture
def registration(db, make_user, registrar):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid",
        "Hogeschool Test",
        5,
        dt.date(2015, 1, 1),
        dt.date(2030, 12, 31),
    )
    applicant = make_user(given_names="Lotte", surname="Müller", locale="en")
    application = submitted_diploma_application(applicant, programme, write_file=False)
    confirmed_identity(application, registrar)
    registration = approve_application(
        application, registrar, reason=None, today=TODAY, expected_version=None
    )
    db.session.commit()
    return registration


def _actions(db, registration):
    return [
        e.action
        for e in db.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.subject_type == "Registration", AuditEvent.subject_id == registration.id
            )
            .order_by(AuditEvent.id)
        )
    ]


def test_suspend_records_history_audit_and_mail(
    db, registration, registrar, second, policies, outbox
):
    ends = TODAY + dt.timedelta(days=30)
    services.suspend_registration(
        registration,
        registrar,
        reason="Complaint received.",
        category="investigation",
        ends_on=ends,
        today=TODAY,
        expected_version=registration.version,
        confirmed_by=second,
    )
    db.session.commit()
    assert registration.status is RegistrationStatus.SUSPENDED
    change = registration.history[-1]
    assert change.action is RegistrationAction.SUSPEND
    assert (change.from_status, change.to_status) == (
        RegistrationStatus.ACTIVE,
        RegistrationStatus.SUSPENDED,
    )
    assert change.reason == "Complaint received." and change.reason_category == "investigation"
    assert change.ends_on == ends and change.by_id == registrar.id
    assert change.policy_version == policies.registration.version
    assert services.current_suspension(registration) is change
    assert _actions(db, registration)[-1] == "registration.suspend"
    assert outbox[-1]["to"] == registration.user.email
    assert "Complaint received." not in outbox[-1]["body"]  # the reason stays internal


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"reason": "", "category": "investigation", "ends_on": None}, "reason"),
        ({"reason": "x", "category": "no-such-category", "ends_on": None}, "category"),
        ({"reason": "x", "category": "investigation", "ends_on": TODAY}, "ends_on"),
        (
            {"reason": "x", "category": "investigation", "ends_on": TODAY - dt.timedelta(days=1)},
            "ends_on",
        ),
    ],
)
def test_suspend_refuses_bad_input(db, registration, registrar, second, kwargs, field):
    with pytest.raises(ActionRefused) as caught:
        services.suspend_registration(
            registration, registrar, today=TODAY, confirmed_by=second, **kwargs
        )
    assert caught.value.field == field
    db.session.rollback()
    assert registration.status is RegistrationStatus.ACTIVE
    assert len(registration.history) == 1


def test_reinstate_and_strike_off(db, registration, registrar, second, outbox):
    services.suspend_registration(
        registration,
        registrar,
        reason="r",
        category="administrative",
        ends_on=None,
        today=TODAY,
        confirmed_by=second,
    )
    services.reinstate_registration(registration, registrar, note="Resolved.")
    db.session.commit()
    assert registration.status is RegistrationStatus.ACTIVE
    assert registration.history[-1].reason == "Resolved."
    with pytest.raises(ActionRefused):
        services.strike_off_registration(registration, registrar, reason="  ", confirmed_by=second)
    db.session.rollback()
    services.strike_off_registration(
        registration, registrar, reason="Ruling of the board.", confirmed_by=second
    )
    db.session.commit()
    assert registration.status is RegistrationStatus.STRUCK_OFF
    assert [c.to_status.value for c in registration.history] == [
        "active",
        "suspended",
        "active",
        "struck_off",
    ]
    assert _actions(db, registration)[-3:] == [
        "registration.suspend",
        "registration.reinstate",
        "registration.strike_off",
    ]
    assert "struck off" in outbox[-1]["subject"]


def test_lifecycle_refuses_impossible_actions(db, registration, registrar, second):
    with pytest.raises(IllegalTransition):
        services.reinstate_registration(registration, registrar)  # active: nothing to reinstate
    db.session.rollback()
    services.strike_off_registration(registration, registrar, reason="x", confirmed_by=second)
    db.session.commit()
    with pytest.raises(NotAllowedNow):
        services.suspend_registration(
            registration,
            registrar,
            reason="x",
            category="investigation",
            ends_on=None,
            today=TODAY,
            confirmed_by=second,
        )


def test_stale_version_is_refused(db, registration, registrar, second):
    seen = registration.version
    services.suspend_registration(
        registration,
        registrar,
        reason="x",
        category="investigation",
        ends_on=None,
        today=TODAY,
        expected_version=seen,
        confirmed_by=second,
    )
    db.session.commit()
    with pytest.raises(StaleRecord):
        services.strike_off_registration(
            registration, registrar, reason="y", expected_version=seen, confirmed_by=second
        )
    db.session.rollback()
    assert registration.status is RegistrationStatus.SUSPENDED


def test_work_region_visibility(db, registration):
    user = registration.user
    services.set_work_region_visibility(registration, user, True)
    db.session.commit()
    assert registration.show_work_region is True
    services.set_work_region_visibility(registration, user, False)
    db.session.commit()
    assert registration.show_work_region is False
    assert "registration.work_region_visibility" in _actions(db, registration)

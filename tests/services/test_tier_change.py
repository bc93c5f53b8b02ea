"""Changing tier: an approved application for another tier changes the same registration
(same number) with a history row, a new period and a stored decision with its trace; the
database refuses a second current registration for one person, and the services refuse to
create one."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from register.applications import services as applications
from register.decisions import decisions_for
from register.domain.decisions import DecisionKind
from register.domain.eligibility import Proposal
from register.domain.lifecycle import (
    ApplicationState,
    IllegalTransition,
    RegistrationAction,
    RegistrationStatus,
)
from register.domain.objections import ObjectionAction
from register.domain.trace import Trace
from register.errors import ActionRefused, NotAllowedNow
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.periods import PeriodKind
from register.models.registrations import Registration
from register.objections import services as objections
from register.registrations import services as registrations
from register.review import services as review
from tests.change_support import programme, register_person, tier_change_application
from tests.four_eyes_support import second_registrar
from tests.identity_support import confirmed_identity
from tests.lookup_support import add_registration

TODAY = dt.date.today()


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR)


@pytest.fixture
def registered(db, make_user, registrar):
    return register_person(make_user, registrar, tier=1, given_names="Ayşe", surname="Çelik")


def words(app, refused) -> str:
    """A refusal's message in English (lazy texts are translated in a request)."""
    with app.test_request_context(), force_locale("en"):
        return str(refused.value)


def _approve(application, registrar, reason=None):
    review.start_review(application, registrar, expected_version=None)
    confirmed_identity(application, registrar)
    return review.approve_application(
        application, registrar, reason=reason, today=TODAY, expected_version=None
    )


def test_an_approved_tier_change_keeps_the_number(db, registered, registrar, outbox):
    number, until = registered.number, registered.valid_until
    application = tier_change_application(registered, tier=2)
    assert application.is_tier_change and application.registration_id == registered.id
    result = _approve(application, registrar)
    db.session.commit()

    assert result.id == registered.id
    assert db.session.scalar(select(func.count(Registration.id))) == 1
    db.session.refresh(registered)
    assert (registered.number, registered.tier) == (number, 2)
    assert registered.status is RegistrationStatus.ACTIVE
    assert registered.valid_until == until  # the policy keeps the end date
    change = registered.history[-1]
    assert change.action is RegistrationAction.CHANGE_TIER
    assert (change.from_tier, change.to_tier, change.by_id) == (1, 2, registrar.id)
    assert change.from_status is change.to_status is RegistrationStatus.ACTIVE
    assert [(p.kind, p.tier) for p in registered.periods] == [
        (PeriodKind.ADMISSION, 1),
        (PeriodKind.TIER_CHANGE, 2),
    ]
    period = registered.periods[-1]
    assert (period.valid_from, period.valid_until) == (TODAY, until)
    [decision] = decisions_for(application)
    assert decision.kind is DecisionKind.TIER_CHANGE and decision.outcome == "approved"
    assert period.decision_id == decision.id
    assert decision.details["registration"] == number and decision.details["from_tier"] == 1
    trace = Trace.from_json(decision.trace, Proposal)
    assert trace.proposal is Proposal.APPROVE
    assert trace.result("tier_change.growth_reflection").passed
    mail = outbox[-1]
    assert mail["to"] == registered.user.email and number in mail["subject"]
    assert "Tier now: Tier 2" in mail["body"]
    actions = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.subject_type == "Registration", AuditEvent.subject_id == registered.id
        )
    ).all()
    assert "registration.change_tier" in actions


def test_the_validity_restarts_when_the_policy_says_so(db, app, registered, registrar, policies):
    rules = policies.registration.tier_change.model_copy(update={"validity_restarts": True})
    registration_policy = policies.registration.model_copy(update={"tier_change": rules})
    app.extensions["policies"] = dataclasses.replace(policies, registration=registration_policy)
    try:
        application = tier_change_application(registered, tier=3)
        _approve(application, registrar)
        db.session.commit()
    finally:
        app.extensions["policies"] = policies
    db.session.refresh(registered)
    assert registered.tier == 3
    assert registered.valid_from == TODAY
    assert registered.valid_until == TODAY.replace(year=TODAY.year + 5)


def test_a_refused_tier_change_leaves_the_registration_alone(db, registered, registrar):
    application = tier_change_application(registered, tier=2)
    review.refuse_application(
        application,
        registrar,
        reason="The diploma is not yours.",
        today=TODAY,
        expected_version=None,
    )
    db.session.commit()
    db.session.refresh(registered)
    assert registered.tier == 1 and len(registered.periods) == 1
    [decision] = decisions_for(application)
    assert decision.kind is DecisionKind.TIER_CHANGE and decision.outcome == "refused"
    assert decision.departs_from_proposal  # the rules proposed approval


def test_an_upheld_objection_against_a_refused_tier_change_changes_the_tier(
    db, make_user, registered, registrar, outbox
):
    application = tier_change_application(registered, tier=2)
    review.refuse_application(
        application, registrar, reason="Not enough.", today=TODAY, expected_version=None
    )
    db.session.commit()
    [refusal] = decisions_for(application)
    assert "/decisions/" in outbox[-1]["body"]  # the refusal came with its letter and clause
    objection = objections.submit_objection(
        refusal,
        registered.user,
        grounds="My reflections were all there.",
        wants_hearing=False,
        lateness_reason=None,
        uploads=[],
        today=TODAY,
    )
    other = make_user(role=Role.REGISTRAR, given_names="Ruben")
    outcome = objections.decide_objection(
        objection,
        other,
        action=ObjectionAction.UPHOLD,
        grounds="The reflections cover every criterion.",
        today=TODAY,
        expected_version=objection.version,
    )
    db.session.commit()
    db.session.refresh(registered)
    assert outcome.next_steps is None
    assert registered.tier == 2 and registered.number == application.registration.number
    assert [p.kind for p in registered.periods] == [PeriodKind.ADMISSION, PeriodKind.TIER_CHANGE]
    approval = decisions_for(application)[-1]
    assert approval.kind is DecisionKind.TIER_CHANGE and approval.replaces_id == refusal.id


def test_a_tier_change_of_a_registration_suspended_meanwhile_is_refused(db, registered, registrar):
    application = tier_change_application(registered, tier=2)
    registrations.suspend_registration(
        registered,
        registrar,
        reason="Complaint.",
        category="investigation",
        ends_on=None,
        today=TODAY,
        confirmed_by=second_registrar(),
    )
    db.session.commit()
    evaluation = review.decision_evaluation(application, TODAY)
    assert not evaluation.result("tier_change.registration_active").passed
    with pytest.raises(IllegalTransition):
        _approve(application, registrar, reason="Approve anyway.")


def test_starting_a_tier_change_is_refused_while_another_application_is_open(
    db, registered, registrar
):
    tier_change_application(registered, tier=2, submit=False)
    with pytest.raises(NotAllowedNow):
        applications.start_tier_change(registered.user, registered)


def test_only_an_active_registration_can_start_a_tier_change(app, db, registered, registrar):
    registrations.strike_off_registration(
        registered, registrar, reason="Ruling.", confirmed_by=second_registrar()
    )
    db.session.commit()
    with pytest.raises(NotAllowedNow) as refused:
        applications.start_tier_change(registered.user, registered)
    assert words(app, refused) == "Only an active registration can change tier."


def test_a_registered_person_cannot_start_a_first_application(app, db, registered):
    with pytest.raises(NotAllowedNow) as refused:
        applications.start_application(registered.user)
    assert "You are already in the register." in words(app, refused)


def test_a_tier_change_copies_the_personal_details_to_check(db, registered):
    application = applications.start_tier_change(registered.user, registered)
    assert application.date_of_birth == dt.date(1980, 5, 1)
    assert application.work_region == registered.work_region
    assert application.state is ApplicationState.DRAFT


def test_approving_a_first_application_of_someone_registered_is_refused(
    app, db, make_user, registered, registrar
):
    """An application made before the person was registered (or entered around the
    services) must not create a second registration."""
    from register.demo.registrations import submitted_diploma_application

    second = submitted_diploma_application(registered.user, programme(5), tier=2, write_file=False)
    db.session.commit()
    evaluation = review.decision_evaluation(second, TODAY)
    assert evaluation.proposal is Proposal.REFUSE
    assert evaluation.result("registration.none_current").facts["number"].value == registered.number
    with pytest.raises(ActionRefused) as refused:
        confirmed_identity(second, registrar)
        review.approve_application(
            second, registrar, reason="Depart.", today=TODAY, expected_version=None
        )
    assert f"Ayşe Çelik already has registration {registered.number}." in words(app, refused)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_the_database_refuses_a_second_current_registration(db, make_user, policies):
    user = make_user()
    add_registration(policies, user=user, commit=False)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        add_registration(policies, user=user, status=RegistrationStatus.SUSPENDED, commit=False)


@pytest.mark.parametrize("ended", [RegistrationStatus.LAPSED, RegistrationStatus.STRUCK_OFF])
def test_an_ended_registration_does_not_count_as_current(db, make_user, policies, ended):
    user = make_user()
    add_registration(policies, user=user, status=ended, commit=False)
    add_registration(policies, user=user, status=ended, commit=False)
    current = add_registration(policies, user=user, commit=False)
    assert applications.current_registration(user) is current


def test_a_first_application_after_a_lapse_creates_a_new_registration(
    db, make_user, registered, registrar
):
    from register.demo.registrations import submitted_diploma_application

    registrations.strike_off_registration(
        registered, registrar, reason="Ruling.", confirmed_by=second_registrar()
    )
    db.session.commit()
    application = submitted_diploma_application(
        registered.user, programme(5), tier=2, write_file=False
    )
    new = _approve(application, registrar)
    db.session.commit()
    assert new.id != registered.id and new.number != registered.number
    assert applications.current_registration(registered.user) == new

"""The registrar's decisions on applications: approval creates the registration, refusal
needs a reason, information requests need a message, and of two registrars acting at once
exactly one wins."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm.exc import StaleDataError

from register.decisions import latest_decision
from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.decisions import DecisionKind
from register.domain.lifecycle import ApplicationState, IllegalTransition, RegistrationStatus
from register.domain.numbers import parse_number
from register.errors import ActionRefused, NotAllowedNow, StaleRecord
from register.models.accounts import Role
from register.models.applications import ApplicationMessage, ApplicationStatusChange, MessageKind
from register.models.audit import AuditEvent
from register.models.registrations import NumberSequence, Registration, RegistrationStatusChange
from register.review import services
from tests.identity_support import confirmed_identity

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, given_names="Rianne", surname="Registrar")


@pytest.fixture
def programme(db):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid",
        "Hogeschool Test",
        5,
        dt.date(2015, 1, 1),
        dt.date(2030, 12, 31),
    )
    db.session.commit()
    return programme


@pytest.fixture
def submitted(db, make_user, programme, registrar):
    """Creator of submitted, complete diploma applications (the rules propose approval),
    whose applicant's identity the registrar confirmed (``identity=False``: not yet)."""

    def make(identity=True, **kw):
        applicant = make_user(
            given_names=kw.pop("given_names", "Ayşe"),
            surname_prefix=kw.pop("prefix", "van der"),
            surname=kw.pop("surname", "Çelik"),
            locale=kw.pop("locale", None),
        )
        application = submitted_diploma_application(applicant, programme, write_file=False, **kw)
        if identity:
            confirmed_identity(application, registrar)
        db.session.commit()
        return application

    return make


def _audit(action):
    from register.extensions import db

    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_approval_records_the_decision_and_creates_the_registration(
    db, registrar, submitted, policies, outbox
):
    application = submitted(tier=2, locale="en")
    registration = services.approve_application(
        application, registrar, reason=None, today=TODAY, expected_version=application.version
    )
    db.session.commit()

    assert application.state is ApplicationState.APPROVED
    assert application.decided_by_id == registrar.id and application.decided_at is not None
    assert application.policy_versions == policies.versions
    assert application.departs_from_proposal is False
    assert registration.number == "ED-00000013"  # sequence 1 and its Damm check digit 3
    assert parse_number(policies.registration.number, registration.number).ok
    assert registration.tier == 2 and registration.status is RegistrationStatus.ACTIVE
    assert registration.valid_from == TODAY
    assert registration.valid_until == TODAY.replace(year=TODAY.year + 5)
    assert (registration.given_names, registration.surname_prefix, registration.surname) == (
        "Ayşe",
        "van der",
        "Çelik",
    )
    assert registration.work_region == "Utrecht"
    assert registration.policy_version == policies.registration.version
    assert [c.to_status for c in registration.history] == [RegistrationStatus.ACTIVE]
    states = [c.to_state for c in application.history]
    assert states == [ApplicationState.SUBMITTED, ApplicationState.APPROVED]
    assert _audit("application.approve") and _audit("registration.created")
    decided = _audit("application.decided")[0]
    assert decided.detail["proposal"] == "approve" and decided.actor_id == registrar.id
    mail = [m for m in outbox if registration.number in m["body"]]
    assert len(mail) == 1 and mail[0]["to"] == application.applicant.email
    assert "You are now in the register" in mail[0]["subject"]


def test_numbers_are_unique_and_valid_across_approvals(db, registrar, submitted, policies):
    numbers = []
    for i in range(5):
        application = submitted(surname=f"Jansen{i}")
        numbers.append(
            services.approve_application(
                application, registrar, reason=None, today=TODAY, expected_version=None
            ).number
        )
        db.session.commit()
    assert len(set(numbers)) == 5
    assert all(parse_number(policies.registration.number, n).canonical == n for n in numbers)
    assert db.session.get(NumberSequence, "registration").next_value == 6
    assert db.session.scalar(select(func.count(Registration.id))) == 5


def test_approving_against_the_proposal_needs_a_reason_and_a_second_registrar(
    db, registrar, make_user, submitted
):
    application = submitted(with_evidence=False)  # the diploma copy is missing: incomplete
    with pytest.raises(ActionRefused):
        services.approve_application(
            application, registrar, reason="  ", today=TODAY, expected_version=application.version
        )
    db.session.rollback()
    assert application.state is ApplicationState.SUBMITTED
    for confirmer in (None, registrar):  # four eyes: not alone, and not oneself
        with pytest.raises(NotAllowedNow):
            services.approve_application(
                application,
                registrar,
                reason="Diploma seen at the desk.",
                today=TODAY,
                expected_version=application.version,
                confirmed_by=confirmer,
            )
        db.session.rollback()
    second = make_user(role=Role.REGISTRAR)
    registration = services.approve_application(
        application,
        registrar,
        reason="Diploma seen at the desk.",
        today=TODAY,
        expected_version=application.version,
        confirmed_by=second,
    )
    db.session.commit()
    decision = latest_decision(application, DecisionKind.APPLICATION)
    assert (decision.decided_by_id, decision.confirmed_by_id) == (registrar.id, second.id)
    assert decision.departs_from_proposal and decision.proposal == "incomplete"
    assert decision.details["registration"] == registration.number
    assert application.departs_from_proposal is True
    assert application.decision_reason == "Diploma seen at the desk."


def test_refusal_needs_a_reason_and_informs_the_applicant(db, registrar, submitted, outbox):
    application = submitted()
    with pytest.raises(ActionRefused):
        services.refuse_application(
            application, registrar, reason="", today=TODAY, expected_version=application.version
        )
    db.session.rollback()
    services.refuse_application(
        application,
        registrar,
        reason="The diploma is not genuine.",
        today=TODAY,
        expected_version=application.version,
    )
    db.session.commit()
    assert application.state is ApplicationState.REFUSED
    assert application.decision_reason == "The diploma is not genuine."
    assert application.departs_from_proposal is True  # the rules proposed approval
    assert [m.kind for m in application.messages] == [MessageKind.DECISION]
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    assert any("The diploma is not genuine." in m["body"] for m in outbox)
    assert _audit("application.refuse")


def test_information_request_needs_a_message(db, registrar, submitted, outbox):
    application = submitted(locale="en")
    with pytest.raises(ActionRefused):
        services.request_information(
            application, registrar, message=" ", expected_version=application.version
        )
    db.session.rollback()
    services.request_information(
        application, registrar, message="Please send page 2.", expected_version=application.version
    )
    db.session.commit()
    assert application.state is ApplicationState.INFO_REQUESTED
    note = db.session.scalars(select(ApplicationMessage)).one()
    assert note.kind is MessageKind.INFO_REQUEST and note.author_id == registrar.id
    assert outbox[-1]["to"] == application.applicant.email
    assert "Please send page 2." in outbox[-1]["body"]
    assert outbox[-1]["subject"] == "The register needs more information"


def test_start_review(db, registrar, submitted):
    application = submitted()
    services.start_review(application, registrar, expected_version=application.version)
    db.session.commit()
    assert application.state is ApplicationState.IN_REVIEW
    assert _audit("application.start_review")[0].actor_id == registrar.id


def test_a_stale_version_is_refused_and_nothing_changes(db, registrar, submitted):
    application = submitted()
    seen = application.version
    services.start_review(application, registrar, expected_version=seen)
    db.session.commit()
    with pytest.raises(StaleRecord):
        services.approve_application(
            application, registrar, reason=None, today=TODAY, expected_version=seen
        )
    db.session.rollback()
    assert application.state is ApplicationState.IN_REVIEW
    assert application.decided_at is None


def test_a_lost_race_at_the_database_raises_and_records_no_decision(
    db, registrar, make_user, submitted
):
    """Another registrar's write lands between loading and saving: the mapper's version
    check refuses the second write."""
    application = submitted()
    other = make_user(role=Role.REGISTRAR)
    db.session.execute(
        text(
            "UPDATE application SET version = version + 1, state = 'refused', "
            "decided_at = CURRENT_TIMESTAMP, decided_by_id = :by, "
            "decision_reason = 'x', policy_versions = '{}' WHERE id = :id"
        ),
        {"by": other.id, "id": application.id},
    )
    with pytest.raises(StaleDataError):
        services.approve_application(
            application, registrar, reason=None, today=TODAY, expected_version=application.version
        )
    db.session.rollback()
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    assert db.session.scalar(select(func.count(RegistrationStatusChange.id))) == 0


@pytest.mark.parametrize("final", ["approve", "refuse"])
def test_no_action_on_a_final_application(db, registrar, submitted, final):
    application = submitted()
    if final == "approve":
        services.approve_application(
            application, registrar, reason=None, today=TODAY, expected_version=None
        )
    else:
        services.refuse_application(
            application, registrar, reason="No.", today=TODAY, expected_version=None
        )
    db.session.commit()
    for action in (
        lambda: services.approve_application(
            application, registrar, reason="x", today=TODAY, expected_version=None
        ),
        lambda: services.refuse_application(
            application, registrar, reason="x", today=TODAY, expected_version=None
        ),
        lambda: services.request_information(
            application, registrar, message="x", expected_version=None
        ),
        lambda: services.start_review(application, registrar, expected_version=None),
    ):
        with pytest.raises(IllegalTransition):
            action()
        db.session.rollback()
    changes = db.session.scalars(
        select(ApplicationStatusChange).where(
            ApplicationStatusChange.application_id == application.id
        )
    )
    assert len(list(changes)) == 2
    assert db.session.scalar(select(func.count(Registration.id))) == (final == "approve")


def test_queue_query_filters_and_orders(db, submitted):
    from register.models.base import utcnow

    now = utcnow()
    old = submitted(tier=1, submitted_at=now - dt.timedelta(days=40))
    mid = submitted(tier=2, submitted_at=now - dt.timedelta(days=10))
    new = submitted(tier=2, submitted_at=now - dt.timedelta(days=1))
    ids = lambda q: [a.id for a in db.session.scalars(q)]  # noqa: E731
    assert ids(services.queue_query()) == [old.id, mid.id, new.id]
    assert ids(services.queue_query(tier=2)) == [mid.id, new.id]
    assert ids(services.queue_query(waited_days=5, now=now)) == [old.id, mid.id]
    assert ids(services.queue_query(route="transitional")) == []
    assert ids(services.queue_query(states=(ApplicationState.APPROVED,))) == []

"""Changing a registered name: the registrant's request with proof, the registrar's decision
(stored with its trace), the internal name history, the public search keys, and the
registrar's correction of a typo."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from register.decisions import decisions_for, latest_decision
from register.domain.decisions import DecisionKind
from register.domain.eligibility import Proposal
from register.domain.lifecycle import IllegalTransition
from register.domain.name_change import NameChangeKind, NameChangeState
from register.domain.trace import Trace
from register.errors import ActionRefused, NotAllowedNow, StaleRecord
from register.lookup.services import search_registrations
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.name_changes import services
from register.registrations import services as registrations
from tests.change_support import proof, register_person
from tests.four_eyes_support import second_registrar

TODAY = dt.date.today()


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR)


@pytest.fixture
def registered(db, make_user, registrar):
    return register_person(
        make_user, registrar, tier=2, given_names="Sanne", surname_prefix="de", surname="Vries"
    )


def words(app, refused) -> str:
    with app.test_request_context(), force_locale("en"):
        return str(refused.value)


def _request(registration, upload=None, surname="Bakker", prefix=""):
    return services.request_name_change(
        registration,
        registration.user,
        given_names="Sanne",
        surname_prefix=prefix,
        surname=surname,
        explanation="Married.",
        upload=upload if upload is not None else proof(),
    )


def _found(query: str) -> list[str]:
    return [row.number for row in search_registrations(query).items]


def test_an_approved_request_changes_the_public_name_and_keeps_the_old_one(
    app, db, registered, registrar, outbox
):
    request = _request(registered)
    db.session.commit()
    assert request.state is NameChangeState.PENDING
    assert "We have received your request" in outbox[-1]["subject"]
    assert registered.full_name == "Sanne de Vries"  # not before the decision

    decision = services.decide_name_change(
        request, registrar, approve=True, grounds=None, today=TODAY, expected_version=None
    )
    db.session.commit()
    db.session.refresh(registered)
    assert registered.full_name == "Sanne Bakker"
    assert (registered.surname_key, registered.prefix_key) == ("bakker", "")
    [change] = registered.name_history
    assert change.kind is NameChangeKind.REQUEST and change.request_id == request.id
    assert change.old_name.full == "Sanne de Vries" and change.new_name.full == "Sanne Bakker"
    assert change.decision_id == decision.id and change.by_id == registrar.id
    assert decision.kind is DecisionKind.NAME_CHANGE and decision.outcome == "approved"
    assert decision.details["current_name"] == "Sanne de Vries"
    assert Trace.from_json(decision.trace, Proposal).proposal is Proposal.APPROVE
    assert request.state is NameChangeState.APPROVED and request.decided_by_id == registrar.id
    assert "Your request has been approved" in outbox[-1]["body"]
    with app.test_request_context():
        assert _found("Bakker") == [registered.number]
        assert _found("de Vries") == []


def test_a_refusal_needs_grounds_and_changes_nothing(db, registered, registrar, outbox):
    request = _request(registered)
    with pytest.raises(ActionRefused) as refused:
        services.decide_name_change(
            request, registrar, approve=False, grounds=" ", today=TODAY, expected_version=None
        )
    assert refused.value.field == "grounds"
    services.decide_name_change(
        request,
        registrar,
        approve=False,
        grounds="The certificate is not legible.",
        today=TODAY,
        expected_version=None,
    )
    db.session.commit()
    db.session.refresh(registered)
    assert registered.full_name == "Sanne de Vries" and registered.name_history == []
    assert request.state is NameChangeState.REFUSED
    assert latest_decision(request).outcome == "refused"
    assert latest_decision(request).departs_from_proposal
    assert "The certificate is not legible." in outbox[-1]["body"]


def test_a_request_is_decided_once_and_a_stale_decision_is_refused(db, registered, registrar):
    request = _request(registered)
    db.session.commit()
    seen = request.version
    services.decide_name_change(
        request, registrar, approve=True, grounds=None, today=TODAY, expected_version=seen
    )
    db.session.commit()
    with pytest.raises(StaleRecord):
        services.decide_name_change(
            request, registrar, approve=False, grounds="x", today=TODAY, expected_version=seen
        )
    with pytest.raises(IllegalTransition):
        services.decide_name_change(
            request, registrar, approve=False, grounds="x", today=TODAY, expected_version=None
        )
    assert len(decisions_for(request)) == 1


def test_a_request_needs_proof_another_name_and_no_other_open_request(app, db, registered):
    with pytest.raises(ActionRefused) as refused:
        _request(registered, upload=proof(name=""))
    assert refused.value.field == "proof"
    with pytest.raises(ActionRefused) as refused:
        _request(registered, surname="Vries", prefix="de")
    assert refused.value.field == "surname"
    assert words(app, refused) == "This is already the name in the register."
    with pytest.raises(ActionRefused) as refused:
        _request(registered, upload=proof(data=b"not a picture at all"))
    assert refused.value.field == "proof"
    _request(registered)
    with pytest.raises(NotAllowedNow) as refused:
        _request(registered, surname="Jansen")
    assert "already asked for a change of name" in words(app, refused)


def test_withdrawing_and_asking_again(db, registered):
    first = _request(registered)
    services.withdraw_name_change(first, registered.user)
    assert first.state is NameChangeState.WITHDRAWN
    with pytest.raises(IllegalTransition):
        services.withdraw_name_change(first, registered.user)
    second = _request(registered, surname="Jansen")
    db.session.commit()
    assert services.pending_request(registered) == second
    assert services.latest_request(registered) == second


def test_an_ended_registration_keeps_its_name(db, registered, registrar):
    registrations.strike_off_registration(
        registered, registrar, reason="Ruling.", confirmed_by=second_registrar()
    )
    with pytest.raises(NotAllowedNow):
        _request(registered)


def test_a_registrar_corrects_a_typo_with_a_reason(app, db, registered, registrar, outbox):
    change = services.correct_name(
        registered,
        registrar,
        given_names="Sanne",
        surname_prefix="de",
        surname="Vriess",
        reason="Typed wrongly at entry.",
        today=TODAY,
        expected_version=registered.version,
    )
    db.session.commit()
    db.session.refresh(registered)
    assert registered.full_name == "Sanne de Vriess"
    assert change.kind is NameChangeKind.CORRECTION and change.reason == "Typed wrongly at entry."
    decision = latest_decision(registered, DecisionKind.NAME_CHANGE)
    assert decision.outcome == "corrected" and decision.decided_by_id == registrar.id
    assert Trace.from_json(decision.trace, Proposal).result("name_correction.small").passed
    assert "We have corrected your name" in outbox[-1]["subject"]
    events = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.subject_type == "Registration", AuditEvent.subject_id == registered.id
        )
    ).all()
    assert "registration.name_changed" in events


def test_a_correction_is_refused_without_a_reason_too_big_or_stale(app, db, registered, registrar):
    def correct(surname, reason="Typo.", version=None):
        return services.correct_name(
            registered,
            registrar,
            given_names="Sanne",
            surname_prefix="de",
            surname=surname,
            reason=reason,
            today=TODAY,
            expected_version=version,
        )

    with pytest.raises(ActionRefused) as refused:
        correct("Vriess", reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(ActionRefused) as refused:
        correct("Bakker")
    assert refused.value.field == "surname"
    assert "This is more than a typo" in words(app, refused)
    with pytest.raises(ActionRefused):
        correct("Vries")  # nothing to correct
    with pytest.raises(StaleRecord):
        correct("Vriess", version=registered.version - 1)
    db.session.rollback()
    db.session.refresh(registered)
    assert registered.name_history == [] and registered.full_name == "Sanne de Vries"

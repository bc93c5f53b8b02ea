"""Four eyes for grave actions: a proposal takes effect only when a second registrar
confirms it before it lapses; every step is audited; the subject is untouched until then."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from register.domain.four_eyes import ProposalState
from register.errors import ActionRefused, NotAllowedNow, StaleRecord
from register.four_eyes import services
from register.four_eyes.registry import GraveAction, declared_kinds, grave_action
from register.models.accounts import Role, User
from register.models.audit import AuditEvent
from register.models.decisions import ActionProposal

TODAY = dt.date(2026, 12, 1)
EXECUTED: list = []


def _validate(subject, payload):
    if not subject.active:
        raise ActionRefused(_l("This account is blocked already."))


def _execute(subject, payload, *, proposer, confirmer, reason):
    subject.active = False
    EXECUTED.append((subject.id, payload, proposer.id, confirmer.id, reason))
    return "done"


BLOCK = grave_action(
    GraveAction(
        kind="tests.block_account",
        model=User,
        title=_l("Block the account"),
        consequences=lambda subject, payload: [_l("The account can no longer log in.")],
        execute=_execute,
        validate=_validate,
    )
)


@pytest.fixture
def people(make_user):
    EXECUTED.clear()
    return (
        make_user(role=Role.REGISTRAR),
        make_user(role=Role.REGISTRAR),
        make_user(role=Role.APPLICANT),
    )


def _audit_actions(db, proposal):
    return [
        e.action
        for e in db.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.subject_type == "ActionProposal", AuditEvent.subject_id == proposal.id
            )
            .order_by(AuditEvent.id)
        )
    ]


def test_the_action_waits_for_a_second_registrar(db, people, policies):
    first, second, person = people
    proposal = services.propose(
        BLOCK.kind, person, first, reason="  repeated abuse  ", payload={"n": 1}, today=TODAY
    )
    db.session.commit()
    assert "tests.block_account" in declared_kinds()
    assert person.active and EXECUTED == []
    assert proposal.state is ProposalState.PENDING
    assert proposal.reason == "repeated abuse"
    assert proposal.lapses_on == TODAY + dt.timedelta(
        days=policies.decisions.four_eyes.lapse_after_days
    )
    assert proposal.policy_version == policies.decisions.version
    assert services.pending_for(person) == [proposal]

    assert (
        services.confirm(proposal, second, today=TODAY, expected_version=proposal.version) == "done"
    )
    db.session.commit()
    assert not person.active
    assert [(person.id, {"n": 1}, first.id, second.id, "repeated abuse")] == EXECUTED
    assert proposal.state is ProposalState.CONFIRMED
    assert proposal.decided_by_id == second.id and proposal.decided_at is not None
    assert _audit_actions(db, proposal) == ["proposal.created", "proposal.confirmed"]
    assert services.pending_for(person) == []


def test_the_proposer_cannot_confirm_or_reject_their_own_proposal(db, people):
    first, _second, person = people
    proposal = services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    with pytest.raises(ActionRefused):
        services.confirm(proposal, first, today=TODAY)
    with pytest.raises(ActionRefused):
        services.reject(proposal, first, note="no", today=TODAY)
    assert proposal.state is ProposalState.PENDING and person.active


def test_the_database_refuses_a_proposer_deciding_their_own_proposal(db, people):
    first, _second, person = people
    proposal = services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    db.session.commit()
    with db.session.no_autoflush:
        proposal.state = ProposalState.CONFIRMED
        proposal.decided_at = proposal.proposed_at
        proposal.decided_by_id = first.id
    with pytest.raises(IntegrityError, match="second_person"):
        db.session.flush()
    db.session.rollback()


def test_rejecting_needs_a_note_and_changes_nothing(db, people):
    first, second, person = people
    proposal = services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    with pytest.raises(ActionRefused) as refused:
        services.reject(proposal, second, note="  ", today=TODAY)
    assert refused.value.field == "note"
    services.reject(proposal, second, note="Not proportionate", today=TODAY)
    db.session.commit()
    assert person.active and EXECUTED == []
    assert proposal.state is ProposalState.REJECTED
    assert proposal.decision_note == "Not proportionate"
    assert _audit_actions(db, proposal) == ["proposal.created", "proposal.rejected"]


def test_only_the_proposer_withdraws(db, people):
    first, second, person = people
    proposal = services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    with pytest.raises(ActionRefused):
        services.withdraw(proposal, second, today=TODAY)
    services.withdraw(proposal, first, today=TODAY)
    db.session.commit()
    assert proposal.state is ProposalState.WITHDRAWN and proposal.decided_by_id is None


def test_one_pending_proposal_per_action_and_subject(db, people):
    first, second, person = people
    services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    with pytest.raises(NotAllowedNow):
        services.propose(BLOCK.kind, person, second, reason="again", today=TODAY)


def test_a_reason_is_required_and_the_action_is_checked_when_proposed(db, people):
    first, _second, person = people
    with pytest.raises(ActionRefused) as refused:
        services.propose(BLOCK.kind, person, first, reason=" ", today=TODAY)
    assert refused.value.field == "reason"
    person.active = False
    with pytest.raises(ActionRefused):
        services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    assert db.session.scalars(select(ActionProposal)).all() == []


def test_the_action_is_checked_again_when_confirmed(db, people):
    first, second, person = people
    proposal = services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    person.active = False  # meanwhile blocked another way
    with pytest.raises(ActionRefused):
        services.confirm(proposal, second, today=TODAY)
    assert EXECUTED == []


def test_a_stale_version_is_refused(db, people):
    first, second, person = people
    proposal = services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    with pytest.raises(StaleRecord):
        services.confirm(proposal, second, today=TODAY, expected_version=proposal.version + 1)
    assert proposal.state is ProposalState.PENDING


def test_unconfirmed_proposals_lapse_once_and_can_no_longer_be_confirmed(db, people):
    first, second, person = people
    proposal = services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    db.session.commit()
    with pytest.raises(NotAllowedNow):
        services.confirm(proposal, second, today=proposal.lapses_on)
    assert services.lapse_overdue_proposals(proposal.lapses_on - dt.timedelta(days=1)) == 0
    assert services.lapse_overdue_proposals(proposal.lapses_on) == 1
    assert services.lapse_overdue_proposals(proposal.lapses_on) == 0  # idempotent
    db.session.commit()
    assert proposal.state is ProposalState.LAPSED and person.active
    assert _audit_actions(db, proposal) == ["proposal.created", "proposal.lapsed"]


def test_the_daily_job_lapses_proposals(db, people, runner):
    first, _second, person = people
    proposal = services.propose(BLOCK.kind, person, first, reason="r", today=TODAY)
    db.session.commit()
    result = runner.invoke(args=["expire", "--today", proposal.lapses_on.isoformat()])
    assert result.exit_code == 0, result.output
    assert "grave-action proposals lapsed: 1" in result.output

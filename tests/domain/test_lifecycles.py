"""The lifecycle tables (pure): every state reachable, every state's actions, illegal steps
refused; in particular an assessor's assignment, declaration first."""

from __future__ import annotations

import itertools

import pytest

from register.domain.accreditation import REQUEST_LIFECYCLE, RequestState
from register.domain.lifecycle import (
    APPLICATION_LIFECYCLE,
    ASSESSMENT_LIFECYCLE,
    EVIDENCE_OPEN_STATES,
    LIVE_ASSESSMENT_STATES,
    REGISTRATION_LIFECYCLE,
    ApplicationState,
    AssessmentAction,
    AssessmentState,
    IllegalTransition,
    RegistrationStatus,
)
from register.domain.objections import OBJECTION_LIFECYCLE, ObjectionState
from register.domain.renewal import (
    OPEN_RENEWAL_STATES,
    RENEWAL_LIFECYCLE,
    RenewalAction,
    RenewalState,
)

S, A = AssessmentState, AssessmentAction
LIFECYCLES = [
    (APPLICATION_LIFECYCLE, ApplicationState.DRAFT),
    (REGISTRATION_LIFECYCLE, RegistrationStatus.ACTIVE),
    (REQUEST_LIFECYCLE, RequestState.DRAFT),
    (ASSESSMENT_LIFECYCLE, S.ASSIGNED),
    (OBJECTION_LIFECYCLE, ObjectionState.RECEIVED),
    (RENEWAL_LIFECYCLE, RenewalState.SUBMITTED),
]


@pytest.mark.parametrize(("lifecycle", "start"), LIFECYCLES)
def test_every_state_is_reachable_from_the_start(lifecycle, start):
    reached, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        for action in lifecycle.allowed_actions(state):
            following = lifecycle.next_state(state, action)
            if following not in reached:
                reached.add(following)
                frontier.append(following)
    assert reached == set(type(start))


@pytest.mark.parametrize(("lifecycle", "start"), LIFECYCLES)
def test_can_agrees_with_next_state(lifecycle, start):
    actions = {action for (_state, action) in lifecycle.transitions}
    for state, action in itertools.product(type(start), actions):
        if lifecycle.can(state, action):
            assert lifecycle.next_state(state, action) in type(start)
        else:
            with pytest.raises(IllegalTransition):
                lifecycle.next_state(state, action)


@pytest.mark.parametrize(
    ("path", "end"),
    [
        ((A.DECLARE_NO_CONFLICT, A.SAVE_SCORES, A.SAVE_SCORES, A.SUBMIT), S.SUBMITTED),
        ((A.DECLARE_NO_CONFLICT, A.SUBMIT), S.SUBMITTED),
        ((A.DECLARE_CONFLICT,), S.CONFLICT_DECLARED),
    ],
)
def test_an_assignment_declares_first_then_scores(path, end):
    state = S.ASSIGNED
    for action in path:
        state = ASSESSMENT_LIFECYCLE.next_state(state, action)
    assert state is end


def test_an_assignment_allows_per_state_exactly_this():
    allowed = {state: set(ASSESSMENT_LIFECYCLE.allowed_actions(state)) for state in S}
    assert allowed == {
        S.ASSIGNED: {A.DECLARE_NO_CONFLICT, A.DECLARE_CONFLICT},
        S.SCORING: {A.SAVE_SCORES, A.SUBMIT},
        S.SUBMITTED: set(),  # final: nothing changes a submitted assessment
        S.CONFLICT_DECLARED: set(),  # closed
    }


def test_only_a_declared_no_conflict_opens_the_evidence_and_a_conflict_frees_the_place():
    assert {S.SCORING, S.SUBMITTED} == EVIDENCE_OPEN_STATES
    assert set(S) - LIVE_ASSESSMENT_STATES == {S.CONFLICT_DECLARED}


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (S.ASSIGNED, A.SAVE_SCORES),  # no scoring before the declaration
        (S.ASSIGNED, A.SUBMIT),
        (S.SCORING, A.DECLARE_CONFLICT),  # a declaration is made once
        (S.SUBMITTED, A.SAVE_SCORES),
        (S.CONFLICT_DECLARED, A.DECLARE_NO_CONFLICT),
    ],
)
def test_illegal_assignment_steps_are_refused(state, action):
    assert not ASSESSMENT_LIFECYCLE.can(state, action)
    with pytest.raises(IllegalTransition, match=action.value):
        ASSESSMENT_LIFECYCLE.next_state(state, action)


def test_a_drawn_renewal_is_approved_only_after_its_proof_and_closed_states_are_final():
    drawn = RENEWAL_LIFECYCLE.next_state(RenewalState.SUBMITTED, RenewalAction.REQUEST_PROOF)
    assert not RENEWAL_LIFECYCLE.can(drawn, RenewalAction.APPROVE)
    assert RENEWAL_LIFECYCLE.can(drawn, RenewalAction.REFUSE)
    sent = RENEWAL_LIFECYCLE.next_state(drawn, RenewalAction.SEND_PROOF)
    assert RENEWAL_LIFECYCLE.next_state(sent, RenewalAction.APPROVE) is RenewalState.APPROVED
    for state in set(RenewalState) - OPEN_RENEWAL_STATES:
        assert RENEWAL_LIFECYCLE.allowed_actions(state) == ()


def test_grace_leads_back_to_active_or_on_to_lapsed():
    from register.domain.lifecycle import RegistrationAction as A

    grace = REGISTRATION_LIFECYCLE.next_state(RegistrationStatus.ACTIVE, A.ENTER_GRACE)
    assert grace is RegistrationStatus.GRACE
    assert REGISTRATION_LIFECYCLE.next_state(grace, A.RENEW) is RegistrationStatus.ACTIVE
    assert REGISTRATION_LIFECYCLE.next_state(grace, A.LAPSE) is RegistrationStatus.LAPSED
    restored = REGISTRATION_LIFECYCLE.next_state(RegistrationStatus.LAPSED, A.RESTORE)
    assert restored is RegistrationStatus.ACTIVE
    assert not REGISTRATION_LIFECYCLE.can(RegistrationStatus.STRUCK_OFF, A.RESTORE)
    assert not REGISTRATION_LIFECYCLE.can(RegistrationStatus.SUSPENDED, A.RENEW)

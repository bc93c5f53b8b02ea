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

S, A = AssessmentState, AssessmentAction
LIFECYCLES = [
    (APPLICATION_LIFECYCLE, ApplicationState.DRAFT),
    (REGISTRATION_LIFECYCLE, RegistrationStatus.ACTIVE),
    (REQUEST_LIFECYCLE, RequestState.DRAFT),
    (ASSESSMENT_LIFECYCLE, S.ASSIGNED),
    (OBJECTION_LIFECYCLE, ObjectionState.RECEIVED),
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

"""Four eyes, the pure rules: the proposal lifecycle, who may decide, when it lapses."""

from __future__ import annotations

import datetime as dt

import pytest

from register.domain.four_eyes import (
    PROPOSAL_LIFECYCLE,
    ProposalAction,
    ProposalState,
    has_lapsed,
    lapses_on,
    may_decide,
)
from register.domain.lifecycle import IllegalTransition


@pytest.mark.parametrize(
    ("action", "after"),
    [
        (ProposalAction.CONFIRM, ProposalState.CONFIRMED),
        (ProposalAction.REJECT, ProposalState.REJECTED),
        (ProposalAction.WITHDRAW, ProposalState.WITHDRAWN),
        (ProposalAction.LAPSE, ProposalState.LAPSED),
    ],
)
def test_a_pending_proposal_can_be_decided_once(action, after):
    assert PROPOSAL_LIFECYCLE.next_state(ProposalState.PENDING, action) is after
    for decided in (s for s in ProposalState if s is not ProposalState.PENDING):
        assert PROPOSAL_LIFECYCLE.allowed_actions(decided) == ()
        with pytest.raises(IllegalTransition):
            PROPOSAL_LIFECYCLE.next_state(decided, action)


def test_confirming_or_rejecting_takes_a_second_person_withdrawing_the_first():
    assert may_decide(1, 2, ProposalAction.CONFIRM)
    assert may_decide(1, 2, ProposalAction.REJECT)
    assert not may_decide(1, 1, ProposalAction.CONFIRM)
    assert not may_decide(1, 1, ProposalAction.REJECT)
    assert may_decide(1, 1, ProposalAction.WITHDRAW)
    assert not may_decide(1, 2, ProposalAction.WITHDRAW)
    assert not may_decide(1, None, ProposalAction.CONFIRM)
    assert not may_decide(1, 2, ProposalAction.LAPSE)  # only the daily job lapses


def test_a_proposal_lapses_on_the_day_the_period_ends():
    day = lapses_on(dt.date(2026, 12, 1), 14)
    assert day == dt.date(2026, 12, 15)
    assert not has_lapsed(day, dt.date(2026, 12, 14))
    assert has_lapsed(day, dt.date(2026, 12, 15))

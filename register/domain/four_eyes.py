"""Four eyes (vier ogen) for grave actions: one registrar proposes, another confirms.

Pure rules: the proposal's lifecycle as a transition table, who may confirm, and when an
unconfirmed proposal lapses. The services in ``register.four_eyes`` apply them.
"""

from __future__ import annotations

import datetime as dt
import enum

from register.domain.lifecycle import Lifecycle


class ProposalState(enum.StrEnum):
    """Where a proposal for a grave action stands."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"


class ProposalAction(enum.StrEnum):
    """What can happen to a pending proposal."""

    CONFIRM = "confirm"  # a second registrar agrees: the action takes effect
    REJECT = "reject"  # a second registrar disagrees: nothing happens
    WITHDRAW = "withdraw"  # the proposer takes it back
    LAPSE = "lapse"  # nobody confirmed it within the policy period


_P, _PA = ProposalState, ProposalAction
PROPOSAL_LIFECYCLE: Lifecycle[ProposalState, ProposalAction] = Lifecycle(
    {
        (_P.PENDING, _PA.CONFIRM): _P.CONFIRMED,
        (_P.PENDING, _PA.REJECT): _P.REJECTED,
        (_P.PENDING, _PA.WITHDRAW): _P.WITHDRAWN,
        (_P.PENDING, _PA.LAPSE): _P.LAPSED,
    }
)


def may_decide(proposer_id: int | None, decider_id: int | None, action: ProposalAction) -> bool:
    """Confirming or rejecting takes a second person; withdrawing is the proposer's own."""
    if decider_id is None:
        return False
    if action is ProposalAction.WITHDRAW:
        return decider_id == proposer_id
    if action in (ProposalAction.CONFIRM, ProposalAction.REJECT):
        return decider_id != proposer_id
    return False


def lapses_on(proposed_on: dt.date, lapse_after_days: int) -> dt.date:
    """The first day on which an unconfirmed proposal no longer counts."""
    return proposed_on + dt.timedelta(days=lapse_after_days)


def has_lapsed(lapse_date: dt.date, today: dt.date) -> bool:
    """True from the lapse date on: it can no longer be confirmed."""
    return today >= lapse_date

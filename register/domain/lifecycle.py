"""State machines as tables: each lifecycle is an enum and a transition table keyed by
``(state, action)``. An action that is not in the table raises ``IllegalTransition``."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Generic, TypeVar

S = TypeVar("S", bound=enum.Enum)
A = TypeVar("A", bound=enum.Enum)


class IllegalTransition(Exception):
    """An action was attempted that the current state does not allow."""

    def __init__(self, state: enum.Enum, action: enum.Enum):
        self.state, self.action = state, action
        super().__init__(f"cannot {action.value} when {state.value}")


class Lifecycle(Generic[S, A]):  # noqa: UP046 (Python 3.11)
    """A transition table with a lookup that refuses anything not listed."""

    def __init__(self, transitions: Mapping[tuple[S, A], S]):
        self.transitions = dict(transitions)

    def next_state(self, state: S, action: A) -> S:
        """The state after ``action`` in ``state``; raises ``IllegalTransition`` otherwise."""
        try:
            return self.transitions[(state, action)]
        except KeyError:
            raise IllegalTransition(state, action) from None

    def allowed_actions(self, state: S) -> tuple[A, ...]:
        """The actions possible in ``state``, in table order."""
        return tuple(a for (s, a) in self.transitions if s == state)

    def can(self, state: S, action: A) -> bool:
        """True when ``action`` is possible in ``state``."""
        return (state, action) in self.transitions


class ApplicationState(enum.StrEnum):
    """Where an application for registration stands (aanvraag)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    INFO_REQUESTED = "info_requested"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class ApplicationAction(enum.StrEnum):
    """What can happen to an application."""

    SUBMIT = "submit"
    START_REVIEW = "start_review"
    REQUEST_INFO = "request_info"
    ANSWER = "answer"
    APPROVE = "approve"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"
    APPROVE_ON_OBJECTION = "approve_on_objection"  # a refusal revoked by an upheld objection


_A, _S = ApplicationAction, ApplicationState
APPLICATION_LIFECYCLE: Lifecycle[ApplicationState, ApplicationAction] = Lifecycle(
    {
        (_S.DRAFT, _A.SUBMIT): _S.SUBMITTED,
        (_S.DRAFT, _A.WITHDRAW): _S.WITHDRAWN,
        (_S.SUBMITTED, _A.START_REVIEW): _S.IN_REVIEW,
        (_S.SUBMITTED, _A.REQUEST_INFO): _S.INFO_REQUESTED,
        (_S.SUBMITTED, _A.APPROVE): _S.APPROVED,
        (_S.SUBMITTED, _A.REFUSE): _S.REFUSED,
        (_S.SUBMITTED, _A.WITHDRAW): _S.WITHDRAWN,
        (_S.IN_REVIEW, _A.REQUEST_INFO): _S.INFO_REQUESTED,
        (_S.IN_REVIEW, _A.APPROVE): _S.APPROVED,
        (_S.IN_REVIEW, _A.REFUSE): _S.REFUSED,
        (_S.IN_REVIEW, _A.WITHDRAW): _S.WITHDRAWN,
        (_S.INFO_REQUESTED, _A.ANSWER): _S.IN_REVIEW,
        (_S.INFO_REQUESTED, _A.REFUSE): _S.REFUSED,
        (_S.INFO_REQUESTED, _A.WITHDRAW): _S.WITHDRAWN,
        (_S.REFUSED, _A.APPROVE_ON_OBJECTION): _S.APPROVED,
    }
)
FINAL_APPLICATION_STATES = frozenset({_S.APPROVED, _S.REFUSED, _S.WITHDRAWN})


class RegistrationStatus(enum.StrEnum):
    """The status of a registration in the register (the policy names each one)."""

    ACTIVE = "active"
    GRACE = "grace"  # past the end date, a renewal still to be decided (in herregistratie)
    SUSPENDED = "suspended"
    LAPSED = "lapsed"
    STRUCK_OFF = "struck_off"


class RegistrationAction(enum.StrEnum):
    """What registrars (and the daily expiry job) can do to a registration."""

    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    STRIKE_OFF = "strike_off"
    LAPSE = "lapse"
    ENTER_GRACE = "enter_grace"  # the end date passed with a renewal waiting (daily job)
    RENEW = "renew"  # a renewal approved: a new period under the same number
    RESTORE = "restore"  # a lapsed registration restored under the same number
    CHANGE_TIER = "change_tier"  # an approved application for another tier (same number)


_R, _RA = RegistrationStatus, RegistrationAction
REGISTRATION_LIFECYCLE: Lifecycle[RegistrationStatus, RegistrationAction] = Lifecycle(
    {
        (_R.ACTIVE, _RA.SUSPEND): _R.SUSPENDED,
        (_R.ACTIVE, _RA.STRIKE_OFF): _R.STRUCK_OFF,
        (_R.ACTIVE, _RA.LAPSE): _R.LAPSED,
        (_R.ACTIVE, _RA.ENTER_GRACE): _R.GRACE,
        (_R.ACTIVE, _RA.RENEW): _R.ACTIVE,
        (_R.ACTIVE, _RA.CHANGE_TIER): _R.ACTIVE,
        (_R.GRACE, _RA.RENEW): _R.ACTIVE,
        (_R.GRACE, _RA.LAPSE): _R.LAPSED,
        (_R.GRACE, _RA.SUSPEND): _R.SUSPENDED,
        (_R.GRACE, _RA.STRIKE_OFF): _R.STRUCK_OFF,
        (_R.SUSPENDED, _RA.REINSTATE): _R.ACTIVE,
        # a suspension replaced by another (an interim suspension by the decided one)
        (_R.SUSPENDED, _RA.SUSPEND): _R.SUSPENDED,
        (_R.SUSPENDED, _RA.STRIKE_OFF): _R.STRUCK_OFF,
        (_R.SUSPENDED, _RA.LAPSE): _R.LAPSED,
        (_R.LAPSED, _RA.RENEW): _R.ACTIVE,  # a renewal decided after the grace period ended
        (_R.LAPSED, _RA.RESTORE): _R.ACTIVE,
        (_R.LAPSED, _RA.STRIKE_OFF): _R.STRUCK_OFF,
        (_R.STRUCK_OFF, _RA.REINSTATE): _R.ACTIVE,
    }
)
#: Registrations that have ended. A registration in any other status is *current*: a person
#: holds at most one current registration (the database refuses a second one), so a new
#: status (such as a grace period) counts as current unless it is added here.
ENDED_REGISTRATION_STATUSES = frozenset({_R.LAPSED, _R.STRUCK_OFF})


class AssessmentState(enum.StrEnum):
    """Where an assessor's assignment stands: the independent assessment of a portfolio
    (beoordeling) or a seat on a programme's accreditation panel. The assessor first
    declares whether they have a conflict of interest; only without one do they see the
    evidence and score it."""

    ASSIGNED = "assigned"  # waiting for the conflict-of-interest declaration
    SCORING = "scoring"  # declared no conflict: reading the evidence, scores in draft
    SUBMITTED = "submitted"  # the scores are final
    CONFLICT_DECLARED = "conflict_declared"  # closed: the assessor declared a conflict


class AssessmentAction(enum.StrEnum):
    """What an assessor does with an assignment."""

    DECLARE_NO_CONFLICT = "declare_no_conflict"
    DECLARE_CONFLICT = "declare_conflict"
    SAVE_SCORES = "save_scores"
    SUBMIT = "submit"


_AS, _AA = AssessmentState, AssessmentAction
ASSESSMENT_LIFECYCLE: Lifecycle[AssessmentState, AssessmentAction] = Lifecycle(
    {
        (_AS.ASSIGNED, _AA.DECLARE_NO_CONFLICT): _AS.SCORING,
        (_AS.ASSIGNED, _AA.DECLARE_CONFLICT): _AS.CONFLICT_DECLARED,
        (_AS.SCORING, _AA.SAVE_SCORES): _AS.SCORING,
        (_AS.SCORING, _AA.SUBMIT): _AS.SUBMITTED,
    }
)
#: the assessor may read the evidence (portfolio, self-evaluation) and ask questions
EVIDENCE_OPEN_STATES = frozenset({_AS.SCORING, _AS.SUBMITTED})
#: assignments that count towards the assessors a policy asks for (not closed by a conflict)
LIVE_ASSESSMENT_STATES = frozenset({_AS.ASSIGNED, _AS.SCORING, _AS.SUBMITTED})

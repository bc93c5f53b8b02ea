"""What an upheld objection against a refused application does: the application is
approved after all, and the applicant entered in the register or, for an application for
another tier, their registration changed to that tier (declared once, for
``register.objections``)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l

from register import audit
from register.applications.services import change_state
from register.domain.decisions import DecisionKind, DecisionOutcome
from register.domain.eligibility import Proposal
from register.domain.lifecycle import APPLICATION_LIFECYCLE, ApplicationAction
from register.errors import ActionRefused
from register.models.applications import Application, ApplicationMessage, MessageKind
from register.models.base import utcnow
from register.objections.registry import Remedy, remedy
from register.policy import current_policies
from register.registrations.services import create_registration
from register.registrations.tier_change import change_tier
from register.review.identity import identity_check_of, identity_required
from register.review.services import decision_evaluation


def approve_on_objection(
    application: Application, new_decision, *, actor, today: dt.date, grounds: str
) -> None:
    """Approve a refused application because the objection against the refusal was
    upheld, and create the registration. The application records the new decision; the
    refusal stays in the stored decisions."""
    APPLICATION_LIFECYCLE.next_state(application.state, ApplicationAction.APPROVE_ON_OBJECTION)
    if identity_required(application) and identity_check_of(application) is None:
        raise ActionRefused(
            _l(
                "Upholding this objection registers the applicant at once: first confirm the "
                "applicant's identity and record it on the application's page."
            )
        )
    application.decided_at = utcnow()
    application.decided_by_id = actor.id
    application.decision_reason = grounds
    application.policy_versions = dict(current_policies().versions)
    application.departs_from_proposal = new_decision.departs_from_proposal
    application.messages.append(
        ApplicationMessage(author_id=actor.id, kind=MessageKind.DECISION, body=grounds)
    )
    change_state(application, ApplicationAction.APPROVE_ON_OBJECTION, actor)
    audit.record(
        actor,
        "application.decided",
        application,
        decision=ApplicationAction.APPROVE_ON_OBJECTION.value,
        replaces_decision=new_decision.replaces_id,
        policy_versions=application.policy_versions,
    )
    if application.is_tier_change:
        change_tier(application, actor, today, new_decision)
    else:
        create_registration(application, actor, today, new_decision)


APPLICATION_REFUSAL = remedy(
    Remedy(
        kind=DecisionKind.APPLICATION,
        outcomes=(DecisionOutcome.REFUSED,),
        new_outcome=DecisionOutcome.APPROVED,
        consequence=_l(
            "The refusal is replaced by an approval: the applicant is entered in the register "
            "at once, with a new registration number."
        ),
        evaluate=decision_evaluation,
        departs=lambda trace: trace.proposal is not Proposal.APPROVE,
        carry_out=approve_on_objection,
    )
)


TIER_CHANGE_REFUSAL = remedy(
    Remedy(
        kind=DecisionKind.TIER_CHANGE,
        outcomes=(DecisionOutcome.REFUSED,),
        new_outcome=DecisionOutcome.APPROVED,
        consequence=_l(
            "The refusal is replaced by an approval: the registration keeps its number and "
            "changes to the tier applied for at once."
        ),
        evaluate=decision_evaluation,
        departs=lambda trace: trace.proposal is not Proposal.APPROVE,
        carry_out=approve_on_objection,
    )
)

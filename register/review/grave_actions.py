"""The application's grave action (four eyes): approving it against the rules' proposal.
One registrar proposes, with the reason; the approval is carried out by
``register.review.services.approve_application`` only when a second registrar confirms it.
"""

from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import lazy_gettext as _l

from register.domain.lifecycle import APPLICATION_LIFECYCLE, ApplicationAction, RegistrationStatus
from register.errors import NotAllowedNow
from register.four_eyes.registry import GraveAction, grave_action
from register.labels import label, tier_name
from register.models.applications import Application
from register.review import services

APPROVE_AGAINST_PROPOSAL = "application.approve_against_proposal"


def _about(application: Application) -> str:
    return str(
        _l(
            "Application %(id)s of %(name)s",
            id=application.id,
            name=application.applicant.full_name,
        )
    )


def _consequences(application: Application, payload: dict) -> list:
    proposal = services.decision_evaluation(application, dt.date.today()).proposal
    name = application.applicant.full_name
    return [
        _l(
            "%(name)s is entered in the register in %(tier)s from today, with a new "
            "registration number, although the rules propose: %(proposal)s.",
            name=name,
            tier=tier_name(application.tier),
            proposal=label(proposal),
        ),
        _l(
            "The public register shows the registration as “%(status)s” from today.",
            status=label(RegistrationStatus.ACTIVE),
        ),
        _l(
            "The decision is stored as departing from the rules' proposal, with the reason "
            "and the rules' evaluation as it is at that moment."
        ),
        _l(
            "%(name)s receives an e-mail with the registration number, not about this proposal.",
            name=name,
        ),
    ]


def _validate(application: Application, payload: dict) -> None:
    if not APPLICATION_LIFECYCLE.can(application.state, ApplicationAction.APPROVE):
        raise NotAllowedNow(_l("This application can no longer be approved."))


def _execute(application: Application, payload: dict, *, proposer, confirmer, reason):
    return services.approve_application(
        application,
        proposer,
        reason=reason,
        today=dt.date.today(),
        expected_version=None,
        confirmed_by=confirmer,
    )


grave_action(
    GraveAction(
        kind=APPROVE_AGAINST_PROPOSAL,
        model=Application,
        title=_l("Approve an application against the rules' proposal"),
        consequences=_consequences,
        execute=_execute,
        validate=_validate,
        about=_about,
        link=lambda application: url_for("review.application", application_id=application.id),
    )
)

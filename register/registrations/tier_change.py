"""Changing a registration's tier on an approved application for another tier: the same
registration (same number) takes the new tier, with a history row, a new period and an
e-mail to the registrant. Services flush; they never commit."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l

from register import audit
from register.domain.lifecycle import REGISTRATION_LIFECYCLE, RegistrationAction
from register.domain.tier_change import Validity, validity_after_tier_change
from register.extensions import db
from register.models.applications import Application
from register.models.base import utcnow
from register.models.decisions import Decision
from register.models.periods import PeriodKind
from register.models.registrations import Registration, RegistrationStatusChange
from register.objections.notices import announce_decision
from register.policy import current_policies
from register.registrations.periods import start_period
from register.registrations.services import registration_basis


def change_tier(
    application: Application, actor, today: dt.date, decision: Decision
) -> Registration:
    """Give the registration of the approved tier-change ``application`` its new tier from
    ``today``. Whether the validity restarts is the registration policy's
    (``tier_change.validity_restarts``). The registration's work region follows the
    application, as on admission. Refused (``IllegalTransition``) unless the registration's
    status allows a tier change."""
    registration = application.registration
    policy = current_policies().registration
    status = REGISTRATION_LIFECYCLE.next_state(registration.status, RegistrationAction.CHANGE_TIER)
    before = registration.tier
    validity = validity_after_tier_change(
        policy.tier_change,
        Validity(registration.valid_from, registration.valid_until),
        today,
        policy.validity_years,
    )
    start_period(
        registration,
        PeriodKind.TIER_CHANGE,
        application.tier,
        today,
        validity.valid_until,
        decision,
    )
    registration.valid_from = validity.valid_from  # the period starts today; the validity may not
    route, level = registration_basis(application)
    if route is not None:  # what the registration rests on follows the approved application
        registration.route, registration.qualification_level = route, level
    registration.work_region = application.work_region
    registration.show_work_region = bool(application.show_work_region and application.work_region)
    registration.history.append(
        RegistrationStatusChange(
            action=RegistrationAction.CHANGE_TIER,
            from_status=registration.status,
            to_status=status,
            from_tier=before,
            to_tier=application.tier,
            at=utcnow(),
            by_id=getattr(actor, "id", None),
            policy_version=policy.version,
        )
    )
    db.session.flush()
    audit.record(
        actor,
        "registration.change_tier",
        registration,
        number=registration.number,
        from_tier=before,
        to_tier=registration.tier,
        application_id=application.id,
        valid_until=registration.valid_until.isoformat(),
        decision_id=getattr(decision, "id", None),
        policy_version=policy.version,
    )
    announce_decision(
        decision,
        _l(
            "Your registration %(number)s is now in tier %(tier)s",
            number=registration.number,
            tier=registration.tier,
        ),
        "registration_tier_changed",
        today=today,
        registration=registration,
        from_tier=before,
    )
    return registration

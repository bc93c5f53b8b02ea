"""The registration's grave actions (four eyes): striking off, suspending, and reinstating a
struck-off registration. Each is proposed by one registrar and carried out by the services
in ``register.registrations.services`` only when a second registrar confirms it.
"""

from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import lazy_gettext as _l

from register.domain.lifecycle import REGISTRATION_LIFECYCLE, RegistrationAction, RegistrationStatus
from register.domain.measures import re_entry_not_before
from register.errors import NotAllowedNow
from register.four_eyes.registry import GraveAction, grave_action
from register.labels import label, suspension_category_name
from register.models.registrations import Registration
from register.policy import current_policies
from register.registrations import services
from register.rule_display import show_date

STRIKE_OFF = "registration.strike_off"
SUSPEND = "registration.suspend"
REINSTATE_STRUCK_OFF = "registration.reinstate_struck_off"


def _about(registration: Registration) -> str:
    return str(
        _l(
            "Registration %(number)s of %(name)s",
            number=registration.number,
            name=registration.full_name,
        )
    )


def _link(registration: Registration) -> str:
    return url_for("registrations.detail", registration_id=registration.id)


def _public(registration: Registration, status: RegistrationStatus):
    return _l(
        "The public page of %(number)s will show “%(status)s” from today.",
        number=registration.number,
        status=label(status),
    )


def _told(registration: Registration):
    return _l(
        "%(name)s receives an e-mail about the decision, not about this proposal.",
        name=registration.full_name,
    )


def _allowed(registration: Registration, action: RegistrationAction, message) -> None:
    if not REGISTRATION_LIFECYCLE.can(registration.status, action):
        raise NotAllowedNow(message)


# --- striking off ------------------------------------------------------------------------------


def _strike_off_consequences(registration: Registration, payload: dict) -> list:
    return [
        _public(registration, RegistrationStatus.STRUCK_OFF),
        _l(
            "%(name)s may no longer work under the register's title and can download no "
            "certificate.",
            name=registration.full_name,
        ),
        _l("The reason stays internal: the public page does not show it."),
        *_re_entry(),
        _told(registration),
    ]


def _re_entry() -> list:
    policy = current_policies().measures
    if not policy.publish_re_entry:
        return []
    return [
        _l(
            "The public page will say that registering again is not possible before %(date)s.",
            date=show_date(re_entry_not_before(dt.date.today(), policy.re_entry_years)),
        )
    ]


def _strike_off(registration: Registration, payload: dict, *, proposer, confirmer, reason):
    return services.strike_off_registration(
        registration,
        proposer,
        reason=reason,
        confirmed_by=confirmer,
        case_id=payload.get("case_id"),
    )


grave_action(
    GraveAction(
        kind=STRIKE_OFF,
        model=Registration,
        title=_l("Strike off a registration"),
        consequences=_strike_off_consequences,
        execute=_strike_off,
        validate=lambda registration, payload: _allowed(
            registration,
            RegistrationAction.STRIKE_OFF,
            _l("A registration with this status cannot be struck off."),
        ),
        about=_about,
        link=_link,
    )
)


# --- suspending --------------------------------------------------------------------------------


def _ends_on(payload: dict) -> dt.date | None:
    value = payload.get("ends_on")
    return dt.date.fromisoformat(value) if value else None


def _suspend_consequences(registration: Registration, payload: dict) -> list:
    ends_on = _ends_on(payload)
    texts = [
        _l(
            "The public page of %(number)s will show “%(status)s” from today, with the "
            "category “%(category)s” (not the reason).",
            number=registration.number,
            status=label(RegistrationStatus.SUSPENDED),
            category=suspension_category_name(payload.get("category")),
        ),
        _l(
            "While it is suspended the registration is not valid and no certificate can be "
            "downloaded."
        ),
    ]
    if ends_on is None:
        texts.append(_l("There is no end date: the suspension lasts until it is lifted."))
    else:
        texts.append(
            _l(
                "After %(date)s the suspension ends by itself and the registration is active "
                "again, if it is still valid then.",
                date=show_date(ends_on),
            )
        )
    texts.append(_told(registration))
    return texts


def _validate_suspension(registration: Registration, payload: dict) -> None:
    _allowed(
        registration,
        RegistrationAction.SUSPEND,
        _l("A registration with this status cannot be suspended."),
    )
    services.check_suspension(
        registration,
        reason=None,
        category=payload.get("category"),
        ends_on=_ends_on(payload),
        today=dt.date.today(),
    )


def _suspend(registration: Registration, payload: dict, *, proposer, confirmer, reason):
    return services.suspend_registration(
        registration,
        proposer,
        reason=reason,
        category=payload.get("category"),
        ends_on=_ends_on(payload),
        today=dt.date.today(),
        confirmed_by=confirmer,
        case_id=payload.get("case_id"),
        decides_case=bool(payload.get("decides_case")),
    )


grave_action(
    GraveAction(
        kind=SUSPEND,
        model=Registration,
        title=_l("Suspend a registration"),
        consequences=_suspend_consequences,
        execute=_suspend,
        validate=_validate_suspension,
        about=_about,
        link=_link,
    )
)


# --- reinstating a struck-off registration -----------------------------------------------------


def _reinstate_consequences(registration: Registration, payload: dict) -> list:
    texts = [_public(registration, RegistrationStatus.ACTIVE)]
    if registration.valid_until < dt.date.today():
        texts.append(
            _l(
                "Its validity ended on %(date)s: the daily job will then mark it as lapsed.",
                date=show_date(registration.valid_until),
            )
        )
    else:
        texts.append(
            _l(
                "It keeps its number and is valid until %(date)s.",
                date=show_date(registration.valid_until),
            )
        )
    texts.append(_told(registration))
    return texts


def _validate_reinstatement(registration: Registration, payload: dict) -> None:
    if registration.status is not RegistrationStatus.STRUCK_OFF:
        raise NotAllowedNow(_l("This registration is not struck off."))


def _reinstate(registration: Registration, payload: dict, *, proposer, confirmer, reason):
    return services.reinstate_registration(
        registration, proposer, note=reason, confirmed_by=confirmer
    )


grave_action(
    GraveAction(
        kind=REINSTATE_STRUCK_OFF,
        model=Registration,
        title=_l("Reinstate a struck-off registration"),
        consequences=_reinstate_consequences,
        execute=_reinstate,
        validate=_validate_reinstatement,
        about=_about,
        link=_link,
    )
)

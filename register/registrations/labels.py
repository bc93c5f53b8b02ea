"""Names shown for tiers, registration statuses, status changes and suspension categories,
taken from the policies in the interface language. Registered as template globals by the
registrations blueprint, so every template can use them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.domain.lifecycle import RegistrationAction
from register.i18n import current_language as _lang
from register.policy import current_policies

ACTION_LABELS = {
    None: _l("Registered"),
    RegistrationAction.SUSPEND: _l("Suspended"),
    RegistrationAction.REINSTATE: _l("Reinstated"),
    RegistrationAction.STRIKE_OFF: _l("Struck off"),
    RegistrationAction.LAPSE: _l("Lapsed"),
    RegistrationAction.RENEW: _l("Renewed"),
}


def tier_name(code: int | None) -> str:
    """The tier's name from the tiers policy, e.g. "Tier 2: Executive and coordinating ..."."""
    if code is None:
        return "—"
    try:
        name = current_policies().tiers.get(code).name.get(_lang())
    except KeyError:
        return str(code)
    return str(_l("Tier %(code)s: %(name)s", code=code, name=name))


def registration_status_name(status) -> str:
    """The status's name from the registration policy (Actief, Geschorst, ...)."""
    value = getattr(status, "value", status)
    info = current_policies().registration.statuses.get(value)
    return info.name.get(_lang()) if info else str(value)


def registration_action_label(action) -> str:
    """What a status change was, in words."""
    return str(ACTION_LABELS.get(action, getattr(action, "value", action)))


def suspension_category_name(code: str | None) -> str:
    """The public name of a suspension reason category ("" when there is none)."""
    if not code:
        return ""
    text = current_policies().registration.suspension_reason_categories.get(code)
    return text.get(_lang()) if text else code


TEMPLATE_GLOBALS = {
    "tier_name": tier_name,
    "registration_status_name": registration_status_name,
    "registration_action_label": registration_action_label,
    "suspension_category_name": suspension_category_name,
}

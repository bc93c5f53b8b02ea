"""The complaint case's own grave action: deciding a warning or conditions when the
measures policy marks that kind grave. (A suspension, an interim suspension and a
strike-off are the registration's grave actions, proposed from the case page with the case
in their payload: ``register.registrations.grave_actions``.)"""

from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import lazy_gettext as _l

from register.complaints import services
from register.domain.measures import CaseOutcome
from register.four_eyes.registry import GraveAction, grave_action
from register.labels import label
from register.models.complaints import ComplaintCase
from register.policy import current_policies
from register.rule_display import show_date

DECIDE = "complaint.decide"


def _outcome(payload: dict) -> CaseOutcome:
    return CaseOutcome(payload.get("outcome"))


def _ends_on(payload: dict) -> dt.date | None:
    value = payload.get("ends_on")
    return dt.date.fromisoformat(value) if value else None


def _consequences(case: ComplaintCase, payload: dict) -> list:
    outcome = _outcome(payload)
    kind = outcome.measure
    texts = [
        _l(
            "Case %(number)s is decided: %(outcome)s.",
            number=case.number,
            outcome=label(outcome),
        )
    ]
    if kind is not None and current_policies().measures.kinds[kind].public:
        texts.append(
            _l(
                "The public page of %(number)s will show the measure from today.",
                number=case.registration.number,
            )
        )
    if _ends_on(payload):
        texts.append(_l("Deadline: %(date)s.", date=show_date(_ends_on(payload))))
    texts.append(
        _l("The registrant receives the decision letter; the complainant is told per policy.")
    )
    return texts


def _validate(case: ComplaintCase, payload: dict) -> None:
    services.check_decision(
        case,
        _outcome(payload),
        public_text=payload.get("public_text"),
        ends_on=_ends_on(payload),
        today=dt.date.today(),
    )


def _execute(case: ComplaintCase, payload: dict, *, proposer, confirmer, reason):
    return services.decide(
        case,
        proposer,
        _outcome(payload),
        grounds=reason,
        public_text=payload.get("public_text"),
        ends_on=_ends_on(payload),
        today=dt.date.today(),
        confirmed_by=confirmer,
    )


grave_action(
    GraveAction(
        kind=DECIDE,
        model=ComplaintCase,
        title=_l("Decide a complaint case"),
        consequences=_consequences,
        execute=_execute,
        validate=_validate,
        about=lambda case: str(_l("Complaint case %(number)s", number=case.number)),
        link=lambda case: url_for("complaints.case", case_id=case.id),
    )
)

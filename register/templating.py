"""Everything templates (pages and e-mails) can call beyond Jinja's own, registered in one
place from ``create_app``: the ``|label`` and ``|describe`` filters and the globals
(``decision_history``, ``outcome_label`` for the decision history of a record)."""

from __future__ import annotations

from flask import Flask, g
from flask_babel import format_number, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from register import access
from register.domain.accreditation import Score
from register.four_eyes.services import pending_count, pending_for, proposal_title
from register.labels import (
    development_category_name,
    growth_criterion_name,
    label,
    policy_name,
    suspension_category_name,
    task_area_name,
    tier_name,
)
from register.public_http import public_form_token
from register.rule_display import describe, show_date, show_datetime


def init_app(app: Flask) -> None:
    """Register the template filters and globals on ``app``."""
    env = app.jinja_env
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters.update(label=label, describe=describe, policy_name=policy_name)
    env.globals.update(
        get_locale=get_locale,
        format_date=show_date,  # the site's one date style (register.rule_display)
        format_datetime=show_datetime,
        format_number=format_number,
        is_staff=lambda: access.is_staff(current_user),
        second_factor_pending=lambda: access.second_factor_pending(current_user),
        tier_name=tier_name,
        suspension_category_name=suspension_category_name,
        growth_criterion_name=growth_criterion_name,
        task_area_name=task_area_name,
        development_category_name=development_category_name,
        Score=Score,  # the score options of the accreditation grids
        decision_history=_decision_history,
        outcome_label=_outcome_label,
        pending_proposals=pending_for,  # a staff page's record: its pending grave actions
        pending_proposal_count=pending_count,  # the registrars' navigation
        proposal_title=proposal_title,
        public_form_token=public_form_token,  # forms anonymous visitors post
        evidence_deletions=_evidence_deletions,
        announce=_announce,  # a page with an error summary or a result says so in its title
        title_prefix=_title_prefix,
        unique_id=_unique_id,  # ids that tie a scroll region to its table's caption
        can=can,  # whether a record's lifecycle allows an action now
        is_registrant=_is_registrant,  # the navigation: registration links only for them
    )


def _evidence_deletions(decision):
    """What the retention job deleted of the application a stored decision is about (empty
    for other subjects), for showing with the decision."""
    if decision.subject_type != "Application":
        return []
    from register.data_rights.retention import deletions_of
    from register.policy.retention import DataKind

    return [(DataKind(row.kind), row) for row in deletions_of(decision.subject_id) if row.items]


def _unique_id(prefix: str) -> str:
    """An id no other call in this request has returned (``prefix-1``, ``prefix-2``, …)."""
    counter = g.get("unique_id_counter", 0) + 1
    g.unique_id_counter = counter
    return f"{prefix}-{counter}"


#: what a page announces in its title, most important first
_ANNOUNCEMENTS = ("error", "result")


def _announce(kind: str) -> str:
    """Note that the page being rendered shows an error summary (``"error"``) or the result
    the visitor asked for (``"result"``); ``base.html`` renders the content before the head,
    so ``title_prefix`` sees it. Returns nothing to print."""
    if kind not in _ANNOUNCEMENTS:
        raise ValueError(f"unknown announcement {kind!r}")
    noted = g.get("page_announcements", set())
    g.page_announcements = noted | {kind}
    return ""


def _title_prefix() -> str:
    """ "Error: " when the page shows an error summary, else "Result: " when it shows a
    result, else nothing: screen readers read the title first."""
    noted = g.get("page_announcements", set())
    if "error" in noted:
        return _("Error:") + " "
    if "result" in noted:
        return _("Result:") + " "
    return ""


def _is_registrant() -> bool:
    """True when the logged-in person holds a registration (current or ended: its page and
    history stay theirs to see)."""
    from flask import g
    from sqlalchemy import select

    from register.extensions import db
    from register.models.registrations import Registration

    if not current_user.is_authenticated:
        return False
    if "is_registrant" not in g:
        g.is_registrant = bool(
            db.session.scalar(
                select(Registration.id).where(Registration.user_id == current_user.id).limit(1)
            )
        )
    return g.is_registrant


def _lifecycles():
    """Per model: its lifecycle table and the column holding its state."""
    from register.domain.accreditation import REQUEST_LIFECYCLE
    from register.domain.lifecycle import (
        APPLICATION_LIFECYCLE,
        ASSESSMENT_LIFECYCLE,
        REGISTRATION_LIFECYCLE,
    )
    from register.models.accreditation import AccreditationRequest, PanelMember
    from register.models.applications import Application
    from register.models.assessments import PortfolioAssessment
    from register.models.registrations import Registration

    return {
        Application: (APPLICATION_LIFECYCLE, "state"),
        AccreditationRequest: (REQUEST_LIFECYCLE, "state"),
        Registration: (REGISTRATION_LIFECYCLE, "status"),
        PanelMember: (ASSESSMENT_LIFECYCLE, "state"),
        PortfolioAssessment: (ASSESSMENT_LIFECYCLE, "state"),
    }


def can(record, action: str) -> bool:
    """True when ``record``'s lifecycle allows ``action`` (its value, e.g. "submit") in the
    record's state now: templates ask this instead of comparing state strings. An action the
    lifecycle does not know is an error, not a quiet False."""
    lifecycle, column = _lifecycles()[type(record)]
    actions = {a.value: a for (_state, a) in lifecycle.transitions}
    if action not in actions:
        raise KeyError(f"{type(record).__name__} has no action {action!r}")
    return lifecycle.can(getattr(record, column), actions[action])


def _decision_history(subject):
    """The decisions, objections and decisions on objections about ``subject``, for
    ``templates/objections/_history.html``."""
    from register.objections.services import decision_history

    return decision_history(subject)


def _outcome_label(outcome: str) -> str:
    """A stored decision's outcome in words."""
    from register.objections.letters import outcome_label

    return outcome_label(outcome)

"""Sending a decision: the one helper every decision e-mail calls.

``announce_decision(decision, subject, template, **ctx)`` records when the decision was sent
and, when it can be objected to, the last day of the objection period (a ``DecisionNotice``,
fixed from then on), and e-mails each party of the decision (the person, or the contacts of
the programme's provider) in their own language. The template receives ``decision``,
``notice``, ``letter_link`` (the decision letter, PDF), ``decision_link`` (the decision's
page in the portal, where one objects) and ``further_remedy`` (for a decision on an objection:
the policy's text on the next step), and includes ``email/_decision_notice.txt`` for the letter link
and the objection clause. A feature adding a decision e-mail does the same:

    decision = record_decision(DecisionKind.RENEWAL, registration, outcome=..., ...)
    announce_decision(decision, _l("Decision on your renewal"), "renewal_decided",
                      registration=registration)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from register import access
from register.domain import objections as rules
from register.domain.decisions import DecisionKind
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.accounts import User
from register.models.accreditation import ProviderContact
from register.models.decisions import Decision
from register.models.objections import DecisionNotice, Objection
from register.policy import current_policies


def local_date(moment: dt.datetime) -> dt.date:
    """The register's calendar day (Europe/Amsterdam) of a stored UTC moment."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam"))
    return moment.astimezone(zone).date()


def local_today() -> dt.date:
    """Today in the register's time zone."""
    return local_date(dt.datetime.now(dt.UTC))


def parties(decision: Decision) -> list[User]:
    """Who a decision concerns: the person it is about, or the active contacts of the
    provider whose programme it is about."""
    if decision.person_id is not None:
        person = db.session.get(User, decision.person_id)
        return [person] if person is not None and person.active else []
    provider_id = access.decision_provider_id(decision)
    if provider_id is None:
        return []
    contacts = db.session.scalars(
        select(ProviderContact)
        .where(ProviderContact.provider_id == provider_id)
        .order_by(ProviderContact.id)
    )
    return [contact.user for contact in contacts if contact.user.active]


def replaces_after_objection(decision: Decision) -> bool:
    """True for a decision recorded because an objection against another was upheld."""
    return bool(decision.replaces_id is not None and (decision.details or {}).get("objection_id"))


def is_objectionable(decision: Decision) -> bool:
    """Whether the policy gives this decision an objection clause (its kind and outcome,
    not a replacement after an objection) and someone it concerns could object."""
    policy = current_policies().objections
    return rules.is_objectionable(
        policy, decision.kind, decision.outcome, after_objection=replaces_after_objection(decision)
    ) and (decision.person_id is not None or access.decision_provider_id(decision) is not None)


@dataclass(frozen=True)
class Window:
    """When a decision was sent and until when it can be objected to. ``fixed`` is False
    for a decision recorded without a notice: its window is computed from the day it was
    taken under the current policy."""

    sent_on: dt.date
    objectionable: bool
    objection_until: dt.date | None
    fixed: bool


def notice_for(decision: Decision) -> DecisionNotice | None:
    """The notice recorded when ``decision`` was sent, if any."""
    return db.session.scalar(
        select(DecisionNotice).where(DecisionNotice.decision_id == decision.id)
    )


def objection_pending(decision_id: int | None) -> bool:
    """Whether an objection against this decision was lodged and is not decided yet (what
    the retention jobs wait for before erasing anything the objection may need)."""
    if decision_id is None:
        return False
    objection = db.session.scalar(select(Objection).where(Objection.decision_id == decision_id))
    return objection is not None and objection.objection_decision_id is None


def window(decision: Decision) -> Window:
    """The decision's objection window, from its notice (or computed, see ``Window``)."""
    notice = notice_for(decision)
    if notice is not None:
        return Window(notice.sent_on, notice.objectionable, notice.objection_until, True)
    sent_on = local_date(decision.decided_at)
    objectionable = is_objectionable(decision)
    until = rules.objection_until(current_policies().objections, sent_on) if objectionable else None
    return Window(sent_on, objectionable, until, False)


def record_notice(decision: Decision, today: dt.date | None = None) -> DecisionNotice:
    """Record that ``decision`` is sent today (once: a second call returns the first
    notice), with the objection window the policy gives it now."""
    existing = notice_for(decision)
    if existing is not None:
        return existing
    policy = current_policies().objections
    sent_on = today or local_today()
    objectionable = is_objectionable(decision)
    notice = DecisionNotice(
        decision_id=decision.id,
        sent_on=sent_on,
        objectionable=objectionable,
        objection_until=rules.objection_until(policy, sent_on) if objectionable else None,
        policy_version=policy.version,
    )
    db.session.add(notice)
    db.session.flush()
    return notice


def announce_decision(
    decision: Decision, subject, template: str, *, today: dt.date | None = None, **ctx
) -> DecisionNotice:
    """Record the notice and e-mail ``templates/email/<template>.txt`` to every party of
    ``decision`` in their language, with the letter link and the objection clause."""
    notice = record_notice(decision, today)
    policy = current_policies().objections
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    for user in parties(decision):
        if not user.email:
            continue
        language = user.locale or default
        queue_email(
            user.email,
            subject,
            template,
            locale=language,
            user=user,
            decision=decision,
            notice=notice,
            letter_link=absolute_url("objections.letter", decision_id=decision.id),
            decision_link=absolute_url("objections.my_decision", decision_id=decision.id),
            further_remedy=(
                policy.further_remedy.get(language)
                if decision.kind is DecisionKind.OBJECTION
                else None
            ),
            **ctx,
        )
    return notice

"""Recording and reading stored decisions. Services flush; they never commit."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register import audit
from register.domain.decisions import DecisionKind
from register.errors import NotAllowedNow
from register.extensions import db
from register.models.decisions import Decision
from register.policy import current_policies
from register.policy.history import record_versions
from register.policy.loader import PolicyError


def subject_key(subject) -> tuple[str, int]:
    """How a decision or proposal names its subject: the model's class name and id."""
    if getattr(subject, "id", None) is None:
        db.session.flush()
    return type(subject).__name__, subject.id


def _trace_json(trace):
    if trace is None or isinstance(trace, dict):
        return trace
    return trace.to_json()


def record_decision(
    kind: DecisionKind,
    subject,
    *,
    outcome: str,
    actor,
    person=None,
    grounds: str | None = None,
    trace=None,
    proposal: str | None = None,
    departs_from_proposal: bool = False,
    details: dict | None = None,
    confirmed_by=None,
    effective_on: dt.date | None = None,
    replaces: Decision | None = None,
) -> Decision:
    """Store a decision as it is made: who decided (and who confirmed, under four eyes),
    the outcome, the grounds given to the person, the whole evaluation (a ``Trace`` or its
    JSON form), the proposal, extra facts, and the version of every policy in force; each
    of those versions is kept in the policy history (``register.policy.history``)."""
    subject_type, subject_id = subject_key(subject)
    policies = current_policies()
    try:
        record_versions(db.session, policies)  # the versions it is made under are kept
    except PolicyError as exc:
        current_app.logger.error("decision refused: %s", exc)
        raise NotAllowedNow(
            _l(
                "The register's rules are not in order: a policy file changed without a new "
                "version. Nothing was decided. Tell the administrator."
            )
        ) from exc
    decision = Decision(
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        person_id=getattr(person, "id", person),
        outcome=str(outcome),
        grounds=(grounds or "").strip() or None,
        trace=_trace_json(trace),
        proposal=str(proposal) if proposal is not None else None,
        departs_from_proposal=departs_from_proposal,
        details=audit.json_safe(details or {}),
        policy_versions=dict(policies.versions),
        decided_by_id=getattr(actor, "id", None),
        confirmed_by_id=getattr(confirmed_by, "id", None),
        effective_on=effective_on,
        replaces_id=getattr(replaces, "id", None),
    )
    db.session.add(decision)
    db.session.flush()
    audit.record(
        actor,
        "decision.recorded",
        decision,
        kind=kind.value,
        subject_type=subject_type,
        subject_id=subject_id,
        outcome=decision.outcome,
        confirmed_by=decision.confirmed_by_id,
        replaces=decision.replaces_id,
    )
    return decision


def decisions_for(subject, kind: DecisionKind | None = None) -> list[Decision]:
    """Every stored decision about ``subject``, oldest first."""
    subject_type, subject_id = subject_key(subject)
    query = select(Decision).where(
        Decision.subject_type == subject_type, Decision.subject_id == subject_id
    )
    if kind is not None:
        query = query.where(Decision.kind == kind)
    return list(db.session.scalars(query.order_by(Decision.decided_at, Decision.id)))


def latest_decision(subject, kind: DecisionKind | None = None) -> Decision | None:
    """The decision about ``subject`` that stands: the newest one (a revoking or replacing
    decision is newer than the one it replaces)."""
    found = decisions_for(subject, kind)
    return found[-1] if found else None

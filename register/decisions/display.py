"""Showing a decision as it was made: the stored evaluation read back from its JSON (never
recomputed), and the policy versions it was made under beside today's, each linked to the
version's text as kept in the policy history."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from register.decisions.services import latest_decision
from register.domain.decisions import DecisionKind
from register.domain.trace import Trace
from register.extensions import db
from register.models.decisions import Decision
from register.models.policies import PolicyVersion
from register.policy import current_policies
from register.policy.history import versions_in_force


@dataclass(frozen=True)
class PolicyInForce:
    """One policy as a decision was made under it: the version, its kept text (None when
    the version was not kept: decisions before the policy history) and today's version."""

    policy: str
    version: str
    kept: PolicyVersion | None
    current: str | None

    @property
    def differs(self) -> bool:
        """True when the register runs under another version of this policy today."""
        return self.version != self.current


@dataclass(frozen=True)
class StoredDecision:
    """A stored decision with its evaluation read back and its policies."""

    decision: Decision
    trace: Trace | None
    policies: tuple[PolicyInForce, ...]

    @property
    def any_policy_differs(self) -> bool:
        return any(p.differs for p in self.policies)


def stored_decision(decision: Decision, proposal_type: type[enum.Enum] | None) -> StoredDecision:
    """``decision`` as shown: its trace from the stored JSON, its policy versions with the
    kept texts."""
    trace = Trace.from_json(decision.trace, proposal_type) if decision.trace else None
    versions = dict(decision.policy_versions or {})
    kept = versions_in_force(db.session, versions)
    today = current_policies().versions
    policies = tuple(
        PolicyInForce(attr, version, kept.get(attr), today.get(attr))
        for attr, version in sorted(versions.items())
    )
    return StoredDecision(decision, trace, policies)


def decision_as_made(
    subject, kind: DecisionKind, proposal_type: type[enum.Enum] | None
) -> StoredDecision | None:
    """The decision about ``subject`` that stands, as made; None when none was stored."""
    decision = latest_decision(subject, kind)
    return stored_decision(decision, proposal_type) if decision is not None else None

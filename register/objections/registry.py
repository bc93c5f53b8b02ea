"""What upholding an objection does to the decision objected to, declared once per decision
kind by the feature that owns the decision (as grave actions are for four eyes).

When an objection is upheld, the original decision is revoked or replaced: a new decision
of the original kind is recorded with ``replaces=`` the original and ``new_outcome``, and
``carry_out`` applies its effect through the owning feature's service (an application
refused, then upheld, is approved and the registration created). A kind whose effect cannot
be carried out by the portal declares ``next_steps`` instead: what the registrar must do.
A kind nobody declared is revoked, and the page says that nothing changed by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from register.domain.decisions import DecisionKind, DecisionOutcome


@dataclass(frozen=True)
class Remedy:
    """How an upheld objection replaces a decision of ``kind``.

    - ``outcomes``: the original outcomes this remedy is for (empty: every outcome);
    - ``new_outcome``: the outcome of the replacing decision;
    - ``consequence``: a lazy text saying what upholding will do, shown before deciding;
    - ``evaluate(subject, today)``: the rules' trace to store with the new decision, or None;
    - ``departs(trace)``: whether the new outcome departs from what that trace proposes;
    - ``carry_out(subject, new_decision, *, actor, today, grounds)``: applies the effect and
      flushes; raises a refusal when it is not possible now;
    - ``next_steps``: when nothing is carried out, what the registrar must still do.
    """

    kind: DecisionKind
    new_outcome: str
    consequence: object
    outcomes: tuple[str, ...] = ()
    evaluate: Callable | None = None
    departs: Callable | None = None
    carry_out: Callable | None = None
    next_steps: object | None = None

    def applies_to(self, outcome: str) -> bool:
        return not self.outcomes or outcome in self.outcomes


_REMEDIES: dict[DecisionKind, list[Remedy]] = {}

#: what happens for a kind (or outcome) nobody declared a remedy for
REVOKE = Remedy(
    kind=DecisionKind.OBJECTION,  # stands for any kind
    new_outcome=DecisionOutcome.REVOKED,
    consequence=_l("The decision is revoked. Nothing else in the register changes by itself."),
    next_steps=_l(
        "The decision has been revoked, but the portal cannot carry out what follows from "
        "that for this kind of decision. Make the change where this decision is kept, and "
        "tell the person concerned."
    ),
)


def remedy(declared: Remedy) -> Remedy:
    """Declare ``declared`` for its kind (and outcomes); declaring the same one again is
    fine, a different one for the same kind and outcomes is an error."""
    found = _REMEDIES.setdefault(declared.kind, [])
    for existing in found:
        if existing == declared:
            return declared
        if set(existing.outcomes) == set(declared.outcomes):
            raise ValueError(f"a remedy for {declared.kind.value} is declared twice")
    found.append(declared)
    return declared


def remedy_for(kind: DecisionKind, outcome: str) -> Remedy:
    """The declared remedy for a decision of ``kind`` with ``outcome``, or ``REVOKE``."""
    for declared in _REMEDIES.get(kind, ()):
        if declared.applies_to(outcome):
            return declared
    return REVOKE


def declared_kinds() -> tuple[DecisionKind, ...]:
    """The kinds with a declared remedy, for listings and tests."""
    return tuple(sorted(_REMEDIES))

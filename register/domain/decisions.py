"""The kinds of decision the register takes about a person or a programme (besluiten).

Every decision is stored at the moment it is taken, with the evaluation that led to it, so
that it explains itself later in the terms it was made in (see ``register.decisions``).
"""

from __future__ import annotations

import enum


class DecisionKind(enum.StrEnum):
    """What a decision is about. Features add kinds here as they add decisions."""

    APPLICATION = "application"  # admission to the register (inschrijving)
    TIER_CHANGE = "tier_change"  # another tier for an existing registration
    RENEWAL = "renewal"  # herregistratie
    RESTORATION = "restoration"  # a lapsed registration restored under its number
    NAME_CHANGE = "name_change"  # the registered name changed or corrected
    SUSPENSION = "suspension"  # schorsing
    STRIKE_OFF = "strike_off"  # doorhaling
    REINSTATEMENT = "reinstatement"  # a suspension or strike-off ended early
    MEASURE = "measure"  # a measure after a complaint (warning, conditions, …)
    ACCREDITATION = "accreditation"  # a programme accredited, with conditions, or refused
    ACCREDITATION_WITHDRAWAL = "accreditation_withdrawal"
    OBJECTION = "objection"  # a decision on an objection (bezwaar)


class DecisionOutcome(enum.StrEnum):
    """The outcomes the register's decisions record (``Decision.outcome``). A feature may
    record an outcome of its own; pages show an outcome listed here in words."""

    APPROVED = "approved"
    REFUSED = "refused"
    ACCREDITED = "accredited"
    CONDITIONAL = "conditional"  # accredited with conditions
    SUSPENDED = "suspended"
    STRUCK_OFF = "struck_off"
    REINSTATED = "reinstated"
    WITHDRAWN = "withdrawn"
    REVOKED = "revoked"  # the original decision no longer stands (after an objection)
    UPHELD = "upheld"  # an objection: gegrond
    DISMISSED = "dismissed"  # an objection: ongegrond
    INADMISSIBLE = "inadmissible"  # an objection: niet-ontvankelijk (too late)

"""What each referee confirmed beside what the applicant claimed, for the registrar's and the
assessors' pages: the work stated at the referee's organisation, the referee's answer, which
of role, period and hours the referee corrected, and whether the referee is independent.

The rules count the confirmed figures themselves (``register.domain.referees``); this module
only lays them side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

from register.applications import parties
from register.domain.referees import Dependence, organisation_key
from register.models.applications import (
    REPLACEABLE_REFERENCE_STATES,
    Application,
    Reference,
    ReferenceState,
    WorkExperience,
)


@dataclass(frozen=True)
class RefereeRow:
    """One referee with the claimed work at their organisation and what they corrected
    (a subset of ``{"role", "period", "hours"}``)."""

    reference: Reference
    claimed: tuple[WorkExperience, ...]
    corrected: frozenset[str]
    dependence: Dependence | None

    @property
    def confirmed(self) -> bool:
        return self.reference.state is ReferenceState.CONFIRMED

    @property
    def can_resend(self) -> bool:
        """A new link can be sent while the referee has not answered."""
        return self.reference.state is ReferenceState.PENDING

    @property
    def can_replace(self) -> bool:
        """A referee who has not answered or could not confirm can be replaced."""
        return self.reference.state in REPLACEABLE_REFERENCE_STATES


def corrections(reference: Reference, claimed) -> frozenset[str]:
    """Which parts of the claim the referee's confirmation differs from: a role none of the
    claimed periods has, a period that starts later or ends earlier than claimed, fewer
    hours than claimed."""
    if reference.state is not ReferenceState.CONFIRMED or not claimed:
        return frozenset()
    found = set()
    role = (reference.confirmed_role or "").strip().casefold()
    if role and role not in {w.role.strip().casefold() for w in claimed}:
        found.add("role")
    start, end = reference.confirmed_start_date, reference.confirmed_end_date
    claimed_start = min(w.start_date for w in claimed)
    claimed_ends = [w.end_date for w in claimed]
    claimed_end = None if None in claimed_ends else max(claimed_ends)
    if (start and start > claimed_start) or (
        end is not None and (claimed_end is None or end < claimed_end)
    ):
        found.add("period")
    hours = reference.confirmed_hours_per_week
    if hours is not None and any(hours < w.hours_per_week for w in claimed):
        found.add("hours")
    return frozenset(found)


def referee_rows(application: Application, *, include_replaced: bool = True) -> list[RefereeRow]:
    """Every referee of ``application`` (without the replaced ones unless asked), in the
    order they were named."""
    dependent = parties.independence(application)
    rows = []
    for ref in application.references:
        if ref.state is ReferenceState.REPLACED and not include_replaced:
            continue
        key = organisation_key(ref.organisation)
        claimed = tuple(
            w for w in application.work_experience if organisation_key(w.organisation) == key
        )
        rows.append(RefereeRow(ref, claimed, corrections(ref, claimed), dependent.get(ref.id)))
    return rows

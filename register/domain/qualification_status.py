"""What a registration's status means as the status of a qualification, in the codes of
``http://hl7.org/fhir/qualification-status`` (active, inactive, in-progress, pending,
temporary, conditional, suspended, revoked), for the FHIR endpoint (``register.fhir``).

A table per register status, and one rule on top: a status that would read ``active`` reads
``inactive`` whenever the registration does not count as registered today (its validity has
ended and the daily job has not lapsed it yet, or the policy does not count the status as
registered, as it may for grace). So the FHIR answer never says more than "registered now"
on the public page. docs/fhir.md shows the table.
"""

from __future__ import annotations

SYSTEM = "http://hl7.org/fhir/qualification-status"

#: register status → qualification status (``grace`` is the renewal status issue 9 adds)
QUALIFICATION_STATUS = {
    "active": "active",
    "grace": "active",
    "suspended": "suspended",
    "lapsed": "inactive",
    "struck_off": "revoked",
}

DISPLAY = {
    "active": "Active",
    "inactive": "Inactive",
    "suspended": "Suspended",
    "revoked": "Revoked",
}


def qualification_status(status: str, registered_now: bool) -> str:
    """The qualification-status code for a registration with ``status`` that does or does
    not count as registered today. A status the table does not know (a later one) reads as
    active when it counts as registered and inactive when not."""
    code = QUALIFICATION_STATUS.get(status, "active")
    if code == "active" and not registered_now:
        return "inactive"
    return code

"""The register's statuses as qualification-status codes (docs/fhir.md has the table)."""

import pytest

from register.domain.lifecycle import RegistrationStatus
from register.domain.qualification_status import (
    DISPLAY,
    QUALIFICATION_STATUS,
    qualification_status,
)

#: the codes of http://hl7.org/fhir/qualification-status
CODES = {
    "active",
    "inactive",
    "in-progress",
    "pending",
    "temporary",
    "conditional",
    "suspended",
    "revoked",
}


def test_every_register_status_has_a_code_of_the_code_system():
    for status in RegistrationStatus:
        assert status.value in QUALIFICATION_STATUS, status
    assert set(QUALIFICATION_STATUS.values()) <= CODES
    assert set(DISPLAY) >= set(QUALIFICATION_STATUS.values()) | {"inactive"}


@pytest.mark.parametrize(
    ("status", "registered_now", "code"),
    [
        ("active", True, "active"),
        ("active", False, "inactive"),  # its validity ended before the daily job lapsed it
        ("grace", True, "active"),  # renewal under way, the policy counts it as registered
        ("grace", False, "inactive"),  # the policy does not count grace as registered
        ("suspended", False, "suspended"),
        ("lapsed", False, "inactive"),
        ("struck_off", False, "revoked"),
        ("struck_off", True, "revoked"),  # a strike-off reads as revoked, whatever the dates
        ("a-later-status", True, "active"),
        ("a-later-status", False, "inactive"),
    ],
)
def test_the_status_map(status, registered_now, code):
    assert qualification_status(status, registered_now) == code


def test_active_never_says_more_than_registered_now():
    for status in [*QUALIFICATION_STATUS, "unknown"]:
        assert qualification_status(status, False) != "active"

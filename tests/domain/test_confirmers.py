"""Who may confirm a registrant's log (register/domain/confirmers.py): never the registrant's
own address, however it is written, nor the register's staff. Pure: no app."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from register.domain.confirmers import ConfirmerProblem, confirmer_problem, normalise_email


@pytest.mark.parametrize(
    ("typed", "mailbox"),
    [
        ("  Jan.Berg@Example.NL ", "jan.berg@example.nl"),
        ("jan.berg+werk@gmail.com", "janberg@gmail.com"),
        ("J.A.N.Berg@googlemail.com", "janberg@gmail.com"),
        ("jan+renewal@outlook.com", "jan@outlook.com"),
        ("jan.berg@outlook.com", "jan.berg@outlook.com"),  # dots count outside Gmail
        ("jan+tag@example.nl", "jan+tag@example.nl"),  # unknown providers keep their tags
        ("not an address", "not an address"),
    ],
)
def test_addresses_compare_as_the_mailbox_they_reach(typed, mailbox):
    assert normalise_email(typed) == mailbox


def test_the_registrants_own_address_in_any_spelling_is_refused():
    own = ["Jan.Berg@gmail.com"]
    assert confirmer_problem("janberg+supervisie@GMAIL.com", own) is ConfirmerProblem.OWN_ADDRESS
    assert confirmer_problem("jan.berg@googlemail.com", own) is ConfirmerProblem.OWN_ADDRESS
    assert confirmer_problem("supervisor@ggz.nl", own) is None


def test_the_registers_staff_may_not_confirm():
    staff = ["Registrar@register.nl"]
    assert confirmer_problem("registrar@register.nl ", ["jan@x.nl"], staff) is (
        ConfirmerProblem.OTHER_PARTY
    )


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.emails())
def test_normalising_is_idempotent_and_an_address_is_never_independent_of_itself(address):
    assert normalise_email(normalise_email(address)) == normalise_email(address)
    assert confirmer_problem(address.upper(), [address]) is ConfirmerProblem.OWN_ADDRESS

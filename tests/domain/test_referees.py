"""Referees who can be trusted (register/domain/referees.py) and the eligibility rules that
count what they confirmed: mailbox comparison, the independence rule, the confirmed work,
and the trace that keeps the claimed figure beside the confirmed one. Pure: no app."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from register.domain.eligibility import DECISION, SUBMISSION, ReferenceFacts, WorkPeriod
from register.domain.referees import (
    ConfirmedWork,
    Dependence,
    confirmed_work,
    mailbox_key,
    organisation_key,
    referee_dependence,
)
from register.domain.trace import Fact, FactKind, RuleOutcome
from tests.domain.test_eligibility import ROUTE, TODAY, ev, since, transitional

D = dt.date


@pytest.mark.parametrize(
    "a, b",
    [
        ("Jan@Example.nl", " jan@example.nl "),
        ("jan+referentie@example.nl", "jan@example.nl"),
        ("j.an.sen@gmail.com", "jansen@gmail.com"),
        ("Jansen+x@googlemail.com", "jansen@gmail.com"),
        ("jansen@gmail.com.", "JANSEN@GMAIL.COM"),
        ("ｊａｎ@example.nl", "jan@example.nl"),  # full-width letters fold (NFKC)
    ],
)
def test_addresses_that_reach_the_same_mailbox_compare_equal(a, b):
    assert mailbox_key(a) == mailbox_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("j.jansen@example.nl", "jjansen@example.nl"),  # dots only count as nothing at Gmail
        ("jan@example.nl", "jan@example.com"),
        ("jan@gmail.com", "jan@hotmail.com"),
    ],
)
def test_different_mailboxes_stay_different(a, b):
    assert mailbox_key(a) != mailbox_key(b)


def test_the_applicants_own_address_comes_first():
    own = ["Jan.Jansen@gmail.com"]
    assert (
        referee_dependence(
            "janjansen+ref@googlemail.com",
            own_addresses=own,
            other_referees=["janjansen@gmail.com"],
            other_parties=["janjansen@gmail.com"],
        )
        is Dependence.OWN_ADDRESS
    )


def test_the_same_referee_twice_and_another_party():
    assert (
        referee_dependence(
            "Piet@Zorg.nl", own_addresses=["jan@x.nl"], other_referees=["piet@zorg.nl"]
        )
        is Dependence.DUPLICATE
    )
    assert (
        referee_dependence(
            "assessor+1@register.nl",
            own_addresses=["jan@x.nl"],
            other_parties=["assessor@register.nl", None],
        )
        is Dependence.OTHER_PARTY
    )
    assert (
        referee_dependence(
            "piet@zorg.nl",
            own_addresses=["jan@x.nl"],
            other_referees=["kees@zorg.nl"],
            other_parties=["assessor@register.nl"],
        )
        is None
    )
    assert referee_dependence("", own_addresses=[""]) is None


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # st.emails is slow
@given(st.emails())
def test_an_address_is_never_independent_of_itself(address):
    assert (
        referee_dependence(address.upper(), own_addresses=[f" {address} "])
        is Dependence.OWN_ADDRESS
    )


def test_organisations_match_regardless_of_case_and_spacing():
    assert organisation_key("  GGZ   Centraal ") == organisation_key("ggz centraal")


# --- the work that counts -------------------------------------------------------------------


def work(start, end, hours, organisation="GGZ Centraal", paid=True):
    return WorkPeriod(start, end, hours, paid, organisation)


def confirmed(organisation="ggz centraal", start=None, end=None, hours=None, **kw):
    return ReferenceFacts(
        True,
        kw.pop("state", "confirmed"),
        organisation,
        confirmed=ConfirmedWork(start, end, hours),
        **kw,
    )


def test_a_correction_counts_the_later_start_the_earlier_end_and_the_fewer_hours():
    claimed = work(D(2018, 1, 1), None, 24)
    [counted] = confirmed_work(
        [claimed], [confirmed(start=D(2019, 1, 1), end=D(2024, 12, 31), hours=16)], TODAY
    )
    assert counted == work(D(2019, 1, 1), D(2024, 12, 31), 16)


def test_a_referee_never_adds_to_the_claim():
    claimed = work(D(2020, 1, 1), D(2022, 12, 31), 16)
    [counted] = confirmed_work(
        [claimed], [confirmed(start=D(2015, 1, 1), end=None, hours=36)], TODAY
    )
    assert counted == claimed


def test_work_without_a_confirming_referee_counts_as_claimed():
    claimed = [work(D(2020, 1, 1), None, 16), work(D(2019, 1, 1), None, 8, "Herstelhuis")]
    refs = [
        confirmed("Herstelhuis", hours=4, state="pending"),  # not answered yet
        confirmed("Herstelhuis", hours=4, state="declined"),
        confirmed("Herstelhuis", hours=4, independent=False),  # the applicant's own address
        confirmed("Elders", hours=4),
    ]
    assert confirmed_work(claimed, refs, TODAY) == tuple(claimed)


def test_a_confirmed_period_that_misses_the_claim_leaves_nothing_of_it():
    claimed = work(D(2022, 1, 1), D(2023, 1, 1), 16)
    assert confirmed_work([claimed], [confirmed(start=D(2024, 1, 1))], TODAY) == ()
    assert confirmed_work([claimed], [confirmed(hours=0)], TODAY) == ()


def test_every_claimed_period_at_the_organisation_is_held_to_the_confirmation():
    claimed = [work(D(2016, 1, 1), D(2019, 12, 31), 20), work(D(2020, 1, 1), None, 30)]
    counted = confirmed_work([*claimed], [confirmed(start=D(2017, 1, 1), hours=24)], TODAY)
    assert counted == (work(D(2017, 1, 1), D(2019, 12, 31), 20), work(D(2020, 1, 1), None, 24))


def test_of_two_referees_the_one_who_supports_most_of_the_claim_counts():
    claimed = work(D(2018, 1, 1), None, 24)
    supervisor = confirmed(hours=20)
    colleague = confirmed(hours=12)
    [counted] = confirmed_work([claimed], [colleague, supervisor], TODAY)
    assert counted.hours_per_week == 20


# --- the rules use the confirmed figures ------------------------------------------------------


def _corrected(tier, hours):
    facts = transitional(tier)
    claimed = facts.work[0]
    organisation = "GGZ Centraal"
    refs = tuple(
        ReferenceFacts(
            r.from_supervisor_or_employer,
            r.state,
            organisation,
            confirmed=ConfirmedWork(None, None, hours),
        )
        for r in facts.references
    )
    return transitional(
        tier,
        work=(WorkPeriod(claimed.start, None, claimed.hours_per_week, True, organisation),),
        references=refs,
    )


def test_at_the_decision_the_hours_the_referee_confirmed_count():
    tier = 2
    required = ROUTE.tiers[tier].min_hours
    claimed = ev(_corrected(tier, 24))
    assert claimed.result("transitional.hours").outcome is RuleOutcome.PASSED
    assert "claimed_hours" not in claimed.result("transitional.hours").facts
    corrected = ev(_corrected(tier, 2))
    hours = corrected.result("transitional.hours")
    assert hours.outcome is RuleOutcome.FAILED
    assert hours.facts["hours"].value < required <= hours.facts["claimed_hours"].value
    assert hours.facts["claimed_hours"].kind is FactKind.HOURS
    # before the referees answer (submission), only the claim is there
    assert (
        ev(_corrected(tier, 2), SUBMISSION).result("transitional.hours").outcome
        is RuleOutcome.PASSED
    )


def test_a_shorter_confirmed_period_counts_fewer_years():
    facts = transitional(2)
    organisation = "GGZ Centraal"
    refs = tuple(
        ReferenceFacts(
            r.from_supervisor_or_employer,
            r.state,
            organisation,
            confirmed=ConfirmedWork(since(200), None, None),
        )
        for r in facts.references
    )
    start = facts.work[0].start
    evaluation = ev(
        transitional(2, work=(WorkPeriod(start, None, 24, True, organisation),), references=refs),
        DECISION,
    )
    years = evaluation.result("transitional.years")
    assert years.outcome is RuleOutcome.FAILED
    assert years.facts["claimed_years"].value > years.facts["years"].value


def test_a_referee_who_is_not_independent_does_not_count():
    facts = transitional(1)
    own = ReferenceFacts(True, "confirmed", independent=False)
    evaluation = ev(transitional(1, references=(own,)))
    result = evaluation.result("transitional.references_confirmed") or evaluation.result(
        "transitional.references"
    )
    assert result.outcome is RuleOutcome.MISSING
    assert result.facts["not_independent"] == Fact(FactKind.COUNT, 1)
    assert facts.references  # the honest referees pass
    assert ev(facts).result("transitional.references_confirmed").outcome is RuleOutcome.PASSED
    assert "not_independent" not in ev(facts).result("transitional.references_confirmed").facts

"""Rule results as people read them: every sample result is described in Dutch and English,
with each fact formatted for the language (numbers, hours, dates, periods)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale

from register.domain.trace import Fact, FactKind, RuleOutcome, RuleResult
from register.rule_display import describe
from tests.trace_support import sample_results


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_sample_result_reads_in_both_languages(in_request, language):
    with force_locale(language):
        lines = [describe(r) for r in sample_results()]
    assert all(line.title and line.outcome_label for line in lines)
    assert not any("%(" in line.title + line.detail + line.advice for line in lines)
    failed = [line for line in lines if line.outcome is RuleOutcome.FAILED]
    assert any(line.advice for line in failed)


def test_facts_are_formatted_for_the_reader(in_request):
    result = RuleResult(
        "transitional.hours",
        RuleOutcome.FAILED,
        {
            "hours": Fact(FactKind.HOURS, 1234.5),
            "required": Fact(FactKind.HOURS, 3200),
            "since": Fact(FactKind.DATE, dt.date(2021, 3, 5)),
        },
    )
    with force_locale("nl"):
        assert describe(result).detail == "1.234,5 uur sinds 5 mrt 2021. Nodig: 3.200."
    with force_locale("en"):
        assert describe(result).detail == "1,234.5 hours since Mar 5, 2021; 3,200 required."


def test_periods_and_advice_on_a_failed_diploma_date(in_request):
    periods = Fact(FactKind.PERIODS, [(dt.date(2018, 1, 1), dt.date(2022, 12, 31))])
    result = RuleResult(
        "diploma.accredited_on_date",
        RuleOutcome.FAILED,
        {"diploma_date": Fact(FactKind.DATE, dt.date(2023, 6, 1)), "periods": periods},
    )
    with force_locale("en"):
        line = describe(result)
    assert (
        line.detail == "Diploma date Jun 1, 2023; accredited periods: Jan 1, 2018 – Dec 31, 2022."
    )
    assert line.advice.endswith("Accredited periods: Jan 1, 2018 – Dec 31, 2022.")
    assert describe(RuleResult(result.rule, RuleOutcome.PASSED, result.facts)).advice == ""


def test_notes_only_for_facts_that_say_something(in_request):
    with force_locale("en"):
        line = describe(
            next(
                r
                for r in sample_results()
                if r.rule == "transitional.assessment" and r.outcome is RuleOutcome.FAILED
            )
        )
    assert line.detail == (
        "2 of 2 assessments submitted. The assessors disagree on: C3. Insufficient: C3."
    )


def test_the_self_check_words_say_what_was_not_told(in_request):
    missing = RuleResult("transitional.work_experience", RuleOutcome.MISSING)
    with force_locale("en"):
        assert describe(missing).outcome_label == "Still missing"
        assert describe(missing, self_check=True).outcome_label == "You did not tell us"

"""The one trace type: typed facts, and the JSON form a trace is stored in reads back to
the same trace (pure)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from register.domain.accreditation import Outcome
from register.domain.eligibility import Proposal
from register.domain.trace import (
    Fact,
    FactKind,
    RuleOutcome,
    RuleResult,
    Trace,
    passed_if,
)
from tests.trace_support import accreditation_traces, application_traces, assignment_traces

D = dt.date
K = FactKind
ONE_OF_EACH = {
    "count": Fact(K.COUNT, 3),
    "hours": Fact(K.HOURS, 1234.5),
    "points": Fact(K.POINTS, 4.5),
    "category": Fact(K.CATEGORY, "supervision"),
    "years": Fact(K.YEARS, 1.25),
    "months": Fact(K.MONTHS, 12),
    "level": Fact(K.LEVEL, 5),
    "tier": Fact(K.TIER, 2),
    "flag": Fact(K.FLAG, False),
    "text": Fact(K.TEXT, "Opleiding ervaringsdeskundigheid"),
    "date": Fact(K.DATE, D(2024, 2, 29)),
    "levels": Fact(K.LEVELS, [2, 3, 4]),
    "names": Fact(K.NAMES, ["A. de Vries"]),
    "ids": Fact(K.IDS, ()),
    "periods": Fact(K.PERIODS, [(D(2018, 1, 1), D(2023, 12, 31)), (D(2024, 6, 1), D(2029, 5, 31))]),
    "identity_method": Fact(K.IDENTITY_METHOD, "video_call"),
    "identity_document": Fact(K.IDENTITY_DOCUMENT, "passport"),
}


def _through_json(data):
    return json.loads(json.dumps(data))


def test_every_fact_kind_reads_back_the_same():
    assert {f.kind for f in ONE_OF_EACH.values()} == set(FactKind)  # one sample of each kind
    result = RuleResult("sample", RuleOutcome.PENDING, ONE_OF_EACH)
    stored = _through_json(result.to_json())
    assert stored["facts"]["date"] == {"kind": "date", "value": "2024-02-29"}
    assert RuleResult.from_json(stored) == result


def test_lists_are_tuples_whatever_they_were_made_from():
    assert Fact(K.LEVELS, [2, 3]) == Fact(K.LEVELS, (2, 3)) and Fact(K.LEVELS, [2]).value == (2,)
    assert Fact(K.PERIODS, [[D(2020, 1, 1), D(2021, 1, 1)]]).value == (
        (D(2020, 1, 1), D(2021, 1, 1)),
    )
    assert Fact(K.IDS, ()).empty and not Fact(K.IDS, ["C1"]).empty and not Fact(K.COUNT, 0).empty


@pytest.mark.parametrize("trace", application_traces(), ids=lambda t: t.proposal.value)
def test_application_traces_read_back_the_same(trace):
    assert Trace.from_json(_through_json(trace.to_json()), Proposal) == trace


@pytest.mark.parametrize("trace", accreditation_traces() + assignment_traces())
def test_accreditation_traces_read_back_the_same(trace):
    proposal_type = Outcome if trace.proposal is not None else None
    assert Trace.from_json(_through_json(trace.to_json()), proposal_type) == trace


def test_a_trace_answers_what_was_checked():
    trace = Trace(
        Proposal.INCOMPLETE,
        (passed_if("a", True), passed_if("b", False), RuleResult("c", RuleOutcome.MISSING)),
    )
    assert not trace.passed and [r.rule for r in trace.missing] == ["c"]
    assert trace.result("b").outcome is RuleOutcome.FAILED and trace.result("z") is None


def test_an_unknown_fact_kind_is_refused():
    stored = {"rule": "r", "outcome": "passed", "facts": {"x": {"kind": "euro", "value": 1}}}
    with pytest.raises(ValueError):
        RuleResult.from_json(stored)

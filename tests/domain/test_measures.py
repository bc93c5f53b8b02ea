"""The rules of complaint cases and measures: the case lifecycle, the registrant's answer
deadline, the publication period, re-entry after a strike-off, what the complainant is
told; and the measures policy's validation."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from register.domain.lifecycle import IllegalTransition
from register.domain.measures import (
    CASE_LIFECYCLE,
    CaseAction,
    CaseOutcome,
    CaseState,
    MeasureKind,
    answer_due,
    case_number,
    complainant_told,
    is_in_force,
    is_overdue,
    is_published,
    publication_ends,
    re_entry_not_before,
)
from register.policy.loader import PolicyError, load_policies

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"
D = dt.date


def test_a_case_runs_from_received_through_investigation_to_decided_and_closed():
    state = CaseState.RECEIVED
    for action in (CaseAction.ADMIT, CaseAction.INVESTIGATE, CaseAction.DECIDE, CaseAction.CLOSE):
        state = CASE_LIFECYCLE.next_state(state, action)
    assert state is CaseState.CLOSED
    assert (
        CASE_LIFECYCLE.next_state(CaseState.RECEIVED, CaseAction.REFUSE) is CaseState.INADMISSIBLE
    )
    assert CASE_LIFECYCLE.can(CaseState.INADMISSIBLE, CaseAction.CLOSE)
    with pytest.raises(IllegalTransition):
        CASE_LIFECYCLE.next_state(CaseState.RECEIVED, CaseAction.DECIDE)
    assert not CASE_LIFECYCLE.can(CaseState.DECIDED, CaseAction.INVESTIGATE)


def test_case_numbers_carry_the_year_and_six_digits():
    assert case_number("K", 2026, 123) == "K-2026-000123"


def test_the_registrant_answers_by_the_deadline_and_is_overdue_the_day_after():
    due = answer_due(D(2026, 12, 1), 21)
    assert due == D(2026, 12, 22)
    assert not is_overdue(due, answered=False, today=due)
    assert is_overdue(due, answered=False, today=D(2026, 12, 23))
    assert not is_overdue(due, answered=True, today=D(2027, 1, 30))


def test_re_entry_after_a_strike_off_is_years_later_and_29_february_becomes_28():
    assert re_entry_not_before(D(2026, 3, 1), 5) == D(2031, 3, 1)
    assert re_entry_not_before(D(2028, 2, 29), 1) == D(2029, 2, 28)


def test_a_public_measure_is_shown_while_in_force_and_for_the_period_after_it_ended():
    common = {"public": True, "starts_on": D(2026, 1, 1), "revoked": False, "months": 24}
    assert is_published(ended_on=None, today=D(2030, 1, 1), **common)
    assert is_published(ended_on=D(2026, 6, 1), today=D(2028, 6, 1), **common)
    assert not is_published(ended_on=D(2026, 6, 1), today=D(2028, 6, 2), **common)
    assert publication_ends(D(2026, 6, 1), 24) == D(2028, 6, 1)
    assert publication_ends(D(2026, 6, 1), 0) == D(2026, 6, 1)
    assert publication_ends(None, 24) is None


def test_a_private_revoked_or_future_measure_is_never_shown():
    base = {"starts_on": D(2026, 1, 1), "ended_on": None, "months": 24, "today": D(2026, 2, 1)}
    assert not is_published(public=False, revoked=False, **base)
    assert not is_published(public=True, revoked=True, **base)
    assert not is_published(public=True, revoked=False, **{**base, "starts_on": D(2026, 3, 1)})


def test_in_force_until_the_day_it_ended():
    assert is_in_force(D(2026, 1, 1), None, D(2026, 1, 1))
    assert is_in_force(D(2026, 1, 1), D(2026, 2, 1), D(2026, 1, 31))
    assert not is_in_force(D(2026, 1, 1), D(2026, 2, 1), D(2026, 2, 1))


def test_the_complainant_is_told_what_the_rule_allows():
    assert complainant_told("outcome", CaseOutcome.WARNING, False) is CaseOutcome.WARNING
    assert complainant_told("public_only", CaseOutcome.WARNING, False) is None
    assert complainant_told("public_only", CaseOutcome.WARNING, True) is CaseOutcome.WARNING
    assert complainant_told("public_only", CaseOutcome.NO_MEASURE, False) is CaseOutcome.NO_MEASURE
    assert complainant_told("decided", CaseOutcome.STRIKE_OFF, True) is None
    assert CaseOutcome.NO_MEASURE.measure is None
    assert CaseOutcome.CONDITIONS.measure is MeasureKind.CONDITIONS


def test_the_measures_policy_loads_with_every_kind():
    policy = load_policies(POLICY_DIR).measures
    assert set(policy.kinds) == set(MeasureKind)
    assert policy.kinds[MeasureKind.SUSPENSION].grave and policy.kinds[MeasureKind.STRIKE_OFF].grave
    assert set(policy.complainant_told) == set(CaseOutcome)


@pytest.fixture
def policy_dir(tmp_path):
    target = tmp_path / "policies"
    shutil.copytree(POLICY_DIR, target)
    return target


def _edit(path: Path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        (lambda d: d["kinds"]["suspension"].update(grave=False), "(top level)", "must be grave"),
        (lambda d: d["kinds"]["strike_off"].update(public=False), "(top level)", "always public"),
        (lambda d: d["kinds"].pop("warning"), "(top level)", "missing warning"),
        (lambda d: d["complainant_told"].pop("no_measure"), "(top level)", "missing no_measure"),
        (lambda d: d.update(registrant_answer_days=0), "registrant_answer_days", "greater"),
        (lambda d: d["complainant_told"].update(warning="all"), "complainant_told.warning", ""),
    ],
)
def test_a_bad_measures_policy_stops_start_up_with_the_key_and_reason(
    policy_dir, change, key, reason
):
    _edit(policy_dir / "measures.yaml", change)
    with pytest.raises(PolicyError) as caught:
        load_policies(policy_dir)
    assert caught.value.file == "measures.yaml"
    assert caught.value.key == key
    assert reason in caught.value.reason

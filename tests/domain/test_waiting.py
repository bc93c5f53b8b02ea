"""The register's typical waiting time: the median over its most recent decisions within
the window, none below the minimum (pure)."""

from __future__ import annotations

import datetime as dt

from register.domain.waiting import typical_waiting_time

NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def _decided(days_ago: int, took_days: float):
    at = NOW - dt.timedelta(days=days_ago)
    return (at - dt.timedelta(days=took_days), at)


def _wait(decided, **rules):
    settings = {"recent_decisions": 5, "window_days": 90, "minimum_decisions": 3} | rules
    return typical_waiting_time(decided, now=NOW, **settings)


def test_the_median_of_the_most_recent_decisions_rounded_up_to_days():
    decided = [_decided(1, 10), _decided(2, 20), _decided(3, 30.2), _decided(4, 40)]
    result = _wait(decided)
    assert (result.median_days, result.decisions, result.window_days) == (26, 4, 90)


def test_only_the_last_n_within_the_window_count():
    recent = [_decided(i, 10) for i in range(1, 6)]
    older = [_decided(10 + i, 100) for i in range(5)]  # beyond the five most recent
    outside = [_decided(200, 5) for _ in range(10)]  # outside the window
    result = _wait(recent + older + outside)
    assert (result.median_days, result.decisions) == (10, 5)


def test_too_few_decisions_give_no_figure():
    result = _wait([_decided(1, 10), _decided(2, 12), _decided(120, 3)])
    assert result.median_days is None and result.decisions == 2

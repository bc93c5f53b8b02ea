"""The register's typical waiting time, from its own recent decisions (pure).

The status page tells an applicant how long a decision usually takes: the median number of
days from sending to decision over the register's most recent decisions (how many, and how
far back, are policy: ``registration.yaml`` ``waiting_time``). Too few decisions give no
figure, so that one early case does not set an expectation.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WaitingTime:
    """The median days from sending to decision (None: not enough decisions yet), over how
    many decisions, and the look-back window in days."""

    median_days: int | None
    decisions: int
    window_days: int


def typical_waiting_time(
    decided: Iterable[tuple[dt.datetime, dt.datetime]],
    *,
    now: dt.datetime,
    recent_decisions: int,
    window_days: int,
    minimum_decisions: int,
) -> WaitingTime:
    """The median waiting time over ``decided`` ((sent, decided) moments), counting only the
    ``recent_decisions`` most recent decisions within ``window_days`` of ``now``; None when
    fewer than ``minimum_decisions`` count. Rounded up to whole days."""
    since = now - dt.timedelta(days=window_days)
    counted = sorted(
        ((sent, at) for sent, at in decided if at >= since and sent <= at),
        key=lambda pair: pair[1],
        reverse=True,
    )[:recent_decisions]
    if len(counted) < minimum_decisions:
        return WaitingTime(None, len(counted), window_days)
    days = statistics.median((at - sent).total_seconds() / 86400 for sent, at in counted)
    return WaitingTime(int(-(-days // 1)), len(counted), window_days)

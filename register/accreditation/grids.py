"""Per-criterion grids (scores, findings, conditions) read from a posted form.

These forms have one row per criterion, so they are plain HTML fields named
``score-<criterion>`` and ``note-<criterion>``; this module turns the posted values into
typed values and keeps what was typed for re-rendering after an error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from register.accreditation.decision_services import ConditionInput
from register.domain.accreditation import Score

EXTRA_CONDITION_ROWS = 2


def parse_score(value: str | None) -> Score | None:
    """The Score for a posted value, or None for empty or unknown values."""
    try:
        return Score(value) if value else None
    except ValueError:
        return None


def read_grid(
    form: Mapping[str, str], criteria: Sequence[str]
) -> dict[str, tuple[Score | None, str]]:
    """Criterion id → (score or None, note) from ``score-<id>`` and ``note-<id>`` fields."""
    return {
        cid: (parse_score(form.get(f"score-{cid}")), (form.get(f"note-{cid}") or "")[:5000])
        for cid in criteria
    }


def read_checklist(
    form: Mapping[str, str], items: Sequence[str]
) -> dict[str, tuple[str | None, str]]:
    """Checklist item id → (answer or None, explanation) from ``answer-<id>`` and
    ``explanation-<id>`` fields (the answer is checked by the domain rule)."""
    return {
        item: (
            (form.get(f"answer-{item}") or "").strip()[:32] or None,
            (form.get(f"explanation-{item}") or "")[:5000],
        )
        for item in items
    }


@dataclass
class ConditionRows:
    """Posted condition rows, typed, with problems per row index for re-rendering."""

    conditions: list[ConditionInput] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)


def read_conditions(form: Mapping[str, str], rows: int) -> ConditionRows:
    """Rows ``condition-<i>-text``, ``-deadline`` (YYYY-MM-DD) and ``-criterion``; rows
    without a text are ignored; a text without a valid deadline is a problem."""
    result = ConditionRows()
    for i in range(rows):
        text = (form.get(f"condition-{i}-text") or "").strip()[:2000]
        deadline_raw = (form.get(f"condition-{i}-deadline") or "").strip()
        criterion = (form.get(f"condition-{i}-criterion") or "").strip()[:32] or None
        result.values.append({"text": text, "deadline": deadline_raw, "criterion": criterion})
        if not text:
            continue
        try:
            deadline = dt.date.fromisoformat(deadline_raw)
        except ValueError:
            result.problems[i] = str(_l("Enter the deadline as a date, such as 2027-06-30."))
            continue
        result.conditions.append(ConditionInput(text, deadline, criterion))
    return result

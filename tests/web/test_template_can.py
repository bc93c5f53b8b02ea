"""Templates ask the lifecycle tables (``can(record, action)``), never compare state
strings: the global follows each record's table, an unknown action is an error, and no
template compares ``state.value`` any more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from register.domain.accreditation import RequestState
from register.domain.lifecycle import ApplicationState
from register.models.accreditation import AccreditationRequest
from register.models.applications import Application
from register.templating import can

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_can_follows_the_lifecycle_of_each_record():
    assert can(Application(state=ApplicationState.DRAFT), "submit")
    assert not can(Application(state=ApplicationState.IN_REVIEW), "submit")
    assert can(AccreditationRequest(state=RequestState.SUBMITTED), "form_panel")
    assert can(AccreditationRequest(state=RequestState.FINDINGS_AGREED), "accredit")
    assert not can(AccreditationRequest(state=RequestState.UNDER_REVIEW), "accredit")
    with pytest.raises(KeyError):
        can(Application(state=ApplicationState.DRAFT), "sumbit")


def test_no_template_compares_a_state_string():
    comparisons = [
        f"{path.relative_to(TEMPLATES)}: {line.strip()}"
        for path in TEMPLATES.rglob("*")
        if path.is_file()
        for line in path.read_text().splitlines()
        if re.search(r"\b(state|status)\.value\s*(==|!=|in\b)", line)
    ]
    assert comparisons == []

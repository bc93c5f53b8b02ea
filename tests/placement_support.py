"""Builders for placement and condition-answer tests: a complete checklist (every item of
the policy's workplace checklist answered), and a small PDF upload."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from register.domain.placements import checklist_items
from register.policy import current_policies

PDF = b"%PDF-1.4\n% toetsplan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def item_ids() -> list[str]:
    return [item.id for item in checklist_items(current_policies().framework)]


def complete_answers(answer: str = "possible", explanation: str = "") -> dict:
    """item id → (answer, explanation) for every item of the checklist."""
    return {item: (answer, explanation) for item in item_ids()}


def checklist_form(answer: str = "possible", explanation: str = "", **overrides) -> dict:
    """The posted checklist grid: ``answer-<item>`` and ``explanation-<item>``."""
    data = {}
    for item in item_ids():
        data[f"answer-{item}"] = answer
        data[f"explanation-{item}"] = explanation
    data.update(overrides)
    return data


def pdf_upload(name: str = "toetsplan.pdf", data: bytes = PDF) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name, content_type="application/pdf")

"""The workplace checklist of a practice placement (001 §6.1.1, l.2506-2779), as rules.

A provider answers, per practice placement it offers, every task and competence of the
policy's checklist with *possible*, *partly* or *not possible*; the answers the policy names
in ``explanation_required`` need an explanation. Pure: takes the validated framework policy
and the answers as given, returns the checklist's items and what is missing per item."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from register.policy.framework import ChecklistOptions, FrameworkPolicy, WorkplaceChecklist

ANSWERS: tuple[str, ...] = ("possible", "partly", "not_possible")
"""The three answers of every checklist question, in the source's order."""


@dataclass(frozen=True)
class ChecklistItem:
    """One question of the checklist: a core task (``KT1``) or a competence (``C1``) with
    its text (a policy quote) and the three answers in the source's words for its kind."""

    id: str
    kind: Literal["task", "competence"]
    text: object
    options: ChecklistOptions


class ItemProblem(enum.StrEnum):
    """What is wrong with the answer on one item."""

    MISSING = "missing"  # no answer chosen
    UNKNOWN = "unknown"  # an answer that is not one of the three
    EXPLANATION = "explanation"  # the policy asks an explanation for this answer


def checklist_items(framework: FrameworkPolicy) -> tuple[ChecklistItem, ...]:
    """The tasks, then the seven competences, as the checklist asks them."""
    checklist = framework.workplace_checklist
    tasks = tuple(
        ChecklistItem(t.id, "task", t.text, checklist.task_options) for t in checklist.tasks
    )
    competences = tuple(
        ChecklistItem(c.id, "competence", c.name, checklist.competence_options)
        for c in framework.competences
    )
    return tasks + competences


def needs_explanation(checklist: WorkplaceChecklist, answer: str | None) -> bool:
    """Whether the policy asks an explanation for ``answer`` (001 l.2536-2537: the answer
    *partly*, in the current version)."""
    return answer in checklist.explanation_required


def check_answers(
    framework: FrameworkPolicy, answers: Mapping[str, tuple[str | None, str]]
) -> dict[str, ItemProblem]:
    """Item id → problem, for every item of the checklist whose answer (``answers[id]`` =
    (answer or None, explanation)) is missing, unknown, or lacks the explanation the
    policy asks for it. Empty when the checklist is complete."""
    checklist = framework.workplace_checklist
    problems: dict[str, ItemProblem] = {}
    for item in checklist_items(framework):
        answer, explanation = answers.get(item.id, (None, ""))
        if not answer:
            problems[item.id] = ItemProblem.MISSING
        elif answer not in ANSWERS:
            problems[item.id] = ItemProblem.UNKNOWN
        elif needs_explanation(checklist, answer) and not (explanation or "").strip():
            problems[item.id] = ItemProblem.EXPLANATION
    return problems

"""The workplace checklist as rules (001 §6.1.1), and the learning lines with their
competences above their outcomes (001 §3.2, 4.2-4.3, 5.1-5.3), from the real policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from register.domain.framework import criteria_for_level, sections_for
from register.domain.placements import (
    ANSWERS,
    ItemProblem,
    check_answers,
    checklist_items,
    needs_explanation,
)
from register.policy.framework import FrameworkPolicy
from register.policy.loader import load_policy_file

FRAMEWORK_FILE = Path(__file__).resolve().parents[2] / "policies" / "framework.yaml"


@pytest.fixture(scope="module")
def framework():
    return load_policy_file(FRAMEWORK_FILE, FrameworkPolicy)


def _complete(framework, answer="possible"):
    return {item.id: (answer, "") for item in checklist_items(framework)}


def test_the_checklist_asks_the_three_tasks_then_the_seven_competences(framework):
    items = checklist_items(framework)
    assert [i.id for i in items] == ["KT1", "KT2", "KT3", *(f"C{n}" for n in range(1, 8))]
    assert {i.kind for i in items[:3]} == {"task"} and {i.kind for i in items[3:]} == {"competence"}
    checklist = framework.workplace_checklist
    assert items[0].options is checklist.task_options
    assert items[3].options is checklist.competence_options
    assert items[3].text.nl == framework.competence("C1").name.nl


def test_which_answers_need_an_explanation_is_the_policys(framework):
    checklist = framework.workplace_checklist
    assert checklist.explanation_required == ("partly",)  # 001 l.2536-2537
    assert needs_explanation(checklist, "partly")
    assert not needs_explanation(checklist, "possible")
    assert not needs_explanation(checklist, "not_possible")
    assert not needs_explanation(checklist, None)
    stricter = checklist.model_copy(update={"explanation_required": ("partly", "not_possible")})
    assert needs_explanation(stricter, "not_possible")


def test_a_complete_checklist_has_no_problems(framework):
    for answer in ANSWERS:
        answers = _complete(framework, answer)
        if needs_explanation(framework.workplace_checklist, answer):
            answers = {k: (answer, "Alleen buiten de vaste taken om.") for k in answers}
        assert check_answers(framework, answers) == {}


def test_missing_unknown_and_unexplained_answers_are_named_per_item(framework):
    answers = _complete(framework)
    del answers["KT2"]
    answers["C3"] = ("perhaps", "")
    answers["C4"] = ("partly", "   ")
    answers["C5"] = ("partly", "Met een begeleider erbij.")
    answers["C6"] = (None, "Uitleg zonder antwoord")
    assert check_answers(framework, answers) == {
        "KT2": ItemProblem.MISSING,
        "C3": ItemProblem.UNKNOWN,
        "C4": ItemProblem.EXPLANATION,
        "C6": ItemProblem.MISSING,
    }


@pytest.mark.parametrize("level", [2, 4, 7])
def test_sections_keep_every_criterion_in_order_under_its_line(framework, level):
    criteria = criteria_for_level(framework, level)
    sections = sections_for(framework, criteria)
    assert [c for s in sections for c in s.criteria] == list(criteria)
    assert [s.id for s in sections] == ["PPO", "KHE", "KT1", "KT2", "KT3", "PRL"]
    for section in sections:
        assert {c.core_task or c.learning_line for c in section.criteria} == {section.id}


def test_each_line_carries_the_competences_the_framework_names_for_it(framework):
    sections = {s.id: s for s in sections_for(framework, criteria_for_level(framework, 4))}
    kt1 = framework.learning_line("KT").core_tasks[0]
    assert sections["KT1"].general_competences == kt1.general_competences
    assert sections["KT1"].specific_competences == kt1.specific_competences
    assert sections["KT1"].name.nl == "Ondersteuning bij individuele herstelprocessen"
    assert sections["PPO"].general_competences == framework.learning_line("PPO").general_competences
    assert sections["PPO"].general_competences[0].location == "l.1154–1157"
    assert sections["KHE"].specific_competences  # 001 §4.3
    # practice learning names no competences of its own: it works on the seven
    assert sections["PRL"].general_competences == ()
    assert [q.nl for q in sections["PRL"].practice_competences] == [
        c.name.nl for c in framework.competences
    ]
    assert sections["PPO"].practice_competences == ()


def test_no_criteria_no_sections(framework):
    assert sections_for(framework, ()) == ()

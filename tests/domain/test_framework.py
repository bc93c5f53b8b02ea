"""Tests for the assessment-framework policy (policies/framework.yaml), its schema and the
pure domain helpers. No Flask involved: the framework must be usable on its own."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from register.domain.framework import Criterion, criteria_for_level, criterion_text
from register.policy.framework import FrameworkPolicy
from register.policy.loader import load_policy_file

FRAMEWORK_FILE = Path(__file__).resolve().parents[2] / "policies" / "framework.yaml"

# Outcome themes and the NLQF levels each has a text for, as listed in
# the domain reference learning-outcomes.md ("Overview of outcome themes and levels").
ALL = (2, 3, 4, 5, 6, 7)
EXPECTED_THEMES: dict[str, tuple[int, ...]] = {
    "PPO-1": ALL, "PPO-2": ALL, "PPO-3": ALL, "PPO-4": ALL, "PPO-5": ALL, "PPO-6": ALL,
    "KHE-1": ALL, "KHE-2": (3, 4, 5, 6, 7), "KHE-3": ALL,
    "KT1-1": ALL, "KT1-2": ALL, "KT1-3": ALL, "KT1-4": ALL, "KT1-5": ALL, "KT1-6": (5, 6, 7),
    "KT2-1": ALL, "KT2-2": ALL, "KT2-3": ALL, "KT2-4": ALL, "KT2-5": (5, 6, 7),
    "KT3-1": ALL, "KT3-2": ALL, "KT3-3": ALL, "KT3-4": ALL, "KT3-5": (5, 6, 7),
}  # fmt: skip
EXPECTED_LEVEL_TEXT_IDS = {
    f"{theme}.L{level}" for theme, levels in EXPECTED_THEMES.items() for level in levels
}
EXPECTED_OUTCOMES_PER_LEVEL = {2: 21, 3: 22, 4: 22, 5: 25, 6: 25, 7: 25}
EXPECTED_PRACTICE_IDS = (
    "PRL-W1", "PRL-W2", "PRL-W3", "PRL-W4", "PRL-W5",
    "PRL-S1", "PRL-S2", "PRL-S3", "PRL-S4", "PRL-S5", "PRL-S6",
    "PRL-R1", "PRL-R2", "PRL-R3", "PRL-R4", "PRL-R5", "PRL-R6", "PRL-R7", "PRL-R8",
    "PRL-A1", "PRL-A2", "PRL-A3",
)  # fmt: skip


@pytest.fixture(scope="module")
def raw() -> dict:
    """The framework file as plain data; tests deep-copy it before changing anything."""
    with FRAMEWORK_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def framework() -> FrameworkPolicy:
    return load_policy_file(FRAMEWORK_FILE, FrameworkPolicy)


def _outcome(data: dict, outcome_id: str) -> dict:
    return next(o for o in data["outcomes"] if o["id"] == outcome_id)


def _rejected(data: dict) -> str:
    with pytest.raises(ValidationError) as excinfo:
        FrameworkPolicy.model_validate(data)
    return str(excinfo.value)


# --- The real file -----------------------------------------------------------------------


def test_real_file_loads_and_validates(framework):
    assert framework.version == "2022.2"
    assert framework.name.nl and framework.name.en
    assert framework.model_config["frozen"] is True


def test_four_learning_lines_and_three_core_tasks(framework):
    assert [line.id for line in framework.learning_lines] == ["PPO", "KHE", "KT", "PRL"]
    assert [t.id for t in framework.learning_line("KT").core_tasks] == ["KT1", "KT2", "KT3"]
    assert framework.learning_line("PRL").has_level_outcomes is False


def test_every_outcome_and_level_text_of_the_source_is_present(framework):
    assert [o.id for o in framework.outcomes] == list(EXPECTED_THEMES)
    found = {o.level_text_id(level) for o in framework.outcomes for level in o.levels}
    assert found == EXPECTED_LEVEL_TEXT_IDS
    assert len(found) == 140


def test_outcome_levels_match_the_source(framework):
    for outcome in framework.outcomes:
        assert outcome.levels == EXPECTED_THEMES[outcome.id], outcome.id


@pytest.mark.parametrize("level", ALL)
def test_number_of_outcomes_per_level(framework, level):
    outcomes = [c for c in criteria_for_level(framework, level) if c.kind == "learning_outcome"]
    assert len(outcomes) == EXPECTED_OUTCOMES_PER_LEVEL[level]


def test_core_task_outcomes_belong_to_their_core_task(framework):
    for outcome in framework.outcomes:
        if outcome.id.startswith("KT"):
            assert outcome.learning_line == "KT"
            assert outcome.core_task == outcome.id.split("-")[0]
        else:
            assert outcome.core_task is None


def test_dutch_text_is_the_source_wording(framework):
    kt1_3 = next(o for o in framework.outcomes if o.id == "KT1-3")
    assert kt1_3.text_for(2).nl == (
        "De student kan bij groepsactiviteiten in praktische zin ondersteunen bij trainingen."
    )
    assert kt1_3.text_for(5) is kt1_3.text_for(7)  # grouped "Niveau 4, 5, 6, 7" in the source


def test_practice_learning_criteria(framework):
    criteria = framework.practice_learning.criteria
    assert tuple(c.id for c in criteria) == EXPECTED_PRACTICE_IDS
    by_id = {c.id: c for c in criteria}
    assert by_id["PRL-W4"].levels == (2, 3, 4, 5, 6)
    assert by_id["PRL-A1"].levels == (4, 5)
    assert [len(by_id[a].items) for a in ("PRL-A1", "PRL-A2", "PRL-A3")] == [6, 6, 3]
    rules = [c for c in criteria if c.group == "assessment"]
    assert [r.id for r in rules] == [f"PRL-R{n}" for n in range(1, 9)]
    assert all(r.levels is None for r in rules)  # the rules of 001 §6.2 apply at every level


def test_every_source_text_says_where_it_stands(framework):
    from register.policy.sources import quotes_in

    quotes = list(quotes_in(framework))
    assert len(quotes) > 200
    assert all(q.source == "001" and q.location.startswith("l.") for _, q in quotes)
    corrected = {key for key, q in quotes if q.corrections}
    assert corrected == {
        "outcomes.PPO-5.texts.L5-6", "outcomes.KT1-2.texts.L6", "outcomes.KT1-3.texts.L3",
        "outcomes.KT2-1.texts.L2", "outcomes.KT2-1.texts.L7", "outcomes.KT2-4.texts.L6",
        "outcomes.KT3-3.texts.L6",
    }  # fmt: skip
    kt1_3 = next(o for o in framework.outcomes if o.id == "KT1-3").text_for(3)
    assert "van zelfhulp" in kt1_3.nl and "va zelfhulp" in kt1_3.as_written()


def test_seven_competences_with_their_behavioural_traits(framework):
    assert [c.id for c in framework.competences] == [f"C{n}" for n in range(1, 8)]
    c1 = framework.competence("C1")
    assert c1.name.nl.startswith("Contactueel en communicatief vaardig")
    assert "Gebruikt niet-medische taal" in [i.nl for i in c1.indicators]
    assert [len(c.indicators) for c in framework.competences] == [7, 5, 4, 5, 4, 6, 5]


def test_learning_lines_carry_their_competences(framework):
    ppo = framework.learning_line("PPO")
    assert len(ppo.general_competences) == 5 and len(ppo.specific_competences) == 5
    kt1, kt2, kt3 = framework.learning_line("KT").core_tasks
    assert (len(kt1.general_competences), len(kt1.specific_competences)) == (12, 6)
    assert (len(kt2.general_competences), len(kt2.specific_competences)) == (5, 4)
    assert (len(kt3.general_competences), len(kt3.specific_competences)) == (5, 6)
    assert framework.learning_line("PRL").general_competences == ()


def test_workplace_checklist(framework):
    checklist = framework.workplace_checklist
    assert [t.id for t in checklist.tasks] == ["KT1", "KT2", "KT3"]
    assert checklist.competence_options.partly.nl == "Dat kan gedeeltelijk in onze organisatie"
    assert checklist.explanation_required == ("partly",)


def test_checklist_task_must_be_a_core_task(raw):
    data = copy.deepcopy(raw)
    data["workplace_checklist"]["tasks"][0]["id"] = "KT9"
    assert "unknown core task" in _rejected(data)


def test_critical_situation_sets(framework):
    sizes = {s.id: len(s.situations) for s in framework.critical_situation_sets}
    assert sizes == {"2013": 5, "renewed": 6}
    assert framework.critical_situations_set_in_use == "2013"
    in_use = framework.critical_situations_in_use()
    assert [s.nl for s in in_use][0] == "Nabijheid versus afstand"


# --- Validation of broken variants ---------------------------------------------------------


def test_valid_copy_is_accepted(raw):
    assert FrameworkPolicy.model_validate(copy.deepcopy(raw)).version == "2022.2"


def test_duplicate_outcome_id_is_rejected(raw):
    data = copy.deepcopy(raw)
    data["outcomes"].append(copy.deepcopy(_outcome(data, "PPO-1")))
    message = _rejected(data)
    assert "PPO-1" in message and "duplicate" in message


def test_outcome_id_clashing_with_a_criterion_is_rejected(raw):
    data = copy.deepcopy(raw)
    data["practice_learning"]["criteria"][0]["id"] = "KHE-2"
    message = _rejected(data)
    assert "KHE-2" in message and "duplicate" in message


def test_missing_level_text_is_rejected(raw):
    data = copy.deepcopy(raw)
    texts = _outcome(data, "KT2-3")["texts"]
    texts[:] = [t for t in texts if t["levels"] != [4]]
    message = _rejected(data)
    assert "KT2-3" in message and "no text for claimed level 4" in message


def test_text_for_unclaimed_level_is_rejected(raw):
    data = copy.deepcopy(raw)
    _outcome(data, "KHE-2")["texts"][0]["levels"] = [2, 3, 4]
    message = _rejected(data)
    assert "KHE-2" in message and "level 2" in message


def test_unknown_learning_line_is_rejected(raw):
    data = copy.deepcopy(raw)
    _outcome(data, "KHE-3")["learning_line"] = "XYZ"
    message = _rejected(data)
    assert "KHE-3" in message and "unknown learning line" in message


def test_outcome_on_practice_learning_line_is_rejected(raw):
    data = copy.deepcopy(raw)
    _outcome(data, "PPO-6")["learning_line"] = "PRL"
    message = _rejected(data)
    assert "PPO-6" in message and "no level-differentiated outcomes" in message


def test_empty_dutch_text_is_rejected(raw):
    data = copy.deepcopy(raw)
    _outcome(data, "PPO-4")["texts"][1]["nl"] = "   "
    message = _rejected(data)
    assert "PPO-4" in message and "Dutch text" in message


def test_empty_english_criterion_text_is_rejected(raw):
    data = copy.deepcopy(raw)
    data["practice_learning"]["criteria"][3]["en"] = ""
    message = _rejected(data)
    assert "PRL-W4" in message and "English text" in message


def test_level_8_is_rejected(raw):
    data = copy.deepcopy(raw)
    outcome = _outcome(data, "KT3-5")
    outcome["levels"].append(8)
    outcome["texts"].append(
        {"levels": [8], "nl": "Tekst.", "en": "Text.", "source": "001", "location": "l.1"}
    )
    message = _rejected(data)
    assert "KT3-5" in message and "level 8" in message


def test_level_8_on_practice_criterion_is_rejected(raw):
    data = copy.deepcopy(raw)
    data["practice_learning"]["criteria"][3]["levels"] = [2, 8]
    message = _rejected(data)
    assert "PRL-W4" in message and "level 8" in message


def test_unknown_critical_situation_set_in_use_is_rejected(raw):
    data = copy.deepcopy(raw)
    data["critical_situations_set_in_use"] = "2030"
    message = _rejected(data)
    assert "2030" in message and "critical_situations_set_in_use" in message


def test_unknown_key_is_rejected(raw):
    data = copy.deepcopy(raw)
    _outcome(data, "PPO-1")["remark"] = "not part of the schema"
    message = _rejected(data)
    assert "remark" in message and "Extra inputs are not permitted" in message


# --- Domain: criteria per level ------------------------------------------------------------


@pytest.mark.parametrize("level", [2, 7])
def test_criteria_for_boundary_levels(framework, level):
    criteria = criteria_for_level(framework, level)
    assert criteria and all(isinstance(c, Criterion) and c.level == level for c in criteria)
    assert len({c.id for c in criteria}) == len(criteria)


@pytest.mark.parametrize("level", [1, 8, 0, -3])
def test_criteria_for_level_outside_range_raises(framework, level):
    with pytest.raises(ValueError, match="NLQF level"):
        criteria_for_level(framework, level)


def test_team_criterion_absent_at_level_7(framework):
    for level in (2, 3, 4, 5, 6):
        assert "PRL-W4" in {c.id for c in criteria_for_level(framework, level)}
    assert "PRL-W4" not in {c.id for c in criteria_for_level(framework, 7)}


def test_outcomes_without_text_at_level_are_left_out(framework):
    ids_level_2 = {c.id for c in criteria_for_level(framework, 2)}
    assert "KHE-1.L2" in ids_level_2
    assert not any(i.startswith(("KHE-2.", "KT1-6.", "KT2-5.", "KT3-5.")) for i in ids_level_2)
    assert "KT3-5.L5" in {c.id for c in criteria_for_level(framework, 5)}


def test_criteria_are_in_framework_order(framework):
    criteria = criteria_for_level(framework, 4)
    kinds = [c.kind for c in criteria]
    assert kinds == sorted(kinds)  # all learning outcomes before practice learning
    outcome_ids = [c.id.split(".L")[0] for c in criteria if c.kind == "learning_outcome"]
    assert outcome_ids == [o.id for o in framework.outcomes if 4 in o.levels]
    assert criteria == criteria_for_level(framework, 4)


def test_criterion_fields_and_text(framework):
    by_id = {c.id: c for c in criteria_for_level(framework, 3)}
    outcome = by_id["KT1-1.L3"]
    assert outcome.kind == "learning_outcome" and outcome.learning_line == "KT"
    assert criterion_text(outcome, "nl").startswith("De student kan vanuit de eigen ervaring")
    assert criterion_text(outcome, "en").startswith("The student can convey hope")
    practice = by_id["PRL-S1"]
    assert practice.kind == "practice_learning" and practice.learning_line == "PRL"
    assert criterion_text(practice, "fr") == practice.text_nl  # falls back to Dutch
    with pytest.raises(AttributeError):
        practice.text_nl = "changed"  # type: ignore[misc]

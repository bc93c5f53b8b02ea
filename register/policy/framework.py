"""Schema of ``policies/framework.yaml``: the assessment framework (Toetsingskader).

The framework holds the four learning lines of the *Leerplan Ervaringsdeskundigheid niveau 2-7*,
every learning outcome with its text per NLQF level, the practice-learning criteria and the
critical professional situations. Programmes are assessed against it, so every identifier must
be stable and unique and every claimed level must have a text in both languages; the checks
below reject a file that breaks this, naming the offending identifier.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar, Literal

from pydantic import ConfigDict, field_validator, model_validator

from register.policy.common import Frozen, Versioned
from register.policy.sources import Quote

NLQF_LEVELS: tuple[int, ...] = (2, 3, 4, 5, 6, 7)
"""The NLQF levels the framework covers."""

_LANGUAGES = (("nl", "Dutch"), ("en", "English"))


class BilingualText(Frozen):
    """A text in Dutch and English.

    Emptiness is not checked here but by the owning object, so that the error message can
    name the identifier the text belongs to.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    nl: str
    en: str

    @field_validator("nl", "en")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``"en"`` or ``"nl"``), falling back to Dutch."""
        return self.en if lang == "en" else self.nl


def _require_texts(owner: str, what: str, nl: str, en: str) -> None:
    """Raise when the Dutch or English text of ``what`` (belonging to ``owner``) is empty."""
    for (_, language), value in zip(_LANGUAGES, (nl, en), strict=True):
        if not value.strip():
            raise ValueError(f"{owner}: {language} text of {what} is empty")


def _check_levels(owner: str, levels: Iterable[int], what: str) -> None:
    """Raise when ``levels`` is empty, repeats a level or leaves the NLQF range 2-7."""
    levels = tuple(levels)
    if not levels:
        raise ValueError(f"{owner}: {what} must name at least one level")
    for level in levels:
        if level not in NLQF_LEVELS:
            raise ValueError(f"{owner}: level {level} in {what} is outside NLQF 2-7")
    if len(set(levels)) != len(levels):
        raise ValueError(f"{owner}: {what} lists a level twice: {list(levels)}")


class _Named(Frozen):
    """An entity with an identifier and a bilingual name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: BilingualText

    @model_validator(mode="after")
    def _name_present(self) -> _Named:
        _require_texts(self.id, "name", self.name.nl, self.name.en)
        return self


class CoreTask(_Named):
    """One of the three core tasks (kerntaken) that split the core-task learning line, with
    the general and specific competences the curriculum names for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    chapter: str
    general_competences: tuple[Quote, ...] = ()
    specific_competences: tuple[Quote, ...] = ()


class LearningLine(_Named):
    """A learning line (leerlijn) with the general and specific competences the curriculum
    names for it (the core-task line names them per core task). Practice learning has no
    level-differentiated outcomes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    chapter: str
    has_level_outcomes: bool
    core_tasks: tuple[CoreTask, ...] = ()
    general_competences: tuple[Quote, ...] = ()
    specific_competences: tuple[Quote, ...] = ()


class LevelText(Quote):
    """The text of one outcome for one or more NLQF levels (grouped as in the source),
    quoted from the curriculum with its lines; the owning outcome checks the texts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    empty_text_check: ClassVar[str] = "owner"

    levels: tuple[int, ...]


class Outcome(Frozen):
    """A learning outcome (outcome theme): one stable identifier, texts per claimed level."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    learning_line: str
    core_task: str | None = None
    theme: BilingualText | None = None
    levels: tuple[int, ...]
    texts: tuple[LevelText, ...]

    @model_validator(mode="after")
    def _complete_per_level(self) -> Outcome:
        _check_levels(self.id, self.levels, "claimed levels")
        if self.theme is not None:
            _require_texts(self.id, "theme", self.theme.nl, self.theme.en)
        covered: dict[int, LevelText] = {}
        for text in self.texts:
            _check_levels(self.id, text.levels, "a text's levels")
            for level in text.levels:
                if level in covered:
                    raise ValueError(f"{self.id}: more than one text for level {level}")
                if level not in self.levels:
                    raise ValueError(f"{self.id}: text for level {level}, which is not claimed")
                covered[level] = text
                _require_texts(self.id, f"level {level}", text.nl, text.en)
        for level in self.levels:
            if level not in covered:
                raise ValueError(f"{self.id}: no text for claimed level {level}")
        return self

    def text_for(self, level: int) -> LevelText | None:
        """The text at ``level``, or None when the outcome does not apply there."""
        for text in self.texts:
            if level in text.levels:
                return text
        return None

    def level_text_id(self, level: int) -> str:
        """The stable identifier of the outcome at ``level``, e.g. ``KT1-3.L4``."""
        return f"{self.id}.L{level}"


class CriterionItem(Quote):
    """A sub-item of a practice-learning criterion (e.g. the points of an assessment theme)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    _what: ClassVar[str] = "the text"

    empty_text_check: ClassVar[str] = "id"

    id: str


class PracticeCriterion(Quote):
    """A practice-learning criterion; ``levels`` only where the source restricts it. The
    groups: the workplace (001 §6.1.1), supervision (§6.1.3), how practice learning is
    assessed (§6.2, the rules PRL-R1–8) and the themes of that assessment (§6.2)."""

    _what: ClassVar[str] = "the criterion"

    empty_text_check: ClassVar[str] = "id"

    id: str
    group: Literal["workplace", "supervision", "assessment", "assessment_theme"]
    levels: tuple[int, ...] | None = None
    items: tuple[CriterionItem, ...] = ()

    @model_validator(mode="after")
    def _valid(self) -> PracticeCriterion:
        if self.levels is not None:
            _check_levels(self.id, self.levels, "levels")
        return self

    def applies_at(self, level: int) -> bool:
        """Whether the criterion applies at NLQF ``level`` (all levels when unrestricted)."""
        return self.levels is None or level in self.levels


class PracticeLearning(Frozen):
    """The practice-learning line: its criteria, among them the rules for assessing it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    learning_line: str
    criteria: tuple[PracticeCriterion, ...]


class CriticalSituation(Quote):
    """One critical professional situation (kritische beroepssituatie)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    empty_text_check: ClassVar[str] = "id"

    id: str


class Competence(Frozen):
    """One of the seven competences distinctive for experts by experience (BCP-E, as listed
    in 001 §6.1.1) with its behavioural traits (gedragskenmerken): what can be observed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: Quote
    indicators: tuple[Quote, ...]

    @model_validator(mode="after")
    def _has_indicators(self) -> Competence:
        if not self.indicators:
            raise ValueError(f"{self.id}: a competence needs its behavioural traits")
        return self


class ChecklistOptions(Frozen):
    """The three answers of a checklist question, in the source's words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    possible: Quote
    partly: Quote
    not_possible: Quote


class ChecklistTask(Frozen):
    """A core task the workplace checklist asks about."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    text: Quote


class WorkplaceChecklist(Frozen):
    """The checklist of 001 §6.1.1 ("Specifieke taken en competenties"): whether a practice
    placement lets the student carry out the three core tasks and apply the seven
    competences. ``explanation_required`` names the answers that need an explanation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    purpose: Quote
    task_question: Quote
    tasks: tuple[ChecklistTask, ...]
    task_options: ChecklistOptions
    explanation_request: Quote
    competence_question: Quote
    competence_options: ChecklistOptions
    explanation_required: tuple[Literal["possible", "partly", "not_possible"], ...] = ()


class CriticalSituationSet(_Named):
    """A published set of critical professional situations (BCP-E 2013 or renewed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    situations: tuple[CriticalSituation, ...]


class FrameworkPolicy(Versioned):
    """The whole assessment framework, validated for completeness and consistency."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: BilingualText
    source: str
    learning_lines: tuple[LearningLine, ...]
    outcomes: tuple[Outcome, ...]
    practice_learning: PracticeLearning
    competences: tuple[Competence, ...]
    workplace_checklist: WorkplaceChecklist
    critical_situation_sets: tuple[CriticalSituationSet, ...]
    critical_situations_set_in_use: str

    @model_validator(mode="after")
    def _consistent(self) -> FrameworkPolicy:
        _require_texts("framework", "name", self.name.nl, self.name.en)
        self._check_unique_ids()
        lines = {line.id: line for line in self.learning_lines}
        for outcome in self.outcomes:
            self._check_outcome_line(outcome, lines)
        prl = self.practice_learning.learning_line
        if prl not in lines:
            raise ValueError(f"practice_learning: unknown learning line {prl!r}")
        if not self.outcomes:
            raise ValueError("framework: there are no learning outcomes")
        task_ids = {task.id for line in self.learning_lines for task in line.core_tasks}
        for task in self.workplace_checklist.tasks:
            if task.id not in task_ids:
                raise ValueError(f"workplace_checklist: unknown core task {task.id!r}")
        set_ids = [s.id for s in self.critical_situation_sets]
        if self.critical_situations_set_in_use not in set_ids:
            raise ValueError(
                f"critical_situations_set_in_use: {self.critical_situations_set_in_use!r} "
                f"is not one of the sets {set_ids}"
            )
        return self

    def _all_ids(self) -> Iterator[str]:
        """Every identifier the file defines, in file order."""
        for line in self.learning_lines:
            yield line.id
            yield from (task.id for task in line.core_tasks)
        for outcome in self.outcomes:
            yield outcome.id
        for criterion in self.practice_learning.criteria:
            yield criterion.id
            yield from (item.id for item in criterion.items)
        yield from (competence.id for competence in self.competences)
        for cs_set in self.critical_situation_sets:
            yield cs_set.id
            yield from (situation.id for situation in cs_set.situations)

    def _check_unique_ids(self) -> None:
        seen: set[str] = set()
        for identifier in self._all_ids():
            if not identifier.strip():
                raise ValueError("framework: an identifier is empty")
            if identifier in seen:
                raise ValueError(f"{identifier}: duplicate identifier")
            seen.add(identifier)

    @staticmethod
    def _check_outcome_line(outcome: Outcome, lines: dict[str, LearningLine]) -> None:
        line = lines.get(outcome.learning_line)
        if line is None:
            raise ValueError(f"{outcome.id}: unknown learning line {outcome.learning_line!r}")
        if not line.has_level_outcomes:
            raise ValueError(
                f"{outcome.id}: learning line {line.id!r} has no level-differentiated outcomes"
            )
        task_ids = [task.id for task in line.core_tasks]
        if task_ids and outcome.core_task not in task_ids:
            raise ValueError(
                f"{outcome.id}: core_task {outcome.core_task!r} is not one of {task_ids} "
                f"of learning line {line.id!r}"
            )
        if not task_ids and outcome.core_task is not None:
            raise ValueError(
                f"{outcome.id}: learning line {line.id!r} has no core task {outcome.core_task!r}"
            )
        prefix = outcome.core_task or outcome.learning_line
        number = outcome.id.removeprefix(f"{prefix}-")
        if number == outcome.id or not number.isdigit():
            raise ValueError(f"{outcome.id}: identifier must have the form {prefix}-<number>")

    def learning_line(self, line_id: str) -> LearningLine:
        """The learning line with ``line_id``; KeyError when there is none."""
        for line in self.learning_lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)

    def competence(self, competence_id: str) -> Competence:
        """The competence with ``competence_id``; KeyError when there is none."""
        for competence in self.competences:
            if competence.id == competence_id:
                return competence
        raise KeyError(competence_id)

    def critical_situations_in_use(self) -> tuple[CriticalSituation, ...]:
        """The critical professional situations of the set the register board chose."""
        for cs_set in self.critical_situation_sets:
            if cs_set.id == self.critical_situations_set_in_use:
                return cs_set.situations
        raise KeyError(self.critical_situations_set_in_use)  # unreachable after validation

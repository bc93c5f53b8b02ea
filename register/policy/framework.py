"""Schema of ``policies/framework.yaml``: the assessment framework (Toetsingskader).

The framework holds the four learning lines of the *Leerplan Ervaringsdeskundigheid niveau 2-7*,
every learning outcome with its text per NLQF level, the practice-learning criteria and the
critical professional situations. Programmes are assessed against it, so every identifier must
be stable and unique and every claimed level must have a text in both languages; the checks
below reject a file that breaks this, naming the offending identifier.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar, Literal, Self

from pydantic import ConfigDict, field_validator, model_validator

from register.policy.common import Frozen, Versioned

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
    """One of the three core tasks (kerntaken) that split the core-task learning line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    chapter: str


class LearningLine(_Named):
    """A learning line (leerlijn). Practice learning has no level-differentiated outcomes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    chapter: str
    has_level_outcomes: bool
    core_tasks: tuple[CoreTask, ...] = ()


class LevelText(Frozen):
    """The text of one outcome for one or more NLQF levels (grouped as in the source)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    levels: tuple[int, ...]
    nl: str
    en: str

    @field_validator("nl", "en")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


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


class _TextItem(Frozen):
    """An identified text in Dutch and English; ``_what`` names it in error messages."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    _what: ClassVar[str] = "the text"

    id: str
    nl: str
    en: str

    @model_validator(mode="after")
    def _texts_present(self) -> Self:
        _require_texts(self.id, self._what, self.nl, self.en)
        return self


class CriterionItem(_TextItem):
    """A sub-item of a practice-learning criterion (e.g. the points of an assessment theme)."""

    _what: ClassVar[str] = "the item"


class PracticeCriterion(_TextItem):
    """A practice-learning criterion; ``levels`` only where the source restricts it."""

    _what: ClassVar[str] = "the criterion"

    group: Literal["workplace", "supervision", "assessment_theme"]
    levels: tuple[int, ...] | None = None
    items: tuple[CriterionItem, ...] = ()

    @model_validator(mode="after")
    def _valid_levels(self) -> PracticeCriterion:
        if self.levels is not None:
            _check_levels(self.id, self.levels, "levels")
        return self

    def applies_at(self, level: int) -> bool:
        """Whether the criterion applies at NLQF ``level`` (all levels when unrestricted)."""
        return self.levels is None or level in self.levels


class AssessmentRule(_TextItem):
    """A rule or tip on how practice learning is assessed; informative, not a criterion."""

    _what: ClassVar[str] = "the rule"


class PracticeLearning(Frozen):
    """The practice-learning line: its criteria and the rules for assessing it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    learning_line: str
    criteria: tuple[PracticeCriterion, ...]
    assessment_rules: tuple[AssessmentRule, ...] = ()


class CriticalSituation(_TextItem):
    """One critical professional situation (kritische beroepssituatie)."""

    _what: ClassVar[str] = "the situation"


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
        yield from (rule.id for rule in self.practice_learning.assessment_rules)
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

    def critical_situations_in_use(self) -> tuple[CriticalSituation, ...]:
        """The critical professional situations of the set the register board chose."""
        for cs_set in self.critical_situation_sets:
            if cs_set.id == self.critical_situations_set_in_use:
                return cs_set.situations
        raise KeyError(self.critical_situations_set_in_use)  # unreachable after validation

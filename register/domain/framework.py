"""The assessment criteria that apply at one NLQF level, derived from the framework policy.

Pure domain logic: it takes an already validated :class:`FrameworkPolicy` and flattens it into
the list of criteria a programme (or a candidate) at a given level is assessed on. No I/O, no
web or database code, so it can be used from services, reports and tests alike.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from register.policy.framework import NLQF_LEVELS, FrameworkPolicy

CriterionKind = Literal["learning_outcome", "practice_learning"]


@dataclass(frozen=True)
class Criterion:
    """One thing assessed at one level: a learning outcome's level text or a practice criterion.

    ``id`` is the stable identifier: ``<outcome>.L<level>`` (e.g. ``KT1-3.L4``) for learning
    outcomes, the criterion's own identifier (e.g. ``PRL-W4``) for practice learning.
    """

    id: str
    kind: CriterionKind
    learning_line: str | None
    text_nl: str
    text_en: str
    level: int
    #: the core task of a core-task outcome (``KT1``), the group of a practice criterion
    #: (``workplace``, ``supervision``, ``assessment``, ``assessment_theme``)
    core_task: str | None = None
    group: str | None = None


def criteria_for_level(framework: FrameworkPolicy, level: int) -> tuple[Criterion, ...]:
    """All criteria that apply at NLQF ``level``, in framework order.

    First every learning outcome that has a text at ``level`` (outcomes without one, such as
    KHE-2 at level 2, are left out), then every practice-learning criterion that applies at
    ``level``. Raises ``ValueError`` for a level outside 2-7, because the framework defines
    nothing there and silently returning an empty tuple would hide a caller's mistake.
    """
    if isinstance(level, bool) or not isinstance(level, int) or level not in NLQF_LEVELS:
        raise ValueError(f"NLQF level must be one of {list(NLQF_LEVELS)}, got {level!r}")
    criteria: list[Criterion] = []
    for outcome in framework.outcomes:
        text = outcome.text_for(level)
        if text is None:
            continue
        criteria.append(
            Criterion(
                id=outcome.level_text_id(level),
                kind="learning_outcome",
                learning_line=outcome.learning_line,
                text_nl=text.nl,
                text_en=text.en,
                level=level,
                core_task=outcome.core_task,
            )
        )
    practice = framework.practice_learning
    for criterion in practice.criteria:
        if not criterion.applies_at(level):
            continue
        criteria.append(
            Criterion(
                id=criterion.id,
                kind="practice_learning",
                learning_line=practice.learning_line,
                text_nl=criterion.nl,
                text_en=criterion.en,
                level=level,
                group=criterion.group,
            )
        )
    return tuple(criteria)


def criterion_text(criterion: Criterion, lang: str) -> str:
    """The criterion's text in ``lang``: English for ``"en"``, Dutch otherwise.

    Dutch is the fallback because it is the language of the source and of the register.
    """
    return criterion.text_en if lang == "en" else criterion.text_nl


@dataclass(frozen=True)
class LineSection:
    """One learning line (or one core task of the core-task line) with the criteria of a
    level that belong to it, so that a page can show the line's general and specific
    competences above its outcomes (001 §3.2, 4.2-4.3, 5.1-5.3): the whole line, not only
    its outcomes. ``name`` and the competences are policy objects with ``get(lang)``; the
    practice-learning line names no competences of its own in 001 and works on the seven
    competences of §6.1.1 (``practice_competences``)."""

    id: str
    learning_line: str
    core_task: str | None
    name: object
    general_competences: tuple = ()
    specific_competences: tuple = ()
    practice_competences: tuple = ()
    criteria: tuple[Criterion, ...] = ()


def sections_for(
    framework: FrameworkPolicy, criteria: tuple[Criterion, ...] | list[Criterion]
) -> tuple[LineSection, ...]:
    """``criteria`` (in framework order, as ``criteria_for_level`` gives them) grouped by
    learning line and, within the core-task line, by core task; each group carries the
    competences the framework names for it. Criteria of an unknown line are refused
    (``KeyError``): they cannot come from ``framework``."""
    sections: list[LineSection] = []
    for criterion in criteria:
        key = criterion.core_task or criterion.learning_line or ""
        if sections and sections[-1].id == key:
            sections[-1] = replace(sections[-1], criteria=(*sections[-1].criteria, criterion))
            continue
        line = framework.learning_line(criterion.learning_line or "")
        holder = line
        if criterion.core_task:
            holder = next(t for t in line.core_tasks if t.id == criterion.core_task)
        practice = criterion.kind == "practice_learning"
        sections.append(
            LineSection(
                id=key,
                learning_line=line.id,
                core_task=criterion.core_task,
                name=holder.name,
                general_competences=holder.general_competences,
                specific_competences=holder.specific_competences,
                practice_competences=(
                    tuple(c.name for c in framework.competences) if practice else ()
                ),
                criteria=(criterion,),
            )
        )
    return tuple(sections)

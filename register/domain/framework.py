"""The assessment criteria that apply at one NLQF level, derived from the framework policy.

Pure domain logic: it takes an already validated :class:`FrameworkPolicy` and flattens it into
the list of criteria a programme (or a candidate) at a given level is assessed on. No I/O, no
web or database code, so it can be used from services, reports and tests alike.
"""

from __future__ import annotations

from dataclasses import dataclass
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

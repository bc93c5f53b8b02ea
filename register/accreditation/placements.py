"""Practice placements (praktijkleerplekken) of a programme and their workplace checklist
(001 §6.1.1): the provider adds, changes and removes them; the panel and the registrars
read them with the programme's requests. Which answers need an explanation is the policy's
(``register.domain.placements``). One function per action; they flush and never commit."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register.accreditation.common import record
from register.domain.placements import ItemProblem, check_answers, checklist_items
from register.errors import ActionRefused, check_version
from register.extensions import db
from register.models.accounts import User
from register.models.accreditation import PlacementAnswer, PlacementRating, PracticePlacement
from register.models.base import utcnow
from register.models.programmes import Programme
from register.policy import current_policies

#: item id → (answer or None, explanation), as posted
Answers = Mapping[str, tuple[str | None, str]]

PROBLEM_TEXTS = {
    ItemProblem.MISSING: _l("Choose possible, partly possible or not possible."),
    ItemProblem.UNKNOWN: _l("Choose possible, partly possible or not possible."),
    ItemProblem.EXPLANATION: _l("Explain your answer: the checklist asks for it."),
}


class ChecklistIncomplete(ActionRefused):
    """The checklist has items without an answer, or without the explanation the policy asks
    for; ``codes`` maps each such item to its problem, ``problems`` to its (translatable)
    message."""

    def __init__(self, codes: dict[str, ItemProblem]):
        super().__init__(
            _l("Answer every question of the checklist. The questions to look at are marked.")
        )
        self.codes = codes
        self.problems = {item: PROBLEM_TEXTS[code] for item, code in codes.items()}


def placements_of(programme: Programme) -> list[PracticePlacement]:
    """The programme's placements, oldest first."""
    return list(
        db.session.scalars(
            select(PracticePlacement)
            .where(PracticePlacement.programme_id == programme.id)
            .order_by(PracticePlacement.id)
        )
    )


def _checked(answers: Answers) -> dict[str, tuple[PlacementAnswer, str]]:
    problems = check_answers(current_policies().framework, answers)
    if problems:
        raise ChecklistIncomplete(problems)
    return {
        item: (PlacementAnswer(answer), (explanation or "").strip())
        for item, (answer, explanation) in answers.items()
        if answer
    }


def _details(organisation: str, setting: str) -> tuple[str, str]:
    organisation, setting = organisation.strip(), setting.strip()
    if not organisation:
        raise ActionRefused(_l("Fill in the organisation."), field="organisation")
    if not setting:
        raise ActionRefused(_l("Fill in the setting."), field="setting")
    return organisation, setting


def _store_answers(placement: PracticePlacement, checked) -> None:
    items = {item.id for item in checklist_items(current_policies().framework)}
    for item_id, (answer, explanation) in checked.items():
        if item_id not in items:
            continue
        row = placement.answer_for(item_id)
        if row is None:
            row = PlacementRating(item_id=item_id, answer=answer)
            placement.answers.append(row)
        row.answer, row.explanation = answer, explanation


def add_placement(
    programme: Programme,
    actor: User,
    organisation: str,
    setting: str,
    description: str | None,
    answers: Answers,
) -> PracticePlacement:
    """Add a practice placement with its filled-in checklist (every item answered; an
    explanation where the policy asks one)."""
    organisation, setting = _details(organisation, setting)
    checked = _checked(answers)
    placement = PracticePlacement(
        programme=programme,
        organisation=organisation,
        setting=setting,
        description=(description or "").strip() or None,
        updated_by_id=actor.id,
    )
    db.session.add(placement)
    _store_answers(placement, checked)
    db.session.flush()
    record(
        actor,
        "practice_placement.added",
        placement,
        programme_id=programme.id,
        framework_version=current_policies().framework.version,
        answers={k: v[0].value for k, v in checked.items()},
    )
    return placement


def update_placement(
    placement: PracticePlacement,
    actor: User,
    version: int | None,
    organisation: str,
    setting: str,
    description: str | None,
    answers: Answers,
) -> None:
    """Change a placement and its checklist; refuses (``StaleRecord``) when someone changed
    it since ``version`` was shown."""
    check_version(placement, version)
    organisation, setting = _details(organisation, setting)
    checked = _checked(answers)
    placement.organisation, placement.setting = organisation, setting
    placement.description = (description or "").strip() or None
    placement.updated_by_id = actor.id
    _store_answers(placement, checked)
    placement.updated_at = utcnow()  # a change of the checklist alone counts as a change
    db.session.flush()
    record(
        actor,
        "practice_placement.changed",
        placement,
        programme_id=placement.programme_id,
        framework_version=current_policies().framework.version,
        answers={k: v[0].value for k, v in checked.items()},
    )


def remove_placement(placement: PracticePlacement, actor: User, version: int | None) -> None:
    """Remove a placement the provider no longer offers (with its checklist)."""
    check_version(placement, version)
    record(
        actor,
        "practice_placement.removed",
        placement,
        programme_id=placement.programme_id,
        organisation=placement.organisation,
    )
    db.session.delete(placement)
    db.session.flush()

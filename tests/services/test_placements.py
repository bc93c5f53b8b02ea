"""Practice placements and their workplace checklist (issue 11), through the services:
every item answered, an explanation where the policy asks one, a version check, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from register.accreditation import placements
from register.domain.placements import ItemProblem
from register.errors import ActionRefused, StaleRecord
from register.models.accreditation import PlacementAnswer, PlacementRating, PracticePlacement
from register.models.audit import AuditEvent
from tests.accreditation_support import make_programme, make_provider
from tests.placement_support import complete_answers, item_ids


def _actions(db):
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


@pytest.fixture
def programme(db, make_user):
    provider, user = make_provider(make_user)
    return make_programme(provider, user), user


def test_a_placement_is_added_with_its_whole_checklist(db, programme):
    prog, user = programme
    answers = complete_answers()
    answers["KT3"] = ("partly", "Alleen bij voorlichting op scholen.")
    answers["C5"] = ("not_possible", "")
    placement = placements.add_placement(
        prog, user, " GGz Centraal ", "Herstelwerkplaats", "", answers
    )
    assert placement.organisation == "GGz Centraal" and placement.description is None
    assert {r.item_id for r in placement.answers} == set(item_ids())
    assert placement.answer_for("KT3").answer is PlacementAnswer.PARTLY
    assert placement.answer_for("KT3").explanation == "Alleen bij voorlichting op scholen."
    assert placement.answer_for("C5").answer is PlacementAnswer.NOT_POSSIBLE
    assert placements.placements_of(prog) == [placement]
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "practice_placement.added")
    ).one()
    assert event.detail["answers"]["KT3"] == "partly"
    assert event.detail["framework_version"] == "2022.2"


def test_an_incomplete_checklist_is_refused_per_item_and_nothing_is_stored(db, programme):
    prog, user = programme
    answers = complete_answers()
    answers["KT2"] = ("partly", " ")  # the policy asks an explanation for "partly"
    del answers["C7"]
    with pytest.raises(placements.ChecklistIncomplete) as refused:
        placements.add_placement(prog, user, "GGz", "Team", None, answers)
    assert refused.value.codes == {"KT2": ItemProblem.EXPLANATION, "C7": ItemProblem.MISSING}
    assert set(refused.value.problems) == {"KT2", "C7"}
    assert db.session.scalar(select(PracticePlacement.id)) is None


def test_organisation_and_setting_are_required(db, programme):
    prog, user = programme
    with pytest.raises(ActionRefused) as refused:
        placements.add_placement(prog, user, " ", "Team", None, complete_answers())
    assert refused.value.field == "organisation"
    with pytest.raises(ActionRefused) as refused:
        placements.add_placement(prog, user, "GGz", "", None, complete_answers())
    assert refused.value.field == "setting"


def test_changing_checks_the_version_and_counts_a_checklist_change(db, programme):
    prog, user = programme
    placement = placements.add_placement(prog, user, "GGz", "Team", None, complete_answers())
    db.session.commit()
    seen = placement.version
    changed = complete_answers()
    changed["C1"] = ("partly", "In groepen nog niet.")
    placements.update_placement(placement, user, seen, "GGz", "Team", None, changed)
    db.session.commit()
    assert placement.version == seen + 1  # the checklist alone changed: a new version
    assert placement.answer_for("C1").answer is PlacementAnswer.PARTLY
    with pytest.raises(StaleRecord):  # someone saved in between: the old version is refused
        placements.update_placement(placement, user, seen, "GGz", "Team", None, changed)
    with pytest.raises(StaleRecord):
        placements.remove_placement(placement, user, seen)


def test_removing_takes_the_checklist_with_it(db, programme):
    prog, user = programme
    placement = placements.add_placement(prog, user, "GGz", "Team", None, complete_answers())
    db.session.commit()
    placements.remove_placement(placement, user, placement.version)
    db.session.commit()
    assert db.session.scalar(select(PracticePlacement.id)) is None
    assert db.session.scalar(select(PlacementRating.id)) is None
    assert _actions(db)[-2:] == ["practice_placement.added", "practice_placement.removed"]

"""Conditions answered with evidence (issue 12): the provider answers with an explanation
and files, the registrar marks the condition met on an answer (recorded) or sends it back
with a reason (the provider is told and answers again); overdue handling stays."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from register.accreditation import condition_answers, decision_services
from register.errors import ActionRefused, NotAllowedNow
from register.models.accreditation import AnswerOutcome, ConditionStatus
from register.models.audit import AuditEvent
from register.models.programmes import AccreditationStatus
from tests.accreditation_support import TODAY, decided
from tests.placement_support import pdf_upload


def _event(db, action):
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
    ).first()


def test_an_answer_with_files_is_stored_and_the_registrars_told(db, make_user, outbox):
    request, provider_user, registrar = decided(make_user, partly=1)
    condition = request.conditions[0]
    answer = condition_answers.answer_condition(
        condition, provider_user, " Het toetsplan is aangevuld. ", [pdf_upload(), None]
    )
    db.session.commit()
    assert answer.explanation == "Het toetsplan is aangevuld."
    assert answer.outcome is AnswerOutcome.PENDING
    assert [f.file.original_name for f in answer.files] == ["toetsplan.pdf"]
    assert condition.pending_answer() is answer
    assert registrar.email in {m["to"] for m in outbox}
    event = _event(db, "accreditation_condition.answered")
    assert event.detail["answer_id"] == answer.id and len(event.detail["files"]) == 1


def test_an_answer_needs_an_explanation_and_acceptable_files(db, make_user):
    request, provider_user, _registrar = decided(make_user, partly=1)
    condition = request.conditions[0]
    with pytest.raises(ActionRefused) as refused:
        condition_answers.answer_condition(condition, provider_user, "  ", [pdf_upload()])
    assert refused.value.field == "explanation"
    with pytest.raises(ActionRefused) as refused:
        condition_answers.answer_condition(
            condition, provider_user, "Zie bijlage", [pdf_upload("x.pdf", b"not a document")]
        )
    assert refused.value.field == "files"


def test_marked_met_on_the_answer_it_rests_on(db, make_user):
    request, provider_user, registrar = decided(make_user, partly=1)
    condition = request.conditions[0]
    answer = condition_answers.answer_condition(condition, provider_user, "Gedaan", [])
    decision_services.mark_condition_met(condition, registrar, answer)
    assert condition.status is ConditionStatus.MET
    assert answer.outcome is AnswerOutcome.ACCEPTED and answer.reviewed_by_id == registrar.id
    assert request.accreditation.status is AccreditationStatus.ACTIVE
    assert _event(db, "accreditation_condition.met").detail["answer_id"] == answer.id
    with pytest.raises(NotAllowedNow):  # a met condition needs no further answer
        condition_answers.answer_condition(condition, provider_user, "Nog iets", [])


def test_sent_back_with_a_reason_then_answered_again(db, make_user, outbox):
    request, provider_user, registrar = decided(make_user, partly=1)
    condition = request.conditions[0]
    first = condition_answers.answer_condition(condition, provider_user, "Eerste versie", [])
    with pytest.raises(ActionRefused) as refused:
        condition_answers.return_answer(first, registrar, " ")
    assert refused.value.field == "reason"
    db.session.commit()
    outbox.clear()
    condition_answers.return_answer(first, registrar, "Het toetsplan ontbreekt.")
    db.session.commit()  # e-mail leaves with the transaction
    assert first.outcome is AnswerOutcome.RETURNED
    assert first.return_reason == "Het toetsplan ontbreekt."
    assert condition.status is ConditionStatus.OPEN and condition.pending_answer() is None
    mail = next(m for m in outbox if m["to"] == provider_user.email)
    assert "Het toetsplan ontbreekt." in mail["body"]
    assert f"/accreditation/conditions/{condition.id}" in mail["body"]
    with pytest.raises(NotAllowedNow):  # dealt with already
        condition_answers.return_answer(first, registrar, "Nogmaals")
    second = condition_answers.answer_condition(condition, provider_user, "Tweede", [])
    decision_services.mark_condition_met(condition, registrar)  # the pending answer
    assert second.outcome is AnswerOutcome.ACCEPTED
    assert [a.outcome for a in condition.answers] == [
        AnswerOutcome.RETURNED,
        AnswerOutcome.ACCEPTED,
    ]


def test_an_overdue_condition_can_still_be_answered_and_met(db, make_user):
    request, provider_user, registrar = decided(make_user, partly=1)
    condition = request.conditions[0]
    assert decision_services.flag_overdue_conditions(condition.deadline + dt.timedelta(days=1))
    assert condition.status is ConditionStatus.OVERDUE
    answer = condition_answers.answer_condition(condition, provider_user, "Laat, maar af", [])
    decision_services.mark_condition_met(condition, registrar, answer)
    assert condition.status is ConditionStatus.MET
    assert decision_services.flag_overdue_conditions(TODAY + dt.timedelta(days=400)) == 0

"""Conditions of a conditional accreditation answered with evidence (issue 12): the
provider answers an open condition with an explanation and optional files, once or several
times; a registrar marks the condition met on an answer
(``decision_services.mark_condition_met``) or sends the answer back with a reason, and the
provider is told and can answer again. Overdue conditions can still be answered: the
daily job (``flag_overdue_conditions``) only flags them. Flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l

from register.access import staff_recipients
from register.accreditation.common import notify, provider_contacts, record
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.models.accounts import User
from register.models.accreditation import (
    AccreditationCondition,
    AnswerOutcome,
    ConditionAnswer,
    ConditionAnswerFile,
    ConditionStatus,
)
from register.models.base import utcnow
from register.uploads import store_upload

#: the most files one answer takes (the upload limit applies to each)
MAX_FILES = 10


def _open(condition: AccreditationCondition) -> None:
    if condition.status is ConditionStatus.MET:
        raise NotAllowedNow(_l("This condition has been marked as met; it needs no answer."))


def answer_condition(
    condition: AccreditationCondition, actor: User, explanation: str, uploads: Sequence = ()
) -> ConditionAnswer:
    """The provider answers ``condition``: an explanation, and evidence files (the document
    types a provider may upload, checked by content). The registrars are told."""
    _open(condition)
    text = (explanation or "").strip()
    if not text:
        raise ActionRefused(
            _l("Explain how your programme now meets the condition."), field="explanation"
        )
    files = [u for u in uploads if u is not None and getattr(u, "filename", "")]
    if len(files) > MAX_FILES:
        raise ActionRefused(
            _l("Add at most %(n)s files to one answer.", n=MAX_FILES), field="files"
        )
    stored = [store_upload(upload, actor, field="files", documents=True) for upload in files]
    answer = ConditionAnswer(explanation=text, answered_by_id=actor.id)
    answer.files = [ConditionAnswerFile(file=f) for f in stored]
    condition.answers.append(answer)
    db.session.flush()
    record(
        actor,
        "accreditation_condition.answered",
        condition,
        request_id=condition.request_id,
        answer_id=answer.id,
        files=[f.file.sha256 for f in answer.files],
    )
    notify(
        staff_recipients(),
        _l("A provider answered an accreditation condition"),
        "accreditation_condition_answered",
        "accreditation_review.conditions",
        condition=condition,
    )
    return answer


def return_answer(answer: ConditionAnswer, actor: User, reason: str) -> None:
    """Send an answer back with a reason: the condition stays open (or overdue) and the
    provider is told by e-mail, with the reason, and can answer again."""
    condition = answer.condition
    _open(condition)
    if answer.outcome is not AnswerOutcome.PENDING:
        raise NotAllowedNow(_l("This answer has already been dealt with."))
    text = (reason or "").strip()
    if not text:
        raise ActionRefused(_l("Give the reason for sending the answer back."), field="reason")
    reviewer, now = actor.id, utcnow()  # read before the change (no autoflush half-way)
    answer.reviewed_by_id, answer.reviewed_at = reviewer, now
    answer.outcome, answer.return_reason = AnswerOutcome.RETURNED, text
    db.session.flush()
    record(
        actor,
        "accreditation_condition.answer_returned",
        condition,
        request_id=condition.request_id,
        answer_id=answer.id,
        reason=text,
    )
    notify(
        provider_contacts(condition.request.provider),
        _l("Your answer to a condition has been sent back"),
        "accreditation_condition_returned",
        "accreditation.condition_answer",
        {"condition_id": condition.id},
        condition=condition,
        answer=answer,
    )

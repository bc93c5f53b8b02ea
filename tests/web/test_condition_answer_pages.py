"""Conditions answered with evidence, by the pages (issue 12): the provider answers with an
explanation and files (422 keeps the explanation), other providers get 404; the registrar
sees the answers and files on the conditions page (one form: typed reasons are kept), sends
an answer back with a reason (e-mail) or marks the condition met on it."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from register.accreditation import condition_answers
from register.models.accreditation import (
    AccreditationCondition,
    AnswerOutcome,
    ConditionAnswer,
    ConditionStatus,
)
from register.models.audit import AuditEvent
from register.models.programmes import AccreditationStatus
from tests.accreditation_support import decided, make_provider
from tests.placement_support import PDF


@pytest.fixture(autouse=True)
def _english(client):
    client.post("/language", data={"lang": "en", "next": "/"})


def _files(*names, data=PDF):
    return [(io.BytesIO(data), name) for name in names]


def test_the_provider_answers_a_condition_with_files(client, db, make_user, login, outbox):
    req, provider_user, registrar = decided(make_user, partly=1)
    condition = req.conditions[0]
    login(provider_user)
    detail = client.get(f"/accreditation/requests/{req.id}").get_data(as_text=True)
    assert f"/accreditation/conditions/{condition.id}" in detail
    url = f"/accreditation/conditions/{condition.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Improve" in page and 'type="file"' in page and "multiple" in page

    empty = client.post(url, data={"explanation": " "})
    assert empty.status_code == 422 and 'href="#explanation"' in empty.get_data(as_text=True)
    bad = client.post(
        url,
        data={"explanation": "See the new assessment plan.", "files": _files("x.pdf", data=b"no")},
        content_type="multipart/form-data",
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "See the new assessment plan." in html and "Choose the files again" in html
    assert db.session.scalar(select(ConditionAnswer.id)) is None

    sent = client.post(
        url,
        data={
            "explanation": "See the new assessment plan.",
            "files": _files("plan.pdf", "matrix.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    answer = db.session.scalars(select(ConditionAnswer)).one()
    assert [f.file.original_name for f in answer.files] == ["plan.pdf", "matrix.pdf"]
    assert registrar.email in {m["to"] for m in outbox}
    again = client.get(url).get_data(as_text=True)
    assert "See the new assessment plan." in again and "Waiting for the register" in again
    with client.get(f"/files/condition/{answer.files[0].id}") as own:
        assert own.status_code == 200 and own.data == PDF


def test_another_provider_cannot_see_or_answer(client, db, make_user, login):
    req, provider_user, _registrar = decided(make_user, partly=1)
    condition = req.conditions[0]
    answer = condition_answers.answer_condition(condition, provider_user, "Done", [])
    db.session.commit()
    _other, stranger = make_provider(make_user, name="Elders", kvk="87654321")
    login(stranger)
    assert client.get(f"/accreditation/conditions/{condition.id}").status_code == 404
    post = client.post(f"/accreditation/conditions/{condition.id}", data={"explanation": "x"})
    assert post.status_code == 404
    assert len(condition.answers) == 1
    assert answer.id


def test_the_registrar_sends_back_then_marks_met(client, db, make_user, login, outbox):
    req, provider_user, registrar = decided(make_user, partly=1)
    condition = req.conditions[0]
    from tests.placement_support import pdf_upload

    first = condition_answers.answer_condition(
        condition, provider_user, "First try", [pdf_upload("plan.pdf")]
    )
    db.session.commit()
    login(registrar)
    page = client.get("/accreditation/review/conditions").get_data(as_text=True)
    assert "First try" in page and f"/files/condition/{first.files[0].id}" in page
    assert (
        page.count('method="post"')
        - page.count('class="language"')
        - page.count('action="/logout"')
        == 1
    )  # the page's one form
    with client.get(f"/files/condition/{first.files[0].id}") as download:
        assert download.status_code == 200
    assert db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == "evidence.viewed", AuditEvent.subject_type == "ConditionAnswerFile"
        )
    )

    refused = client.post(f"/accreditation/review/answers/{first.id}/return", data={})
    assert refused.status_code == 422
    assert 'href="#reason-' in refused.get_data(as_text=True)
    outbox.clear()
    back = client.post(
        f"/accreditation/review/answers/{first.id}/return",
        data={f"reason-{first.id}": "The plan has no assessment criteria."},
    )
    assert back.status_code == 302
    db.session.refresh(first)
    assert first.outcome is AnswerOutcome.RETURNED
    mail = next(m for m in outbox if m["to"] == provider_user.email)
    assert "The plan has no assessment criteria." in mail["body"]

    second = condition_answers.answer_condition(condition, provider_user, "Second try", [])
    db.session.commit()
    met = client.post(
        f"/accreditation/review/conditions/{condition.id}/met", data={"answer": str(second.id)}
    )
    assert met.status_code == 302
    db.session.refresh(condition)
    db.session.refresh(second)
    assert condition.status is ConditionStatus.MET and second.outcome is AnswerOutcome.ACCEPTED
    assert req.accreditation.status is AccreditationStatus.ACTIVE


def test_a_reason_typed_for_another_answer_is_kept(client, db, make_user, login):
    req, provider_user, registrar = decided(make_user, partly=1)
    first = req.conditions[0]
    second = AccreditationCondition(
        accreditation=first.accreditation, text="Second condition", deadline=first.deadline
    )
    req.conditions.append(second)
    db.session.flush()
    a1 = condition_answers.answer_condition(first, provider_user, "Try one", [])
    a2 = condition_answers.answer_condition(second, provider_user, "Try two", [])
    db.session.commit()
    login(registrar)
    # a refused send-back (no reason) shows the reason typed for the other answer again
    refused = client.post(
        f"/accreditation/review/answers/{a1.id}/return", data={f"reason-{a2.id}": "Keep me"}
    )
    assert refused.status_code == 422 and ">Keep me</textarea>" in refused.get_data(as_text=True)
    # marking the first met with a reason typed for the second: done, the reason kept
    met = client.post(
        f"/accreditation/review/conditions/{first.id}/met",
        data={"answer": str(a1.id), f"reason-{a2.id}": "Keep me too"},
    )
    html = met.get_data(as_text=True)
    assert met.status_code == 200
    assert ">Keep me too</textarea>" in html and "have not been sent yet" in html
    db.session.refresh(first)
    assert first.status is ConditionStatus.MET

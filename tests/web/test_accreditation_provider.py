"""The provider's side through the browser-facing views: sign-up, programme, the
self-evaluation with progress, submitting, questions, documents, and who may see what."""

from __future__ import annotations

import io

import pytest
from markupsafe import escape
from sqlalchemy import select

from register.accreditation import panel_services, provider_services
from register.accreditation.common import criteria_for, criterion_ids
from register.domain.accreditation import RequestState
from register.models.accounts import Role, User
from register.models.accreditation import AccreditationRequest, ProviderContact
from register.models.audit import AuditEvent
from register.models.programmes import Programme, TrainingProvider
from tests.accreditation_support import (
    TODAY,
    make_programme,
    make_provider,
    submitted_request,
    under_review,
)


@pytest.fixture(autouse=True)
def _english(client):
    """The pages in English, so that the tests read the source texts."""
    client.post("/language", data={"lang": "en", "next": "/"})


SIGNUP = {
    "organisation": "Herstelacademie Oost",
    "kvk_number": "8765 4321",
    "phone": "030 123 45 67",
    "given_names": "Mira",
    "surname_prefix": "van",
    "surname": "Dijk",
    "email": "mira@herstel.example",
    "password": "lang genoeg wachtwoord",
}


def test_provider_signup_creates_provider_and_account(client, db, outbox):
    response = client.post("/providers/signup", data=SIGNUP)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "mira@herstel.example"))
    assert user.role is Role.PROVIDER and user.email_confirmed_at is None
    link = db.session.scalar(select(ProviderContact).where(ProviderContact.user_id == user.id))
    assert link.provider.kvk_number == "87654321"
    assert outbox and outbox[-1]["to"] == "mira@herstel.example"


def test_signup_bad_kvk_keeps_what_was_typed(client, db):
    response = client.post("/providers/signup", data={**SIGNUP, "kvk_number": "1234"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "A KvK number has exactly 8 digits." in page
    assert 'href="#kvk_number"' in page  # the error summary links to the field
    assert "Herstelacademie Oost" in page and "mira@herstel.example" in page
    assert db.session.scalar(select(TrainingProvider)) is None


def test_signup_known_kvk_and_taken_email(client, db, make_user, outbox):
    make_provider(make_user, kvk="87654321")
    page = client.post("/providers/signup", data=SIGNUP).get_data(as_text=True)
    assert "already registered" in page
    make_user(email="taken@herstel.example")
    taken = client.post(
        "/providers/signup",
        data={**SIGNUP, "kvk_number": "11112222", "email": "taken@herstel.example"},
    )
    # the same answer as a new sign-up: a sign-up never says that an address is in use
    assert taken.status_code == 302
    assert (
        db.session.scalar(select(TrainingProvider).where(TrainingProvider.kvk_number == "11112222"))
        is None
    )
    assert outbox[-1]["to"] == "taken@herstel.example" and "/password/reset/" in outbox[-1]["body"]


def test_add_programme_and_bad_input(client, db, make_user, login):
    provider, user = make_provider(make_user)
    login(user)
    response = client.post(
        "/accreditation/programmes/new",
        data={"name": "", "nlqf_level": "4", "context": "standalone", "study_load_hours": "abc"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Fill in this field." in page and "abc" in page
    response = client.post(
        "/accreditation/programmes/new",
        data={
            "name": "Herstelwerker",
            "nlqf_level": "3",
            "context": "embedded",
            "study_load_hours": "400",
            "mode": "part_time",
        },
    )
    assert response.status_code == 302
    programme = db.session.scalar(select(Programme))
    assert (programme.nlqf_level, programme.provider_id) == (3, provider.id)


def test_self_evaluation_progress_drafts_and_submit(client, db, make_user, login, outbox):
    provider, user = make_provider(make_user)
    programme = make_programme(provider, user, level=4)
    login(user)
    response = client.post(f"/accreditation/programmes/{programme.id}/requests")
    req = db.session.scalar(select(AccreditationRequest))
    assert response.headers["Location"].endswith(f"/accreditation/requests/{req.id}")
    criteria = criteria_for(req)
    total = len(criteria)
    page = client.get(f"/accreditation/requests/{req.id}").get_data(as_text=True)
    assert f"0 of {total} criteria answered" in page

    first = criteria[0]
    url = f"/accreditation/requests/{req.id}/criteria/{first.id}"
    page = client.get(url).get_data(as_text=True)
    assert first.text_en in page  # the criterion text beside the answer
    # a draft with only one of the three answers saves but does not count as answered
    response = client.post(url, data={"coverage": "Module 1 covers it."})
    assert response.status_code == 302
    page = client.get(f"/accreditation/requests/{req.id}").get_data(as_text=True)
    assert f"0 of {total} criteria answered" in page
    response = client.post(
        url,
        data={
            "coverage": "Module 1 covers it.",
            "location": "Module 1",
            "assessment": "Portfolio",
            "next": "1",
        },
    )
    assert response.headers["Location"].endswith(criteria[1].id)
    page = client.get(f"/accreditation/requests/{req.id}").get_data(as_text=True)
    assert f"1 of {total} criteria answered" in page

    response = client.post(f"/accreditation/requests/{req.id}/submit", follow_redirects=True)
    assert f"1 of {total} criteria answered" in response.get_data(as_text=True)
    assert req.state is RequestState.DRAFT
    for c in criteria[1:]:
        provider_services.save_answer(req, user, c.id, "How", "Where", "Assessed")
    db.session.commit()
    client.post(f"/accreditation/requests/{req.id}/submit")
    db.session.refresh(req)
    assert req.state is RequestState.SUBMITTED
    assert client.get(url).status_code == 302  # no more editing after submission


def test_every_criterion_page_answered_in_turn(client, db, make_user, login):
    """What the browser journey once did page by page for every criterion (it now answers
    the first and last few in Chromium): each criterion's page shows its text and place, and
    "Save and go to the next criterion" saves it and leads to the next, up to the last."""
    provider, user = make_provider(make_user)
    req = provider_services.start_request(make_programme(provider, user, level=3), user, TODAY)
    db.session.commit()
    login(user)
    criteria = criteria_for(req)
    total = len(criteria)
    assert total > 30
    for n, criterion in enumerate(criteria, start=1):
        url = f"/accreditation/requests/{req.id}/criteria/{criterion.id}"
        page = client.get(url).get_data(as_text=True)
        assert f"Criterion {n} of {total}" in page and escape(criterion.text_en) in page
        assert f"{n - 1} of {total} criteria answered" in page
        response = client.post(
            url,
            data={"coverage": "How", "location": f"Module {n}", "assessment": "Exam", "next": "1"},
        )
        assert response.status_code == 302
        after = (
            criteria[n].id if n < total else f"/accreditation/requests/{req.id}#c-{criterion.id}"
        )
        assert response.headers["Location"].endswith(after)
    page = client.get(f"/accreditation/requests/{req.id}").get_data(as_text=True)
    assert f"{total} of {total} criteria answered" in page


def test_unknown_criterion_is_404(client, db, make_user, login):
    provider, user = make_provider(make_user)
    req = provider_services.start_request(make_programme(provider, user), user, TODAY)
    db.session.commit()
    login(user)
    assert client.get(f"/accreditation/requests/{req.id}/criteria/NOPE-1").status_code == 404
    assert client.get("/accreditation/requests/999999").status_code == 404


def test_document_upload_rejects_wrong_type_and_download_is_checked(client, db, make_user, login):
    provider, user = make_provider(make_user)
    req = provider_services.start_request(make_programme(provider, user), user, TODAY)
    db.session.commit()
    cid = criterion_ids(req)[0]
    url = f"/accreditation/requests/{req.id}/criteria/{cid}"
    login(user)
    response = client.post(
        url,
        data={
            "coverage": "typed text",
            "location": "M1",
            "assessment": "Exam",
            "document": (io.BytesIO(b"MZ not a pdf"), "x.exe"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Upload a PDF, Word (DOCX), Excel (XLSX)" in page
    assert "typed text" in page
    response = client.post(
        url,
        data={
            "coverage": "c",
            "location": "M1",
            "assessment": "Exam",
            "document": (io.BytesIO(b"%PDF-1.4 test"), "guide.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    doc = req.documents[0]
    download = client.get(f"/files/document/{doc.id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 test"
    download.close()
    from tests.services.test_document_types import WORD_MAIN, _ooxml

    docx = _ooxml("word/document.xml", WORD_MAIN)
    response = client.post(
        url,
        data={
            "coverage": "c",
            "location": "M1",
            "assessment": "Exam",
            "document": (io.BytesIO(docx), "curriculum"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert [d.file.original_name for d in req.documents][-1] == "curriculum.docx"
    other_provider, other = make_provider(make_user, name="Other", kvk="99998888")
    client.post("/logout")
    login(other)
    assert client.get(f"/files/document/{doc.id}").status_code == 404
    registrar = make_user(role=Role.REGISTRAR)
    client.post("/logout")
    login(registrar)
    download = client.get(f"/files/document/{doc.id}")
    assert download.status_code == 200
    download.close()
    viewed = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "evidence.viewed", AuditEvent.actor_id == registrar.id
        )
    ).all()
    assert viewed


def test_providers_see_only_their_own_requests(client, db, make_user, login):
    req, owner = submitted_request(make_user)
    _p, stranger = make_provider(make_user, name="Other", kvk="99998888")
    login(stranger)
    assert client.get(f"/accreditation/requests/{req.id}").status_code == 403
    assert client.post(f"/accreditation/requests/{req.id}/withdraw").status_code == 403
    assert client.post(f"/accreditation/programmes/{req.programme_id}/requests").status_code == 403
    page = client.get("/accreditation/").get_data(as_text=True)
    assert req.programme.name not in page


def test_other_roles_cannot_use_provider_pages(client, db, make_user, login):
    req, _owner = submitted_request(make_user)
    for role in (Role.APPLICANT, Role.ASSESSOR):
        client.post("/logout")
        login(make_user(role=role))
        assert client.get("/accreditation/").status_code == 403
        assert client.get(f"/accreditation/requests/{req.id}").status_code == 403


def test_provider_answers_panel_question(client, db, make_user, login, outbox):
    req, provider_user, _reg, a1, _a2 = under_review(make_user)
    question = panel_services.ask_question(req, a1, "Who supervises practice?", None)
    db.session.commit()
    login(provider_user)
    page = client.get(f"/accreditation/requests/{req.id}").get_data(as_text=True)
    assert "Who supervises practice?" in page
    response = client.post(f"/accreditation/questions/{question.id}/answer", data={"answer": ""})
    assert response.status_code == 422 and question.answered_at is None
    client.post(
        f"/accreditation/questions/{question.id}/answer", data={"answer": "A senior peer worker."}
    )
    db.session.refresh(question)
    assert question.answer == "A senior peer worker." and outbox[-1]["to"] == a1.email

"""The one download path (register.files): every kind of stored file is downloaded through
``/files/<holder>/<id>``, checked by its holder's access rule, and audited in one shape."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from register.accreditation import provider_services
from register.extensions import db
from register.models.accounts import Role, User
from register.models.audit import AuditEvent
from tests.accreditation_support import make_programme, make_provider
from tests.web.test_apply_helpers import submitted_application

SHAPE = {"file_id", "kind", "case_type", "case_id"}


@pytest.fixture
def evidence(make_user):
    return submitted_application(make_user(surname="Eigenaar")).evidence[0]


@pytest.fixture
def document(make_user):
    provider, contact = make_provider(make_user)
    request = provider_services.start_request(
        make_programme(provider, contact), contact, dt.date.today()
    )
    upload = FileStorage(io.BytesIO(b"%PDF-1.4 guide"), filename="guide.pdf")
    document = provider_services.add_document(request, contact, upload, None, "Study guide")
    db.session.commit()
    return document


def _viewed():
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "evidence.viewed").order_by(AuditEvent.id)
    ).all()


def test_every_kind_of_file_is_audited_in_one_shape(client, login, make_user, evidence, document):
    registrar = make_user(role=Role.REGISTRAR)
    login(registrar)
    for url in (f"/files/evidence/{evidence.id}", f"/files/document/{document.id}"):
        with client.get(url) as download:
            assert download.status_code == 200 and download.data.startswith(b"%PDF")
    on_evidence, on_document = _viewed()
    assert set(on_evidence.detail) == set(on_document.detail) == SHAPE
    assert (on_evidence.subject_id, on_evidence.detail["file_id"]) == (
        evidence.id,
        evidence.file_id,
    )
    assert on_evidence.detail["case_type"] == "application"
    assert on_evidence.detail["case_id"] == evidence.application_id
    assert (on_document.subject_id, on_document.detail["case_id"]) == (
        document.id,
        document.request_id,
    )
    assert {e.actor_id for e in (on_evidence, on_document)} == {registrar.id}


def test_the_own_side_downloads_without_an_audit_record(client, login, evidence, document):
    login(evidence.application.applicant)
    with client.get(f"/files/evidence/{evidence.id}") as download:
        assert download.status_code == 200
    login(db.session.get(User, document.file.uploaded_by_id))  # the provider's contact
    with client.get(f"/files/document/{document.id}") as download:
        assert download.status_code == 200
    assert _viewed() == []


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.ASSESSOR, Role.PROVIDER])
def test_a_user_who_may_not_see_a_file_is_refused(
    client, login, make_user, evidence, document, role
):
    """Someone else's evidence or document is not there for them: 404, nothing audited."""
    if role is Role.PROVIDER:
        _provider, user = make_provider(make_user, name="Andere", kvk="99998888")
    else:
        user = make_user(role=role)
    login(user)
    assert client.get(f"/files/evidence/{evidence.id}").status_code == 404
    assert client.get(f"/files/document/{document.id}").status_code == 404
    assert client.get("/files/evidence/999999").status_code == 404
    assert client.get(f"/files/other/{evidence.id}").status_code == 404
    assert _viewed() == []


def test_visitors_are_sent_to_the_login_page(client, evidence):
    response = client.get(f"/files/evidence/{evidence.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]

"""The same file uploaded twice for the same purpose is kept once (SHA-256 per application
and kind of evidence); another file, or the same file for another purpose, is kept."""

from __future__ import annotations

from register.extensions import db
from register.models.applications import Evidence, EvidenceKind
from tests.web.test_apply import _start
from tests.web.test_apply_helpers import PDF, make_programme, pdf


def test_the_same_diploma_uploaded_twice_is_kept_once(client, login, make_user):
    _, application = _start(client, login, make_user)
    programme = make_programme()
    db.session.add(programme)
    db.session.commit()
    base = f"/apply/{application.id}/step"
    client.post(f"{base}/tier", data={"tier": "2", "action": "continue"})
    client.post(f"{base}/route", data={"route": "diploma", "action": "continue"})
    url = f"{base}/diploma"

    def upload(name, data=PDF):
        data = {
            "programme_id": programme.id,
            "diploma_date": "2022-06-30",
            "file": pdf(name, data),
            "action": "save",
        }
        return client.post(url, data=data, content_type="multipart/form-data")

    assert upload("diploma.pdf").status_code < 400
    assert upload("diploma (1).pdf").status_code < 400
    kept = db.session.query(Evidence).filter_by(application_id=application.id).all()
    assert [(e.kind, e.file.original_name) for e in kept] == [(EvidenceKind.DIPLOMA, "diploma.pdf")]
    assert upload("other.pdf", PDF + b"% another scan\n").status_code < 400
    assert db.session.query(Evidence).filter_by(application_id=application.id).count() == 2

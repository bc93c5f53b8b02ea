"""Core services: the append-only audit log, the e-mail outbox, evidence uploads."""

import io

import pytest
from werkzeug.datastructures import FileStorage

from register import audit
from register.errors import ActionRefused
from register.mail import queue_email, send_unsent
from register.models.audit import AuditEvent, AuditLogIsAppendOnly
from register.models.mail import OutgoingEmail
from register.uploads import sniff_content_type, store_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def test_audit_events_record_actor_subject_and_detail(db, make_user):
    user = make_user()
    event = audit.record(user, "thing.done", user, reason="because", when={"a": 1})
    db.session.commit()
    stored = db.session.get(AuditEvent, event.id)
    assert (stored.actor_id, stored.action, stored.subject_type, stored.subject_id) == (
        user.id,
        "thing.done",
        "User",
        user.id,
    )
    assert stored.detail == {"reason": "because", "when": {"a": 1}}


def test_audit_log_refuses_updates_and_deletes(db, make_user):
    event = audit.record(make_user(), "thing.done")
    db.session.commit()
    event.action = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def _queue(app):
    with app.test_request_context():
        queue_email("a@example.nl", "Onderwerp", "test_message", name="Anna")


@pytest.fixture
def mail_template(app, tmp_path):
    from jinja2 import ChoiceLoader, DictLoader

    app.jinja_loader = ChoiceLoader(
        [DictLoader({"email/test_message.txt": "Hallo {{ name }}"}), app.jinja_loader]
    )


def test_mail_is_sent_only_after_commit(app, db, outbox, mail_template):
    _queue(app)
    assert outbox == []
    db.session.commit()
    assert outbox == [{"to": "a@example.nl", "subject": "Onderwerp", "body": "Hallo Anna"}]
    assert db.session.query(OutgoingEmail).one().sent_at is not None


def test_mail_is_dropped_on_rollback(app, db, outbox, mail_template):
    _queue(app)
    db.session.rollback()
    db.session.commit()
    assert outbox == []
    assert db.session.query(OutgoingEmail).count() == 0


def test_failed_mail_is_kept_for_retry(app, db, outbox, mail_template, monkeypatch):
    import register.mail as mail

    def broken(app, message):
        raise OSError("smtp down")

    monkeypatch.setattr(mail, "_deliver", broken)
    _queue(app)
    db.session.commit()
    message = db.session.query(OutgoingEmail).one()
    db.session.refresh(message)
    assert message.sent_at is None and message.last_error == "smtp down"
    monkeypatch.undo()
    assert send_unsent(app) == 1
    assert len(outbox) == 1


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (b"GIF89a", None),
        (b"<html>", None),
    ],
)
def test_content_sniffing(data, kind):
    assert sniff_content_type(data) == kind


def _upload(name, data):
    return FileStorage(stream=io.BytesIO(data), filename=name)


def test_upload_is_stored_under_random_name_with_hash(app, db, make_user, tmp_path):
    import hashlib
    from pathlib import Path

    user = make_user()
    with app.test_request_context():
        stored = store_upload(_upload("diploma.pdf", PDF), user)
    assert stored.content_type == "application/pdf"
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.storage_name != "diploma.pdf" and len(stored.storage_name) == 32
    path = Path(app.config["UPLOAD_FOLDER"]) / stored.storage_name
    assert path.read_bytes() == PDF
    assert "static" not in str(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("fake.pdf", b"just text pretending", "PNG- of JPEG"),
        ("empty.pdf", b"", "leeg"),
        ("", PDF, "Kies een bestand"),
    ],
)
def test_upload_rejections_are_translated(app, db, name, data, message):
    with app.test_request_context():
        with pytest.raises(ActionRefused) as err:
            store_upload(_upload(name, data))
        assert message in str(err.value.message)


def test_upload_size_limit(app, db):
    app.config["MAX_UPLOAD_BYTES"] = 1024
    with app.test_request_context(), pytest.raises(ActionRefused):
        store_upload(_upload("big.pdf", PDF + b"0" * 2000))


def test_database_itself_refuses_to_rewrite_audit_events(db, make_user):
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    audit.record(make_user(), "thing.done")
    db.session.commit()
    for statement in ("UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()

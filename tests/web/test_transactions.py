"""One transaction per request (register.transactions): a request that fails leaves nothing
behind, a successful one is committed once, a read-only one issues no COMMIT, and a write
that loses a race at commit time is answered 409, not 500."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select, text

from register import audit
from register.domain.lifecycle import ApplicationState
from register.extensions import db
from register.mail import queue_email
from register.models.accounts import Role, User
from register.models.applications import Application, Reference, ReferenceRelation
from register.models.audit import AuditEvent
from register.models.mail import OutgoingEmail
from tests.web.test_apply_helpers import submitted_application, use_english


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


@pytest.fixture
def application(make_user):
    return submitted_application(make_user(locale="en"))


def _start_review(client, application):
    use_english(client)
    return client.post(
        f"/review/applications/{application.id}/start",
        data={"version": application.version},
    )


def _count(model) -> int:
    db.session.rollback()  # what the request committed, not what it left in the session
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_view_that_raises_after_writing_leaves_nothing_and_sends_no_mail(
    client, login, make_user, outbox, monkeypatch
):
    from register.applications import services

    applicant = make_user()
    login(applicant)
    real_start = services.start_application

    def start_then_fail(user):
        real_start(user)
        queue_email(user.email, "Started", "account_password_changed", user=user)
        db.session.flush()
        raise RuntimeError("a bug after the writes")

    monkeypatch.setattr(services, "start_application", start_then_fail)
    response = client.post("/apply/start")
    assert response.status_code == 500
    assert _count(Application) == 0
    assert _count(OutgoingEmail) == 0
    assert outbox == []


def test_a_refused_action_keeps_no_partial_write_and_no_saved_message(
    client, login, registrar, application, monkeypatch
):
    from register.errors import ActionRefused
    from register.review import services

    login(registrar)

    def write_then_refuse(app_, actor, *, expected_version):
        app_.decision_reason = "half done"
        audit.record(actor, "half.done", app_)
        db.session.flush()
        raise ActionRefused("Refused after a write.")

    monkeypatch.setattr(services, "start_review", write_then_refuse)
    response = _start_review(client, application)
    assert response.status_code == 422
    assert "Refused after a write." in response.get_data(as_text=True)
    db.session.rollback()
    assert (
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "half.done")).all() == []
    )
    assert db.session.get(Application, application.id).decision_reason is None


def test_an_error_status_rolls_back_what_the_view_wrote(client, application, monkeypatch):
    """A view that answers 4xx itself (an expired referee link: 410) keeps nothing it wrote."""
    from register.references import views
    from register.tokens import TokenExpired

    reference = Reference(
        application_id=application.id,
        name="R",
        email="r@example.nl",
        organisation="Org",
        relation=ReferenceRelation.COLLEAGUE,
    )
    db.session.add(reference)
    db.session.commit()
    before = _count(AuditEvent)

    def write_then_expire(token):
        audit.record(None, "link.read", reference)
        db.session.flush()
        raise TokenExpired()

    monkeypatch.setattr(views, "read_reference_token", write_then_expire)
    assert client.get("/reference/some-token").status_code == 410
    assert _count(AuditEvent) == before


def test_a_get_that_audited_is_committed(client, login, registrar, application):
    login(registrar)
    assert client.get(f"/review/applications/{application.id}").status_code == 200
    db.session.rollback()  # anything not committed by the request is gone now
    viewed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.viewed")
    ).all()
    assert [(e.actor_id, e.subject_id) for e in viewed] == [(registrar.id, application.id)]


def test_a_read_only_request_issues_no_commit(client, application):
    ended = []

    def record(kind):
        return lambda *args: ended.append(kind)

    listeners = [("commit", record("commit")), ("release_savepoint", record("release"))]
    for name, fn in listeners:
        event.listen(db.engine, name, fn)
    try:
        assert client.get("/programmes").status_code == 200
        assert client.get("/search?q=Celik").status_code == 200
        assert ended == []
    finally:
        for name, fn in listeners:
            event.remove(db.engine, name, fn)


def test_a_race_lost_at_commit_time_is_a_409_not_a_500(
    client, login, registrar, application, monkeypatch
):
    """The version check passed and the service flushed, but another registrar's write
    lands before the commit: the commit's own UPDATE finds a newer version."""
    from register.review import services

    login(registrar)
    real_start = services.start_review

    def start_then_lose_the_race(app_, actor, *, expected_version):
        real_start(app_, actor, expected_version=expected_version)
        db.session.execute(
            text("UPDATE application SET version = version + 1 WHERE id = :id"), {"id": app_.id}
        )
        app_.decision_reason = "written at commit time"  # flushed only by the commit

    monkeypatch.setattr(services, "start_review", start_then_lose_the_race)
    response = _start_review(client, application)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Another registrar already decided on or changed this application" in body
    assert "You are now reviewing this application." not in body
    db.session.rollback()
    assert db.session.get(Application, application.id).state is ApplicationState.SUBMITTED


def test_a_constraint_refused_at_commit_time_is_a_clear_422(client, login, make_user, monkeypatch):
    from register.accounts import services

    user = make_user(locale="en")
    taken = make_user(email="taken@example.nl")
    login(user)

    def clash(*args, **kwargs):
        db.session.add(
            User(email=taken.email, password_hash="x", given_names="A", surname="B")
        )  # flushed only by the commit, where the unique e-mail refuses it
        return ["given_names"]

    monkeypatch.setattr(services, "update_profile", clash)
    use_english(client)
    response = client.post(
        "/account/profile",
        data={"given_names": "Anna", "surname_prefix": "", "surname": "Berg", "locale": "en"},
    )
    assert response.status_code == 422
    assert "it clashes with something already in the register" in response.get_data(as_text=True)
    assert "Your details have been saved." not in response.get_data(as_text=True)
    # (No row count here: the unique index makes a second row impossible, and in the test
    # harness a flush refused at commit leaves the shared connection's savepoints unusable.)

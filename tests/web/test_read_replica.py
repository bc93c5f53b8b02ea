"""Routing public reads to a replica (DATABASE_READ_URL): only anonymous public read paths
go there; logged-in people and everything else read from the primary. Here the "replica"
is the primary's own database through a second engine, so the test sees which engine
answered; tests/services/test_multi_process.py runs a real streaming replica."""

import os

import pytest
from sqlalchemy import event, text

from config import TestingConfig
from register import create_app
from register.extensions import db as _db
from register.models.accounts import Role
from tests.lookup_support import add_registration


@pytest.fixture
def app(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    config = type(
        "ReplicaTesting",
        (TestingConfig,),
        {"SQLALCHEMY_DATABASE_URI": url, "DATABASE_READ_URL": url},
    )
    app = create_app(config)
    with app.app_context():
        if url.startswith("postgresql"):
            with _db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()
        app.extensions["register.read_engine"].dispose()


@pytest.fixture
def replica_reads(app):
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    engine = app.extensions["register.read_engine"]
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_anonymous_public_reads_come_from_the_replica(app, client, policies, replica_reads):
    reg = add_registration(policies, surname="Visser")
    assert client.get(f"/api/v1/registrations/{reg.number}").status_code == 200
    assert client.get("/api/v1/registrations", query_string={"name": "Visser"}).status_code == 200
    assert client.post("/api/v1/verifications", json={"numbers": [reg.number]}).status_code == 200
    assert client.get(f"/registrations/{reg.number}").status_code == 200
    assert sum("registration" in s for s in replica_reads) >= 4


def test_logged_in_people_and_other_pages_read_from_the_primary(
    app, client, policies, make_user, login, replica_reads
):
    reg = add_registration(policies, surname="Visser")
    client.get("/")
    assert replica_reads == []
    login(make_user(role=Role.REGISTRAR))
    replica_reads.clear()
    assert client.get(f"/registrations/{reg.number}").status_code == 200
    assert client.get("/search", query_string={"q": "Visser"}).status_code == 200
    assert replica_reads == []


def test_checked_at_is_the_clock_when_the_primary_answers(app, client, policies):
    reg = add_registration(policies, surname="Visser")
    body = client.get(f"/api/v1/registrations/{reg.number}").get_json()
    assert body["checked_at"].endswith("Z") or body["checked_at"].endswith("+00:00")

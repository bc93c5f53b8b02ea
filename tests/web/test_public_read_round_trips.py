"""What an anonymous public read costs the database (issue 15): a lookup by number is one
SELECT, on a connection of its own that holds no transaction afterwards: on PostgreSQL it
runs in autocommit, so there is no BEGIN before it and no ROLLBACK after it (one round
trip). Counted with SQLAlchemy's cursor events and asked of the driver itself.

The app here has a database of its own that the test commits to, as production does: the
suite's rolled-back transaction per test would hand every request the test's connection,
already in a transaction."""

import os

import pytest
from sqlalchemy import event

from config import TestingConfig
from register import create_app
from register.extensions import db as _db
from tests import app_support
from tests.lookup_support import add_registration, suspend


@pytest.fixture
def app(tmp_path):
    server = os.environ.get("TEST_DATABASE_URL", "")
    if app_support.is_postgres(server):
        name = f"register_reads_{app_support.worker_name()}"
        url = app_support.create_postgres_database(server, name)
    else:
        name, url = None, f"sqlite:///{tmp_path / 'reads.sqlite3'}"
    config = type("RoundTrips", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    with app_support.limiter_state():
        app = create_app(config)
        with app.app_context():
            _db.create_all()
        yield app
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()
    if name is not None:
        app_support.drop_postgres_database(server, name)


def _in_transaction(dbapi_connection) -> bool:
    """Whether the driver's connection holds an open transaction (one it began itself)."""
    info = getattr(dbapi_connection, "info", None)
    if info is not None and hasattr(info, "transaction_status"):  # psycopg
        from psycopg.pq import TransactionStatus

        return info.transaction_status != TransactionStatus.IDLE
    return dbapi_connection.in_transaction  # sqlite3


@pytest.fixture
def sent(app):
    """Each statement sent while the test runs, and whether a transaction was open after it."""
    seen: list[tuple[str, bool]] = []

    def after(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, _in_transaction(conn.connection.dbapi_connection)))

    with app.app_context():
        engine = _db.engine
    event.listen(engine, "after_cursor_execute", after)
    yield seen
    event.remove(engine, "after_cursor_execute", after)


def _number(app, suspended: bool = False) -> str:
    with app.app_context():
        policies = app.extensions["policies"]
        reg = add_registration(policies, surname="Visser")
        if suspended:
            suspend(policies, reg, "internal reason", "investigation")
        return reg.number


def _selects_only(sent) -> list[bool]:
    assert all(statement.lstrip().upper().startswith("SELECT") for statement, _ in sent), sent
    return [open_after for _, open_after in sent]


def test_a_lookup_by_number_is_one_select_and_leaves_no_transaction(app, sent):
    number = _number(app)
    sent.clear()
    answer = app.test_client().get(f"/api/v1/registrations/{number}")
    assert answer.status_code == 200
    assert answer.get_json()["number"] == number
    assert _selects_only(sent) == [False]


def test_a_suspended_registration_with_its_annotation_is_one_select_too(app, sent):
    number = _number(app, suspended=True)
    sent.clear()
    body = app.test_client().get(f"/api/v1/registrations/{number}").get_json()
    assert body["status"] == "suspended"
    assert body["suspension"]["reason_category"] == "investigation"
    assert "internal reason" not in str(body)
    assert _selects_only(sent) == [False]


def test_the_public_page_and_a_bulk_check_read_the_same_way(app, sent):
    number = _number(app)
    sent.clear()
    client = app.test_client()
    assert client.get(f"/registrations/{number}").status_code == 200
    assert _selects_only(sent) == [False]
    sent.clear()
    answer = client.post("/api/v1/verifications", json={"numbers": [number, "ED-1", number]})
    assert [item["result"] for item in answer.get_json()["results"]] == [
        "found",
        "malformed",
        "found",
    ]
    assert _selects_only(sent) == [False]  # one statement per chunk of numbers


def test_a_name_search_counts_and_reads_its_first_class_in_one_statement(app, sent):
    with app.app_context():
        policies = app.extensions["policies"]
        for given in ("Anna", "Bram", "Chris"):
            add_registration(policies, given=given, surname="Visser")
        add_registration(policies, given="Dana", surname="Visserman")
    client = app.test_client()
    sent.clear()
    # the surname's own class fills the page (three of three before "Visserman"): the count
    # and the page's ids in one statement, then the page's rows (was three statements)
    page = client.get("/api/v1/registrations?name=Visser&per_page=3").get_json()
    assert [item["name"].split()[0] for item in page["items"]] == ["Anna", "Bram", "Chris"]
    assert page["total"] == 4
    assert _selects_only(sent) == [False, False]
    sent.clear()
    # a page the first class does not fill: the other classes in one more statement
    page = client.get("/api/v1/registrations?name=Visser").get_json()
    assert [item["name"] for item in page["items"]][-1] == "Dana Visserman"
    assert len(page["items"]) == page["total"] == 4
    assert len(_selects_only(sent)) == 3  # count with the first class, the rest, the rows


def test_on_postgresql_the_read_runs_in_autocommit(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has no round trips to save")
    number = _number(app)
    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(conn.connection.dbapi_connection.autocommit)

    with app.app_context():
        engine = _db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        assert app.test_client().get(f"/api/v1/registrations/{number}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", before)
    assert seen == [True]  # the driver sends no BEGIN in autocommit

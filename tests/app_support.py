"""The machinery behind the fixtures in ``conftest.py``: one application and one schema per
test session (per xdist worker), each test isolated in a transaction that is rolled back at
its end, and a test client and CLI runner that give every request and command an application
context of its own, as production does.

Isolation follows SQLAlchemy 2's "joining a session into an external transaction" recipe:
the test opens one connection and begins a transaction on it; the app's engine hands out
that connection; sessions join it with ``join_transaction_mode="create_savepoint"``, so a
``commit()`` in the code under test only releases a savepoint, and rolling back the outer
transaction at the end of the test removes everything the test and the code under test
wrote. ``engine.begin()`` outside the session (e.g. the mail outbox recording a delivery)
becomes a savepoint on the same connection too.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from register.extensions import db, limiter

#: the sessions of the tests' own application contexts (the ``db`` fixture), innermost last
_test_sessions: list[Session] = []


def worker_name() -> str:
    """``gw0``, ``gw1`` … under pytest-xdist, ``main`` otherwise."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


# --- databases -----------------------------------------------------------------------------


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def _admin_engine(url: str) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def create_postgres_database(url: str, name: str) -> str:
    """A new, empty database ``name`` on the server of ``url`` (dropped first if a previous
    run left it behind); returns its URL. ``url``'s user needs CREATEDB."""
    admin = _admin_engine(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'"))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str, name: str) -> None:
    admin = _admin_engine(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def use_real_sqlite_transactions(engine: Engine) -> None:
    """pysqlite starts transactions lazily and knows nothing of savepoints, so releasing the
    first savepoint would commit the test's transaction. SQLAlchemy's documented remedy: turn
    pysqlite's own transaction handling off and emit BEGIN ourselves."""

    @event.listens_for(engine, "connect")
    def _no_pysqlite_transactions(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")

    engine.dispose()  # a connection made before the listeners would lack them


# --- one transaction per test --------------------------------------------------------------


@contextlib.contextmanager
def joined_transaction(engine: Engine) -> Iterator[Connection]:
    """Open a connection and begin a transaction on it; until the block ends, ``engine``
    hands out that connection, closing it does nothing and ``begin()`` on it starts a
    savepoint (so ``engine.begin()`` commits into a savepoint). Then roll everything back."""
    connection = engine.connect()
    outer = connection.begin()
    connection.close = lambda: None  # type: ignore[method-assign]
    connection.begin = connection.begin_nested  # type: ignore[method-assign]
    try:
        with routed(engine, connection):
            yield connection
    finally:
        outer.rollback()
        del connection.close, connection.begin
        connection.close()


@contextlib.contextmanager
def routed(engine: Engine, connection: Connection) -> Iterator[None]:
    """Make ``engine`` hand out ``connection`` (the test's, already in its transaction)."""
    engine.connect = lambda: connection  # type: ignore[method-assign]
    try:
        yield
    finally:
        del engine.connect


def join_sessions_in_savepoints() -> None:
    """Sessions that meet a connection already in a transaction work in a savepoint on it,
    so that code under test may commit (SQLAlchemy's ``create_savepoint`` join mode)."""
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")


# --- the test's own app context, and fresh ones for requests and commands ------------------


@contextlib.contextmanager
def test_context(app: Flask) -> Iterator[Session]:
    """An application context for the test's own database work (the ``db`` fixture). Its
    session is committed before each request of the test client and expired after it, so
    requests see what the test set up and the test sees what requests wrote."""
    with app.app_context():
        session = db.session()
        _test_sessions.append(session)
        try:
            yield session
        finally:
            _test_sessions.remove(session)


@contextlib.contextmanager
def fresh_context(app: Flask) -> Iterator[None]:
    """A new application context (new ``flask.g``, new session) for one request or command,
    as in production; the test's session is settled before and refreshed after."""
    for session in _test_sessions:
        session.commit()
    try:
        with app.app_context():
            yield
    finally:
        for session in _test_sessions:
            session.expire_all()


class IsolatedClient(FlaskClient):
    """The test client, with every request (each redirect too) in its own app context."""

    def run_wsgi_app(self, environ, buffered=False):
        with fresh_context(self.application):
            return super().run_wsgi_app(environ, buffered=buffered)


class IsolatedRunner(FlaskCliRunner):
    """The CLI runner, with every command in its own app context."""

    def invoke(self, cli=None, args=None, **kwargs):
        with fresh_context(self.app):
            return super().invoke(cli, args, **kwargs)


def prepare(app: Flask) -> Flask:
    """Give ``app`` the isolating client and runner."""
    app.test_client_class = IsolatedClient
    app.test_cli_runner_class = IsolatedRunner
    return app


@contextlib.contextmanager
def limiter_state() -> Iterator[None]:
    """Flask-Limiter keeps its settings on the one shared ``limiter``: an app made with rate
    limits on would leave them on for every other app. Restore them afterwards."""
    saved = dict(vars(limiter))
    try:
        yield
    finally:
        vars(limiter).clear()
        vars(limiter).update(saved)

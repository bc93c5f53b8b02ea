"""Shared fixtures: one application and schema per test session (per xdist worker), each test
in a transaction rolled back at its end, a client and CLI runner that give every request its
own application context, creator functions for users and apps, and a login helper.

The database is SQLite in memory by default; set ``TEST_DATABASE_URL`` to a PostgreSQL server
(a user allowed to create databases) to run the same tests there: each worker then works in a
database of its own (``make test`` does so on a throwaway cluster when PostgreSQL is
installed). How isolation works: ``tests/app_support.py`` and docs/conventions.md, "Tests".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, settings

from config import TestingConfig
from register import create_app, use_register_time_zone
from register.access import SECOND_FACTOR_ROLES
from register.extensions import db as _db
from register.extensions import limiter as _limiter
from register.models.accounts import Role, User
from register.models.assessments import AssessorTraining
from register.models.base import utcnow
from register.passwords import hash_password
from tests import app_support, second_factor_support

# The register's calendar day from the start (create_app sets it too, but test modules read
# ``dt.date.today()`` when they are imported, before any app exists)
use_register_time_zone(TestingConfig.BABEL_DEFAULT_TIMEZONE)

# Property tests judge correctness, never speed: on a loaded CI machine a generated example
# may take longer than Hypothesis's default 200 ms, which is no failure of the rule tested.
settings.register_profile("register", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("register")

PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(items):
    """A test marked ``no_database`` runs on SQLite only (tests/run_all.sh): refuse one that
    asks for the test database after all, so the mark cannot hide a PostgreSQL difference."""
    for item in items:
        if item.get_closest_marker("no_database") and "database_url" in item.fixturenames:
            raise pytest.UsageError(f"{item.nodeid} is marked no_database but uses the database")


@pytest.fixture(scope="session")
def database_url():
    """The URL of this worker's test database: SQLite in memory, or a PostgreSQL database
    made for this session (from ``TEST_DATABASE_URL``) and dropped after it."""
    server = os.environ.get("TEST_DATABASE_URL", "")
    if not app_support.is_postgres(server):
        yield "sqlite://"
        return
    name = f"register_test_{app_support.worker_name()}"
    yield app_support.create_postgres_database(server, name)
    app_support.drop_postgres_database(server, name)


@pytest.fixture(scope="session")
def _session_app(database_url):
    """The application shared by the tests of this session, with its schema created once."""
    config = type(
        "SessionTestingConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": database_url}
    )
    app = app_support.prepare(create_app(config))
    with app.app_context():
        engine = _db.engine
        if not app_support.is_postgres(database_url):
            app_support.use_real_sqlite_transactions(engine)
        _db.create_all()
    app_support.join_sessions_in_savepoints()
    yield app
    engine.dispose()


@pytest.fixture
def _transaction(_session_app):
    """The test's connection, in a transaction that is rolled back when the test ends."""
    with _session_app.app_context():
        engine = _db.engine
    with app_support.joined_transaction(engine) as connection:
        yield connection


@pytest.fixture
def app(_session_app, _transaction, tmp_path):
    """The shared application, for one test: its own upload folder and outbox; whatever the
    test changes in its configuration or template loader is restored afterwards. No app
    context is pushed: requests get their own, direct database work uses ``db``."""
    app = _session_app
    config, loader = dict(app.config), app.jinja_loader
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    app.extensions["mail_outbox"] = []
    yield app
    app.config.clear()
    app.config.update(config)
    app.jinja_loader = loader


@pytest.fixture
def app_context(app):
    """An application context of the test's own, for code the test calls directly (services,
    tokens, ``db.session``). Requests of the test client run in contexts of their own; this
    one's session is committed before each request and expired after it."""
    with app_support.test_context(app):
        yield app


@pytest.fixture(autouse=True)
def _limiter_as_found():
    """Flask-Limiter keeps its settings on the one shared ``limiter``: any app a test builds
    with limits on (a production config, an app that refuses to start halfway) would leave
    them on for every later test in the worker. Every test puts them back."""
    with app_support.limiter_state():
        yield
    with contextlib.suppress(Exception):  # and no test's hits count against the next test
        _limiter.reset()


@pytest.fixture(autouse=True)
def _no_lookup_counts_left():
    """Anonymous lookups are counted in the process's memory before they are written: a
    test's counts (of registrations its rollback removes) never reach the next test."""
    yield
    from register.organisations.checks import forget_pending

    forget_pending()


@pytest.fixture
def db(app_context):
    """The database extension, in the test's own application context."""
    return _db


@pytest.fixture
def make_app(_transaction, database_url, tmp_path):
    """Creator: ``make_app(ConfigClass_or_overrides)`` builds a fresh application (for a test
    that needs rate limits on, CSRF on, extra routes …) on this worker's database, in the same
    rolled-back transaction as the rest of the test."""
    with contextlib.ExitStack() as cleanup:

        def make(config=TestingConfig):
            if isinstance(config, dict):
                config = type("Overrides", (TestingConfig,), config)
            settings = {"SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_FOLDER": str(tmp_path)}
            cleanup.enter_context(app_support.limiter_state())
            app = app_support.prepare(create_app(type(config.__name__, (config,), settings)))
            with app.app_context():
                engine = _db.engine
            cleanup.callback(engine.dispose)
            cleanup.enter_context(app_support.routed(engine, _transaction))
            return app

        yield make


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def policies(app):
    return app.extensions["policies"]


@pytest.fixture
def outbox(app):
    """E-mails delivered so far (memory backend)."""
    return app.extensions.setdefault("mail_outbox", [])


@pytest.fixture
def make_user(db):
    """Creator: ``make_user(role=Role.REGISTRAR, email=...)`` returns a confirmed user."""
    counter = {"n": 0}

    def make(
        role: Role = Role.APPLICANT,
        email: str | None = None,
        confirmed: bool = True,
        given_names="Test",
        surname_prefix="",
        surname="Persoon",
        trained: bool = True,
        **kw,
    ) -> User:
        counter["n"] += 1
        user = User(
            email=email or f"{role.value}{counter['n']}@example.nl",
            password_hash=hash_password(PASSWORD),
            given_names=given_names,
            surname_prefix=surname_prefix,
            surname=surname,
            role=role,
            email_confirmed_at=utcnow() if confirmed else None,
            **kw,
        )
        db.session.add(user)
        if role is Role.ASSESSOR and trained:
            # assessors are trained as assessors (001 l.2820); ``trained=False`` for one not
            db.session.flush()
            db.session.add(
                AssessorTraining(
                    assessor_id=user.id,
                    completed_on=dt.date.today() - dt.timedelta(days=30),
                    course="Assessorentraining",
                    provider="Test Academie",
                )
            )
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client, db):
    """Helper: ``login(user)`` logs the test client in as ``user``. Registrars, admins and
    assessors (and anyone enrolled) also pass the second factor: the fixture enrols them with
    ``second_factor_support.TEST_SECRET`` when they have no app yet and types the current
    code. ``login(user, second_factor=False)`` stops after the password (the session then
    owes its second factor); ``remember=True`` ticks "stay logged in"."""

    def do_login(
        user: User,
        password: str = PASSWORD,
        second_factor: bool = True,
        remember: bool = False,
        client=client,
    ):
        if second_factor and user.role in SECOND_FACTOR_ROLES:
            second_factor_support.enrol(user)
        data = {"email": user.email, "password": password}
        if remember:
            data["remember"] = "y"
        response = client.post("/login", data=data, follow_redirects=False)
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
        if second_factor and "/login/code" in response.headers["Location"]:
            code = second_factor_support.fresh_code(user)
            response = client.post(response.headers["Location"], data={"code": code})
            assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
        return response

    return do_login


@pytest.fixture
def totp_code(db):
    """``totp_code(user, offset=0)``: the code ``user``'s app shows now (``offset`` steps of
    30 seconds later or earlier), with the account's replay marker cleared."""
    return second_factor_support.fresh_code

"""Shared fixtures: an app per test on a fresh database, a client, a CLI runner, creator
functions for users, and a login helper.

The database is SQLite in memory by default; set ``TEST_DATABASE_URL`` to run the same
tests on PostgreSQL (``make test`` does so on a throwaway cluster when PostgreSQL is
installed).
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from register import create_app
from register.extensions import db as _db
from register.models.accounts import Role, User
from register.models.base import utcnow
from register.passwords import hash_password

PASSWORD = "correct horse battery staple"


@pytest.fixture
def app(tmp_path):
    """A fresh application with an empty schema and its own upload folder."""
    app = create_app("testing")
    app.config.update(UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
            _reset_postgres()
        _db.create_all()
        yield app
        _db.session.remove()
        if not os.environ.get("TEST_DATABASE_URL"):
            _db.drop_all()
        _db.engine.dispose()


def _reset_postgres():
    with _db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture
def db(app):
    """The database extension, inside the app context."""
    return _db


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
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """Helper: ``login(user)`` logs the test client in as ``user``."""

    def do_login(user: User, password: str = PASSWORD):
        response = client.post(
            "/login", data={"email": user.email, "password": password}, follow_redirects=False
        )
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
        return response

    return do_login

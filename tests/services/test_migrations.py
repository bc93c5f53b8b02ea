"""Alembic migrations: upgrading an empty database yields exactly the models' schema, and
downgrading to base removes it again. Runs on SQLite and, in ``make test``, PostgreSQL."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from register import create_app
from register.extensions import db
from tests import app_support


@pytest.fixture
def empty_app(tmp_path):
    """An app on an empty database of its own: a SQLite file, or on PostgreSQL a database made
    for this test (the shared test database already holds the schema)."""
    server = os.environ.get("TEST_DATABASE_URL", "")
    name = f"register_migrations_{app_support.worker_name()}"
    if app_support.is_postgres(server):
        url = app_support.create_postgres_database(server, name)
    else:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if app_support.is_postgres(server):
        app_support.drop_postgres_database(server, name)


def test_upgrade_matches_models_and_downgrade_empties(empty_app):
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"

    downgrade(revision="base")
    with db.engine.connect() as conn:
        remaining = set(inspect(conn).get_table_names()) - {"alembic_version"}
    assert remaining == set()

"""Alembic migrations: upgrading an empty database yields exactly the models' schema, and
downgrading to base removes it again. Runs on SQLite and, in ``make test``, PostgreSQL."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from register import create_app
from register.extensions import db


@pytest.fixture
def empty_app(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        yield app
        db.session.remove()
        db.engine.dispose()


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

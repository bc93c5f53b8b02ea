"""Backup and restore, proven: a register with data in every table the demo fills and its
uploaded files is backed up, restored into a new empty database, and compared table by table,
row by row, and file by file (SHA-256). On SQLite (online backup API) and, in ``make test``,
PostgreSQL (pg_dump custom format, pg_restore)."""

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from config import TestingConfig
from register import create_app
from register.backup import BackupError, backup, file_hashes, restore
from register.extensions import db as _db


@pytest.fixture(scope="module")
def _filled_app(tmp_path_factory):
    """Like conftest's app, but on a SQLite file (the online backup API needs one), with the
    demo data loaded once for the module: its tests only read the data and the uploaded
    files (they back up, and restore into other databases and folders)."""
    tmp = tmp_path_factory.mktemp("backup-source")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp / 'register.sqlite3'}"
    config = type("BackupTesting", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    app.config.update(UPLOAD_FOLDER=str(tmp / "uploads"))
    with app.app_context():
        if url.startswith("postgresql"):
            with _db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        _db.create_all()
        result = app.test_cli_runner().invoke(args=["demo-data"])
        assert result.exit_code == 0, result.output
        _db.session.remove()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def app(_filled_app):
    """The module's app, in an application context of the test's own."""
    with _filled_app.app_context():
        yield _filled_app
        _db.session.remove()


@pytest.fixture
def filled(app):
    """The app's database with the demo data in it, and its uploaded files."""
    return app


def _target_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", None
    name = f"restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(url).set(database=name).render_as_string(hide_password=False), (admin, name)


def _rows(engine, name):
    """Every row of table ``name``, in a stable order (JSON columns cannot be ordered by)."""
    with engine.connect() as conn:
        return sorted(conn.execute(text(f'SELECT * FROM "{name}"')).all(), key=repr)


def test_backup_then_restore_into_an_empty_database_gives_every_row_and_file(filled, tmp_path):
    uploads = tmp_path / "uploads"  # the demo's files and one more, in a folder of its own
    shutil.copytree(filled.config["UPLOAD_FOLDER"], uploads)
    (uploads / "nested").mkdir(parents=True, exist_ok=True)
    (uploads / "nested" / "extra.pdf").write_bytes(b"%PDF-1.4 extra")
    source = _db.engine
    manifest = backup(source, uploads, tmp_path / "backup")
    filled_tables = [t for t, n in manifest.tables.items() if n and t != "alembic_version"]
    assert len(filled_tables) >= 10, manifest.tables
    assert manifest.files

    url, cleanup = _target_url(tmp_path)
    target = create_engine(url)
    restored_uploads = tmp_path / "restored-uploads"
    try:
        restore(target, restored_uploads, tmp_path / "backup")
        with source.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
        with target.connect() as conn:
            assert sorted(inspect(conn).get_table_names()) == tables
        for name in tables:
            assert _rows(target, name) == _rows(source, name), name
        assert file_hashes(restored_uploads) == file_hashes(uploads)
        # a second restore onto the data is refused unless forced
        with pytest.raises(BackupError, match="has data"):
            restore(target, tmp_path / "other-uploads", tmp_path / "backup")
        restore(target, restored_uploads, tmp_path / "backup", force=True)
    finally:
        target.dispose()
        if cleanup:
            admin, name = cleanup
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def test_backup_refuses_a_folder_with_files(filled, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x")
    with pytest.raises(BackupError, match="not empty"):
        backup(_db.engine, Path(filled.config["UPLOAD_FOLDER"]), tmp_path / "busy")


def test_the_commands(filled, runner, tmp_path):
    result = runner.invoke(args=["backup", "--to", str(tmp_path / "b")])
    assert result.exit_code == 0 and "backed up" in result.output, result.output
    result = runner.invoke(args=["restore", "--from", str(tmp_path / "b")])
    assert result.exit_code != 0 and "--force" in result.output

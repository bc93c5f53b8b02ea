"""Backup and restore of the whole register: the database and the uploaded files.

``flask --app register backup --to DIR`` writes into DIR (which must be empty or new):

- ``register.sqlite3`` (SQLite, through sqlite3's online backup API: consistent while the
  portal runs) or ``register.dump`` (PostgreSQL, ``pg_dump`` custom format: one consistent
  snapshot while the portal runs);
- ``uploads/``, a copy of every uploaded file;
- ``manifest.json``: when, from which schema revision, the row count of every table and the
  SHA-256 of every file, so that a restore can be checked.

``flask --app register restore --from DIR`` puts it back into the configured database and
upload folder, then checks the row counts and file hashes against the manifest. It refuses a
database that has rows, or an upload folder that has files, unless ``--force`` is given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import Engine, make_url

MANIFEST = "manifest.json"
SQLITE_FILE = "register.sqlite3"
PG_FILE = "register.dump"
UPLOADS = "uploads"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done, with the reason for the operator."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    dialect: str
    revision: str | None
    tables: dict[str, int]
    files: dict[str, str]

    def write(self, directory: Path) -> None:
        (directory / MANIFEST).write_text(json.dumps(self.__dict__, indent=2, sort_keys=True))

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        if not path.exists():
            raise BackupError(f"{directory} holds no {MANIFEST}: not a backup of the register")
        return cls(**json.loads(path.read_text()))


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (alembic's version table included)."""
    with engine.connect() as conn:
        names = sorted(inspect(conn).get_table_names())
        return {
            name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in names
        }


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by path relative to it."""
    hashes = {}
    if folder.exists():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hashes[path.relative_to(folder).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return hashes


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _libpq_url(engine: Engine) -> str:
    """The engine's URL as pg_dump and pg_restore take it."""
    url = make_url(engine.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore``: from PG_BIN_DIR when set, else the newest installed."""
    configured = os.environ.get("PG_BIN_DIR")
    candidates = [Path(configured) / name] if configured else []
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools)")
    return found


def _run(command: list[str]) -> None:
    # the command is ours: a PostgreSQL tool with our own arguments, no shell
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def backup(engine: Engine, upload_folder: Path, target: Path) -> Manifest:
    """Back up the database behind ``engine`` and ``upload_folder`` into ``target``."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: choose a new or empty folder")
    target.mkdir(parents=True, exist_ok=True)
    tables = table_counts(engine)
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine))
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
    elif engine.dialect.name == "postgresql":
        _run([_pg_tool("pg_dump"), "-Fc", "-f", str(target / PG_FILE), _libpq_url(engine)])
    else:
        raise BackupError(f"no backup for {engine.dialect.name}")
    if upload_folder.exists():
        shutil.copytree(upload_folder, target / UPLOADS)
    else:
        (target / UPLOADS).mkdir()
    manifest = Manifest(
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        dialect=engine.dialect.name,
        revision=_revision(engine),
        tables=tables,
        files=file_hashes(target / UPLOADS),
    )
    manifest.write(target)
    return manifest


def _has_rows(engine: Engine) -> bool:
    return any(count for name, count in table_counts(engine).items() if name != "alembic_version")


def restore(engine: Engine, upload_folder: Path, source: Path, force: bool = False) -> Manifest:
    """Restore the backup in ``source`` into ``engine``'s database and ``upload_folder``,
    then check every table's row count and every file's hash against its manifest."""
    manifest = Manifest.read(source)
    if manifest.dialect != engine.dialect.name:
        raise BackupError(
            f"the backup is of a {manifest.dialect} database, the target is {engine.dialect.name}"
        )
    if not force and _has_rows(engine):
        raise BackupError("the target database has data; give --force to replace it")
    if not force and upload_folder.exists() and any(upload_folder.iterdir()):
        raise BackupError(f"the upload folder {upload_folder} has files; give --force to replace")
    engine.dispose()
    if engine.dialect.name == "sqlite":
        source_db = sqlite3.connect(source / SQLITE_FILE)
        destination = sqlite3.connect(_sqlite_path(engine))
        try:
            with destination:
                source_db.backup(destination)
        finally:
            destination.close()
            source_db.close()
    else:
        with engine.begin() as conn:  # replace whatever is there: one clean schema
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "-d",
                _libpq_url(engine),
                str(source / PG_FILE),
            ]
        )
    if upload_folder.exists():
        shutil.rmtree(upload_folder)
    shutil.copytree(source / UPLOADS, upload_folder)
    restored = table_counts(engine)
    if restored != manifest.tables:
        differ = sorted(
            k
            for k in set(restored) | set(manifest.tables)
            if restored.get(k) != manifest.tables.get(k)
        )
        raise BackupError(f"restored row counts differ from the backup's in: {', '.join(differ)}")
    if file_hashes(upload_folder) != manifest.files:
        raise BackupError("restored files differ from the backup's")
    return manifest

"""A SQLite database file is used in write-ahead-log mode (register.extensions): readers do
not wait for a writer, so a page view does not fail on a lock while someone else commits."""

from __future__ import annotations

import threading

from sqlalchemy import create_engine, text

import register.extensions  # noqa: F401  (installs the connect hook on every engine)


def test_a_database_file_is_in_wal_mode_and_a_reader_does_not_wait_for_a_writer(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    with engine.begin() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    writer = engine.connect()
    writer.execute(text("BEGIN IMMEDIATE"))
    writer.execute(text("INSERT INTO t VALUES (2)"))  # holds the write lock, not committed
    seen: list[int] = []
    reader = threading.Thread(
        target=lambda: seen.append(
            engine.connect().execute(text("SELECT count(*) FROM t")).scalar()
        )
    )
    reader.start()
    reader.join(timeout=2)
    assert seen == [1]  # the last committed state, at once
    writer.rollback()
    writer.close()
    engine.dispose()


def test_an_in_memory_database_keeps_its_memory_journal():
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "memory"
    engine.dispose()

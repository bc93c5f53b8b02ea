"""Flask extensions, created unbound and bound to an app in ``create_app``."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from register.models.base import Base
from register.public_http import QuietLoginManager

db = SQLAlchemy(model_class=Base)
login_manager = QuietLoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """On SQLite: enforce foreign keys, fire delete triggers for the rows that ``INSERT OR
    REPLACE`` removes (so the append-only tables refuse it), and give each connection a 16 MB
    page cache (the public lookup reads a large table; memory-mapping it would count the
    file in every worker's resident memory). A database file is kept in write-ahead-log
    mode, so that readers never wait for a writer and a writer only for another writer: in
    the default rollback journal a reader and a committing writer lock each other out, and
    on a busy machine a page view could wait past the lock timeout and answer 503."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA recursive_triggers = ON")
        cursor.execute("PRAGMA cache_size = -16000")
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
        if mode not in ("wal", "memory"):  # a file database, not yet in WAL mode
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

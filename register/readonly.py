"""Public reads from a streaming replica, when one is configured (``DATABASE_READ_URL``).

Only views marked ``@public_read`` (the lookup pages, the registration page, the API's
reads and the bulk check) may read from the replica, and only for a visitor who is not
logged in: anything a person sees of their own data, and anything after a write, reads from
the primary. Without ``DATABASE_READ_URL`` every read goes to the primary.

``checked_at`` must stay truthful under replica lag: when a request reads from the replica,
its answer is dated by how far the replica has replayed the primary's changes, asked
*before* the data is read (so the data is at least that fresh), not by the clock. A replica
that lags more than ``DATABASE_READ_MAX_LAG`` seconds, or cannot be reached, is skipped for
that request and the primary answers.
"""

from __future__ import annotations

import datetime as dt
import functools

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from register.extensions import db
from register.public_http import carries_session

ENGINE_KEY = "register.read_engine"

# What the replica has replayed: the commit time of the last replayed transaction, or,
# when everything received has been replayed, the primary's clock when it sent the last
# message (so an idle primary does not make fresh data look old). Never later than now.
_FRESHNESS = text(
    """
    SELECT now() AS now, pg_is_in_recovery() AS in_recovery,
           pg_last_xact_replay_timestamp() AS replayed_at,
           pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AS caught_up,
           (SELECT last_msg_send_time FROM pg_stat_wal_receiver) AS sent_at
    """
)


def _replayed_at(row) -> dt.datetime | None:
    """How fresh the replica's data is, or None when that cannot be told."""
    known = [row.replayed_at] if row.replayed_at is not None else []
    if row.caught_up and row.sent_at is not None:
        known.append(row.sent_at)
    return min(max(known), row.now) if known else None


def public_read(view):
    """Mark ``view`` as a public, read-only path that the replica may answer."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.public_read = True
        return view(*args, **kwargs)

    return wrapper


def _anonymous_public_read() -> bool:
    """A view marked ``@public_read``, asked by nobody logged in."""
    if not has_request_context() or not g.get("public_read"):
        return False
    if carries_session():
        from flask_login import current_user

        if current_user.is_authenticated:
            return False
    return True


def connection():
    """The connection for this request's public reads: for an anonymous public read the
    replica's or else a connection of the primary's of its own, in autocommit on PostgreSQL
    (one round trip per statement: no BEGIN, no ROLLBACK; the request's ORM session is not
    even created); otherwise the session's."""
    if "_read_connection" in g:
        return g._read_connection or db.session.connection()
    g._read_connection = None
    if _anonymous_public_read():
        g._read_connection = open_public_read()
    return g._read_connection or db.session.connection()


def open_public_read():
    """A connection for an anonymous public read: the replica's when one is configured and
    fresh enough (its freshness noted for ``replica_checked_at``), else the primary's.
    ``connection`` opens it for a view marked ``@public_read``; the lean lookup
    (``register.api.lean``) opens it for its own answer, and closes it."""
    conn = _open_replica() if ENGINE_KEY in current_app.extensions else None
    return conn if conn is not None else _open_primary()


def _open_primary():
    """A connection of the primary's for reads only. On PostgreSQL it runs in autocommit
    when it is a connection of its own (the test suite hands out its one connection, already
    in the test's transaction: that one is left as it is)."""
    conn = db.engine.connect()
    if conn.dialect.name == "postgresql" and not conn.in_transaction():
        conn.execution_options(isolation_level="AUTOCOMMIT")
    return conn


def _open_replica():
    try:
        conn = current_app.extensions[ENGINE_KEY].connect()
        if conn.dialect.name != "postgresql":  # a copy for tests: as current as the primary
            g._read_checked_at = None
            return conn
        row = conn.execute(_FRESHNESS).one()
    except OperationalError as exc:
        current_app.logger.warning("replica unavailable, reading from the primary: %s", exc)
        return None
    replayed_at = _replayed_at(row)
    if row.in_recovery:
        max_lag = current_app.config.get("DATABASE_READ_MAX_LAG", 30)
        now = dt.datetime.now(dt.UTC)
        if replayed_at is None or (now - replayed_at).total_seconds() > max_lag:
            conn.close()
            return None
    else:  # a promoted replica is a primary: its data is current
        replayed_at = None
    g._read_checked_at = replayed_at
    return conn


def replica_checked_at() -> dt.datetime | None:
    """How fresh this answer's replica data is, or None when it read from the primary."""
    return g.get("_read_checked_at") if has_app_context() else None


def init_app(app) -> None:
    """Create the replica's engine (when configured); return its connection at the end of
    every request."""
    if app.config.get("DATABASE_READ_URL"):
        app.extensions[ENGINE_KEY] = create_engine(
            app.config["DATABASE_READ_URL"], **app.config.get("DATABASE_READ_ENGINE_OPTIONS", {})
        )

    @app.teardown_request
    def _close_read_connection(exc):
        conn = g.pop("_read_connection", None)
        if conn is not None:
            try:
                conn.close()
            except OperationalError:  # the replica went away: the pool replaces it
                app.logger.warning("replica went away while closing")

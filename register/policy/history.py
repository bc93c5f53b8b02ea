"""The policy history: every version of every policy file the register has run under, kept
with its content and hash (``policy_version``), so that a decision can be shown against the
exact rules it was made under.

``record_versions`` stores each loaded version the first time it is seen and refuses a file
whose content changed while its ``version`` stayed the same (``PolicyError`` naming the file,
``version`` and why). It runs at start-up (``record_at_startup``, when the table exists),
before every stored decision (in that decision's transaction) and in
``flask --app register policies history``. It is idempotent and safe with several processes:
the insert does nothing when another process stored the same version first.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from flask import Flask
from sqlalchemy import inspect, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from register.models.base import utcnow
from register.models.policies import PolicyVersion
from register.policy.loader import POLICY_FILES, Policies, PolicyError, parse_policy

log = logging.getLogger(__name__)

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def record_versions(connection, policies: Policies) -> None:
    """Store every policy version of ``policies`` not stored yet, on ``connection`` (a
    Connection or Session, in the caller's transaction). Raises ``PolicyError`` for a file
    whose stored content under the same version differs."""
    sources = list(policies.sources.items())
    if not sources:
        return
    dialect = getattr(connection, "dialect", None) or connection.get_bind().dialect
    insert = _INSERTS.get(dialect.name)
    rows = [
        {
            "policy": attr,
            "file": source.file,
            "version": source.version,
            "sha256": source.sha256,
            "content": source.content,
            "first_loaded_at": utcnow(),
        }
        for attr, source in sources
    ]
    stored = _stored(connection, sources)
    missing = [row for row in rows if (row["file"], row["version"]) not in stored]
    if missing:
        if insert is None:  # another database: insert one by one, as nothing else can race
            connection.execute(PolicyVersion.__table__.insert(), missing)
        else:
            statement = insert(PolicyVersion.__table__).on_conflict_do_nothing(
                index_elements=["file", "version"]
            )
            connection.execute(statement, missing)
        stored = _stored(connection, sources)
    for _attr, source in sources:
        sha256 = stored.get((source.file, source.version))
        if sha256 is not None and sha256 != source.sha256:
            raise PolicyError(
                source.file,
                "version",
                f"the content changed but the version is still {source.version!r}; "
                "give the changed file a new version (every version the register ran "
                f"under is kept: stored {sha256[:12]}, now {source.sha256[:12]})",
            )


def _stored(connection, sources) -> dict[tuple[str, str], str]:
    keys = [(source.file, source.version) for _attr, source in sources]
    table = PolicyVersion.__table__
    result = connection.execute(
        select(table.c.file, table.c.version, table.c.sha256).where(
            tuple_(table.c.file, table.c.version).in_(keys)
        )
    )
    return {(file, version): sha256 for file, version, sha256 in result}


def record_at_startup(app: Flask, policies: Policies) -> None:
    """Record the loaded versions when the app starts, if the database already has the
    table (before the first ``db upgrade`` it has not: then the first decision or
    ``policies history`` records them). A database that cannot be reached does not stop the
    start (the app answers 503 until it is back); a changed file under an old version does."""
    from register.extensions import db

    with app.app_context():
        try:
            with db.engine.begin() as connection:
                if inspect(connection).has_table(PolicyVersion.__tablename__):
                    record_versions(connection, policies)
        except DBAPIError as exc:
            log.warning("policy versions not recorded at start-up: %s", type(exc).__name__)


def history(session) -> list[PolicyVersion]:
    """Every stored version, by file and the moment it came into force."""
    return list(
        session.scalars(
            select(PolicyVersion).order_by(
                PolicyVersion.file, PolicyVersion.first_loaded_at, PolicyVersion.id
            )
        )
    )


def versions_in_force(session, versions: dict[str, str]) -> dict[str, PolicyVersion | None]:
    """The stored row of each ``{policy attribute: version}`` (None when not kept)."""
    if not versions:
        return {}
    rows = session.scalars(
        select(PolicyVersion).where(
            tuple_(PolicyVersion.policy, PolicyVersion.version).in_(list(versions.items()))
        )
    )
    found = {(row.policy, row.version): row for row in rows}
    return {attr: found.get((attr, version)) for attr, version in versions.items()}


@lru_cache(maxsize=64)
def _parse(attr: str, sha256: str, content: str):
    filename, schema = POLICY_FILES[attr]
    return parse_policy(filename, content, schema)


def policy_as_stored(row: PolicyVersion):
    """The validated policy object of a stored version (parsed once per content), or None
    when today's schema no longer reads it (the stored text is still shown as it was)."""
    try:
        return _parse(row.policy, row.sha256, row.content)
    except (KeyError, PolicyError):
        return None

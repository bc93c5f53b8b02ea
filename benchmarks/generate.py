"""A realistic register for benchmarks: ``python -m benchmarks.generate --size N --database-url U``.

Builds the schema as ``flask db upgrade`` does (so the benchmark measures the migrated schema
with its indexes), then bulk-loads ``N`` registrations with their status history: all tiers
and statuses in realistic proportions, valid numbers in the policy's format, Dutch-like
names with prefixes and diacritics, and the lookup's search keys when that module exists.
SQLite is filled by Core ``executemany`` in large batches with journalling off; PostgreSQL
by ``COPY``. Data are reproducible from the seed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from benchmarks.names import NamePicker
from register.domain.numbers import format_number
from register.models.base import UTCDateTime
from register.models.registrations import NumberSequence, Registration, RegistrationStatusChange

DEFAULT_SEED = 20261123
BATCH_SIZE = 50_000
SEQUENCE_NAME = "registration"  # as register.registrations.services uses it
#: share of each status; a young register where most registrants are current
STATUS_SHARES = {
    "active": 0.84,
    "grace": 0.01,
    "lapsed": 0.11,
    "suspended": 0.025,
    "struck_off": 0.015,
}
#: share of each tier code (by order in policies/tiers.yaml)
TIER_SHARES = (0.45, 0.40, 0.15)
WORK_REGIONS = (
    "Groningen",
    "Friesland",
    "Drenthe",
    "Overijssel",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
    "Flevoland",
)


@dataclass(frozen=True)
class GenerationResult:
    """What a generation produced and how long it took."""

    registrations: int
    history_rows: int
    seconds: float
    search_keys: bool


def _search_keys_function() -> Callable[[str, str, str], dict[str, str]] | None:
    """The lookup's ``search_keys`` when it exists (memoised: names repeat a lot)."""
    try:
        from register.domain.names import search_keys
    except ImportError:
        return None
    return lru_cache(maxsize=300_000)(search_keys)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class RowFactory:
    """Makes registration rows and their history rows from a seeded random generator."""

    def __init__(self, policies, today: dt.date, seed: int, columns: set[str]):
        self.rng = random.Random(seed)
        self.names = NamePicker(self.rng)
        self.policy = policies.registration
        self.tiers = [t.code for t in policies.tiers.tiers]
        self.tier_weights = list(TIER_SHARES[: len(self.tiers)])
        self.categories = sorted(self.policy.suspension_reason_categories)
        self.years = self.policy.validity_years
        self.today = today
        self.span = (today - _add_years(today, -self.years)).days
        self.keys = _search_keys_function()
        self.key_columns = columns
        self.statuses = list(STATUS_SHARES)
        self.cum_status = []
        total = 0.0
        for share in STATUS_SHARES.values():
            total += share
            self.cum_status.append(total)

    def _moment(self, day: dt.date) -> dt.datetime:
        minutes = self.rng.randrange(8 * 60, 17 * 60)
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60, tzinfo=dt.UTC))

    def registration(self, seq: int, history_id: int) -> tuple[dict, list[dict]]:
        """One registration (id = sequence) and its history rows (ids from ``history_id``)."""
        rng, version = self.rng, self.policy.version
        status = rng.choices(self.statuses, cum_weights=self.cum_status)[0]
        if status == "lapsed":
            valid_until = self.today - dt.timedelta(days=rng.randrange(1, 3 * 365))
            valid_from = _add_years(valid_until, -self.years)
        elif status == "grace":  # past the end date, a renewal waiting for its decision
            valid_until = self.today - dt.timedelta(days=rng.randrange(1, 60))
            valid_from = _add_years(valid_until, -self.years)
        else:
            valid_from = self.today - dt.timedelta(days=rng.randrange(0, self.span - 1))
            valid_until = _add_years(valid_from, self.years)
        created = self._moment(valid_from)
        renewed = status == "active" and rng.random() < 0.15
        if renewed:
            created = self._moment(_add_years(valid_from, -self.years))
        prefix, surname = self.names.surname()
        given = self.names.given_names()
        region = rng.choice(WORK_REGIONS) if rng.random() < 0.8 else None
        history = [
            dict(
                id=history_id,
                registration_id=seq,
                action=None,
                from_status=None,
                to_status="active",
                reason=None,
                reason_category=None,
                ends_on=None,
                at=created,
                by_id=None,
                policy_version=version,
            )
        ]
        since = created
        if renewed:
            since = self._moment(valid_from)
            history.append(self._change(history_id + 1, seq, "renew", "active", "active", since))
        elif status == "lapsed":
            since = dt.datetime.combine(valid_until, dt.time(2, 0, tzinfo=dt.UTC))
            history.append(self._change(history_id + 1, seq, "lapse", "active", "lapsed", since))
        elif status == "grace":
            since = dt.datetime.combine(valid_until, dt.time(2, 0, tzinfo=dt.UTC))
            history.append(
                self._change(history_id + 1, seq, "enter_grace", "active", "grace", since)
            )
        elif status in ("suspended", "struck_off"):
            days = max(1, (self.today - valid_from).days)
            since = self._moment(valid_from + dt.timedelta(days=rng.randrange(0, days)))
            action = "suspend" if status == "suspended" else "strike_off"
            change = self._change(history_id + 1, seq, action, "active", status, since)
            change["reason"] = "Benchmark: internal reason, never shown publicly."
            if status == "suspended":
                change["reason_category"] = rng.choice(self.categories)
                if rng.random() < 0.7:
                    change["ends_on"] = since.date() + dt.timedelta(days=rng.randrange(30, 366))
            history.append(change)
        row = dict(
            id=seq,
            number=format_number(self.policy.number, seq),
            sequence=seq,
            user_id=None,
            application_id=None,
            given_names=given,
            surname_prefix=prefix,
            surname=surname,
            tier=rng.choices(self.tiers, weights=self.tier_weights)[0],
            status=status,
            status_since=since,
            valid_from=valid_from,
            valid_until=valid_until,
            work_region=region,
            show_work_region=region is not None and rng.random() < 0.3,
            policy_version=version,
            created_at=created,
            version=1,
        )
        if self.keys is not None:
            keys = self.keys(given, prefix, surname)
            row.update({k: v for k, v in keys.items() if k in self.key_columns})
        return row, history

    def _change(self, hid, seq, action, before, after, at) -> dict:
        return dict(
            id=hid,
            registration_id=seq,
            action=action,
            from_status=before,
            to_status=after,
            reason=None,
            reason_category=None,
            ends_on=None,
            at=at,
            by_id=None,
            policy_version=self.policy.version,
        )

    def batches(self, size: int, batch: int) -> Iterator[tuple[list[dict], list[dict]]]:
        """Rows in batches of ``batch`` registrations."""
        history_id = 1
        for start in range(1, size + 1, batch):
            regs: list[dict] = []
            hist: list[dict] = []
            for seq in range(start, min(start + batch, size + 1)):
                row, rows = self.registration(seq, history_id)
                history_id += len(rows)
                regs.append(row)
                hist.extend(rows)
            yield regs, hist


def _copy(conn: Connection, table, rows: list[dict]) -> None:
    """Load ``rows`` into ``table`` with PostgreSQL ``COPY`` (psycopg 3)."""
    columns = list(rows[0])
    naive = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, UTCDateTime)]
    raw = conn.connection.driver_connection
    quoted = ", ".join(f'"{c}"' for c in columns)
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            values = [row[c] for c in columns]
            for i in naive:  # UTC columns are stored naive (see UTCDateTime)
                if values[i] is not None:
                    values[i] = values[i].replace(tzinfo=None)
            copy.write_row(values)


_INDEX_SQL = {
    "sqlite": "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
    "AND tbl_name IN ('registration', 'registration_status_change')",
    "postgresql": "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
    "('registration', 'registration_status_change') AND indexname NOT IN "
    "(SELECT conname FROM pg_constraint)",
}


@contextlib.contextmanager
def _indexes_deferred(conn: Connection) -> Iterator[None]:
    """Drop the plain indexes of the two loaded tables and rebuild them afterwards from their
    own definitions (a bulk build is much faster than row-by-row upkeep); the schema ends up
    exactly as migrated. On PostgreSQL, foreign-key triggers are skipped during the load when
    allowed (the rows are consistent by construction)."""
    query = _INDEX_SQL.get(conn.dialect.name)
    indexes = conn.execute(text(query)).all() if query else []
    for name, _ in indexes:
        conn.execute(text(f'DROP INDEX "{name}"'))
    replica = False
    if conn.dialect.name == "postgresql":
        with contextlib.suppress(DBAPIError), conn.begin_nested():
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            replica = True
    yield
    if replica:
        conn.execute(text("SET LOCAL session_replication_role = origin"))
    for _, sql in indexes:
        conn.execute(text(sql))


def fill(
    conn: Connection,
    policies,
    size: int,
    *,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    batch: int = BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> GenerationResult:
    """Insert ``size`` registrations with history into an empty register schema on ``conn``.

    The caller owns the transaction (commit afterwards)."""
    started = time.perf_counter()
    existing = conn.scalar(select(func.count()).select_from(Registration.__table__))
    if existing:
        raise RuntimeError(f"the database already holds {existing} registrations")
    dialect = conn.dialect.name
    columns = {c["name"] for c in inspect(conn).get_columns("registration")}
    factory = RowFactory(policies, today or dt.date.today(), seed, columns)
    reg_table, hist_table = Registration.__table__, RegistrationStatusChange.__table__
    history_rows = 0
    with _indexes_deferred(conn):
        for regs, hist in factory.batches(size, batch):
            if dialect == "postgresql":
                _copy(conn, reg_table, regs)
                _copy(conn, hist_table, hist)
            else:
                conn.execute(reg_table.insert(), regs)
                conn.execute(hist_table.insert(), hist)
            history_rows += len(hist)
            if progress:
                progress(
                    f"  {regs[-1]['sequence']:>9,} registrations "
                    f"({time.perf_counter() - started:.1f} s)"
                )
        if progress:
            progress("  rebuilding indexes")
    seq_table = NumberSequence.__table__
    conn.execute(seq_table.delete().where(seq_table.c.name == SEQUENCE_NAME))
    conn.execute(seq_table.insert(), [{"name": SEQUENCE_NAME, "next_value": size + 1}])
    if dialect == "postgresql":
        for table in ("registration", "registration_status_change"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            )
    conn.execute(text("ANALYZE"))
    return GenerationResult(
        size, history_rows, time.perf_counter() - started, factory.keys is not None
    )


def create_schema(app) -> str:
    """Build the schema with the Alembic migrations (``flask db upgrade``). Returns
    ``"migrations"``, or ``"models"`` when the migrations lag behind the models (the lead
    regenerates them): then the tables are rebuilt with ``create_all`` and a warning says so."""
    import flask_migrate

    from register import init_migrations
    from register.extensions import db

    if "migrate" not in app.extensions:
        init_migrations(app)
    with app.app_context():
        flask_migrate.upgrade()
        have = {c["name"] for c in inspect(db.engine).get_columns("registration")}
        missing = sorted({c.name for c in Registration.__table__.columns} - have)
        if not missing:
            return "migrations"
        print(
            f"WARNING: the migrations lack registration columns {missing}; building the "
            "schema from the models instead (indexes as the models declare them).",
            file=sys.stderr,
        )
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        return "models"


def generate(
    database_url: str,
    size: int,
    *,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = print,
) -> tuple[GenerationResult, str]:
    """Create the schema at ``database_url`` and fill it; returns the result and the schema
    source ("migrations" or "models")."""
    from register import create_app
    from register.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "MAIL_BACKEND": "memory"})
    schema = create_schema(app)
    with app.app_context():
        with db.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA journal_mode=OFF")
                conn.exec_driver_sql("PRAGMA synchronous=OFF")
                conn.exec_driver_sql("PRAGMA cache_size=-262144")
            result = fill(conn, app.extensions["policies"], size, seed=seed, progress=progress)
        if db.engine.dialect.name == "sqlite":
            with db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
        else:
            # What autovacuum does soon after a bulk load in production: set the visibility
            # map, so that searches can answer from the index alone.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE registration")
        db.engine.dispose()
    return result, schema


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.generate --size N --database-url URL``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True, help="number of registrations")
    parser.add_argument(
        "--database-url", required=True, help="an empty database, e.g. sqlite:////tmp/bench.sqlite3"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    result, schema = generate(args.database_url, args.size, seed=args.seed)
    print(
        f"{result.registrations:,} registrations and {result.history_rows:,} history rows "
        f"in {result.seconds:.1f} s (schema from {schema}; search keys "
        f"{'filled' if result.search_keys else 'not available'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

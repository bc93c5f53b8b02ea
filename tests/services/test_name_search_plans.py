"""Name search reads indexes only: every statement of every common query shape is answered
from one of the name-search indexes alone (SQLite: COVERING INDEX; PostgreSQL: Index Only
Scan), so a common name costs index entries for one page, not table rows for every match."""

import pytest
from sqlalchemy import text

from register.domain.names import parse_query
from register.lookup import name_search
from tests.lookup_support import add_registration

SHAPES = ["Berg", "Di", "van Berg", "Berg, Jan", "Jan Berg", "Jan van Berg", "Jan Piet Berg"]


def _plan_lines(conn, statement, params) -> list[str]:
    compiled = statement.compile(dialect=conn.dialect)
    values = {**compiled.params, **params}
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql("EXPLAIN (COSTS OFF) " + compiled.string, values)
        return [row[0] for row in rows]
    positional = tuple(values[name] for name in compiled.positiontup)
    return [
        row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + compiled.string, positional)
    ]


@pytest.mark.parametrize("query", SHAPES)
def test_every_statement_reads_a_name_index_alone(db, policies, query):
    for given, surname in (("Jan Piet", "Berg"), ("Anna", "van Berg"), ("Kees", "Dijk")):
        add_registration(policies, given=given, surname=surname, commit=False)
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":  # as on a large table: no sequential scans
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        conn.execute(text("SET LOCAL enable_bitmapscan = off"))
    shape, params = name_search.shape_and_params(parse_query(query), None, None)
    plan = name_search.plan(shape)
    values = {**params, "lim": 20, "cap": name_search.TOTAL_CAP + 1}
    for statement in (plan.counted, plan.counted_first, plan.everything, *plan.ranked):
        lines = _plan_lines(conn, statement, values)
        reads = [
            line
            for line in lines
            if "registration" in line and ("SCAN" in line.upper() or "SEARCH" in line)
        ]
        assert reads, lines
        for line in reads:
            if conn.dialect.name == "postgresql":
                assert "Index Only Scan using ix_registration_name_search" in line, lines
            else:
                assert "COVERING INDEX ix_registration_name_search" in line, lines

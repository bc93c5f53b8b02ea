"""In-process timing of the public lookup's service calls, per query class, with the query
plans: ``python -m benchmarks.inprocess --database-url URL [--queries 700] [--explain]``.

No HTTP, no gunicorn: one process calls ``search_registrations`` (and ``get_registration``)
inside a request context, so the figures are the database work and the Python around it,
unaffected by queueing. Used to prove that name search costs follow the page, not the
number of matches, at every size and on both databases; ``benchmarks.run`` records it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time

from benchmarks.load import percentile
from benchmarks.names import classified_search_queries, more_search_queries


def _explain_sql(conn, statement, params) -> list[str]:
    compiled = statement.compile(dialect=conn.dialect, compile_kwargs={})
    sql = str(compiled)
    values = {**compiled.params, **params}
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, values
        )
        return [row[0] for row in rows]
    positional = tuple(values[name] for name in compiled.positiontup)
    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, positional)
    return [row[-1] for row in rows]


def explain(app, query: str) -> dict:
    """The plans of the statements a name search for ``query`` runs."""
    from register.domain.names import parse_query
    from register.lookup import name_search

    parsed = parse_query(query)
    shape, params = name_search.shape_and_params(parsed, None, None)
    plan = name_search.plan(shape)
    with app.test_request_context("/"):
        from register.extensions import db

        conn = db.session.connection()
        return {
            "query": query,
            "first relevance class": _explain_sql(conn, plan.ranked[0], {**params, "lim": 20}),
            "capped count": _explain_sql(
                conn, plan.counted, {**params, "cap": name_search.TOTAL_CAP + 1}
            ),
        }


def measure(database_url: str, count: int, seed: int = 7, rounds: int = 2) -> dict:
    """Per query class: p50, p95 and max in ms over ``count`` queries (after a warm-up)."""
    from register import create_app
    from register.lookup.services import search_registrations

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "MAIL_BACKEND": "memory", "TESTING": False}
    )
    queries = classified_search_queries(random.Random(seed), count)
    queries += more_search_queries(random.Random(seed + 1), count * 4 // 7)
    times: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    with app.app_context():
        from register.extensions import db

        for round_no in range(rounds):
            for cls, query in queries:
                with app.test_request_context("/search"):
                    start = time.perf_counter()
                    page = search_registrations(query)
                    elapsed = (time.perf_counter() - start) * 1000
                    db.session.remove()
                if round_no == rounds - 1:  # the first round warms the caches
                    times.setdefault(cls, []).append(elapsed)
                    totals.setdefault(cls, []).append(page.total)
    every = [t for values in times.values() for t in values]
    result = {
        "queries": count,
        "all": _summary(every),
        "classes": {
            cls: {**_summary(values), "median total": statistics.median(totals[cls])}
            for cls, values in sorted(times.items())
        },
    }
    result["plans"] = [explain(app, q) for q in ("Berg", "van den Berg", "Jan Jansen", "Bakk")]
    with app.app_context():
        db.engine.dispose()
    return result


def _summary(values: list[float]) -> dict:
    return {
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "max": round(max(values), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--queries", type=int, default=700)
    parser.add_argument("--explain", action="store_true", help="print the query plans too")
    args = parser.parse_args(argv)
    result = measure(args.database_url, args.queries)
    plans = result.pop("plans")
    print(json.dumps(result, indent=2))
    if args.explain:
        for item in plans:
            print(f"\n== {item['query']}")
            for name in ("first relevance class", "capped count"):
                print(f"-- {name}")
                print("\n".join(item[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

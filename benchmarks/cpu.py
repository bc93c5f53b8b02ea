"""Worker CPU per request of the public read paths, in one process, with profiles:
``python -m benchmarks.cpu --database-url URL [--requests 2000] [--profile lookup]``.

No HTTP server and no test client: the WSGI application is called directly with prepared
requests, as gunicorn's sync worker would call it, and the process's CPU time
(``time.process_time``) is divided by the requests. Unlike latency, CPU time per request
hardly changes when other work loads the machine, so it is the figure to compare before
and after a change. The bare Flask hello (``benchmarks/hello.py``) is measured the same way
as the baseline. Per path it also counts the SQL statements one request runs, and prints
the worker's resident memory after start and after the load. ``--profile PATH`` prints the
top functions of that path by cumulative and by own time (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

KEYGEN = "from register.credentials.keys import generated_key_set; print(generated_key_set())"
PATHS = ("hello", "lookup", "page", "search", "html-search", "bulk")


def rss_mb() -> float:
    """This process's resident memory (VmRSS) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _environs(kind: str, size: int, rng: random.Random, count: int) -> list[dict]:
    """Prepared WSGI environs for ``kind``: the benchmark's own numbers and queries."""
    from werkzeug.test import EnvironBuilder

    from benchmarks.names import classified_search_queries
    from benchmarks.run import _numbers, bulk_numbers

    if kind == "bulk":
        numbers = bulk_numbers(size, rng)
        return [
            EnvironBuilder(
                path="/api/v1/verifications", method="POST", json={"numbers": numbers}
            ).get_environ()
        ]
    if kind == "hello":
        paths = ["/"]
    elif kind in ("lookup", "page"):
        prefix = "/api/v1/registrations/" if kind == "lookup" else "/registrations/"
        paths = [prefix + n for n in _numbers(size, min(count, 2000), rng)]
    else:
        queries = [q for _, q in classified_search_queries(rng, min(count, 2000))]
        prefix = "/api/v1/registrations?name=" if kind == "search" else "/search?q="
        paths = [prefix + urllib.parse.quote(q) for q in queries]
    environs = []
    for path in paths:
        route, _, query = path.partition("?")
        environs.append(EnvironBuilder(path=route, query_string=query, method="GET").get_environ())
    return environs


def _call(app, environ: dict) -> int:
    """One request through the WSGI app, its body read to the end; returns the status."""
    env = dict(environ)
    if "wsgi.input" in environ and environ.get("CONTENT_LENGTH"):
        stream = environ["wsgi.input"]
        stream.seek(0)
        env["wsgi.input"] = io.BytesIO(stream.read())
        stream.seek(0)
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(int(line.split(" ", 1)[0]))

    body = app(env, start_response)
    try:
        for _ in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return status[0]


class StatementCounter:
    """Counts the SQL statements sent through SQLAlchemy while it is on."""

    def __init__(self):
        self.count = 0
        self.on = False

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if self.on:
            self.count += 1


def make_app(database_url: str):
    """The register as gunicorn serves it in the benchmark (production, no rate limits)."""
    os.environ.setdefault("REGISTER_ENV", "production")
    from register import create_app

    # made in another process, as benchmarks.run does: generating a key loads cryptography,
    # which a worker that never signs a credential does not hold
    keys = subprocess.run(
        [sys.executable, "-c", KEYGEN], capture_output=True, text=True, check=True
    ).stdout.strip()
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "benchmark-only-secret-key",
            "CREDENTIAL_KEYS": keys,
            "RATELIMIT_ENABLED": False,
            "MAIL_BACKEND": "memory",
        }
    )


def measure(app, environs: list[dict], count: int, counter: StatementCounter, rounds: int) -> dict:
    """CPU ms per request over ``count`` requests, in ``rounds`` rounds after one warm-up
    pass (the lowest round and the median: a busy machine only ever adds), statements per
    request and the answers' statuses."""
    for environ in environs[: min(len(environs), 200)]:
        _call(app, environ)
    statuses: dict[int, int] = {}
    cpu_rounds, wall_rounds = [], []
    counter.count, counter.on = 0, True
    for _ in range(rounds):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        for i in range(count):
            code = _call(app, environs[i % len(environs)])
            statuses[code] = statuses.get(code, 0) + 1
        cpu_rounds.append(1000 * (time.process_time() - start_cpu) / count)
        wall_rounds.append(1000 * (time.perf_counter() - start_wall) / count)
    counter.on = False
    return {
        "requests": count * rounds,
        "cpu_ms": round(min(cpu_rounds), 3),
        "cpu_ms_median": round(statistics.median(cpu_rounds), 3),
        "wall_ms": round(min(wall_rounds), 3),
        "statements": round(counter.count / (count * rounds), 2),
        "statuses": statuses,
    }


def profile(app, environs: list[dict], count: int, top: int) -> str:
    """The top functions of ``count`` requests, by cumulative and by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(count):
        _call(app, environs[i % len(environs)])
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--size", type=int, default=10_000, help="registrations in the database")
    parser.add_argument("--requests", type=int, default=2000, help="requests per path")
    parser.add_argument("--bulk", type=int, default=5, help="bulk checks of 10,000 numbers")
    parser.add_argument("--paths", default=",".join(PATHS))
    parser.add_argument("--profile", choices=PATHS, help="print a profile of this path")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per path (lowest kept)")
    args = parser.parse_args(argv)

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from benchmarks.hello import app as hello_app

    started = rss_mb()
    app = make_app(args.database_url)
    counter = StatementCounter()
    event.listen(Engine, "before_cursor_execute", counter)
    result = {"rss_mb": {"before_app": round(started, 1), "after_create_app": round(rss_mb(), 1)}}
    rng = random.Random(args.seed)
    for kind in [p for p in args.paths.split(",") if p]:
        target = hello_app if kind == "hello" else app
        count = args.bulk if kind == "bulk" else args.requests
        environs = _environs(kind, args.size, rng, args.requests)
        if args.profile == kind:
            print(profile(target, environs, count, args.top), file=sys.stderr)
        result[kind] = measure(target, environs, count, counter, args.rounds)
        print(f"{kind}: {json.dumps(result[kind])}", file=sys.stderr, flush=True)
    result["rss_mb"]["after_load"] = round(rss_mb(), 1)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

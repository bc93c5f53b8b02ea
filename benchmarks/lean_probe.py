"""The lookup by number through the portal and through the lean lookup, measured side by
side: ``python -m benchmarks.lean_probe --database-url URL [--requests 2000] [--rounds 3]``.

Three WSGI callables answer ``GET /api/v1/registrations/<number>`` with the same numbers,
each measured as ``benchmarks.cpu`` measures (CPU time per request, in one process, the
lowest of the rounds), beside the bare Flask hello:

- ``portal``: the register with ``LEAN_LOOKUP`` off: Flask's request cycle, every hook;
- ``lean``: the register as it serves (``register/api/lean.py``): the same service, answer
  builder, answer check, rate limit and headers, without the request cycle;
- ``statement``: the lookup's one statement alone, on a connection held open, its rows
  fetched: the floor any lookup pays for its data through SQLAlchemy.

The figures go into ``benchmarks/analysis.md`` ("What stands in the way").
"""

from __future__ import annotations

import argparse
import json
import random
import sys

from benchmarks.cpu import StatementCounter, _environs, make_app, measure


def with_lean_lookup(register, on: bool):
    """The register's WSGI application with the lean lookup on or off."""

    def app(environ, start_response):
        register.config["LEAN_LOOKUP"] = on
        return register(environ, start_response)

    return app


def statement_only(portal):
    """The lookup's statement on a connection held open (see the module docstring)."""
    from register.extensions import db
    from register.lookup import services

    prefix = "/api/v1/registrations/"
    with portal.app_context():
        connection = db.engine.connect()

    def app(environ, start_response):
        number = environ["PATH_INFO"][len(prefix) :]
        rows = services._run(connection, services._BY_NUMBER, {"number": number}).all()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [str(len(rows)).encode()]

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--size", type=int, default=10_000, help="registrations in the database")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from benchmarks.hello import app as hello_app

    portal = make_app(args.database_url)
    counter = StatementCounter()
    lookups = _environs("lookup", args.size, random.Random(args.seed), args.requests)
    hellos = _environs("hello", args.size, random.Random(args.seed), args.requests)
    targets = {
        "hello": (hello_app, hellos),
        "portal": (with_lean_lookup(portal, False), lookups),
        "lean": (with_lean_lookup(portal, True), lookups),
        "statement": (statement_only(portal), lookups),
    }
    result = {}
    for _ in range(args.rounds):  # interleaved: a busy moment touches every target alike
        for name, (app, environs) in targets.items():
            found = measure(app, environs, args.requests, counter, 1)
            result.setdefault(name, []).append(found["cpu_ms"])
            if name != "hello" and set(found["statuses"]) != {200}:
                raise SystemExit(f"{name}: unexpected statuses {found['statuses']}")
    summary = {
        name: {
            "cpu_ms_lowest": min(v),
            "cpu_ms_rounds": v,
            "hellos": round(min(v) / min(result["hello"]), 1),
        }
        for name, v in result.items()
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

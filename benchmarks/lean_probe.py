"""What a lean app under ``/api`` could save on the lookup, measured before building one:
``python -m benchmarks.lean_probe --database-url URL [--requests 2000] [--rounds 3]``.

Three WSGI callables answer ``GET /api/v1/registrations/<number>`` with the same numbers,
each measured as ``benchmarks.cpu`` measures (CPU time per request, in one process, the
lowest of the rounds), beside the bare Flask hello:

- ``portal``: the register as it serves today (Flask, every hook);
- ``lean``: no Flask request at all: per request the portal's app context, a connection of
  its own, the same service (``lookup.services.get_registration``), the same answer
  builder (``lookup.public.detail_json``) and ``json.dumps``; what a lean app mounted with
  werkzeug's ``DispatcherMiddleware`` would do at the least, before routing, rate limits,
  the answer check and the headers;
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


def lean_lookup(portal):
    """The lookup without Flask's request handling (see the module docstring)."""
    from flask import g

    from register.extensions import db
    from register.lookup import services
    from register.lookup.public import detail_json
    from register.policy import current_policies

    prefix = "/api/v1/registrations/"

    def app(environ, start_response):
        number = environ["PATH_INFO"][len(prefix) :]
        with portal.app_context():
            g._read_connection = connection = db.engine.connect()
            try:
                reg = services.get_registration(number)
                if reg is None:
                    start_response("404 Not Found", [("Content-Type", "application/json")])
                    return [b"{}"]
                body = detail_json(reg, current_policies(), "nl", services.today())
                data = json.dumps(
                    {"checked_at": services.checked_at().isoformat(), **body}
                ).encode()
            finally:
                connection.close()
        start_response(
            "200 OK",
            [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
        )
        return [data]

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
    # outside a request, the answer's own address needs the host from the configuration
    # (a lean app would take it from its request); the portal is measured with it too
    portal.config["SERVER_NAME"] = "localhost"
    counter = StatementCounter()
    lookups = _environs("lookup", args.size, random.Random(args.seed), args.requests)
    hellos = _environs("hello", args.size, random.Random(args.seed), args.requests)
    targets = {
        "hello": (hello_app, hellos),
        "portal": (portal, lookups),
        "lean": (lean_lookup(portal), lookups),
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

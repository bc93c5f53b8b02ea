"""The HTML search page's share of the API search (issue 15: at least 0.7), in one process:
``python -m benchmarks.html_share --database-url URL [--requests 300] [--rounds 5]``.

``benchmarks.cpu`` measures one path after another, so on a shared machine a busy moment
falls on one path and not the other. Here the API search (``GET /api/v1/registrations?name=``)
and the HTML page (``GET /search?q=``) take turns, round by round, with the same queries
(``benchmarks.names``), each request through the WSGI application as a gunicorn sync worker
would call it, and each path's CPU time per request is the lowest of its rounds. The share is
the API's CPU per request over the page's (the page may cost at most 1/0.7 of the API), both
from the lowest rounds and as the median of the rounds' own shares.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time

from benchmarks.cpu import _call, _environs, make_app

PATHS = {"api": "search", "html": "html-search"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--size", type=int, default=10_000, help="registrations in the database")
    parser.add_argument("--requests", type=int, default=300, help="requests per path and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    app = make_app(args.database_url)
    environs = {
        name: _environs(kind, args.size, random.Random(args.seed), args.requests)
        for name, kind in PATHS.items()
    }
    for batch in environs.values():  # warm up: query shapes, templates, kept fragments
        for environ in batch[: min(len(batch), 200)]:
            _call(app, environ)
    cpu: dict[str, list[float]] = {name: [] for name in PATHS}
    statuses: dict[str, dict[int, int]] = {name: {} for name in PATHS}
    for turn in range(args.rounds):
        order = list(PATHS) if turn % 2 == 0 else list(reversed(PATHS))
        for name in order:
            batch = environs[name]
            start = time.process_time()
            for i in range(args.requests):
                code = _call(app, batch[i % len(batch)])
                statuses[name][code] = statuses[name].get(code, 0) + 1
            cpu[name].append(1000 * (time.process_time() - start) / args.requests)
    result = {
        "requests_per_round": args.requests,
        "rounds": args.rounds,
        "cpu_ms": {name: round(min(values), 3) for name, values in cpu.items()},
        "cpu_ms_rounds": {name: [round(v, 3) for v in values] for name, values in cpu.items()},
        "share": round(min(cpu["api"]) / min(cpu["html"]), 3),
        "share_median_of_rounds": round(
            statistics.median(a / h for a, h in zip(cpu["api"], cpu["html"], strict=True)), 3
        ),
        "statuses": statuses,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

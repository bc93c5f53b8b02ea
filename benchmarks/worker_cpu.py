"""Worker CPU per request under gunicorn, the lean lookup against the portal:
``python -m benchmarks.worker_cpu --database-url URL [--size N] [--rounds 3] [--duration 4]``.

Three gunicorn servers (2 sync workers each, as ``benchmarks.run`` starts them): the bare
Flask hello, the register as it serves (the lean lookup on) and the register with
``LEAN_LOOKUP=0`` (every lookup through the portal's request cycle). Each is loaded with wrk
in turns, round after round, cycling through the same 2,000 real numbers; the figure is the
workers' user + system CPU time (from /proc) during the run divided by the requests wrk
made. Throughput and latency depend on what else the machine runs; CPU per request hardly
does, which is why this is the figure to compare the two paths by on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.load import run_wrk
from benchmarks.run import _numbers, _server_env
from benchmarks.serve import gunicorn


def workers_cpu_seconds(server) -> float:
    """User + system CPU seconds of the server's worker processes so far."""
    children = subprocess.run(
        ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--size", type=int, default=10_000, help="registrations in the database")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=4.0, help="seconds per wrk run")
    args = parser.parse_args(argv)

    numbers = _numbers(args.size, 2000, random.Random(7))
    lookups = ["/api/v1/registrations/" + number for number in numbers]
    env = _server_env(args.database_url)
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with (
            gunicorn("benchmarks.hello:app", env, workdir) as hello,
            gunicorn("register:create_app()", env, workdir) as lean,
            gunicorn("register:create_app()", {**env, "LEAN_LOOKUP": "0"}, workdir) as portal,
        ):
            targets = (
                ("hello", hello, ["/"]),
                ("lean", lean, lookups),
                ("portal", portal, lookups),
            )
            for round_number in range(1, args.rounds + 1):
                for name, server, paths in targets:
                    run_wrk(name, server.base_url, paths, workdir, duration=1)  # warm-up
                    before = workers_cpu_seconds(server)
                    load = run_wrk(name, server.base_url, paths, workdir, duration=args.duration)
                    spent = workers_cpu_seconds(server) - before
                    per_request = 1000 * spent / max(1, load.rps * args.duration)
                    results.setdefault(name, []).append(per_request)
                    print(
                        f"round {round_number} {name:6} {load.rps:7.0f} req/s, worker CPU "
                        f"{per_request:.3f} ms/request, load {os.getloadavg()[0]:.1f}",
                        flush=True,
                    )
    for name, values in results.items():
        print(f"{name:6} lowest {min(values):.3f} ms, rounds {[round(v, 3) for v in values]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

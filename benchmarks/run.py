"""The benchmark driver: ``python -m benchmarks.run [--quick] [--sizes ...] [--databases ...]
[--rounds 3] [--duration 5] [--soak 600]``.

For each database and size it generates (or reuses) a register and serves it with gunicorn
(2 sync workers on 127.0.0.1, production settings, rate limits off) next to two baselines
under the same settings, a bare Flask "hello" and a bare WSGI "hello". Each round loads, with
wrk for a bounded time, the Flask hello, the lookup by number, the WSGI hello, the name search
(API), the HTML search page, then times the bulk check: the baselines interleaved with the
targets, so that a busy moment on the machine touches both. Three rounds by default; the
report gives medians and spreads, the machine's load per round, and a verdict per target
(``benchmarks/report.py``). ``--soak SECONDS`` adds a mixed run (lookups, searches and bulk
checks) on the largest size that counts server errors and samples worker memory. Raw results
go to ``benchmarks/data/results.json``; the report to ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks import cache, report
from benchmarks.generate import DEFAULT_SEED, generate
from benchmarks.load import percentile, run_wrk, time_bulk
from benchmarks.names import classified_search_queries
from benchmarks.serve import ROOT, gunicorn, postgres_bin, postgres_cluster
from register.credentials.keys import generated_key_set

DATA_DIR = ROOT / "benchmarks" / "data"
ANALYSIS = ROOT / "benchmarks" / "analysis.md"
SAMPLE = 2000  # distinct numbers / queries each wrk run cycles through


def _policy_number_format():
    from config import Config
    from register.policy.loader import load_policies

    return load_policies(Config.POLICY_DIR).registration.number


def _numbers(size: int, count: int, rng: random.Random) -> list[str]:
    from register.domain.numbers import format_number

    fmt = _policy_number_format()
    return [format_number(fmt, s) for s in rng.sample(range(1, size + 1), min(count, size))]


def bulk_numbers(size: int, rng: random.Random, total: int = 10_000) -> list[str]:
    """What an employer uploads: mostly real numbers, some typed loosely, some unknown,
    some malformed (a wrong check digit or a truncated number)."""
    from register.domain.numbers import format_number

    fmt = _policy_number_format()
    real = _numbers(size, int(total * 0.95), rng)
    loose = [n.lower().replace("-", " ") for n in real[: int(total * 0.05)]]
    unknown = [format_number(fmt, size + i + 1) for i in range(int(total * 0.03))]
    malformed = [n[:-1] + str((int(n[-1]) + 1) % 10) for n in real[-int(total * 0.01) :]]
    malformed += [n[:-3] for n in real[-int(total * 0.02) : -int(total * 0.01)]]
    numbers = real[: total - len(unknown) - len(malformed)] + unknown + malformed
    numbers[: len(loose)] = loose
    rng.shuffle(numbers)
    return numbers[:total]


def _database_url(
    kind: str, size: int, cluster, seed: int, regenerate: bool
) -> tuple[str, dict, str]:
    """A filled database for ``size``: the cached SQLite file or a new PostgreSQL database.
    Returns the URL, how it was generated (seconds, cached, load average) and the schema
    source."""
    if kind == "sqlite":
        path = DATA_DIR / f"register-{size}.sqlite3"
        url = f"sqlite:///{path}"
        meta = cache.load(path, size, seed)
        if meta and not regenerate:
            return (
                url,
                {"seconds": meta["seconds"], "cached": True, "loadavg": meta.get("loadavg")},
                meta["schema"],
            )
        path.unlink(missing_ok=True)
        print(f"generating {size:,} registrations into {path.name}", flush=True)
        load = os.getloadavg()[0]
        result, schema = generate(url, size, seed=seed, progress=None)
        cache.save(path, size, seed, schema, result.seconds, load)
        return url, {"seconds": result.seconds, "cached": False, "loadavg": load}, schema
    url = cluster.create_database(f"register_bench_{size}")
    print(f"generating {size:,} registrations into PostgreSQL", flush=True)
    load = os.getloadavg()[0]
    result, schema = generate(url, size, seed=seed, progress=None)
    return url, {"seconds": result.seconds, "cached": False, "loadavg": load}, schema


def _probe(base: str, path: str) -> str | None:
    """None when ``path`` answers 200, else what it answered (the API may not exist yet)."""
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            response.read()
            return None
    except urllib.error.HTTPError as exc:
        return f"GET {path} answered {exc.code}"
    except OSError as exc:
        return f"GET {path} failed: {exc}"


def _measure(
    name: str, server, paths: list[str], workdir: Path, duration: float, classes=None
) -> dict:
    """A warm-up, then the measured wrk run, with gunicorn's own request times added;
    ``classes`` maps a query string to its query class, for per-class server p95s."""
    run_wrk(name, server.base_url, paths, workdir, duration=1)
    offset, cpu = server.log_offset(), server.worker_cpu_seconds()
    load = os.getloadavg()[0]
    result = run_wrk(name, server.base_url, paths, workdir, duration=duration)
    time.sleep(0.3)  # let the workers flush their last log lines
    cpu = server.worker_cpu_seconds() - cpu
    entries = server.entries(offset)
    times = [ms for _, _, _, ms in entries]
    result.server_p50_ms = percentile(times, 50)
    result.server_p95_ms = percentile(times, 95)
    result.server_p99_ms = percentile(times, 99)
    result.server_count = len(times)
    out = {
        **result.as_dict(),
        "server_errors": sum(1 for _, _, status, _ in entries if status >= 500),
        "cpu_ms": 1000 * cpu / max(1, len(times)),
        "loadavg": round((load + os.getloadavg()[0]) / 2, 2),
    }
    if classes:
        per_class: dict[str, list[float]] = {}
        for _, query, _, ms in entries:
            cls = classes.get(urllib.parse.unquote_plus(query.partition("=")[2]))
            if cls:
                per_class.setdefault(cls, []).append(ms)
        out["classes_p95_ms"] = {c: percentile(v, 95) for c, v in sorted(per_class.items())}
    print(
        f"  {name}: {result.rps:.0f} req/s, p95 client {result.p95_ms:.2f} ms, "
        f"server {result.server_p95_ms:.2f} ms, errors {result.errors}, load {out['loadavg']}",
        flush=True,
    )
    return out


def _server_env(database_url: str) -> dict[str, str]:
    return {
        "REGISTER_ENV": "production",
        "SECRET_KEY": "benchmark-only-secret-key",
        "CREDENTIAL_KEYS": generated_key_set(),
        "RATELIMIT_ENABLED": "0",
        "MAIL_BACKEND": "memory",
        "DATABASE_URL": database_url,
    }


def bench_size(database_url: str, size: int, workdir: Path, args, hellos, soak: bool) -> dict:
    """Rounds of: Flask hello, lookup, WSGI hello, API search, HTML search, bulk."""
    rng = random.Random(args.seed + size)
    row: dict = {"notes": {}, "rounds": []}
    hello_flask, hello_wsgi = hellos
    with gunicorn("register:create_app()", _server_env(database_url), workdir) as server:
        numbers = _numbers(size, SAMPLE, rng)
        lookup_paths = [f"/api/v1/registrations/{n}" for n in numbers]
        classified = classified_search_queries(rng, SAMPLE)
        classes = {q: c for c, q in classified}
        quoted = [urllib.parse.quote(q) for _, q in classified]
        search_paths = [f"/api/v1/registrations?name={q}" for q in quoted]
        html_paths = [f"/search?q={q}" for q in quoted]
        for label, path in (("lookup", lookup_paths[0]), ("search", search_paths[0])):
            problem = _probe(server.base_url, path)
            if problem:
                row["notes"][label] = f"not measured: {problem}"
                return row
        bulk_list = bulk_numbers(size, rng)
        for number in range(args.rounds):
            print(f"  round {number + 1} of {args.rounds}", flush=True)
            measured = {
                "hello_flask": _measure("hello-flask", hello_flask, ["/"], workdir, args.duration),
                "lookup": _measure("lookup", server, lookup_paths, workdir, args.duration),
                "hello_wsgi": _measure("hello-wsgi", hello_wsgi, ["/"], workdir, args.duration),
                "search": _measure("search", server, search_paths, workdir, args.duration, classes),
                "html_search": _measure("html-search", server, html_paths, workdir, args.duration),
            }
            bulk = time_bulk(server.base_url + "/api/v1/verifications", bulk_list, args.repetitions)
            measured["bulk"] = bulk.as_dict()
            print(
                f"  bulk: median {bulk.median:.2f} s, max {bulk.max:.2f} s"
                + (f" ({bulk.error})" if bulk.error else ""),
                flush=True,
            )
            row["rounds"].append(measured)
        row["rss_mb"] = server.worker_memory_mb()
        row["hello_rss_mb"] = hello_flask.worker_memory_mb()
        if soak:
            row["soak"] = run_soak(server, lookup_paths, search_paths, bulk_list, workdir, args)
    return row


def run_soak(server, lookup_paths, search_paths, bulk_list, workdir: Path, args) -> dict:
    """``args.soak`` seconds of mixed load: wrk cycling through lookups and searches (three
    lookups to one search) while a thread posts a bulk check every few seconds; worker RSS
    sampled every ``args.soak_sample`` seconds; every 5xx in gunicorn's log counted."""
    import threading

    mixed = []
    for i, path in enumerate(lookup_paths):
        mixed.append(path)
        if i % 3 == 2:
            mixed.append(search_paths[i % len(search_paths)])
    print(f"  soak: {args.soak:.0f} s of mixed load", flush=True)
    offset = server.log_offset()
    samples: list[tuple[float, float]] = []
    bulk_runs: list[float] = []
    bulk_errors: list[str] = []
    stop = threading.Event()
    started = time.monotonic()

    def background():
        next_sample = 0.0
        while not stop.is_set():
            elapsed = time.monotonic() - started
            if elapsed >= next_sample:
                rss = [r for r, _ in server.worker_memory_mb()]
                samples.append((round(elapsed, 1), round(max(rss or [0]), 1)))
                next_sample += args.soak_sample
            bulk = time_bulk(server.base_url + "/api/v1/verifications", bulk_list, 1)
            if bulk.error:
                bulk_errors.append(bulk.error)
            bulk_runs.extend(bulk.seconds)
            stop.wait(5)

    thread = threading.Thread(target=background, daemon=True)
    thread.start()
    result = run_wrk("soak", server.base_url, mixed, workdir, duration=args.soak)
    stop.set()
    thread.join(timeout=120)
    time.sleep(0.3)
    rss = [r for r, _ in server.worker_memory_mb()]
    samples.append((round(time.monotonic() - started, 1), round(max(rss or [0]), 1)))
    entries = server.entries(offset)
    return {
        "seconds": args.soak,
        "requests": len(entries),
        "server_errors": sum(1 for _, _, status, _ in entries if status >= 500),
        "client_errors": result.errors,
        "bulk_checks": len(bulk_runs),
        "bulk_errors": bulk_errors,
        "bulk_max_s": max(bulk_runs or [0]),
        "rss_samples": samples,
        "loadavg": os.getloadavg()[0],
    }


def machine_facts(pg_version: str | None) -> dict[str, str]:
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    wrk = subprocess.run(["/usr/bin/wrk", "-v"], capture_output=True, text=True, check=False)
    from importlib.metadata import version

    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": str(os.cpu_count()),
        "CPU": cpu,
        "memory": mem,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "PostgreSQL": pg_version or "not installed",
        "gunicorn": version("gunicorn"),
        "Flask": version("flask"),
        "SQLAlchemy": version("sqlalchemy"),
        "wrk": (wrk.stdout or wrk.stderr).split("[")[0].replace("wrk ", "").strip(),
    }


def _parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--duration", type=float, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per size (medians)")
    parser.add_argument("--repetitions", type=int, default=3, help="timed bulk requests a round")
    parser.add_argument(
        "--soak", type=float, default=0, help="seconds of mixed load on the largest size"
    )
    parser.add_argument("--label", help="a line on the report, e.g. what kind of run it was")
    parser.add_argument("--soak-sample", type=float, default=30, help="RSS sampling interval")
    parser.add_argument("--quick", action="store_true", help="10k only, 2 s runs, 2 rounds")
    parser.add_argument("--regenerate", action="store_true", help="ignore cached SQLite files")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="rewrite the report from benchmarks/data/results.json, no load",
    )
    parser.add_argument(
        "--output",
        help="Markdown file (default docs/benchmarks.md, or "
        "benchmarks/data/benchmarks-quick.md with --quick)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.duration, args.repetitions, args.rounds = "10000", 2, 2, 2
    args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.db_list = [d.strip() for d in args.databases.split(",") if d.strip()]
    default = DATA_DIR / "benchmarks-quick.md" if args.quick else ROOT / "docs" / "benchmarks.md"
    args.output_path = Path(args.output) if args.output else default
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if args.render_only:
        _write(json.loads((DATA_DIR / "results.json").read_text()), args)
        return 0
    started = time.monotonic()
    command = ".venv/bin/python -m benchmarks.run " + shlex.join(
        sys.argv[1:] if argv is None else argv
    )
    pg_bin = postgres_bin()
    results = {
        "command": command.strip(),
        "label": args.label,
        "machine": {},
        "method": report.METHOD,
        "databases": {},
    }
    results["loadavg_start"] = os.getloadavg()
    with tempfile.TemporaryDirectory(dir=DATA_DIR, prefix="run-") as tmp:
        workdir = Path(tmp)
        for kind in args.db_list:
            section: dict = {"sizes": {}}
            results["databases"][kind] = section
            if kind == "postgresql" and pg_bin is None:
                section["skipped"] = "PostgreSQL server binaries are not installed."
                continue
            print(f"== {kind}", flush=True)
            env = _server_env("sqlite://")
            with (
                gunicorn("benchmarks.hello:app", env, workdir) as hello_flask,
                gunicorn("benchmarks.hello:wsgi", env, workdir) as hello_wsgi,
                contextlib.ExitStack() as stack,
            ):
                cluster = None
                if kind == "postgresql":
                    cluster = stack.enter_context(postgres_cluster(pg_bin))
                    results["pg_version"] = cluster.version()
                for size in args.size_list:
                    soak = bool(args.soak) and size == max(args.size_list)
                    section["sizes"][str(size)] = _one(
                        kind, size, cluster, workdir, args, (hello_flask, hello_wsgi), soak
                    )
    results["loadavg_end"] = os.getloadavg()
    results["machine"] = machine_facts(results.get("pg_version"))
    results["machine"]["benchmark wall time"] = f"{(time.monotonic() - started) / 60:.1f} min"
    (DATA_DIR / "results.json").write_text(json.dumps(results, indent=2, default=str))
    _write(results, args)
    return 0


def _write(results: dict, args) -> None:
    """Render the report (plus the hand-written analysis) to the output file."""
    text = report.render(results, report.notes(results))
    if ANALYSIS.exists() and not args.quick:
        text += "\n## Analysis\n\n" + ANALYSIS.read_text()
    args.output_path.parent.mkdir(parents=True, exist_ok=True)
    args.output_path.write_text(text)
    print(f"wrote {args.output_path}", flush=True)


def _one(kind: str, size: int, cluster, workdir: Path, args, hellos, soak: bool) -> dict:
    url, generation, schema = _database_url(kind, size, cluster, args.seed, args.regenerate)
    print(f"-- {kind} {size:,} (schema from {schema})", flush=True)
    row = bench_size(url, size, workdir, args, hellos, soak)
    row["generation"] = generation
    row["schema"] = schema
    if schema != "migrations":
        row["notes"]["schema"] = "built from the models: the migrations lag behind them"
    return row


if __name__ == "__main__":
    sys.exit(main())

"""Load generation: wrk (bounded in time, cycling through a list of paths) and the bulk
verification timed end to end with urllib."""

from __future__ import annotations

import json
import statistics
import subprocess
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

WRK = "/usr/bin/wrk"

#: wrk script: each thread cycles through the paths in $BENCH_PATHS from its own offset;
#: ``done`` prints the figures (latency in microseconds) as one JSON line.
WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end
function init(args)
  index = ((thread_id or 1) * 7919) % #paths
end
function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"max": %d, "status_errors": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
"""


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile of ``values`` (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class LoadResult:
    """One wrk run: client-side latencies (ms), throughput, errors, and gunicorn's own
    request times (ms) for the same requests."""

    name: str
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    server_p50_ms: float = 0.0
    server_p95_ms: float = 0.0
    server_p99_ms: float = 0.0
    server_count: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def run_wrk(
    name: str,
    base_url: str,
    paths: list[str],
    workdir: Path,
    *,
    duration: float,
    threads: int = 2,
    connections: int = 16,
) -> LoadResult:
    """Load ``base_url`` for ``duration`` seconds, cycling through ``paths``."""
    script = workdir / "cycle.lua"
    script.write_text(WRK_SCRIPT)
    path_file = workdir / f"paths-{name}.txt"
    path_file.write_text("\n".join(paths) + "\n")
    command = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        base_url,
    ]
    out = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
        env={"BENCH_PATHS": str(path_file)},
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(
        data[k]
        for k in ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return LoadResult(
        name,
        data["requests"],
        data["requests"] / (data["duration_us"] / 1e6),
        data["p50"] / 1000,
        data["p95"] / 1000,
        data["p99"] / 1000,
        data["max"] / 1000,
        errors,
    )


@dataclass
class BulkResult:
    """The bulk verification: seconds per repetition, and what the answers contained."""

    numbers: int
    seconds: list[float] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else 0.0

    @property
    def max(self) -> float:
        return max(self.seconds) if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "median": self.median, "max": self.max}


def time_bulk(url: str, numbers: list[str], repetitions: int) -> BulkResult:
    """POST ``numbers`` to the verification endpoint ``repetitions`` times (after one
    untimed warm-up), timing each request from sending to the parsed JSON answer."""
    body = json.dumps({"numbers": numbers}).encode()
    result = BulkResult(len(numbers))
    for attempt in range(repetitions + 1):
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                answer = json.loads(response.read())
        except OSError as exc:
            result.error = f"{type(exc).__name__}: {exc}"
            return result
        elapsed = time.perf_counter() - started
        results = answer.get("results", [])
        if len(results) != len(numbers):
            result.error = f"{len(results)} results for {len(numbers)} numbers"
            return result
        if attempt:
            result.seconds.append(elapsed)
        else:
            for item in results:
                key = str(item.get("status") or item.get("outcome") or item.get("result"))
                result.outcomes[key] = result.outcomes.get(key, 0) + 1
    return result

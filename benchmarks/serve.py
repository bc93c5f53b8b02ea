"""Processes for the benchmark: gunicorn on 127.0.0.1 and a throwaway PostgreSQL cluster.

Both are started by this module and stopped by it (by process id), whatever happens.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
#: gunicorn's access log line: method, path, query, status, request time in microseconds
ACCESS_FORMAT = "%(m)s|%(U)s|%(q)s|%(s)s|%(D)s"


_TAKEN: set[int] = set()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now, from 5400-5499 (the range
    this project's benchmarks and tests use on a shared machine), else any."""
    for port in range(5400, 5500):
        if port in _TAKEN:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _TAKEN.add(port)
        return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running gunicorn: its address, master process and access log."""

    process: subprocess.Popen
    port: int
    access_log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The worker processes (children of the master)."""
        pids = []
        for status in glob.glob("/proc/[0-9]*/status"):
            with contextlib.suppress(OSError):
                fields = dict(
                    line.split(":", 1)
                    for line in Path(status).read_text().splitlines()
                    if ":" in line
                )
                if int(fields["PPid"]) == self.process.pid:
                    pids.append(int(fields["Pid"]))
        return sorted(pids)

    def worker_memory_mb(self) -> list[tuple[float, float]]:
        """(VmRSS, VmHWM) of each worker in MiB: resident now and the peak."""
        result = []
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fields = dict(
                    line.split(":", 1)
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                    if ":" in line
                )
                rss = int(fields["VmRSS"].split()[0]) / 1024
                hwm = int(fields["VmHWM"].split()[0]) / 1024
                result.append((rss, hwm))
        return result

    def worker_cpu_seconds(self) -> float:
        """User plus system CPU time the workers have used so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def log_offset(self) -> int:
        """The access log's current size, to read only what a load run adds."""
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def entries(self, since: int) -> list[tuple[str, str, int, float]]:
        """``(path, query, status, ms)`` of every request gunicorn logged after ``since``."""
        with self.access_log.open("rb") as fh:
            fh.seek(since)
            data = fh.read().decode("utf-8", "replace")
        found = []
        for line in data.splitlines():
            parts = line.split("|")
            if len(parts) == 5 and parts[3].isdigit() and parts[4].isdigit():
                found.append((parts[1], parts[2], int(parts[3]), int(parts[4]) / 1000))
        return found

    def server_times_ms(self, since: int, path_prefix: str) -> list[float]:
        """Request times (ms) that gunicorn logged after ``since`` for ``path_prefix``."""
        return [ms for path, _, _, ms in self.entries(since) if path.startswith(path_prefix)]


@contextlib.contextmanager
def gunicorn(
    app_spec: str, env: dict[str, str], workdir: Path, workers: int = 2
) -> Iterator[Server]:
    """Serve ``app_spec`` with ``workers`` sync workers on 127.0.0.1 until the block ends."""
    port = free_port()
    log = workdir / f"access-{port}.log"
    error_log = workdir / f"error-{port}.log"
    command = [
        str(GUNICORN),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--access-logfile",
        str(log),
        "--access-logformat",
        ACCESS_FORMAT,
        "--error-logfile",
        str(error_log),
        app_spec,
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(process, port, log)
    try:
        _wait_until_up(server, error_log)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: Server, error_log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {error_log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(server.base_url + "/", timeout=2).read()
        except urllib.error.HTTPError:
            pass  # answering, even with an error status
        except OSError:
            time.sleep(0.2)
            continue
        if len(server.worker_pids()) >= 1:
            return
    raise RuntimeError("gunicorn did not answer within a minute")


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin directory, if any."""
    dirs = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda d: int(Path(d).parent.name) if Path(d).parent.name.isdigit() else 0,
    )
    for d in reversed(dirs):
        if (Path(d) / "initdb").exists():
            return Path(d)
    return None


@dataclass
class Cluster:
    """A throwaway PostgreSQL cluster listening on a Unix socket in ``directory``."""

    directory: Path
    bin: Path

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.directory}"

    def create_database(self, name: str) -> str:
        """Create (or recreate) database ``name``; returns its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(
            f"host={self.directory} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def version(self) -> str:
        out = subprocess.run(
            [str(self.bin / "postgres"), "--version"], capture_output=True, text=True, check=False
        )
        return out.stdout.strip()


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def postgres_cluster(bin_dir: Path) -> Iterator[Cluster]:
    """Start a throwaway cluster (like tests/run_all.sh) and remove it afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="register-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    data = directory / "data"
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = (
        f"-k {directory} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c shared_buffers=256MB -c max_wal_size=4GB"
    )
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(directory / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield Cluster(directory, bin_dir)
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(directory, ignore_errors=True)

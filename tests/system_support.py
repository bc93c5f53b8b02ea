"""Several machines on one: a PostgreSQL primary and streaming replica, Redis, app processes
under gunicorn and HAProxy in front, all on loopback and Unix sockets, all started by this
module and stopped by it (by process id) whatever happens, each wait bounded in time.

Used by tests/services/test_multi_process.py (issue 15, parts D and E) and described in
docs/deployment.md, which runs the same setup by hand.
"""

from __future__ import annotations

import contextlib
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
PORTS = range(5400, 5500)


def missing_tools() -> list[str]:
    """What this machine lacks for the multi-process tests."""
    missing = [tool for tool in ("redis-server", "haproxy") if shutil.which(tool) is None]
    if postgres_bin() is None:
        missing.append("PostgreSQL server (initdb)")
    if not GUNICORN.exists():
        missing.append("gunicorn")
    return missing


def postgres_bin() -> Path | None:
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / "initdb").exists():
            return directory
    return None


_TAKEN: set[int] = set()


def free_port() -> int:
    """A free TCP port on 127.0.0.1 in 5400-5499 (the range this project's tests use), not
    handed out before (PostgreSQL here listens on a Unix socket named after its port)."""
    for port in PORTS:
        if port in _TAKEN:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            _TAKEN.add(port)
            return port
    raise RuntimeError("no free port in 5400-5499")


def wait_for(check, timeout: float, what: str, interval: float = 0.1):
    """Call ``check`` until it returns something true, at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as exc:  # noqa: BLE001 - anything means "not yet"
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready within {timeout} s (last: {last!r})")


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    """One PostgreSQL server on a Unix socket in ``socket_dir`` (``port`` names the socket)."""

    bin: Path
    data: Path
    socket_dir: Path
    port: int
    log: Path

    def url(self, database: str = "register") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def conninfo(self, database: str = "register") -> str:
        return f"host={self.socket_dir} port={self.port} user=postgres dbname={database}"

    def ctl(self, *args: str, check: bool = True) -> None:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), *args]
        subprocess.run(_as_postgres(command), check=check, capture_output=True, timeout=60)

    def start(self) -> None:
        self.ctl("-o", f"-k {self.socket_dir} -p {self.port} -c listen_addresses=''", "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "-w", "stop", check=False)

    def execute(self, sql: str, database: str = "register"):
        import psycopg

        with psycopg.connect(self.conninfo(database), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else None


@dataclass
class Stack:
    """What ``stack()`` started; ``processes`` are stopped in reverse order at the end."""

    directory: Path
    primary: Postgres | None = None
    replica: Postgres | None = None
    redis_socket: Path | None = None
    apps: list[subprocess.Popen] = field(default_factory=list)
    app_ports: list[int] = field(default_factory=list)
    proxy_port: int | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def app_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}"

    def kill_app(self, index: int) -> None:
        """Kill app process ``index`` at once (master and workers), as a crash would."""
        process = self.apps[index]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def init_primary(stack: Stack, bin_dir: Path) -> Postgres:
    data = stack.directory / "primary"
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
        timeout=120,
    )
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
            "wal_sender_timeout = 5s\nwal_receiver_status_interval = 1s\n"
        )
    with open(data / "pg_hba.conf", "a") as hba:
        hba.write("local replication all trust\n")
    primary = Postgres(bin_dir, data, stack.directory, free_port(), stack.directory / "primary.log")
    primary.start()
    stack.primary = primary
    primary.execute("CREATE DATABASE register", database="postgres")
    return primary


def init_replica(stack: Stack) -> Postgres:
    primary = stack.primary
    data = stack.directory / "replica"
    subprocess.run(
        _as_postgres(
            [
                str(primary.bin / "pg_basebackup"),
                "-h",
                str(primary.socket_dir),
                "-p",
                str(primary.port),
                "-U",
                "postgres",
                "-D",
                str(data),
                "-R",  # standby.signal and primary_conninfo
                "-X",
                "stream",
                "--checkpoint=fast",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    replica = Postgres(
        primary.bin, data, stack.directory, free_port(), stack.directory / "replica.log"
    )
    replica.start()
    stack.replica = replica
    wait_for(lambda: replica.execute("SELECT pg_is_in_recovery()")[0][0], 30, "replica in recovery")
    return replica


def start_redis(stack: Stack) -> Path:
    sock = stack.directory / "redis.sock"
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(stack.directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack.processes.append(process)
    wait_for(sock.exists, 10, "redis socket")
    stack.redis_socket = sock
    return sock


def start_app(stack: Stack, env: dict[str, str]) -> int:
    port = free_port()
    log = stack.directory / f"app-{port}.log"
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "2",
            "--error-logfile",
            str(log),
            "register:create_app()",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: killpg ends master and worker
    )
    stack.apps.append(process)
    stack.app_ports.append(port)
    stack.processes.append(process)
    return port


def wait_app(stack: Stack, index: int) -> None:
    def up():
        if stack.apps[index].poll() is not None:
            log = stack.directory / f"app-{stack.app_ports[index]}.log"
            raise RuntimeError(f"app exited: {log.read_text()[-2000:]}")
        return get(stack.app_url(index) + "/health/live", timeout=2)[0] == 200

    wait_for(up, 60, f"app {index}", interval=0.2)


HAPROXY_CONFIG = """\
global
    maxconn 256
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
frontend register
    bind 127.0.0.1:{proxy_port}
    default_backend apps
backend apps
    balance roundrobin
    option httpchk GET /health/live
    http-check expect status 200
{servers}
"""


def start_proxy(stack: Stack) -> int:
    port = free_port()
    servers = "\n".join(
        f"    server app{i} 127.0.0.1:{p} check inter 500ms fall 2 rise 1"
        for i, p in enumerate(stack.app_ports)
    )
    config = stack.directory / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(proxy_port=port, servers=servers))
    process = subprocess.Popen(
        ["haproxy", "-db", "-f", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack.processes.append(process)
    stack.proxy_port = port
    wait_for(lambda: get(stack.proxy_url + "/health/live", timeout=2)[0] == 200, 20, "haproxy")
    return port


def get(url: str, timeout: float = 5, data: bytes | None = None, headers=None):
    """``(status, body bytes, headers)`` of a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers


@contextlib.contextmanager
def stack_directory() -> Iterator[Stack]:
    directory = Path(tempfile.mkdtemp(prefix="register-stack-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
        directory.chmod(0o777)
    stack = Stack(directory)
    try:
        yield stack
    finally:
        for process in reversed(stack.processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(stack.processes):
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        for server in (stack.replica, stack.primary):
            if server is not None:
                server.stop("immediate")
        if os.environ.get("REGISTER_STACK_KEEP"):
            print(f"kept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)

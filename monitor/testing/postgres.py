"""A throwaway PostgreSQL server for tests and benchmarks: `initdb` into a temporary folder,
`pg_ctl start` on a free loopback port (its socket in that folder), removed on stop.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


def find_bindir() -> Path | None:
    """The folder with initdb and pg_ctl: Debian's newest, else whatever PATH has."""
    candidates = sorted(glob.glob(PG_BIN_GLOB), key=lambda p: int(Path(p).parent.name),
                        reverse=True)
    for folder in candidates:
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayPostgres:
    """`start()`, `create_database(name)` -> URL, `stop()`; or use it as a context manager."""

    def __init__(self, bindir: Path | None = None) -> None:
        found = bindir or find_bindir()
        if found is None:
            raise FileNotFoundError(
                f"PostgreSQL not found (no initdb in {PG_BIN_GLOB} or on PATH); "
                "install it: apt-get install -y postgresql")
        self.bindir = found
        self.folder: Path | None = None
        self.port = 0
        self._databases = 0

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _as_server_user(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self._as_server_user(), *args], capture_output=True,
                                text=True, check=False, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {result.stdout}{result.stderr}")

    @property
    def data(self) -> Path:
        assert self.folder is not None, "server not started"
        return self.folder / "data"

    def start(self) -> None:
        # As root the server user must reach the folder: /tmp, not a private TMPDIR.
        root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="edgar-pg-", dir="/tmp" if root else None))
        if root:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions")
        self.port = free_port()
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=200")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "-o", options, "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its URL."""
        self._databases += 1
        name = f"{prefix}{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def terminate(self, application_name: str) -> int:
        """End every session of one client (as if its network died); how many ended."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s", [application_name]).fetchall()
        return len(rows)

    def leader(self, url: str) -> str | None:
        """The application_name of the daemon holding the leader lock on that database."""
        from monitor.store.postgres import PostgresBackend

        backend = PostgresBackend(url, application_name="edgar-monitor-test")
        backend.connect()
        try:
            return backend.leader_application()
        finally:
            backend.close()

    def stop(self) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

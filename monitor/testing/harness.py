"""Run the real daemon (`edgar-monitor run` as a subprocess) against an in-process EDGAR
replica and fake Slack: used by the process tests and the benchmarks."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import socket
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from monitor.sandbox import EdgarReplica
from monitor.store import is_postgres_url
from monitor.testing.fakeslack import VALID_TOKEN, FakeSlack

REPO = Path(__file__).resolve().parents[2]
SHIPPED_CONFIG = REPO / "config.yaml"


def shipped_config(rules: Path = REPO / "rules") -> str:
    """The shipped config.yaml with only deployment settings changed: the rules' absolute
    path (the daemon runs in a scratch folder) and the health server on a free port."""
    data = yaml.safe_load(SHIPPED_CONFIG.read_text())
    data["rules"] = [str(rules)]
    data["health"] = {**data.get("health", {}), "port": 0}
    return yaml.safe_dump(data, sort_keys=False)


class DaemonProcess:
    """Starts and restarts the daemon on one database (a SQLite file in `workdir`, or `db`:
    a path or a `postgresql://` URL several daemons share); logs go to files in `workdir`.

    `config_text` replaces the whole config file (e.g. `shipped_config()`); otherwise a
    small one naming `rules` plus `extra_config` is written. `name` goes into the
    User-Agent, so the replica's records tell daemons apart."""

    def __init__(self, workdir: Path, replica: EdgarReplica, slack: FakeSlack,
                 rules: Path, extra_config: str = "", *, config_text: str | None = None,
                 health: bool = False, db: str | Path | None = None, name: str = "") -> None:
        self.workdir = workdir
        self.db: str | Path = workdir / "monitor.db" if db is None else db
        config = workdir / "config.yaml"
        # With `health`, /healthz and /metrics listen on a free port (see `health_url`).
        served = "{enabled: true, port: 0}" if health else "{enabled: false}"
        config.write_text(config_text if config_text is not None else
                          f"rules: [{rules}]\nhealth: {served}\n{extra_config}")
        self.args = ["--config", str(config), "--edgar-url", replica.base_url,
                     "--db", str(self.db)]
        self.user_agent = f"Edgar Monitor Bench{' ' + name if name else ''} admin@example.com"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("EDGAR_", "SLACK_"))}
        self.env |= {"EDGAR_USER_AGENT": self.user_agent,
                     "SLACK_BOT_TOKEN": VALID_TOKEN, "SLACK_API_URL": slack.base_url}
        self.runs = 0
        self._procs: list[asyncio.subprocess.Process] = []
        self._copiers: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> DaemonProcess:
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Never leave a daemon behind, whatever happened in the test."""
        for proc in self._procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        for copier in self._copiers:
            await copier

    async def start(
        self, *extra: str, file_size_limit: int | None = None
    ) -> asyncio.subprocess.Process:
        """Start `edgar-monitor run`; `file_size_limit` (bytes, RLIMIT_FSIZE) makes every
        write past that offset fail, as on a full disk. The log then goes through a pipe,
        which the limit does not cover."""
        self.runs += 1
        log_path = self.workdir / f"run{self.runs}.log"
        if file_size_limit is None:
            with log_path.open("wb") as log:
                proc = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "monitor", "run", *self.args, *extra,
                    stdout=log, stderr=log, env=self.env, cwd=self.workdir)
        else:
            limit = file_size_limit

            def full_disk() -> None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "monitor", "run", *self.args, *extra,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                env=self.env, cwd=self.workdir, preexec_fn=full_disk)
            self._copiers.append(asyncio.create_task(_copy(proc, log_path)))
        self._procs.append(proc)
        return proc

    async def wait(self, proc: asyncio.subprocess.Process, timeout: float = 60.0) -> int:
        """Wait for a run to exit and its output to reach the log file; its exit code."""
        code = await asyncio.wait_for(proc.wait(), timeout)
        for copier in self._copiers:
            await asyncio.wait_for(asyncio.shield(copier), timeout)
        return code

    def statuses(self) -> dict[str, int]:
        """Filings by status in the daemon's database (empty before it made one)."""
        rows = self._read("SELECT status, count(*) FROM filings GROUP BY status")
        return {str(k): int(v) for k, v in rows}

    def deferred_checks(self) -> int:
        """XBRL checks (issue 17) still deferred to the daemon's idle time."""
        rows = self._read("SELECT count(*) FROM filing_checks WHERE state = 'deferred'")
        return int(rows[0][0]) if rows else 0

    def _read(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of a read-only query on either backend; none before the table exists."""
        if is_postgres_url(self.db):
            import psycopg

            with psycopg.connect(str(self.db)) as pg:
                try:
                    return [tuple(r) for r in pg.execute(sql).fetchall()]
                except psycopg.errors.UndefinedTable:
                    return []
        try:  # read-only: never create the file before the daemon does
            with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as conn:
                return [tuple(r) for r in conn.execute(sql)]
        except sqlite3.OperationalError:
            return []  # not created (or not migrated) yet

    @staticmethod
    def instance(proc: asyncio.subprocess.Process) -> str:
        """The daemon's name on the database (monitor.leader.instance_name for its pid)."""
        return f"edgar-monitor@{socket.gethostname()[:40]}:{proc.pid}"

    def health_url(self) -> str | None:
        """The base URL of the latest run's health server, once it has logged it."""
        path = self.workdir / f"run{self.runs}.log"
        for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
            if '"health_server_started"' in line:
                return str(json.loads(line)["url"])
        return None

    def plain_lines(self, run: int) -> list[str]:
        """What a run printed that is not a JSON log line (CLI errors, tracebacks)."""
        text = (self.workdir / f"run{run}.log").read_text(errors="replace")
        return [line for line in text.splitlines() if line and not line.startswith("{")]

    def alerts(self) -> list[dict[str, object]]:
        """The outbox rows: alert id, status, attempts and last error (none before the
        daemon has created its database)."""
        with sqlite3.connect(self.db) as conn:
            conn.row_factory = sqlite3.Row
            try:
                return [dict(r) for r in conn.execute(
                    "SELECT alert_id, status, attempts, last_error FROM alerts "
                    "ORDER BY alert_id")]
            except sqlite3.OperationalError:  # not created yet
                return []

    def log_events(self, event: str) -> list[dict[str, object]]:
        """The JSON log lines of one event, from every run so far."""
        found = []
        for line in self.log_text().splitlines():
            if f'"{event}"' in line and line.startswith("{"):
                record = json.loads(line)
                if record.get("event") == event:
                    found.append(record)
        return found

    def log_text(self) -> str:
        """Everything the runs so far wrote to stdout and stderr."""
        return "\n".join(p.read_text(errors="replace")
                         for p in sorted(self.workdir.glob("run*.log")))


async def _copy(proc: asyncio.subprocess.Process, path: Path) -> None:
    """Copy a run's piped output to its log file as it comes."""
    assert proc.stdout is not None
    with path.open("wb") as log:
        while chunk := await proc.stdout.read(65536):
            log.write(chunk)
            log.flush()


async def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Poll a condition until it holds; raise when it does not within `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not reached in time")
        await asyncio.sleep(0.02)

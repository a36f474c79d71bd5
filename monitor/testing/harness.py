"""Run the real daemon (`edgar-monitor run` as a subprocess) against an in-process EDGAR
replica and fake Slack: used by the process tests and the benchmarks."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

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
                 db: str | Path | None = None, name: str = "") -> None:
        self.workdir = workdir
        self.db: str | Path = workdir / "monitor.db" if db is None else db
        config = workdir / "config.yaml"
        config.write_text(config_text if config_text is not None else
                          f"rules: [{rules}]\nhealth: {{enabled: false}}\n{extra_config}")
        self.args = ["--config", str(config), "--edgar-url", replica.base_url,
                     "--db", str(self.db)]
        self.user_agent = f"Edgar Monitor Bench{' ' + name if name else ''} admin@example.com"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("EDGAR_", "SLACK_"))}
        self.env |= {"EDGAR_USER_AGENT": self.user_agent,
                     "SLACK_BOT_TOKEN": VALID_TOKEN, "SLACK_API_URL": slack.base_url}
        self.runs = 0
        self._procs: list[asyncio.subprocess.Process] = []

    async def __aenter__(self) -> DaemonProcess:
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Never leave a daemon behind, whatever happened in the test."""
        for proc in self._procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()

    async def start(self, *extra: str) -> asyncio.subprocess.Process:
        self.runs += 1
        with (self.workdir / f"run{self.runs}.log").open("wb") as log:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "monitor", "run", *self.args, *extra,
                stdout=log, stderr=log, env=self.env, cwd=self.workdir)
        self._procs.append(proc)
        return proc

    def statuses(self) -> dict[str, int]:
        """Filings by status in the daemon's database (empty before it made one)."""
        sql = "SELECT status, count(*) FROM filings GROUP BY status"
        if is_postgres_url(self.db):
            import psycopg

            with psycopg.connect(str(self.db)) as pg:
                try:
                    return {str(k): int(v) for k, v in pg.execute(sql).fetchall()}
                except psycopg.errors.UndefinedTable:
                    return {}
        if not Path(self.db).exists():
            return {}
        with sqlite3.connect(self.db) as conn:
            return dict(conn.execute(sql))

    @staticmethod
    def instance(proc: asyncio.subprocess.Process) -> str:
        """The daemon's name on the database (monitor.leader.instance_name for its pid)."""
        return f"edgar-monitor@{socket.gethostname()[:40]}:{proc.pid}"

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


async def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Poll a condition until it holds; raise when it does not within `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not reached in time")
        await asyncio.sleep(0.02)

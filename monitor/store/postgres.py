"""PostgreSQL, for several daemons on one shared database: psycopg 3, one connection in
autocommit mode on the store's thread; transactions are explicit.

The same connection holds the leader lock (a session advisory lock, leader.py), so every
write of the leader runs in the session that holds the lock: if the session dies, the lock
and the ability to write go together, and nothing a deposed leader sends can commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import dict_row

from monitor.errors import ConfigError, StoreError

# pg_advisory_lock(class, key): a class of our own so other applications' locks don't clash.
LOCK_CLASS = 0x45444752  # "EDGR"
LEADER_KEY = 1
MIGRATION_KEY = 2

_TEXT = re.compile(r"\bTEXT\b")


def redact(url: str) -> str:
    """The URL without its password, for logs and error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """`?` placeholders to psycopg's `%s` (a literal `%` doubled first)."""
    return sql.replace("%", "%%").replace("?", "%s")


class ElectedInstances:
    """No instance lock on PostgreSQL: a second daemon is a standby (leader.py)."""

    def acquire(self) -> None:
        """Nothing to take: the leader lock decides who works."""

    def release(self) -> None:
        """Nothing to give back."""


class PostgresBackend:
    """The store's backend for a `postgresql://` URL."""

    dialect = "postgresql"
    # Connection faults are StoreError already (`_errors`); any other driver error too.
    native_errors: tuple[type[Exception], ...] = (psycopg.Error,)
    busy_timeout_ms = 0

    def __init__(self, url: str, *, application_name: str = "edgar-monitor") -> None:
        self.url = url
        self.description = redact(url)
        self.application_name = application_name
        self._conn: psycopg.Connection[dict[str, Any]] | None = None

    @property
    def conn(self) -> psycopg.Connection[dict[str, Any]]:
        if self._conn is None:
            raise StoreError(f"not connected to {self.description}")
        return self._conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"PostgreSQL {self.description}: {first}") from exc

    def connect(self) -> None:
        try:
            psycopg.conninfo.conninfo_to_dict(self.url)
        except psycopg.ProgrammingError as exc:
            raise ConfigError(f"database: {self.description} is not a usable PostgreSQL URL: "
                              f"{exc}") from None
        with self._errors():
            # Keepalives and a TCP user timeout: a dead network surfaces as an error within
            # seconds instead of a call that hangs (the leader must notice it lost the lock).
            self._conn = psycopg.connect(
                self.url, autocommit=True, row_factory=dict_row, connect_timeout=10,
                application_name=self.application_name, keepalives=1, keepalives_idle=5,
                keepalives_interval=2, keepalives_count=3, tcp_user_timeout=10_000)

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with suppress(psycopg.Error):  # a connection already gone is closed enough
                conn.close()

    def reconnect(self) -> None:
        self.close()
        self.connect()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._errors():
            return self.conn.execute(to_pyformat(sql), params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._errors(), self.conn.cursor() as cur:
            cur.executemany(to_pyformat(sql), rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._errors():
            return self.conn.execute(to_pyformat(sql), params).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._errors(), self.conn.transaction():
            yield

    def migration_lock(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(?, ?)", [LOCK_CLASS, MIGRATION_KEY])

    def ddl(self, statement: str) -> str:
        # Bytewise comparison, as in SQLite: ISO-8601 timestamps stored as text then sort
        # and compare in time order whatever the database's locale.
        return _TEXT.sub('TEXT COLLATE "C"', statement)

    def applied_legacy_migrations(self) -> set[str]:
        return set()

    def is_busy(self, exc: Exception) -> bool:
        return False  # PostgreSQL waits on row locks itself

    def instance_lock(self) -> ElectedInstances:
        return ElectedInstances()

    # -- leader lock (leader.py) -------------------------------------------------------------

    def set_session_lease(self, seconds: float) -> None:
        """Have the server end this session (and so free its locks) when it sends nothing
        for `seconds`: a leader cut off from the database loses the lock without a word."""
        self.fetchall("SELECT set_config('idle_session_timeout', ?, false) AS v",
                      [f"{int(seconds * 1000)}ms"])

    def try_leader_lock(self) -> bool:
        rows = self.fetchall("SELECT pg_try_advisory_lock(?, ?) AS got",
                             [LOCK_CLASS, LEADER_KEY])
        return bool(rows[0]["got"])

    def holds_leader_lock(self) -> bool:
        rows = self.fetchall(
            "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND "
            "pid = pg_backend_pid() AND classid = ? AND objid = ? AND objsubid = 2 AND granted",
            [LOCK_CLASS, LEADER_KEY])
        return bool(rows[0]["n"])

    def release_leader_lock(self) -> None:
        self.fetchall("SELECT pg_advisory_unlock_all() AS done")

    def leader_application(self) -> str | None:
        """The application_name of the session holding the leader lock (who leads)."""
        rows = self.fetchall(
            "SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a "
            "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.classid = ? AND "
            "l.objid = ? AND l.objsubid = 2 AND l.granted", [LOCK_CLASS, LEADER_KEY])
        return str(rows[0]["name"]) if rows else None

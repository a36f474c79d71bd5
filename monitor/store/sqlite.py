"""SQLite, the embedded default: one file, WAL, one connection on the store's thread (a
sqlite3 connection belongs to the thread that made it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from monitor.errors import DatabaseFileError
from monitor.instance import FileInstanceLock, InstanceGuard

_BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")


class SqliteBackend:
    """The store's backend for a SQLite file."""

    dialect = "sqlite"
    native_errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = str(path)
        self.busy_timeout_ms = 5000
        self._conn: sqlite3.Connection | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("store is not open")
        return self._conn

    def connect(self) -> None:
        # Autocommit mode: transactions are opened explicitly by `transaction()`.
        try:
            conn = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._file_error(exc) from None
        try:
            conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA schema_version").fetchone()  # reads the file now
        except sqlite3.Error as exc:
            conn.close()
            if self.is_busy(exc):
                raise  # the store retries a lock
            raise self._file_error(exc) from None
        conn.row_factory = sqlite3.Row
        self._conn = conn

    def _file_error(self, exc: sqlite3.Error) -> DatabaseFileError:
        cause = str(exc)
        hint = ("move the damaged file aside (a new one is created) or restore a backup"
                if "not a database" in cause or "malformed" in cause
                else "check that its folder exists and is writable")
        return DatabaseFileError(f"{self.path}: cannot open the database ({cause}); {hint}")

    def is_busy(self, exc: Exception) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(_BUSY_MESSAGES)

    def instance_lock(self) -> InstanceGuard:
        return FileInstanceLock(self.path)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.conn.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.conn.execute(sql, params).fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so two writers never deadlock upgrading.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def migration_lock(self) -> None:
        """BEGIN IMMEDIATE already holds the database's one write lock."""

    def ddl(self, statement: str) -> str:
        return statement

    def applied_legacy_migrations(self) -> set[str]:
        """Migrations sqlite-utils applied before the store had two backends."""
        if not self.fetchall("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                             "name = '_sqlite_migrations'"):
            return set()
        return {r["name"] for r in self.fetchall(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'edgar-monitor'")}

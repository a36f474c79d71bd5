"""One daemon per database: a second one on the same state would double the request rate
and race the first for filings. The SQLite store uses an OS file lock, which the kernel
releases when the holder dies, so a crash never leaves a stale lock behind."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import Protocol

from monitor.errors import DatabaseFileError, InstanceRunningError


class InstanceGuard(Protocol):
    """Held for the daemon's lifetime; a store with leader election may wait instead."""

    def acquire(self) -> None:
        """Take the guard or raise InstanceRunningError naming the holder."""

    def release(self) -> None:
        """Give it back (also released by the OS if the process dies)."""


def lock_path(database: Path) -> Path:
    """The lock file beside a SQLite database."""
    return database.with_name(database.name + ".lock")


class FileInstanceLock:
    """An exclusive, non-blocking `flock` on `<database>.lock`, holding the owner's pid."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = lock_path(database)
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DatabaseFileError(
                f"{self.path}: cannot create the instance lock file: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise InstanceRunningError(
                f"{self.database}: another edgar-monitor (pid {holder}) is already running on "
                "this database; stop it first or give this one another --db") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

"""Leader election: any number of daemons on one PostgreSQL database, exactly one active.

The leader holds a session advisory lock on the store's own connection, the one every write
goes through: while the session lives the lock is held, and when it ends (process killed,
network gone, `pg_terminate_backend`) the lock and the power to commit end together. The
server ends a session that sends nothing for `SESSION_LEASE_SECONDS` (idle_session_timeout),
so a leader cut off from the database loses the lock without a word. The leader checks every
`HEARTBEAT_SECONDS` that it still holds it and steps down at once when it cannot tell; a
standby tries to take the lock as often, and once it has it waits `SETTLE_SECONDS` (longer
than a deposed leader takes to notice) before any work, so the two never overlap.

SQLite is one daemon per file: `SoleLeader` is always the leader.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import os
import socket
import time
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

import structlog

from monitor.errors import StoreError
from monitor.store import Store

log = structlog.get_logger("monitor.leader")

HEARTBEAT_SECONDS = 1.0
CALL_TIMEOUT_SECONDS = 3.0  # a lock check slower than this means the database is gone
SESSION_LEASE_SECONDS = 10.0
SETTLE_SECONDS = 2.0  # > HEARTBEAT_SECONDS: a deposed leader has stopped by then


class Role(enum.Enum):
    LEADER = "leader"
    STANDBY = "standby"


class TermEnd(enum.Enum):
    """How a term as leader ended."""

    DONE = "done"  # the work returned (the daemon was asked to stop)
    LOST = "lost"  # the lock was lost: the work was cancelled at once (fencing)
    FAILED = "failed"  # the shared database went before the lock check noticed


def instance_name() -> str:
    """This daemon's name on the database (`application_name`): host and process id."""
    return f"edgar-monitor@{socket.gethostname()[:40]}:{os.getpid()}"


class Elector(Protocol):
    """Decides whether this daemon is the one doing the work."""

    role: Role
    shared: bool  # other daemons may share the database (a takeover must be careful)
    lost: asyncio.Event  # set when a leader loses the lock; work must stop at once

    async def campaign(self, stop: asyncio.Event) -> bool:
        """Wait until leader (True) or until `stop` is set (False)."""
        ...

    async def try_once(self) -> bool:
        """Take the lead if nobody holds it; never waits."""
        ...

    async def resign(self) -> None: ...

    def standby_health(self) -> tuple[bool, str]:
        """Whether a standby is fit to take over, and what it knows of the leader."""
        ...


class SoleLeader:
    """One daemon per SQLite file: always the leader."""

    shared = False

    def __init__(self, on_change: Callable[[Role], None] = lambda role: None) -> None:
        self.role = Role.LEADER
        self.lost = asyncio.Event()
        self._on_change = on_change

    async def campaign(self, stop: asyncio.Event) -> bool:
        return await self.try_once()

    async def try_once(self) -> bool:
        self.role = Role.LEADER
        self._on_change(self.role)
        return True

    async def resign(self) -> None:
        self.role = Role.STANDBY
        self._on_change(self.role)

    def standby_health(self) -> tuple[bool, str]:
        return True, "ok"


class AdvisoryLockElector:
    """Leader election over a PostgreSQL session advisory lock (see the module docstring)."""

    shared = True

    def __init__(self, store: Store, on_change: Callable[[Role], None] = lambda role: None,
                 *, heartbeat: float = HEARTBEAT_SECONDS, settle: float = SETTLE_SECONDS,
                 lease: float = SESSION_LEASE_SECONDS) -> None:
        from monitor.store.postgres import PostgresBackend

        if not isinstance(store.backend, PostgresBackend):
            raise TypeError("leader election needs a PostgreSQL store")
        self.store = store
        self.backend = store.backend
        self.role = Role.STANDBY
        self.lost = asyncio.Event()
        self.heartbeat = heartbeat
        self.settle = settle
        self.lease = lease
        self.leader_name: str | None = None
        self.last_contact = time.monotonic()
        self.last_error = ""
        self._on_change = on_change
        self._fresh_session = False  # the session's lease is set; no lock from a past term
        self._watch: asyncio.Task[None] | None = None
        self._yield_until = 0.0  # a deposed leader lets the standbys try first

    async def _call(self, fn: Callable[[], object]) -> object:
        async with asyncio.timeout(CALL_TIMEOUT_SECONDS):
            result = await self.store.call(fn)
        self.last_contact = time.monotonic()
        return result

    async def _attempt(self) -> bool:
        """One try at the lock on a session that holds nothing from an earlier term."""
        try:
            if not self._fresh_session:
                # A new session: whatever an earlier term held or left half-done is gone.
                await self._call(self.backend.reconnect)
                await self._call(lambda: self.backend.set_session_lease(self.lease))
                self._fresh_session = True
            if await self._call(self.backend.try_leader_lock):
                return True
            self.leader_name = str(await self._call(self.backend.leader_application) or "")
            self.last_error = ""
        except (StoreError, TimeoutError) as exc:
            self._fresh_session = False
            self.last_error = str(exc) or "database call timed out"
        return False

    async def try_once(self) -> bool:
        if not await self._attempt():
            return False
        self._become_leader()
        return True

    async def campaign(self, stop: asyncio.Event) -> bool:
        while not stop.is_set():
            if time.monotonic() < self._yield_until:
                pass  # just deposed: give the standbys a few heartbeats to take over
            elif await self._attempt():
                self._become_leader()
                # A deposed leader notices within a heartbeat; start only once it has.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.settle):
                        await stop.wait()
                if stop.is_set() or not self.lost.is_set():
                    return not stop.is_set()
                continue  # lost it while settling: campaign again
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.heartbeat):
                    await stop.wait()
        return False

    def _become_leader(self) -> None:
        self.role = Role.LEADER
        self.lost = asyncio.Event()
        self.leader_name = self.backend.application_name
        self._watch = asyncio.create_task(self._watch_lock(), name="leader-lock-watch")
        log.info("leadership_acquired", instance=self.backend.application_name)
        self._on_change(self.role)

    async def _watch_lock(self) -> None:
        """Check every heartbeat that the lock is still ours; step down when not, or when the
        database does not answer in time (the server will have ended the session by the
        time a standby can take over)."""
        while True:
            await asyncio.sleep(self.heartbeat)
            try:
                held = bool(await self._call(self.backend.holds_leader_lock))
                reason = "" if held else "lock no longer held"
            except (StoreError, TimeoutError) as exc:
                held, reason = False, str(exc) or "database call timed out"
            if not held:
                self._step_down("leadership_lost", reason)
                return

    def _step_down(self, event: str, reason: str) -> None:
        self.role = Role.STANDBY
        self._fresh_session = False  # never reuse the session: reconnect before campaigning
        self._yield_until = time.monotonic() + 3 * self.heartbeat
        self.lost.set()
        if reason:
            log.warning(event, instance=self.backend.application_name, reason=reason)
        else:
            log.info(event, instance=self.backend.application_name)
        self._on_change(self.role)

    async def resign(self) -> None:
        """Give the lead up (on stop): free the lock so a standby takes over at once."""
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
            self._watch = None
        if self.role is not Role.LEADER:
            return
        with contextlib.suppress(StoreError, TimeoutError):
            await self._call(self.backend.release_leader_lock)
        self._step_down("leadership_released", "")

    def standby_health(self) -> tuple[bool, str]:
        silent = time.monotonic() - self.last_contact
        if silent > self.lease:
            return False, (f"standby: database unreachable for {silent:.0f}s: "
                           f"{self.last_error or 'no answer'}")
        leader = self.leader_name or "none yet"
        return True, f"standby: leader is {leader}"


async def serve_term(
    elector: Elector, work: Callable[[], Coroutine[Any, Any, None]]
) -> TermEnd:
    """Run `work` as the leader until it returns or the lead is lost, whichever comes first.

    On a shared database a StoreError from `work` ends the term (the lead is resigned);
    on a daemon's own database it is raised."""
    active = asyncio.create_task(work(), name="leader-term")
    lost = asyncio.create_task(elector.lost.wait(), name="leader-lost")
    await asyncio.wait({active, lost}, return_when=asyncio.FIRST_COMPLETED)
    if active.done():
        lost.cancel()
        try:
            active.result()
        except StoreError as exc:
            if not elector.shared:
                raise
            log.warning("leader_term_failed", error=str(exc))
            await elector.resign()
            return TermEnd.FAILED
        return TermEnd.DONE
    active.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await active
    return TermEnd.LOST


def make_elector(store: Store, on_change: Callable[[Role], None]) -> Elector:
    """Election for a shared PostgreSQL database; a SQLite file has one daemon."""
    if store.dialect == "postgresql":
        return AdvisoryLockElector(store, on_change)
    return SoleLeader(on_change)

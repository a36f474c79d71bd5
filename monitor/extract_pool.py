"""Documents extracted in worker processes: off the event loop, within a time budget.

A thread cannot be stopped, and part of the cost of a hostile document is inside lexbor's
C tree builder (100,000 nested `<div>` take it 37 s), where no deadline checked by Python
code could interrupt it. So each document is extracted by a worker process; one that
overruns its budget is killed and replaced. Workers are forked from a fork server that has
the extraction modules loaded, so a replacement costs milliseconds, and they never inherit
the daemon's threads, sockets or database handles.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import signal
import threading
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from monitor.errors import ExtractionError
from monitor.extract import extract_document
from monitor.extract.filing import PARSER_FAULTS, DocumentExtractor
from monitor.models import DocumentFacts

_READY = "ready"
# A worker that has not said it is ready by then is broken (normal start: well under 1 s).
_START_SECONDS = 60.0
_JOIN_SECONDS = 2.0


def _serve(conn: Connection, target: DocumentExtractor) -> None:
    """Worker process: extract each document sent until the pipe closes."""
    # The daemon ends its workers itself once its own shutdown is done; a ^C or a SIGTERM
    # sent to the whole process group must not cut a document short before that.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    conn.send(_READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        body, name, items = job
        try:
            reply: tuple[Any, ...] = ("ok", target(body, name, items))
        except PARSER_FAULTS as exc:
            reply = ("fault", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        conn.send(reply)


class _Slot:
    """One worker place: its process (started when first needed) and its pipe."""

    def __init__(self, context: Any, target: DocumentExtractor) -> None:
        self._context = context
        self._target = target
        self._lock = threading.Lock()
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None
        self.closed = False
        self.busy = False
        self.starts = 0

    def ensure(self) -> Connection:
        """The pipe to a live, ready worker; starts one when there is none (blocking)."""
        with self._lock:
            if self.closed:
                raise ExtractionError("extraction workers are shut down")
            if self.process is not None and self.process.is_alive() and self.conn is not None:
                return self.conn
            self._reap()
            pipe: tuple[Connection, Connection] = self._context.Pipe()
            parent, child = pipe
            process = self._context.Process(target=_serve, args=(child, self._target),
                                            name="edgar-monitor-extract", daemon=True)
            process.start()
            child.close()
            self.process, self.conn = process, parent
            self.starts += 1
            try:
                ready = parent.poll(_START_SECONDS) and parent.recv() == _READY
            except (EOFError, OSError):
                ready = False
            if not ready:
                self._reap()
                raise ExtractionError("extraction worker did not start")
            return parent

    def kill(self) -> None:
        """End the worker now (SIGKILL): a thread waiting on it sees the pipe close."""
        process = self.process
        if process is not None and process.pid is not None:
            with contextlib.suppress(OSError, ValueError):
                process.kill()

    def reap(self) -> str:
        """Forget a dead or killed worker; how it ended, for the error message."""
        with self._lock:
            return self._reap()

    def _reap(self) -> str:
        process, conn = self.process, self.conn
        self.process = self.conn = None
        if conn is not None:
            conn.close()
        if process is None:
            return ""
        with contextlib.suppress(OSError, ValueError):
            process.kill()
        process.join(_JOIN_SECONDS)
        code = process.exitcode
        with contextlib.suppress(ValueError):
            process.close()
        if code is not None and code < 0:
            return f"killed by signal {-code}"
        return f"exit code {code}"


@dataclass(frozen=True, slots=True)
class _Job:
    body: bytes
    name: str
    items: tuple[str, ...]


class ExtractionPool:
    """A few worker processes that extract documents, each within `budget_seconds`.

    `extract` raises ExtractionError when a document overran its budget (its worker is
    killed and replaced), when the parser failed on it, or when its worker died.
    """

    def __init__(self, workers: int, budget_seconds: float,
                 target: DocumentExtractor = extract_document) -> None:
        self.budget_seconds = budget_seconds
        # Fork server, not fork: the daemon has threads (SQLite, aiohttp's resolver) whose
        # locks a plain fork could copy held; not spawn: a fresh interpreter per
        # replacement would cost a second of imports.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["monitor.extract"])
        self._slots = [_Slot(context, target) for _ in range(workers)]
        self._idle: asyncio.Queue[_Slot] | None = None
        self.timeouts = 0

    @property
    def restarts(self) -> int:
        """Workers started beyond the first one of each place (after a kill or a crash)."""
        return sum(max(0, slot.starts - 1) for slot in self._slots)

    def warm(self) -> None:
        """Start the workers in the background, so the first document does not wait."""
        for slot in self._slots:
            threading.Thread(target=self._warm_one, args=(slot,), daemon=True,
                             name="extract-warm").start()

    @staticmethod
    def _warm_one(slot: _Slot) -> None:
        with contextlib.suppress(ExtractionError, OSError):
            slot.ensure()

    async def extract(self, body: bytes, name: str, items: tuple[str, ...]) -> DocumentFacts:
        """Facts of one document, extracted by an idle worker within the budget."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            for slot in self._slots:
                self._idle.put_nowait(slot)
        idle = self._idle
        slot = await idle.get()
        running = asyncio.ensure_future(asyncio.to_thread(self._run, slot, _Job(body, name,
                                                                               items)))
        try:
            reply = await asyncio.shield(running)
        except asyncio.CancelledError:
            # Shutdown: the worker may be mid-document. End it, and give its place back
            # only once the thread waiting on it has returned.
            slot.kill()
            running.add_done_callback(lambda done: self._release(slot, done))
            raise
        except BaseException:
            self._release(slot)
            raise
        self._release(slot)
        return reply

    def _release(self, slot: _Slot, done: asyncio.Future[DocumentFacts] | None = None) -> None:
        if done is not None and not done.cancelled():
            done.exception()  # nobody awaits a cancelled caller's answer: consume it
        slot.busy = False
        if self._idle is not None:
            self._idle.put_nowait(slot)

    def busy_pids(self) -> list[int]:
        """Process ids of the workers extracting a document now."""
        return [slot.process.pid for slot in self._slots
                if slot.busy and slot.process is not None and slot.process.pid is not None]

    def _run(self, slot: _Slot, job: _Job) -> DocumentFacts:
        """In a thread: send the job to the slot's worker and wait at most the budget."""
        conn = slot.ensure()
        try:
            conn.send((job.body, job.name, job.items))
        except OSError:
            # The worker died while idle (killed from outside): one fresh try.
            slot.reap()
            conn = slot.ensure()
            conn.send((job.body, job.name, job.items))
        slot.busy = True
        try:
            answered = conn.poll(self.budget_seconds)
        except (OSError, ValueError):  # the pool was closed meanwhile
            answered = True
        if not answered:
            slot.kill()
            slot.reap()
            self.timeouts += 1
            raise ExtractionError(
                f"extraction stopped: over its {self.budget_seconds:g} s time budget")
        try:
            reply = conn.recv()
        except (EOFError, OSError, ValueError):
            how = slot.reap()
            raise ExtractionError(f"extraction failed: worker process died ({how})") from None
        if reply[0] == "ok":
            facts: DocumentFacts = reply[1]
            return facts
        raise ExtractionError(f"extraction failed: {reply[1]}", detail=reply[2])

    async def close(self) -> None:
        """End every worker. Nothing is lost: a worker holds no state, and a document cut
        short here belongs to a filing that stays pending (shutdown cancels it)."""
        for slot in self._slots:
            slot.closed = True
            slot.kill()
        await asyncio.gather(*(asyncio.to_thread(slot.reap) for slot in self._slots))

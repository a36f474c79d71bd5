"""Named loops and jobs under one supervision: an error none of them handled ends the daemon
(it never limps on), and a stop lets the work in flight finish, up to a deadline.

A loop is a `step` (one round of work) and a `pause` (until the next round is due). A stop
lets a step finish and cuts a pause short, so a loop only ever stops between steps. A job is
one call: the scheduled jobs are fired into the supervisor by APScheduler, which decides only
when they run; the supervisor runs them, so a scheduler shutdown cancels none of them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import structlog

log = structlog.get_logger("monitor.loops")

Work = Callable[[], Awaitable[object]]
# After an error the supervisor was told to ride out, a loop waits this long before its next
# step (a shared database's lost connection: the leader's lock check settles it meanwhile).
RETRY_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Loop:
    """A named loop: `step` does one round of work, `pause` waits until the next is due."""

    name: str
    step: Work
    pause: Work


@dataclass(eq=False)
class _Running:
    task: asyncio.Task[None]
    busy: bool = True  # in a step (or a job): a stop waits for it; a pause it cancels
    stopping: bool = False


@dataclass
class Supervisor:
    """Runs the daemon's loops and jobs. An error one did not handle is logged
    (`loop_died`) and `on_death(name, error)` told of it; errors of a type in `ride_out` are
    logged and the loop goes on."""

    on_death: Callable[[str, str], None]
    ride_out: tuple[type[Exception], ...] = ()
    _running: dict[str, _Running] = field(default_factory=dict)
    _closed: bool = False  # stopping: no job starts any more

    def start(self, loop: Loop) -> None:
        """Run `loop` in the background until it is stopped or dies."""
        task = asyncio.create_task(self._loop(loop), name=loop.name)
        self._running[loop.name] = _Running(task)

    async def fire(self, name: str, job: Work) -> None:
        """Start `job` in the background and return, unless a job of that name is still
        running (this run is skipped, as an overdue scheduled run is) or the supervisor is
        stopping. A coroutine so that APScheduler calls it on the event loop."""
        running = self._running.get(name)
        if self._closed or (running is not None and not running.task.done()):
            return

        async def supervised() -> None:
            await self.run(name, job)

        self._running[name] = _Running(asyncio.create_task(supervised(), name=name))

    async def run(self, name: str, job: Work) -> bool:
        """Run `job` now under supervision; False when it failed."""
        with contextlib.suppress(_Died):
            return await self._call(name, job)
        return False

    async def _call(self, name: str, work: Work) -> bool:
        """`work()`; False after an error to ride out; _Died after any other error."""
        try:
            await work()
        except asyncio.CancelledError:
            raise
        except self.ride_out as exc:
            log.warning("store_unavailable", loop=name, error=str(exc))
            return False
        except Exception as exc:
            error: BaseException = exc
            while isinstance(error, BaseExceptionGroup):
                error = error.exceptions[0]
            text = " ".join(f"{type(error).__name__}: {error}".split())
            log.error("loop_died", loop=name, error=text, exc_info=error)
            self.on_death(name, text)
            raise _Died from None
        return True

    async def _loop(self, loop: Loop) -> None:
        me = self._running[loop.name]
        with contextlib.suppress(_Died):
            while not me.stopping:
                me.busy = True
                ok = await self._call(loop.name, loop.step)
                me.busy = False
                if me.stopping:
                    return
                if not (ok and await self._call(loop.name, loop.pause)):
                    await asyncio.sleep(RETRY_SECONDS)

    async def stop(self, timeout: float, *, keep: Iterable[str] = ()) -> bool:
        """Stop every loop and job but those named in `keep`: pauses at once, work in
        flight within `timeout` seconds, the rest cancelled then. True when work in flight
        was cancelled."""
        self._closed = True
        kept = set(keep)
        stopping = [r for name, r in self._running.items() if name not in kept]
        for running in stopping:
            running.stopping = True
            if not running.busy:
                running.task.cancel()
        tasks = [r.task for r in stopping]
        cut_off = False
        if tasks:
            _done, late = await asyncio.wait(tasks, timeout=timeout)
            cut_off = any(r.busy for r in stopping if r.task in late)
            for task in late:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for name in [n for n in self._running if n not in kept]:
            del self._running[name]
        return cut_off

    async def cancel(self) -> None:
        """Drop everything now (the lead was lost: another daemon takes over the work)."""
        self._closed = True
        tasks = [r.task for r in self._running.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._running.clear()


class _Died(Exception):
    """A loop's work raised an unhandled error: the loop ends (the daemon was told)."""


class Interval:
    """A fixed-rate clock for a loop's pause, made as the loop starts: rounds start every
    `seconds` from then, and a round that overran its slot skips the ticks it missed (as
    APScheduler's coalesced interval jobs do)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._next = asyncio.get_running_loop().time()  # the first round starts now

    async def __call__(self) -> None:
        now = asyncio.get_running_loop().time()
        self._next += self.seconds
        while self._next <= now:
            self._next += self.seconds
        await asyncio.sleep(self._next - now)

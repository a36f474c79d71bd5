"""The filing worker: processes due filings as soon as discovery records them or a deferred
one falls due (documents EDGAR had not served yet), and runs deferred XBRL checks in the idle
time between."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime

from monitor.batch import process_batch
from monitor.edgar.client import EdgarClient
from monitor.errors import ThrottledError, UndeclaredAgentError
from monitor.loops import Loop
from monitor.pipeline import Outcome, Pipeline
from monitor.store import Store

_MIN_RETRY_WAIT = 1.0  # seconds

ClientFault = ThrottledError | UndeclaredAgentError


class FilingWorker:
    """Takes the store's due filings through the pipeline, `concurrency` at a time; no new
    filing starts once `stop` is set. `on_fault` hears of SEC throttling and an undeclared
    User-Agent (they end a batch), `on_outcome` of each filing done."""

    def __init__(self, pipeline: Pipeline, store: Store, client: EdgarClient,
                 clock: Callable[[], datetime], concurrency: int, stop: asyncio.Event, *,
                 on_fault: Callable[[ClientFault], None],
                 on_outcome: Callable[[Outcome], None]) -> None:
        self.pipeline = pipeline
        self.store = store
        self.client = client
        self.clock = clock
        self.concurrency = concurrency
        self.stop = stop
        self.on_fault = on_fault
        self.on_outcome = on_outcome
        self.ready = asyncio.Event()  # new or due filings: process now

    def wake(self) -> None:
        self.ready.set()

    async def process_pending(self) -> list[Outcome]:
        """Process the due filings; SEC throttling ends the batch (filings stay pending)."""
        try:
            return await self.process_due()
        except (ThrottledError, UndeclaredAgentError) as exc:
            self.on_fault(exc)
            return []

    async def process_due(self) -> list[Outcome]:
        """The due filings through the fan-out the daemon and backfill share."""
        due = await self.store.due_filings(self.clock())
        return await process_batch(self.pipeline, due, self.concurrency, self.stop,
                                   self.on_outcome)

    async def check_deferred(self, batch: int = 4) -> bool:
        """XBRL checks deferred to idle time (issue 17), a small batch while no filing
        waits; True when a full batch was done (more may wait)."""
        if self.pipeline.xbrl is None or self.stop.is_set():
            return False
        if await self.store.due_filings(self.clock(), limit=1):
            return False
        try:
            return await self.pipeline.check_deferred(batch) >= batch
        except (ThrottledError, UndeclaredAgentError) as exc:
            self.on_fault(exc)
            return False

    async def seconds_to_next_retry(self) -> float | None:
        """How long the worker may sleep before a deferred filing is due (None: until woken).

        At least a second, so a filing that stays due (SEC breaker open) cannot spin it."""
        at = await self.store.next_retry_at()
        if at is None:
            return None
        return max(_MIN_RETRY_WAIT, (at - self.clock()).total_seconds())

    def loop(self) -> Loop:
        """The worker as a named loop: a batch and some XBRL checks, then sleep until woken,
        a deferred filing is due, or SEC's block ends."""
        more_checks = False

        async def step() -> None:
            nonlocal more_checks
            if not self.client.breaker.is_open:  # nothing can be fetched while SEC blocks us
                await self.process_pending()
                more_checks = await self.check_deferred()

        async def pause() -> None:
            if self.client.breaker.is_open:
                await asyncio.sleep(self.client.breaker.remaining())
                return
            wait = 0.0 if more_checks else await self.seconds_to_next_retry()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self.ready.wait()
            self.ready.clear()

        return Loop("filing-worker", step, pause)

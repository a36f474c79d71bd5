"""The fan-out: a batch of due filings through the pipeline, a few at a time within the
shared rate limiter. The daemon's filing worker, `run --once` and backfill all use it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Protocol

from monitor.pipeline import Outcome
from monitor.store import PendingFiling


class FilingProcessor(Protocol):
    """What the fan-out needs of the pipeline."""

    async def process(self, pending: PendingFiling) -> Outcome: ...


async def process_batch(
    pipeline: FilingProcessor,
    due: Sequence[PendingFiling],
    concurrency: int,
    stop: asyncio.Event | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Process `due`, at most `concurrency` at once; returns the outcomes as they finished.

    Once `stop` is set no further filing starts (those running finish). An error the
    pipeline raises (SEC throttling, an undeclared User-Agent, the store) ends the whole
    batch and is raised as it is; the filings not done stay pending in the store.
    """
    sem = asyncio.Semaphore(concurrency)
    outcomes: list[Outcome] = []

    async def one(pending: PendingFiling) -> None:
        async with sem:
            if stop is not None and stop.is_set():
                return
            outcome = await pipeline.process(pending)
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)  # e.g. wake the sender: post now, not after the batch

    try:
        async with asyncio.TaskGroup() as group:
            for pending in due:
                group.create_task(one(pending))
    except* Exception as eg:  # noqa: BLE001 - re-raised: the first error, not a group
        raise eg.exceptions[0] from None
    return outcomes

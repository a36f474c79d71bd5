"""Backfill: process past filings from EDGAR's daily indexes, to load the history that rules
compare against. Resumable (a cursor per range), at the same fair-access rate, alerts off
unless asked for."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import structlog

from monitor.daemon import Monitor
from monitor.discover import reconcile_daily_index
from monitor.pipeline import Pipeline
from monitor.store import PendingFiling

log = structlog.get_logger("monitor.backfill")


@dataclass(frozen=True, slots=True)
class BackfillResult:
    days_read: int
    filings_found: int
    processed: int
    alerts_queued: int


def weekdays(since: date, until: date) -> list[date]:
    """EDGAR publishes daily indexes for business days only."""
    days = []
    day = since
    while day <= until:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


async def backfill(
    monitor: Monitor,
    since: date,
    until: date,
    *,
    alert: bool = False,
    on_day: Callable[[date, int], None] | None = None,
) -> BackfillResult:
    """Record and process every selected filing of the days in [since, until]."""
    cursor = f"backfill:{since.isoformat()}:{until.isoformat()}"
    done_through = await monitor.store.get_cursor(cursor)
    todo = [d for d in weekdays(since, until)
            if done_through is None or d > date.fromisoformat(done_through)]
    pipeline = Pipeline(monitor.client, monitor.store, monitor.config, monitor.rules,
                        monitor.clock, alerts_enabled=alert, tickers=monitor.pipeline.tickers,
                        extractor=monitor.pipeline.extractor)
    found = processed = alerts = 0
    sem = asyncio.Semaphore(monitor.config.discovery.concurrency)

    async def one(pending: PendingFiling) -> int:
        async with sem:
            outcome = await pipeline.process(pending)
            return len(outcome.alerts)

    for day in todo:
        new, read, _listed = await reconcile_daily_index(
            monitor.client, monitor.store, monitor.config.discovery, [day], monitor.clock(),
            source="backfill",
        )
        if day not in read:
            log.warning("backfill_day_unavailable", day=day.isoformat())
            break  # resume from this day next time
        found += len(new)
        due = await monitor.store.due_filings(monitor.clock(), limit=100_000, backfill=True)
        results = await asyncio.gather(*(one(p) for p in due))
        processed += len(results)
        alerts += sum(results)
        await monitor.store.set_cursor(cursor, day.isoformat())
        if on_day is not None:
            on_day(day, len(new))
    if alert:
        await monitor.drain()
    return BackfillResult(len(todo), found, processed, alerts)

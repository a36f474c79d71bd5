"""Backfill: process past filings from EDGAR's daily indexes, to load the history that rules
compare against. Resumable (a cursor per range), at the same fair-access rate, alerts off
unless asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import structlog

from monitor.batch import process_batch

if TYPE_CHECKING:
    from monitor.daemon import Monitor

log = structlog.get_logger("monitor.backfill")


@dataclass(frozen=True, slots=True)
class BackfillResult:
    days_read: int
    filings_found: int
    processed: int
    alerts_queued: int
    rules_fired: int = 0  # rule matches, counted whether or not alerts were posted


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
    """Record and process every selected filing of the days in [since, until], through the
    daemon's fan-out; with `alert` off the rules are counted and no alert is queued."""
    store = monitor.store
    cursor = f"backfill:{since.isoformat()}:{until.isoformat()}"
    done_through = await store.get_cursor(cursor)
    todo = [d for d in weekdays(since, until)
            if done_through is None or d > date.fromisoformat(done_through)]
    pipeline = monitor.new_pipeline(alerts_enabled=alert)
    found = processed = alerts = fired = 0
    for day in todo:
        new, read, _listed = await monitor.discovery.read_day(day, source="backfill")
        if day not in read:
            log.warning("backfill_day_unavailable", day=day.isoformat())
            break  # resume from this day next time
        found += len(new)
        due = await store.due_filings(monitor.clock(), limit=100_000, backfill=True)
        outcomes = await process_batch(pipeline, due, monitor.config.discovery.concurrency)
        processed += len(outcomes)
        alerts += sum(len(o.alerts) for o in outcomes)
        fired += sum(len(o.rules_fired) for o in outcomes)
        await store.set_cursor(cursor, day.isoformat())
        if on_day is not None:
            on_day(day, len(new))
    if alert:
        await monitor.drain()
    return BackfillResult(len(todo), found, processed, alerts, fired)

"""The daemon's scheduled jobs and when they run: the nightly catch-up with the daily indexes
(ticker map, late-filing follow-ups and XBRL grading with it), the late-filing follow-up once
the day's index is read, rule reload checks, and pruning. The daemon hands `SCHEDULE` to
APScheduler; these bodies know nothing of it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import structlog

from monitor.config import Config
from monitor.discover import Discovery
from monitor.edgar.client import EdgarClient
from monitor.errors import ThrottledError, UndeclaredAgentError
from monitor.followup import check_late_filings
from monitor.formats.filing import EASTERN
from monitor.metrics import Metrics
from monitor.models import Alert
from monitor.rules import RulesInForce
from monitor.store import Store
from monitor.tickers import Tickers
from monitor.xbrl.source import XbrlSource

log = structlog.get_logger("monitor.jobs")

_EASTERN = {"timezone": "America/New_York"}
# Job name, APScheduler trigger and its arguments.
SCHEDULE: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("reconcile", "cron", {"hour": 23, "minute": 30, **_EASTERN}),
    # Late-filing follow-ups: after the nightly reconciliation has read the day's index.
    ("late-filings", "cron", {"hour": 23, "minute": 50, **_EASTERN}),
    ("rules", "interval", {"seconds": 5}),
    ("prune", "cron", {"hour": 3, "minute": 15, **_EASTERN}),
)


class ScheduledJobs:
    """The bodies of the scheduled jobs. `on_queued` hears of the alerts a follow-up queued,
    `on_fatal` of an undeclared User-Agent (the daemon must stop)."""

    def __init__(self, config: Config, store: Store, client: EdgarClient,
                 discovery: Discovery, rules: RulesInForce, tickers: Tickers,
                 xbrl: XbrlSource | None, metrics: Metrics, clock: Callable[[], datetime], *,
                 on_queued: Callable[[Sequence[Alert]], None],
                 on_fatal: Callable[[UndeclaredAgentError], None]) -> None:
        self.config = config
        self.store = store
        self.client = client
        self.discovery = discovery
        self.rules = rules
        self.tickers = tickers
        self.xbrl = xbrl
        self.metrics = metrics
        self.clock = clock
        self.on_queued = on_queued
        self.on_fatal = on_fatal

    def by_name(self) -> dict[str, Callable[[], Awaitable[object]]]:
        """Each job in `SCHEDULE` by its name."""
        return {"reconcile": self.catch_up, "late-filings": self.follow_up_late_filings,
                "rules": self.reload_rules, "prune": self.prune}

    async def catch_up(self, when: str = "nightly") -> None:
        """At start and nightly: the ticker map, the daily indexes since the last read,
        late-filing follow-ups, and grading of figures against the companies' XBRL.
        SEC throttling ends it early (the next night takes it up)."""
        try:
            await self.tickers.refresh(self.client)
            await self.reconcile(when=when)
            await self.follow_up_late_filings()
            if self.xbrl is not None:
                await self.xbrl.grade_all(self.clock().astimezone(EASTERN).date())
        except ThrottledError as exc:
            log.warning("reconcile_throttled", error=str(exc))
        except UndeclaredAgentError as exc:
            self.on_fatal(exc)

    async def reconcile(self, today: date | None = None, *, when: str = "nightly") -> int:
        """Read the daily indexes since the last reconciliation; returns the filings found
        there that the feed missed."""
        new = (await self.discovery.reconcile(today, when=when)).new
        if new:
            self.metrics.filings_seen.labels(source="daily-index").inc(len(new))
            self.metrics.feed_misses.labels(when=when).inc(len(new))
        return len(new)

    async def follow_up_late_filings(self) -> int:
        """Settle late-filing notices whose extension ran out; returns the alerts queued."""
        result = await check_late_filings(
            self.store, self.rules.ruleset, self.clock(),
            default_channel=self.config.slack.default_channel,
            watchlists=self.config.watchlists,
        )
        self.metrics.late_filings.labels(outcome="overdue").inc(len(result.overdue))
        self.on_queued(result.alerts)
        return len(result.alerts)

    async def reload_rules(self) -> None:
        self.rules.reload()

    async def prune(self) -> None:
        removed = await self.store.prune(
            self.clock() - timedelta(days=self.config.retention_days))
        log.info("store_pruned", rows=removed)

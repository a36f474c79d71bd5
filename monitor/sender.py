"""The outbox sender: posts alerts as soon as filings queue them, and only once the outbox
was reconciled with the channel (a post the last run left unanswered may be there already)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from datetime import datetime

import aiohttp
import structlog

from monitor.config import Config
from monitor.deliver import DeliveryPause, DrainResult, drain_outbox, reconcile_outbox
from monitor.loops import Loop
from monitor.metrics import Metrics
from monitor.models import Alert
from monitor.notify import Notifier
from monitor.notify.console import ConsoleNotifier
from monitor.notify.slack import SlackNotifier, WebhookNotifier
from monitor.store import Store

log = structlog.get_logger("monitor.sender")

# A new leader holds back alerts whose post was in flight when the last leader went away
# this long, so a post still on the wire lands before it looks in the channel for them.
IN_FLIGHT_GRACE_SECONDS = 10.0


def build_notifier(config: Config, session: aiohttp.ClientSession) -> Notifier:
    """Slack bot when a token is set, else webhook, else the console."""
    if config.slack.bot_token:
        return SlackNotifier(config.slack.bot_token, base_url=config.slack.api_url,
                             session=session, max_retries=config.slack.max_retries)
    if config.slack.webhook_url:
        return WebhookNotifier(config.slack.webhook_url, session=session,
                               max_retries=config.slack.max_retries)
    return ConsoleNotifier()


class OutboxSender:
    """Drains the outbox to the notifier: woken when alerts are queued, and every
    `retry_seconds` for alerts whose retry fell due."""

    def __init__(self, store: Store, notifier: Notifier, clock: Callable[[], datetime],
                 metrics: Metrics, retry_seconds: float) -> None:
        self.store = store
        self.notifier = notifier
        self.clock = clock
        self.metrics = metrics
        self.retry_seconds = retry_seconds
        self.pause = DeliveryPause()
        self.opened = asyncio.Event()  # the outbox was reconciled: sending may start
        self._wake = asyncio.Event()

    def queued(self, alerts: Sequence[Alert]) -> None:
        """Alerts were queued: count them and post them now, not at the next retry tick."""
        for alert in alerts:
            for rule in alert.rule_ids:
                self.metrics.alerts.labels(rule=rule, outcome="queued").inc()
        if alerts:
            self._wake.set()

    async def reconcile(self, *, then_open: bool = True) -> None:
        """Mark the alerts the channel already shows as sent, then allow sending."""
        await reconcile_outbox(self.store, self.notifier, self.clock)
        if then_open:
            self.opened.set()

    async def open(self, stop: asyncio.Event) -> None:
        """As a term as leader starts: let posts the last leader had in flight land (unless
        `stop` is asked first), reconcile, then send."""
        if self.opened.is_set():
            return
        in_flight = await self.store.in_flight_alerts()
        if in_flight:
            log.info("awaiting_posts_in_flight", alerts=in_flight,
                     seconds=IN_FLIGHT_GRACE_SECONDS)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(IN_FLIGHT_GRACE_SECONDS):
                    await stop.wait()
        await self.reconcile()
        self._wake.set()

    async def drain(self) -> DrainResult:
        """Send what is due in the outbox; nothing before it was reconciled."""
        if not self.opened.is_set():
            return DrainResult(0, 0, 0)
        return await drain_outbox(self.store, self.notifier, self.clock,
                                  metrics=self.metrics, pause=self.pause)

    def loop(self, stop: asyncio.Event) -> Loop:
        """The sender as a named loop: open, then drain whenever woken or a retry is due."""
        async def step() -> None:
            await self.open(stop)
            await self.drain()

        async def pause() -> None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.retry_seconds):
                    await self._wake.wait()
            self._wake.clear()

        return Loop("outbox-sender", step, pause)

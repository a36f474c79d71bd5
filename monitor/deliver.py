"""Delivery: drain the outbox to the notifier, retrying what can be retried."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import structlog

from monitor.errors import NotifyError, PermanentNotifyError, SlackSetupError
from monitor.metrics import Metrics
from monitor.models import QueuedAlert
from monitor.notify import Notifier
from monitor.store import Store

log = structlog.get_logger("monitor.deliver")

MAX_BACKOFF_SECONDS = 600.0
MAX_PROBE_SECONDS = 300.0  # while paused, Slack is asked again at least every 5 minutes
_CHANNEL_GONE = frozenset({"channel_not_found", "is_archived"})


@dataclass(frozen=True, slots=True)
class DrainResult:
    sent: int
    retrying: int
    failed: int


def retry_delay(attempts: int) -> float:
    """Backoff before the next try of an alert: 5 s doubling, capped at 10 minutes."""
    return min(MAX_BACKOFF_SECONDS, 5.0 * 2.0 ** max(0, attempts))


@dataclass
class DeliveryPause:
    """Slack refused the bot's setup (token, scopes, channel): no alert can go out until the
    operator fixes it, so delivery pauses. Alerts stay pending; each try is a probe, spaced
    by a doubling backoff."""

    reason: str = ""
    message: str = ""
    since: datetime | None = None
    probes: int = 0

    @property
    def paused(self) -> bool:
        return self.since is not None

    def start(self, code: str, message: str, now: datetime) -> bool:
        """Record a refusal; True when this starts the pause."""
        started = self.since is None
        if started:
            self.since = now
        self.reason, self.message = code, message
        self.probes += 1
        return started

    def end(self) -> datetime | None:
        """Clear the pause; returns when it had started (None when there was none)."""
        since, self.since, self.reason, self.message, self.probes = (
            self.since, None, "", "", 0)
        return since

    def next_probe_in(self) -> float:
        return min(MAX_PROBE_SECONDS, retry_delay(self.probes - 1))


async def reconcile_outbox(
    store: Store, notifier: Notifier, clock: Callable[[], datetime]
) -> int:
    """Mark pending alerts that Slack already shows as sent; returns how many.

    Only alerts whose post was started (and so may be in the channel) are looked for, one
    history read per channel. Notifiers that cannot read the channel back are skipped;
    an alert this cannot settle is looked for again before it is posted.
    """
    if not notifier.reads_back:
        return 0
    pending = await store.due_alerts(clock() + timedelta(days=3650), limit=10_000)
    by_channel: dict[str, list[QueuedAlert]] = {}
    for alert in pending:
        if alert.post_attempts and alert.channel_id:
            by_channel.setdefault(alert.channel_id, []).append(alert)
    reconciled = 0
    for channel_id, alerts in by_channel.items():
        try:
            found = await notifier.find_delivered(
                channel_id, {a.alert_id for a in alerts},
                _oldest(min(alerts, key=lambda a: a.created_at)))
        except NotifyError as exc:
            log.warning("outbox_reconcile_failed", channel_id=channel_id, error=str(exc))
            continue
        for alert_id, ts in found.items():
            await store.mark_sent(alert_id, ts, clock())
            log.info("alert_already_posted", alert_id=alert_id, slack_ts=ts)
            reconciled += 1
    return reconciled


async def drain_outbox(
    store: Store,
    notifier: Notifier,
    clock: Callable[[], datetime],
    batch: int = 50,
    metrics: Metrics | None = None,
    pause: DeliveryPause | None = None,
) -> DrainResult:
    """Send every due alert once, `batch` rows read at a time, until none is due; stop early
    when Slack is unreachable or refuses the bot's setup (`pause` then says why)."""
    pause = pause if pause is not None else DeliveryPause()
    sent = retrying = failed = 0
    while True:
        due = await store.due_alerts(clock(), batch)
        for alert in due:
            outcome = await _deliver(store, notifier, clock, alert, metrics, pause)
            sent += outcome == "sent"
            failed += outcome == "failed"
            if outcome in ("retry", "paused"):
                retrying += 1
                break
        if retrying or len(due) < batch:
            break
    if metrics is not None:
        metrics.outbox_depth.set(await store.outbox_depth())
        metrics.outbox_failed.set(await store.failed_alerts())
        metrics.show_pause(pause.reason if pause.paused else "")
    return DrainResult(sent, retrying, failed)


async def _deliver(
    store: Store, notifier: Notifier, clock: Callable[[], datetime], alert: QueuedAlert,
    metrics: Metrics | None, pause: DeliveryPause,
) -> str:
    """Post one alert and record the outcome: "sent", "failed", "retry" or "paused"."""
    bound = log.bind(alert_id=alert.alert_id, accession=alert.accession,
                     channel=alert.channel, rules=list(alert.rules))
    try:
        ts = await _post_once(store, notifier, alert)
    except SlackSetupError as exc:
        if pause.start(exc.code, str(exc), clock()):
            bound.error("delivery_paused", reason=exc.code, error=str(exc),
                        outbox_pending=await store.outbox_depth())
        if exc.code in _CHANNEL_GONE:
            notifier.forget_channel(alert.channel)
        # Every alert would meet the same refusal: all wait, in order, for the next probe.
        probe_at = clock() + timedelta(seconds=pause.next_probe_in())
        await store.mark_retry(alert.alert_id, str(exc), probe_at)
        await store.postpone_pending(probe_at)
        return "paused"
    except PermanentNotifyError as exc:
        await store.mark_failed(alert.alert_id, str(exc))
        bound.error("alert_failed_permanently", error=str(exc))
        _count(metrics, alert, "failed")
        _resume(pause, bound, clock())
        return "failed"
    except NotifyError as exc:
        delay = retry_delay(alert.attempts)
        retry_at = clock() + timedelta(seconds=delay)
        await store.mark_retry(alert.alert_id, str(exc), retry_at)
        # Slack is down or throttling: the rest would fail the same way, so they wait
        # too, and keep their order when Slack is back.
        await store.postpone_pending(retry_at)
        bound.warning("alert_retry_later", error=str(exc), retry_in_s=delay)
        _count(metrics, alert, "retry")
        return "retry"
    now = clock()
    await store.mark_sent(alert.alert_id, ts, now)
    _resume(pause, bound, now)
    lag = _lag_seconds(alert, now)
    bound.info("alert_sent", slack_ts=ts, lag_s=lag)
    _count(metrics, alert, "sent")
    if metrics is not None and lag is not None:
        metrics.lag.observe(lag)
    return "sent"


def _resume(pause: DeliveryPause, bound: Any, now: datetime) -> None:
    since = pause.end()
    if since is not None:
        bound.info("delivery_resumed", paused_s=round((now - since).total_seconds(), 1))


async def _post_once(store: Store, notifier: Notifier, alert: QueuedAlert) -> str:
    """Post an alert unless an earlier attempt already reached the channel; its `ts`.

    The channel name is turned into its ID first (conversations.history takes IDs only) and
    kept with the alert. An alert whose post was started before (a lost answer, a crash) is
    looked for in the channel, and waits, rather than post blindly, while that cannot be
    read. The start of each post is recorded before the request leaves. A notifier that
    cannot read the channel back posts it again (at least once).
    """
    channel_id = alert.channel_id
    if not channel_id and notifier.reads_back:
        channel_id = await notifier.resolve_channel(alert.channel)
    if alert.post_attempts and notifier.reads_back:
        found = await notifier.find_delivered(channel_id, {alert.alert_id}, _oldest(alert))
        if alert.alert_id in found:
            log.info("alert_already_posted", alert_id=alert.alert_id,
                     slack_ts=found[alert.alert_id])
            return found[alert.alert_id]
    await store.mark_posting(alert.alert_id, channel_id)
    return await notifier.send(replace(alert, channel_id=channel_id))


def _oldest(alert: QueuedAlert) -> float:
    """History to search: a message can only exist after its alert was queued."""
    return alert.created_at.timestamp() - 60


def _count(metrics: Metrics | None, alert: QueuedAlert, outcome: str) -> None:
    if metrics is not None:
        for rule in alert.rules:
            metrics.alerts.labels(rule=rule, outcome=outcome).inc()


def _lag_seconds(alert: QueuedAlert, now: datetime) -> float | None:
    accepted = alert.alert.accepted
    if accepted is None or accepted.tzinfo is None:  # a naive time cannot meet the clock
        return None
    return round((now - accepted).total_seconds(), 3)

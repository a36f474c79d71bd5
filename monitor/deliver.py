"""Delivery: drain the outbox to the notifier, retrying what can be retried."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from monitor.errors import NotifyError, PermanentNotifyError
from monitor.metrics import Metrics
from monitor.notify import Notifier
from monitor.store import OutboxAlert, Store

log = structlog.get_logger("monitor.deliver")

MAX_BACKOFF_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class DrainResult:
    sent: int
    retrying: int
    failed: int


def retry_delay(attempts: int) -> float:
    """Backoff before the next try of an alert: 5 s doubling, capped at 10 minutes."""
    return min(MAX_BACKOFF_SECONDS, 5.0 * 2.0 ** max(0, attempts))


async def reconcile_outbox(
    store: Store, notifier: Notifier, clock: Callable[[], datetime]
) -> int:
    """Mark pending alerts that Slack already shows as sent; returns how many.

    Only notifiers that can read the channel back (a bot token) take part; others have no
    `find_delivered` and are skipped.
    """
    finder = getattr(notifier, "find_delivered", None)
    if finder is None:
        return 0
    pending = await store.due_alerts(clock() + timedelta(days=3650), limit=10_000)
    by_channel: dict[str, list[OutboxAlert]] = {}
    for alert in pending:
        by_channel.setdefault(alert.channel, []).append(alert)
    reconciled = 0
    for channel, alerts in by_channel.items():
        # A message can only exist after its alert was queued.
        oldest = min(a.created_at for a in alerts).timestamp() - 60
        try:
            found = await finder(channel, {a.alert_id for a in alerts}, oldest)
        except NotifyError as exc:
            log.warning("outbox_reconcile_failed", channel=channel, error=str(exc))
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
) -> DrainResult:
    """Send every due alert once, `batch` rows read at a time, until none is due; stop early
    when Slack is unreachable."""
    sent = retrying = failed = 0
    while True:
        due = await store.due_alerts(clock(), batch)
        for alert in due:
            outcome = await _deliver(store, notifier, clock, alert, metrics)
            sent += outcome == "sent"
            failed += outcome == "failed"
            if outcome == "retry":
                retrying += 1
                break
        if retrying or len(due) < batch:
            break
    if metrics is not None:
        metrics.outbox_depth.set(await store.outbox_depth())
    return DrainResult(sent, retrying, failed)


async def _deliver(
    store: Store, notifier: Notifier, clock: Callable[[], datetime], alert: OutboxAlert,
    metrics: Metrics | None,
) -> str:
    """Post one alert and record the outcome: "sent", "failed" or "retry"."""
    bound = log.bind(alert_id=alert.alert_id, accession=alert.accession,
                     channel=alert.channel, rules=list(alert.rules))
    try:
        ts = await _already_posted(notifier, alert)
        if ts is None:
            # Recorded first, so whoever sends it next (after a crash, or another daemon
            # after a failover) looks in the channel before posting it again.
            await store.mark_sending(alert.alert_id, clock())
            ts = await notifier.send(alert)
    except PermanentNotifyError as exc:
        await store.mark_failed(alert.alert_id, str(exc))
        bound.error("alert_failed_permanently", error=str(exc))
        _count(metrics, alert, "failed")
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
    lag = _lag_seconds(alert, now)
    bound.info("alert_sent", slack_ts=ts, lag_s=lag)
    _count(metrics, alert, "sent")
    if metrics is not None and lag is not None:
        metrics.lag.observe(lag)
    return "sent"


async def _already_posted(notifier: Notifier, alert: OutboxAlert) -> str | None:
    """The `ts` of this alert's message if an earlier attempt reached Slack after all.

    A timeout or a dropped connection can come after Slack posted the message, so an alert
    that failed before is looked up in the channel before it is sent again.
    """
    finder = getattr(notifier, "find_delivered", None)
    if finder is None or (alert.attempts == 0 and not alert.in_flight):
        return None
    oldest = alert.created_at.timestamp() - 60
    try:
        found: dict[str, str] = await finder(alert.channel, {alert.alert_id}, oldest)
    except NotifyError as exc:
        # Without history access (no channels:history scope) the check cannot be made;
        # posting again risks a duplicate, never a lost alert.
        log.warning("alert_history_unreadable", alert_id=alert.alert_id, error=str(exc))
        return None
    ts = found.get(alert.alert_id)
    if ts is not None:
        log.info("alert_already_posted", alert_id=alert.alert_id, slack_ts=ts)
    return ts


def _count(metrics: Metrics | None, alert: OutboxAlert, outcome: str) -> None:
    if metrics is not None:
        for rule in alert.rules:
            metrics.alerts.labels(rule=rule, outcome=outcome).inc()


def _lag_seconds(alert: OutboxAlert, now: datetime) -> float | None:
    accepted = alert.payload.get("accepted")
    if not accepted:
        return None
    try:
        return round((now - datetime.fromisoformat(accepted)).total_seconds(), 3)
    except (TypeError, ValueError):
        return None

"""Delivery: drain the outbox to the notifier, retrying what can be retried."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from monitor.errors import NotifyError, PermanentNotifyError
from monitor.notify import Notifier
from monitor.store import Store

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


async def drain_outbox(
    store: Store, notifier: Notifier, clock: Callable[[], datetime], limit: int = 50
) -> DrainResult:
    """Send every due alert once; stop early when Slack is unreachable."""
    sent = retrying = failed = 0
    for alert in await store.due_alerts(clock(), limit):
        bound = log.bind(alert_id=alert.alert_id, accession=alert.accession,
                         channel=alert.channel, rules=list(alert.rules))
        try:
            ts = await notifier.send(alert)
        except PermanentNotifyError as exc:
            await store.mark_failed(alert.alert_id, str(exc))
            bound.error("alert_failed_permanently", error=str(exc))
            failed += 1
            continue
        except NotifyError as exc:
            delay = retry_delay(alert.attempts)
            await store.mark_retry(alert.alert_id, str(exc), clock() + timedelta(seconds=delay))
            bound.warning("alert_retry_later", error=str(exc), retry_in_s=delay)
            retrying += 1
            # Slack is down or throttling: the rest would fail the same way.
            break
        await store.mark_sent(alert.alert_id, ts, clock())
        bound.info("alert_sent", slack_ts=ts)
        sent += 1
    return DrainResult(sent, retrying, failed)

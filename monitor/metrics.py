"""Prometheus metrics and the small health/metrics HTTP server.

One registry per Monitor (no process-global collectors), so tests can run several.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import Collector

from monitor.edgar.client import EdgarClient

# Acceptance-to-Slack lag: EDGAR publishes within seconds; anything past minutes is news.
LAG_BUCKETS = (1, 2, 4, 7, 10, 15, 30, 60, 120, 300, 600, 1800, 3600)


class _EdgarCollector(Collector):
    """Reads the EDGAR client's own counters at scrape time."""

    def __init__(self, client: Callable[[], EdgarClient | None]) -> None:
        self._client = client

    def collect(self) -> Iterable[Metric]:
        client = self._client()
        requests = CounterMetricFamily(
            "edgar_monitor_edgar_requests", "EDGAR requests by HTTP status or fault",
            labels=["status"],
        )
        breaker = GaugeMetricFamily("edgar_monitor_sec_breaker_open",
                                    "1 while the SEC throttle breaker blocks requests")
        blocks = CounterMetricFamily("edgar_monitor_sec_blocks",
                                     "SEC throttle blocks since start")
        remaining = GaugeMetricFamily("edgar_monitor_sec_block_remaining_seconds",
                                      "Seconds until the SEC throttle block ends (0: none)")
        if client is not None:
            for status, count in sorted(client.requests.items()):
                requests.add_metric([status], count)
            breaker.add_metric([], 1.0 if client.breaker.is_open else 0.0)
            blocks.add_metric([], client.breaker.blocks)
            remaining.add_metric([], client.breaker.remaining())
        yield requests
        yield breaker
        yield blocks
        yield remaining


@dataclass
class Metrics:
    """Every metric the daemon exports."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.filings_seen = Counter("edgar_monitor_filings_seen", "New filings discovered",
                                    ["source"], registry=r)
        self.filings_processed = Counter("edgar_monitor_filings_processed",
                                         "Filings through the pipeline, by outcome",
                                         ["status"], registry=r)
        self.alerts = Counter("edgar_monitor_alerts", "Alerts by rule and outcome",
                              ["rule", "outcome"], registry=r)
        self.outbox_depth = Gauge("edgar_monitor_outbox_depth", "Alerts waiting to be sent",
                                  registry=r)
        self.outbox_failed = Gauge("edgar_monitor_outbox_failed",
                                   "Alerts Slack rejected for their content (never posted)",
                                   registry=r)
        self.delivery_paused = Gauge("edgar_monitor_delivery_paused",
                                     "1 while Slack refuses the bot's token, scopes or channel",
                                     registry=r)
        self.delivery_pause_reason = Gauge("edgar_monitor_delivery_pause_reason",
                                           "1 for the Slack error that paused delivery",
                                           ["reason"], registry=r)
        self.last_poll = Gauge("edgar_monitor_last_successful_poll_timestamp_seconds",
                               "Unix time of the last successful feed poll", registry=r)
        self.figure_checks = Counter(
            "edgar_monitor_figure_checks",
            "Extracted current figures graded against the 10-Q/10-K in XBRL, by outcome",
            ["figure", "outcome"], registry=r)
        self.feed_misses = Counter(
            "edgar_monitor_feed_misses",
            "Selected filings first found in the daily index, not the feed (when: nightly "
            "while running, or startup after downtime)", ["when"], registry=r)
        self.late_filings = Counter(
            "edgar_monitor_late_filing_followups",
            "Late-filing notices settled: overdue (report missing after the extension)",
            ["outcome"], registry=r)
        self.leader = Gauge("edgar_monitor_leader",
                            "1 while this daemon is the active leader, 0 as a standby",
                            registry=r)
        self.lag = Histogram("edgar_monitor_alert_lag_seconds",
                             "SEC acceptance to Slack post", buckets=LAG_BUCKETS, registry=r)
        self._client: EdgarClient | None = None
        r.register(_EdgarCollector(lambda: self._client))

    def watch_client(self, client: EdgarClient) -> None:
        self._client = client

    def show_pause(self, reason: str) -> None:
        """Delivery paused for Slack error `reason`, or running ("")."""
        self.delivery_paused.set(1 if reason else 0)
        self.delivery_pause_reason.clear()
        if reason:
            self.delivery_pause_reason.labels(reason=reason).set(1)

    def render(self) -> bytes:
        return generate_latest(self.registry)


@dataclass(frozen=True, slots=True)
class Health:
    """Whether the daemon is doing its job, with the reason when it is not."""

    ok: bool
    reason: str
    role: str = "leader"  # "standby" while another daemon on the database leads


def assess_health(
    now: datetime,
    started: datetime,
    last_poll_ok: datetime | None,
    poll_interval: float,
    breaker_open_for: float,
    breaker_window: float,
    delivery_paused: str = "",
    min_window: float = 0.0,
) -> Health:
    """Unhealthy when no poll succeeded for 3 intervals (and at least `min_window` seconds,
    so one slow answer at a short interval is no outage), SEC blocks us past its window, or
    Slack refuses the bot's setup (`delivery_paused` says why)."""
    reference = last_poll_ok or started
    age = (now - reference).total_seconds()
    limit = max(3 * poll_interval, min_window)
    if age > limit:
        what = "last successful poll" if last_poll_ok else "start without a successful poll"
        return Health(False, f"{what} {age:.0f}s ago (limit {limit:.0f}s)")
    if breaker_open_for > breaker_window:
        return Health(False, f"SEC throttle breaker open for {breaker_open_for:.0f}s")
    if delivery_paused:
        return Health(False, f"Slack delivery paused: {delivery_paused}")
    return Health(True, "ok")


def health_app(metrics: Metrics, health: Callable[[], Health]) -> web.Application:
    """`/healthz` (200 or 503 with the reason) and `/metrics` (Prometheus text)."""

    async def healthz(_request: web.Request) -> web.Response:
        state = health()
        return web.json_response({"ok": state.ok, "reason": state.reason, "role": state.role},
                                 status=200 if state.ok else 503)

    async def metrics_view(_request: web.Request) -> web.Response:
        return web.Response(body=metrics.render(),
                            headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_view)
    return app

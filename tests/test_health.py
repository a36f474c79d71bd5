"""Health and metrics: /healthz, /metrics and `edgar-monitor check`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import aiohttp

from monitor.config import Config
from monitor.daemon import Monitor
from monitor.metrics import assess_health
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec

from .conftest import DOCUMENTS, minutes_ago

T0 = datetime(2025, 12, 12, 15, 0, tzinfo=UTC)


def metric(text: str, name: str) -> float:
    """Sum of all samples of one metric in Prometheus text format."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and not line.startswith("#"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_healthy_while_polls_succeed() -> None:
    assert assess_health(T0, T0, T0 - timedelta(seconds=25), 10, 0, 600).ok


def test_unhealthy_when_last_poll_is_older_than_three_intervals() -> None:
    state = assess_health(T0, T0 - timedelta(hours=1), T0 - timedelta(seconds=31), 10, 0, 600)
    assert not state.ok
    assert "last successful poll 31s ago" in state.reason


def test_unhealthy_when_sec_blocks_longer_than_its_window() -> None:
    state = assess_health(T0, T0, T0, 10, 601, 600)
    assert not state.ok
    assert "breaker" in state.reason


def test_a_short_poll_interval_is_not_held_to_less_than_a_request_timeout() -> None:
    # 4 s polls (the default) and a 30 s request timeout: one slow poll is no outage.
    last = T0 - timedelta(seconds=20)
    assert assess_health(T0, T0 - timedelta(hours=1), last, 4, 0, 600, min_window=30).ok
    stale = assess_health(T0, T0 - timedelta(hours=1), T0 - timedelta(seconds=31), 4, 0, 600,
                          min_window=30)
    assert (stale.ok, stale.reason) == (False, "last successful poll 31s ago (limit 30s)")


def test_starting_daemon_gets_three_intervals_of_grace() -> None:
    assert assess_health(T0, T0 - timedelta(seconds=20), None, 10, 0, 600).ok
    assert not assess_health(T0, T0 - timedelta(seconds=40), None, 10, 0, 600).ok


async def test_metrics_move_after_a_poll(make_config: Callable[..., Config]) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(FilingSpec(
            accession="0001000001-03-000007", cik=1000001, company="LumenFiber Corp.",
            form="8-K", accepted=minutes_ago(2), items=("2.02", "9.01"),
            documents=(DocSpec("EX-99.1", "ex.txt",
                               (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()),)))
        config = make_config(replica.base_url, health__port=0)
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            url = await monitor.start_health_server()
            async with aiohttp.ClientSession() as http:
                before = await (await http.get(f"{url}/metrics")).text()
                await monitor.poll_cycle()
                after = await (await http.get(f"{url}/metrics")).text()
                health = await http.get(f"{url}/healthz")
                assert health.status == 200
    assert metric(before, "edgar_monitor_filings_processed_total") == 0
    assert metric(after, "edgar_monitor_filings_processed_total") == 1
    assert metric(after, "edgar_monitor_filings_seen_total") == 1
    assert metric(after, "edgar_monitor_edgar_requests_total") >= 3
    assert metric(after, 'edgar_monitor_alerts_total{outcome="sent",rule="going-concern"}') == 1
    assert metric(after, "edgar_monitor_alert_lag_seconds_count") >= 1
    assert metric(after, "edgar_monitor_outbox_depth") == 0
    assert metric(after, "edgar_monitor_sec_breaker_open") == 0


async def test_check_command_exits_0_when_healthy_and_1_when_not(
    make_config: Callable[..., Config],
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        config = make_config(replica.base_url, health__port=0)
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            url = await monitor.start_health_server()
            await monitor.poll_cycle()
            healthy = await _check(url)
            monitor.last_poll_ok = datetime.now(UTC) - timedelta(hours=1)
            stale = await _check(url)
    unreachable = await _check("http://127.0.0.1:9")
    assert (healthy, stale, unreachable) == (0, 1, 1)


async def _check(url: str) -> int:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "monitor", "check", "--url", url,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    return await proc.wait()

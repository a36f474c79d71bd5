"""The daemon as a real process: SIGTERM mid-cycle and SIGKILL crashes lose nothing and post
nothing twice. (The long crash soak is bench/bench_crash.py.)"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from monitor.sandbox import EdgarReplica, FilingSpec
from monitor.testing.fakeslack import VALID_TOKEN, FakeSlack
from monitor.testing.harness import DaemonProcess, wait_until

from .conftest import REPO, distressed_8k


def distressed(n: int) -> FilingSpec:
    return distressed_8k(n, series=2)


@pytest.fixture
async def daemon(
    replica: EdgarReplica, slack: FakeSlack, tmp_path: Path
) -> AsyncIterator[DaemonProcess]:
    config = "discovery: {poll_interval_seconds: 1}\nshutdown_grace_seconds: 20\n"
    async with DaemonProcess(tmp_path, replica, slack, REPO / "rules", config) as process:
        yield process


def assert_each_alerted_once(slack: FakeSlack, accessions: list[str]) -> None:
    counts = {acc: len(slack.alerts_for(acc)) for acc in accessions}
    assert counts == dict.fromkeys(accessions, 1)


@pytest.mark.timeout(120)
async def test_sigterm_mid_cycle_exits_cleanly_and_loses_nothing(
    replica: EdgarReplica, slack: FakeSlack, daemon: DaemonProcess
) -> None:
    specs = [distressed(n) for n in range(16)]
    for spec in specs:
        replica.add_filing(spec)

    proc = await daemon.start()
    await wait_until(lambda: len(slack.messages) >= 3)
    proc.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(proc.wait(), 60)

    assert code == 0, daemon.log_text()
    assert '"monitor_stopped"' in daemon.log_text()
    after_stop = daemon.statuses()
    assert sum(after_stop.values()) == 16  # every filing discovered was recorded

    proc = await daemon.start("--once")
    assert await asyncio.wait_for(proc.wait(), 60) == 0, daemon.log_text()

    assert daemon.statuses() == {"processed": 16}
    assert_each_alerted_once(slack, [s.accession for s in specs])
    logs = daemon.log_text()
    assert VALID_TOKEN not in logs  # secrets never logged
    assert logs.count('"event": "filing_processed"') == 16  # one JSON line per filing


@pytest.mark.timeout(180)
async def test_sigkill_at_several_points_posts_every_alert_exactly_once(
    replica: EdgarReplica, slack: FakeSlack, daemon: DaemonProcess
) -> None:
    specs = [distressed(n) for n in range(20)]
    for spec in specs:
        replica.add_filing(spec)
    kill_points: list[Callable[[], bool]] = [
        lambda: len(replica.requests) >= 6,       # mid-fetch, before any alert
        lambda: len(slack.messages) >= 3,         # right after Slack accepted a message
        lambda: len(slack.messages) >= 7,
        lambda: len(replica.requests) >= 38,
    ]
    for point in kill_points:
        proc = await daemon.start()
        await wait_until(point)
        proc.kill()
        await proc.wait()

    proc = await daemon.start("--once")
    assert await asyncio.wait_for(proc.wait(), 90) == 0, daemon.log_text()

    assert daemon.statuses() == {"processed": 20}
    assert_each_alerted_once(slack, [s.accession for s in specs])

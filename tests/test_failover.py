"""Failover: two daemons (real processes) on one PostgreSQL database while filings keep
arriving; the leader is SIGKILLed and, once, cut off from the database. Every alert is posted
exactly once and the two never exceed SEC's 10 requests per second together. (The longer run
with takeover figures is bench/bench_failover.py.)"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest

from monitor.sandbox import EdgarReplica, busiest_second
from monitor.testing.failover import FailoverRun, stream_of_filings
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.postgres import ThrowawayPostgres

from .conftest import DOCUMENTS, REPO

RELEASE = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()


@pytest.mark.timeout(240)
async def test_leader_killed_or_cut_off_loses_no_alert_and_posts_none_twice(
    replica: EdgarReplica, slack: FakeSlack, postgres: ThrowawayPostgres, tmp_path: Path
) -> None:
    specs = stream_of_filings(24, RELEASE, prefix=7)
    started = time.monotonic()
    async with FailoverRun(tmp_path, replica, slack, postgres, REPO / "rules") as run:
        await run.start_both()
        feeder = asyncio.create_task(run.feed(specs, every=0.4))
        takeovers = []
        for n, fault in enumerate(("kill", "cut-off", "kill")):
            await run.wait_for_alerts(4 * (n + 1))
            takeovers.append(await run.fail_leader(fault))
        await feeder
        await run.wait_for_alerts(len(specs), timeout=120)
        codes = await run.stop_both(signal.SIGTERM)
        statuses = run.daemons[0].statuses()

    assert statuses == {"processed": len(specs)}
    posted = {s.accession: len(slack.alerts_for(s.accession)) for s in specs}
    assert posted == dict.fromkeys(posted, 1)  # none lost, none twice
    assert busiest_second([r.time for r in replica.requests if r.time >= started]) <= 10
    assert replica.throttled == 0
    assert all(t.seconds < 15 for t in takeovers), takeovers
    assert codes == [0, 0], run.log_text()
    logs = run.log_text()
    assert logs.count('"leadership_acquired"') >= 4  # the first leader and three takeovers
    assert '"leadership_lost"' in logs  # the daemon cut off from the database said so

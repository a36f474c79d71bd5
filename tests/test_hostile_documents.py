"""Hostile exhibits under the shipped config: each is read within its bounds or recorded with
an error, the other filings go on, and /healthz keeps answering meanwhile."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from monitor.config import Config
from monitor.daemon import Monitor
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.harness import DaemonProcess, wait_until

from .conftest import DOCUMENTS, REPO

RELEASE = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
STATEMENT = b"<tr><td>Total revenue</td><td>$ 1,234</td><td>$ 1,000</td></tr>"
# 10,000 tables, each inside a cell of the one before (old code: quadratic, 25 s).
NESTED_TABLES = (b"<html><body>" + (b"<table>" + STATEMENT + b"<tr><td>") * 10_000
                 + b"</td></tr></table>" * 10_000)
# 5,000 <table> tags never closed, each opened inside an unclosed cell (old code: 5.7 s).
UNCLOSED_TABLES = b"<html><body>" + b"<table><tr><td>Revenue 1,234<td>" * 5_000
# lexbor's own tree builder is quadratic on nested <div>s: past any budget.
DEEP_DIVS = b"<html><body>" + b"<div>" * 200_000 + b"Revenue $1,234"


def filing(n: int, body: bytes, name: str) -> FilingSpec:
    return FilingSpec(accession=f"0008{n:06d}-25-{n:06d}", cik=8_000_000 + n,
                      company=f"Hostile {n} Inc.", form="8-K",
                      accepted=datetime.now(UTC) - timedelta(minutes=5 - n),
                      items=("2.02", "9.01"), documents=(DocSpec("EX-99.1", name, body),))


async def test_hostile_exhibits_are_bounded_other_filings_alert_and_health_answers(
    make_config: Callable[..., Config],
) -> None:
    notifier = RecordingNotifier()
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(filing(1, DEEP_DIVS, "deep.htm"))
        replica.add_filing(filing(2, NESTED_TABLES, "nested.htm"))
        replica.add_filing(filing(3, UNCLOSED_TABLES, "unclosed.htm"))
        replica.add_filing(filing(4, RELEASE, "release.txt"))
        config = make_config(replica.base_url, health__port=0)
        async with Monitor(config, notifier=notifier) as monitor:
            run = asyncio.create_task(monitor.run_until_stopped())
            await wait_until(lambda: bool(monitor.health_url))
            statuses: list[int] = []
            answers_while_extracting = 0
            async with aiohttp.ClientSession() as session:
                while await processed(monitor) < 4:
                    async with session.get(monitor.health_url + "/healthz") as resp:
                        statuses.append(resp.status)
                    answers_while_extracting += bool(monitor.extractor.busy_pids())
            monitor.stop()
            await run
            rows = {r["accession"]: r["error"] for r in await monitor.store.query(
                "SELECT accession, error FROM filings")}
    budget = config.extraction.time_budget_seconds
    assert rows == {
        "0008000001-25-000001": f"deep.htm: extraction stopped: over its {budget:g} s time budget",
        "0008000002-25-000002": "",
        "0008000003-25-000003": "",
        "0008000004-25-000004": "",
    }
    assert [a.accession for a in notifier.sent] == ["0008000004-25-000004"]
    # Feed polls went on, so health stayed good, and it answered while documents were read.
    assert set(statuses) == {200}
    assert answers_while_extracting >= 5


async def processed(monitor: Monitor) -> int:
    [row] = await monitor.store.query(
        "SELECT count(*) AS n FROM filings WHERE status = 'processed'")
    return int(row["n"])


def child_pids(pid: int) -> list[int]:
    """Every process below `pid` (fork server, resource tracker, extraction workers)."""
    out: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        out += map(int, children)
        todo += map(int, children)
    return out


def running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.timeout(120)
async def test_sigterm_while_a_worker_reads_a_hostile_exhibit_leaves_no_process(
    replica: EdgarReplica, slack: FakeSlack, tmp_path: Path
) -> None:
    replica.add_filing(filing(1, DEEP_DIVS, "deep.htm"))
    async with DaemonProcess(tmp_path, replica, slack, REPO / "rules") as daemon:
        proc = await daemon.start()
        await wait_until(lambda: any(r.path_qs.endswith("/deep.htm") for r in replica.requests))
        await wait_until(lambda: len(child_pids(proc.pid)) >= 3)  # workers under the server
        children = child_pids(proc.pid)
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), 60)
        await wait_until(lambda: not any(running(p) for p in children), 10)
    assert code == 0, daemon.log_text()
    assert '"monitor_stopped"' in daemon.log_text()

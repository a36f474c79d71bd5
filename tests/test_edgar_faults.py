"""EDGAR faults against the replica with the default config: a throttle page stops every
queued request, the 10-per-second window holds at any queue depth, hostile file names never
become requests or links, a filing listing thousands of documents costs a bounded number of
requests, and a block logs once. (The long runs are bench/bench_faults.py.)"""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest
import structlog

from monitor.config import Config, EdgarConfig
from monitor.daemon import Monitor
from monitor.edgar.client import EdgarClient
from monitor.errors import ThrottledError
from monitor.formats.filing import is_edgar_filename
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec, busiest_second
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.harness import DaemonProcess, wait_until

from .conftest import DOCUMENTS, REPO, USER_AGENT, minutes_ago
from .test_health import metric

RELEASE = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
CIK = 1000001
ACC = "0001000001-25-000007"
FOLDER = f"/Archives/edgar/data/{CIK}/{ACC.replace('-', '')}"


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def many_documents(count: int, *, accession: str = ACC, release: bytes = RELEASE) -> FilingSpec:
    """An 8-K whose index lists `count` EX-99 exhibits (the first one the real release)."""
    docs = [DocSpec("8-K", "form8k.htm", b"<html><body><p>Item 2.02</p></body></html>", "8-K")]
    docs += [DocSpec(f"EX-99.{n}", f"ex99-{n}.htm" if n > 1 else "ex99-1.txt",
                     release if n == 1 else b"<html><body><p>Exhibit.</p></body></html>",
                     "EXHIBIT")
             for n in range(1, count + 1)]
    return FilingSpec(accession=accession, cik=CIK, company="LumenFiber Corp.", form="8-K",
                      accepted=minutes_ago(3), items=("2.02", "9.01"), documents=tuple(docs))


def default_client(url: str, **options: object) -> EdgarClient:
    config = EdgarConfig.model_validate({"base_url": url})  # every other value the default
    return EdgarClient(config, USER_AGENT, **options)  # type: ignore[arg-type]


async def test_requests_queued_before_a_throttle_page_never_leave() -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(many_documents(60))
        # The fifth request gets SEC's throttle page while 55 more wait in the queue.
        replica.inject(f"{FOLDER}/ex99-", [200, 200, 200, 200, 429])
        async with default_client(replica.base_url) as client:
            results = await asyncio.gather(
                *(client.get(f"{FOLDER}/ex99-{n}.htm") for n in range(2, 62)),
                return_exceptions=True)
    throttled_at = next(r.time for r in replica.requests if r.status == 429)
    after = [r.path_qs for r in replica.requests if r.time > throttled_at]
    assert after == []  # nothing between the throttle page and the end of the block
    assert sum(isinstance(r, ThrottledError) for r in results) == 60 - 4
    assert client.breaker.blocks == 1


async def test_window_holds_when_a_full_connection_pool_frees_at_once() -> None:
    """Requests held back for a connection must not all leave when the pool frees: the guard
    counts a request from when it leaves, not from when the limiter let it through."""
    async with EdgarReplica() as replica:  # SEC's 10-per-second rule enforced
        replica.add_filing(many_documents(70))
        async with default_client(replica.base_url) as client:
            pool = client.session.connector.limit if client.session.connector else 0
            assert 0 < pool <= 40
            # The first `pool` bodies trickle so that they all end together, at ~t=pool/10+1.
            for n in range(2, pool + 2):
                replica.faults.slow_body[f"{FOLDER}/ex99-{n}.htm"] = pool / 10 + 1 - (n - 2) / 10
            await asyncio.gather(*(client.get(f"{FOLDER}/ex99-{n}.htm")
                                   for n in range(2, pool + 32)))
    assert replica.throttled == 0
    assert busiest_second(r.time for r in replica.requests) <= 10


HOSTILE_NAMES = [
    "../../cgi-bin/browse-edgar?action=x",
    "../../../../Archives/edgar/data/1/evil.htm",
    "sub/ex99.htm",
    "ex99.htm?action=getcurrent",
    "%2e%2e%2fex99.htm",
    ".ex99.htm",
    "x" * 200 + ".htm",
    "http:ex99.htm",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_outside_edgar_file_name_form_are_refused(name: str) -> None:
    assert not is_edgar_filename(name)


@pytest.mark.parametrize("name", ["d836506dex991.htm", "ef20040370_8k.htm",
                                  "Financial_Report.xlsx", "aapl-20241230.xsd", "R1.htm"])
def test_real_edgar_file_names_are_accepted(name: str) -> None:
    assert is_edgar_filename(name)


@pytest.mark.parametrize("hostile", HOSTILE_NAMES[:4])
async def test_hostile_file_name_is_recorded_never_requested_nor_linked(
    hostile: str, slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    spec = many_documents(2)  # EX-99.1 the distressed release, EX-99.2 renamed below
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec)
        # The filing's own pages (index headers and .txt) name EX-99.2 with the hostile name.
        replica.faults.tamper[FOLDER] = [(b"ex99-2.htm", hostile.encode())]
        config = make_config(replica.base_url, slack.base_url)
        async with Monitor(config, client_options={"backoff_initial": 0}) as monitor:
            await monitor.run_once()
            row = await monitor.store.filing_status(ACC)
    archives = [r.path_qs for r in replica.requests if "/data/" in r.path_qs]
    assert archives and all(p.startswith(FOLDER + "/") and "?" not in p for p in archives)
    assert not any("cgi-bin" in r.path_qs and "getcurrent" not in r.path_qs
                   for r in replica.requests)
    assert row is not None and row["status"] == "processed"
    assert "is not an EDGAR file name" in row["error"]
    [message] = slack.alerts_for(ACC)  # the filing went on: the release still alerts
    posted = message.text + json.dumps(message.blocks)
    assert hostile not in posted and "cgi-bin" not in posted
    assert f"{ACC.replace('-', '')}/ex99-1.txt" in posted


async def test_a_filing_listing_thousands_of_documents_costs_a_bounded_number_of_requests(
    slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(many_documents(2000))
        config = make_config(replica.base_url, slack.base_url)
        assert config.edgar.max_documents_per_filing == 10  # the shipped default
        async with Monitor(config, client_options={"backoff_initial": 0}) as monitor:
            await monitor.run_once()
            row = await monitor.store.filing_status(ACC)
    documents = [r.path_qs for r in replica.requests
                 if r.path_qs.startswith(FOLDER) and "index" not in r.path_qs]
    assert len(documents) == 10
    assert f"{FOLDER}/ex99-1.txt" in documents  # EX-99.1 first
    assert row is not None and row["status"] == "processed"
    assert "1990 documents beyond edgar.max_documents_per_filing (10) not fetched" in row["error"]
    assert len(slack.alerts_for(ACC)) == 1


async def test_a_throttle_block_logs_once_at_start_and_once_at_end_with_a_gauge(
    make_config: Callable[..., Config],
) -> None:
    clock = FakeMonotonic()
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(many_documents(1))
        replica.inject(FOLDER, [429])
        config = make_config(replica.base_url, health__port=0)
        async with Monitor(config, client_options={"clock": clock}) as monitor:
            url = await monitor.start_health_server()
            with structlog.testing.capture_logs() as logs:
                await monitor.discover_once()
                for _ in range(20):  # the worker and the poll keep trying during the block
                    await monitor.worker.process_pending()
                    await monitor.discover_once()
                    clock.now += 25
                async with aiohttp.ClientSession() as http:
                    during = await (await http.get(f"{url}/metrics")).text()
                sent_during_block = len(replica.requests)
                clock.now += 200  # the block is over
                await monitor.discover_once()
                await monitor.worker.process_pending()
                async with aiohttp.ClientSession() as http:
                    after = await (await http.get(f"{url}/metrics")).text()
    statuses = [r.status for r in replica.requests]
    assert statuses[sent_during_block - 1] == 429  # nothing between the page and the block end
    assert len(replica.requests) > sent_during_block  # and requests flow again after it
    warnings = [e["event"] for e in logs if e["log_level"] in ("warning", "error")]
    assert warnings == ["sec_throttled"]
    assert [e["event"] for e in logs].count("sec_block_lifted") == 1
    assert metric(during, "edgar_monitor_sec_block_remaining_seconds") == pytest.approx(100)
    assert metric(after, "edgar_monitor_sec_block_remaining_seconds") == 0
    assert replica.throttled == 0 and [r.status for r in replica.requests].count(429) == 1


async def test_window_guard_counts_a_request_from_when_it_left_not_when_permitted() -> None:
    from monitor.edgar.client import WindowGuard

    now = [0.0]

    async def fake_sleep(seconds: float) -> None:  # advance the fake clock instead of waiting
        now[0] += seconds

    guard = WindowGuard(limit=10, window=1.05, clock=lambda: now[0], sleep=fake_sleep)
    slots = [await guard.reserve() for _ in range(10)]
    eleventh = asyncio.create_task(guard.reserve())
    for _ in range(5):
        await asyncio.sleep(0)  # let it run: it must wait, the ten have not left yet
    assert not eleventh.done()
    now[0] = 0.9  # the ten leave late (a full connection pool, a busy event loop)
    for slot in slots:
        guard.mark_sent(slot)
    late = await eleventh
    assert late.permitted == pytest.approx(0.9 + 1.05)  # a window after they left, not after 0


@pytest.mark.timeout(150)
async def test_the_daemon_rides_out_5xx_truncated_and_slow_bodies_losing_and_repeating_nothing(
    replica: EdgarReplica, slack: FakeSlack, tmp_path: Path
) -> None:
    specs = [many_documents(1, accession=f"0004{n:06d}-25-{n:06d}") for n in range(12)]
    for n, spec in enumerate(specs):
        replica.add_filing(spec)
        folder = f"/Archives/edgar/data/{spec.cik}/{spec.folder}/"
        if n % 3 == 0:
            replica.inject(folder, [503, 500])  # SEC's edge pages, then the real answer
        elif n % 3 == 1:
            replica.faults.truncate[folder] = 1  # Content-Length promised, connection dropped
        else:
            replica.faults.slow_body[folder] = 2.0  # bodies trickling in over 2 s
    config = "discovery: {poll_interval_seconds: 1}\nshutdown_grace_seconds: 20\n"
    async with DaemonProcess(tmp_path, replica, slack, REPO / "rules", config) as daemon:
        proc = await daemon.start()
        await wait_until(lambda: daemon.statuses() == {"processed": 12}
                         and all(slack.alerts_for(s.accession) for s in specs), 90)
        proc.send_signal(signal.SIGTERM)
        assert await daemon.wait(proc) == 0
    assert [len(slack.alerts_for(s.accession)) for s in specs] == [1] * 12
    assert replica.throttled == 0
    assert busiest_second(r.time for r in replica.requests) <= 10
    assert [r.status for r in replica.requests].count(503) == 4

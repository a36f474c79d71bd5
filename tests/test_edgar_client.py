"""The EDGAR client against the replica: fair access, throttling, transient faults."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from monitor.config import EdgarConfig
from monitor.edgar.client import EdgarClient, WindowGuard
from monitor.errors import (
    NotPublishedError,
    ThrottledError,
    TransientFetchError,
    UndeclaredAgentError,
)
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec, busiest_second

from .conftest import USER_AGENT, minutes_ago

ACC = "0000320193-25-000001"
DOC_PATH = "/Archives/edgar/data/320193/000032019325000001/ex991.htm"
TXT_PATH = "/Archives/edgar/data/320193/000032019325000001/0000320193-25-000001.txt"
BODY = b"<html><body><p>Revenue rose.</p></body></html>" + b" " * 5000


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def filing() -> FilingSpec:
    return FilingSpec(
        accession=ACC, cik=320193, company="Apple Inc.", form="8-K", accepted=minutes_ago(5),
        items=("2.02", "9.01"),
        documents=(DocSpec("8-K", "8k.htm", b"<html><body>8-K</body></html>"),
                   DocSpec("EX-99.1", "ex991.htm", BODY)),
    )


def client_for(url: str, clock: FakeMonotonic | None = None, **overrides: object) -> EdgarClient:
    config = EdgarConfig.model_validate({"base_url": url, "max_attempts": 3, **overrides})
    options = {"clock": clock} if clock else {}
    return EdgarClient(config, USER_AGENT, backoff_initial=0, **options)  # type: ignore[arg-type]


@pytest.fixture
async def quiet_replica() -> AsyncIterator[EdgarReplica]:
    """A replica whose rate limit is off, for tests about other faults."""
    async with EdgarReplica(faults=Faults(rate_limit=None)) as server:
        server.add_filing(filing())
        yield server


def paths(replica: EdgarReplica) -> list[str]:
    return [r.path_qs for r in replica.requests]


async def test_requests_never_exceed_ten_in_any_second(replica: EdgarReplica) -> None:
    replica.add_filing(filing())
    async with client_for(replica.base_url) as client:
        await asyncio.gather(*(client.get(DOC_PATH) for _ in range(20)))
    assert busiest_second(r.time for r in replica.requests) <= 10
    assert replica.throttled == 0


async def test_throttle_page_opens_breaker_and_no_request_is_sent_during_block(
    quiet_replica: EdgarReplica,
) -> None:
    clock = FakeMonotonic()
    quiet_replica.inject(DOC_PATH, [429])
    async with client_for(quiet_replica.base_url, clock, throttle_block_seconds=600) as client:
        with pytest.raises(ThrottledError):
            await client.get(DOC_PATH)
        sent = len(quiet_replica.requests)
        clock.now += 599
        with pytest.raises(ThrottledError):
            await client.get(DOC_PATH)
        assert len(quiet_replica.requests) == sent  # nothing went out during the block
        clock.now += 2
        resp = await client.get(DOC_PATH)  # the probe after the block
        assert resp.status == 200
        assert client.breaker.blocks == 1
        assert not client.breaker.is_open


async def test_throttle_is_not_retried(quiet_replica: EdgarReplica) -> None:
    quiet_replica.inject(DOC_PATH, [429, 200])
    async with client_for(quiet_replica.base_url, FakeMonotonic()) as client:
        with pytest.raises(ThrottledError):
            await client.get(DOC_PATH)
    assert paths(quiet_replica) == [DOC_PATH]


async def test_only_one_probe_goes_out_when_the_block_ends(quiet_replica: EdgarReplica) -> None:
    clock = FakeMonotonic()
    quiet_replica.inject(DOC_PATH, [429, 429])
    async with client_for(quiet_replica.base_url, clock) as client:
        with pytest.raises(ThrottledError):
            await client.get(DOC_PATH)
        clock.now += 601
        results = await asyncio.gather(*(client.get(DOC_PATH) for _ in range(5)),
                                       return_exceptions=True)
    # The probe was throttled again, so the four waiting behind it sent nothing.
    assert all(isinstance(r, ThrottledError) for r in results)
    assert len(quiet_replica.requests) == 2


async def test_undeclared_user_agent_page_is_fatal(quiet_replica: EdgarReplica) -> None:
    config = EdgarConfig(base_url=quiet_replica.base_url)
    async with EdgarClient(config, "Mozilla/5.0 (X11; Linux)") as client:
        with pytest.raises(UndeclaredAgentError, match="EDGAR_USER_AGENT"):
            await client.get(DOC_PATH)
    assert len(quiet_replica.requests) == 1


@pytest.mark.parametrize("statuses", [[503], [500, 502], [503, 504]])
async def test_server_errors_are_retried_until_success(
    quiet_replica: EdgarReplica, statuses: list[int]
) -> None:
    quiet_replica.inject(DOC_PATH, statuses)
    async with client_for(quiet_replica.base_url) as client:
        resp = await client.get(DOC_PATH)
    assert resp.body == BODY
    assert paths(quiet_replica) == [DOC_PATH] * (len(statuses) + 1)


async def test_retries_are_bounded(quiet_replica: EdgarReplica) -> None:
    quiet_replica.inject(DOC_PATH, [503, 503, 503, 503])
    async with client_for(quiet_replica.base_url) as client:
        with pytest.raises(TransientFetchError):
            await client.get(DOC_PATH)
    assert len(quiet_replica.requests) == 3  # max_attempts


async def test_client_errors_are_not_retried(quiet_replica: EdgarReplica) -> None:
    missing = DOC_PATH.replace("ex991", "nothere")
    async with client_for(quiet_replica.base_url) as client:
        with pytest.raises(NotPublishedError):
            await client.get(missing)
    assert paths(quiet_replica) == [missing]


async def test_truncated_body_is_retried(quiet_replica: EdgarReplica) -> None:
    quiet_replica.faults.truncate[DOC_PATH] = 1
    async with client_for(quiet_replica.base_url) as client:
        resp = await client.get(DOC_PATH)
    assert resp.body == BODY
    assert len(quiet_replica.requests) == 2


async def test_slow_response_times_out_and_is_retried(quiet_replica: EdgarReplica) -> None:
    quiet_replica.faults.delay_seconds[DOC_PATH] = 5.0
    async with client_for(quiet_replica.base_url, timeout_seconds=0.2,
                          max_attempts=2) as client:
        with pytest.raises(TransientFetchError, match="timeout"):
            await client.get(DOC_PATH)
        # The replica logs a request when it answers, so count on the client side.
        assert client.requests["timeout"] == 2


async def test_document_not_yet_published_is_reported_as_such() -> None:
    clock = FakeMonotonic()
    async with EdgarReplica(monotonic=clock, faults=Faults(rate_limit=None)) as server:
        server.add_filing(filing(), documents_delay=25)
        async with client_for(server.base_url) as client:
            with pytest.raises(NotPublishedError):
                await client.get(TXT_PATH)
            clock.now += 26
            assert (await client.get(TXT_PATH)).status == 200


async def test_gzip_is_requested_and_decoded(quiet_replica: EdgarReplica) -> None:
    async with client_for(quiet_replica.base_url) as client:
        resp = await client.get(DOC_PATH)
    assert resp.body == BODY
    assert "gzip" in (quiet_replica.requests[0].headers.get("Accept-Encoding") or "")


async def test_size_cap_cuts_the_body_and_says_so(quiet_replica: EdgarReplica) -> None:
    async with client_for(quiet_replica.base_url) as client:
        resp = await client.get(DOC_PATH, max_bytes=1000)
    assert resp.truncated
    assert resp.body == BODY[:1000]


def test_sec_links_are_rewritten_to_the_configured_host() -> None:
    client = client_for("http://127.0.0.1:9999")
    link = "https://www.sec.gov/Archives/edgar/data/1/000000000125000001/x-index.htm"
    assert client.url(link) == "http://127.0.0.1:9999/Archives/edgar/data/1/000000000125000001/x-index.htm"


@pytest.mark.parametrize(("base", "link", "expected"), [
    ("http://127.0.0.1:9999", "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json",
     "http://127.0.0.1:9999/api/xbrl/companyfacts/CIK0000320193.json"),
    ("http://127.0.0.1:9999", "https://data.sec.gov/submissions/CIK0000320193.json",
     "http://127.0.0.1:9999/submissions/CIK0000320193.json"),
    ("https://www.sec.gov", "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json",
     "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json"),
    ("https://www.sec.gov", "/Archives/edgar/data/1/x.htm",
     "https://www.sec.gov/Archives/edgar/data/1/x.htm"),
])
def test_data_sec_gov_is_rewritten_only_when_another_host_is_configured(
    base: str, link: str, expected: str
) -> None:
    assert client_for(base).url(link) == expected


def test_rate_above_sec_limit_is_rejected_by_config() -> None:
    with pytest.raises(ValueError, match="less than or equal to 10"):
        EdgarConfig(rate_per_second=11)


async def test_window_guard_never_lets_an_eleventh_request_into_a_second() -> None:
    from monitor.edgar.client import WindowGuard

    now = [0.0]
    slept: list[float] = []
    async def fake_sleep(seconds: float) -> None:  # advance the fake clock instead of waiting
        slept.append(seconds)
        now[0] += seconds

    guard = WindowGuard(limit=10, window=1.05, clock=lambda: now[0], sleep=fake_sleep)
    for _ in range(25):
        await guard.wait()
    # 25 sends: 10 at t=0, 10 at t=1.05, 5 at t=2.10; never 11 within 1.05 s.
    assert slept == pytest.approx([1.05] * 2)


async def test_window_guard_counts_the_previous_runs_last_second() -> None:
    """A restart must not add its first requests to the last run's last second."""
    mono = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        mono[0] += seconds

    # Times in binary fractions of a second, so the fake clock adds up exactly.
    old_now = [49.25]
    old = WindowGuard(window=1.0, clock=lambda: old_now[0])
    for _ in range(10):  # ten sends in its last 0.75 s
        old.mark_sent(await old.reserve())
        old_now[0] += 0.0625
    old_now[0] = 50.0
    handed = old.recent(wall_now=1000.0)
    assert handed == [999.25 + i * 0.0625 for i in range(10)]

    new = WindowGuard(window=1.0, clock=lambda: mono[0], sleep=sleep)
    new.seed(handed[3:], wall_now=1000.125)  # started 0.125 s after the old run's end
    for _ in range(3):  # seven handed over: three more may leave at once
        await new.wait()
    assert slept == []
    await new.wait()
    # The oldest handed-over send (wall 999.4375) leaves the window at 1000.4375.
    assert slept == [0.3125]

"""Companyfacts through the shared client and the store's cache: read at most once a day per
company, again after a 10-Q/10-K appears, a 404 remembered, faults never cached."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import Config
from monitor.edgar.client import EdgarClient
from monitor.errors import ThrottledError
from monitor.sandbox import EdgarReplica
from monitor.store import Store
from monitor.xbrl.source import XbrlSource

from .test_xbrl_reduce import SAMPLES, SNOWFLAKE

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="EDGAR samples not present")

CIK = 1640147
FACTS_PATH = "/api/xbrl/companyfacts/CIK0001640147.json"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 6, 2, 14, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "x.db")
    yield opened
    await opened.close()


@pytest.fixture
async def client(replica: EdgarReplica,
                 make_config: Callable[..., Config]) -> AsyncIterator[EdgarClient]:
    config = make_config(replica.base_url)
    async with EdgarClient(config.edgar, config.edgar.user_agent, backoff_initial=0) as c:
        yield c


@pytest.fixture
async def sources() -> AsyncIterator[list[XbrlSource]]:
    """Sources made in a test, closed after it (each may own a parsing process)."""
    made: list[XbrlSource] = []
    yield made
    for source in made:
        await source.close()


def keep(sources: list[XbrlSource], source: XbrlSource) -> XbrlSource:
    sources.append(source)
    return source


def fetches(replica: EdgarReplica, path: str = FACTS_PATH) -> int:
    return sum(1 for r in replica.requests if r.path_qs == path)


async def test_facts_are_read_once_a_day_and_again_after_a_10q(
    replica: EdgarReplica, client: EdgarClient, store: Store, sources: list[XbrlSource]
) -> None:
    replica.add_company_facts(CIK, (SAMPLES / SNOWFLAKE).read_bytes())
    clock = Clock()
    source = keep(sources, XbrlSource(client, store, clock))

    first = await source.company(CIK)
    clock.now += timedelta(hours=20)
    second = await source.company(CIK)

    assert first.status == second.status == "ok"
    assert first.history == second.history  # the cache reduces to the same history
    assert fetches(replica) == 1

    await store.mark_facts_stale([CIK])  # the daily index listed a 10-Q of the company
    await source.company(CIK)
    assert fetches(replica) == 2

    clock.now += timedelta(days=1, minutes=1)
    await source.company(CIK)
    assert fetches(replica) == 3


async def test_a_company_without_xbrl_is_remembered_for_a_day(
    replica: EdgarReplica, client: EdgarClient, store: Store, sources: list[XbrlSource]
) -> None:
    clock = Clock()
    source = keep(sources, XbrlSource(client, store, clock))

    for _ in range(3):
        company = await source.company(42)
        assert (company.history, company.status) == (None, "missing")
    assert fetches(replica, "/api/xbrl/companyfacts/CIK0000000042.json") == 1


async def test_a_transient_fault_is_not_cached(
    replica: EdgarReplica, client: EdgarClient, store: Store, sources: list[XbrlSource]
) -> None:
    replica.add_company_facts(CIK, (SAMPLES / SNOWFLAKE).read_bytes())
    replica.inject(FACTS_PATH, [503] * 4)  # every attempt of the first read fails
    source = keep(sources, XbrlSource(client, store, Clock()))

    assert (await source.company(CIK)).status == "error"
    assert (await source.company(CIK)).status == "ok"


async def test_sec_throttling_propagates_to_stop_the_cycle(
    replica: EdgarReplica, client: EdgarClient, store: Store, sources: list[XbrlSource]
) -> None:
    replica.inject(FACTS_PATH, [429])
    with pytest.raises(ThrottledError):
        await keep(sources, XbrlSource(client, store, Clock())).company(CIK)


async def test_unreadable_companyfacts_is_an_error_not_a_crash(
    replica: EdgarReplica, client: EdgarClient, store: Store, sources: list[XbrlSource]
) -> None:
    replica.add_company_facts(CIK, b"<html>not json</html>")
    company = await keep(sources, XbrlSource(client, store, Clock())).company(CIK)
    assert (company.history, company.status) == (None, "error")


async def test_stale_marks_come_from_10q_and_10k_rows_of_the_daily_index(
    replica: EdgarReplica, client: EdgarClient, store: Store,
    make_config: Callable[..., Config], sources: list[XbrlSource],
) -> None:
    from monitor.discover import reconcile_daily_index
    from monitor.sandbox import DocSpec, FilingSpec

    replica.add_company_facts(CIK, (SAMPLES / SNOWFLAKE).read_bytes())
    source = keep(sources, XbrlSource(client, store, Clock()))
    await source.company(CIK)
    accepted = datetime(2025, 5, 30, 16, 5, tzinfo=UTC)
    replica.add_filing(FilingSpec(
        accession="0001640147-25-000110", cik=CIK, company="Snowflake Inc.", form="10-Q",
        accepted=accepted, documents=(DocSpec("10-Q", "snow-10q.htm", b"<html></html>"),)))
    replica.publish_daily_index(date(2025, 5, 30))

    config = make_config(replica.base_url)
    await reconcile_daily_index(client, store, config.discovery, [date(2025, 5, 30)],
                                datetime.now(UTC))

    cached = await store.cached_facts(CIK)
    assert cached is not None and cached.stale

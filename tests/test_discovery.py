"""Discovery and processing across faults and restarts, against the replica."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.config import Config
from monitor.daemon import Monitor
from monitor.discover import poll_feed
from monitor.edgar.client import EdgarClient
from monitor.fetch import not_published_delay
from monitor.formats.filing import EASTERN
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Entity, Faults, FilingSpec
from monitor.store import Store

from .conftest import USER_AGENT, minutes_ago

PRESS = b"<html><body><p>Quarterly results.</p></body></html>"


class Clock:
    """A wall clock for the daemon and the replica that the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


class Monotonic:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def spec(n: int, accepted: datetime, form: str = "8-K", **kw: Any) -> FilingSpec:
    return FilingSpec(
        accession=f"0009{n:06d}-25-{n:06d}", cik=9000 + n, company=f"Company {n} Inc.",
        form=form, accepted=accepted, items=("2.02", "9.01"),
        documents=(DocSpec(form, f"d{n}.htm", b"<html><body>8-K</body></html>"),
                   DocSpec("EX-99.1", f"ex{n}.htm", PRESS)),
        **kw,
    )


def header_fetches(replica: EdgarReplica) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in replica.requests:
        if r.path_qs.endswith("-index-headers.html") and r.status == 200:
            acc = r.path_qs.rsplit("/", 1)[1].removesuffix("-index-headers.html")
            counts[acc] = counts.get(acc, 0) + 1
    return counts


async def test_feed_pages_back_until_a_known_accession(
    make_config: Callable[..., Config], tmp_path: Any
) -> None:
    base = datetime.now(UTC) - timedelta(hours=2)
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        for n in range(250):
            replica.add_filing(spec(n, base + timedelta(seconds=n)))
        config = make_config(replica.base_url)
        store = await Store.open(tmp_path / "d.db")
        async with EdgarClient(config.edgar, USER_AGENT) as client:
            first = await poll_feed(client, store, config.discovery, datetime.now(UTC))
            for n in range(250, 400):
                replica.add_filing(spec(n, base + timedelta(seconds=n)))
            second = await poll_feed(client, store, config.discovery, datetime.now(UTC))
        await store.close()
    # 8-K pages, plus one (empty) page each for the NT , 25 and 15-1 families of the default
    # forms.
    assert (len(first.new), first.pages) == (250, 3 + 3)
    assert (len(second.new), second.pages, second.reached_known) == (150, 2 + 3, True)
    # Oldest first, so processing follows acceptance order.
    assert [r.accession for r in second.new][:2] == [spec(250, base).accession,
                                                     spec(251, base).accession]


async def test_filing_under_several_entities_is_one_filing(
    make_config: Callable[..., Config], tmp_path: Any
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(1, minutes_ago(5), extra_entities=(
            Entity(777, "Parent Holdings", "Filer"), Entity(778, "Guarantor LLC", "Filer"))))
        config = make_config(replica.base_url)
        store = await Store.open(tmp_path / "d.db")
        async with EdgarClient(config.edgar, USER_AGENT) as client:
            poll = await poll_feed(client, store, config.discovery, datetime.now(UTC))
        await store.close()
    assert [r.accession for r in poll.new] == [spec(1, minutes_ago(0)).accession]


async def test_feed_end_answering_503_stops_paging_without_error(
    make_config: Callable[..., Config], tmp_path: Any
) -> None:
    base = datetime.now(UTC) - timedelta(hours=1)
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        for n in range(150):
            replica.add_filing(spec(n, base + timedelta(seconds=n)))
        replica.inject("/cgi-bin/browse-edgar", [200, 503])
        config = make_config(replica.base_url, discovery__forms=["8-K", "8-K/A"])
        store = await Store.open(tmp_path / "d.db")
        async with EdgarClient(config.edgar, USER_AGENT, backoff_initial=0) as client:
            poll = await poll_feed(client, store, config.discovery, datetime.now(UTC))
        await store.close()
    assert (len(poll.new), poll.pages) == (100, 2)
    assert [r.status for r in replica.requests] == [200, 503]  # the end is not retried


async def test_only_configured_forms_are_recorded(
    make_config: Callable[..., Config], tmp_path: Any
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(1, minutes_ago(3), form="8-K"))
        replica.add_filing(spec(2, minutes_ago(2), form="8-K/A"))
        replica.add_filing(spec(3, minutes_ago(1), form="8-K12B"))
        config = make_config(replica.base_url)
        store = await Store.open(tmp_path / "d.db")
        async with EdgarClient(config.edgar, USER_AGENT) as client:
            poll = await poll_feed(client, store, config.discovery, datetime.now(UTC))
        await store.close()
    assert sorted(r.form for r in poll.new) == ["8-K", "8-K/A"]


async def test_first_run_does_not_process_filings_older_than_the_lookback(
    make_config: Callable[..., Config],
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(1, minutes_ago(180)))
        replica.add_filing(spec(2, minutes_ago(5)))
        config = make_config(replica.base_url, discovery__initial_lookback_minutes=60)
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            outcomes = await monitor.run_once()
            old = await monitor.store.filing_status(spec(1, minutes_ago(0)).accession)
    assert [o.accession for o in outcomes] == [spec(2, minutes_ago(0)).accession]
    assert old is not None and old["status"] == "skipped"


async def test_malformed_feed_is_survived_and_next_cycle_discovers(
    make_config: Callable[..., Config],
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None, malformed_feed=1)) as replica:
        replica.add_filing(spec(1, minutes_ago(5)))
        config = make_config(replica.base_url)
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            assert await monitor.poll_cycle() == []
            outcomes = await monitor.poll_cycle()
    assert [o.status for o in outcomes] == ["processed"]


async def test_every_filing_is_processed_exactly_once_across_a_restart(
    make_config: Callable[..., Config],
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        for n in range(3):
            replica.add_filing(spec(n, minutes_ago(10 - n)))
        config = make_config(replica.base_url)
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            await monitor.run_once()
        for n in range(3, 6):  # arrive while the daemon is down
            replica.add_filing(spec(n, minutes_ago(5 - n / 10)))
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            await monitor.run_once()
            await monitor.run_once()
            rows = await monitor.store.query("SELECT status, count(*) AS n FROM filings "
                                             "GROUP BY status")
    assert header_fetches(replica) == {spec(n, minutes_ago(0)).accession: 1 for n in range(6)}
    assert rows == [{"status": "processed", "n": 6}]


async def test_documents_published_late_are_retried_not_dropped(
    make_config: Callable[..., Config],
) -> None:
    clock = Clock(datetime.now(UTC))
    mono = Monotonic()
    async with EdgarReplica(clock=clock, monotonic=mono,
                            faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(1, clock.now - timedelta(seconds=5)), documents_delay=25)
        config = make_config(replica.base_url, edgar__not_published_retry_seconds=30)
        async with Monitor(config, notifier=RecordingNotifier(), clock=clock) as monitor:
            first = await monitor.poll_cycle()
            clock.now += timedelta(seconds=31)
            mono.now += 31
            second = await monitor.poll_cycle()
    assert [o.status for o in first] == ["deferred"]
    assert [o.status for o in second] == ["processed"]


async def test_filings_missed_while_down_are_recovered_from_the_daily_index(
    make_config: Callable[..., Config],
) -> None:
    tuesday = datetime(2025, 12, 9, 12, 0, tzinfo=EASTERN)
    wednesday = tuesday + timedelta(days=1)
    clock = Clock(tuesday)
    async with EdgarReplica(clock=clock, faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(0, tuesday - timedelta(minutes=5)))
        # One feed page of ten, so the feed alone cannot reach back over the gap.
        config = make_config(replica.base_url, discovery__feed_page_size=10,
                             discovery__max_feed_pages=1)
        async with Monitor(config, notifier=RecordingNotifier(), clock=clock) as monitor:
            await monitor.run_once()
        for n in range(1, 13):  # Wednesday, while the daemon was down
            replica.add_filing(spec(n, wednesday + timedelta(minutes=n)))
        clock.now = wednesday + timedelta(days=1)  # back up on Thursday
        async with Monitor(config, notifier=RecordingNotifier(), clock=clock) as monitor:
            await monitor.run_once()
            rows = await monitor.store.query(
                "SELECT accession, status, source FROM filings ORDER BY accession")
    assert len(rows) == 13
    assert {r["status"] for r in rows} == {"processed"}
    assert any(r["source"] == "daily-index" for r in rows)


async def test_pre_2001_filing_without_file_names_is_read_from_the_txt(
    make_config: Callable[..., Config],
) -> None:
    release = (Path(__file__).parent / "documents/e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
    old = FilingSpec(
        accession="0000950109-00-000123", cik=4_000_001, company="Old Fiber Inc.", form="8-K",
        accepted=minutes_ago(4), items=(),
        documents=(DocSpec("8-K", None, b"Item 5. Other Events. See Exhibit 99.", "8-K"),
                   DocSpec("EX-99", None, release, "PRESS RELEASE")),
    )
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(old)
        notifier = RecordingNotifier()
        async with Monitor(make_config(replica.base_url), notifier=notifier) as monitor:
            [outcome] = await monitor.run_once()
    assert outcome.status == "processed"
    assert any(r.path_qs.endswith("0000950109-00-000123.txt") for r in replica.requests)
    [alert] = notifier.sent
    assert {"going-concern", "delisting-notice"} <= set(alert.rules)


async def test_sec_rejecting_the_user_agent_stops_the_daemon(
    make_config: Callable[..., Config],
) -> None:
    from monitor.errors import UndeclaredAgentError

    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(1, minutes_ago(5)))
        # Passes our own format check, but SEC treats browser-like agents as undeclared.
        config = make_config(replica.base_url, edgar__user_agent="Mozilla/5.0 ops@acme.com")
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            await monitor.run_once()
    assert isinstance(monitor.fatal, UndeclaredAgentError)
    assert "EDGAR_USER_AGENT" in str(monitor.fatal)
    assert len(replica.requests) <= 2  # it stopped instead of retrying


async def test_feed_polls_go_on_while_a_burst_is_processed(
    make_config: Callable[..., Config],
) -> None:
    import asyncio

    from monitor.testing.harness import wait_until

    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        for n in range(24):
            replica.add_filing(spec(n, minutes_ago(10 - n / 10)))
        config = make_config(replica.base_url, discovery__poll_interval_seconds=1,
                             health__enabled=False)
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            runner = asyncio.create_task(monitor.run_until_stopped())
            # Each filing needs its index-headers page and its EX-99.1 (ex{n}.htm).
            await wait_until(lambda: sum(r.path_qs.endswith(".htm")
                                         for r in replica.requests) >= 24, 60)
            monitor.stop()
            await runner
    archive = [r.time for r in replica.requests if "/Archives/edgar/data/" in r.path_qs]
    polls_during = [r for r in replica.requests if r.path_qs.startswith("/cgi-bin/")
                    and archive[0] < r.time < archive[-1]]
    # 48 archive requests take about 6 s at 8/s; with a 1 s interval the feed keeps being read.
    assert len(archive) >= 48
    assert len(polls_during) >= 3


T_ACCEPTED = datetime(2025, 12, 12, 16, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("attempts", "seconds_since_acceptance", "expected_delay"),
    [
        (0, 3, 17.0),     # seen at once: look again when documents are expected (+20 s)
        (1, 20, 5.0),     # still not there: every 5 s while they are due
        (4, 50, 5.0),
        (5, 65, 30.0),    # past the publishing minute: back off (5 * 2**5) to the cap
        (0, 180, 5.0),    # an older filing (daily index, restart): back off from 5 s
        (2, 180, 20.0),
        (6, 900, 30.0),
    ],
)
def test_documents_not_yet_published_are_looked_for_again_when_expected(
    attempts: int, seconds_since_acceptance: float, expected_delay: float
) -> None:
    now = T_ACCEPTED + timedelta(seconds=seconds_since_acceptance)
    assert not_published_delay(attempts, T_ACCEPTED, now, cap=30.0) == expected_delay


def test_without_an_acceptance_time_documents_are_retried_with_backoff() -> None:
    delays = [not_published_delay(n, None, T_ACCEPTED, cap=30.0) for n in range(4)]
    assert delays == [5.0, 10.0, 20.0, 30.0]


@contextlib.asynccontextmanager
async def documents_due_later(
    make_config: Callable[..., Config],
) -> AsyncIterator[tuple[Monitor, Clock, Monotonic]]:
    """A monitor over a replica with one filing seen 2 s after acceptance, whose documents
    EDGAR serves 22 s after that."""
    clock = Clock(datetime.now(UTC))
    mono = Monotonic()
    async with EdgarReplica(clock=clock, monotonic=mono,
                            faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(1, clock.now - timedelta(seconds=2)), documents_delay=22)
        config = make_config(replica.base_url)
        async with Monitor(config, notifier=RecordingNotifier(), clock=clock) as monitor:
            yield monitor, clock, mono


async def test_filing_is_processed_within_seconds_of_its_documents_appearing(
    make_config: Callable[..., Config],
) -> None:
    async with documents_due_later(make_config) as (monitor, clock, mono):
        statuses = [o.status for o in await monitor.poll_cycle()]
        while statuses[-1] == "deferred" and len(statuses) < 5:
            row = await monitor.store.filing_status(spec(1, clock.now).accession)
            assert row is not None
            retry_at = datetime.fromisoformat(row["next_attempt_at"])
            wait = (retry_at - clock.now).total_seconds()
            clock.now, mono.now = retry_at, mono.now + wait
            statuses += [o.status for o in await monitor.worker.process_due()]
    # Retried at acceptance + 20 s (still 404), then 5 s later: 26 s after acceptance,
    # 2 s after the documents appeared, rather than a fixed 30 s retry.
    assert statuses == ["deferred", "deferred", "processed"]
    assert 22.0 <= mono.now <= 23.01  # the feed gives acceptance to the second


async def test_worker_sleeps_until_a_deferred_filing_falls_due(
    make_config: Callable[..., Config],
) -> None:
    async with documents_due_later(make_config) as (monitor, clock, _mono):
        assert await monitor.worker.seconds_to_next_retry() is None  # nothing deferred
        assert [o.status for o in await monitor.poll_cycle()] == ["deferred"]
        # Looked for again when EDGAR is due to serve the documents (acceptance + 20 s,
        # 18 s from now; the feed gives acceptance to the second), not at the next poll.
        assert await monitor.worker.seconds_to_next_retry() == pytest.approx(18.0, abs=1.0)
        clock.now += timedelta(seconds=60)
        assert await monitor.worker.seconds_to_next_retry() == 1.0  # overdue: never a busy loop

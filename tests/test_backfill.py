"""Backfill from daily indexes: history loaded, alerts off by default, resumable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from monitor.backfill import backfill, weekdays
from monitor.config import Config
from monitor.daemon import Monitor
from monitor.formats.filing import EASTERN
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec

from .conftest import DOCUMENTS

MONDAY = datetime(2025, 12, 8, 10, 0, tzinfo=EASTERN)
RELEASE = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()


def filing(n: int, accepted: datetime) -> FilingSpec:
    return FilingSpec(
        accession=f"0003{n:06d}-25-{n:06d}", cik=3_000_000 + n, company=f"History {n} Inc.",
        form="8-K", accepted=accepted, items=("2.02", "9.01"),
        documents=(DocSpec("EX-99.1", f"ex{n}.txt", RELEASE),),
    )


def index_requests(replica: EdgarReplica) -> int:
    return sum(1 for r in replica.requests if "/daily-index/" in r.path_qs)


def test_weekdays_skip_weekends() -> None:
    assert weekdays(date(2025, 12, 5), date(2025, 12, 9)) == [
        date(2025, 12, 5), date(2025, 12, 8), date(2025, 12, 9)]


async def test_backfill_loads_history_without_alerting_and_resumes(
    make_config: Callable[..., Config],
) -> None:
    thursday = MONDAY + timedelta(days=3)
    async with EdgarReplica(clock=lambda: thursday, faults=Faults(rate_limit=None)) as replica:
        for n in range(3):
            replica.add_filing(filing(n, MONDAY + timedelta(hours=n)))
        for n in range(3, 5):
            replica.add_filing(filing(n, MONDAY + timedelta(days=1, hours=n)))
        config = make_config(replica.base_url)
        notifier = RecordingNotifier()
        async with Monitor(config, notifier=notifier, clock=lambda: thursday) as monitor:
            first = await backfill(monitor, date(2025, 12, 6), date(2025, 12, 10))
            reads = index_requests(replica)
            again = await backfill(monitor, date(2025, 12, 6), date(2025, 12, 10))
            figures = await monitor.store.query(
                "SELECT count(DISTINCT accession) AS n FROM figures WHERE name = 'net_income'")
            outbox = await monitor.store.query("SELECT count(*) AS n FROM alerts")
    assert (first.days_read, first.filings_found, first.processed) == (3, 5, 5)
    # Each release: going-concern, delisting-notice and revenue-drop (sales -42%); counted
    # although no alert is queued, so the summary can say what the rules found.
    assert (first.rules_fired, first.alerts_queued) == (15, 0)
    assert reads == 3  # Mon, Tue, Wed; the weekend has no index
    assert (again.days_read, index_requests(replica)) == (0, 3)  # nothing read twice
    assert figures == [{"n": 5}]
    assert outbox == [{"n": 0}]  # nothing queued to post later either
    assert notifier.sent == []


async def test_backfill_with_alert_posts_what_the_rules_find(
    make_config: Callable[..., Config],
) -> None:
    tuesday = MONDAY + timedelta(days=1)
    async with EdgarReplica(clock=lambda: tuesday, faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(filing(1, MONDAY))
        notifier = RecordingNotifier()
        config = make_config(replica.base_url)
        async with Monitor(config, notifier=notifier, clock=lambda: tuesday) as monitor:
            result = await backfill(monitor, date(2025, 12, 8), date(2025, 12, 8), alert=True)
    assert result.alerts_queued == 1
    assert [a.accession for a in notifier.sent] == [filing(1, MONDAY).accession]

"""Late filings, removals from listing and deregistrations, from the replica to Slack with the
default config and rules (issue 16)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from structlog.testing import capture_logs

from monitor.config import Config
from monitor.daemon import Monitor
from monitor.formats.filing import EASTERN
from monitor.sandbox import DocSpec, EdgarReplica, Entity, FilingSpec
from monitor.store import Store
from monitor.testing.fakeslack import FakeSlack

from .conftest import DOCUMENTS, minutes_ago

FORMS = DOCUMENTS / "forms"
NT_10K = "0001000001-26-000004"
DELISTING = "0001120193-26-000311"
NOTES = "0000876661-26-000412"
FORM_15 = "0001000003-26-000002"
NASDAQ = Entity(1120193, "NASDAQ STOCK MARKET LLC", "Filed by")
NYSE = Entity(876661, "NEW YORK STOCK EXCHANGE LLC", "Filed by")


def nt_10k(accepted: datetime) -> FilingSpec:
    return FilingSpec(
        accession=NT_10K, cik=1000001, company="LumenFiber Corp.", form="NT 10-K",
        accepted=accepted, sic="3357", state="MA", period="20251231",
        documents=(DocSpec("NT 10-K", "lumenfiber-nt10k.htm",
                           (FORMS / "lumenfiber-nt10k.htm").read_bytes()),),
    )


def delisting_25nse(accepted: datetime) -> FilingSpec:
    """Nasdaq strikes LumenFiber's common stock under 12d2-2(b): indexed under both CIKs."""
    return FilingSpec(
        accession=DELISTING, cik=1000001, company="LumenFiber Corp.", form="25-NSE",
        accepted=accepted, role="Subject", extra_entities=(NASDAQ,),
        documents=(
            DocSpec("25-NSE", "primary_doc.xml",
                    (FORMS / "lumenfiber-25nse-primary_doc.xml").read_bytes()),
            DocSpec("EX-99.25", "ruleprovisionnotice.htm",
                    (FORMS / "lumenfiber-25nse-ex9925.txt").read_bytes()),
        ),
    )


def notes_25nse(accepted: datetime) -> FilingSpec:
    """NYSE removes Brightway's notes, paid at maturity (12d2-2(a)(2))."""
    return FilingSpec(
        accession=NOTES, cik=1000002, company="Brightway Tools, Inc.", form="25-NSE",
        accepted=accepted, role="Subject", extra_entities=(NYSE,),
        documents=(DocSpec("25-NSE", "primary_doc.xml",
                           (FORMS / "brightway-25nse-notes-primary_doc.xml").read_bytes()),),
    )


def form_15(accepted: datetime) -> FilingSpec:
    return FilingSpec(
        accession=FORM_15, cik=1000003, company="Northgate Community Bancorp, Inc.",
        form="15-12G", accepted=accepted,
        documents=(DocSpec("15-12G", "northgate-15-12g.htm",
                           (FORMS / "northgate-15-12g.htm").read_bytes()),),
    )


async def alert_rows(config: Config) -> list[dict[str, Any]]:
    async with await Store.open(config.database) as store:
        rows = await store.query("SELECT accession, payload FROM alerts ORDER BY accession")
    return [{"accession": r["accession"], **json.loads(r["payload"])} for r in rows]


async def test_distress_forms_raise_their_rules_once_with_the_default_config(
    replica: EdgarReplica, slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    replica.add_filing(nt_10k(minutes_ago(5)))
    replica.add_filing(delisting_25nse(minutes_ago(4)))
    replica.add_filing(notes_25nse(minutes_ago(3)))
    replica.add_filing(form_15(minutes_ago(2)))
    config = make_config(replica.base_url, slack.base_url)

    async with Monitor(config, client_options={"backoff_initial": 0}) as monitor:
        await monitor.run_once()
        await monitor.run_once()  # nothing new: nothing posted again

    # Part IV's figures (net loss 16.9 against 7.3 million) are figures like any other.
    assert slack.rules_posted(NT_10K) == ["loss-widening", "late-filing"]
    assert slack.rules_posted(DELISTING) == ["exchange-delisting"]
    assert slack.alerts_for(NOTES) == []
    assert slack.rules_posted(FORM_15) == ["deregistration"]
    assert len(slack.messages) == 3
    by_acc = {row["accession"]: row for row in await alert_rows(config)}
    [delisting] = by_acc[DELISTING]["matches"]
    assert delisting["severity"] == "critical"
    assert "12d2-2(b)" in delisting["evidence"]
    # Kept under the issuer, whichever CIK's entry discovery met first.
    assert (by_acc[DELISTING]["cik"], by_acc[DELISTING]["company"]) == (1000001,
                                                                        "LumenFiber Corp.")
    late = by_acc[NT_10K]["matches"][1]
    assert late["severity"] == "warning"
    assert "has not completed its audit procedures" in late["evidence"]
    assert by_acc[FORM_15]["matches"][0]["severity"] == "warning"
    assert "212 holders of record" in by_acc[FORM_15]["matches"][0]["evidence"]


async def test_25nse_under_two_ciks_in_the_daily_index_is_one_filing_and_one_alert(
    replica: EdgarReplica, slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    day = datetime.now(EASTERN).date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    yesterday = datetime.combine(day, time(10, 30), EASTERN)  # the last business day
    replica.add_filing(delisting_25nse(yesterday))
    config = make_config(replica.base_url, slack.base_url)

    async with Monitor(config, client_options={"backoff_initial": 0}) as monitor:
        await monitor.store.set_cursor("feed_initialized_at", minutes_ago(1).isoformat())
        day_before = (yesterday - timedelta(days=2)).date().isoformat()
        await monitor.store.set_cursor("daily_index_through", day_before)
        with capture_logs() as logs:
            recovered = await monitor.jobs.reconcile()
        misses = monitor.metrics.registry.get_sample_value(
            "edgar_monitor_feed_misses_total", {"when": "nightly"})
        await monitor.worker.process_pending()
        await monitor.drain()
        rows = await monitor.store.query("SELECT accession, cik FROM filings")

    assert recovered == 1
    assert misses == 1.0
    [line] = [e for e in logs if e["event"] == "feed_completeness"]
    assert (line["listed"], line["found_by_feed"], line["missed_by_feed"]) == (1, 0, 1)
    assert line["missed"] == [f"{DELISTING} 25-NSE"]
    assert rows == [{"accession": DELISTING, "cik": 1000001}]
    assert slack.rules_posted(DELISTING) == ["exchange-delisting"]


class Clock:
    """One settable wall clock shared by the daemon and the replica."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def ten_k(accepted: datetime) -> FilingSpec:
    return FilingSpec(
        accession="0001000001-26-000009", cik=1000001, company="LumenFiber Corp.", form="10-K",
        accepted=accepted, period="20251231",
        documents=(DocSpec("10-K", "lumenfiber-10k.htm",
                           b"<html><body><p>Annual report for 2025.</p></body></html>"),),
    )


async def nights(monitor: Monitor, clock: Clock, first: date, last: date) -> None:
    """Run the nightly reconciliation and follow-up at 23:35 ET on each day."""
    day = first
    while day <= last:
        clock.now = datetime.combine(day, time(23, 35), EASTERN)
        await monitor.jobs.reconcile()
        await monitor.jobs.follow_up_late_filings()
        await monitor.drain()
        day += timedelta(days=1)


async def test_report_missing_after_the_extension_raises_late_filing_overdue_once(
    slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    # FY2025 10-K of a non-accelerated filer: due 2026-03-31 (90 days); the NT 10-K filed that
    # day extends it 15 calendar days, to Wednesday 2026-04-15.
    clock = Clock(datetime(2026, 3, 31, 16, 10, tzinfo=EASTERN))
    async with EdgarReplica(clock=clock) as replica:
        replica.add_filing(nt_10k(datetime(2026, 3, 31, 16, 5, tzinfo=EASTERN)))
        config = make_config(replica.base_url, slack.base_url)
        async with Monitor(config, clock=clock, client_options={"backoff_initial": 0}) as m:
            await m.run_once()
            assert "late-filing" in slack.rules_posted(NT_10K)
            await nights(m, clock, date(2026, 3, 31), date(2026, 4, 15))
            assert "late-filing-overdue" not in slack.rules_posted(NT_10K)  # deadline day
            await nights(m, clock, date(2026, 4, 16), date(2026, 4, 20))
            watch = await m.store.query("SELECT status FROM late_filings")
            # The 10-K finally comes on Tuesday April 21, four business days late.
            replica.add_filing(ten_k(datetime(2026, 4, 21, 11, 0, tzinfo=EASTERN)))
            await nights(m, clock, date(2026, 4, 21), date(2026, 4, 24))
            settled = await m.store.query(
                "SELECT status, arrived_accession FROM late_filings")

    posted = slack.rules_posted(NT_10K)
    assert posted.count("late-filing") == 1
    assert watch == [{"status": "overdue"}]
    assert settled == [{"status": "arrived", "arrived_accession": "0001000001-26-000009"}]
    # One overdue alert, then one note of the arrival under the same rule.
    assert posted.count("late-filing-overdue") == 2
    note = slack.alerts_for(NT_10K)[-1]
    assert "Late 10-K arrived" in note.text
    assert "10-K 0001000001-26-000009 filed 2026-04-21, 6 days after the extended deadline " \
        "2026-04-15." in note.text
    ids = [(m.metadata or {}).get("event_payload", {}).get("alert_id", "")
           for m in slack.alerts_for(NT_10K)]
    assert [i.rsplit(":", 1)[-1] for i in ids] == ["edgar-alerts", "overdue", "arrived"]


async def test_report_filed_within_the_extension_closes_the_notice_without_alert(
    slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    clock = Clock(datetime(2026, 3, 31, 16, 10, tzinfo=EASTERN))
    async with EdgarReplica(clock=clock) as replica:
        replica.add_filing(nt_10k(datetime(2026, 3, 31, 16, 5, tzinfo=EASTERN)))
        replica.add_filing(ten_k(datetime(2026, 4, 14, 16, 30, tzinfo=EASTERN)))
        config = make_config(replica.base_url, slack.base_url)
        async with Monitor(config, clock=clock, client_options={"backoff_initial": 0}) as m:
            await m.run_once()
            await nights(m, clock, date(2026, 3, 31), date(2026, 4, 20))
            watch = await m.store.query(
                "SELECT status, arrived_accession, arrived_filed FROM late_filings")

    assert slack.rules_posted(NT_10K) == ["loss-widening", "late-filing"]
    assert watch == [{"status": "arrived", "arrived_accession": "0001000001-26-000009",
                      "arrived_filed": "2026-04-14"}]


async def test_notice_whose_extension_ended_long_ago_is_settled_without_alert(
    slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    """A backfilled NT 10-K from last spring must not post an overdue alert today."""
    clock = Clock(datetime(2026, 3, 31, 16, 10, tzinfo=EASTERN))
    async with EdgarReplica(clock=clock) as replica:
        replica.add_filing(nt_10k(datetime(2026, 3, 31, 16, 5, tzinfo=EASTERN)))
        config = make_config(replica.base_url, slack.base_url)
        async with Monitor(config, clock=clock, client_options={"backoff_initial": 0}) as m:
            await m.run_once()
            await nights(m, clock, date(2026, 3, 31), date(2026, 4, 3))
            clock.now = datetime(2026, 5, 20, 23, 35, tzinfo=EASTERN)
            await m.jobs.follow_up_late_filings()
            await m.drain()
            watch = await m.store.query("SELECT status FROM late_filings")

    assert "late-filing-overdue" not in slack.rules_posted(NT_10K)
    assert watch == [{"status": "expired"}]


async def test_backfill_reads_distress_forms_once_per_accession_with_the_default_forms(
    make_config: Callable[..., Config],
) -> None:
    from monitor.backfill import backfill
    from monitor.notify import RecordingNotifier

    monday = datetime(2025, 12, 8, 10, 0, tzinfo=EASTERN)
    thursday = monday + timedelta(days=3)
    async with EdgarReplica(clock=lambda: thursday) as replica:
        replica.add_filing(nt_10k(monday))
        replica.add_filing(delisting_25nse(monday + timedelta(hours=1)))
        replica.add_filing(notes_25nse(monday + timedelta(days=1)))
        replica.add_filing(form_15(monday + timedelta(days=1, hours=1)))
        config = make_config(replica.base_url)
        notifier = RecordingNotifier()
        async with Monitor(config, notifier=notifier, clock=lambda: thursday) as monitor:
            result = await backfill(monitor, date(2025, 12, 8), date(2025, 12, 10),
                                    alert=True)
            rows = await monitor.store.query(
                "SELECT accession, form, cik, source FROM filings ORDER BY accession")

    # The daily index lists each 25-NSE twice (issuer and exchange): one filing each.
    assert (result.filings_found, result.processed) == (4, 4)
    assert [(r["accession"], r["form"], r["cik"]) for r in rows] == [
        (NOTES, "25-NSE", 1000002), (NT_10K, "NT 10-K", 1000001),
        (FORM_15, "15-12G", 1000003), (DELISTING, "25-NSE", 1000001)]
    assert {r["source"] for r in rows} == {"backfill"}
    posted = {a.accession: list(a.rules) for a in notifier.sent}
    assert posted == {NT_10K: ["loss-widening", "late-filing"],
                      DELISTING: ["exchange-delisting"], FORM_15: ["deregistration"]}

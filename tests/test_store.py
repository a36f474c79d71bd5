"""The store's one test suite, run on both backends (SQLite file and a real PostgreSQL
server), as APScheduler runs one suite over all its data stores."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from monitor.errors import StoreError
from monitor.models import (
    Alert,
    DocumentRef,
    FetchedDocument,
    Figure,
    Filing,
    FilingFacts,
    FilingRef,
    RuleMatch,
    Signal,
)
from monitor.store import Store, open_store
from monitor.store.schema import MIGRATIONS

T0 = datetime(2025, 12, 12, 15, 0, tzinfo=UTC)
ACCEPTED = datetime(2025, 12, 12, 9, 30, tzinfo=UTC)


def ref(n: int, *, cik: int = 1000001, accepted: datetime | None = None) -> FilingRef:
    return FilingRef(f"0001000001-25-{n:06d}", cik, "8-K", f"Company {n}",
                     accepted=accepted or ACCEPTED + timedelta(minutes=n),
                     filed=date(2025, 12, 12), items=("2.02", "9.01"))


def facts(filing: FilingRef, figures: dict[str, Figure] | None = None) -> FilingFacts:
    docs = (DocumentRef(1, "8-K", "d8k.htm"), DocumentRef(2, "EX-99.1", "ex991.htm"))
    return FilingFacts(
        Filing(filing, docs, sic="3674"),
        figures or {"revenue": Figure("revenue", 4_609_000.0, 7_885_000.0, "Net sales",
                                      "table", "ex991.htm")},
        {"going_concern": Signal("going_concern", True, "substantial doubt ...", "ex991.htm"),
         "bankruptcy": Signal("bankruptcy", False)},
        filing.items, ("d8k.htm", "ex991.htm"), ("ex992.htm: cut at the size cap",))


def alert(filing: FilingRef, rule: str = "going-concern", window: float | None = None,
          key: str | None = None) -> Alert:
    match = RuleMatch(rule, "critical", "#edgar-alerts", "Going-concern doubt", "Doubt.",
                      key or f"{rule}:{filing.accession}", window_days=window)
    return Alert(f"{filing.accession}:edgar-alerts", filing.accession, "#edgar-alerts",
                 (match,), cik=filing.cik, company=filing.company, form=filing.form,
                 items=filing.items, accepted=filing.accepted)


def fetched_docs(filing: FilingRef) -> list[FetchedDocument]:
    return [FetchedDocument(DocumentRef(2, "EX-99.1", "ex991.htm"), b"x" * 1234)]


@pytest.fixture
async def store(database: str) -> AsyncIterator[Store]:
    opened = await open_store(database)
    yield opened
    await opened.close()


# -- filings -----------------------------------------------------------------------------


async def test_record_seen_returns_only_filings_not_recorded_before(store: Store) -> None:
    first = await store.record_seen([ref(1), ref(2)], "feed", T0)
    again = await store.record_seen([ref(2), ref(3)], "feed", T0)

    assert [r.accession for r in first] == [ref(1).accession, ref(2).accession]
    assert [r.accession for r in again] == [ref(3).accession]
    assert await store.known([ref(1).accession, ref(9).accession]) == {ref(1).accession}


async def test_known_answers_for_more_accessions_than_one_query_takes(store: Store) -> None:
    refs = [ref(n) for n in range(1200)]
    await store.record_seen(refs[::2], "feed", T0)
    assert await store.known(r.accession for r in refs) == {r.accession for r in refs[::2]}


async def test_due_filings_come_oldest_acceptance_first_and_keep_backfill_apart(
    store: Store
) -> None:
    await store.record_seen([ref(3), ref(1)], "feed", T0)
    await store.record_seen([ref(2)], "backfill", T0)

    live = await store.due_filings(T0)
    backfill = await store.due_filings(T0, backfill=True)

    assert [p.ref.accession for p in live] == [ref(1).accession, ref(3).accession]
    assert [p.ref.accession for p in backfill] == [ref(2).accession]
    assert live[0].ref == ref(1)  # every field survives the round trip
    assert (live[0].attempts, live[0].source) == (0, "feed")


async def test_a_deferred_filing_is_due_again_only_at_its_retry_time(store: Store) -> None:
    await store.record_seen([ref(1), ref(2)], "feed", T0)
    retry = T0 + timedelta(seconds=30, microseconds=500_000)
    await store.defer_filing(ref(1).accession, "not yet published", retry, T0)

    # 30.5 s after T0 is later than 30 s: text timestamps must compare in time order.
    assert [p.ref.accession for p in await store.due_filings(T0 + timedelta(seconds=30))] \
        == [ref(2).accession]
    await store.complete_filing(facts(ref(2)), [], T0)
    assert await store.next_retry_at() == retry
    due = await store.due_filings(retry)
    assert [(p.ref.accession, p.attempts) for p in due] == [(ref(1).accession, 1)]


async def test_defer_without_retry_marks_the_filing_failed(store: Store) -> None:
    await store.record_seen([ref(1)], "feed", T0)
    await store.defer_filing(ref(1).accession, "parse error", None, T0)

    row = await store.filing_status(ref(1).accession)
    assert row is not None
    assert (row["status"], row["attempts"], row["error"]) == ("error", 1, "parse error")
    assert await store.due_filings(T0 + timedelta(days=1)) == []
    assert await store.next_retry_at() is None


async def test_mark_skipped_touches_pending_filings_only(store: Store) -> None:
    await store.record_seen([ref(1), ref(2)], "feed", T0)
    await store.complete_filing(facts(ref(2)), [], T0)
    await store.mark_skipped([ref(1).accession, ref(2).accession], "before first run", T0)

    statuses = await store.query("SELECT accession, status FROM filings ORDER BY accession")
    assert statuses == [{"accession": ref(1).accession, "status": "skipped"},
                        {"accession": ref(2).accession, "status": "processed"}]


async def test_a_completed_filing_reads_back_as_the_same_facts(store: Store) -> None:
    filing = ref(1)
    await store.record_seen([filing], "feed", T0)
    await store.complete_filing(facts(filing), [], T0, fetched_docs(filing))

    back = await store.filing_facts(filing.accession)

    assert back is not None
    assert back.filing.ref == filing
    assert back.filing.sic == "3674"
    assert back.figures == {"revenue": Figure("revenue", 4_609_000.0, 7_885_000.0,
                                              "Net sales", "table", "ex991.htm")}
    assert back.signals["going_concern"] == Signal("going_concern", True,
                                                   "substantial doubt ...", "ex991.htm")
    assert back.signals["bankruptcy"].present is False
    assert back.errors == ("ex992.htm: cut at the size cap",)
    assert back.documents == ("ex991.htm",)
    assert await store.filing_facts("0009999999-25-000001") is None


# -- alerts and dedupe ------------------------------------------------------------------


async def test_the_same_dedupe_key_queues_one_alert(store: Store) -> None:
    first = await store.complete_filing(facts(ref(1)), [alert(ref(1))], T0)
    again = await store.complete_filing(facts(ref(1)), [alert(ref(1))], T0)

    assert [a.alert_id for a in first] == [alert(ref(1)).alert_id]
    assert again == []
    assert await store.outbox_depth() == 1


@pytest.mark.parametrize(("days_later", "queued"), [(10, False), (31, True)])
async def test_a_windowed_rule_fires_once_per_company_within_its_window(
    store: Store, days_later: int, queued: bool
) -> None:
    await store.complete_filing(facts(ref(1)), [alert(ref(1), window=30)], T0)
    later = await store.complete_filing(
        facts(ref(2)), [alert(ref(2), window=30)], T0 + timedelta(days=days_later))
    assert bool(later) is queued


async def test_figure_history_is_the_companys_earlier_filings_newest_first(
    store: Store
) -> None:
    for n, revenue in [(1, 100.0), (2, 200.0), (3, 300.0)]:
        await store.complete_filing(
            facts(ref(n), {"revenue": Figure("revenue", revenue)}), [], T0)
    await store.complete_filing(
        facts(ref(4, cik=2), {"revenue": Figure("revenue", 999.0)}), [], T0)

    history = await store.figure_history(1000001, ref(3).accepted, ref(3).accession)
    unbounded = await store.figure_history(1000001, None, ref(1).accession, limit=1)

    assert [(h["accession"], h["figures"]) for h in history] == [
        (ref(2).accession, {"revenue": 200.0}), (ref(1).accession, {"revenue": 100.0})]
    assert [h["accession"] for h in unbounded] == [ref(3).accession]


async def test_outbox_sends_in_order_and_records_each_outcome(store: Store) -> None:
    for n in (1, 2, 3):
        await store.complete_filing(facts(ref(n)), [alert(ref(n))], T0 + timedelta(seconds=n))
    first, second, third = await store.due_alerts(T0 + timedelta(minutes=1))
    assert [a.accession for a in (first, second, third)] == [ref(n).accession for n in (1, 2, 3)]
    assert first.alert == alert(ref(1))  # every field survives the round trip
    assert first.rules == ("going-concern",)

    await store.mark_sent(first.alert_id, "1700000000.000100", T0)
    await store.mark_retry(second.alert_id, "timeout", T0 + timedelta(minutes=5))
    await store.mark_failed(third.alert_id, "channel_not_found")

    assert await store.due_alerts(T0 + timedelta(minutes=1)) == []
    [retried] = await store.due_alerts(T0 + timedelta(minutes=5))
    assert (retried.alert_id, retried.attempts) == (second.alert_id, 1)
    assert await store.outbox_depth() == 1
    rows = await store.query("SELECT status, slack_ts FROM alerts ORDER BY created_at")
    assert [r["status"] for r in rows] == ["sent", "pending", "failed"]
    assert rows[0]["slack_ts"] == "1700000000.000100"


async def test_a_post_started_and_never_finished_stays_in_flight(store: Store) -> None:
    await store.complete_filing(facts(ref(1)), [alert(ref(1))], T0)
    [queued] = await store.due_alerts(T0)
    assert not queued.in_flight

    await store.mark_posting(queued.alert_id, "C07ALERTS1")
    [cut_off] = await store.due_alerts(T0)
    assert (cut_off.in_flight, cut_off.post_attempts, cut_off.channel_id) == (
        True, 1, "C07ALERTS1")
    assert await store.in_flight_alerts() == 1

    await store.mark_sent(queued.alert_id, "1.2", T0)
    assert await store.in_flight_alerts() == 0


async def test_postponing_holds_every_pending_alert_until_the_given_time(store: Store) -> None:
    for n in (1, 2):
        await store.complete_filing(facts(ref(n)), [alert(ref(n))], T0)
    await store.postpone_pending(T0 + timedelta(minutes=10))

    assert await store.due_alerts(T0 + timedelta(minutes=9)) == []
    assert len(await store.due_alerts(T0 + timedelta(minutes=10))) == 2


async def test_prune_drops_old_bulk_and_keeps_filings_and_figures(store: Store) -> None:
    await store.record_seen([ref(1)], "feed", T0)
    await store.complete_filing(facts(ref(1)), [alert(ref(1))], T0, fetched_docs(ref(1)))
    [queued] = await store.due_alerts(T0)
    await store.mark_sent(queued.alert_id, "1.1", T0)

    removed = await store.prune(T0 + timedelta(days=1))

    # one sent alert, one document row, one absent signal (bankruptcy)
    assert removed == 3
    assert await store.query("SELECT name FROM signals") == [{"name": "going_concern"}]
    assert len(await store.query("SELECT accession FROM figures")) == 1
    assert await store.known([ref(1).accession]) == {ref(1).accession}


async def test_cursors_are_set_and_replaced(store: Store) -> None:
    assert await store.get_cursor("daily_index_through") is None
    await store.set_cursor("daily_index_through", "2025-12-10")
    await store.set_cursor("daily_index_through", "2025-12-11")
    assert await store.get_cursor("daily_index_through") == "2025-12-11"


# -- schema --------------------------------------------------------------------------------


async def test_every_migration_applies_once(database: str) -> None:
    async def applied() -> list[str]:
        async with await open_store(database) as store:
            rows = await store.query("SELECT name FROM store_migrations ORDER BY name")
        return [r["name"] for r in rows]

    first = await applied()
    assert first == [m.name for m in MIGRATIONS]
    assert await applied() == first


async def test_daemons_starting_together_migrate_the_database_once(database: str) -> None:
    stores = await asyncio.gather(*(open_store(database) for _ in range(4)))
    try:
        rows = await stores[0].query("SELECT count(*) AS n FROM store_migrations")
        assert rows[0]["n"] == len(MIGRATIONS)
    finally:
        for store in stores:
            await store.close()


async def test_a_sqlite_file_from_before_the_two_backends_is_migrated_in_place(
    tmp_path: Path
) -> None:
    # The layout sqlite-utils' Migrations left: its own ledger, m001 recorded there.
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(next(m for m in MIGRATIONS if m.name == "m001_initial").sql)
        conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, "
                     "applied_at TEXT)")
        conn.execute("INSERT INTO _sqlite_migrations VALUES ('edgar-monitor', 'm001_initial', "
                     "'2025-11-25')")
        conn.execute("INSERT INTO alerts (alert_id, rules, payload, status, created_at) "
                     "VALUES ('a1', '[]', '{}', 'pending', '2025-11-25T00:00:00+00:00')")

    async with await open_store(path) as store:
        [old] = await store.due_alerts(T0)
        applied = await store.query("SELECT name FROM store_migrations ORDER BY name")

    assert old.alert_id == "a1" and not old.in_flight
    assert [r["name"] for r in applied] == [m.name for m in MIGRATIONS]


async def test_an_unreachable_postgres_is_one_clear_error_without_the_password() -> None:
    port = 1  # nothing listens there
    url = f"postgresql://monitor:s3cret@127.0.0.1:{port}/edgar"
    with pytest.raises(StoreError) as caught:
        await open_store(url)
    assert "postgresql://monitor:***@127.0.0.1:1/edgar" in str(caught.value)
    assert "s3cret" not in str(caught.value)

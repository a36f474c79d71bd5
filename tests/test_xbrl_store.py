"""The XBRL tables on both backends: cache, checks, deferral, grading and counts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from monitor.store import Store, open_store
from monitor.xbrl.crosscheck import Check, CrossCheck, FigureCheck

NOW = datetime(2025, 6, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
async def store(database: str) -> AsyncIterator[Store]:
    opened = await open_store(database)
    yield opened
    await opened.close()


async def test_cache_and_staleness(store: Store) -> None:
    assert await store.cached_facts(7) is None
    await store.save_facts(7, NOW, "ok", '{"facts":[]}')
    await store.mark_facts_stale([7, 8])
    cached = await store.cached_facts(7)
    assert cached is not None
    assert (cached.status, cached.facts, cached.stale, cached.fetched_at) == (
        "ok", '{"facts":[]}', True, NOW)
    await store.save_facts(7, NOW, "missing", "")
    again = await store.cached_facts(7)
    assert again is not None and (again.status, again.stale) == ("missing", False)


async def test_checks_round_trip_grade_and_count(store: Store) -> None:
    prior = Check("mismatch", 1.0, 2.0, "0000000007-25-000001", "10-Q", "2025-05-01",
                  "quarter to 2024-03-31", "scale", "scale")
    cross = CrossCheck(date(2025, 3, 31), {
        "revenue": FigureCheck("revenue", prior, Check("pending", 5.0))}, verdict="v")
    await store.defer_check("a-1", 7, NOW)
    assert await store.deferred_checks(10) == ["a-1"]
    assert await store.filing_cross_check("a-1") is None

    await store.record_checks("a-1", 7, cross, NOW)
    assert await store.deferred_checks(10) == []
    loaded = await store.filing_cross_check("a-1")
    assert loaded is not None
    assert loaded.period_end == date(2025, 3, 31) and loaded.verdict == "v"
    assert loaded.figures["revenue"].prior == Check(
        "mismatch", 1.0, 2.0, "0000000007-25-000001", "10-Q", "2025-05-01",
        "quarter to 2024-03-31", "scale")

    [pending] = await store.pending_grades(7)
    assert (pending.accession, pending.name, pending.value) == ("a-1", "revenue", 5.0)
    await store.save_grade("a-1", "revenue", Check("match", 5.0, 5.0, "x", "10-Q",
                                                   "2025-05-01", "quarter"), NOW)
    assert await store.pending_grades() == []
    [counts] = await store.check_counts()
    assert (counts["name"], counts["current_match"], counts["prior_mismatch"]) == (
        "revenue", 1, 1)

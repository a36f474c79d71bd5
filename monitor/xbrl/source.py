"""Companyfacts from data.sec.gov through the shared EDGAR client (one fair-access limiter,
one breaker), cached in the store, and the self-grading of past extractions.

data.sec.gov sends no ETag or Last-Modified and says `no-cache, no-store` (EDGAR.md §8), so
freshness is decided here: a company's facts are read again at most once a day, or sooner
once a 10-Q or 10-K of the company appears (the daily index marks its cache stale).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import structlog

from monitor.conditions import HISTORY_LIMIT
from monitor.edgar.client import SEC_DATA_URL, EdgarClient
from monitor.errors import NotPublishedError, ParseError, TransientFetchError
from monitor.models import FilingFacts
from monitor.store import Store
from monitor.xbrl.crosscheck import Check, CrossCheck, fill_history, grade_current
from monitor.xbrl.reduce import History, cache_form, facts_from_json, reduce_facts

log = structlog.get_logger("monitor.xbrl")

FRESH_FOR = timedelta(days=1)
GIVE_UP_AFTER = timedelta(days=150)
# Real companyfacts run to ~5 MB (Microsoft 4.7 MB); refuse anything far larger.
MAX_COMPANYFACTS_BYTES = 40_000_000
# Forms whose XBRL changes a company's facts; their appearance makes the cache stale.
XBRL_FORMS = frozenset({"10-Q", "10-K", "10-Q/A", "10-K/A", "10-KT", "20-F", "40-F"})


def history_from_cache(cached: str) -> History:
    """The history of a cached form: a few milliseconds, run in a thread."""
    return reduce_facts(facts_from_json(cached))


def companyfacts_url(cik: int) -> str:
    """data.sec.gov's companyfacts URL (the client rewrites the host for a replica)."""
    return f"{SEC_DATA_URL}/api/xbrl/companyfacts/CIK{cik:010d}.json"


@dataclass(frozen=True, slots=True)
class CompanyHistory:
    """What is known of a company's XBRL: its history, or why there is none."""

    history: History | None
    status: str  # ok | missing | error
    note: str = ""


@dataclass
class XbrlSource:
    """Reads and caches companyfacts; grades past current values when their period is filed."""

    client: EdgarClient
    store: Store
    clock: Callable[[], datetime]
    on_graded: Callable[[str, str], None] = lambda figure, outcome: None
    # Parse companyfacts in another process: json.loads holds the GIL for the whole of a
    # 3-5 MB body (40-100 ms), which would stall the event loop and bunch EDGAR requests
    # past the rate guard's margin. None parses in a thread (tests that need no isolation).
    parse_in_process: bool = True
    _locks: dict[int, asyncio.Lock] = field(default_factory=dict)
    _pool: ProcessPoolExecutor | None = None
    fetches: int = 0

    async def close(self) -> None:
        """Stop the parsing process, if one was started."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.to_thread(pool.shutdown, True, cancel_futures=True)

    async def _parse(self, body: bytes) -> str:
        """The cache form (compact JSON of the figures' facts) of a companyfacts body."""
        if not self.parse_in_process:
            return await asyncio.to_thread(cache_form, body)
        if self._pool is None:
            # A fork server, not fork: the daemon has threads (SQLite, to_thread) whose locks
            # a fork could copy held; the worker imports only monitor.xbrl.reduce.
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, cache_form, body)

    async def company(self, cik: int) -> CompanyHistory:
        """The company's XBRL history: from the cache when fresh, else read from SEC.

        A company SEC has no XBRL for (404) is cached as missing for a day. Transient
        faults give `error` without caching; SEC throttling propagates (the breaker)."""
        lock = self._locks.setdefault(cik, asyncio.Lock())
        async with lock:
            now = self.clock()
            cached = await self.store.cached_facts(cik)
            if cached is not None and not cached.stale and now - cached.fetched_at < FRESH_FOR:
                return await self._from_cache(cached.status, cached.facts)
            return await self._fetch(cik, now)

    async def _from_cache(self, status: str, facts: str) -> CompanyHistory:
        if status != "ok":
            return CompanyHistory(None, "missing", "SEC has no XBRL data for this company")
        history = await asyncio.to_thread(history_from_cache, facts)
        return CompanyHistory(history, "ok")

    async def _fetch(self, cik: int, now: datetime) -> CompanyHistory:
        self.fetches += 1
        try:
            resp = await self.client.get(companyfacts_url(cik),
                                         max_bytes=MAX_COMPANYFACTS_BYTES)
        except NotPublishedError:
            await self.store.save_facts(cik, now, "missing", "")
            return CompanyHistory(None, "missing", "SEC has no XBRL data for this company")
        except TransientFetchError as exc:
            log.warning("companyfacts_unavailable", cik=cik, error=str(exc))
            return CompanyHistory(None, "error", "XBRL could not be read just now")
        if resp.truncated:
            return CompanyHistory(None, "error", "companyfacts larger than the size cap")
        try:
            cached = await self._parse(resp.body)
        except ParseError as exc:
            log.warning("companyfacts_unreadable", cik=cik, error=str(exc))
            return CompanyHistory(None, "error", "companyfacts unreadable")
        await self.store.save_facts(cik, now, "ok", cached)
        return await self._from_cache("ok", cached)

    async def grade(self, cik: int, history: History | None) -> int:
        """Grade the company's pending current values whose period XBRL now has."""
        if history is None:
            return 0
        graded = 0
        now = self.clock()
        for pending in await self.store.pending_grades(cik):
            check = grade_current(pending.name, pending.value, history, pending.period_end)
            if check.status == "pending":
                if now.date() - pending.period_end <= GIVE_UP_AFTER:
                    continue
                # No 10-Q or 10-K for the period in five months: stop asking SEC about it.
                check = Check("unavailable", pending.value, note="never filed in XBRL")
            await self.store.save_grade(pending.accession, pending.name, check, now)
            self.on_graded(pending.name, check.status)
            graded += 1
        return graded

    async def grade_all(self, today: date, limit: int = 200) -> int:
        """Self-grading job: companies with current values whose period ended a while ago
        (a 10-Q is due 40-45 days after the quarter) are read again and graded."""
        ciks: list[int] = []
        for pending in await self.store.pending_grades(limit=5000):
            if today - pending.period_end >= timedelta(days=40) and pending.cik not in ciks:
                ciks.append(pending.cik)
        graded = 0
        for cik in ciks[:limit]:
            company = await self.company(cik)
            graded += await self.grade(cik, company.history)
        return graded



async def stored_history(
    store: Store, facts: FilingFacts, cross: CrossCheck | None
) -> list[dict[str, Any]]:
    """A processed filing's rule history as the pipeline built it, from the store and the
    cached companyfacts only (no request): for `explain`."""
    ref = facts.filing.ref
    past = await store.figure_history(ref.cik, ref.accepted, ref.accession)
    if cross is None or cross.period_end is None:
        return past
    cached = await store.cached_facts(ref.cik)
    if cached is None or cached.status != "ok":
        return past
    history = history_from_cache(cached.facts)
    return fill_history(past, history, cross.period_end, HISTORY_LIMIT)

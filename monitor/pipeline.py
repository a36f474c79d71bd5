"""One filing through fetch -> extract -> evaluate -> persist (alerts into the outbox)."""

from __future__ import annotations

import asyncio
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import structlog

from monitor.alerts import build_alerts
from monitor.conditions import HISTORY_LIMIT
from monitor.config import Config
from monitor.edgar.client import EdgarClient
from monitor.errors import (
    ExtractionError,
    FetchError,
    NotPublishedError,
    ParseError,
    ThrottledError,
    TransientFetchError,
    UndeclaredAgentError,
)
from monitor.extract import extract_document
from monitor.extract.filing import PARSER_FAULTS, filing_facts, reading_order
from monitor.extract_pool import ExtractionPool
from monitor.fetch import Fetcher, publication_retry
from monitor.models import (
    Alert,
    DocumentFacts,
    DocumentRef,
    FetchedFiling,
    FilingFacts,
)
from monitor.rules import RulesInForce, evaluate
from monitor.store import PendingFiling, Store
from monitor.tickers import Tickers
from monitor.xbrl.crosscheck import (
    CrossCheck,
    cross_check,
    filing_day,
    fill_history,
)
from monitor.xbrl.source import XbrlSource
from monitor.xbrl.tags import FIGURE_TAGS

log = structlog.get_logger("monitor.pipeline")

MAX_ATTEMPTS = 12


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one filing."""

    accession: str
    status: str  # processed | deferred | failed
    alerts: tuple[Alert, ...] = ()
    error: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    rules_fired: tuple[str, ...] = ()  # also when alerts are off (backfill)


@dataclass
class Pipeline:
    """Processes filings; shared by the daemon, `run --once` and backfill."""

    client: EdgarClient
    store: Store
    config: Config
    rules: RulesInForce
    clock: Callable[[], datetime]
    alerts_enabled: bool = True
    tickers: Tickers = field(default_factory=Tickers)
    # Worker processes that extract each document within its time budget (the daemon's);
    # without one, documents are extracted in a thread, off the event loop but unbounded.
    extractor: ExtractionPool | None = None
    xbrl: XbrlSource | None = None
    fetcher: Fetcher = field(init=False)

    def __post_init__(self) -> None:
        self.fetcher = Fetcher(self.client, self.config)

    async def process(self, pending: PendingFiling) -> Outcome:
        """Process one filing: fetch -> facts -> evaluate -> persist. Failures are recorded
        on the filing, never raised, except throttling and an undeclared User-Agent, which
        concern every filing."""
        ref = pending.ref
        bound = log.bind(accession=ref.accession, cik=ref.cik, form=ref.form)
        started = time.perf_counter()
        try:
            fetched = await self.fetcher.fetch(ref)
            t_fetch = time.perf_counter()
            facts = await self._facts(fetched)
            t_extract = time.perf_counter()
        except (ThrottledError, UndeclaredAgentError):
            raise  # about the client, not this filing: the cycle stops
        except NotPublishedError as exc:
            retry = publication_retry(ref, pending.attempts, self.clock(),
                                      self.config.edgar.not_published_retry_seconds)
            return await self._defer(pending, f"not yet published: {exc.url}", bound,
                                     retry.delay_seconds, give_up=retry.counts)
        except TransientFetchError as exc:
            return await self._defer(pending, str(exc), bound, 60.0 * (pending.attempts + 1))
        except (ParseError, FetchError) as exc:
            return await self._fail(pending, str(exc), bound)
        filing = fetched.filing
        history = await self.store.figure_history(ref.cik, filing.ref.accepted, ref.accession)
        checkable = self.xbrl is not None and any(n in FIGURE_TAGS for n in facts.figures)
        wants: list[str] = []
        matches = evaluate(self.rules.ruleset, facts,
                           default_channel=self.config.slack.default_channel,
                           history=history, watchlists=self.config.watchlists,
                           wants=wants if checkable else None)
        cross = None
        if checkable and (matches or wants):
            # The alert will show the checks, or XBRL could change a verdict: read it now.
            # Otherwise the check waits for idle time, off the path of every other alert.
            cross, history = await self._with_xbrl(facts, history)
            matches = evaluate(self.rules.ruleset, facts,
                               default_channel=self.config.slack.default_channel,
                               history=history, watchlists=self.config.watchlists,
                               xbrl_status=cross.prior_status())
        read = [d.ref for d in fetched.documents]
        alerts = build_alerts(facts, matches, read, cross, history) \
            if self.alerts_enabled else []
        queued = await self.store.complete_filing(facts, alerts, self.clock(),
                                                   fetched.documents)
        if cross is not None:
            await self.store.record_checks(ref.accession, ref.cik, cross, self.clock())
        elif checkable:
            await self.store.defer_check(ref.accession, ref.cik, self.clock())
        done = time.perf_counter()
        timings = {
            "fetch_ms": round((t_fetch - started) * 1000, 1),
            "extract_ms": round((t_extract - t_fetch) * 1000, 1),
            "total_ms": round((done - started) * 1000, 1),
        }
        bound.info(
            "filing_processed",
            company=filing.ref.company,
            items=list(facts.items),
            documents=len(fetched.documents),
            figures=sorted(facts.figures),
            signals=sorted(n for n, s in facts.signals.items() if s.present),
            rules_fired=[m.rule_id for m in matches],
            alerts_queued=len(queued),
            errors=list(facts.errors),
            **timings,
        )
        return Outcome(ref.accession, "processed", tuple(queued), timings=timings,
                       rules_fired=tuple(m.rule_id for m in matches))

    async def check_deferred(self, limit: int = 4) -> int:
        """Cross-check filings whose check was deferred (no alert, no rule needing XBRL);
        returns how many were done. Called when no filing is waiting."""
        if self.xbrl is None:
            return 0
        done = 0
        for accession in await self.store.deferred_checks(limit):
            facts = await self.store.filing_facts(accession)
            if facts is None:
                continue
            history = await self.store.figure_history(
                facts.filing.ref.cik, facts.filing.ref.accepted, accession)
            cross, _history = await self._with_xbrl(facts, history)
            await self.store.record_checks(accession, facts.filing.ref.cik, cross,
                                           self.clock())
            done += 1
        return done

    async def _with_xbrl(
        self, facts: FilingFacts, history: list[dict[str, Any]]
    ) -> tuple[CrossCheck, list[dict[str, Any]]]:
        """Cross-check the figures against the company's XBRL and let its quarters fill in
        the history the store lacks (issue 17)."""
        assert self.xbrl is not None
        ref = facts.filing.ref
        company = await self.xbrl.company(ref.cik)
        accepted = filing_day(ref.accepted or self.clock())
        non_reliance = "4.02" in facts.items or bool(
            facts.signals.get("non_reliance") and facts.signals["non_reliance"].present)
        cross = cross_check(facts.figures, company.history, accepted,
                            unavailable_note=company.note, non_reliance=non_reliance)
        filled = fill_history(history, company.history, cross.period_end, HISTORY_LIMIT)
        for name, fc in cross.figures.items():
            if fc.current.status in ("match", "mismatch"):  # the 10-Q came first: graded now
                self.xbrl.on_graded(name, fc.current.status)
        await self.xbrl.grade(ref.cik, company.history)
        return cross, filled

    async def _facts(self, fetched: FetchedFiling) -> FilingFacts:
        """The filing's facts: each document extracted off the event loop (in the worker
        pool, within its time budget, when there is one), then the one pure path."""
        extracted: dict[DocumentRef, DocumentFacts] = {}
        errors: list[str] = []
        items = fetched.filing.ref.items
        for doc in reading_order(fetched.documents):
            try:
                extracted[doc.ref] = await self._extract_one(doc.body, doc.name, items)
            except ExtractionError as exc:
                # A hostile or unreadable document must not hold up the filing's other
                # documents or the daemon: record it on the filing, with the traceback.
                log.error("extraction_failed", accession=fetched.filing.accession,
                          document=doc.name, error=str(exc), traceback=exc.detail or None)
                errors.append(f"{doc.name}: {exc}")
        # Off the event loop: reading a distress form costs a worker thread, not the loop.
        facts = await asyncio.to_thread(filing_facts, fetched, extracted, errors)
        return replace(facts, ticker=self.tickers.get(facts.filing.ref.cik, ""))

    async def _extract_one(self, body: bytes, name: str, items: tuple[str, ...]) -> DocumentFacts:
        """One document's facts, never extracted on the event loop."""
        if self.extractor is not None:
            return await self.extractor.extract(body, name, items)
        try:
            return await asyncio.to_thread(extract_document, body, name, items)
        except PARSER_FAULTS as exc:
            raise ExtractionError(f"extraction failed: {type(exc).__name__}: {exc}",
                                  detail=traceback.format_exc()) from None

    async def _defer(
        self, pending: PendingFiling, error: str, bound: Any, delay: float,
        *, give_up: bool = True,
    ) -> Outcome:
        if give_up and pending.attempts + 1 >= MAX_ATTEMPTS:
            return await self._fail(pending, f"gave up after {MAX_ATTEMPTS} attempts: {error}",
                                    bound)
        now = self.clock()
        await self.store.defer_filing(pending.ref.accession, error,
                                      now + timedelta(seconds=delay), now)
        bound.info("filing_deferred", error=error, retry_in_s=delay)
        return Outcome(pending.ref.accession, "deferred", error=error)

    async def _fail(self, pending: PendingFiling, error: str, bound: Any) -> Outcome:
        await self.store.defer_filing(pending.ref.accession, error, None, self.clock())
        bound.warning("filing_failed", error=error)
        return Outcome(pending.ref.accession, "failed", error=error)



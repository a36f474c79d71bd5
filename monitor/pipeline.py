"""One filing through fetch -> extract -> evaluate -> persist (alerts into the outbox)."""

from __future__ import annotations

import asyncio
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable, Sequence
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
from monitor.extract import extract_document, merge_facts
from monitor.extract.submission import (
    SUBMISSION_READ_CAPS,
    submission_parts,
    submission_skeleton,
)
from monitor.extract_pool import PARSER_FAULTS, ExtractionPool
from monitor.formats.filing import (
    cap_documents,
    is_edgar_filename,
    parse_index_headers,
    parse_submission_header,
    select_documents,
    unsafe_name_error,
)
from monitor.forms import FormReading, form_family, read_form
from monitor.models import (
    Alert,
    DocumentFacts,
    DocumentRef,
    Filing,
    FilingFacts,
    FilingRef,
    Signal,
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

SEC_WWW = "https://www.sec.gov"
MAX_ATTEMPTS = 12
_MAX_WAITING = 1000


# EDGAR serves a filing's documents about 20-30 s after its index page; until then they 404.
DOCUMENTS_EXPECTED_AFTER = timedelta(seconds=20)
# Retry every few seconds while documents are due, so an alert follows them closely.
PUBLISHING_WINDOW = timedelta(seconds=60)
# A fresh filing is not given up on for missing documents before this much time has passed.
NOT_PUBLISHED_PATIENCE = timedelta(minutes=5)
_QUICK_RETRY_SECONDS = 5.0


def not_published_delay(
    attempts: int, accepted: datetime | None, now: datetime, cap: float
) -> float:
    """Seconds before looking again for documents EDGAR has not published yet.

    Within a minute of acceptance: at the expected publication time, then every 5 s. Later
    (or with no acceptance time): 5 s doubling per attempt, at most `cap`.
    """
    if accepted is not None and now - accepted < PUBLISHING_WINDOW:
        expected = (accepted + DOCUMENTS_EXPECTED_AFTER - now).total_seconds()
        return max(_QUICK_RETRY_SECONDS, expected)
    return min(cap, _QUICK_RETRY_SECONDS * 2.0 ** max(0, attempts))


def index_headers_path(ref: FilingRef) -> str:
    return f"{ref.folder}/{ref.accession}-index-headers.html"


def submission_path(ref: FilingRef) -> str:
    return f"{ref.folder}/{ref.accession}.txt"


def filing_index_url(ref: FilingRef) -> str:
    """Link for humans: always sec.gov, whatever host the daemon reads from."""
    return f"{SEC_WWW}{ref.folder}/{ref.accession}-index.htm"


def document_url(ref: FilingRef, filename: str) -> str:
    """Link for humans to a document in the filing's folder ("" for a name not in EDGAR's
    file-name form, which must never become a link)."""
    return f"{SEC_WWW}{ref.folder}/{filename}" if is_edgar_filename(filename) else ""


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
    # Index pages of filings waiting for their documents, so a retry reads only those.
    _waiting: OrderedDict[str, Filing] = field(default_factory=OrderedDict)

    async def process(self, pending: PendingFiling) -> Outcome:
        """Process one filing; failures are recorded on the filing, never raised, except
        throttling and an undeclared User-Agent, which concern every filing."""
        ref = pending.ref
        bound = log.bind(accession=ref.accession, cik=ref.cik, form=ref.form)
        started = time.perf_counter()
        filing: Filing | None = self._waiting.pop(ref.accession, None)
        try:
            if filing is None:
                filing = await self._fetch_filing(ref)
            docs, doc_rows, errors = await self._fetch_documents(filing)
            t_fetch = time.perf_counter()
            facts = await self._extract(filing, docs, errors)
            t_extract = time.perf_counter()
        except (ThrottledError, UndeclaredAgentError):
            raise  # about the client, not this filing: the cycle stops
        except NotPublishedError as exc:
            if filing is not None:
                self._remember_waiting(filing)
            now = self.clock()
            delay = not_published_delay(pending.attempts, ref.accepted, now,
                                        self.config.edgar.not_published_retry_seconds)
            # Quick early retries must not use up a fresh filing's attempts.
            patient = ref.accepted is not None and now - ref.accepted < NOT_PUBLISHED_PATIENCE
            return await self._defer(pending, f"not yet published: {exc.url}", bound, delay,
                                     give_up=not patient)
        except TransientFetchError as exc:
            return await self._defer(pending, str(exc), bound, 60.0 * (pending.attempts + 1))
        except (ParseError, FetchError) as exc:
            return await self._fail(pending, str(exc), bound)
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
        alerts = build_alerts(facts, matches, docs, cross, history) \
            if self.alerts_enabled else []
        queued = await self.store.complete_filing(facts, alerts, self.clock(), doc_rows)
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
            documents=len(docs),
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

    def _remember_waiting(self, filing: Filing) -> None:
        self._waiting[filing.accession] = filing
        while len(self._waiting) > _MAX_WAITING:
            self._waiting.popitem(last=False)

    async def _fetch_filing(self, ref: FilingRef) -> Filing:
        try:
            resp = await self.client.get(index_headers_path(ref),
                                         max_bytes=self.config.edgar.max_document_bytes)
            if resp.truncated:
                raise ParseError("index page larger than edgar.max_document_bytes")
            return parse_index_headers(resp.body, ref)
        except ParseError:
            # No usable index-headers page: the .txt submission has everything.
            resp = await self.client.get(submission_path(ref),
                                         max_bytes=self.config.edgar.max_document_bytes
                                         * SUBMISSION_READ_CAPS)
            # Only the tags are read: the bodies (tens of MB) are left out, off the event loop.
            skeleton = await asyncio.to_thread(submission_skeleton, resp.body)
            return parse_submission_header(skeleton, ref)

    async def _fetch_documents(
        self, filing: Filing
    ) -> tuple[list[tuple[DocumentRef, bytes]], list[dict[str, Any]], list[str]]:
        discovery = self.config.discovery
        # A distress form (12b-25, Form 25, Form 15) states its facts in its primary document.
        primary = "always" if form_family(filing.ref.form) else discovery.primary_document
        wanted = select_documents(
            filing, discovery.document_types, primary, discovery.primary_document_items,
        )
        cap = self.config.edgar.max_document_bytes
        errors: list[str] = []
        rows: list[dict[str, Any]] = []
        # A file name from the filing becomes a request path only in EDGAR's own form.
        unsafe = [d for d in wanted if d.filename is not None and not is_edgar_filename(d.filename)]
        errors.extend(unsafe_name_error(d) for d in unsafe)
        limit = self.config.edgar.max_documents_per_filing
        wanted, left_out = cap_documents(
            filing, tuple(d for d in wanted if d not in unsafe), limit)
        if left_out:
            names = ", ".join(d.filename or d.type for d in left_out[:5])
            more = f" and {len(left_out) - 5} more" if len(left_out) > 5 else ""
            errors.append(f"{len(left_out)} documents beyond edgar.max_documents_per_filing "
                          f"({limit}) not fetched: {names}{more}")
        if any(d.filename is None for d in wanted):
            docs, rows, errors = await self._documents_from_submission(filing, wanted)
        else:
            bodies = await asyncio.gather(
                *(self.client.get(f"{filing.ref.folder}/{d.filename}", max_bytes=cap)
                  for d in wanted)
            )
            docs = []
            for doc, resp in zip(wanted, bodies, strict=True):
                if resp.truncated:
                    errors.append(f"{doc.filename}: cut at the {cap:,}-byte size cap")
                docs.append((doc, resp.body))
                rows.append(_doc_row(filing, doc, len(resp.body), resp.truncated))
        return docs, rows, errors

    async def _documents_from_submission(
        self, filing: Filing, wanted: Sequence[DocumentRef]
    ) -> tuple[list[tuple[DocumentRef, bytes]], list[dict[str, Any]], list[str]]:
        """The wanted documents cut out of the `.txt` submission: the read stops at
        SUBMISSION_READ_CAPS size caps, and each document is cut at the size cap."""
        cap = self.config.edgar.max_document_bytes
        bound = cap * SUBMISSION_READ_CAPS
        resp = await self.client.get(submission_path(filing.ref), max_bytes=bound)
        # Tens of megabytes to scan: off the event loop.
        parts = await asyncio.to_thread(submission_parts, resp.body, cap)
        errors: list[str] = []
        if resp.truncated:
            errors.append(f"{filing.accession}.txt: submission read stopped at {bound:,} bytes")
        out = []
        rows: list[dict[str, Any]] = []
        for doc in wanted:
            name = doc.filename or f"{doc.type} (sequence {doc.sequence})"
            # Sequence numbers can skip, so match by type, nearest the listed position first.
            candidates = sorted(
                (abs(i - doc.sequence), i)
                for i, part in enumerate(parts, start=1)
                if part.type.upper() == doc.type.upper()
            )
            if not candidates:
                if resp.truncated:
                    errors.append(f"{name}: not in the first {bound:,} bytes of the submission")
                continue
            index = candidates[0][1]
            part = parts[index - 1]
            # The last block of a submission cut short may be cut short itself.
            truncated = part.truncated or (resp.truncated and index == len(parts))
            if truncated:
                errors.append(f"{name}: cut at the {cap:,}-byte size cap")
            out.append((doc, part.body))
            rows.append(_doc_row(filing, doc, len(part.body), truncated))
        return out, rows, errors

    async def _extract(
        self, filing: Filing, docs: list[tuple[DocumentRef, bytes]], errors: list[str]
    ) -> FilingFacts:
        per_doc: list[DocumentFacts] = []
        for doc, body in docs:
            name = doc.filename or f"{doc.type} (sequence {doc.sequence})"
            try:
                facts = await self._extract_one(body, name, filing.ref.items)
            except ExtractionError as exc:
                # A hostile or unreadable document must not hold up the filing's other
                # documents or the daemon: record it on the filing, with the traceback.
                log.error("extraction_failed", accession=filing.accession, document=name,
                          error=str(exc), traceback=exc.detail or None)
                errors.append(f"{name}: {exc}")
                continue
            per_doc.append(facts)
        figures, signals, items = merge_facts(per_doc, filing.ref.items)
        reading = None
        if form_family(filing.ref.form):
            try:
                # Off the event loop: a hostile document costs a worker thread, not the loop.
                filing, signals, reading = await asyncio.to_thread(
                    distress_form, filing, docs, signals)
            except PARSER_FAULTS as exc:
                log.error("form_reading_failed", accession=filing.accession, exc_info=True)
                errors.append(f"{filing.ref.form}: reading failed: {type(exc).__name__}: {exc}")
        return FilingFacts(
            filing=filing, figures=figures, signals=signals, items=items,
            documents=tuple(d.document for d in per_doc), errors=tuple(errors),
            ticker=self.tickers.get(filing.ref.cik, ""),
            form_facts=reading.facts if reading else None,
        )

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


def distress_form(
    filing: Filing, docs: Sequence[tuple[DocumentRef, bytes]], signals: dict[str, Signal]
) -> tuple[Filing, dict[str, Signal], FormReading | None]:
    """A distress form's facts and signals. Its own reading replaces the 8-K signals (an
    exchange's removal notice is not a deficiency letter), and a 25-NSE, indexed under the
    exchange and the issuer alike, is kept under the issuer."""
    ref = filing.ref
    reading = read_form(
        ref.form, [(d.type, d.filename or d.type, body) for d, body in docs],
        company=ref.company, filed=ref.filed or (ref.accepted.date() if ref.accepted else None),
        period=filing.period,
    )
    if reading is None:
        return filing, signals, None
    quiet = {name: Signal(name, False, None, "") for name in signals}
    issuer_cik = str(reading.facts.get("issuer_cik") or "")
    if issuer_cik.isdigit() and int(issuer_cik) != ref.cik:
        issuer = str(reading.facts.get("issuer") or ref.company)
        filing = replace(filing, ref=replace(ref, cik=int(issuer_cik), company=issuer))
    return filing, quiet | reading.signals, reading


def _doc_row(filing: Filing, doc: DocumentRef, size: int, truncated: bool) -> dict[str, Any]:
    return {
        "accession": filing.accession, "sequence": doc.sequence, "type": doc.type,
        "filename": doc.filename, "bytes": size, "truncated": int(truncated), "error": "",
    }

"""The store's one interface, written once over both databases: filings, documents, facts,
signals, the alert outbox and cursors.

Every query is SQL that SQLite and PostgreSQL both accept (`?` placeholders, `ON CONFLICT`
upserts, ISO-8601 text timestamps); a `Backend` (sqlite.py, postgres.py) runs it on one
dedicated thread, so no transaction is ever held across an `await`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Protocol, TypeVar

import structlog

from monitor.errors import StoreError
from monitor.instance import InstanceGuard
from monitor.models import (
    Alert,
    DocumentRef,
    FetchedDocument,
    Figure,
    Filing,
    FilingFacts,
    FilingRef,
    FormFacts,
    QueuedAlert,
    RuleMatch,
    Signal,
    SignalContext,
)
from monitor.xbrl.crosscheck import Check, CrossCheck, FigureCheck

T = TypeVar("T")

log = structlog.get_logger("monitor.store")

# SQLite waits this long for another connection's lock before answering "database is locked".
BUSY_TIMEOUT_MS = 5000
# "locked"/"busy" is retried (each try waiting BUSY_TIMEOUT_MS inside SQLite) for this long;
# after it the error is a StoreError: the loop dies and a supervisor restarts the daemon.
LOCK_RETRY_SECONDS = 60.0


class Backend(Protocol):
    """One connection to one database, used only from the store's thread.

    SQL uses `?` placeholders; a backend translates them to its driver's style.
    """

    dialect: str  # "sqlite" | "postgresql"
    description: str  # where the data lives, without secrets (for logs and errors)
    native_errors: tuple[type[Exception], ...]  # the driver's errors, turned into StoreError
    busy_timeout_ms: int  # SQLite's wait for another connection's lock (PostgreSQL: unused)

    def connect(self) -> None: ...

    def close(self) -> None: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    def transaction(self) -> AbstractContextManager[None]:
        """Everything inside commits together or not at all (a write transaction)."""
        ...

    def migration_lock(self) -> None:
        """Inside a transaction: keep other processes from migrating at the same time."""
        ...

    def ddl(self, statement: str) -> str:
        """A schema statement in this dialect (PostgreSQL compares TEXT bytewise, as SQLite
        does, so ISO timestamps sort the same on both)."""
        ...

    def applied_legacy_migrations(self) -> set[str]:
        """Names of migrations an older version of the store recorded its own way."""
        ...

    def is_busy(self, exc: Exception) -> bool:
        """A lock held by another connection: worth retrying (not a full disk or corruption)."""
        ...

    def instance_lock(self) -> InstanceGuard:
        """The guard that keeps a second daemon off this database (not yet acquired)."""
        ...


@dataclass(frozen=True, slots=True)
class CachedFacts:
    """A company's cached companyfacts (reduced to the figures' facts) and when it was read."""

    cik: int
    fetched_at: datetime
    status: str  # ok | missing (SEC has no XBRL data for the company)
    facts: str
    stale: bool  # a 10-Q or 10-K of the company appeared since


@dataclass(frozen=True, slots=True)
class PendingGrade:
    """An extracted current value waiting for the 10-Q or 10-K that covers its period."""

    accession: str
    cik: int
    name: str
    value: float | None
    period_end: date


@dataclass(frozen=True, slots=True)
class PendingFiling:
    """A filing waiting to be processed."""

    ref: FilingRef
    attempts: int
    source: str = "feed"


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _document_row(accession: str, doc: FetchedDocument) -> dict[str, Any]:
    return {
        "accession": accession, "sequence": doc.ref.sequence, "type": doc.ref.type,
        "filename": doc.ref.filename, "bytes": len(doc.body), "truncated": int(doc.truncated),
        "error": "",
    }


def _signal_from_row(row: dict[str, Any]) -> Signal:
    extra = json.loads(row.get("context") or "{}")
    return Signal(row["name"], bool(row["present"]), row["evidence"], row["document"] or "",
                  SignalContext.from_json(extra), extra.get("candidate"))


def _ref_from_row(row: dict[str, Any]) -> FilingRef:
    return FilingRef(
        accession=row["accession"],
        cik=row["cik"] or 0,
        form=row["form"] or "",
        company=row["company"] or "",
        accepted=datetime.fromisoformat(row["accepted"]) if row["accepted"] else None,
        filed=date.fromisoformat(row["filed"]) if row["filed"] else None,
        items=tuple(json.loads(row["items"] or "[]")),
    )


def upsert_sql(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    """`INSERT ... ON CONFLICT (key) DO UPDATE` of the given columns only: the same text in
    SQLite (3.24+) and PostgreSQL, and like sqlite-utils' upsert it leaves other columns be."""
    marks = ", ".join("?" * len(columns))
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
            f"ON CONFLICT ({', '.join(key)}) {action}")


_IN_CHUNK = 500  # accessions per `IN (...)` list: well under SQLite's parameter limit
_FACT_TABLES = ("figures", "signals", "documents", "form_facts")


def _facts_from_rows(row: dict[str, Any], parts: Mapping[str, list[dict[str, Any]]]
                     ) -> FilingFacts:
    """A filing's facts from its `filings` row and its rows in `_FACT_TABLES`."""
    ref = _ref_from_row(row)
    figures = {
        r["name"]: Figure(r["name"], r["current"], r["prior"], r["label"] or "",
                          r["source"] or "", r["document"] or "")
        for r in parts.get("figures", ())
    }
    signals = {
        r["name"]: _signal_from_row(r)
        for r in parts.get("signals", ())
    }
    documents = tuple(
        DocumentRef(r["sequence"], r["type"], r["filename"])
        for r in sorted(parts.get("documents", ()), key=lambda r: r["sequence"])
    )
    form_rows = parts.get("form_facts", ())
    form_facts = (FormFacts(form_rows[0]["form"], json.loads(form_rows[0]["facts"]))
                  if form_rows else None)
    return FilingFacts(Filing(ref, documents, sic=row["sic"] or ""), figures, signals,
                       ref.items, tuple(d.filename or "" for d in documents),
                       tuple(e for e in (row["error"] or "").split("; ") if e),
                       ticker=row.get("ticker") or "", form_facts=form_facts)


class Store:
    """The database, driven from one dedicated thread. Use `await open_store(database)`
    (or `await Store.open(path_or_url)`)."""

    busy_timeout_ms = BUSY_TIMEOUT_MS
    lock_retry_seconds = LOCK_RETRY_SECONDS

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._open = False

    @classmethod
    async def open(cls, database: Any) -> Store:
        """Open (and migrate) the SQLite file or `postgresql://` database named."""
        from monitor.store import open_store

        return await open_store(database)

    async def start(self) -> None:
        """Connect and bring the schema up to date."""
        from monitor.store.schema import migrate

        self.backend.busy_timeout_ms = self.busy_timeout_ms
        await self._run(self.backend.connect)
        self._open = True
        await self._run(migrate, self.backend)

    def instance_lock(self) -> InstanceGuard:
        """The guard that keeps a second daemon off this database (not yet acquired): a file
        lock for SQLite; none on PostgreSQL, where a second daemon stands by (leader.py)."""
        return self.backend.instance_lock()

    @property
    def dialect(self) -> str:
        return self.backend.dialect

    async def close(self) -> None:
        if self._open:
            self._open = False
            await self._run(self.backend.close)
        self._executor.shutdown(wait=True)

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn` on the store's thread (for backend-specific calls, e.g. leader.py)."""
        return await self._run(fn, *args)

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn` on the database thread. "Database is locked" is retried with backoff for
        up to LOCK_RETRY_SECONDS (every write is one transaction, rolled back on error, so a
        retry is safe); any other database error, or a lock that outlasts the bound, is a
        StoreError."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.lock_retry_seconds
        delay = 0.05
        tries = 0
        while True:
            try:
                result = await loop.run_in_executor(self._executor, fn, *args)
            except self.backend.native_errors as exc:
                where = self.backend.description
                if not self.backend.is_busy(exc):
                    raise StoreError(f"database {where}: {exc}") from exc
                tries += 1
                if loop.time() + delay > deadline:
                    raise StoreError(
                        f"database {where} stayed locked by another process for "
                        f"{self.lock_retry_seconds:.0f}s: {exc}") from exc
                if tries == 1:
                    log.warning("database_locked_retrying", database=where,
                                error=str(exc), retry_for_s=self.lock_retry_seconds)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            if tries:
                log.info("database_lock_cleared", database=self.backend.description,
                         tries=tries)
            return result

    def _atomic(self) -> AbstractContextManager[None]:
        return self.backend.transaction()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.backend.fetchall(sql, params)

    def _value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.backend.fetchall(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def _upsert(self, table: str, rows: Iterable[dict[str, Any]], key: Sequence[str]) -> None:
        batch = list(rows)
        if not batch:
            return
        columns = list(batch[0])
        self.backend.executemany(upsert_sql(table, columns, key),
                                 [[row[c] for c in columns] for row in batch])

    # -- filings ---------------------------------------------------------------------------

    async def record_seen(
        self, refs: Sequence[FilingRef], source: str, now: datetime
    ) -> list[FilingRef]:
        """Insert filings not seen before; return just those that are new."""
        return await self._run(self._record_seen, list(refs), source, now)

    def _record_seen(self, refs: list[FilingRef], source: str, now: datetime) -> list[FilingRef]:
        new: list[FilingRef] = []
        with self._atomic():
            for ref in refs:
                changed = self.backend.execute(
                    "INSERT INTO filings (accession, cik, form, company, accepted, "
                    "filed, items, status, source, attempts, error, first_seen, "
                    "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, 0, '', ?, ?) "
                    "ON CONFLICT (accession) DO NOTHING",
                    [ref.accession, ref.cik, ref.form, ref.company, _iso(ref.accepted),
                     _iso(ref.filed), json.dumps(list(ref.items)), source, _iso(now),
                     _iso(now)],
                )
                if changed:
                    new.append(ref)
        return new

    async def known(self, accessions: Iterable[str]) -> set[str]:
        """Which of these accessions are already recorded."""
        accs = list(accessions)
        return await self._run(self._known, accs)

    def _known(self, accs: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(accs), 500):
            chunk = accs[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                row["accession"]
                for row in self._rows(
                    f"SELECT accession FROM filings WHERE accession IN ({marks})", chunk)
            )
        return found

    async def due_filings(
        self, now: datetime, limit: int = 1000, *, backfill: bool = False
    ) -> list[PendingFiling]:
        """Pending filings whose next attempt is due, oldest acceptance first: the live ones,
        or (`backfill=True`) only those a backfill recorded."""
        return await self._run(self._due_filings, now, limit, backfill)

    def _due_filings(self, now: datetime, limit: int, backfill: bool) -> list[PendingFiling]:
        rows = self._rows(
            "SELECT * FROM filings WHERE status = 'pending' AND "
            "(next_attempt_at IS NULL OR next_attempt_at <= ?) AND "
            f"source {'=' if backfill else '!='} 'backfill' "
            "ORDER BY accepted, accession LIMIT ?",
            [_iso(now), limit],
        )
        return [PendingFiling(_ref_from_row(r), r["attempts"] or 0, r["source"] or "")
                for r in rows]

    async def next_retry_at(self) -> datetime | None:
        """When the earliest deferred live filing is due again (None when none waits)."""
        return await self._run(self._next_retry_at)

    def _next_retry_at(self) -> datetime | None:
        value = self._value(
            "SELECT min(next_attempt_at) AS at FROM filings WHERE status = 'pending' AND "
            "next_attempt_at IS NOT NULL AND source != 'backfill'"
        )
        return datetime.fromisoformat(value) if value else None

    async def filing_status(self, accession: str) -> dict[str, Any] | None:
        return await self._run(self._filing_status, accession)

    def _filing_status(self, accession: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM filings WHERE accession = ?", [accession])
        return rows[0] if rows else None

    async def complete_filing(
        self, facts: FilingFacts, alerts: Sequence[Alert], now: datetime,
        documents: Sequence[FetchedDocument] = (),
    ) -> list[Alert]:
        """Persist a processed filing, a row per fetched document, and queue its alerts, in
        one transaction.

        Alerts whose dedupe keys already fired are dropped; the queued ones are returned.
        """
        return await self._run(self._complete, facts, list(alerts), now, list(documents))

    def _complete(
        self, facts: FilingFacts, alerts: list[Alert], now: datetime,
        documents: list[FetchedDocument],
    ) -> list[Alert]:
        ref = facts.filing.ref
        queued: list[Alert] = []
        with self._atomic():
            self._upsert("filings", [{
                "accession": ref.accession, "cik": ref.cik, "form": ref.form,
                "company": ref.company, "accepted": _iso(ref.accepted),
                "filed": _iso(ref.filed), "items": json.dumps(list(facts.items)),
                "status": "processed", "processed_at": _iso(now),
                "error": "; ".join(facts.errors), "sic": facts.filing.sic,
                "ticker": facts.ticker,
            }], ("accession",))
            self._upsert("documents", [_document_row(ref.accession, d) for d in documents],
                         ("accession", "sequence"))
            self._upsert("figures", [self._figure_row(ref, f) for f in facts.figures.values()],
                         ("accession", "name"))
            self._upsert("signals",
                         [self._signal_row(ref.accession, s) for s in facts.signals.values()],
                         ("accession", "name"))
            if facts.form_facts is not None:
                self._record_form_facts(ref, facts.form_facts)
            for alert in alerts:
                fresh = [m for m in alert.matches if self._claim_fire(m, ref, now)]
                if not fresh:
                    continue
                # The row keeps every match the message shows; `rules` only those it claimed.
                kept = replace(alert, matches=tuple(fresh))
                self.backend.execute(
                    "INSERT INTO alerts (alert_id, accession, channel, rules, "
                    "payload, status, attempts, last_error, created_at, next_attempt_at) "
                    "VALUES (?, ?, ?, ?, ?, 'pending', 0, '', ?, ?) "
                    "ON CONFLICT (alert_id) DO NOTHING",
                    [kept.alert_id, kept.accession, kept.channel,
                     json.dumps(list(kept.rule_ids)), json.dumps(alert.to_json()),
                     _iso(now), _iso(now)],
                )
                queued.append(kept)
        return queued

    def _record_form_facts(self, ref: FilingRef, form_facts: FormFacts) -> None:
        """Keep a distress form's facts (for explain and follow-ups); a late-filing notice
        opens a watch for its report."""
        self._upsert("form_facts", [{"accession": ref.accession, "form": form_facts.form,
                                     "facts": json.dumps(dict(form_facts.values))}],
                     ("accession",))
        deadline = form_facts.get("extended_deadline")
        if not deadline or not ref.form.upper().startswith("NT"):
            return
        self.backend.execute(
            "INSERT INTO late_filings (accession, cik, form, report_form, period, "
            "notice_filed, extended_deadline, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'open') "
            "ON CONFLICT DO NOTHING",
            [ref.accession, ref.cik, ref.form, form_facts.get("report_form"),
             form_facts.get("period_ended") or "", _iso(ref.filed), deadline],
        )

    def _claim_fire(self, match: RuleMatch, ref: FilingRef, now: datetime) -> bool:
        """Record that a rule fired; False when its dedupe key (or window) already fired."""
        if match.window_days is not None:
            since = now - timedelta(days=match.window_days)
            recent = self._rows(
                "SELECT 1 AS hit FROM rule_fires WHERE rule_id = ? AND cik = ? "
                "AND fired_at >= ? LIMIT 1",
                [match.rule_id, ref.cik, _iso(since)],
            )
            if recent:
                return False
        return bool(self.backend.execute(
            "INSERT INTO rule_fires (dedupe_key, rule_id, accession, cik, fired_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
            [match.dedupe_key, match.rule_id, ref.accession, ref.cik, _iso(now)],
        ))

    @staticmethod
    def _figure_row(ref: FilingRef, fig: Figure) -> dict[str, Any]:
        return {
            "accession": ref.accession, "cik": ref.cik, "accepted": _iso(ref.accepted),
            "name": fig.name, "current": fig.current, "prior": fig.prior,
            "label": fig.label, "source": fig.source, "document": fig.document,
        }

    @staticmethod
    def _signal_row(accession: str, sig: Signal) -> dict[str, Any]:
        context = None
        if sig.context is not None or sig.candidate is not None:
            context = json.dumps({**(sig.context.to_json() if sig.context else {}),
                                  "candidate": sig.candidate})
        return {
            "accession": accession, "name": sig.name, "present": int(sig.present),
            "evidence": sig.evidence, "document": sig.document, "context": context,
        }

    async def defer_filing(
        self, accession: str, error: str, retry_at: datetime | None, now: datetime
    ) -> None:
        """Record a failed attempt: retry at `retry_at`, or mark the filing failed for good."""
        await self._run(self._defer, accession, error, retry_at, now)

    def _defer(
        self, accession: str, error: str, retry_at: datetime | None, now: datetime
    ) -> None:
        with self._atomic():
            self.backend.execute(
                "UPDATE filings SET attempts = attempts + 1, error = ?, status = ?, "
                "next_attempt_at = ?, processed_at = ? WHERE accession = ?",
                [error, "pending" if retry_at else "error", _iso(retry_at),
                 None if retry_at else _iso(now), accession],
            )

    async def mark_skipped(self, accessions: Sequence[str], reason: str, now: datetime) -> None:
        """Mark filings as seen but deliberately not processed."""
        await self._run(self._mark_skipped, list(accessions), reason, now)

    def _mark_skipped(self, accessions: list[str], reason: str, now: datetime) -> None:
        if not accessions:
            return
        with self._atomic():
            self.backend.executemany(
                "UPDATE filings SET status = 'skipped', error = ?, processed_at = ? "
                "WHERE accession = ? AND status = 'pending'",
                [(reason, _iso(now), acc) for acc in accessions],
            )

    async def filing_facts(self, accession: str) -> FilingFacts | None:
        """Rebuild a processed filing's facts from the database (for `explain`)."""
        return await self._run(self._filing_facts, accession)

    def _filing_facts(self, accession: str) -> FilingFacts | None:
        found = self._facts_of([accession])
        return found[0] if found else None

    async def processed_filings(self) -> list[tuple[str, datetime | None]]:
        """Accession and acceptance time of every processed filing (for `rules backtest`)."""
        return await self._run(self._processed_filings)

    def _processed_filings(self) -> list[tuple[str, datetime | None]]:
        rows = self._rows(
            "SELECT accession, accepted FROM filings WHERE status = 'processed'")
        return [(r["accession"],
                 datetime.fromisoformat(r["accepted"]) if r["accepted"] else None)
                for r in rows]

    async def facts_of(self, accessions: Sequence[str]) -> list[FilingFacts]:
        """Stored facts of these filings, in the order given; unknown accessions left out."""
        return await self._run(self._facts_of, list(accessions))

    def _facts_of(self, accessions: list[str]) -> list[FilingFacts]:
        out: list[FilingFacts] = []
        for start in range(0, len(accessions), _IN_CHUNK):
            chunk = accessions[start:start + _IN_CHUNK]
            marks = ", ".join("?" * len(chunk))
            parts: dict[str, dict[str, list[dict[str, Any]]]] = {}
            for table in _FACT_TABLES:
                for r in self._rows(
                        f"SELECT * FROM {table} WHERE accession IN ({marks})", chunk):
                    parts.setdefault(r["accession"], {}).setdefault(table, []).append(r)
            rows = {r["accession"]: r for r in self._rows(
                f"SELECT * FROM filings WHERE accession IN ({marks})", chunk)}
            out.extend(_facts_from_rows(rows[acc], parts.get(acc, {}))
                       for acc in chunk if acc in rows)
        return out

    # -- history for rules ---------------------------------------------------------------

    async def figure_history(
        self, cik: int, before: datetime | None, exclude: str, limit: int = 8
    ) -> list[dict[str, Any]]:
        """Earlier figures of the same company, newest first, one dict per filing."""
        return await self._run(self._figure_history, cik, before, exclude, limit)

    def _figure_history(
        self, cik: int, before: datetime | None, exclude: str, limit: int
    ) -> list[dict[str, Any]]:
        sql = ("SELECT accession, accepted, name, current, prior FROM figures "
               "WHERE cik = ? AND accession != ?")
        params: list[Any] = [cik, exclude]
        if before is not None:
            sql += " AND accepted < ?"
            params.append(_iso(before))
        by_filing: dict[str, dict[str, Any]] = {}
        for row in self._rows(sql + " ORDER BY accepted DESC", params):
            entry = by_filing.setdefault(
                row["accession"],
                {"accession": row["accession"], "accepted": row["accepted"], "figures": {}},
            )
            entry["figures"][row["name"]] = row["current"]
            if len(by_filing) > limit:
                break
        return list(by_filing.values())[:limit]

    # -- XBRL (issue 17) --------------------------------------------------------------------

    async def cached_facts(self, cik: int) -> CachedFacts | None:
        return await self._run(self._cached_facts, cik)

    def _cached_facts(self, cik: int) -> CachedFacts | None:
        rows = self._rows(
            "SELECT cik, fetched_at, status, facts, stale FROM xbrl_companies WHERE cik = ?",
            [cik])
        if not rows:
            return None
        row = rows[0]
        return CachedFacts(row["cik"], datetime.fromisoformat(row["fetched_at"]),
                           row["status"], row["facts"] or "", bool(row["stale"]))

    async def save_facts(self, cik: int, now: datetime, status: str, facts: str,
                         error: str = "") -> None:
        await self._run(self._save_facts, cik, now, status, facts, error)

    def _save_facts(self, cik: int, now: datetime, status: str, facts: str,
                    error: str) -> None:
        with self._atomic():
            self._upsert("xbrl_companies", [
                {"cik": cik, "fetched_at": _iso(now), "status": status, "facts": facts,
                 "stale": 0, "error": error}], ["cik"])

    async def mark_facts_stale(self, ciks: Iterable[int]) -> None:
        """A 10-Q or 10-K of these companies appeared: their cached facts are out of date."""
        await self._run(self._mark_facts_stale, sorted(set(ciks)))

    def _mark_facts_stale(self, ciks: list[int]) -> None:
        if not ciks:
            return
        with self._atomic():
            self.backend.executemany("UPDATE xbrl_companies SET stale = 1 WHERE cik = ?",
                                     [[c] for c in ciks])

    async def record_checks(self, accession: str, cik: int, cross: CrossCheck,
                            now: datetime) -> None:
        """Store a filing's cross-check, replacing any earlier one."""
        await self._run(self._record_checks, accession, cik, cross, now)

    def _record_checks(self, accession: str, cik: int, cross: CrossCheck,
                       now: datetime) -> None:
        end = _iso(cross.period_end)
        rows = []
        for name, fc in cross.figures.items():
            row: dict[str, Any] = {"accession": accession, "name": name, "cik": cik,
                                   "period_end": end, "checked_at": _iso(now),
                                   "graded_at": None}
            for which, check in (("prior", fc.prior), ("current", fc.current)):
                row |= {f"{which}_value": check.extracted, f"{which}_status": check.status,
                        f"{which}_xbrl": check.xbrl, f"{which}_accession": check.accession,
                        f"{which}_form": check.form, f"{which}_filed": check.filed,
                        f"{which}_period": check.period}
            row["prior_note"] = fc.prior.note
            if fc.current.status in ("match", "mismatch"):
                row["graded_at"] = _iso(now)
            rows.append(row)
        with self._atomic():
            self.backend.execute("DELETE FROM figure_checks WHERE accession = ?", [accession])
            self._upsert("figure_checks", rows, ["accession", "name"])
            self._upsert("filing_checks", [
                {"accession": accession, "cik": cik, "period_end": end,
                 "verdict": cross.verdict, "checked_at": _iso(now), "state": "checked"}],
                ["accession"])

    async def defer_check(self, accession: str, cik: int, now: datetime) -> None:
        """Queue a processed filing's XBRL check for when the daemon is idle."""
        await self._run(self._defer_check, accession, cik, now)

    def _defer_check(self, accession: str, cik: int, now: datetime) -> None:
        with self._atomic():
            self._upsert("filing_checks", [
                {"accession": accession, "cik": cik, "period_end": None, "verdict": "",
                 "checked_at": _iso(now), "state": "deferred"}], ["accession"])

    async def deferred_checks(self, limit: int) -> list[str]:
        """Accessions whose XBRL check waits for idle time, oldest first."""
        return await self._run(lambda: [r["accession"] for r in self._rows(
            "SELECT accession FROM filing_checks WHERE state = 'deferred' "
            "ORDER BY checked_at, accession LIMIT ?", [limit])])

    async def filing_cross_check(self, accession: str) -> CrossCheck | None:
        """A filing's stored cross-check (None when it was never checked)."""
        return await self._run(self._filing_cross_check, accession)

    def _filing_cross_check(self, accession: str) -> CrossCheck | None:
        head = self._rows(
            "SELECT * FROM filing_checks WHERE accession = ? AND state = 'checked'",
            [accession])
        if not head:
            return None
        figures = {}
        for r in self._rows("SELECT * FROM figure_checks WHERE accession = ?", [accession]):
            checks = [
                Check(r[f"{w}_status"], r[f"{w}_value"], r[f"{w}_xbrl"],
                      r[f"{w}_accession"] or "", r[f"{w}_form"] or "", r[f"{w}_filed"] or "",
                      r[f"{w}_period"] or "", (r["prior_note"] or "") if w == "prior" else "")
                for w in ("prior", "current")
            ]
            figures[r["name"]] = FigureCheck(r["name"], checks[0], checks[1])
        end = head[0]["period_end"]
        return CrossCheck(date.fromisoformat(end[:10]) if end else None, figures,
                          head[0]["verdict"] or "")

    async def pending_grades(self, cik: int | None = None,
                             limit: int = 500) -> list[PendingGrade]:
        """Current values not yet graded against XBRL (of one company, or of any)."""
        return await self._run(self._pending_grades, cik, limit)

    def _pending_grades(self, cik: int | None, limit: int) -> list[PendingGrade]:
        where = "" if cik is None else " AND cik = ?"
        params: list[Any] = [] if cik is None else [cik]
        rows = self._rows(
            "SELECT accession, cik, name, current_value, period_end FROM figure_checks "
            "WHERE current_status = 'pending' AND period_end IS NOT NULL" + where +
            " ORDER BY period_end LIMIT ?", [*params, limit])
        return [PendingGrade(r["accession"], r["cik"], r["name"], r["current_value"],
                             date.fromisoformat(r["period_end"][:10])) for r in rows]

    async def save_grade(self, accession: str, name: str, check: Check,
                         now: datetime) -> None:
        await self._run(self._save_grade, accession, name, check, now)

    def _save_grade(self, accession: str, name: str, check: Check, now: datetime) -> None:
        with self._atomic():
            self.backend.execute(
                "UPDATE figure_checks SET current_status = ?, current_xbrl = ?, "
                "current_accession = ?, current_form = ?, current_filed = ?, "
                "current_period = ?, graded_at = ? WHERE accession = ? AND name = ?",
                [check.status, check.xbrl, check.accession, check.form, check.filed,
                 check.period, _iso(now), accession, name])

    async def check_counts(self) -> list[dict[str, Any]]:
        """Per figure: prior and current checks by status (for `edgar-monitor accuracy`)."""
        return await self._run(lambda: self._rows(
            "SELECT name, "
            "sum(CASE WHEN current_status = 'match' THEN 1 ELSE 0 END) AS current_match, "
            "sum(CASE WHEN current_status = 'mismatch' THEN 1 ELSE 0 END) AS current_mismatch, "
            "sum(CASE WHEN current_status = 'pending' THEN 1 ELSE 0 END) AS current_pending, "
            "sum(CASE WHEN prior_status = 'match' THEN 1 ELSE 0 END) AS prior_match, "
            "sum(CASE WHEN prior_status = 'mismatch' THEN 1 ELSE 0 END) AS prior_mismatch, "
            "sum(CASE WHEN prior_status = 'unavailable' THEN 1 ELSE 0 END) AS prior_unavailable "
            "FROM figure_checks GROUP BY name ORDER BY name"))

    # -- outbox -----------------------------------------------------------------------------

    async def due_alerts(self, now: datetime, limit: int = 50) -> list[QueuedAlert]:
        return await self._run(self._due_alerts, now, limit)

    def _due_alerts(self, now: datetime, limit: int) -> list[QueuedAlert]:
        rows = self._rows(
            "SELECT * FROM alerts WHERE status = 'pending' AND "
            "(next_attempt_at IS NULL OR next_attempt_at <= ?) "
            "ORDER BY created_at, alert_id LIMIT ?",
            [_iso(now), limit],
        )
        return [
            QueuedAlert(Alert.from_json(json.loads(r["payload"] or "{}"),
                                        alert_id=r["alert_id"], accession=r["accession"],
                                        channel=r["channel"]),
                        tuple(json.loads(r["rules"])), r["attempts"] or 0,
                        datetime.fromisoformat(r["created_at"]), r["channel_id"] or "",
                        r["post_attempts"] or 0, in_flight=bool(r["post_in_flight"]))
            for r in rows
        ]

    async def mark_posting(self, alert_id: str, channel_id: str) -> None:
        """Record, before the request leaves, that a post to `channel_id` is starting: a
        crash or a lost answer after this point makes the next try read the channel first."""
        await self._run(self._mark_posting, alert_id, channel_id)

    def _mark_posting(self, alert_id: str, channel_id: str) -> None:
        # post_in_flight until the outcome is recorded: a new leader lets such a post land
        # before it reads the channel (issue 18).
        with self._atomic():
            self.backend.execute(
                "UPDATE alerts SET channel_id = ?, post_attempts = post_attempts + 1, "
                "post_in_flight = 1 WHERE alert_id = ?", [channel_id, alert_id])

    async def in_flight_alerts(self) -> int:
        """Pending alerts whose last post started and never recorded its outcome."""
        return int(await self._run(
            self._value,
            "SELECT count(*) AS n FROM alerts WHERE status = 'pending' AND post_in_flight = 1"))

    async def alerts_of(self, accession: str) -> list[dict[str, Any]]:
        """Every alert of a filing with its delivery state (for `explain`)."""
        return await self.query(
            "SELECT alert_id, channel, channel_id, rules, status, attempts, post_attempts, "
            "last_error, sent_at, slack_ts FROM alerts WHERE accession = ? ORDER BY alert_id",
            [accession])

    async def failed_alerts(self) -> int:
        """Alerts Slack rejected for their content."""
        return int(await self._run(
            self._value, "SELECT count(*) AS n FROM alerts WHERE status = 'failed'"))

    async def mark_sent(self, alert_id: str, slack_ts: str, now: datetime) -> None:
        await self._run(self._mark_sent, alert_id, slack_ts, _iso(now))

    def _mark_sent(self, alert_id: str, slack_ts: str, now: str | None) -> None:
        with self._atomic():
            self.backend.execute(
                "UPDATE alerts SET status = 'sent', sent_at = ?, slack_ts = ?, "
                "post_in_flight = 0 WHERE alert_id = ?",
                [now, slack_ts, alert_id])

    async def mark_retry(self, alert_id: str, error: str, retry_at: datetime) -> None:
        await self._run(self._bump_alert, alert_id, error, "pending", _iso(retry_at))

    async def postpone_pending(self, until: datetime) -> None:
        """Hold every pending alert due before `until` (Slack is unavailable)."""
        await self._run(self._postpone, _iso(until))

    def _postpone(self, until: str | None) -> None:
        with self._atomic():
            self.backend.execute(
                "UPDATE alerts SET next_attempt_at = ? WHERE status = 'pending' AND "
                "(next_attempt_at IS NULL OR next_attempt_at < ?)",
                [until, until],
            )

    async def mark_failed(self, alert_id: str, error: str) -> None:
        await self._run(self._bump_alert, alert_id, error, "failed", None)

    def _bump_alert(
        self, alert_id: str, error: str, status: str, retry_at: str | None
    ) -> None:
        # The post is over (attempts > 0 makes the next one look in the channel first).
        with self._atomic():
            self.backend.execute(
                "UPDATE alerts SET attempts = attempts + 1, last_error = ?, status = ?, "
                "next_attempt_at = ?, post_in_flight = 0 WHERE alert_id = ?",
                [error, status, retry_at, alert_id],
            )

    async def outbox_depth(self) -> int:
        return int(await self._run(
            self._value, "SELECT count(*) AS n FROM alerts WHERE status = 'pending'"))

    async def prune(self, before: datetime) -> int:
        """Drop bulky rows older than `before`: sent alerts, documents and signals of old
        filings. Filings (the "already seen" set) and figures (rule history) stay."""
        return await self._run(self._prune, _iso(before))

    def _prune(self, before: str | None) -> int:
        with self._atomic():
            old = "SELECT accession FROM filings WHERE processed_at < ?"
            removed = 0
            for sql in (
                "DELETE FROM alerts WHERE status != 'pending' AND created_at < ?",
                f"DELETE FROM documents WHERE accession IN ({old})",
                f"DELETE FROM signals WHERE accession IN ({old}) AND present = 0",
            ):
                removed += self.backend.execute(sql, [before])
        return removed

    # -- late filings (issue 16) ---------------------------------------------------------

    async def record_index_day(
        self, day: date, reports: Sequence[FilingRef], arrivals: dict[str, str], now: datetime
    ) -> list[dict[str, Any]]:
        """Note that `day`'s daily index was read, and which periodic reports in it close a
        late-filing watch (`arrivals` maps a report's form to the notice's report form).
        Returns the watches closed, with the report that closed them."""
        return await self._run(self._record_index_day, day, list(reports), arrivals, now)

    def _record_index_day(
        self, day: date, reports: list[FilingRef], arrivals: dict[str, str], now: datetime
    ) -> list[dict[str, Any]]:
        with self._atomic():
            self._upsert("index_days", [{"day": day.isoformat(), "read_at": _iso(now)}],
                         ("day",))
            return self._note_reports(reports, arrivals, now)

    async def note_reports(
        self, reports: Sequence[FilingRef], arrivals: dict[str, str], now: datetime
    ) -> list[dict[str, Any]]:
        """Close the late-filing watches these periodic reports answer (seen in the feed)."""
        def run() -> list[dict[str, Any]]:
            with self._atomic():
                return self._note_reports(list(reports), arrivals, now)

        return await self._run(run)

    def _note_reports(
        self, reports: list[FilingRef], arrivals: dict[str, str], now: datetime
    ) -> list[dict[str, Any]]:
        closed: list[dict[str, Any]] = []
        for ref in reports:
            kind = arrivals.get(ref.form.upper())
            if kind is None:
                continue
            rows = self._rows(
                "SELECT * FROM late_filings WHERE cik = ? AND report_form = ? AND "
                "status IN ('open', 'overdue') AND (notice_filed IS NULL OR notice_filed <= ?)",
                [ref.cik, kind, _iso(ref.filed) or "9999"])
            for row in rows:
                # A report arriving after the overdue alert is noted in Slack (followup.py).
                status = "arrived" if row["status"] == "open" else "arrived_late"
                self.backend.execute(
                    "UPDATE late_filings SET status = ?, arrived_accession = ?, "
                    "arrived_filed = ?, checked_at = ? WHERE accession = ?",
                    [status, ref.accession, _iso(ref.filed), _iso(now), row["accession"]])
                closed.append({**row, "arrived_accession": ref.accession,
                               "arrived_filed": _iso(ref.filed)})
        return closed

    async def open_late_filings(self, deadline_before: date) -> list[dict[str, Any]]:
        """Open watches whose extended deadline is on or before `deadline_before`."""
        return await self._run(lambda: self._rows(
            "SELECT * FROM late_filings WHERE status = 'open' AND extended_deadline <= ? "
            "ORDER BY extended_deadline, accession", [deadline_before.isoformat()]))

    async def index_days_read(self, first: date, last: date) -> set[date]:
        """Days in [first, last] whose daily index has been read."""
        rows = await self._run(lambda: self._rows(
            "SELECT day FROM index_days WHERE day >= ? AND day <= ?",
            [first.isoformat(), last.isoformat()]))
        return {date.fromisoformat(r["day"]) for r in rows}

    async def complete_overdue(
        self, facts: FilingFacts, alerts: Sequence[Alert], status: str, now: datetime,
        *, from_status: str = "open",
    ) -> list[Alert]:
        """Queue a notice's follow-up alerts and settle its watch (`overdue`, `expired`, or
        `arrived` once a late arrival is noted).

        The alerts' rule fires are claimed in their own transaction first, so a crash before
        the watch is settled re-runs the check without posting twice."""
        accession = facts.filing.accession

        def run() -> list[Alert]:
            queued = self._complete(facts, list(alerts), now, [])
            with self._atomic():
                self.backend.execute(
                    "UPDATE late_filings SET status = ?, checked_at = ? WHERE accession = ? "
                    "AND status = ?", [status, _iso(now), accession, from_status])
            return queued

        return await self._run(run)

    async def late_arrivals(self) -> list[dict[str, Any]]:
        """Watches whose report arrived after their overdue alert, not yet noted."""
        return await self._run(lambda: self._rows(
            "SELECT * FROM late_filings WHERE status = 'arrived_late' ORDER BY accession"))

    async def overdue_alert_rules(self, accession: str) -> list[tuple[str, tuple[str, ...]]]:
        """(channel, rule ids) of a notice's overdue alerts."""
        rows = await self._run(lambda: self._rows(
            "SELECT channel, rules FROM alerts WHERE accession = ? AND alert_id LIKE ?",
            [accession, "%:overdue"]))
        return [(r["channel"], tuple(json.loads(r["rules"]))) for r in rows]

    # -- cursors -------------------------------------------------------------------------

    async def get_cursor(self, name: str) -> str | None:
        return await self._run(self._get_cursor, name)

    def _get_cursor(self, name: str) -> str | None:
        value = self._value("SELECT value FROM cursors WHERE name = ?", [name])
        return str(value) if value is not None else None

    async def set_cursor(self, name: str, value: str) -> None:
        await self._run(self._set_cursor, name, value)

    def _set_cursor(self, name: str, value: str) -> None:
        with self._atomic():
            self._upsert("cursors", [{"name": name, "value": value}], ("name",))

    async def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Read-only query for the CLI and tests (`?` placeholders on both databases)."""
        return await self._run(self._rows, sql, list(params))


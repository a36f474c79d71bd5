"""SQLite state via sqlite-utils: filings, documents, facts, signals, the alert outbox and
cursors. All access runs on one thread (a sqlite3 connection belongs to the thread that made
it); no transaction is ever held across an `await`."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import structlog
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from monitor.errors import DatabaseFileError, StoreError
from monitor.instance import FileInstanceLock, InstanceGuard
from monitor.models import (
    Alert,
    DocumentRef,
    Figure,
    Filing,
    FilingFacts,
    FilingRef,
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
_BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")

migrations = Migrations("edgar-monitor")


@migrations()
def m001_initial(db: Database) -> None:
    db.table("filings").create(
        {
            "accession": str, "cik": int, "form": str, "company": str, "accepted": str,
            "filed": str, "items": str, "status": str, "source": str, "attempts": int,
            "error": str, "first_seen": str, "next_attempt_at": str, "processed_at": str,
            "sic": str,
        },
        pk="accession",
        not_null={"status"},
        defaults={"status": "pending", "attempts": 0, "error": "", "items": "[]"},
    )
    db.table("filings").create_index(["status", "next_attempt_at"])
    db.table("filings").create_index(["cik", "accepted"])
    db.table("documents").create(
        {"accession": str, "sequence": int, "type": str, "filename": str, "bytes": int,
         "truncated": int, "error": str},
        pk=("accession", "sequence"),
    )
    db.table("figures").create(
        {"accession": str, "cik": int, "accepted": str, "name": str, "current": float,
         "prior": float, "label": str, "source": str, "document": str},
        pk=("accession", "name"),
    )
    db.table("figures").create_index(["cik", "name", "accepted"])
    db.table("signals").create(
        {"accession": str, "name": str, "present": int, "evidence": str, "document": str},
        pk=("accession", "name"),
    )
    db.table("rule_fires").create(
        {"dedupe_key": str, "rule_id": str, "accession": str, "cik": int, "fired_at": str},
        pk="dedupe_key",
    )
    db.table("rule_fires").create_index(["rule_id", "cik", "fired_at"])
    db.table("alerts").create(
        {"alert_id": str, "accession": str, "channel": str, "rules": str, "payload": str,
         "status": str, "attempts": int, "last_error": str, "created_at": str,
         "next_attempt_at": str, "sent_at": str, "slack_ts": str},
        pk="alert_id",
        defaults={"status": "pending", "attempts": 0, "last_error": ""},
    )
    db.table("alerts").create_index(["status", "next_attempt_at"])
    db.table("cursors").create({"name": str, "value": str}, pk="name")


@migrations()
def m002_filing_ticker(db: Database) -> None:
    # Rules can match on ticker: keep it with the facts so `explain` and `rules backtest`
    # see what the daemon saw.
    db.table("filings").add_column("ticker", str)


@migrations()
def m003_signal_context(db: Database) -> None:
    """Signal context attributes (issue 15): JSON of SignalContext plus the candidate
    sentence of an absent signal, so `explain` and backtests see who acted and when."""
    db.table("signals").add_column("context", str)


@migrations()
def m004_alert_channel_id(db: Database) -> None:
    # The channel's ID, resolved before the first post: conversations.history takes IDs
    # only, and a post whose answer was lost is looked up there (issue 12). post_attempts
    # counts posts started, written before each request leaves.
    db.table("alerts").add_column("channel_id", str, not_null_default="")
    db.table("alerts").add_column("post_attempts", int, not_null_default=0)
    # Before this, any failed try may have been a post that reached Slack: look first.
    db.execute("UPDATE alerts SET post_attempts = attempts WHERE status = 'pending'")


@migrations()
def m017_xbrl(db: Database) -> None:
    """Issue 17: companyfacts cache, each figure's XBRL checks, each filing's verdict."""
    db.table("xbrl_companies").create(
        {"cik": int, "fetched_at": str, "status": str, "facts": str, "stale": int,
         "error": str},
        pk="cik", defaults={"stale": 0, "error": ""},
    )
    db.table("figure_checks").create(
        {"accession": str, "name": str, "cik": int, "period_end": str,
         "prior_value": float, "prior_status": str, "prior_xbrl": float,
         "prior_accession": str, "prior_form": str, "prior_filed": str, "prior_period": str,
         "prior_note": str, "current_value": float, "current_status": str,
         "current_xbrl": float, "current_accession": str, "current_form": str,
         "current_filed": str, "current_period": str, "checked_at": str, "graded_at": str},
        pk=("accession", "name"),
    )
    db.table("figure_checks").create_index(["current_status", "cik"])
    db.table("filing_checks").create(
        {"accession": str, "cik": int, "period_end": str, "verdict": str,
         "checked_at": str, "state": str},
        pk="accession", defaults={"state": "checked"},
    )
    db.table("filing_checks").create_index(["state"])


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


@dataclass(frozen=True, slots=True)
class OutboxAlert:
    """An alert waiting in the outbox."""

    alert_id: str
    accession: str
    channel: str
    rules: tuple[str, ...]
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    channel_id: str = ""
    post_attempts: int = 0


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


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


def _is_busy(exc: sqlite3.Error) -> bool:
    """A lock held by another connection: worth retrying (not a full disk or corruption)."""
    return isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(_BUSY_MESSAGES)


_IN_CHUNK = 500  # accessions per `IN (...)` list: well under SQLite's parameter limit
_FACT_TABLES = ("figures", "signals", "documents")


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
    return FilingFacts(Filing(ref, documents, sic=row["sic"] or ""), figures, signals,
                       ref.items, tuple(d.filename or "" for d in documents),
                       tuple(e for e in (row["error"] or "").split("; ") if e),
                       ticker=row.get("ticker") or "")


class Store:
    """The database, driven from one dedicated thread. Use `await Store.open(path)`."""

    busy_timeout_ms = BUSY_TIMEOUT_MS
    lock_retry_seconds = LOCK_RETRY_SECONDS

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        self._db: Database | None = None

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        """Open (and migrate) the database; DatabaseFileError naming the file when it cannot
        be opened or is not SQLite."""
        store = cls(Path(path))
        try:
            await store._run(store._open)
        except StoreError as exc:
            store._executor.shutdown(wait=False)
            if isinstance(exc.__cause__, sqlite3.OperationalError) and _is_busy(exc.__cause__):
                raise
            cause = str(exc.__cause__)
            hint = ("move the damaged file aside (a new one is created) or restore a backup"
                    if "not a database" in cause or "malformed" in cause
                    else "check that its folder exists and is writable")
            raise DatabaseFileError(
                f"{store.path}: cannot open the database ({cause}); {hint}") from None
        return store

    def _open(self) -> None:
        db = Database(self.path)
        try:
            db.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
            db.enable_wal()
            db.execute("PRAGMA synchronous=NORMAL")
            migrations.apply(db)
        except BaseException:
            db.close()
            raise
        self._db = db

    def instance_lock(self) -> InstanceGuard:
        """The guard that keeps a second daemon off this database (not yet acquired)."""
        return FileInstanceLock(self.path)

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("store is not open")
        return self._db

    async def close(self) -> None:
        if self._db is not None:
            await self._run(self.db.close)
            self._db = None
        self._executor.shutdown(wait=True)

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn` on the database thread. "Database is locked" is retried with backoff for
        up to LOCK_RETRY_SECONDS (every write is one transaction, rolled back on error, so a
        retry is safe); any other SQLite error, or a lock that outlasts the bound, is a
        StoreError."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.lock_retry_seconds
        delay = 0.05
        tries = 0
        while True:
            try:
                result = await loop.run_in_executor(self._executor, fn, *args)
            except sqlite3.Error as exc:
                if not _is_busy(exc):
                    raise StoreError(f"database {self.path}: {exc}") from exc
                tries += 1
                if loop.time() + delay > deadline:
                    raise StoreError(
                        f"database {self.path} stayed locked by another process for "
                        f"{self.lock_retry_seconds:.0f}s: {exc}") from exc
                if tries == 1:
                    log.warning("database_locked_retrying", database=str(self.path),
                                error=str(exc), retry_for_s=self.lock_retry_seconds)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            if tries:
                log.info("database_lock_cleared", database=str(self.path), tries=tries)
            return result

    # -- filings ---------------------------------------------------------------------------

    async def record_seen(
        self, refs: Sequence[FilingRef], source: str, now: datetime
    ) -> list[FilingRef]:
        """Insert filings not seen before; return just those that are new."""
        return await self._run(self._record_seen, list(refs), source, now)

    def _record_seen(self, refs: list[FilingRef], source: str, now: datetime) -> list[FilingRef]:
        new: list[FilingRef] = []
        with self.db.atomic():
            for ref in refs:
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO filings (accession, cik, form, company, accepted, "
                    "filed, items, status, source, attempts, error, first_seen, "
                    "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, 0, '', ?, ?)",
                    [ref.accession, ref.cik, ref.form, ref.company, _iso(ref.accepted),
                     _iso(ref.filed), json.dumps(list(ref.items)), source, _iso(now),
                     _iso(now)],
                )
                if cur.rowcount:
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
                row[0]
                for row in self.db.execute(
                    f"SELECT accession FROM filings WHERE accession IN ({marks})", chunk
                ).fetchall()
            )
        return found

    async def due_filings(
        self, now: datetime, limit: int = 1000, *, backfill: bool = False
    ) -> list[PendingFiling]:
        """Pending filings whose next attempt is due, oldest acceptance first: the live ones,
        or (`backfill=True`) only those a backfill recorded."""
        return await self._run(self._due_filings, now, limit, backfill)

    def _due_filings(self, now: datetime, limit: int, backfill: bool) -> list[PendingFiling]:
        rows = self.db.query(
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
        row = self.db.execute(
            "SELECT min(next_attempt_at) FROM filings WHERE status = 'pending' AND "
            "next_attempt_at IS NOT NULL AND source != 'backfill'"
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    async def filing_status(self, accession: str) -> dict[str, Any] | None:
        return await self._run(self._filing_status, accession)

    def _filing_status(self, accession: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM filings WHERE accession = ?", [accession]))
        return rows[0] if rows else None

    async def complete_filing(
        self, facts: FilingFacts, alerts: Sequence[Alert], now: datetime,
        documents: Sequence[dict[str, Any]] = (),
    ) -> list[Alert]:
        """Persist a processed filing and queue its alerts, in one transaction.

        Alerts whose dedupe keys already fired are dropped; the queued ones are returned.
        """
        return await self._run(self._complete, facts, list(alerts), now, list(documents))

    def _complete(
        self, facts: FilingFacts, alerts: list[Alert], now: datetime,
        documents: list[dict[str, Any]],
    ) -> list[Alert]:
        ref = facts.filing.ref
        queued: list[Alert] = []
        with self.db.atomic():
            self.db.table("filings").upsert(
                {
                    "accession": ref.accession, "cik": ref.cik, "form": ref.form,
                    "company": ref.company, "accepted": _iso(ref.accepted),
                    "filed": _iso(ref.filed), "items": json.dumps(list(facts.items)),
                    "status": "processed", "processed_at": _iso(now),
                    "error": "; ".join(facts.errors), "sic": facts.filing.sic,
                    "ticker": facts.ticker,
                },
                pk="accession",
            )
            if documents:
                self.db.table("documents").upsert_all(documents, pk=("accession", "sequence"))
            self.db.table("figures").upsert_all(
                [self._figure_row(ref, f) for f in facts.figures.values()],
                pk=("accession", "name"),
            )
            self.db.table("signals").upsert_all(
                [self._signal_row(ref.accession, s) for s in facts.signals.values()],
                pk=("accession", "name"),
            )
            for alert in alerts:
                fresh = [m for m in alert.matches if self._claim_fire(m, ref, now)]
                if not fresh:
                    continue
                kept = Alert(alert.alert_id, alert.accession, alert.channel, tuple(fresh),
                             alert.payload)
                self.db.execute(
                    "INSERT OR IGNORE INTO alerts (alert_id, accession, channel, rules, "
                    "payload, status, attempts, last_error, created_at, next_attempt_at) "
                    "VALUES (?, ?, ?, ?, ?, 'pending', 0, '', ?, ?)",
                    [kept.alert_id, kept.accession, kept.channel,
                     json.dumps(list(kept.rule_ids)), json.dumps(dict(kept.payload)),
                     _iso(now), _iso(now)],
                )
                queued.append(kept)
        return queued

    def _claim_fire(self, match: RuleMatch, ref: FilingRef, now: datetime) -> bool:
        """Record that a rule fired; False when its dedupe key (or window) already fired."""
        if match.window_days is not None:
            since = now - timedelta(days=match.window_days)
            recent = self.db.execute(
                "SELECT 1 FROM rule_fires WHERE rule_id = ? AND cik = ? AND fired_at >= ? "
                "LIMIT 1",
                [match.rule_id, ref.cik, _iso(since)],
            ).fetchone()
            if recent:
                return False
        cur = self.db.execute(
            "INSERT OR IGNORE INTO rule_fires VALUES (?, ?, ?, ?, ?)",
            [match.dedupe_key, match.rule_id, ref.accession, ref.cik, _iso(now)],
        )
        return bool(cur.rowcount)

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
        with self.db.atomic():
            self.db.execute(
                "UPDATE filings SET attempts = attempts + 1, error = ?, status = ?, "
                "next_attempt_at = ?, processed_at = ? WHERE accession = ?",
                [error, "pending" if retry_at else "error", _iso(retry_at),
                 None if retry_at else _iso(now), accession],
            )

    async def mark_skipped(self, accessions: Sequence[str], reason: str, now: datetime) -> None:
        """Mark filings as seen but deliberately not processed."""
        await self._run(self._mark_skipped, list(accessions), reason, now)

    def _mark_skipped(self, accessions: list[str], reason: str, now: datetime) -> None:
        with self.db.atomic():
            self.db.conn.executemany(
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
        rows = self.db.execute(
            "SELECT accession, accepted FROM filings WHERE status = 'processed'").fetchall()
        return [(acc, datetime.fromisoformat(accepted) if accepted else None)
                for acc, accepted in rows]

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
                for r in self.db.query(
                        f"SELECT * FROM {table} WHERE accession IN ({marks})", chunk):
                    parts.setdefault(r["accession"], {}).setdefault(table, []).append(r)
            rows = {r["accession"]: r for r in self.db.query(
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
        rows = self.db.query(
            "SELECT accession, accepted, name, current, prior FROM figures "
            "WHERE cik = ? AND accession != ? AND (? IS NULL OR accepted < ?) "
            "ORDER BY accepted DESC",
            [cik, exclude, _iso(before), _iso(before)],
        )
        by_filing: dict[str, dict[str, Any]] = {}
        for row in rows:
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
        row = self.db.execute(
            "SELECT cik, fetched_at, status, facts, stale FROM xbrl_companies WHERE cik = ?",
            [cik]).fetchone()
        if row is None:
            return None
        return CachedFacts(row[0], datetime.fromisoformat(row[1]), row[2], row[3] or "",
                           bool(row[4]))

    async def save_facts(self, cik: int, now: datetime, status: str, facts: str,
                         error: str = "") -> None:
        await self._run(self._save_facts, cik, now, status, facts, error)

    def _save_facts(self, cik: int, now: datetime, status: str, facts: str,
                    error: str) -> None:
        with self.db.atomic():
            self.db.table("xbrl_companies").upsert(
                {"cik": cik, "fetched_at": _iso(now), "status": status, "facts": facts,
                 "stale": 0, "error": error}, pk="cik")

    async def mark_facts_stale(self, ciks: Iterable[int]) -> None:
        """A 10-Q or 10-K of these companies appeared: their cached facts are out of date."""
        await self._run(self._mark_facts_stale, sorted(set(ciks)))

    def _mark_facts_stale(self, ciks: list[int]) -> None:
        with self.db.atomic():
            self.db.conn.executemany("UPDATE xbrl_companies SET stale = 1 WHERE cik = ?",
                                     [(c,) for c in ciks])

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
        with self.db.atomic():
            self.db.execute("DELETE FROM figure_checks WHERE accession = ?", [accession])
            if rows:
                self.db.table("figure_checks").insert_all(rows, pk=("accession", "name"))
            self.db.table("filing_checks").upsert(
                {"accession": accession, "cik": cik, "period_end": end,
                 "verdict": cross.verdict, "checked_at": _iso(now), "state": "checked"},
                pk="accession")

    async def defer_check(self, accession: str, cik: int, now: datetime) -> None:
        """Queue a processed filing's XBRL check for when the daemon is idle."""
        await self._run(self._defer_check, accession, cik, now)

    def _defer_check(self, accession: str, cik: int, now: datetime) -> None:
        with self.db.atomic():
            self.db.table("filing_checks").upsert(
                {"accession": accession, "cik": cik, "period_end": None, "verdict": "",
                 "checked_at": _iso(now), "state": "deferred"}, pk="accession")

    async def deferred_checks(self, limit: int) -> list[str]:
        """Accessions whose XBRL check waits for idle time, oldest first."""
        return await self._run(lambda: [r[0] for r in self.db.execute(
            "SELECT accession FROM filing_checks WHERE state = 'deferred' "
            "ORDER BY checked_at, accession LIMIT ?", [limit]).fetchall()])

    async def filing_cross_check(self, accession: str) -> CrossCheck | None:
        """A filing's stored cross-check (None when it was never checked)."""
        return await self._run(self._filing_cross_check, accession)

    def _filing_cross_check(self, accession: str) -> CrossCheck | None:
        head = list(self.db.query(
            "SELECT * FROM filing_checks WHERE accession = ? AND state = 'checked'",
            [accession]))
        if not head:
            return None
        figures = {}
        for r in self.db.query("SELECT * FROM figure_checks WHERE accession = ?", [accession]):
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
        rows = self.db.query(
            "SELECT accession, cik, name, current_value, period_end FROM figure_checks "
            "WHERE current_status = 'pending' AND period_end IS NOT NULL "
            "AND (? IS NULL OR cik = ?) ORDER BY period_end LIMIT ?", [cik, cik, limit])
        return [PendingGrade(r["accession"], r["cik"], r["name"], r["current_value"],
                             date.fromisoformat(r["period_end"][:10])) for r in rows]

    async def save_grade(self, accession: str, name: str, check: Check,
                         now: datetime) -> None:
        await self._run(self._save_grade, accession, name, check, now)

    def _save_grade(self, accession: str, name: str, check: Check, now: datetime) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE figure_checks SET current_status = ?, current_xbrl = ?, "
                "current_accession = ?, current_form = ?, current_filed = ?, "
                "current_period = ?, graded_at = ? WHERE accession = ? AND name = ?",
                [check.status, check.xbrl, check.accession, check.form, check.filed,
                 check.period, _iso(now), accession, name])

    async def check_counts(self) -> list[dict[str, Any]]:
        """Per figure: prior and current checks by status (for `edgar-monitor accuracy`)."""
        return await self._run(lambda: list(self.db.query(
            "SELECT name, "
            "sum(CASE WHEN current_status = 'match' THEN 1 ELSE 0 END) AS current_match, "
            "sum(CASE WHEN current_status = 'mismatch' THEN 1 ELSE 0 END) AS current_mismatch, "
            "sum(CASE WHEN current_status = 'pending' THEN 1 ELSE 0 END) AS current_pending, "
            "sum(CASE WHEN prior_status = 'match' THEN 1 ELSE 0 END) AS prior_match, "
            "sum(CASE WHEN prior_status = 'mismatch' THEN 1 ELSE 0 END) AS prior_mismatch, "
            "sum(CASE WHEN prior_status = 'unavailable' THEN 1 ELSE 0 END) AS prior_unavailable "
            "FROM figure_checks GROUP BY name ORDER BY name")))

    # -- outbox -----------------------------------------------------------------------------

    async def due_alerts(self, now: datetime, limit: int = 50) -> list[OutboxAlert]:
        return await self._run(self._due_alerts, now, limit)

    def _due_alerts(self, now: datetime, limit: int) -> list[OutboxAlert]:
        rows = self.db.query(
            "SELECT * FROM alerts WHERE status = 'pending' AND "
            "(next_attempt_at IS NULL OR next_attempt_at <= ?) "
            "ORDER BY created_at, alert_id LIMIT ?",
            [_iso(now), limit],
        )
        return [
            OutboxAlert(r["alert_id"], r["accession"], r["channel"],
                        tuple(json.loads(r["rules"])), json.loads(r["payload"]),
                        r["attempts"] or 0, datetime.fromisoformat(r["created_at"]),
                        r["channel_id"] or "", r["post_attempts"] or 0)
            for r in rows
        ]

    async def mark_posting(self, alert_id: str, channel_id: str) -> None:
        """Record, before the request leaves, that a post to `channel_id` is starting: a
        crash or a lost answer after this point makes the next try read the channel first."""
        await self._run(self._mark_posting, alert_id, channel_id)

    def _mark_posting(self, alert_id: str, channel_id: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE alerts SET channel_id = ?, post_attempts = post_attempts + 1 "
                "WHERE alert_id = ?", [channel_id, alert_id])

    async def alerts_of(self, accession: str) -> list[dict[str, Any]]:
        """Every alert of a filing with its delivery state (for `explain`)."""
        return await self.query(
            "SELECT alert_id, channel, channel_id, rules, status, attempts, post_attempts, "
            "last_error, sent_at, slack_ts FROM alerts WHERE accession = ? ORDER BY alert_id",
            [accession])

    async def failed_alerts(self) -> int:
        """Alerts Slack rejected for their content."""
        return await self._run(
            lambda: self.db.execute(
                "SELECT count(*) FROM alerts WHERE status = 'failed'").fetchone()[0])

    async def mark_sent(self, alert_id: str, slack_ts: str, now: datetime) -> None:
        await self._run(self._update_alert, alert_id,
                        {"status": "sent", "sent_at": _iso(now), "slack_ts": slack_ts})

    async def mark_retry(self, alert_id: str, error: str, retry_at: datetime) -> None:
        await self._run(self._bump_alert, alert_id, error, "pending", _iso(retry_at))

    async def postpone_pending(self, until: datetime) -> None:
        """Hold every pending alert due before `until` (Slack is unavailable)."""
        await self._run(self._postpone, _iso(until))

    def _postpone(self, until: str | None) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE alerts SET next_attempt_at = ? WHERE status = 'pending' AND "
                "(next_attempt_at IS NULL OR next_attempt_at < ?)",
                [until, until],
            )

    async def mark_failed(self, alert_id: str, error: str) -> None:
        await self._run(self._bump_alert, alert_id, error, "failed", None)

    def _update_alert(self, alert_id: str, values: dict[str, Any]) -> None:
        with self.db.atomic():
            self.db.table("alerts").update(alert_id, values)

    def _bump_alert(
        self, alert_id: str, error: str, status: str, retry_at: str | None
    ) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE alerts SET attempts = attempts + 1, last_error = ?, status = ?, "
                "next_attempt_at = ? WHERE alert_id = ?",
                [error, status, retry_at, alert_id],
            )

    async def outbox_depth(self) -> int:
        return await self._run(
            lambda: self.db.execute(
                "SELECT count(*) FROM alerts WHERE status = 'pending'"
            ).fetchone()[0]
        )

    async def prune(self, before: datetime) -> int:
        """Drop bulky rows older than `before`: sent alerts, documents and signals of old
        filings. Filings (the "already seen" set) and figures (rule history) stay."""
        return await self._run(self._prune, _iso(before))

    def _prune(self, before: str | None) -> int:
        with self.db.atomic():
            old = "SELECT accession FROM filings WHERE processed_at < ?"
            removed = 0
            for sql in (
                "DELETE FROM alerts WHERE status != 'pending' AND created_at < ?",
                f"DELETE FROM documents WHERE accession IN ({old})",
                f"DELETE FROM signals WHERE accession IN ({old}) AND present = 0",
            ):
                removed += self.db.execute(sql, [before]).rowcount
        return removed

    # -- cursors -------------------------------------------------------------------------

    async def get_cursor(self, name: str) -> str | None:
        return await self._run(self._get_cursor, name)

    def _get_cursor(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM cursors WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    async def set_cursor(self, name: str, value: str) -> None:
        await self._run(self._set_cursor, name, value)

    def _set_cursor(self, name: str, value: str) -> None:
        with self.db.atomic():
            self.db.table("cursors").upsert({"name": name, "value": value}, pk="name")

    async def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Read-only query for the CLI and tests."""
        return await self._run(lambda: list(self.db.query(sql, list(params))))

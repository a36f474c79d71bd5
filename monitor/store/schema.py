"""Schema migrations, one list for both databases.

To change the schema, append a `Migration` (never edit an applied one). Write its SQL once
in the subset both dialects accept (TEXT, INTEGER, BIGINT, DOUBLE PRECISION, defaults,
`CREATE INDEX IF NOT EXISTS`, `ALTER TABLE ... ADD COLUMN`); give `postgresql=` or
`sqlite=` text only where they differ. Each migration runs in one transaction under a lock,
so daemons starting together on one PostgreSQL database migrate it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from monitor.store.base import Backend


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema, applied once per database, in list order."""

    name: str
    sql: str
    postgresql: str | None = None
    sqlite: str | None = None

    def statements(self, dialect: str) -> list[str]:
        text = {"postgresql": self.postgresql, "sqlite": self.sqlite}.get(dialect) or self.sql
        return [s.strip() for s in text.split(";") if s.strip()]


MIGRATIONS: tuple[Migration, ...] = (
    # The schema sqlite-utils created before the store had two backends; an existing SQLite
    # file has it recorded in _sqlite_migrations and is not touched.
    Migration("m001_initial", """
        CREATE TABLE filings (
            accession TEXT PRIMARY KEY, cik BIGINT, form TEXT, company TEXT, accepted TEXT,
            filed TEXT, items TEXT DEFAULT '[]', status TEXT NOT NULL DEFAULT 'pending',
            source TEXT, attempts INTEGER DEFAULT 0, error TEXT DEFAULT '', first_seen TEXT,
            next_attempt_at TEXT, processed_at TEXT, sic TEXT);
        CREATE INDEX IF NOT EXISTS idx_filings_status_next_attempt_at
            ON filings (status, next_attempt_at);
        CREATE INDEX IF NOT EXISTS idx_filings_cik_accepted ON filings (cik, accepted);
        CREATE TABLE documents (
            accession TEXT, sequence INTEGER, type TEXT, filename TEXT, bytes BIGINT,
            truncated INTEGER, error TEXT, PRIMARY KEY (accession, sequence));
        CREATE TABLE figures (
            accession TEXT, cik BIGINT, accepted TEXT, name TEXT, current DOUBLE PRECISION,
            prior DOUBLE PRECISION, label TEXT, source TEXT, document TEXT,
            PRIMARY KEY (accession, name));
        CREATE INDEX IF NOT EXISTS idx_figures_cik_name_accepted
            ON figures (cik, name, accepted);
        CREATE TABLE signals (
            accession TEXT, name TEXT, present INTEGER, evidence TEXT, document TEXT,
            PRIMARY KEY (accession, name));
        CREATE TABLE rule_fires (
            dedupe_key TEXT PRIMARY KEY, rule_id TEXT, accession TEXT, cik BIGINT,
            fired_at TEXT);
        CREATE INDEX IF NOT EXISTS idx_rule_fires_rule_id_cik_fired_at
            ON rule_fires (rule_id, cik, fired_at);
        CREATE TABLE alerts (
            alert_id TEXT PRIMARY KEY, accession TEXT, channel TEXT, rules TEXT,
            payload TEXT, status TEXT DEFAULT 'pending', attempts INTEGER DEFAULT 0,
            last_error TEXT DEFAULT '', created_at TEXT, next_attempt_at TEXT, sent_at TEXT,
            slack_ts TEXT);
        CREATE INDEX IF NOT EXISTS idx_alerts_status_next_attempt_at
            ON alerts (status, next_attempt_at);
        CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT)
    """),
    # Rules can match on ticker: keep it with the facts so `explain` and `rules backtest`
    # see what the daemon saw.
    Migration("m002_filing_ticker", "ALTER TABLE filings ADD COLUMN ticker TEXT"),
    # Signal context attributes (issue 15): JSON of SignalContext plus the candidate
    # sentence of an absent signal, so `explain` and backtests see who acted and when.
    Migration("m003_signal_context", "ALTER TABLE signals ADD COLUMN context TEXT"),
    # The channel's ID, resolved before the first post: conversations.history takes IDs
    # only, and a post whose answer was lost is looked up there (issue 12). post_attempts
    # counts posts started, written before each request leaves. Before this, any failed
    # try may have been a post that reached Slack: look first.
    Migration("m004_alert_channel_id", """
        ALTER TABLE alerts ADD COLUMN channel_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE alerts ADD COLUMN post_attempts INTEGER NOT NULL DEFAULT 0;
        UPDATE alerts SET post_attempts = attempts WHERE status = 'pending'
    """),
    # A post started whose outcome was never recorded (issue 18): a new leader lets it land
    # before it looks for it in the channel.
    Migration("m005_alert_post_in_flight",
              "ALTER TABLE alerts ADD COLUMN post_in_flight INTEGER NOT NULL DEFAULT 0"),
    # Issue 16: late-filing notices awaiting their report (one watch per report: an amended
    # notice does not open a second one), daily indexes read, and distress forms' facts.
    Migration("m005_late_filings", """
        CREATE TABLE late_filings (
            accession TEXT PRIMARY KEY, cik BIGINT, form TEXT, report_form TEXT, period TEXT,
            notice_filed TEXT, extended_deadline TEXT, status TEXT DEFAULT 'open',
            arrived_accession TEXT, arrived_filed TEXT, checked_at TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS idx_late_filings_cik_report_form_period
            ON late_filings (cik, report_form, period);
        CREATE INDEX IF NOT EXISTS idx_late_filings_status_extended_deadline
            ON late_filings (status, extended_deadline);
        CREATE TABLE index_days (day TEXT PRIMARY KEY, read_at TEXT);
        CREATE TABLE form_facts (accession TEXT PRIMARY KEY, form TEXT, facts TEXT)
    """),
    # Issue 17: companyfacts cache (the figures' facts only), each figure's checks against
    # XBRL, and each filing's check (checked, or deferred to idle time) with its verdict.
    Migration("m017_xbrl", """
        CREATE TABLE xbrl_companies (
            cik BIGINT PRIMARY KEY, fetched_at TEXT, status TEXT, facts TEXT,
            stale INTEGER DEFAULT 0, error TEXT DEFAULT '');
        CREATE TABLE figure_checks (
            accession TEXT, name TEXT, cik BIGINT, period_end TEXT,
            prior_value DOUBLE PRECISION, prior_status TEXT, prior_xbrl DOUBLE PRECISION,
            prior_accession TEXT, prior_form TEXT, prior_filed TEXT, prior_period TEXT,
            prior_note TEXT, current_value DOUBLE PRECISION, current_status TEXT,
            current_xbrl DOUBLE PRECISION, current_accession TEXT, current_form TEXT,
            current_filed TEXT, current_period TEXT, checked_at TEXT, graded_at TEXT,
            PRIMARY KEY (accession, name));
        CREATE INDEX IF NOT EXISTS idx_figure_checks_current_status_cik
            ON figure_checks (current_status, cik);
        CREATE TABLE filing_checks (
            accession TEXT PRIMARY KEY, cik BIGINT, period_end TEXT, verdict TEXT,
            checked_at TEXT, state TEXT DEFAULT 'checked');
        CREATE INDEX IF NOT EXISTS idx_filing_checks_state ON filing_checks (state)
    """),
)


def migrate(backend: Backend, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply the migrations this database lacks; returns their names."""
    applied: list[str] = []
    with backend.transaction():
        backend.migration_lock()
        backend.execute(backend.ddl(
            "CREATE TABLE IF NOT EXISTS store_migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"))
        done = {r["name"] for r in backend.fetchall("SELECT name FROM store_migrations")}
        legacy = backend.applied_legacy_migrations()
        now = datetime.now(UTC).isoformat()
        for migration in migrations:
            if migration.name in done:
                continue
            if migration.name not in legacy:
                for statement in migration.statements(backend.dialect):
                    backend.execute(backend.ddl(statement))
                applied.append(migration.name)
            backend.execute("INSERT INTO store_migrations (name, applied_at) VALUES (?, ?)",
                            [migration.name, now])
    return applied

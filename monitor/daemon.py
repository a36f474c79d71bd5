"""The daemon's lifecycle: one `Monitor` that opens the store, the EDGAR client and the
notifier, runs the scheduled jobs, and closes everything in reverse on stop."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import errno
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AsyncExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import structlog
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.config import Config, require_user_agent
from monitor.deliver import DeliveryPause, DrainResult, drain_outbox, reconcile_outbox
from monitor.discover import days_between, poll_feed, reconcile_daily_index
from monitor.edgar.client import EdgarClient
from monitor.errors import (
    ConfigError,
    LoopDiedError,
    NotPublishedError,
    ParseError,
    RuleError,
    StoreError,
    ThrottledError,
    TransientFetchError,
    UndeclaredAgentError,
)
from monitor.extract_pool import ExtractionPool
from monitor.followup import check_late_filings
from monitor.formats.filing import EASTERN
from monitor.formats.tickers import TICKERS_PATH, parse_company_tickers
from monitor.leader import Elector, Role, instance_name, make_elector
from monitor.metrics import Health, Metrics, assess_health, health_app
from monitor.notify import Notifier
from monitor.notify.console import ConsoleNotifier
from monitor.notify.slack import SlackNotifier, WebhookNotifier
from monitor.pipeline import Outcome, Pipeline, RulesHolder
from monitor.rules import RuleSet, load_rules, rule_files
from monitor.store import open_store
from monitor.xbrl.source import XbrlSource

log = structlog.get_logger("monitor.daemon")

FEED_CURSOR = "feed_initialized_at"
INDEX_CURSOR = "daily_index_through"
SENT_CURSOR = "edgar_last_sends"
_MIN_RETRY_WAIT = 1.0  # seconds
# A new leader holds back alerts whose post was in flight when the last leader went away
# this long, so a post still on the wire lands before it looks in the channel for them.
IN_FLIGHT_GRACE_SECONDS = 10.0


class State(enum.Enum):
    NEW = "new"
    RUNNING = "running"
    STOPPING = "stopping"
    STOPPED = "stopped"


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_notifier(config: Config, session: aiohttp.ClientSession) -> Notifier:
    """Slack bot when a token is set, else webhook, else the console."""
    if config.slack.bot_token:
        return SlackNotifier(config.slack.bot_token, base_url=config.slack.api_url,
                             session=session, max_retries=config.slack.max_retries)
    if config.slack.webhook_url:
        return WebhookNotifier(config.slack.webhook_url, session=session,
                               max_retries=config.slack.max_retries)
    return ConsoleNotifier()


def load_config_rules(config: Config) -> RuleSet:
    """The rule set named in config; RuleError when it does not validate."""
    return load_rules([Path(p) for p in config.rules],
                      known_watchlists=config.watchlists.keys())


def rules_fingerprint(config: Config) -> tuple[tuple[str, int, int], ...]:
    """Name, mtime and size of every rule file: a change means reload."""
    out = []
    for path in rule_files([Path(p) for p in config.rules]):
        with contextlib.suppress(OSError):
            stat = path.stat()
            out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


class Monitor:
    """Owns every long-lived resource; `async with Monitor(config) as m: await m.run()`."""

    def __init__(
        self,
        config: Config,
        *,
        notifier: Notifier | None = None,
        clock: Callable[[], datetime] = utc_now,
        ruleset: RuleSet | None = None,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        self.config = config
        self.user_agent = require_user_agent(config)
        self.rules = RulesHolder(ruleset or load_config_rules(config))
        self._rules_fingerprint = rules_fingerprint(config)
        self.clock = clock
        self.state = State.NEW
        self._notifier = notifier
        self._client_options = client_options or {}
        self._stack = AsyncExitStack()
        self._stop = asyncio.Event()
        self._discover_lock = asyncio.Lock()
        self._process_lock = asyncio.Lock()
        self._work_ready = asyncio.Event()
        self._drain_lock = asyncio.Lock()
        self._outbox_ready = asyncio.Event()
        self.fatal: BaseException | None = None
        self.last_poll_ok: datetime | None = None
        self.last_poll_new = 0  # filings the last feed poll recorded (for `run --once`)
        self.last_poll_error = ""
        self.started = clock()
        self.metrics = Metrics()
        self.delivery = DeliveryPause()
        self.health_url = ""
        self._outbox_open = asyncio.Event()  # the outbox was reconciled: sending may start

    async def __aenter__(self) -> Monitor:
        try:
            return await self._open()
        except BaseException:
            await self._stack.aclose()  # e.g. another daemon holds the database
            raise

    async def _open(self) -> Monitor:
        stack = self._stack
        self.store = await open_store(self.config.database, application_name=instance_name())
        stack.push_async_callback(self.store.close)
        guard = self.store.instance_lock()
        guard.acquire()  # a second daemon on a SQLite file stops here (InstanceRunningError)
        stack.callback(guard.release)
        self.elector: Elector = make_elector(self.store, self._leadership_changed)
        self.metrics.leader.set(1 if self.elector.role is Role.LEADER else 0)
        stack.push_async_callback(self.elector.resign)
        self.session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.config.edgar.timeout_seconds)
        )
        stack.push_async_callback(self.session.close)
        # The EDGAR client keeps its own session: its window guard times each request from
        # the moment it leaves, and Slack posts never wait for EDGAR's connections.
        self.client = EdgarClient(self.config.edgar, self.user_agent, **self._client_options)
        stack.push_async_callback(self.client.close)
        self.metrics.watch_client(self.client)
        # The previous run's last second of requests still counts against SEC's 10/s.
        last = await self.store.get_cursor(SENT_CURSOR)
        if last:
            with contextlib.suppress(ValueError, TypeError):
                self.client.guard.seed([float(t) for t in json.loads(last)], time.time())
        stack.push_async_callback(self._remember_sends)
        if self._notifier is None:
            self._notifier = build_notifier(self.config, self.session)
        self.notifier: Notifier = self._notifier
        stack.push_async_callback(self.notifier.close)
        self.extractor = ExtractionPool(self.config.extraction.workers,
                                        self.config.extraction.time_budget_seconds)
        stack.push_async_callback(self.extractor.close)
        self.extractor.warm()
        self.pipeline = Pipeline(self.client, self.store, self.config, self.rules, self.clock,
                                 extractor=self.extractor)
        if self.config.xbrl.enabled:
            self.pipeline.xbrl = XbrlSource(
                self.client, self.store, self.clock,
                on_graded=lambda figure, outcome: self.metrics.figure_checks.labels(
                    figure=figure, outcome=outcome).inc())
            stack.push_async_callback(self.pipeline.xbrl.close)
        if not self.elector.shared:
            # The only daemon on this database: reconcile now; a shared one does it as it
            # takes the lead (a standby must not write).
            await reconcile_outbox(self.store, self.notifier, self.clock)
            self._outbox_open.set()
        return self

    async def _remember_sends(self) -> None:
        recent = self.client.guard.recent(time.time())
        await self.store.set_cursor(SENT_CURSOR, json.dumps([round(t, 3) for t in recent]))

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()
        self.state = State.STOPPED

    # -- one cycle ------------------------------------------------------------------------

    async def poll_cycle(self) -> list[Outcome]:
        """Discover new filings, process every due filing, then drain the outbox (the whole
        of `run --once`; the daemon runs the three parts on their own schedules)."""
        await self.discover_once()
        outcomes = await self.process_pending()
        await self.drain()
        return outcomes

    async def discover_once(self) -> bool:
        """One feed poll; new filings are recorded and the processing worker woken.

        Runs on its own schedule, so polls (and health) go on while a burst is processed.
        """
        async with self._discover_lock:
            try:
                await self._discover()
            except (ParseError, TransientFetchError, NotPublishedError) as exc:
                log.warning("feed_poll_failed", error=str(exc))
                self.last_poll_error = str(exc)
                return False
            except (ThrottledError, UndeclaredAgentError) as exc:
                self._client_fault(exc)
                self.last_poll_error = str(exc)
                return False
            finally:
                self._work_ready.set()  # also retries deferred filings that became due
            self.last_poll_ok = self.clock()
            self.metrics.last_poll.set(self.last_poll_ok.timestamp())
            return True

    async def process_pending(self) -> list[Outcome]:
        """Process the due filings; SEC throttling ends the batch (filings stay pending)."""
        async with self._process_lock:
            try:
                return await self.process_due()
            except (ThrottledError, UndeclaredAgentError) as exc:
                self._client_fault(exc)
                return []

    async def check_deferred(self, batch: int = 4) -> bool:
        """XBRL checks deferred to idle time (issue 17), a small batch while no filing
        waits; True when a full batch was done (more may wait)."""
        if self.pipeline.xbrl is None or self._stop.is_set():
            return False
        if await self.store.due_filings(self.clock(), limit=1):
            return False
        try:
            return await self.pipeline.check_deferred(batch) >= batch
        except (ThrottledError, UndeclaredAgentError) as exc:
            self._client_fault(exc)
            return False

    def _client_fault(self, exc: ThrottledError | UndeclaredAgentError) -> None:
        if isinstance(exc, ThrottledError):
            return  # the breaker logs the block once when it starts and once when it ends
        self.fatal = exc
        log.error("undeclared_user_agent", error=str(exc))
        self.stop()

    async def _process_when_ready(self) -> None:
        """Background worker: processes as soon as discovery records new filings, and when a
        deferred filing falls due (documents EDGAR had not served yet), not at the next poll."""
        more_checks = False
        while not self._stop.is_set():
            wait = 0.0 if more_checks else await self.seconds_to_next_retry()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._work_ready.wait()
            self._work_ready.clear()
            if self.client.breaker.is_open:
                # Nothing can be fetched until SEC's block ends: sleep it out (or until stop).
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.client.breaker.remaining()):
                        await self._stop.wait()
                continue
            await self.process_pending()
            more_checks = await self.check_deferred()

    async def seconds_to_next_retry(self) -> float | None:
        """How long the worker may sleep before a deferred filing is due (None: until woken).

        At least a second, so a filing that stays due (SEC breaker open) cannot spin it."""
        at = await self.store.next_retry_at()
        if at is None:
            return None
        return max(_MIN_RETRY_WAIT, (at - self.clock()).total_seconds())

    async def _discover(self) -> None:
        now = self.clock()
        initialized = await self.store.get_cursor(FEED_CURSOR)
        first_run_since = None
        if initialized is None:
            first_run_since = now - timedelta(
                minutes=self.config.discovery.initial_lookback_minutes
            )
        poll = await poll_feed(self.client, self.store, self.config.discovery, now,
                               first_run_since=first_run_since)
        if initialized is None:
            await self.store.set_cursor(FEED_CURSOR, now.isoformat())
            yesterday = now.astimezone(EASTERN).date() - timedelta(days=1)
            await self.store.set_cursor(INDEX_CURSOR, yesterday.isoformat())
        self.last_poll_new = len(poll.new)
        if poll.new:
            self.metrics.filings_seen.labels(source="feed").inc(len(poll.new))
            log.info("feed_new_filings", count=len(poll.new), pages=poll.pages)

    async def refresh_tickers(self) -> None:
        """Reload SEC's CIK-to-ticker map (one request; kept on failure)."""
        try:
            resp = await self.client.get(TICKERS_PATH)
            tickers = parse_company_tickers(resp.body)
        except (NotPublishedError, TransientFetchError, ParseError) as exc:
            log.warning("tickers_unavailable", error=str(exc))
            return
        self.pipeline.tickers.clear()
        self.pipeline.tickers.update(tickers)

    async def reconcile(self, today: date | None = None, *, when: str = "nightly") -> int:
        """Read the daily indexes of the days since the last reconciliation. Filings found
        there and not by the feed are the feed's misses: counted, and logged with the
        feed's completeness over those days (`when`: nightly, or startup after downtime)."""
        last = await self.store.get_cursor(INDEX_CURSOR)
        today = today or self.clock().astimezone(EASTERN).date()
        if last is None:
            return 0
        days = days_between(date.fromisoformat(last), today,
                            self.config.discovery.reconcile_days)
        new, done, listed = await reconcile_daily_index(
            self.client, self.store, self.config.discovery, days, self.clock()
        )
        # Advance only over the contiguous run of days read, so an unpublished day is retried.
        through = date.fromisoformat(last)
        for day in days:
            if day not in done:
                break
            through = day
        await self.store.set_cursor(INDEX_CURSOR, through.isoformat())
        if new:
            self.metrics.filings_seen.labels(source="daily-index").inc(len(new))
            self.metrics.feed_misses.labels(when=when).inc(len(new))
            log.info("daily_index_recovered", count=len(new),
                     days=[d.isoformat() for d in done])
        if done:
            log.info("feed_completeness", when=when, days=[d.isoformat() for d in done],
                     listed=listed, found_by_feed=listed - len(new), missed_by_feed=len(new),
                     completeness=round((listed - len(new)) / listed, 4) if listed else None,
                     missed=[f"{r.accession} {r.form}" for r in new[:20]])
        return len(new)

    async def follow_up_late_filings(self) -> int:
        """Settle late-filing notices whose extension ran out; returns the alerts queued."""
        result = await check_late_filings(
            self.store, self.rules.ruleset, self.clock(),
            default_channel=self.config.slack.default_channel,
            watchlists=self.config.watchlists,
        )
        self.metrics.late_filings.labels(outcome="overdue").inc(len(result.overdue))
        for alert in result.alerts:
            for rule in alert.rule_ids:
                self.metrics.alerts.labels(rule=rule, outcome="queued").inc()
        if result.alerts:
            self._outbox_ready.set()
        return len(result.alerts)

    async def process_due(self) -> list[Outcome]:
        """Process due filings, a few at a time within the shared rate limiter."""
        due = await self.store.due_filings(self.clock())
        if not due:
            return []
        sem = asyncio.Semaphore(self.config.discovery.concurrency)
        outcomes: list[Outcome] = []

        async def one(pending: Any) -> None:
            async with sem:
                if self._stop.is_set():
                    return
                outcome = await self.pipeline.process(pending)
                outcomes.append(outcome)
                self.metrics.filings_processed.labels(status=outcome.status).inc()
                for alert in outcome.alerts:
                    for rule in alert.rule_ids:
                        self.metrics.alerts.labels(rule=rule, outcome="queued").inc()
                if outcome.alerts:
                    self._outbox_ready.set()  # post now, not at the end of the cycle

        try:
            async with asyncio.TaskGroup() as group:
                for pending in due:
                    group.create_task(one(pending))
        except* (ThrottledError, UndeclaredAgentError, StoreError) as eg:
            raise eg.exceptions[0] from None
        return outcomes

    async def drain(self) -> DrainResult:
        """Send what is due in the outbox; one drain at a time, none before the outbox was
        reconciled with the channel."""
        async with self._drain_lock:
            if not self._outbox_open.is_set():
                return DrainResult(0, 0, 0)
            return await drain_outbox(self.store, self.notifier, self.clock,
                                      metrics=self.metrics, pause=self.delivery)

    async def open_outbox(self) -> None:
        """As a term as leader starts: let posts the last leader had in flight land, mark
        those already in the channel as sent, then allow sending."""
        if self._outbox_open.is_set():
            return
        in_flight = await self.store.in_flight_alerts()
        if in_flight:
            log.info("awaiting_posts_in_flight", alerts=in_flight,
                     seconds=IN_FLIGHT_GRACE_SECONDS)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(IN_FLIGHT_GRACE_SECONDS):
                    await self._stop.wait()
        await reconcile_outbox(self.store, self.notifier, self.clock)
        self._outbox_open.set()
        self._outbox_ready.set()

    async def _send_when_ready(self) -> None:
        """Background sender: drains as soon as a filing queues alerts."""
        await self.open_outbox()
        while True:
            await self._outbox_ready.wait()
            self._outbox_ready.clear()
            await self.drain()

    async def prune(self) -> None:
        removed = await self.store.prune(
            self.clock() - timedelta(days=self.config.retention_days))
        log.info("store_pruned", rows=removed)

    def health(self) -> Health:
        """Health as /healthz and `edgar-monitor check` report it: a leader by its polls, a
        standby by its hold on the database (both healthy, each saying which it is)."""
        role = self.elector.role.value
        if self.fatal is not None:
            return Health(False, f"stopped: {self.fatal}", role)
        if self.elector.role is Role.STANDBY:
            ok, reason = self.elector.standby_health()
            return Health(ok, reason, role)
        state = assess_health(
            self.clock(), self.started, self.last_poll_ok,
            self.config.discovery.poll_interval_seconds,
            self.client.breaker.open_for(), self.config.edgar.throttle_block_seconds,
            delivery_paused=self.delivery.message,
            # A feed request may take its whole timeout before it fails or succeeds.
            min_window=self.config.edgar.timeout_seconds,
        )
        return Health(state.ok, state.reason, role)

    def _leadership_changed(self, role: Role) -> None:
        self.metrics.leader.set(1 if role is Role.LEADER else 0)
        if role is Role.LEADER:
            # Health counts polls from the start of this term.
            self.started = self.clock()
            self.last_poll_ok = None

    async def start_health_server(self) -> str:
        """Serve /healthz and /metrics; returns the base URL."""
        runner = web.AppRunner(health_app(self.metrics, self.health), access_log=None)
        await runner.setup()
        self._stack.push_async_callback(runner.cleanup)
        host, port = self.config.health.host, self.config.health.port
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            busy = "is already in use" if exc.errno == errno.EADDRINUSE else (
                f"cannot be used: {exc.strerror or exc}")
            raise ConfigError(f"health server: {host}:{port} {busy} (choose another with "
                              "--health-port or health.port, or set health.enabled: false)"
                              ) from None
        host, port = runner.addresses[0][:2]
        self.health_url = f"http://{host}:{port}"
        log.info("health_server_started", url=self.health_url)
        return self.health_url

    def reload_rules(self, *, force: bool = False) -> bool:
        """Load the rule files again if they changed (or `force`); keep the last good set
        when the new one does not validate. True when a new set is in force."""
        fingerprint = rules_fingerprint(self.config)
        if not force and fingerprint == self._rules_fingerprint:
            return False
        self._rules_fingerprint = fingerprint
        try:
            ruleset = load_config_rules(self.config)
        except RuleError as exc:
            log.error("rules_rejected", problems=str(exc).splitlines(),
                      kept=len(self.rules.ruleset.rules))
            return False
        self.rules.ruleset = ruleset
        log.info("rules_reloaded", rules=len(ruleset.rules), files=list(ruleset.sources))
        return True

    # -- running --------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the daemon to stop; returns at once."""
        if self.state is State.RUNNING:
            self.state = State.STOPPING
        self._stop.set()

    async def run_once(self) -> list[Outcome]:
        """One reconciliation and one poll cycle (for `run --once`, cron and tests); on a
        shared database only when no other daemon is the leader."""
        self.state = State.RUNNING
        await self.take_lead_or_fail()
        await self.open_outbox()
        await self._safe_reconcile(when="startup")
        outcomes = await self.poll_cycle()
        while await self.check_deferred():  # after the alerts are out
            pass
        return outcomes

    async def take_lead_or_fail(self) -> None:
        """Become the leader now, or raise StoreError when another daemon is."""
        if self.elector.role is Role.LEADER or await self.elector.try_once():
            return
        raise StoreError(
            f"another edgar-monitor is the leader on {self.store.backend.description}; "
            "one-off runs wait until no daemon is active")

    async def _safe_reconcile(self, when: str = "nightly") -> None:
        try:
            await self.refresh_tickers()
            await self.reconcile(when=when)
            await self.follow_up_late_filings()
            if self.pipeline.xbrl is not None:
                await self.pipeline.xbrl.grade_all(self.clock().astimezone(EASTERN).date())
        except ThrottledError as exc:
            log.warning("reconcile_throttled", error=str(exc))
        except UndeclaredAgentError as exc:
            self.fatal = exc
            self.stop()

    async def run_until_stopped(self) -> None:
        """Run until `stop()`: as the leader, the scheduled jobs; as a standby, wait to take
        over. Then finish in-flight work and return."""
        self.state = State.RUNNING
        if self.config.health.enabled:
            await self.start_health_server()
        while not self._stop.is_set():
            if not await self.elector.campaign(self._stop):
                break
            if await self._lead():
                break
        if self.elector.role is Role.STANDBY:
            log.info("monitor_stopped", role="standby")

    async def _lead(self) -> bool:
        """One term as leader: True when it ended by `stop()` (work finished gracefully),
        False when the lock was lost (all work cancelled at once: fencing)."""
        active = asyncio.create_task(self._run_active(), name="leader-term")
        lost = asyncio.create_task(self.elector.lost.wait(), name="leader-lost")
        await asyncio.wait({active, lost}, return_when=asyncio.FIRST_COMPLETED)
        if active.done():
            lost.cancel()
            try:
                active.result()
            except StoreError as exc:
                if not self.elector.shared:
                    raise
                # The database went before the lock check noticed: the term is over.
                log.warning("leader_term_failed", error=str(exc))
                await self.elector.resign()
                self._outbox_open.clear()
                return self._stop.is_set()
            return True
        active.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await active
        self._outbox_open.clear()
        return False

    async def _run_active(self) -> None:
        """The leader's work until `stop()`; cancelled as a whole when the lead is lost."""
        scheduler = AsyncIOScheduler(timezone="UTC")
        # A poll still running when the next is due is skipped by design (one instance,
        # coalesced); APScheduler's plain-text warning about it is noise beside the JSON log,
        # and polls take longer with one feed query per form family (issue 16).
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        interval = self.config.discovery.poll_interval_seconds
        job = self._supervised
        scheduler.add_job(job("poll", self.discover_once), "interval", seconds=interval,
                          id="poll", max_instances=1, coalesce=True,
                          next_run_time=datetime.now(UTC))
        scheduler.add_job(job("outbox", self.drain), "interval", seconds=max(5.0, interval),
                          id="outbox", max_instances=1, coalesce=True)
        scheduler.add_job(job("reconcile", self._safe_reconcile), "cron", hour=23, minute=30,
                          timezone="America/New_York", id="reconcile", max_instances=1,
                          coalesce=True)
        # Late-filing follow-ups: after the nightly reconciliation has read the day's index.
        scheduler.add_job(job("late-filings", self.follow_up_late_filings), "cron", hour=23,
                          minute=50, timezone="America/New_York", id="late-filings",
                          max_instances=1, coalesce=True)
        scheduler.add_job(job("rules", self.reload_rules), "interval", seconds=5, id="rules",
                          max_instances=1, coalesce=True)
        scheduler.add_job(job("prune", self.prune), "cron", hour=3, minute=15, id="prune",
                          timezone="America/New_York", max_instances=1, coalesce=True)
        tasks: list[asyncio.Task[None]] = []
        finished = False
        try:
            await job("reconcile", lambda: self._safe_reconcile(when="startup"))()
            scheduler.start()
            sender = asyncio.create_task(
                job("outbox-sender", self._send_when_ready, loop=True)(), name="outbox-sender")
            worker = asyncio.create_task(
                job("filing-worker", self._process_when_ready, loop=True)(),
                name="filing-worker")
            tasks = [sender, worker]
            await self._stop.wait()
            await self._shut_down(scheduler, worker, sender)
            finished = True
        finally:
            # Reached with work still running only when the lead was lost: drop it now.
            # (AsyncIOScheduler stops on the next loop turn: `running` lags a shutdown.)
            if not finished and scheduler.running:
                scheduler.shutdown(wait=False)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def _supervised(
        self, name: str, fn: Callable[[], Awaitable[object] | object], *, loop: bool = False
    ) -> Callable[[], Coroutine[Any, Any, None]]:
        """`fn` run so that an error it did not handle stops the daemon (see `_loop_died`)
        instead of being logged and forgotten; a `loop` must also not return before stop.

        On a shared PostgreSQL database a StoreError is a lost connection, not a dead loop:
        the lock check ends the term within seconds, so the loop waits and starts again."""
        async def supervised() -> None:
            while True:
                try:
                    result = fn()
                    if asyncio.iscoroutine(result):
                        await result
                except asyncio.CancelledError:
                    raise
                except StoreError as exc:
                    if not self.elector.shared:
                        self._loop_died(name, exc)
                        return
                    log.warning("store_unavailable", loop=name, error=str(exc))
                    if not loop:
                        return
                    await asyncio.sleep(_MIN_RETRY_WAIT)
                    continue
                except Exception as exc:  # noqa: BLE001 - anything unhandled ends the process
                    self._loop_died(name, exc)
                    return
                if loop and not self._stop.is_set():
                    self._loop_died(name, RuntimeError("returned while the daemon runs"))
                return

        return supervised

    def _loop_died(self, name: str, exc: BaseException) -> None:
        """A dead loop never limps on: /healthz fails from now, the daemon stops and the
        process exits non-zero so a supervisor restarts it. Pending filings and alerts are
        in the database, so the restart loses nothing."""
        while isinstance(exc, BaseExceptionGroup):
            exc = exc.exceptions[0]
        error = " ".join(f"{type(exc).__name__}: {exc}".split())
        log.error("loop_died", loop=name, error=error, exc_info=exc)
        if self.fatal is None:
            self.fatal = LoopDiedError(
                f"the daemon's {name} loop died ({error}); exiting so a supervisor restarts "
                "it (pending work is kept in the database)")
        self.stop()

    async def _shut_down(
        self, scheduler: AsyncIOScheduler, worker: asyncio.Task[None],
        sender: asyncio.Task[None],
    ) -> None:
        """Finish the work in flight within one grace period, then flush the outbox.

        APScheduler 3 cancels running async jobs on shutdown, so it is paused first and shut
        down only once no drain is mid-post.
        """
        deadline = asyncio.get_running_loop().time() + self.config.shutdown_grace_seconds

        def remaining() -> float:
            return max(0.0, deadline - asyncio.get_running_loop().time())

        scheduler.pause()
        cancelled = await self._finish_work(worker, remaining())
        post_cut_off = await self._stop_sending(scheduler, sender, remaining())
        if isinstance(self.fatal, LoopDiedError):
            # A loop died (often the store: a post may be in Slack but not marked sent).
            # Posting more now could repeat it; the restart reconciles with the channel.
            log.error("monitor_stopped_on_fault", error=str(self.fatal),
                      cycle_cancelled=cancelled)
            return
        if post_cut_off:
            # Slack may have the message whose answer we never read; look before reposting.
            await reconcile_outbox(self.store, self.notifier, self.clock)
        try:
            async with asyncio.timeout(remaining()):
                await self.drain()
        except TimeoutError:
            post_cut_off = True  # the next start reconciles it against the channel
        pending = await self.store.query(
            "SELECT count(*) AS n FROM filings WHERE status = 'pending'")
        log.info("monitor_stopped", cycle_cancelled=cancelled, post_cut_off=post_cut_off,
                 filings_pending=pending[0]["n"],
                 outbox_pending=await self.store.outbox_depth())

    async def _stop_sending(
        self, scheduler: AsyncIOScheduler, sender: asyncio.Task[None], grace: float
    ) -> bool:
        """Stop the sender and the scheduler once no drain is mid-post, waiting up to `grace`.

        A post cancelled after its request left may already be in the channel, so cutting
        one off is reported (True) rather than silently reposted.
        """
        try:
            async with asyncio.timeout(grace):
                await self._drain_lock.acquire()
        except TimeoutError:
            held = False
        else:
            held = True
        try:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
            scheduler.shutdown(wait=False)
        finally:
            if held:
                self._drain_lock.release()
        return not held

    async def _finish_work(self, worker: asyncio.Task[None], grace: float) -> bool:
        """Let the poll and the filings in flight finish (processing checks the stop flag
        before each filing); cancel them after `grace` seconds. True if cancelled.

        Cancelling is safe: each filing is committed in one transaction, so an unfinished
        one simply stays pending for the next run.
        """
        async def idle() -> None:
            async with self._discover_lock, self._process_lock:
                pass

        try:
            await asyncio.wait_for(idle(), grace)
            cancelled = False
        except TimeoutError:
            cancelled = True
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
        return cancelled

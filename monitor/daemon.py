"""The daemon's lifecycle: one `Monitor` that opens the store, the EDGAR client and the
notifier; as the leader, runs three named loops (poll, filing worker, outbox sender) and the
scheduled jobs under one supervisor; and on stop finishes the work in flight and closes
everything in reverse."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.config import Config, require_user_agent
from monitor.deliver import DeliveryPause, DrainResult
from monitor.discover import Discovery
from monitor.edgar.client import EdgarClient
from monitor.errors import (
    LoopDiedError,
    NotPublishedError,
    ParseError,
    StoreError,
    ThrottledError,
    TransientFetchError,
    UndeclaredAgentError,
)
from monitor.extract_pool import ExtractionPool
from monitor.health_server import serve_health
from monitor.jobs import SCHEDULE, ScheduledJobs
from monitor.leader import Elector, Role, TermEnd, instance_name, make_elector, serve_term
from monitor.loops import Interval, Loop, Supervisor
from monitor.metrics import Health, Metrics, assess_health
from monitor.notify import Notifier
from monitor.pipeline import Outcome, Pipeline
from monitor.rules import RuleSet, RulesInForce
from monitor.sender import OutboxSender, build_notifier
from monitor.store import open_store
from monitor.tickers import Tickers
from monitor.worker import FilingWorker
from monitor.xbrl.source import XbrlSource

log = structlog.get_logger("monitor.daemon")

SENT_CURSOR = "edgar_last_sends"


class State(enum.Enum):
    """NEW -> OPEN (resources opened) -> RUNNING -> STOPPING (stop asked) -> STOPPED."""

    NEW = "new"
    OPEN = "open"
    RUNNING = "running"
    STOPPING = "stopping"
    STOPPED = "stopped"


def utc_now() -> datetime:
    return datetime.now(UTC)


class Monitor:
    """Owns every long-lived resource: `async with Monitor(config) as m:` then
    `await m.run_until_stopped()` (once) or `await m.run_once()` (a cycle, as often as
    wanted). Running before it is opened, twice at once, or after a stop is an error."""

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
        self.rules = RulesInForce([Path(p) for p in config.rules],
                                  known_watchlists=config.watchlists.keys(), ruleset=ruleset)
        self.tickers = Tickers()
        self.clock = clock
        self.state = State.NEW
        self._notifier = notifier
        self._client_options = client_options or {}
        self._stack = AsyncExitStack()
        self._stop = asyncio.Event()
        self.fatal: BaseException | None = None
        self.last_poll_ok: datetime | None = None
        self.last_poll_new = 0  # filings the last feed poll recorded (for `run --once`)
        self.last_poll_error = ""
        self.started = clock()
        self.metrics = Metrics()
        self.health_url = ""

    async def __aenter__(self) -> Monitor:
        if self.state is not State.NEW:
            raise RuntimeError(f"a Monitor is opened once (this one is {self.state.value})")
        try:
            await self._open()
        except BaseException:
            await self._stack.aclose()  # e.g. another daemon holds the database
            self.state = State.STOPPED
            raise
        self.state = State.OPEN
        return self

    async def _open(self) -> None:
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
            timeout=aiohttp.ClientTimeout(total=self.config.edgar.timeout_seconds))
        stack.push_async_callback(self.session.close)
        # The EDGAR client keeps its own session: its window guard times each request from
        # the moment it leaves, and Slack posts never wait for EDGAR's connections.
        self.client = EdgarClient(self.config.edgar, self.user_agent, **self._client_options)
        stack.push_async_callback(self.client.close)
        self.metrics.watch_client(self.client)
        await self._recall_sends()
        self.notifier: Notifier = self._notifier or build_notifier(self.config, self.session)
        stack.push_async_callback(self.notifier.close)
        self.extractor = ExtractionPool(self.config.extraction.workers,
                                        self.config.extraction.time_budget_seconds)
        stack.push_async_callback(self.extractor.close)
        self.extractor.warm()
        self.discovery = Discovery(self.client, self.store, self.config.discovery, self.clock)
        self.pipeline = self.new_pipeline()
        self.worker = FilingWorker(self.pipeline, self.store, self.client, self.clock,
                                   self.config.discovery.concurrency, self._stop,
                                   on_fault=self._client_fault, on_outcome=self._processed)
        if self.config.xbrl.enabled:
            self.pipeline.xbrl = XbrlSource(
                self.client, self.store, self.clock,
                on_graded=lambda figure, outcome: self.metrics.figure_checks.labels(
                    figure=figure, outcome=outcome).inc())
            stack.push_async_callback(self.pipeline.xbrl.close)
        self.sender = OutboxSender(self.store, self.notifier, self.clock, self.metrics,
                                   max(5.0, self.config.discovery.poll_interval_seconds))
        self.jobs = ScheduledJobs(self.config, self.store, self.client, self.discovery,
                                  self.rules, self.tickers, self.pipeline.xbrl, self.metrics,
                                  self.clock, on_queued=self.sender.queued, on_fatal=self._fail)
        if not self.elector.shared:
            # The only daemon on this database: reconcile now; a shared one does it as it
            # takes the lead (a standby must not write).
            await self.sender.reconcile()

    async def _recall_sends(self) -> None:
        """The previous run's last second of requests still counts against SEC's 10/s."""
        last = await self.store.get_cursor(SENT_CURSOR)
        if last:
            with contextlib.suppress(ValueError, TypeError):
                self.client.guard.seed([float(t) for t in json.loads(last)], time.time())

        async def remember() -> None:
            recent = self.client.guard.recent(time.time())
            await self.store.set_cursor(SENT_CURSOR, json.dumps([round(t, 3) for t in recent]))

        self._stack.push_async_callback(remember)

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()
        self.state = State.STOPPED

    def new_pipeline(self, *, alerts_enabled: bool = True) -> Pipeline:
        """A pipeline over this monitor's client, store, rules, tickers and extraction
        workers, without the XBRL cross-check (the daemon's adds it; backfill's has none)."""
        return Pipeline(self.client, self.store, self.config, self.rules, self.clock,
                        alerts_enabled=alerts_enabled, tickers=self.tickers,
                        extractor=self.extractor)

    @property
    def delivery(self) -> DeliveryPause:
        return self.sender.pause

    # -- the work: one cycle, or the loops' steps -------------------------------------------

    async def poll_cycle(self) -> list[Outcome]:
        """Discover new filings, process every due filing, then drain the outbox (the whole
        of `run --once`; the daemon runs the three parts as loops of their own)."""
        await self.discover_once()
        outcomes = await self.worker.process_pending()
        await self.drain()
        return outcomes

    async def discover_once(self) -> bool:
        """One feed poll; new filings are recorded and the filing worker woken."""
        try:
            poll = await self.discovery.poll()
        except (ParseError, TransientFetchError, NotPublishedError) as exc:
            log.warning("feed_poll_failed", error=str(exc))
            self.last_poll_error = str(exc)
            return False
        except (ThrottledError, UndeclaredAgentError) as exc:
            self._client_fault(exc)
            self.last_poll_error = str(exc)
            return False
        finally:
            self.worker.wake()  # also retries deferred filings that became due
        self.last_poll_new = len(poll.new)
        if poll.new:
            self.metrics.filings_seen.labels(source="feed").inc(len(poll.new))
        self.last_poll_ok = self.clock()
        self.metrics.last_poll.set(self.last_poll_ok.timestamp())
        return True

    def _processed(self, outcome: Outcome) -> None:
        self.metrics.filings_processed.labels(status=outcome.status).inc()
        self.sender.queued(outcome.alerts)

    def _client_fault(self, exc: ThrottledError | UndeclaredAgentError) -> None:
        if isinstance(exc, ThrottledError):
            return  # the breaker logs the block once when it starts and once when it ends
        log.error("undeclared_user_agent", error=str(exc))
        self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        self.fatal = exc
        self.stop()

    async def drain(self) -> DrainResult:
        """Send what is due in the outbox (nothing before it was reconciled)."""
        return await self.sender.drain()

    async def open_outbox(self) -> None:
        """As a term as leader starts: reconcile the outbox with the channel, then send."""
        await self.sender.open(self._stop)

    # -- health -----------------------------------------------------------------------------

    def health(self) -> Health:
        """Health as /healthz and `edgar-monitor check` report it: a leader by its polls, a
        standby by its hold on the database (both healthy, each saying which it is); a
        daemon that is stopping or stopped is not healthy."""
        role = self.elector.role.value
        if self.fatal is not None:
            return Health(False, f"stopped: {self.fatal}", role)
        if self.state in (State.STOPPING, State.STOPPED):
            return Health(False, f"{self.state.value}: no new filings are taken", role)
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
        runner, self.health_url = await serve_health(
            self.metrics, self.health, self.config.health.host, self.config.health.port)
        self._stack.push_async_callback(runner.cleanup)
        return self.health_url

    # -- running ----------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the daemon to stop; returns at once."""
        if self.state is State.RUNNING:
            self.state = State.STOPPING
        self._stop.set()

    def _start_run(self, what: str) -> None:
        if self.state is not State.OPEN:
            raise RuntimeError(f"Monitor.{what}() on a monitor that is {self.state.value}: "
                               "it runs once opened (`async with`), one run at a time, "
                               "and not after it was stopped")
        self.state = State.RUNNING

    async def run_once(self) -> list[Outcome]:
        """One reconciliation and one poll cycle (for `run --once`, cron and tests); on a
        shared database only when no other daemon is the leader."""
        self._start_run("run_once")
        try:
            await self.take_lead_or_fail()
            await self.open_outbox()
            await self.jobs.catch_up(when="startup")
            outcomes = await self.poll_cycle()
            while await self.worker.check_deferred():  # after the alerts are out
                pass
            return outcomes
        finally:
            self.state = State.STOPPED if self._stop.is_set() else State.OPEN

    async def take_lead_or_fail(self) -> None:
        """Become the leader now, or raise StoreError when another daemon is."""
        if self.elector.role is Role.LEADER or await self.elector.try_once():
            return
        raise StoreError(
            f"another edgar-monitor is the leader on {self.store.backend.description}; "
            "one-off runs wait until no daemon is active")

    async def run_until_stopped(self) -> None:
        """Run until `stop()`: as the leader, the loops and scheduled jobs; as a standby,
        wait to take over. Then finish in-flight work and return."""
        self._start_run("run_until_stopped")
        if self._stop.is_set():
            self.state = State.STOPPING  # asked before it started
        try:
            if self.config.health.enabled:
                await self.start_health_server()
            while not self._stop.is_set():
                if not await self.elector.campaign(self._stop):
                    break
                if await self._lead():
                    break
            if self.elector.role is Role.STANDBY:
                log.info("monitor_stopped", role="standby")
        finally:
            self.state = State.STOPPED

    async def _lead(self) -> bool:
        """One term as leader: True when it ended by `stop()` (work finished gracefully),
        False when the lock was lost (all work cancelled at once: fencing) or the database
        went first."""
        end = await serve_term(self.elector, self._run_active)
        if end is not TermEnd.DONE:
            self.sender.opened.clear()  # the next term reconciles the outbox again
        return end is TermEnd.DONE or (end is TermEnd.FAILED and self._stop.is_set())

    def _schedule(self, loops: Supervisor) -> AsyncIOScheduler:
        """The jobs that run at set times. APScheduler only says when: each fires into the
        supervisor, which runs it (one at a time per job) and lets it finish on stop."""
        scheduler = AsyncIOScheduler(timezone="UTC")
        jobs = self.jobs.by_name()
        for name, trigger, when in SCHEDULE:
            scheduler.add_job(loops.fire, trigger, args=(name, jobs[name]), id=name,
                              max_instances=1, coalesce=True, **when)
        return scheduler

    async def _run_active(self) -> None:
        """The leader's work until `stop()`; cancelled as a whole when the lead is lost.

        On a shared PostgreSQL database a StoreError is a lost connection, not a dead loop:
        the lock check ends the term within seconds, so a loop waits and goes on."""
        loops = Supervisor(self._loop_died, (StoreError,) if self.elector.shared else ())
        scheduler = self._schedule(loops)
        try:
            await loops.run("reconcile", lambda: self.jobs.catch_up(when="startup"))
            scheduler.start()
            loops.start(Loop("poll", self.discover_once,
                             Interval(self.config.discovery.poll_interval_seconds)))
            loops.start(self.worker.loop())
            loops.start(self.sender.loop(self._stop))
            await self._stop.wait()
            await self._shut_down(loops)
        finally:
            if scheduler.running:
                scheduler.shutdown(wait=False)
            await loops.cancel()  # all done by now, unless the lead was lost

    def _loop_died(self, name: str, error: str) -> None:
        """A dead loop never limps on: /healthz fails from now, the daemon stops and the
        process exits non-zero so a supervisor restarts it. Pending filings and alerts are
        in the database, so the restart loses nothing."""
        if self.fatal is None:
            self.fatal = LoopDiedError(
                f"the daemon's {name} loop died ({error}); exiting so a supervisor restarts "
                "it (pending work is kept in the database)")
        self.stop()

    async def _shut_down(self, loops: Supervisor) -> None:
        """Finish the work in flight within one grace period (polls, filings and jobs, then
        the post in flight: sending stops only between posts), then flush the outbox."""
        deadline = asyncio.get_running_loop().time() + self.config.shutdown_grace_seconds

        def remaining() -> float:
            return max(0.0, deadline - asyncio.get_running_loop().time())

        cancelled = await loops.stop(remaining(), keep=("outbox-sender",))
        post_cut_off = await loops.stop(remaining())
        if isinstance(self.fatal, LoopDiedError):
            # A loop died (often the store: a post may be in Slack but not marked sent).
            # Posting more now could repeat it; the restart reconciles with the channel.
            log.error("monitor_stopped_on_fault", error=str(self.fatal),
                      cycle_cancelled=cancelled)
            return
        if post_cut_off:
            # Slack may have the message whose answer we never read; look before reposting.
            await self.sender.reconcile(then_open=False)
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

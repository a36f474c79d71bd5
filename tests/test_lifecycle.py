"""The daemon's lifecycle: the Monitor's states, the supervisor that runs its named loops and
scheduled jobs, the one fan-out of filings, and the ticker map it refreshes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

import monitor.backfill
import monitor.worker
from monitor import loops as loops_module
from monitor.batch import process_batch
from monitor.config import Config
from monitor.daemon import Monitor, State
from monitor.edgar.client import EdgarClient
from monitor.errors import StoreError, ThrottledError
from monitor.loops import Loop, Supervisor
from monitor.models import FilingRef
from monitor.notify import RecordingNotifier
from monitor.pipeline import Outcome
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec
from monitor.store import PendingFiling
from monitor.testing.harness import wait_until
from monitor.tickers import Tickers

from .conftest import USER_AGENT, minutes_ago

# -- the Monitor's states ---------------------------------------------------------------------


async def test_a_monitor_runs_only_once_opened_and_never_after_it_stopped(
    make_config: Callable[..., Config],
) -> None:
    config = make_config("http://127.0.0.1:9", health__enabled=False)
    unopened = Monitor(config, notifier=RecordingNotifier())
    with pytest.raises(RuntimeError, match=r"run_until_stopped\(\) on a monitor that is new"):
        await unopened.run_until_stopped()

    async with Monitor(config, notifier=RecordingNotifier()) as monitor:
        states = [monitor.state]
        with pytest.raises(RuntimeError, match="opened once"):
            await monitor.__aenter__()
        monitor.stop()  # asked before it runs: the run returns at once, touching nothing
        await monitor.run_until_stopped()
        states.append(monitor.state)
        with pytest.raises(RuntimeError, match=r"run_until_stopped\(\) on a monitor that is "
                                               "stopped"):
            await monitor.run_until_stopped()
        with pytest.raises(RuntimeError, match=r"run_once\(\) on a monitor that is stopped"):
            await monitor.run_once()
    states.append(monitor.state)
    assert states == [State.OPEN, State.STOPPED, State.STOPPED]


async def test_health_fails_from_the_moment_stop_is_asked(
    make_config: Callable[..., Config],
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        config = make_config(replica.base_url, health__enabled=False)
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            runner = asyncio.create_task(monitor.run_until_stopped())
            await wait_until(lambda: monitor.last_poll_ok is not None, 30)
            running = (monitor.state, monitor.health().ok)
            monitor.stop()
            stopping = (monitor.state, monitor.health())
            await runner
            stopped = (monitor.state, monitor.health())
    assert running == (State.RUNNING, True)
    assert stopping[0] is State.STOPPING and not stopping[1].ok
    assert stopping[1].reason.startswith("stopping")
    assert stopped[0] is State.STOPPED and stopped[1].reason.startswith("stopped")


# -- the supervisor ---------------------------------------------------------------------------


class Deaths(list[tuple[str, str]]):
    def __call__(self, name: str, error: str) -> None:
        self.append((name, error))


async def test_a_scheduled_job_running_at_shutdown_finishes_instead_of_being_cancelled() -> None:
    loops = Supervisor(Deaths())
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[str] = []

    async def nightly() -> None:
        started.set()
        await release.wait()
        finished.append("nightly")

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(loops.fire, "date", args=("nightly", nightly), id="nightly")
    scheduler.start()
    await asyncio.wait_for(started.wait(), 30)
    scheduler.shutdown(wait=False)  # what cancels a job APScheduler itself runs
    stopping = asyncio.create_task(loops.stop(30))
    await asyncio.sleep(0)  # let the shutdown and the stop begin before the job may end
    release.set()

    assert await stopping is False  # nothing was cut off
    assert finished == ["nightly"]


async def test_a_job_still_running_at_the_deadline_is_cancelled_and_reported() -> None:
    loops = Supervisor(Deaths())
    started = asyncio.Event()

    async def endless() -> None:
        started.set()
        await asyncio.Event().wait()

    await loops.fire("endless", endless)
    await started.wait()
    assert await loops.stop(0) is True


async def test_a_stop_cuts_a_pause_short_and_lets_a_step_in_flight_finish() -> None:
    loops = Supervisor(Deaths())
    idle_steps: list[int] = []
    busy_started, release = asyncio.Event(), asyncio.Event()
    busy_steps: list[str] = []
    first_idle = asyncio.Event()

    async def idle_step() -> None:
        idle_steps.append(1)
        first_idle.set()

    async def busy_step() -> None:
        busy_steps.append("started")
        busy_started.set()
        await release.wait()
        busy_steps.append("finished")

    async def forever() -> None:
        await asyncio.Event().wait()

    loops.start(Loop("idle", idle_step, forever))
    loops.start(Loop("busy", busy_step, forever))
    await first_idle.wait()
    await busy_started.wait()
    stopping = asyncio.create_task(loops.stop(30))
    await asyncio.sleep(0)
    release.set()

    assert await stopping is False
    assert idle_steps == [1]
    assert busy_steps == ["started", "finished"]  # finished, and no step started after it


async def test_an_unhandled_error_ends_the_loop_and_is_reported_once() -> None:
    deaths = Deaths()
    loops = Supervisor(deaths)
    steps: list[int] = []

    async def failing() -> None:
        steps.append(1)
        raise ValueError("no such table:\n filings")

    async def no_pause() -> None:
        pass

    loops.start(Loop("poll", failing, no_pause))
    await wait_until(lambda: bool(deaths), 30)
    await loops.stop(30)
    assert deaths == [("poll", "ValueError: no such table: filings")]
    assert steps == [1]


async def test_an_error_to_ride_out_is_logged_and_the_loop_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loops_module, "RETRY_SECONDS", 0.0)
    deaths = Deaths()
    loops = Supervisor(deaths, (StoreError,))
    steps: list[int] = []

    async def flaky() -> None:
        steps.append(1)
        if len(steps) == 1:
            raise StoreError("server closed the connection unexpectedly")

    async def no_pause() -> None:
        await asyncio.sleep(0)

    loops.start(Loop("filing-worker", flaky, no_pause))
    await wait_until(lambda: len(steps) >= 3, 30)
    await loops.stop(30)
    assert deaths == []


# -- the fan-out ------------------------------------------------------------------------------


def test_the_daemon_and_backfill_share_one_fan_out() -> None:
    # A copy of the fan-out in either (as backfill had) would drift from the other.
    assert vars(monitor.worker)["process_batch"] is process_batch
    assert vars(monitor.backfill)["process_batch"] is process_batch


def pending(n: int) -> PendingFiling:
    return PendingFiling(FilingRef(f"0000000001-25-{n:06d}", 1, "8-K"), 0)


class GatedPipeline:
    """Processes a filing once its gate opens; records how many ran at once."""

    def __init__(self, fail: set[str] | None = None) -> None:
        self.gate = asyncio.Event()
        self.started: list[str] = []
        self.cancelled: list[str] = []
        self.in_flight = self.most_in_flight = 0
        self.fail = fail or set()

    async def process(self, filing: PendingFiling) -> Outcome:
        accession = filing.ref.accession
        self.started.append(accession)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if accession in self.fail:
                raise ThrottledError("Request Rate Threshold Exceeded")
            await self.gate.wait()
        except asyncio.CancelledError:
            self.cancelled.append(accession)
            raise
        finally:
            self.in_flight -= 1
        return Outcome(accession, "processed")


async def test_the_fan_out_runs_at_most_concurrency_filings_at_once() -> None:
    pipeline = GatedPipeline()
    batch = asyncio.create_task(process_batch(pipeline, [pending(n) for n in range(5)], 2))
    await wait_until(lambda: len(pipeline.started) == 2, 30)
    pipeline.gate.set()
    outcomes = await batch
    assert sorted(o.accession for o in outcomes) == [pending(n).ref.accession for n in range(5)]
    assert pipeline.most_in_flight == 2


async def test_the_fan_out_starts_no_filing_once_stop_is_set() -> None:
    pipeline = GatedPipeline()
    stop = asyncio.Event()
    batch = asyncio.create_task(
        process_batch(pipeline, [pending(n) for n in range(4)], 1, stop))
    await wait_until(lambda: len(pipeline.started) == 1, 30)
    stop.set()
    pipeline.gate.set()
    outcomes = await batch
    assert [o.accession for o in outcomes] == [pending(0).ref.accession]  # it finished
    assert len(pipeline.started) == 1


async def test_an_error_ends_the_batch_raised_as_itself_and_the_rest_cancelled() -> None:
    pipeline = GatedPipeline(fail={pending(1).ref.accession})
    with pytest.raises(ThrottledError, match="Request Rate Threshold Exceeded"):
        await process_batch(pipeline, [pending(n) for n in range(3)], 3)
    assert set(pipeline.cancelled) == {pending(0).ref.accession, pending(2).ref.accession}


# -- tickers ----------------------------------------------------------------------------------


async def test_tickers_come_from_sec_and_survive_a_failed_refresh(
    make_config: Callable[..., Config],
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(FilingSpec(accession="0001000001-25-000001", cik=1000001,
                                      company="LumenFiber Corp.", form="8-K",
                                      accepted=minutes_ago(2), ticker="LUMF",
                                      documents=(DocSpec("EX-99.1", "ex.txt", b"Release."),)))
        config = make_config(replica.base_url)
        tickers = Tickers()
        async with EdgarClient(config.edgar, USER_AGENT, backoff_initial=0) as client:
            first = await tickers.refresh(client)
            # An answer that is not the ticker file (e.g. an error page served with 200).
            replica.faults.tamper["/files/company_tickers.json"] = [(b"{", b"<html>")]
            second = await tickers.refresh(client)
    assert (first, second) == (True, False)
    assert (tickers.get(1000001), tickers.get(2000002)) == ("LUMF", "")

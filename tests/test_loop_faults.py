"""The daemon as a real process under database faults: a dead loop fails /healthz within three
poll intervals and exits non-zero, and the restart loses nothing; a lock held by another
process delays work without losing any; a second daemon on the same database refuses to
start; a corrupt database is one error line. (The long runs are bench/bench_faults.py.)"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest

from monitor.errors import StoreError
from monitor.sandbox import EdgarReplica, FilingSpec
from monitor.store import Store
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.harness import DaemonProcess, wait_until

from .conftest import REPO, USER_AGENT, distressed_8k

POLL = 1.0  # seconds: three intervals bound how long a dead loop may go unnoticed
CONFIG = f"discovery: {{poll_interval_seconds: {POLL}}}\nshutdown_grace_seconds: 20\n"


def distressed(n: int) -> FilingSpec:
    return distressed_8k(n, series=3)


@pytest.fixture
async def daemon(
    replica: EdgarReplica, slack: FakeSlack, tmp_path: Path
) -> AsyncIterator[DaemonProcess]:
    async with DaemonProcess(tmp_path, replica, slack, REPO / "rules", CONFIG,
                             health=True) as process:
        yield process


def alerted_once(slack: FakeSlack, specs: list[FilingSpec]) -> bool:
    return all(len(slack.alerts_for(s.accession)) == 1 for s in specs)


def posted_twice(slack: FakeSlack, specs: list[FilingSpec]) -> list[str]:
    return [s.accession for s in specs if len(slack.alerts_for(s.accession)) > 1]


async def wait_or_explain(daemon: DaemonProcess, slack: FakeSlack, specs: list[FilingSpec],
                          condition: Callable[[], bool], timeout: float = 60) -> None:
    """wait_until, failing with the daemon's state and log tail instead of a bare timeout."""
    try:
        await wait_until(condition, timeout)
    except TimeoutError:
        pytest.fail(f"statuses {daemon.statuses()}; posted: "
                    f"{[len(slack.alerts_for(s.accession)) for s in specs]}; log tail:\n"
                    f"{daemon.log_text()[-4000:]}")


async def healthz(url: str) -> int:
    """/healthz status; 0 when the daemon no longer answers."""
    try:
        async with aiohttp.ClientSession() as http, http.get(
                f"{url}/healthz", timeout=aiohttp.ClientTimeout(total=2)) as resp:
            return resp.status
    except (aiohttp.ClientError, TimeoutError):
        return 0


@pytest.mark.timeout(150)
async def test_a_dead_loop_fails_health_within_three_polls_exits_nonzero_and_loses_nothing(
    replica: EdgarReplica, slack: FakeSlack, daemon: DaemonProcess
) -> None:
    specs = [distressed(n) for n in range(12)]
    for spec in specs[:6]:
        replica.add_filing(spec)
    proc = await daemon.start()
    await wait_or_explain(daemon, slack, specs, lambda: alerted_once(slack, specs[:6])
                          and daemon.health_url() is not None)
    url = daemon.health_url()
    assert url is not None and await healthz(url) == 200

    # Another hand breaks the schema under the daemon: every loop touching filings now fails
    # with an error no retry can fix.
    with sqlite3.connect(daemon.db) as conn:
        conn.execute("ALTER TABLE filings RENAME TO filings_moved")
    loop = asyncio.get_running_loop()
    broken_at = loop.time()
    for spec in specs[6:]:
        replica.add_filing(spec)  # new filings while it is down must not be lost
    while await healthz(url) == 200:
        assert loop.time() - broken_at < 10 * POLL, "/healthz still 200"
        await asyncio.sleep(0.05)
    noticed_in = loop.time() - broken_at
    code = await asyncio.wait_for(proc.wait(), 60)

    assert noticed_in <= 3 * POLL
    assert code == 1
    [line] = daemon.plain_lines(1)  # one error line, no traceback
    assert line.startswith("error: the daemon's ") and "loop died" in line
    assert "no such table: filings" in line

    with sqlite3.connect(daemon.db) as conn:  # repaired; a supervisor restarts the daemon
        conn.execute("ALTER TABLE filings_moved RENAME TO filings")
    proc = await daemon.start()
    await wait_or_explain(daemon, slack, specs, lambda: alerted_once(slack, specs)
                          and daemon.statuses() == {"processed": 12})
    proc.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(proc.wait(), 60) == 0
    assert posted_twice(slack, specs) == []


@pytest.mark.timeout(150)
async def test_a_full_disk_stops_the_daemon_with_exit_1_and_the_restart_loses_nothing(
    replica: EdgarReplica, slack: FakeSlack, daemon: DaemonProcess
) -> None:
    specs = [distressed(n) for n in range(30)]
    for spec in specs:
        replica.add_filing(spec)
    # Writes past 400 kB fail as on a full disk (the WAL reaches that in a few filings).
    proc = await daemon.start(file_size_limit=400_000)
    code = await daemon.wait(proc, 90)

    assert code == 1
    [line] = daemon.plain_lines(1)
    assert line.startswith("error: the daemon's ") and "loop died" in line
    assert "disk I/O error" in line or "disk is full" in line
    assert daemon.statuses().get("pending", 0) > 0  # it stopped rather than limping on

    proc = await daemon.start()  # space freed; a supervisor restarts it
    try:
        await wait_until(lambda: alerted_once(slack, specs) and
                         daemon.statuses() == {"processed": 30}, timeout=60)
    except TimeoutError:
        pytest.fail(f"statuses {daemon.statuses()}; posted more than once: "
                    f"{posted_twice(slack, specs)}")
    proc.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(proc.wait(), 60) == 0
    assert posted_twice(slack, specs) == []


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


@pytest.mark.timeout(150)
async def test_a_lock_held_by_another_process_delays_work_but_loses_none(
    replica: EdgarReplica, slack: FakeSlack, daemon: DaemonProcess
) -> None:
    specs = [distressed(n) for n in range(12)]
    for spec in specs[:4]:
        replica.add_filing(spec)
    proc = await daemon.start()
    await wait_until(lambda: alerted_once(slack, specs[:4]))

    # Longer than SQLite's own 5 s busy wait, so the daemon sees "database is locked".
    locker = await asyncio.create_subprocess_exec(
        sys.executable, "-c", LOCKER, str(daemon.db), "8", stdout=asyncio.subprocess.PIPE)
    assert locker.stdout is not None
    assert await locker.stdout.readline() == b"locked\n"
    for spec in specs[4:]:
        replica.add_filing(spec)
    assert await asyncio.wait_for(locker.wait(), 30) == 0

    await wait_or_explain(daemon, slack, specs, lambda: alerted_once(slack, specs)
                          and daemon.statuses() == {"processed": 12})
    assert proc.returncode is None  # it waited the lock out rather than dying
    assert '"database_locked_retrying"' in daemon.log_text()
    proc.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(proc.wait(), 60) == 0
    assert posted_twice(slack, specs) == []


@pytest.mark.timeout(120)
async def test_a_second_daemon_on_the_same_database_refuses_with_one_error_line(
    replica: EdgarReplica, slack: FakeSlack, daemon: DaemonProcess
) -> None:
    specs = [distressed(n) for n in range(3)]
    for spec in specs:
        replica.add_filing(spec)
    first = await daemon.start()
    await wait_until(lambda: daemon.health_url() is not None)

    second = await daemon.start()
    assert await asyncio.wait_for(second.wait(), 30) == 2
    [line] = daemon.plain_lines(2)
    assert line == (f"error: {daemon.db}: another edgar-monitor (pid {first.pid}) is already "
                    "running on this database; stop it first or give this one another --db")

    first.kill()  # a crash releases the lock with the process
    await first.wait()
    third = await daemon.start("--once")
    assert await asyncio.wait_for(third.wait(), 60) == 0, daemon.log_text()
    assert alerted_once(slack, specs)


CORRUPT = {
    "not sqlite at all": b"this is not a database\n" * 200,
    "sqlite header, garbage after": b"SQLite format 3\x00" + b"\xff" * 4096,
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
async def test_a_corrupt_database_is_one_error_line_naming_the_file(
    tmp_path: Path, content: bytes
) -> None:
    db = tmp_path / "monitor.db"
    db.write_bytes(content)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDGAR_", "SLACK_"))}
    env["EDGAR_USER_AGENT"] = USER_AGENT
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "monitor", "run", "--once", "--db", str(db),
        "--edgar-url", "http://127.0.0.1:9", "--config", str(REPO / "config.yaml"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env, cwd=REPO)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    [line] = err.decode().splitlines()
    assert line.startswith(f"error: {db}: cannot open the database (")
    assert out == b""


async def test_the_store_retries_a_lock_within_its_bound_then_gives_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Short windows instead of the shipped 5 s busy wait and 60 s bound.
    monkeypatch.setattr(Store, "busy_timeout_ms", 20)
    monkeypatch.setattr(Store, "lock_retry_seconds", 0.5)
    store = await Store.open(tmp_path / "monitor.db")
    other = sqlite3.connect(tmp_path / "monitor.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="stayed locked by another process"):
            await store.set_cursor("feed", "1")
        other.execute("COMMIT")
        await store.set_cursor("feed", "2")  # the same store works once the lock is gone
        assert await store.get_cursor("feed") == "2"
    finally:
        other.close()
        await store.close()

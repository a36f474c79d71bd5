"""Two daemons (real processes) on one throwaway PostgreSQL database, with faults for the
leader: used by tests/test_failover.py and bench/bench_failover.py."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.harness import DaemonProcess, wait_until
from monitor.testing.postgres import ThrowawayPostgres

DEFAULT_CONFIG = "discovery: {poll_interval_seconds: 1}\nshutdown_grace_seconds: 20\n"


def stream_of_filings(n: int, release: bytes, prefix: int = 8) -> list[FilingSpec]:
    """`n` 8-Ks with `release` as their EX-99.1 (a distressed one raises one alert each)."""
    now = datetime.now(UTC)
    return [
        FilingSpec(accession=f"000{prefix}{i:06d}-25-{i:06d}", cik=prefix * 1_000_000 + i,
                   company=f"Failover {i} Corp.", form="8-K", accepted=now,
                   items=("2.02", "9.01"),
                   documents=(DocSpec("EX-99.1", f"ex{i}.txt", release, "PRESS RELEASE"),))
        for i in range(n)
    ]


@dataclass(frozen=True, slots=True)
class Takeover:
    """One fault of the leader and how long until the other daemon worked in its place."""

    fault: str  # "kill" (SIGKILL) or "cut-off" (its database sessions terminated)
    seconds: float  # fault to the new leader's first EDGAR request


class FailoverRun:
    """Daemons A and B on one database; `fail_leader()` kills or cuts off whichever leads."""

    def __init__(self, workdir: Path, replica: EdgarReplica, slack: FakeSlack,
                 postgres: ThrowawayPostgres, rules: Path,
                 extra_config: str = DEFAULT_CONFIG) -> None:
        self.replica = replica
        self.slack = slack
        self.postgres = postgres
        self.url = postgres.create_database()
        self.daemons = []
        for name in ("A", "B"):
            folder = workdir / f"daemon-{name.lower()}"
            folder.mkdir(parents=True, exist_ok=True)
            self.daemons.append(DaemonProcess(folder, replica, slack, rules, extra_config,
                                              db=self.url, name=name))
        self.procs: list[asyncio.subprocess.Process] = []

    async def __aenter__(self) -> FailoverRun:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for daemon in self.daemons:
            await daemon.__aexit__()

    async def start_both(self) -> None:
        self.procs = [await d.start() for d in self.daemons]

    async def feed(self, specs: Sequence[FilingSpec], every: float) -> None:
        """Publish the filings one by one, `every` seconds apart, each accepted as it is
        published (EDGAR's feed lists the latest acceptance first)."""
        for spec in specs:
            self.replica.add_filing(replace(spec, accepted=datetime.now(UTC)))
            await asyncio.sleep(every)

    def alerts(self) -> int:
        return sum(1 for m in self.slack.messages if m.metadata)

    async def wait_for_alerts(self, count: int, timeout: float = 90.0) -> None:
        await wait_until(lambda: self.alerts() >= count, timeout)

    async def leader_index(self, timeout: float = 30.0) -> int:
        """Which daemon holds the leader lock now, by the database's own word."""
        names = [DaemonProcess.instance(p) for p in self.procs]
        async with asyncio.timeout(timeout):
            while True:
                leader = await asyncio.to_thread(self.postgres.leader, self.url)
                if leader in names:
                    return names.index(leader)
                await asyncio.sleep(0.1)

    async def fail_leader(self, fault: str) -> Takeover:
        """Kill the leader (then start it again, as a standby) or cut it off from the
        database; returns the time until the other daemon's first EDGAR request."""
        index = await self.leader_index()
        old = self.procs[index]
        agent = self.daemons[1 - index].user_agent
        at = time.monotonic()
        if fault == "kill":
            old.kill()
            await old.wait()
        else:
            ended = await asyncio.to_thread(self.postgres.terminate, DaemonProcess.instance(old))
            assert ended >= 1, "the leader had no session to cut"

        def taken_over() -> list[float]:
            return [r.time for r in self.replica.requests
                    if r.time >= at and r.headers.get("User-Agent") == agent]

        await wait_until(lambda: bool(taken_over()), 60)
        if fault == "kill":
            self.procs[index] = await self.daemons[index].start()
        return Takeover(fault, min(taken_over()) - at)

    async def stop_both(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> list[int]:
        for proc in self.procs:
            proc.send_signal(sig)
        return [await asyncio.wait_for(p.wait(), timeout) for p in self.procs]

    def log_text(self) -> str:
        return "\n".join(d.log_text() for d in self.daemons)

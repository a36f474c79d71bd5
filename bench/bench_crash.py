"""Crash soak: replay filings through the replica, SIGKILL the daemon at random points,
restart it each time, and check every expected alert reached Slack exactly once.

    python bench/bench_crash.py [--filings 200] [--kills 6] [--seed 7] [--distress 0.2]
                                [--db postgresql]

`--distress F` makes that share of the filings distress forms (NT 10-K, 25-NSE under two
CIKs, 25-NSE for matured notes which must raise nothing, Form 15-12G).
`--db postgresql` runs the daemon on a throwaway PostgreSQL server instead of a SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec
from monitor.testing.distress import alerts_expected, distress_filing
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.harness import DaemonProcess, wait_until
from monitor.testing.postgres import ThrowawayPostgres

REPO = Path(__file__).resolve().parents[1]
RELEASE = (REPO / "tests/documents/e2e/lumenfiber-2003q1-ex99.txt").read_bytes()


def filings(n: int, distress: float = 0.0) -> tuple[list[FilingSpec], set[str]]:
    """The filings, and the accessions expected to raise no alert (matured notes)."""
    start = datetime.now(UTC) - timedelta(minutes=30)
    every = round(1 / distress) if distress else 0
    specs, quiet = [], set()
    for i in range(n):
        acc, cik, accepted = f"0005{i:06d}-25-{i:06d}", 5_000_000 + i, start + timedelta(
            seconds=i)
        if every and i % every == every - 1:
            specs.append(distress_filing(i // every, acc, cik, accepted))
            if not alerts_expected(i // every):
                quiet.add(acc)
            continue
        specs.append(FilingSpec(
            accession=acc, cik=cik, company=f"Crash {i} Corp.", form="8-K", accepted=accepted,
            items=("2.02", "9.01"),
            documents=(DocSpec("EX-99.1", f"ex{i}.txt", RELEASE, "PRESS RELEASE"),)))
    return specs, quiet


async def main(n: int, kills: int, seed: int, distress: float, backend: str) -> int:
    rng = random.Random(seed)
    specs, quiet = filings(n, distress)
    started = time.perf_counter()
    async with EdgarReplica() as replica, FakeSlack() as slack:
        for spec in specs:
            replica.add_filing(spec)
        with tempfile.TemporaryDirectory() as tmp, (
                ThrowawayPostgres() if backend == "postgresql" else nullcontext()) as pg:
            config = "discovery: {poll_interval_seconds: 1}\n"
            db = pg.create_database() if pg is not None else None
            async with DaemonProcess(Path(tmp), replica, slack, REPO / "rules",
                                     config, db=db) as daemon:
                expected_requests = int(n * 2.2)
                points = sorted(rng.sample(range(3, expected_requests), kills))
                for point in points:
                    proc = await daemon.start()
                    # Kill when the replica has served `point` requests: mid-fetch,
                    # mid-parse, mid-commit or mid-post, wherever the daemon happens to be.
                    await wait_until(lambda p=point: len(replica.requests) >= p,  # type: ignore[misc]
                                     600)
                    proc.kill()
                    await proc.wait()
                    print(f"SIGKILL at request {point:5d}: {len(slack.messages):4d} alerts")
                proc = await daemon.start("--once")
                code = await proc.wait()
                statuses = daemon.statuses()
    per_accession = Counter(
        m.metadata["event_payload"]["accession"] for m in slack.messages if m.metadata)
    missing = [s.accession for s in specs
               if per_accession[s.accession] == 0 and s.accession not in quiet]
    duplicated = [acc for acc, count in per_accession.items() if count > 1]
    unexpected = [acc for acc in quiet if per_accession[acc]]
    print(f"database {backend}, filings {n}, kills {kills}, final run exit code {code}")
    print(f"filing statuses   {statuses}")
    print(f"distress forms    {sum(1 for s in specs if s.form != '8-K')}")
    print(f"alerts expected   {n - len(quiet)}")
    print(f"alerts received   {len(slack.messages)}")
    print(f"missing           {len(missing)}")
    print(f"duplicated        {len(duplicated)}")
    print(f"unexpected        {len(unexpected)} (matured notes must raise nothing)")
    print(f"throttled         {replica.throttled}")
    print(f"wall time         {time.perf_counter() - started:.1f} s")
    return 0 if not missing and not duplicated and not unexpected and code == 0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--filings", type=int, default=200)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--distress", type=float, default=0.0,
                        help="share of distress forms mixed in (0 to 1)")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.filings, args.kills, args.seed, args.distress, args.db)))

"""Failover: two daemons (real processes) on one PostgreSQL database while filings stream
in; the leader is SIGKILLed `--kills` times and cut off from the database (its sessions
terminated) `--cut-offs` times. Prints lost and duplicated alerts, takeover times (fault to
the new leader's first EDGAR request) and the busiest second of EDGAR requests across both.

    python bench/bench_failover.py [--filings 150] [--every 0.3] [--kills 6] [--cut-offs 2]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from monitor.sandbox import EdgarReplica, busiest_second
from monitor.testing.failover import FailoverRun, Takeover, stream_of_filings
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.postgres import ThrowawayPostgres

REPO = Path(__file__).resolve().parents[1]
RELEASE = (REPO / "tests/documents/e2e/lumenfiber-2003q1-ex99.txt").read_bytes()


async def main(n: int, every: float, kills: int, cut_offs: int, workdir: str | None) -> int:
    specs = stream_of_filings(n, RELEASE, prefix=9)
    faults = ["kill"] * kills
    # Spread the cut-offs among the kills.
    for i in range(cut_offs):
        faults.insert((i + 1) * len(faults) // (cut_offs + 1), "cut-off")
    takeovers: list[Takeover] = []
    started = time.monotonic()
    with ThrowawayPostgres() as postgres, tempfile.TemporaryDirectory(dir=workdir) as tmp:
        async with EdgarReplica() as replica, FakeSlack() as slack, \
                FailoverRun(Path(tmp), replica, slack, postgres, REPO / "rules") as run:
            await run.start_both()
            print(f"daemon logs in {tmp}", flush=True)
            feeder = asyncio.create_task(run.feed(specs, every))
            for i, fault in enumerate(faults):
                # Faults spread over the stream, each once some more alerts are out.
                await run.wait_for_alerts((i + 1) * n // (len(faults) + 2), timeout=600)
                took = await run.fail_leader(fault)
                takeovers.append(took)
                print(f"{fault:8s} after {run.alerts():4d} alerts: "
                      f"takeover {took.seconds:5.2f} s", flush=True)
            await feeder
            await run.wait_for_alerts(n, timeout=600)
            codes = await run.stop_both(signal.SIGTERM)
            statuses = run.daemons[0].statuses()
            elapsed = time.monotonic() - started
            logs = run.log_text()
    per_accession = Counter(
        m.metadata["event_payload"]["accession"] for m in slack.messages if m.metadata)
    missing = [s.accession for s in specs if per_accession[s.accession] == 0]
    duplicated = [acc for acc, count in per_accession.items() if count > 1]
    seconds = sorted(t.seconds for t in takeovers)
    print(f"filings {n} (one every {every:g} s), kills {kills}, cut-offs {cut_offs}")
    print(f"filing statuses   {statuses}")
    print(f"alerts expected   {n}")
    print(f"alerts received   {len(slack.messages)}")
    print(f"missing           {len(missing)}")
    print(f"duplicated        {len(duplicated)}")
    print(f"takeover p50      {statistics.median(seconds):.2f} s")
    print(f"takeover max      {max(seconds):.2f} s")
    for kind in ("kill", "cut-off"):
        of_kind = [t.seconds for t in takeovers if t.fault == kind]
        if of_kind:
            print(f"  {kind:8s}        p50 {statistics.median(of_kind):.2f} s, "
                  f"max {max(of_kind):.2f} s ({len(of_kind)})")
    print(f"busiest second    {busiest_second([r.time for r in replica.requests])} "
          "EDGAR requests (both daemons)")
    print(f"throttled         {replica.throttled}")
    print(f"posts held for in-flight check  {logs.count('awaiting_posts_in_flight')}")
    print(f"exit codes        {codes}")
    print(f"wall time         {elapsed:.1f} s")
    ok = not missing and not duplicated and codes == [0, 0] and max(seconds) < 15
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--filings", type=int, default=150)
    parser.add_argument("--every", type=float, default=0.3)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--cut-offs", type=int, default=2)
    parser.add_argument("--workdir", help="folder for the daemons' logs (default: temporary)")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.filings, args.every, args.kills, args.cut_offs,
                              args.workdir)))

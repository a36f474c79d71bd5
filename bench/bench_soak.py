"""Soak: thousands of filings through the real daemon (subprocess) as fast as fair access
allows; prints peak RSS and RSS over the run, to show whether memory grows.

    python bench/bench_soak.py [--filings 5000] [--rate 10] [--db postgresql]
                               [--xbrl warm|cold|off] [--no-facts]

`--db postgresql` runs the daemon on a throwaway PostgreSQL server instead of a SQLite file
(the daemon's RSS is measured either way; the server's own memory is not counted).
`--xbrl` (issue 17): every company has Alphabet's real companyfacts (3 MB) on the replica;
`cold` (the worst case for memory: every company new, each read in full) leaves the store's
cache empty, `warm` caches it beforehand (read earlier that day), `off` switches XBRL off.
`--no-facts` serves no companyfacts (every company answers 404). Once the filings are
processed, the soak waits for the XBRL checks deferred to idle time.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
import time
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec
from monitor.testing.companyfacts import (
    FACTS,
    is_companyfacts,
    seed_facts_cache,
    serve_company_facts,
)
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.harness import DaemonProcess
from monitor.testing.postgres import ThrowawayPostgres

REPO = Path(__file__).resolve().parents[1]
RELEASE = (REPO / "tests/documents/e2e/lumenfiber-2003q1-ex99.txt").read_bytes()

HTML_RELEASE = (REPO / "tests/documents/e2e/brightway-2024q3-ex99.htm").read_bytes()
BODY = b"<html><body><p>Item 5.02 Departure of Directors or Certain Officers.</p></body></html>"


def filings(n: int) -> list[FilingSpec]:
    start = datetime.now(UTC) - timedelta(minutes=50)
    out = []
    for i in range(n):
        if i % 3 == 0:
            docs = (DocSpec("EX-99.1", f"ex{i}.txt", RELEASE, "PRESS RELEASE"),)
        elif i % 3 == 1:
            docs = (DocSpec("EX-99.1", f"ex{i}.htm", HTML_RELEASE, "PRESS RELEASE"),)
        else:
            docs = (DocSpec("8-K", f"d{i}.htm", BODY, "8-K"),)
        out.append(FilingSpec(
            accession=f"0006{i:06d}-25-{i:06d}", cik=6_000_000 + i, company=f"Soak {i} Inc.",
            form="8-K", accepted=start + timedelta(milliseconds=500 * i),
            items=("2.02", "9.01") if i % 3 != 2 else ("5.02",), documents=docs))
    return out


def rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KB, from /proc."""
    values = {}
    try:  # the process may have exited since it was listed
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def descendants(pid: int) -> list[int]:
    """Every descendant process: the fork server and the workers it forked."""
    try:
        direct = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [c for child in direct for c in (child, *descendants(child))]


async def main(n: int, rate: float, backend: str, xbrl: str, facts: bool) -> int:
    specs = filings(n)
    body = FACTS.read_bytes()
    ciks = [spec.cik for spec in specs]
    async with EdgarReplica() as replica, FakeSlack() as slack:
        for spec in specs:
            replica.add_filing(spec)
        if facts:
            serve_company_facts(replica, ciks, body)
        with tempfile.TemporaryDirectory() as tmp, (
                ThrowawayPostgres() if backend == "postgresql" else nullcontext()) as pg:
            config = (f"edgar: {{rate_per_second: {rate}}}\n"
                      "discovery: {poll_interval_seconds: 2}\n"
                      f"xbrl: {{enabled: {str(xbrl != 'off').lower()}}}\n")
            db = pg.create_database() if pg is not None else None
            async with DaemonProcess(Path(tmp), replica, slack, REPO / "rules",
                                     config, db=db) as daemon:
                if xbrl == "warm" and facts:
                    await seed_facts_cache(daemon.db, ciks, body)
                started = time.perf_counter()
                proc = await daemon.start()
                samples: list[tuple[float, int, int]] = []  # (progress, rss, hwm)
                peak = 0
                descendant_peak: dict[int, int] = {}

                def sample_descendants() -> None:
                    for child in descendants(proc.pid):
                        descendant_peak[child] = max(descendant_peak.get(child, 0),
                                                     rss_kb(child)[1])

                while True:
                    processed = daemon.statuses().get("processed", 0)
                    rss, hwm = rss_kb(proc.pid)
                    peak = max(peak, hwm)
                    sample_descendants()
                    samples.append((processed / n, rss, hwm))
                    if processed >= n:
                        break
                    await asyncio.sleep(1.0)
                elapsed = time.perf_counter() - started
                # The XBRL checks deferred to idle time run once the backlog is done.
                idle_started = time.perf_counter()
                while daemon.deferred_checks() and time.perf_counter() - idle_started < 900:
                    peak = max(peak, rss_kb(proc.pid)[1])
                    sample_descendants()
                    await asyncio.sleep(1.0)
                idle = time.perf_counter() - idle_started
                proc.send_signal(signal.SIGTERM)
                code = await proc.wait()
    print(f"database {backend}, XBRL {xbrl}{'' if facts else ' (no companyfacts served)'}: "
          f"filings {n} processed in {elapsed:.0f} s at {rate:g} requests/s; "
          f"exit code {code}")
    print(f"then idle-time XBRL checks for {idle:.0f} s")
    print(f"EDGAR requests {len(replica.requests)} "
          f"({sum(1 for r in replica.requests if is_companyfacts(r.path_qs))} companyfacts), "
          f"throttled {replica.throttled}, alerts {len(slack.messages)}")
    largest = max(descendant_peak.values(), default=0) / 1024
    print(f"peak RSS (VmHWM) {peak / 1024:.1f} MB; largest descendant process (fork "
          f"server, extraction and companyfacts workers) {largest:.1f} MB")
    for mark in (0.1, 0.25, 0.5, 0.75, 1.0):
        at = next((s for s in samples if s[0] >= mark), samples[-1])
        print(f"  RSS at {mark:>4.0%} of filings: {at[1] / 1024:6.1f} MB")
    return 0 if code == 0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--filings", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--xbrl", choices=("warm", "cold", "off"), default="cold",
                        help="companyfacts cached beforehand (warm), not (cold), or XBRL off")
    parser.add_argument("--no-facts", action="store_true",
                        help="serve no companyfacts (every company answers 404)")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.filings, args.rate, args.db, args.xbrl,
                              not args.no_facts)))

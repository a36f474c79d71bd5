"""Replay a burst of new 8-Ks through the local EDGAR replica and measure EDGAR access.

Prints requests per filing, the most requests seen in any 1-second window (SEC allows 10),
throttle responses, and total time against the ideal `requests / rate`.

    python bench/bench_burst.py [--filings 500] [--rate 10] [--distress 0.2] [--db postgresql]
                                [--xbrl warm|cold|off]

`--distress F` replaces that share of the 8-Ks with distress forms (NT 10-K, 25-NSE under two
CIKs, 25-NSE for matured notes, Form 15-12G), all discovered through the default forms.
`--db postgresql` keeps state on a throwaway PostgreSQL server instead of a SQLite file.
`--xbrl` (issue 17): every company has Alphabet's real companyfacts (3 MB) on the replica;
`warm` (default; XBRL is on as shipped) caches it in the store beforehand, as for a company
read earlier that day, `cold` leaves the cache empty, `off` switches XBRL off in config.
After the burst, the XBRL checks deferred to idle time (filings no rule alerted on) run as
the daemon runs them when idle, and their requests are counted apart.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.config import load_config
from monitor.daemon import Monitor
from monitor.logs import configure_logging
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec, busiest_second
from monitor.testing.companyfacts import (
    FACTS,
    is_companyfacts,
    seed_facts_cache,
    serve_company_facts,
)
from monitor.testing.distress import distress_filing
from monitor.testing.postgres import ThrowawayPostgres

REPO = Path(__file__).resolve().parents[1]
RELEASE = b"""<html><body><p>Example Corp reported net sales of $12.4 million for the quarter,
compared with $11.9 million a year earlier.</p></body></html>"""
BODY = b"<html><body><p>Item 5.02 Departure of Directors or Certain Officers.</p></body></html>"


def burst(n: int, start: datetime, distress: float = 0.0) -> list[FilingSpec]:
    """A realistic mix: earnings 8-Ks with a press release, officer changes without
    exhibits, and a few listing notices whose substance is in the 8-K body; with
    `distress`, that share of distress forms spread evenly through the burst."""
    specs = []
    every = round(1 / distress) if distress else 0
    for i in range(n):
        if every and i % every == every - 1:
            specs.append(distress_filing(i // every, f"0001{i:06d}-25-{i:06d}", 100000 + i,
                                         start + timedelta(seconds=i)))
            continue
        kind = i % 10
        items: tuple[str, ...]
        docs: tuple[DocSpec, ...]
        if kind < 6:
            items = ("2.02", "9.01")
            docs = (DocSpec("8-K", f"f{i}-8k.htm", BODY),
                    DocSpec("EX-99.1", f"f{i}-ex991.htm", RELEASE))
        elif kind < 9:
            items, docs = ("5.02",), (DocSpec("8-K", f"f{i}-8k.htm", BODY),)
        else:
            items = ("3.01", "9.01")
            docs = (DocSpec("8-K", f"f{i}-8k.htm", BODY),
                    DocSpec("EX-99.1", f"f{i}-ex991.htm", RELEASE))
        specs.append(FilingSpec(
            accession=f"0001{i:06d}-25-{i:06d}", cik=100000 + i, company=f"Burst Co {i}",
            form="8-K", accepted=start + timedelta(seconds=i), items=items, documents=docs))
    return specs



async def main(filings: int, rate: float, distress: float, backend: str, xbrl: str) -> None:
    now = datetime.now(UTC)
    facts = FACTS.read_bytes()
    async with EdgarReplica() as replica:  # enforces SEC's 10 req/s with a 10-minute block
        specs = burst(filings, now - timedelta(minutes=30), distress)
        for spec in specs:
            replica.add_filing(spec)
        ciks = sorted({spec.cik for spec in specs})
        serve_company_facts(replica, ciks, facts)
        with tempfile.TemporaryDirectory() as tmp, (
                ThrowawayPostgres() if backend == "postgresql" else nullcontext()) as pg:
            database = pg.create_database() if pg else str(Path(tmp) / "bench.db")
            if xbrl == "warm":
                await seed_facts_cache(database, ciks, facts, now)
            config = load_config(None, {}, {
                "edgar.base_url": replica.base_url,
                "edgar.user_agent": "Edgar Monitor Bench admin@example.com",
                "edgar.rate_per_second": rate,
                "database": database,
                "rules": [str(REPO / "rules")],
                "xbrl.enabled": xbrl != "off",
            })
            started = time.perf_counter()
            async with Monitor(config, notifier=RecordingNotifier()) as monitor:
                await monitor.take_lead_or_fail()
                await monitor.open_outbox()
                await monitor.poll_cycle()
                processed = await monitor.store.query(
                    "SELECT count(*) AS n FROM filings WHERE status = 'processed'")
                elapsed = time.perf_counter() - started
                during = list(replica.requests)
                # Then the XBRL checks deferred to idle time, run as the idle daemon runs
                # them (FilingWorker.check_deferred, as after `run --once`'s cycle).
                idle_started = time.perf_counter()
                while await monitor.worker.check_deferred():
                    pass
                idle = time.perf_counter() - idle_started
    requests = len(during)
    later = replica.requests[len(during):]
    feed = sum(1 for r in during if r.path_qs.startswith("/cgi-bin/browse-edgar"))
    ideal = requests / rate
    print(f"database               {backend}")
    print(f"XBRL                   {xbrl}")
    print(f"filings processed      {processed[0]['n']} of {filings}")
    print("during the burst:")
    print(f"  EDGAR requests       {requests}")
    print(f"  requests per filing  {requests / filings:.2f}")
    print(f"  feed requests        {feed} (one poll, {len(config.discovery.forms)} forms)")
    print(f"  companyfacts requests {sum(1 for r in during if is_companyfacts(r.path_qs))}")
    print(f"  total time           {elapsed:.1f} s")
    print(f"  ideal (requests/rate) {ideal:.1f} s at {rate:g}/s")
    print(f"  overhead vs ideal    {elapsed / ideal:.3f}x")
    print("then, idle-time XBRL checks:")
    print(f"  EDGAR requests       {len(later)} in {idle:.1f} s "
          f"({sum(1 for r in later if is_companyfacts(r.path_qs))} companyfacts)")
    print("in all:")
    print(f"  requests per filing  {len(replica.requests) / filings:.2f}")
    print(f"  max requests in 1 s  {busiest_second([r.time for r in replica.requests])}")
    print(f"  throttle responses   {replica.throttled}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--filings", type=int, default=500)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--distress", type=float, default=0.0,
                        help="share of distress forms mixed in (0 to 1)")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--xbrl", choices=("warm", "cold", "off"), default="warm",
                        help="companyfacts cached beforehand (warm), not (cold), or XBRL off")
    args = parser.parse_args()
    configure_logging("console", "WARNING")
    asyncio.run(main(args.filings, args.rate, args.distress, args.db, args.xbrl))

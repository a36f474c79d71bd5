"""Replay a burst of new 8-Ks through the local EDGAR replica and measure EDGAR access.

Prints requests per filing, the most requests seen in any 1-second window (SEC allows 10),
throttle responses, and total time against the ideal `requests / rate`.

    python bench/bench_burst.py [--filings 500] [--rate 10] [--xbrl warm|cold|off]

XBRL (issue 17): every company has Alphabet's real companyfacts (3 MB) on the replica;
`warm` caches it in the store beforehand (read earlier that day), `cold` leaves the cache
empty so each earnings 8-K reads it, `off` switches XBRL off in config.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.config import load_config
from monitor.daemon import Monitor
from monitor.logs import configure_logging
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec, busiest_second
from monitor.store import Store
from monitor.xbrl.reduce import facts_to_json, parse_companyfacts

REPO = Path(__file__).resolve().parents[1]
FACTS = REPO.parent / "shared/edgar-samples/xbrl-api/companyfacts-CIK0001652044.json"
RELEASE = b"""<html><body><p>Example Corp reported net sales of $12.4 million for the quarter,
compared with $11.9 million a year earlier.</p></body></html>"""
BODY = b"<html><body><p>Item 5.02 Departure of Directors or Certain Officers.</p></body></html>"


def burst(n: int, start: datetime) -> list[FilingSpec]:
    """A realistic mix: earnings 8-Ks with a press release, officer changes without
    exhibits, and a few listing notices whose substance is in the 8-K body."""
    specs = []
    for i in range(n):
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



async def seed_cache(db: Path, ciks: list[int], facts: bytes, now: datetime) -> None:
    """Store the companies' facts as if read earlier today."""
    cached = facts_to_json(parse_companyfacts(facts))
    store = await Store.open(db)
    try:
        for cik in ciks:
            await store.save_facts(cik, now - timedelta(hours=2), "ok", cached)
    finally:
        await store.close()


async def main(filings: int, rate: float, xbrl: str) -> None:
    now = datetime.now(UTC)
    facts = FACTS.read_bytes()
    async with EdgarReplica() as replica:  # enforces SEC's 10 req/s with a 10-minute block
        specs = burst(filings, now - timedelta(minutes=30))
        for spec in specs:
            replica.add_filing(spec)
            replica.add_company_facts(spec.cik, facts)
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.db"
            if xbrl == "warm":
                await seed_cache(db, [s.cik for s in specs], facts, now)
            config = load_config(None, {}, {
                "edgar.base_url": replica.base_url,
                "edgar.user_agent": "Edgar Monitor Bench admin@example.com",
                "edgar.rate_per_second": rate,
                "database": str(db),
                "rules": [str(REPO / "rules")],
                "xbrl.enabled": xbrl != "off",
            })
            started = time.perf_counter()
            async with Monitor(config, notifier=RecordingNotifier()) as monitor:
                await monitor.poll_cycle()
                processed = await monitor.store.query(
                    "SELECT count(*) AS n FROM filings WHERE status = 'processed'")
                elapsed = time.perf_counter() - started
                burst_requests = len(replica.requests)
                # Then the XBRL checks deferred to idle time (filings no rule alerted on).
                idle_started = time.perf_counter()
                while await monitor.check_deferred(batch=16):
                    pass
                idle = time.perf_counter() - idle_started
    requests = burst_requests
    ideal = requests / rate
    print(f"filings processed      {processed[0]['n']} of {filings}")
    print(f"EDGAR requests         {requests}")
    data = sum(1 for r in replica.requests[:burst_requests]
               if r.path_qs.startswith("/api/xbrl/"))
    print(f"XBRL mode              {xbrl} ({data} companyfacts requests)")
    print(f"requests per filing    {requests / filings:.2f}")
    print(f"max requests in 1 s    {busiest_second([r.time for r in replica.requests])}")
    print(f"throttle responses     {replica.throttled}")
    print(f"total time             {elapsed:.1f} s")
    print(f"ideal (requests/rate)  {ideal:.1f} s at {rate:g}/s")
    print(f"overhead vs ideal      {elapsed / ideal:.3f}x")
    later = len(replica.requests) - burst_requests
    print(f"then, when idle        {later} requests in {idle:.1f} s for deferred XBRL checks; "
          f"{len(replica.requests) / filings:.2f} requests per filing in all")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--filings", type=int, default=500)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--xbrl", choices=("warm", "cold", "off"), default="warm")
    args = parser.parse_args()
    configure_logging("console", "WARNING")
    asyncio.run(main(args.filings, args.rate, args.xbrl))

"""Feed requests per poll with the default forms, and their share of SEC's 10 requests/s.

The replica holds filings of every default family (8-K, NT 10-K, 25-NSE and 25, 15-12G) and
near misses the prefix queries also return (8-K12B, NT NCSR, 253G2, 15F-12G). One first poll
records them; then `--polls` steady polls, one new filing of each family arriving between
polls, are counted.

    python bench/bench_feed.py [--polls 20] [--interval 10]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.config import load_config
from monitor.daemon import Monitor
from monitor.discover import feed_prefixes
from monitor.logs import configure_logging
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec

REPO = Path(__file__).resolve().parents[1]
FORMS = ("8-K", "8-K12B", "NT 10-K", "NT NCSR", "25-NSE", "25", "253G2", "15-12G", "15F-12G")
DOC = (DocSpec("X", "doc.htm", b"<html><body><p>x</p></body></html>"),)


def spec(n: int, form: str, accepted: datetime) -> FilingSpec:
    return FilingSpec(accession=f"0009{n:06d}-26-{n:06d}", cik=900000 + n,
                      company=f"Feed {n} Co", form=form, accepted=accepted,
                      documents=(DocSpec(form, "doc.htm", DOC[0].body),))


async def main(polls: int, interval: float) -> None:
    now = datetime.now(UTC)
    n = 0
    async with EdgarReplica() as replica:
        for i in range(300):
            replica.add_filing(spec(n, FORMS[i % len(FORMS)], now - timedelta(minutes=50,
                                                                               seconds=-i)))
            n += 1
        with tempfile.TemporaryDirectory() as tmp:
            config = load_config(None, {}, {
                "edgar.base_url": replica.base_url,
                "edgar.user_agent": "Edgar Monitor Bench admin@example.com",
                "database": str(Path(tmp) / "bench.db"), "rules": [str(REPO / "rules")],
            })
            async with Monitor(config, notifier=RecordingNotifier()) as monitor:
                await monitor.discover_once()
                first = len(replica.requests)
                for p in range(polls):
                    for form in ("8-K", "NT 10-Q", "25-NSE", "15-15D"):
                        replica.add_filing(spec(n, form, datetime.now(UTC) - timedelta(
                            seconds=polls - p)))
                        n += 1
                    await monitor.discover_once()
                steady = replica.requests[first:]
                recorded = await monitor.store.query(
                    "SELECT form, count(*) AS n FROM filings GROUP BY form ORDER BY form")
    by_type = Counter(r.path_qs.split("type=")[1].split("&")[0] for r in steady)
    per_poll = len(steady) / polls
    print(f"forms                  {', '.join(config.discovery.forms)}")
    queries = ", ".join(repr(p) for p in feed_prefixes(config.discovery.forms))
    print(f"feed queries           {queries}")
    print(f"first poll requests    {first}")
    print(f"steady polls           {polls}, requests {len(steady)} ({per_poll:.2f} per poll)")
    print(f"by type=               {dict(by_type)}")
    print(f"share of 10 req/s      {per_poll / interval / 10:.1%} at one poll every "
          f"{interval:g} s")
    counts = {r["form"]: r["n"] for r in recorded}
    print(f"recorded by form       {counts}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polls", type=int, default=20)
    parser.add_argument("--interval", type=float, default=10.0)
    args = parser.parse_args()
    configure_logging("console", "WARNING")
    asyncio.run(main(args.polls, args.interval))

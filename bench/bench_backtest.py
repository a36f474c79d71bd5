"""Backtest speed: `edgar-monitor rules backtest` over N stored filings (default 50,000).

Builds a SQLite database through the store's own migrations with N processed 8-K filings
(companies filing quarterly, ten figures and the six signals each, a few distress signals),
then times the real command in a child process and reports its peak RSS.

    python bench/bench_backtest.py [--filings 50000] [--companies 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from monitor.models import FIGURE_NAMES, SIGNAL_NAMES
from monitor.store import Store

REPO = Path(__file__).resolve().parents[1]
# The command line, reporting its own peak RSS (KiB) and CPU seconds on stderr as it exits.
_MEASURED = """
import resource, sys
from monitor.cli import main
sys.argv[0] = "edgar-monitor"
try:
    main()
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)
"""


async def build(path: Path, filings: int, companies: int, seed: int = 7) -> None:
    """N processed filings in acceptance order, quarterly per company."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 2, 13, tzinfo=UTC)
    async with await Store.open(path):
        pass  # the schema, through the store's own migrations
    db = Database(path)
    rows, figures, signals = [], [], []
    for n in range(filings):
        cik = 1_000_000 + n % companies
        quarter = n // companies
        accepted = start + timedelta(days=91 * quarter, seconds=n % companies * 7)
        accession = f"{cik:010d}-{quarter % 100:02d}-{n:06d}"
        rows.append({
            "accession": accession, "cik": cik, "form": "8-K",
            "company": f"Company {cik}", "accepted": accepted.isoformat(),
            "filed": accepted.date().isoformat(), "items": '["2.02", "9.01"]',
            "status": "processed", "source": "backfill", "attempts": 0, "error": "",
            "first_seen": accepted.isoformat(), "processed_at": accepted.isoformat(),
            "sic": "3357", "ticker": f"T{cik % 100000}",
        })
        for name in FIGURE_NAMES:
            current = rng.uniform(-5e8, 5e9)
            figures.append({
                "accession": accession, "cik": cik, "accepted": accepted.isoformat(),
                "name": name, "current": current, "prior": current * rng.uniform(0.5, 1.5),
                "label": name, "source": "table", "document": "ex99.htm",
            })
        for name in SIGNAL_NAMES:
            present = rng.random() < 0.01
            signals.append({
                "accession": accession, "name": name, "present": int(present),
                "evidence": f"A {name} sentence." if present else None,
                "document": "ex99.htm",
            })
    with db.atomic():
        db.table("filings").insert_all(rows, batch_size=5000)
        db.table("figures").insert_all(figures, batch_size=5000)
        db.table("signals").insert_all(signals, batch_size=5000)
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--filings", type=int, default=50_000)
    parser.add_argument("--companies", type=int, default=5_000)
    parser.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        asyncio.run(build(args.build_only, args.filings, args.companies))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "backtest.db"
        t0 = time.perf_counter()
        # Built in a child of its own: a child forked from a large parent inherits its
        # resident pages, and its peak RSS with them.
        subprocess.run([sys.executable, __file__, "--filings", str(args.filings),
                        "--companies", str(args.companies), "--build-only", str(db)],
                       check=True)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _MEASURED, "rules", "backtest", str(REPO / "rules"),
             "--db", str(db), "--json"],
            cwd=REPO, capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - t0
        peak_kib, cpu = done.stderr.strip().splitlines()[-1].split()
        peak_mb = int(peak_kib) / 1024
    report = json.loads(done.stdout)
    fired = {rule: r["fired"] for rule, r in report["rules"].items()}
    print(f"database built: {args.filings:,} filings, {args.companies:,} companies "
          f"in {built:.1f} s")
    print(f"rules backtest: {report['filings_evaluated']:,} filings evaluated in "
          f"{elapsed:.1f} s wall, {float(cpu):.1f} s CPU "
          f"({report['filings_evaluated'] / elapsed:,.0f} filings/s), peak RSS {peak_mb:.0f} MB")
    print(f"fired: {fired}")


if __name__ == "__main__":
    main()

"""Benchmark rule evaluation: p50/p95 microseconds to evaluate a rule set over one filing.

Usage: python bench/bench_rules.py [RULES_PATH ...] [--iterations N]

The facts are the seed filing's (FiberCore, quarter ended 2003-03-31, as labelled in
../shared/corpus/seed/LABELS.yaml) with two earlier filings of history, so every default
rule does its full work: signals, items, figure measures and the history comparison.
`evaluate` (what the pipeline calls) and `explain` (every verdict) are timed separately.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from monitor.models import Figure, Filing, FilingFacts, FilingRef, Signal
from monitor.rules import evaluate, explain, load_rules

REPO = Path(__file__).resolve().parents[1]
SEED_FIGURES = {
    "revenue": (4_609_000, 7_885_000),
    "gross_profit": (-848_000, -185_000),
    "operating_income": (-3_072_000, -3_281_000),
    "net_income": (-4_005_000, -4_078_000),
    "eps_basic": (-0.06, -0.07),
    "eps_diluted": (-0.06, -0.07),
    "working_capital": (-37_147_000, -27_352_000),
    "total_assets": (78_450_000, 75_603_000),
    "total_liabilities": (77_504_000, 71_126_000),
    "stockholders_equity": (903_000, 4_462_000),
}
HISTORY = [
    {"accession": "0001000001-02-000004", "accepted": "2002-11-14T16:00:00",
     "figures": {"net_income": -3_000_000, "revenue": 6_100_000}},
    {"accession": "0001000001-02-000003", "accepted": "2002-08-14T16:00:00",
     "figures": {"net_income": -3_500_000, "revenue": 6_900_000}},
]


def seed_facts() -> FilingFacts:
    ref = FilingRef("0001000001-03-000007", 1000001, "8-K", "FiberCore, Inc.",
                    accepted=datetime(2003, 5, 20, 16, 2, tzinfo=UTC), items=("2.02", "9.01"))
    return FilingFacts(
        filing=Filing(ref, (), sic="3357"),
        figures={n: Figure(n, c, p) for n, (c, p) in SEED_FIGURES.items()},
        signals={
            "going_concern": Signal("going_concern", True, "questioned ... going concern"),
            "delisting_notice": Signal("delisting_notice", True, "would be delisted ..."),
        },
        items=("2.02", "9.01"),
        ticker="FBCE",
    )


def _time(fn: Callable[[], object], iterations: int) -> list[float]:
    for _ in range(min(iterations, 200)):  # warm up
        fn()
    out = []
    for _ in range(iterations):
        started = time.perf_counter_ns()
        fn()
        out.append((time.perf_counter_ns() - started) / 1000)
    return out


def _report(name: str, micros: list[float]) -> str:
    q = statistics.quantiles(micros, n=100)
    return (f"{name:9} p50 {q[49]:7.1f} µs   p95 {q[94]:7.1f} µs   "
            f"max {max(micros):8.1f} µs   ({len(micros)} runs)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[REPO / "rules"])
    parser.add_argument("--iterations", type=int, default=20_000)
    args = parser.parse_args(argv)
    ruleset = load_rules(args.paths)
    facts = seed_facts()
    fired = [m.rule_id for m in evaluate(ruleset, facts, "#alerts", HISTORY)]
    print(f"{len(ruleset.rules)} rules from {', '.join(ruleset.sources)}; fired: "
          f"{', '.join(fired) or 'none'}")
    evaluated = _time(lambda: evaluate(ruleset, facts, "#alerts", HISTORY), args.iterations)
    explained = _time(lambda: explain(ruleset, facts, HISTORY), args.iterations)
    print(_report("evaluate", evaluated))
    print(_report("explain", explained))
    p50 = statistics.median(evaluated)
    print(f"budget 1000 µs per filing: {'ok' if p50 < 1000 else 'OVER'}")
    return 0 if p50 < 1000 else 1


if __name__ == "__main__":
    sys.exit(main())

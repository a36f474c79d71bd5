"""Benchmark figure extraction over a corpus: documents/s, MB/s, p50/p95 ms per document.

    .venv/bin/python bench/bench_extract.py [CORPUS_DIR] [--repeat N]

Every file under CORPUS_DIR (default ../shared/corpus) except LABELS.yaml is one document;
whole submissions are split and each readable document read, as `eval` does. Two passes:
"figures" times figure extraction alone (the parser), "full" times figures plus signals
(`extract_document`, what the daemon runs). Times are wall-clock per file, best of N
runs, for all files and separately for files under 500 KB (the p95 < 50 ms target).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from monitor.evaluation import extract_file
from monitor.extract.figures import extract_figures
from monitor.extract.submission import is_readable, split_submission

SMALL = 500 * 1024
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[rank]


def _summary(name: str, rows: list[tuple[Path, int, float]]) -> str:
    if not rows:
        return f"{name}: no documents"
    seconds = sum(t for _p, _n, t in rows)
    size = sum(n for _p, n, _t in rows)
    ms = [t * 1000 for _p, _n, t in rows]
    return (
        f"{name:<14} {len(rows):>4} docs  {size / 1e6:7.2f} MB  "
        f"{len(rows) / seconds:8.1f} docs/s  {size / 1e6 / seconds:6.2f} MB/s  "
        f"p50 {statistics.median(ms):6.1f} ms  p95 {_percentile(ms, 95):6.1f} ms  "
        f"max {max(ms):6.1f} ms"
    )


def figures_only(raw: bytes, name: str) -> None:
    """Figure extraction of every readable document of a file."""
    parts = [p for p in split_submission(raw) if is_readable(p[0], p[2])]
    for _type, filename, body in parts or [("", name, raw)]:
        extract_figures(body, filename)


def full(raw: bytes, name: str) -> None:
    """Figures and signals, split and merged as `eval` does."""
    extract_file(raw, name)


def _time(
    files: list[Path], run: Callable[[bytes, str], None], repeat: int
) -> list[tuple[Path, int, float]]:
    rows: list[tuple[Path, int, float]] = []
    for path in files:
        raw = path.read_bytes()
        best = float("inf")
        for _ in range(max(1, repeat)):
            start = time.perf_counter()
            run(raw, path.name)
            best = min(best, time.perf_counter() - start)
        rows.append((path, len(raw), best))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the best counts")
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file() and p.name != "LABELS.yaml")
    if not files:
        raise SystemExit(f"no documents under {args.corpus}")
    full(files[0].read_bytes(), files[0].name)  # warm up imports and regexes
    for title, run in (("figures", figures_only), ("full", full)):
        rows = _time(files, run, args.repeat)
        print(f"{title}:")
        for path, size, seconds in sorted(rows, key=lambda r: -r[2])[:3]:
            print(f"  slowest: {seconds * 1000:7.1f} ms  {size / 1024:7.0f} KB  {path.name}")
        print("  " + _summary("all", rows))
        print("  " + _summary("under 500 KB", [r for r in rows if r[1] < SMALL]))


if __name__ == "__main__":
    main()

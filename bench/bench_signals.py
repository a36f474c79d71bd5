"""Benchmark signal detection: p50/p95 milliseconds per document over a corpus folder.

Usage: python bench/bench_signals.py [CORPUS_DIR] [--repeat N]

Every file under CORPUS_DIR (default ../shared/corpus) is split into its documents as the
pipeline splits them (whole `.txt` submissions via `split_submission`, unreadable parts such
as graphics and XBRL skipped); each document is converted once with `document_text` (timed
separately) and `detect_signals` is timed on that text. Figures are reported for all
documents and for documents whose raw size is under 500 KB.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from monitor.extract.signals import detect_signals, find_items
from monitor.extract.submission import is_readable, split_submission
from monitor.extract.text import document_text

SMALL = 500 * 1024


def _documents(corpus: Path) -> list[tuple[str, bytes]]:
    docs: list[tuple[str, bytes]] = []
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix.lower() in {".yaml", ".yml", ".md", ".json"}:
            continue
        raw = path.read_bytes()
        parts = [p for p in split_submission(raw) if is_readable(p[0], p[2])]
        if parts:
            docs.extend((f"{path.name}:{p[1] or p[0]}", p[2]) for p in parts)
        elif not split_submission(raw):
            docs.append((path.name, raw))
    return docs


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _line(label: str, values: list[float]) -> str:
    return (
        f"{label:<34} n={len(values):<4} p50={_pct(values, 0.50):8.2f} ms"
        f"  p95={_pct(values, 0.95):8.2f} ms  max={max(values, default=float('nan')):8.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=5, help="runs per document (best kept)")
    parser.add_argument("--slowest", type=int, default=5, help="list the N slowest documents")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    text_ms: dict[str, list[float]] = {"all": [], "small": []}
    detect_ms: dict[str, list[float]] = {"all": [], "small": []}
    rows: list[tuple[float, int, int, str]] = []
    for name, raw in _documents(args.corpus):
        t0 = time.perf_counter()
        text = document_text(raw)
        t_text = (time.perf_counter() - t0) * 1000
        items = find_items(text)
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            detect_signals(text, name, items)
            best = min(best, (time.perf_counter() - t0) * 1000)
        keys = ("all", "small") if len(raw) < SMALL else ("all",)
        for key in keys:
            text_ms[key].append(t_text)
            detect_ms[key].append(best)
        rows.append((best, len(raw), len(text), name))
    print(f"corpus: {args.corpus}  documents: {len(rows)}")
    print(_line("detect_signals, all documents", detect_ms["all"]))
    print(_line("detect_signals, documents < 500 KB", detect_ms["small"]))
    print(_line("document_text, all documents", text_ms["all"]))
    print(_line("document_text, documents < 500 KB", text_ms["small"]))
    print("slowest detect_signals:")
    for ms, raw_len, text_len, name in sorted(rows, reverse=True)[: args.slowest]:
        sizes = f"raw {raw_len / 1024:7.0f} KB  text {text_len / 1024:6.0f} KB"
        print(f"  {ms:8.2f} ms  {sizes}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time and peak memory to read a companyfacts file: parse the JSON, keep the figures'
facts, reduce them to discrete quarters (the daemon's work per company per day), and to
reduce the cached form again (its work per later 8-K of the company that day).

Each file is measured in a fresh subprocess so peak RSS (VmHWM) is that file's alone.
The largest real sample is 3.7 MB (Apple); `--synthetic-mb 5` also builds a 5 MB file by
adding renamed copies of Apple's us-gaap concepts (concepts the reducer does not read, as
in a larger filer's file).

    python bench/bench_xbrl.py [--runs 5] [--synthetic-mb 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "edgar-samples" / "xbrl-api"
FILES = ("companyfacts-CIK0001652044.json", "companyfacts-CIK0001640147.PRETTY.json",
         "companyfacts-CIK0000320193.json")


def rss_kb() -> tuple[int, int]:
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


def child(path: str, runs: int) -> None:
    """Measure one file in this process; print one JSON line."""
    from monitor.xbrl.reduce import (
        facts_from_json,
        facts_to_json,
        parse_companyfacts,
        reduce_facts,
    )

    raw = Path(path).read_bytes()
    base_rss, _ = rss_kb()
    full, cached = [], []
    cache = ""
    for _ in range(runs):
        t = time.perf_counter()
        cf = parse_companyfacts(raw)
        reduce_facts(cf)
        full.append(time.perf_counter() - t)
        cache = facts_to_json(cf)
        t = time.perf_counter()
        reduce_facts(facts_from_json(cache))
        cached.append(time.perf_counter() - t)
    _, hwm = rss_kb()
    print(json.dumps({"mb": len(raw) / 1e6, "full_ms": sorted(full)[len(full) // 2] * 1000,
                      "cached_ms": sorted(cached)[len(cached) // 2] * 1000,
                      "cache_kb": len(cache) / 1000, "base_mb": base_rss / 1024,
                      "peak_mb": hwm / 1024}))


def synthetic(target_mb: float, folder: Path) -> Path:
    doc = json.loads((SAMPLES / "companyfacts-CIK0000320193.json").read_bytes())
    gaap = doc["facts"]["us-gaap"]
    originals = list(gaap.items())
    copy = 0
    while len(json.dumps(doc, separators=(",", ":"))) < target_mb * 1e6:
        copy += 1
        for tag, concept in originals:
            gaap[f"{tag}Copy{copy}"] = concept
            if len(json.dumps(doc, separators=(",", ":"))) >= target_mb * 1e6:
                break
    path = folder / f"companyfacts-synthetic-{target_mb:g}MB.json"
    path.write_text(json.dumps(doc, separators=(",", ":")))
    return path


def main(runs: int, synthetic_mb: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = [SAMPLES / name for name in FILES]
        if synthetic_mb:
            paths.append(synthetic(synthetic_mb, Path(tmp)))
        print(f"{'file':<46}{'MB':>6}{'parse+reduce':>14}{'from cache':>12}{'cache KB':>10}"
              f"{'RSS before':>12}{'peak RSS':>10}")
        for path in paths:
            out = subprocess.run([sys.executable, __file__, "--child", str(path),
                                  "--runs", str(runs)], capture_output=True, text=True,
                                 check=True)
            r = json.loads(out.stdout)
            print(f"{path.name:<46}{r['mb']:>6.2f}{r['full_ms']:>11.0f} ms"
                  f"{r['cached_ms']:>9.1f} ms{r['cache_kb']:>10.0f}{r['base_mb']:>9.1f} MB"
                  f"{r['peak_mb']:>7.1f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synthetic-mb", type=float, default=5.0)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs)
    else:
        main(args.runs, args.synthetic_mb)

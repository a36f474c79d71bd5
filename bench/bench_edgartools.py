"""Figure extraction vs edgartools: median time per HTML earnings release, same files, one run.

    .venv/bin/python bench/bench_edgartools.py [DIR ...] [--repeat N] [--clock wall|cpu]
        [--edgartools-python /path/to/python]

Every `.htm`/`.html` file under each DIR (default ../shared/corpus/earnings) that sniffs as
HTML is one earnings release, read at run time. edgar-monitor's time is `extract_figures`
on the file's bytes (decode, parse, tables, figures). edgartools' time is
`EarningsRelease(attachment).get_key_metrics()` on the same bytes, from a fresh
`EarningsRelease` each run (its parse included), in the interpreter given by
`--edgartools-python` (default: this one; edgartools is no dependency of the project, so
it usually lives in another venv). That interpreter runs this file as a worker with the
network shut off (no SEC identity, no requests) and reports its timings back.

Each document is run N times per tool; its best time counts. Printed: the median per
document of each tool, their ratio, and throughput (total MB over the sum of the best times).
`--clock cpu` times with the process's CPU time instead of the wall clock: steadier on a
machine other work shares (both tools are single-threaded).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "earnings"
_WORKER_FLAG = "--edgartools-worker"


def html_releases(dirs: list[Path]) -> list[Path]:
    """The HTML files under `dirs` (suffix `.htm`/`.html` and HTML inside), sorted."""
    from monitor.extract.text import is_html

    found: list[Path] = []
    for folder in dirs:
        for path in sorted(folder.rglob("*")):
            html_name = path.is_file() and path.suffix.lower() in (".htm", ".html")
            if html_name and is_html(path.read_bytes()):
                found.append(path)
    return found


_CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def _best_times(files: list[Path], repeat: int, run: Any, clock: str) -> list[float]:
    now = _CLOCKS[clock]
    times: list[float] = []
    for path in files:
        raw = path.read_bytes()
        best = float("inf")
        for _ in range(max(1, repeat)):
            start = now()
            run(raw, path.name)
            best = min(best, now() - start)
        times.append(best)
    return times


def _monitor_times(
    files: list[Path], repeat: int, clock: str
) -> tuple[list[float], list[dict[str, Any]]]:
    from monitor.extract.figures import extract_figures

    extract_figures(files[0].read_bytes(), files[0].name)  # warm up imports and regexes
    times = _best_times(files, repeat, extract_figures, clock)
    found = []
    for path in files:
        figures = extract_figures(path.read_bytes(), path.name)
        found.append({name: fig.current for name, fig in figures.items()})
    return times, found


def _edgartools_worker(paths: list[str], repeat: int, clock: str) -> None:
    """Runs in edgartools' interpreter: times get_key_metrics, prints JSON on stdout."""
    import socket
    import types

    def _refuse(*_args: object, **_kwargs: object) -> NoReturn:
        raise OSError("bench_edgartools: the network is off in the edgartools worker")

    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse

    import edgar
    from edgar.earnings import EarningsRelease

    def key_metrics(raw: bytes, name: str) -> dict[str, Any]:
        release = EarningsRelease(types.SimpleNamespace(content=raw, document=name))
        return dict(release.get_key_metrics())

    files = [Path(p) for p in paths]
    key_metrics(files[0].read_bytes(), files[0].name)  # warm up, as for the monitor
    times = _best_times(files, repeat, key_metrics, clock)
    found = []
    for path in files:
        metrics = key_metrics(path.read_bytes(), path.name)
        found.append({k: v for k, v in metrics.items()
                      if k in ("revenue", "net_income", "eps_basic", "eps_diluted")
                      and isinstance(v, int | float)})
    json.dump({"version": getattr(edgar, "__version__", "?"), "times": times,
               "found": found}, sys.stdout)


def _edgartools_times(
    python: str, files: list[Path], repeat: int, clock: str
) -> dict[str, Any] | None:
    probe = subprocess.run([python, "-c", "import edgar.earnings"], capture_output=True)
    if probe.returncode != 0:
        return None
    done = subprocess.run(
        [python, __file__, _WORKER_FLAG, str(repeat), clock, *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"edgartools worker failed:\n{done.stderr[-2000:]}")
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def _throughput(sizes: list[int], times: list[float]) -> float:
    return sum(sizes) / 1e6 / sum(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=[DEFAULT_DIR])
    parser.add_argument("--repeat", type=int, default=5, help="runs per document; best counts")
    parser.add_argument("--clock", choices=sorted(_CLOCKS), default="wall",
                        help="wall clock (default) or the process's CPU time")
    parser.add_argument("--edgartools-python", default=sys.executable,
                        help="interpreter with edgartools installed (default: this one)")
    args = parser.parse_args()
    files = html_releases(args.dirs)
    if not files:
        raise SystemExit(f"no HTML releases under {', '.join(map(str, args.dirs))}")
    sizes = [p.stat().st_size for p in files]
    print(f"{len(files)} HTML releases, {sum(sizes) / 1e6:.2f} MB: "
          + ", ".join(p.name for p in files))
    print(f"best of {args.repeat} runs per document, {args.clock} clock")
    ours, our_found = _monitor_times(files, args.repeat, args.clock)
    theirs = _edgartools_times(args.edgartools_python, files, args.repeat, args.clock)
    ms = statistics.median(ours) * 1000
    print(f"edgar-monitor extract_figures:        median {ms:7.1f} ms/doc  "
          f"{_throughput(sizes, ours):6.2f} MB/s")
    if theirs is None:
        print(f"edgartools: not installed for {args.edgartools_python}; skipped")
        return
    et = [float(t) for t in theirs["times"]]
    et_ms = statistics.median(et) * 1000
    print(f"edgartools {theirs['version']} get_key_metrics: median {et_ms:7.1f} ms/doc  "
          f"{_throughput(sizes, et):6.2f} MB/s")
    per_doc = [t / o for o, t in zip(ours, et, strict=True)]
    print(f"ratio (edgartools / edgar-monitor): median {et_ms / ms:5.1f}x, "
          f"throughput {_throughput(sizes, ours) / _throughput(sizes, et):5.1f}x, "
          f"per document {min(per_doc):.1f}x to {max(per_doc):.1f}x")
    print("per document (ms, edgar-monitor / edgartools; figures found of revenue, "
          "net income, EPS basic, EPS diluted):")
    for path, o, t, mine, other in zip(files, ours, et, our_found, theirs["found"], strict=True):
        four = ("revenue", "net_income", "eps_basic", "eps_diluted")
        print(f"  {path.name:<34} {path.stat().st_size / 1e3:7.0f} KB  {o * 1000:7.1f}  "
              f"{t * 1000:8.1f}  {sum(k in mine for k in four)}/4 vs {len(other)}/4")


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == _WORKER_FLAG:
        _edgartools_worker(sys.argv[4:], int(sys.argv[2]), sys.argv[3])
    else:
        main()

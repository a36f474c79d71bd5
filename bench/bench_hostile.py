"""Hostile exhibits: extraction time of nested and unclosed tables, peak RSS on an 84 MB
exhibit (fetched by URL, and inside a `.txt` submission without <FILENAME>), and the
longest /healthz answer while the daemon reads hostile exhibits.

    python bench/bench_hostile.py [--exhibit-mb 84] [--skip-daemon]

Inputs are generated here (nothing large is kept in the repository). Extraction times are
`extract_document` in this process (the pure core, no budget), then through the daemon's
worker pool (budget: the shipped `extraction.time_budget_seconds`). The daemon runs are the
real daemon (subprocess, shipped config plus a health port) against the replica; RSS is
VmHWM from /proc for the daemon and, separately, for its extraction workers.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import sqlite3
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from monitor.config import load_config
from monitor.errors import ExtractionError
from monitor.extract import extract_document
from monitor.extract_pool import ExtractionPool
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.harness import DaemonProcess

REPO = Path(__file__).resolve().parents[1]
RELEASE = (REPO / "tests/documents/e2e/brightway-2024q3-ex99.htm").read_bytes()
STATEMENT = b"<tr><td>Total revenue</td><td>$ 1,234</td><td>$ 1,000</td></tr>"


def nested_tables(depth: int) -> bytes:
    """`depth` tables, each inside a cell of the one before, all closed."""
    return (b"<html><body>" + (b"<table>" + STATEMENT + b"<tr><td>") * depth
            + b"</td></tr></table>" * depth)


def unclosed_tables(count: int) -> bytes:
    """`count` <table> tags never closed, each opened in an unclosed cell (~175 KB)."""
    return b"<html><body>" + b"<table><tr><td>Revenue 1,234<td>1,000 " * count


def sibling_tables(total: int) -> bytes:
    """Small unclosed tables one after another (each closes the one before) up to `total`."""
    row = b"<table><tr><td>Revenue</td><td>1,234</td></tr>\n"
    return b"<html><body>" + row * (total // len(row))


def deep_divs(count: int) -> bytes:
    """Nested <div>s: lexbor's own tree builder is quadratic on them."""
    return b"<html><body>" + b"<div>" * count + b"Revenue $1,234"


def large_exhibit(total: int) -> bytes:
    """A real press release followed by prose and tables up to `total` bytes."""
    para = (b"<p>The Company continues to evaluate its liquidity, its obligations under the "
            b"credit agreement and the outlook for the remainder of the fiscal year.</p>\n")
    block = para * 40 + b"<table>" + STATEMENT * 5 + b"</table>\n"
    return RELEASE + block * ((total - len(RELEASE)) // len(block) + 1)


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


async def extraction_times(budget: float) -> None:
    cases = [
        ("nested tables, depth 10,000", nested_tables(10_000)),
        ("5,000 unclosed <table> tags", unclosed_tables(5_000)),
        ("5,000 unclosed <table> tags, one after another", sibling_tables(5_000 * 47)),
        ("nested <div>, depth 10,000 (lexbor)", deep_divs(10_000)),
    ]
    print("extract_document in process (no budget):")
    for name, body in cases:
        seconds = min(timed(partial(extract_document, body, "x.htm", ())) for _ in range(3))
        print(f"  {name:50} {len(body) / 1e3:8.0f} KB  {seconds:7.3f} s")
    worst = [
        ("5 MB of unclosed tables, one after another", sibling_tables(5_000_000)),
        ("nested <div>, depth 200,000 (lexbor)", deep_divs(200_000)),
    ]
    print(f"through the worker pool (budget {budget:g} s):")
    pool = ExtractionPool(1, budget)
    try:
        for name, body in [*cases, *worst]:
            await pool.extract(b"<p>warm-up</p>", "w.htm", ())  # a killed worker is replaced
            started = time.perf_counter()
            try:
                await pool.extract(body, "x.htm", ())
                outcome = "read"
            except ExtractionError as exc:
                outcome = str(exc)
            seconds = time.perf_counter() - started
            print(f"  {name:50} {len(body) / 1e3:8.0f} KB  {seconds:7.3f} s  {outcome}")
    finally:
        await pool.close()


def status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name == key:
                return int(rest.split()[0])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    out: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            out.append(child)
            todo.append(child)
    return out


class Watch:
    """Samples peak RSS (daemon, workers) and polls /healthz in threads of their own."""

    def __init__(self, pid: int, health: str) -> None:
        self.pid = pid
        self.health = health
        self.peaks: dict[int, int] = {}
        self.answers: list[float] = []
        self.failures = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._sample, daemon=True),
                         threading.Thread(target=self._poll, daemon=True)]
        for thread in self._threads:
            thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.sample()

    def sample(self) -> None:
        for pid in [self.pid, *descendants(self.pid)]:
            self.peaks[pid] = max(self.peaks.get(pid, 0), status_kb(pid, "VmHWM"))

    def _poll(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(self.health, timeout=120) as resp:
                    resp.read()
            except OSError:
                self.failures += bool(self.answers)  # not before the server is up
                self._stop.wait(0.05)
                continue
            self.answers.append(time.perf_counter() - started)
            self._stop.wait(0.01)

    def stop(self) -> None:
        self.sample()
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def workers_peak_mb(self) -> float:
        return max((kb for pid, kb in self.peaks.items() if pid != self.pid), default=0) / 1024


def running(pid: int) -> bool:
    state = status_text(pid, "State")
    return bool(state) and not state.startswith(("Z", "X"))


def status_text(pid: int, key: str) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name == key:
                return rest.strip()
    except OSError:
        pass
    return ""


async def survivors(pids: list[int], wait: float = 10.0) -> list[str]:
    """The processes of `pids` still running after `wait` seconds (fork server and
    resource tracker end when they see the daemon's end of their pipe close)."""
    deadline = time.monotonic() + wait
    while any(running(p) for p in pids) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    return [f"{p} {status_text(p, 'Name')}" for p in pids if running(p)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def filing(n: int, doc: DocSpec) -> FilingSpec:
    return FilingSpec(accession=f"0005{n:06d}-25-{n:06d}", cik=5_000_000 + n,
                      company=f"Hostile {n} Inc.", form="8-K",
                      accepted=datetime.now(UTC) - timedelta(minutes=30 - n),
                      items=("2.02", "9.01"), documents=(doc,))


def processed(daemon: DaemonProcess) -> int:
    try:
        return daemon.statuses().get("processed", 0)
    except sqlite3.Error:  # the daemon has not created its tables yet
        return 0


async def daemon_run(label: str, docs: list[DocSpec]) -> None:
    """One daemon on fresh filings; prints time, peak RSS and /healthz answer times."""
    port = free_port()
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica, FakeSlack() as slack:
        for n, doc in enumerate(docs, start=1):
            replica.add_filing(filing(n, doc))
        with tempfile.TemporaryDirectory() as tmp:
            async with DaemonProcess(Path(tmp), replica, slack, REPO / "rules") as daemon:
                (Path(tmp) / "config.yaml").write_text(
                    f"rules: [{REPO / 'rules'}]\nhealth: {{port: {port}}}\n")
                started = time.perf_counter()
                proc = await daemon.start()
                watch = Watch(proc.pid, f"http://127.0.0.1:{port}/healthz")
                while processed(daemon) < len(docs):
                    if proc.returncode is not None:
                        raise SystemExit(f"daemon exited: {daemon.log_text()[-2000:]}")
                    await asyncio.sleep(0.2)
                elapsed = time.perf_counter() - started
                watch.stop()
                workers = descendants(proc.pid)
                proc.send_signal(signal.SIGTERM)
                code = await proc.wait()
                left = await survivors(workers)
                errors = [line for line in daemon.log_text().splitlines()
                          if "extraction_failed" in line or "cut at the" in line]
    answers = sorted(watch.answers)
    print(f"{label}:")
    print(f"  filings processed            {len(docs)} in {elapsed:.1f} s")
    print(f"  peak RSS daemon              {watch.peaks.get(proc.pid, 0) / 1024:.1f} MB")
    print(f"  peak RSS largest worker      {watch.workers_peak_mb():.1f} MB")
    if answers:
        p99 = answers[min(len(answers) - 1, int(len(answers) * 0.99))]
        print(f"  /healthz answers             {len(answers)} (failed {watch.failures}), "
              f"p50 {answers[len(answers) // 2] * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
              f"longest {answers[-1] * 1000:.1f} ms")
    print(f"  exit code after SIGTERM      {code}; of its {len(workers)} child processes "
          f"(fork server, resource tracker, workers) still running 10 s later: {left or 0}")
    for line in errors[:6]:
        print(f"  log: {line.strip()[:150]}")


async def main(exhibit_mb: float, skip_daemon: bool) -> None:
    config = load_config(REPO / "config.yaml", {})
    await extraction_times(config.extraction.time_budget_seconds)
    if skip_daemon:
        return
    big = large_exhibit(int(exhibit_mb * 1_000_000))
    await daemon_run(f"{exhibit_mb:g} MB exhibit with <FILENAME> (fetched by URL)",
                     [DocSpec("EX-99.1", "big.htm", big)])
    await daemon_run(f"{exhibit_mb:g} MB exhibit without <FILENAME> (inside the .txt)",
                     [DocSpec("EX-99.1", None, big)])
    del big
    await daemon_run("hostile exhibits and a normal release, /healthz polled throughout", [
        DocSpec("EX-99.1", "nested.htm", nested_tables(10_000)),
        DocSpec("EX-99.1", "unclosed.htm", unclosed_tables(5_000)),
        DocSpec("EX-99.1", "siblings.htm", sibling_tables(5_000_000)),
        DocSpec("EX-99.1", "divs.htm", deep_divs(200_000)),
        DocSpec("EX-99.1", "release.htm", RELEASE),
    ])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exhibit-mb", type=float, default=84.0)
    parser.add_argument("--skip-daemon", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.exhibit_mb, args.skip_daemon))

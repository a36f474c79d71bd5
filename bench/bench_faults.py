"""Fault soak of the real daemon (a subprocess, default config) against the EDGAR replica and
the fake Slack: deep queues with slow bodies, a throttle page under a 5,000-document filing,
a database lock held by another process, repeated full disks, a second daemon, hostile file
names. Every scenario checks: 0 lost and 0 duplicated alerts, no 1-second window above 10
requests, no request during a throttle block, no request outside a filing's folder.

    python bench/bench_faults.py [--scenario all|queue|throttle|lock|disk|twin|hostile]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec, busiest_second
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.harness import DaemonProcess, wait_until

REPO = Path(__file__).resolve().parents[1]
RELEASE = (REPO / "tests/documents/e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
EXHIBIT = b"<html><body><p>Exhibit text.</p></body></html>"
POLL = 1.0
CONFIG = f"discovery: {{poll_interval_seconds: {POLL}}}\nshutdown_grace_seconds: 20\n"


def filings(n: int, prefix: int, *, exhibits: int = 1) -> list[FilingSpec]:
    """`n` distressed 8-Ks, each with the real release as EX-99.1 and `exhibits - 1` more."""
    start = datetime.now(UTC) - timedelta(minutes=30)
    out = []
    for i in range(n):
        docs = [DocSpec("EX-99.1", f"ex{i}-1.txt", RELEASE, "PRESS RELEASE")]
        docs += [DocSpec(f"EX-99.{k}", f"ex{i}-{k}.htm", EXHIBIT, "EXHIBIT")
                 for k in range(2, exhibits + 1)]
        out.append(FilingSpec(
            accession=f"{prefix:04d}{i:06d}-25-{i:06d}", cik=prefix * 10_000 + i,
            company=f"Fault {prefix}-{i} Corp.", form="8-K",
            accepted=start + timedelta(seconds=i), items=("2.02", "9.01"),
            documents=tuple(docs)))
    return out


def delivery(slack: FakeSlack, specs: list[FilingSpec]) -> tuple[int, int]:
    """(lost, duplicated) alerts: each filing here alerts exactly once."""
    per = Counter(m.metadata["event_payload"]["accession"] for m in slack.messages
                  if m.metadata)
    lost = sum(1 for s in specs if per[s.accession] == 0)
    return lost, sum(1 for s in specs if per[s.accession] > 1)


def outside_folders(replica: EdgarReplica) -> int:
    """Archives requests that are not inside a known filing's folder."""
    folders = {s.spec.folder for s in replica._filings.values()}
    bad = 0
    for r in replica.requests:
        if r.path_qs.startswith("/Archives/edgar/data/"):
            parts = r.path_qs.split("/")
            flat = len(parts) == 6  # /Archives/edgar/data/{cik}/{acc}.txt or -index.htm
            if "?" in r.path_qs or (not flat and parts[5] not in folders):
                bad += 1
        elif not r.path_qs.startswith(("/cgi-bin/browse-edgar?action=getcurrent",
                                       "/Archives/edgar/daily-index/",
                                       "/files/company_tickers.json")):
            bad += 1
    return bad


def window(replica: EdgarReplica) -> int:
    return busiest_second(r.time for r in replica.requests)


async def finish(daemon: DaemonProcess, slack: FakeSlack, specs: list[FilingSpec],
                 timeout: float = 600) -> tuple[asyncio.subprocess.Process, float]:
    """Start the daemon and wait until every filing is processed and alerted."""
    started = time.perf_counter()
    proc = await daemon.start()
    await wait_until(lambda: daemon.statuses() == {"processed": len(specs)}
                     and delivery(slack, specs)[0] == 0, timeout)
    return proc, time.perf_counter() - started


async def stop(daemon: DaemonProcess, proc: asyncio.subprocess.Process) -> int:
    proc.send_signal(signal.SIGTERM)
    return await daemon.wait(proc, 90)


async def queue(replica: EdgarReplica, slack: FakeSlack,
                daemon: DaemonProcess) -> dict[str, object]:
    """200 filings of 5 documents (1,200 requests) with a third of the bodies trickling for
    0.5-4 s: the connection pool fills and frees in bunches."""
    rng = random.Random(12)
    specs = filings(200, 6101, exhibits=5)
    for spec in specs:
        replica.add_filing(spec)
        for doc in spec.documents:
            if rng.random() < 0.33:
                replica.faults.slow_body[f"/Archives/edgar/data/{spec.cik}/{spec.folder}/"
                                         f"{doc.filename}"] = rng.uniform(0.5, 4.0)
    proc, took = await finish(daemon, slack, specs)
    code = await stop(daemon, proc)
    lost, dup = delivery(slack, specs)
    return {"filings": len(specs), "requests": len(replica.requests), "wall_s": round(took, 1),
            "requests_per_s": round(len(replica.requests) / took, 2),
            "busiest_second": window(replica), "throttled": replica.throttled,
            "lost": lost, "duplicated": dup, "exit": code,
            "ok": window(replica) <= 10 and replica.throttled == 0 and lost == dup == 0
            and code == 0}


async def throttle(replica: EdgarReplica, slack: FakeSlack,
                   daemon: DaemonProcess) -> dict[str, object]:
    """A filing listing 5,000 documents among 40 ordinary ones; SEC's throttle page answers
    the 60th request. Watched for 60 s of the 600 s block (default config)."""
    big = FilingSpec(
        accession="0006201000-25-000001", cik=62010001, company="Listing Corp.", form="8-K",
        accepted=datetime.now(UTC) - timedelta(minutes=40), items=("8.01", "9.01"),
        documents=tuple([DocSpec("8-K", "form8k.htm", EXHIBIT, "8-K")] +
                        [DocSpec(f"EX-99.{k}", f"ex99-{k}.htm", EXHIBIT, "EXHIBIT")
                         for k in range(1, 5001)]))
    specs = filings(40, 6202)
    replica.add_filing(big)
    for spec in specs:
        replica.add_filing(spec)
    replica.inject("/Archives/", [200] * 59 + [429])
    proc = await daemon.start()
    await wait_until(lambda: any(r.status == 429 for r in replica.requests), 120)
    page_at = next(r.time for r in replica.requests if r.status == 429)
    watch_until = time.monotonic() + 60
    await wait_until(lambda: time.monotonic() > watch_until, 90)
    after = [r for r in replica.requests if r.time > page_at]
    log = daemon.log_text()
    metrics_url = daemon.health_url()
    remaining = -1.0
    if metrics_url:
        import urllib.request
        with urllib.request.urlopen(f"{metrics_url}/metrics", timeout=5) as resp:
            for line in resp.read().decode().splitlines():
                if line.startswith("edgar_monitor_sec_block_remaining_seconds "):
                    remaining = float(line.split()[1])
    code = await stop(daemon, proc)
    big_docs = sum(1 for r in replica.requests if f"/{big.folder}/ex99-" in r.path_qs)
    warnings = [json.loads(line) for line in log.splitlines()
                if line.startswith("{") and '"level": "warning"' in line]
    return {"requests_before_page": len(replica.requests) - len(after),
            "requests_after_page_60s": len(after), "documents_of_the_5000_fetched": big_docs,
            "warnings_in_60s": Counter(w["event"] for w in warnings),
            "block_remaining_gauge_s": round(remaining), "busiest_second": window(replica),
            "exit": code,
            "ok": not after and big_docs <= 10 and len(warnings) == 1 and code == 0}


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


async def lock(replica: EdgarReplica, slack: FakeSlack,
               daemon: DaemonProcess) -> dict[str, object]:
    """The issue's case: another process holds the write lock for 20 s while 37 filings
    arrive; all must be processed after, by the same daemon (no restart)."""
    specs = filings(37, 6303)
    for spec in specs[:2]:
        replica.add_filing(spec)
    proc = await daemon.start()
    await wait_until(lambda: delivery(slack, specs[:2])[0] == 0, 60)
    locker = await asyncio.create_subprocess_exec(
        sys.executable, "-c", LOCKER, str(daemon.db), "20", stdout=asyncio.subprocess.PIPE)
    assert locker.stdout is not None
    await locker.stdout.readline()
    for spec in specs[2:]:
        replica.add_filing(spec)
    await locker.wait()
    released = time.perf_counter()
    await wait_until(lambda: daemon.statuses() == {"processed": len(specs)}
                     and delivery(slack, specs)[0] == 0, 120)
    caught_up = time.perf_counter() - released
    alive = proc.returncode is None
    code = await stop(daemon, proc)
    lost, dup = delivery(slack, specs)
    return {"filings": len(specs), "lock_s": 20, "caught_up_after_release_s": round(caught_up, 1),
            "daemon_survived": alive, "pending": daemon.statuses().get("pending", 0),
            "lost": lost, "duplicated": dup, "exit": code,
            "ok": alive and lost == dup == 0 and code == 0}


async def disk(replica: EdgarReplica, slack: FakeSlack,
               daemon: DaemonProcess) -> dict[str, object]:
    """150 filings; five runs hit a full disk (RLIMIT_FSIZE at growing sizes), each must exit
    1 with one error line; a supervisor-style restart without the limit finishes the work."""
    specs = filings(150, 6404)
    for spec in specs:
        replica.add_filing(spec)
    exits = []
    for limit in (300_000, 500_000, 700_000, 900_000, 1_100_000):
        proc = await daemon.start(file_size_limit=limit)
        exits.append(await daemon.wait(proc, 120))
    proc, _ = await finish(daemon, slack, specs)
    code = await stop(daemon, proc)
    lost, dup = delivery(slack, specs)
    error_lines = [len([line for line in daemon.plain_lines(run) if line.startswith("error:")])
                   for run in range(1, 6)]
    return {"filings": len(specs), "disk_full_exits": exits, "error_lines_per_run": error_lines,
            "lost": lost, "duplicated": dup, "final_exit": code,
            "ok": exits == [1] * 5 and error_lines == [1] * 5 and lost == dup == 0 and code == 0}


async def twin(replica: EdgarReplica, slack: FakeSlack,
               daemon: DaemonProcess) -> dict[str, object]:
    """A second daemon on the same database while the first runs 60 filings."""
    specs = filings(60, 6505)
    for spec in specs:
        replica.add_filing(spec)
    first = await daemon.start()
    await wait_until(lambda: daemon.health_url() is not None, 60)
    started = time.perf_counter()
    second = await daemon.start()
    second_code = await daemon.wait(second, 60)
    refused_in = time.perf_counter() - started
    await wait_until(lambda: daemon.statuses() == {"processed": len(specs)}
                     and delivery(slack, specs)[0] == 0, 300)
    code = await stop(daemon, first)
    lost, dup = delivery(slack, specs)
    return {"second_exit": second_code, "second_output": daemon.plain_lines(2),
            "refused_in_s": round(refused_in, 2), "busiest_second": window(replica),
            "throttled": replica.throttled, "lost": lost, "duplicated": dup, "exit": code,
            "ok": second_code == 2 and replica.throttled == 0 and lost == dup == 0
            and code == 0}


async def hostile(replica: EdgarReplica, slack: FakeSlack,
                  daemon: DaemonProcess) -> dict[str, object]:
    """50 filings whose pages name their second exhibit with a path out of the folder."""
    specs = filings(50, 6606, exhibits=2)
    names = ["../../cgi-bin/browse-edgar?action=x", "../../../evil.htm", "a/b.htm",
             "x.htm?q=1", "%2e%2e%2fx.htm"]
    for i, spec in enumerate(specs):
        replica.add_filing(spec)
        replica.faults.tamper[f"/Archives/edgar/data/{spec.cik}/"] = [
            (f"ex{i}-2.htm".encode(), names[i % len(names)].encode())]
    proc, _ = await finish(daemon, slack, specs)
    code = await stop(daemon, proc)
    lost, dup = delivery(slack, specs)
    with sqlite3.connect(daemon.db) as conn:
        flagged = conn.execute("SELECT count(*) FROM filings WHERE error LIKE "
                               "'%is not an EDGAR file name%'").fetchone()[0]
    leaked = sum(1 for m in slack.messages
                 if any(n in m.text + json.dumps(m.blocks) for n in names))
    return {"filings": len(specs), "requests_outside_folders": outside_folders(replica),
            "filings_with_the_error": flagged, "hostile_names_in_alerts": leaked,
            "lost": lost, "duplicated": dup, "exit": code,
            "ok": outside_folders(replica) == 0 and flagged == len(specs) and leaked == 0
            and lost == dup == 0 and code == 0}


Scenario = Callable[[EdgarReplica, FakeSlack, DaemonProcess], Awaitable[dict[str, object]]]
SCENARIOS: dict[str, Scenario] = {"queue": queue, "throttle": throttle, "lock": lock,
                                  "disk": disk, "twin": twin, "hostile": hostile}


async def main(names: list[str]) -> int:
    failed = 0
    for name in names:
        started = time.perf_counter()
        async with EdgarReplica() as replica, FakeSlack() as slack:
            with tempfile.TemporaryDirectory() as tmp:
                async with DaemonProcess(Path(tmp), replica, slack, REPO / "rules", CONFIG,
                                         health=True) as daemon:
                    result = await SCENARIOS[name](replica, slack, daemon)
        result["scenario_s"] = round(time.perf_counter() - started, 1)
        failed += not result["ok"]
        print(f"{name:9} {json.dumps(result, default=str)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="all", choices=["all", *SCENARIOS])
    args = parser.parse_args()
    chosen = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    sys.exit(asyncio.run(main(chosen)))

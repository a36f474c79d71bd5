"""Publication-to-Slack latency of the real daemon (a subprocess) against the local EDGAR
replica and the fake Slack, for a steady trickle of 8-Ks and a burst published at once.

"Publication" is the moment the harness calls `replica.add_filing(spec)`; documents are
served at once by default. Real EDGAR serves them ~25 s after the index page: with
`--documents-delay 25` they 404 until then, and "documents -> Slack" is what is left after.
Every filing carries the same going-concern and delisting press release, so each raises
exactly one Slack alert naming its accession.

Per filing, on one clock (time.monotonic() in this process, where the replica and the fake
Slack run):  discovery  = first 200 feed request after publication - publication
             processing = Slack receipt - that feed request
             total      = Slack receipt - publication

    python bench/bench_latency.py [--scenario trickle|burst|both] [--rate 10] [--poll S]
                                  [--trickle 40] [--burst 300] [--seed 9] [--probe S]
                                  [--documents-delay S] [--xbrl warm|cold|off]

XBRL (issue 17): every company has Alphabet's real companyfacts on the replica; `warm`
(default) has it cached in the database beforehand, as for a company read earlier that day,
`cold` leaves the cache empty, `off` switches XBRL off in config.

Exit status: 1 when the daemon exits with an error, 2 when alerts are missing at the
deadline (e.g. after a throttle block); otherwise 0, whatever the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.config import Config
from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec, busiest_second
from monitor.testing.companyfacts import (
    FACTS,
    is_companyfacts,
    seed_facts_cache,
    serve_company_facts,
)
from monitor.testing.fakeslack import FakeSlack
from monitor.testing.harness import DaemonProcess

REPO = Path(__file__).resolve().parents[1]
RELEASE = (REPO / "tests/documents/e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
FEED_PATH = "/cgi-bin/browse-edgar"
SEC_LIMIT = 10.0  # SEC fair access: requests per second
# The wall clock minus the monotonic one, to place the daemon's log timestamps.
WALL_OFFSET = time.time() - time.monotonic()


class DaemonExited(RuntimeError):
    """The daemon stopped before the harness asked it to."""


def filing(series: int, n: int) -> FilingSpec:
    """One 8-K accepted now (wall clock), with the distress press release as EX-99.1."""
    return FilingSpec(
        accession=f"00091{series:05d}-25-{n:06d}", cik=3_000_000 + series * 10_000 + n,
        company=f"Latency {series}-{n} Corp.", form="8-K", accepted=datetime.now(UTC),
        items=("2.02", "9.01"),
        documents=(DocSpec("EX-99.1", f"ex991-{n}.txt", RELEASE, "PRESS RELEASE"),),
    )


@dataclass
class Harness:
    replica: EdgarReplica
    slack: FakeSlack
    proc: asyncio.subprocess.Process
    log_path: Path
    documents_delay: float = 0.0
    published: dict[str, float] = field(default_factory=dict)  # accession -> monotonic

    def publish(self, spec: FilingSpec) -> float:
        at = time.monotonic()
        self.replica.add_filing(spec, documents_delay=self.documents_delay)
        self.published[spec.accession] = at
        return at

    def receipts(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for m in self.slack.messages:
            acc = ((m.metadata or {}).get("event_payload") or {}).get("accession")
            if acc:
                out.setdefault(acc, []).append(m.received_at)
        return out

    def alerted(self, accessions: Sequence[str]) -> int:
        have = self.receipts()
        return sum(1 for a in accessions if a in have)

    async def wait_for(self, condition: Callable[[], bool], timeout: float,
                       abort: Callable[[], bool] = lambda: False) -> bool:
        """Poll `condition` until it holds (True) or the deadline/abort (False)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if self.proc.returncode is not None:
                raise DaemonExited(f"daemon exited with {self.proc.returncode}")
            if time.monotonic() > deadline or abort():
                return False
            await asyncio.sleep(0.02)
        return True

    def log_events(self, event: str) -> list[dict[str, Any]]:
        out = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            if line.startswith("{") and f'"{event}"' in line:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if rec.get("event") == event:
                    out.append(rec)
        return out


def pct(values: Sequence[float], q: float) -> float:
    """Percentile by linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    pos = (len(xs) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def row(label: str, values: Sequence[float], unit: str = "s", scale: float = 1.0) -> str:
    v = [x * scale for x in values]
    if not v:
        return f"  {label:<34} n=0"
    return (f"  {label:<34} p50 {pct(v, 50):7.3f}  p95 {pct(v, 95):7.3f}  "
            f"max {max(v):7.3f} {unit}")


@dataclass
class Measured:
    accessions: list[str]
    total: list[float]
    discovery: list[float]
    processing: list[float]
    missing: list[str]
    duplicates: int
    first_sight: dict[str, float]
    receipt: dict[str, float]


def measure(h: Harness, accessions: list[str]) -> Measured:
    feed_times = sorted(r.time for r in h.replica.requests
                        if r.path_qs.startswith(FEED_PATH) and r.status == 200)
    receipts = h.receipts()
    total, disc, proc, missing = [], [], [], []
    first_sight: dict[str, float] = {}
    receipt: dict[str, float] = {}
    duplicates = 0
    for acc in accessions:
        pub = h.published[acc]
        got = receipts.get(acc)
        if not got:
            missing.append(acc)
            continue
        duplicates += len(got) - 1
        seen = next((t for t in feed_times if t > pub), None)
        if seen is None:  # cannot happen: an alert needs a feed request after publication
            missing.append(acc)
            continue
        first_sight[acc], receipt[acc] = seen, min(got)
        total.append(min(got) - pub)
        disc.append(seen - pub)
        proc.append(min(got) - seen)
    return Measured(accessions, total, disc, proc, missing, duplicates, first_sight, receipt)


def archive_requests(h: Harness, acc: str) -> list[float]:
    folder = acc.replace("-", "")
    return [r.time for r in h.replica.requests if f"/{folder}/" in r.path_qs]


def processed_logs(h: Harness, accessions: list[str]) -> dict[str, dict[str, Any]]:
    wanted = set(accessions)
    return {e["accession"]: e for e in h.log_events("filing_processed")
            if e.get("accession") in wanted}


def log_monotonic(rec: dict[str, Any]) -> float:
    """A daemon log line's wall-clock timestamp placed on this process's monotonic clock."""
    return datetime.fromisoformat(rec["timestamp"]).timestamp() - WALL_OFFSET


def print_common(h: Harness, m: Measured) -> dict[str, dict[str, Any]]:
    n = len(m.accessions)
    print(f"  filings published / alerted      {n} / {n - len(m.missing)}"
          f"   (duplicate posts: {m.duplicates})")
    print(row("total  (publish -> Slack)", m.total))
    print(row("discovery (publish -> feed sight)", m.discovery))
    print(row("processing (feed sight -> Slack)", m.processing))
    if h.documents_delay:
        print(row("documents served -> Slack", [t - h.documents_delay for t in m.total]))
    logs = processed_logs(h, m.accessions)
    if logs:
        print(row("daemon extract_ms", [e["extract_ms"] for e in logs.values()], "ms"))
        print(row("daemon fetch_ms (incl. limiter)", [e["fetch_ms"] for e in logs.values()],
                  "ms"))
        print(row("daemon total_ms (fetch+extract+db)", [e["total_ms"] for e in logs.values()],
                  "ms"))
        wait = [m.receipt[a] - log_monotonic(e) for a, e in logs.items() if a in m.receipt]
        print(row("outbox wait (processed -> Slack)", wait))
    return logs


async def trickle(h: Harness, n: int, rate: float, poll: float, seed: int) -> bool:
    rng = random.Random(seed)
    accessions = []
    print(f"\n== trickle: {n} filings, one every 1.7-3.3 s (seed {seed}), "
          f"poll {poll:g} s, rate {rate:g}/s")
    for i in range(n):
        spec = filing(1, i)
        h.publish(spec)
        accessions.append(spec.accession)
        if i < n - 1:
            await asyncio.sleep(rng.uniform(1.7, 3.3))  # load generation, not a timing bound
            if h.proc.returncode is not None:
                raise DaemonExited(f"daemon exited with {h.proc.returncode}")
    complete = await h.wait_for(lambda: h.alerted(accessions) == n,
                                timeout=poll * 4 + 30 + h.documents_delay)
    m = measure(h, accessions)
    print_common(h, m)
    arch = {a: archive_requests(h, a) for a in m.first_sight}
    k = [len(arch[a]) for a in m.first_sight]
    # Limiter slots a filing waited for: every EDGAR request after its feed sight up to its
    # own last one (its own requests and those of filings found in the same poll).
    times = sorted(r.time for r in h.replica.requests)
    slots = [sum(1 for t in times if seen < t <= max(arch[a], default=seen))
             for a, seen in m.first_sight.items()]
    excl = [max(0.0, p - s / rate) for p, s in zip(m.processing, slots, strict=True)]
    print(row("processing - limiter slots/rate", excl))
    # Where processing goes: feed sight -> each archive request -> Slack receipt.
    steps: list[list[float]] = [[] for _ in range(max(k, default=0) + 1)]
    for a, seen in m.first_sight.items():
        marks = [seen, *sorted(arch[a]), m.receipt[a]]
        if len(marks) == len(steps) + 1:
            for i in range(len(steps)):
                steps[i].append(marks[i + 1] - marks[i])
    for i, gaps in enumerate(steps):
        label = "last archive request -> Slack" if i == len(steps) - 1 else (
            f"{'feed' if i == 0 else f'archive req {i}'} -> archive req {i + 1}")
        print(row(label, gaps))
    print(f"  EDGAR requests per filing        {sum(k) / max(1, len(k)):.2f} archive + 1 feed")
    print(f"  poll-interval-only floor         mean {poll / 2:.2f} s, max {poll:.2f} s")
    print(f"  fair-access floor per filing     {(sum(k) / max(1, len(k)) + 1) / SEC_LIMIT:.2f} s"
          f" ({SEC_LIMIT:g}/s)")
    p50, p95 = pct(m.total, 50), pct(m.total, 95)
    p95_excl = pct(excl, 95)
    print(f"  target p50 < 4 s                 {'PASS' if p50 < 4 else 'FAIL'} ({p50:.2f} s)")
    print(f"  target p95 < 7 s                 {'PASS' if p95 < 7 else 'FAIL'} ({p95:.2f} s)")
    print(f"  target processing p95 < 0.5 s    {'PASS' if p95_excl < 0.5 else 'FAIL'} "
          f"({p95_excl:.3f} s, excluding limiter waits)")
    return complete



async def burst(h: Harness, n: int, rate: float, poll: float, probe: float) -> bool:
    print(f"\n== burst: {n} filings published at once, poll {poll:g} s, rate {rate:g}/s")
    throttled_before = h.replica.throttled
    t0 = time.monotonic()
    specs = [filing(2, i) for i in range(n)]
    accessions = [s.accession for s in specs]
    for spec in specs:
        h.publish(spec)
    expected = (2 * n + n // 100 + 2) / rate + poll
    probes: list[str] = []
    if probe > 0:  # one more filing published `probe` seconds into the burst
        await asyncio.sleep(probe)
        spec = filing(3, 0)
        h.publish(spec)
        probes.append(spec.accession)
    everything = accessions + probes
    complete = await h.wait_for(lambda: h.alerted(everything) == len(everything),
                                timeout=2 * expected + 30,
                                abort=lambda: h.replica.throttled > throttled_before)
    m = measure(h, accessions)
    print_common(h, m)
    end = max(m.receipt.values(), default=t0)
    window = [r for r in h.replica.requests if t0 <= r.time <= end]
    feeds = sum(1 for r in window if r.path_qs.startswith(FEED_PATH))
    floor = len(window) / SEC_LIMIT
    elapsed = end - t0
    throttled = h.replica.throttled - throttled_before
    print(f"  publication -> last alert        {elapsed:.2f} s"
          + ("" if complete else "  (INCOMPLETE)"))
    print(f"  EDGAR requests in that time      {len(window)} ({feeds} feed, "
          f"{len(window) - feeds} archive)")
    print(f"  fair-access floor                {floor:.2f} s = {len(window)} / {SEC_LIMIT:g} per s")
    print(f"  ratio to fair-access floor       {elapsed / floor:.3f}x" if floor else "")
    print(f"  daemon's own floor (req / rate)  {len(window) / rate:.2f} s at {rate:g}/s "
          f"(ratio >= {SEC_LIMIT / rate:.2f}x before discovery)")
    print(f"  poll-interval-only floor         mean {poll / 2:.2f} s, max {poll:.2f} s")
    first = min(m.first_sight.values(), default=t0)
    print(f"  first feed sight after publish   {first - t0:.2f} s")
    print(f"  most requests in any 1 s window  {busiest_second([r.time for r in window])}"
          f" (SEC allows {SEC_LIMIT:g})")
    recs = sorted(m.receipt.values())
    logs = processed_logs(h, accessions)
    done = sorted(log_monotonic(e) for e in logs.values())
    if recs:
        marks = (0.1, 0.25, 0.5, 0.75, 1.0)
        print("  alerts received at  (+s)         "
              + "  ".join(f"{int(q * 100)}%:{recs[max(0, int(q * len(recs)) - 1)] - t0:6.1f}"
                          for q in marks))
        if done:
            print("  filings processed at (+s)        "
                  + "  ".join(f"{int(q * 100)}%:{done[max(0, int(q * len(done)) - 1)] - t0:6.1f}"
                              for q in marks))
        gaps = [b - a for a, b in itertools.pairwise(recs)]
        batches = 1 + sum(1 for g in gaps if g > 1.0)
        print(f"  Slack delivery batches (gap>1s)  {batches}")
    skipped = sum(1 for line in h.log_path.read_text(errors="replace").splitlines()
                  if "maximum number of running instances" in line)
    print(f"  poll runs skipped (cycle busy)   {skipped} (whole run)")
    print(f"  throttle responses               {throttled}")
    if probes:
        pm = measure(h, probes)
        if pm.total:
            print(f"  probe published +{probe:g} s: discovery {pm.discovery[0]:.2f} s, "
                  f"processing {pm.processing[0]:.2f} s, total {pm.total[0]:.2f} s")
        else:
            print(f"  probe published +{probe:g} s: not alerted")
    ratio = elapsed / floor if floor else float("inf")
    ok = complete and ratio <= 1.2 and throttled == 0
    print(f"  target <= 1.2x floor, 0 throttle {'PASS' if ok else 'FAIL'}")
    return complete


def bench_ciks(args: argparse.Namespace) -> list[int]:
    """Every CIK `filing()` can give in this run."""
    sizes = {0: 1, 1: args.trickle, 2: args.burst, 3: 1}
    return [filing(series, n).cik for series, count in sizes.items() for n in range(count)]


async def main(args: argparse.Namespace) -> int:
    async with EdgarReplica() as replica, FakeSlack() as slack:
        with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp_name:
            tmp = Path(tmp_name)
            config = (f"discovery: {{poll_interval_seconds: {args.poll}}}\n"
                      f"edgar: {{rate_per_second: {args.rate}}}\n"
                      f"xbrl: {{enabled: {str(args.xbrl != 'off').lower()}}}\n"
                      "shutdown_grace_seconds: 20\nlog_format: json\n")
            daemon = DaemonProcess(tmp, replica, slack, REPO / "rules", config)
            facts = FACTS.read_bytes()
            serve_company_facts(replica, bench_ciks(args), facts)
            if args.xbrl == "warm":
                await seed_facts_cache(daemon.db, bench_ciks(args), facts)
            warm = filing(0, 0)
            replica.add_filing(warm)
            proc = await daemon.start()
            log_path = tmp / "run1.log"
            h = Harness(replica, slack, proc, log_path, args.documents_delay)
            complete = True
            try:
                if args.documents_delay:
                    print(f"documents served {args.documents_delay:g} s after publication "
                          "(real EDGAR: ~25 s after the index page)")
                else:
                    print("documents served at publication; real EDGAR serves them ~25 s "
                          "after the index page (see --documents-delay)")
                started = time.monotonic()
                if not await h.wait_for(lambda: bool(slack.alerts_for(warm.accession)), 90):
                    print("warm-up filing never alerted", file=sys.stderr)
                    complete = False
                else:
                    print(f"warm-up: daemon start -> first alert {time.monotonic() - started:.2f} s"
                          " (not counted)")
                    if args.scenario in ("trickle", "both"):
                        complete &= await trickle(h, args.trickle, args.rate, args.poll,
                                                  args.seed)
                    if args.scenario in ("burst", "both") and complete:
                        complete &= await burst(h, args.burst, args.rate, args.poll,
                                                args.probe)
            except DaemonExited as exc:
                print(f"\n{exc}\n{log_path.read_text(errors='replace')[-3000:]}",
                      file=sys.stderr)
                return 1
            finally:
                if proc.returncode is None:
                    proc.send_signal(signal.SIGTERM)
                    try:
                        await asyncio.wait_for(proc.wait(), 60)
                    except TimeoutError:
                        proc.kill()
                        await proc.wait()
            code = proc.returncode
            data = sum(1 for r in replica.requests if is_companyfacts(r.path_qs))
            print(f"XBRL {args.xbrl}: {data} companyfacts requests")
            print(f"\ndaemon exit code {code}; EDGAR requests {len(replica.requests)}, "
                  f"throttled {replica.throttled}, Slack messages {len(slack.messages)}")
            if code != 0:
                print(log_path.read_text(errors="replace")[-3000:], file=sys.stderr)
                return 1
            return 0 if complete else 2


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", choices=("trickle", "burst", "both"), default="both")
    parser.add_argument("--rate", type=float, default=10.0, help="edgar.rate_per_second (<= 10)")
    parser.add_argument("--poll", type=float, default=Config().discovery.poll_interval_seconds,
                        help="poll_interval_seconds (default: the shipped default)")
    parser.add_argument("--trickle", type=int, default=40, help="filings in the trickle")
    parser.add_argument("--burst", type=int, default=300, help="filings in the burst")
    parser.add_argument("--seed", type=int, default=9, help="seed of the trickle's gaps")
    parser.add_argument("--probe", type=float, default=0.0,
                        help="publish one more filing this many seconds into the burst "
                             "and report its latency separately (0 = off)")
    parser.add_argument("--documents-delay", type=float, default=0.0,
                        help="seconds each filing's documents 404 after publication")
    parser.add_argument("--xbrl", choices=("warm", "cold", "off"), default="warm")
    sys.exit(asyncio.run(main(parser.parse_args())))

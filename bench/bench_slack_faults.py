"""Slack fault soak: the real daemon (a subprocess, the shipped config.yaml, so the channel is
the name `#edgar-alerts`) against the EDGAR replica and the strict fake Slack, through each
Slack fault; counts lost and duplicated alerts, mrkdwn that got through unescaped, and
whether /healthz failed while delivery was paused.

    python bench/bench_slack_faults.py [--filings 12] [--kills 3] [--only NAME ...]

The short version is tests/test_slack_faults.py.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec
from monitor.testing.fakeslack import ANY_METHOD, FakeSlack, Fault
from monitor.testing.harness import DaemonProcess, shipped_config, wait_until

REPO = Path(__file__).resolve().parents[1]
RELEASE = (REPO / "tests/documents/e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
HOSTILE = (b"PRESS RELEASE\n\n<!channel> The Company needs to raise capital to support its "
           b"operations, and there is substantial doubt about its ability to continue as a going "
           b"concern <https://evil.example|click here> <!here>.\n")
# Any "<" that does not open one of our own EDGAR links is a control sequence that got through.
UNSAFE = re.compile(r"<(?!https://www\.sec\.gov/Archives/edgar/data/)")


@dataclass
class Scenario:
    """Faults queued before the last start; `kills` SIGKILLs first, each while Slack holds
    the answer to a post it stored; `hold_for` holds one answer that long (a slow answer)."""

    name: str
    faults: list[tuple[str, Fault]] = field(default_factory=list)
    kills: int = 0
    hold_for: float = 0.0
    pauses: bool = False


def scenarios(kills: int) -> list[Scenario]:
    stored_then_500 = ("chat.postMessage", Fault(status=500, after_effect=True))
    return [
        Scenario("store-then-fail", [stored_then_500] * 2),
        Scenario("dropped-connection",
                 [("chat.postMessage", Fault(after_effect=True, drop=True))] * 2),
        Scenario("slow-answer-past-timeout", hold_for=35.0),
        Scenario("history-unavailable-after-restart",
                 [("conversations.history", Fault(status=503))] * 3, kills=1),
        Scenario("sigkill-mid-post", kills=kills),
        Scenario("auth-errors-then-recovery",
                 [(ANY_METHOD, Fault(error="invalid_auth"))] * 3, pauses=True),
        Scenario("channel-not-found-then-recovery",
                 [("chat.postMessage", Fault(error="channel_not_found"))] * 3, pauses=True),
    ]


def filings(n: int, tag: int) -> list[FilingSpec]:
    start = datetime.now(UTC) - timedelta(minutes=30)
    specs = [
        FilingSpec(accession=f"00{tag:02d}{i:06d}-25-{i:06d}", cik=7_000_000 + tag * 1000 + i,
                   company=f"Fault {i} Corp.", form="8-K",
                   accepted=start + timedelta(seconds=i), items=("2.02", "9.01"),
                   documents=(DocSpec("EX-99.1", f"ex{i}.txt", RELEASE, "PRESS RELEASE"),))
        for i in range(n - 1)
    ]
    specs.append(FilingSpec(
        accession=f"00{tag:02d}999999-25-999999", cik=7_000_000 + tag * 1000 + 999,
        company="<!channel> Evil & Sons <https://evil.example|Corp>", form="8-K",
        accepted=start + timedelta(seconds=n), items=("8.01",),
        documents=(DocSpec("EX-99.1", "evil.txt", HOSTILE, "<!here>"),)))
    return specs


def healthz_refused(daemon: DaemonProcess) -> bool:
    """True when the running daemon's /healthz answers 503 (delivery paused or worse)."""
    started = daemon.log_events("health_server_started")
    if not started:
        return False
    try:
        with urllib.request.urlopen(f"{started[-1]['url']}/healthz", timeout=2):
            return False
    except urllib.error.HTTPError as exc:
        return exc.code == 503
    except OSError:
        return False


async def run(scenario: Scenario, n: int, tag: int) -> dict[str, object]:
    specs = filings(n, tag)
    expected = {f"{s.accession}:edgar-alerts" for s in specs}
    began = time.perf_counter()
    async with EdgarReplica() as replica, FakeSlack() as slack:
        for spec in specs:
            replica.add_filing(spec)
        with tempfile.TemporaryDirectory() as tmp:
            async with DaemonProcess(Path(tmp), replica, slack, REPO / "rules",
                                     config_text=shipped_config()) as daemon:
                for _ in range(scenario.kills):
                    answered = asyncio.Event()
                    slack.inject("chat.postMessage", Fault(answer_after=answered))
                    stored = len(slack.messages) + 1
                    proc = await daemon.start()
                    await wait_until(lambda s=stored: len(slack.messages) >= s, 180)  # type: ignore[misc]
                    proc.kill()
                    await proc.wait()
                    answered.set()
                for method, fault in scenario.faults:
                    slack.inject(method, fault)
                held = asyncio.Event()
                if scenario.hold_for:
                    slack.inject("chat.postMessage", Fault(answer_after=held))
                    asyncio.get_running_loop().call_later(scenario.hold_for, held.set)
                proc = await daemon.start()
                unhealthy: list[bool] = []

                def done(d: DaemonProcess = daemon, seen: list[bool] = unhealthy) -> bool:
                    if scenario.pauses and not seen and healthz_refused(d):
                        seen.append(True)
                    rows = d.alerts()
                    return len(rows) == len(expected) and all(r["status"] == "sent"
                                                              for r in rows)
                timed_out = False
                try:
                    await wait_until(done, 240)
                except TimeoutError:
                    timed_out = True
                held.set()
                proc.terminate()
                code = await asyncio.wait_for(proc.wait(), 60)
                paused = len(daemon.log_events("delivery_paused"))
                resumed = len(daemon.log_events("delivery_resumed"))
    posted = slack.posts_per_alert()
    unsafe = [m for m in slack.messages
              if UNSAFE.search(m.text) or any(UNSAFE.search(t) for t in _texts(m.blocks))]
    return {
        "case": scenario.name, "alerts": len(expected), "kills": scenario.kills,
        "lost": len(expected - posted.keys()),
        "duplicated": sum(1 for count in posted.values() if count > 1),
        "extra posts": sum(count - 1 for count in posted.values()),
        "unsafe": len(unsafe), "paused/resumed logs": f"{paused}/{resumed}",
        "healthz 503 while paused": ("yes" if unhealthy else "no") if scenario.pauses else "-",
        "exit": code, "timed out": timed_out, "seconds": round(time.perf_counter() - began, 1),
    }


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


async def main(n: int, kills: int, only: list[str]) -> int:
    results = []
    for tag, scenario in enumerate(scenarios(kills), start=10):
        if not only or scenario.name in only:
            result = await run(scenario, n, tag)
            print("  ".join(f"{k}={v}" for k, v in result.items()), flush=True)
            results.append(result)
    bad = [r for r in results if r["lost"] or r["duplicated"] or r["unsafe"] or r["timed out"]
           or r["exit"] != 0]
    print(f"{len(results)} cases, {len(bad)} with a lost, duplicated or unsafe alert")
    return 1 if bad else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--filings", type=int, default=12)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.filings, args.kills, args.only)))

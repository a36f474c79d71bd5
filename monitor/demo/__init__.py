"""`edgar-monitor demo`: the whole pipeline offline, on sample filings shipped in the package.

A local EDGAR replica (monitor.sandbox) on a loopback port publishes the filings in
`filings/` (fictional companies, written for the demo; format in docs/sandbox.md), the daemon
runs against it with the default config and rules, and each alert is printed as it arrives:
on the console, or through the Slack stand-in (monitor.testing.fakeslack) when asked.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import aiohttp

from monitor.config import Config, load_config
from monitor.daemon import Monitor
from monitor.logs import configure_logging
from monitor.models import QueuedAlert
from monitor.notify import Notifier, WriteOnly
from monitor.notify.console import ConsoleNotifier
from monitor.notify.render import render_text
from monitor.notify.slack import SlackNotifier
from monitor.sandbox import EdgarReplica, FilingSpec, load_filing_folder
from monitor.testing.fakeslack import VALID_TOKEN, FakeSlack

SAMPLES = Path(__file__).resolve().parent / "filings"
DEMO_AGENT = "edgar-monitor demo demo@example.com"


def sample_folders(root: Path = SAMPLES) -> list[Path]:
    """The sample filing folders, in publication order."""
    return sorted(p.parent for p in root.glob("*/filing.json"))


@dataclass
class _SlackEcho(WriteOnly):
    """Posts through the Slack stand-in, then shows the message the stand-in received (to
    the channel by name: the demo does not read the channel back)."""

    inner: SlackNotifier
    slack: FakeSlack
    out: TextIO

    async def send(self, alert: QueuedAlert) -> str:
        ts = await self.inner.send(alert)
        message = self.slack.messages[-1]
        print(f"--- Slack stand-in received in {alert.channel} ({message.channel}, ts {ts}, "
              f"{len(message.blocks)} Block Kit blocks):", file=self.out)
        print(message.text, file=self.out, flush=True)
        return ts

    async def close(self) -> None:
        await self.inner.close()


@dataclass
class _Counting(WriteOnly):
    """Counts the alerts delivered through `inner` (which the demo never asks to read back)."""

    inner: Notifier
    sent: list[str] = field(default_factory=list)

    async def send(self, alert: QueuedAlert) -> str:
        ts = await self.inner.send(alert)
        self.sent.append(alert.alert_id)
        return ts

    async def close(self) -> None:
        await self.inner.close()


def _demo_config(edgar_url: str, database: Path, slack_url: str) -> Config:
    # The environment is left out on purpose: the demo never posts to a real Slack.
    overrides: dict[str, object] = {
        "edgar.base_url": edgar_url,
        "edgar.user_agent": DEMO_AGENT,
        "database": str(database),
        "health.enabled": False,
    }
    if slack_url:
        overrides |= {"slack.bot_token": VALID_TOKEN, "slack.api_url": slack_url}
    return load_config(None, {}, overrides)


async def run_demo(*, once: bool, slack: bool, pause: float = 3.0,
                   out: TextIO | None = None) -> int:
    """Publish the samples, run the daemon on them, print each alert; returns the alerts
    delivered."""
    out = out or sys.stdout
    configure_logging("console", "warning")
    folders = sample_folders()
    async with AsyncExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="edgar-demo-")))
        replica = await stack.enter_async_context(EdgarReplica())
        fake: FakeSlack | None = None
        if slack:
            fake = await stack.enter_async_context(FakeSlack())
        config = _demo_config(replica.base_url, tmp / "demo.db", fake.base_url if fake else "")
        session = await stack.enter_async_context(aiohttp.ClientSession())
        inner: Notifier = ConsoleNotifier(out)
        if fake is not None:
            inner = _SlackEcho(SlackNotifier(VALID_TOKEN, base_url=fake.base_url,
                                             session=session), fake, out)
        notifier = _Counting(inner)
        where = f"the Slack stand-in at {fake.base_url}" if fake else "this console"
        print(f"demo: EDGAR replica on {replica.base_url} with {len(folders)} sample 8-Ks "
              f"(fictional companies); alerts go to {where}.", file=out, flush=True)
        monitor = await stack.enter_async_context(Monitor(config, notifier=notifier))
        if once:
            specs = [_publish(replica, folder, out) for folder in folders]
            await monitor.run_once()
        else:
            specs = await _run_live(monitor, replica, folders, pause, out)
        processed = [await monitor.store.filing_status(s.accession) for s in specs]
        done = sum(1 for row in processed if row is not None and row["status"] != "pending")
    print(f"demo: {len(specs)} filings published, {done} processed, "
          f"{len(notifier.sent)} alerts. Next: `edgar-monitor init` writes an editable config "
          "and rules; `edgar-monitor run` watches EDGAR itself.", file=out, flush=True)
    return len(notifier.sent)


def _publish(replica: EdgarReplica, folder: Path, out: TextIO) -> FilingSpec:
    """Add one sample filing to the replica, accepted now."""
    spec, _ = load_filing_folder(folder, now=replica.clock())
    replica.add_filing(spec)
    print(f"demo: published {spec.form} of {spec.company} ({spec.accession}, items "
          f"{', '.join(spec.items)})", file=out, flush=True)
    return spec


async def _run_live(monitor: Monitor, replica: EdgarReplica, folders: list[Path],
                    pause: float, out: TextIO) -> list[FilingSpec]:
    """The daemon runs on its own schedule while the samples are published one by one;
    stops once every one is processed and its alerts delivered."""
    daemon = asyncio.create_task(monitor.run_until_stopped(), name="demo-daemon")
    specs: list[FilingSpec] = []
    try:
        for i, folder in enumerate(folders):
            if i:
                await asyncio.sleep(pause)
            specs.append(_publish(replica, folder, out))
        while not daemon.done() and not await _all_done(monitor, specs):
            await asyncio.sleep(0.5)
    finally:
        monitor.stop()
        await daemon
    return specs


async def _all_done(monitor: Monitor, specs: list[FilingSpec]) -> bool:
    for spec in specs:
        row = await monitor.store.filing_status(spec.accession)
        if row is None or row["status"] == "pending":
            return False
    return await monitor.store.outbox_depth() == 0


__all__ = ["SAMPLES", "render_text", "run_demo", "sample_folders"]

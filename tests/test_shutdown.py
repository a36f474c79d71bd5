"""Stopping the daemon while an alert is being posted: it is posted once, never twice."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from monitor.config import Config
from monitor.daemon import Monitor
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec
from monitor.testing.fakeslack import FakeSlack, Fault
from monitor.testing.harness import wait_until

from .conftest import DOCUMENTS, minutes_ago

ACCESSION = "0001000001-03-000007"


def distressed_filing() -> FilingSpec:
    release = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
    return FilingSpec(
        accession=ACCESSION, cik=1000001, company="LumenFiber Corp.", form="8-K",
        accepted=minutes_ago(2), items=("2.02", "9.01"),
        documents=(DocSpec("EX-99.1", "ex.txt", release, "PRESS RELEASE"),))


async def stop_while_a_post_waits_for_its_answer(
    config: Config, slack: FakeSlack, answered: asyncio.Event, *, answer_on_stop: bool
) -> list[dict[str, object]]:
    """Run the daemon until Slack holds the posted alert's answer, stop it, return the outbox."""
    slack.inject("chat.postMessage", Fault(answer_after=answered))
    async with Monitor(config) as monitor:
        runner = asyncio.create_task(monitor.run_until_stopped())
        await wait_until(lambda: len(slack.messages) == 1, 30)
        monitor.stop()
        if answer_on_stop:
            answered.set()
        await runner
        return await monitor.store.query("SELECT status, slack_ts FROM alerts")


async def test_stop_waits_for_the_post_in_flight_and_records_it(
    make_config: Callable[..., Config], slack: FakeSlack
) -> None:
    answered = asyncio.Event()
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(distressed_filing())
        config = make_config(replica.base_url, slack.base_url, health__enabled=False,
                             shutdown_grace_seconds=30)
        try:
            outbox = await stop_while_a_post_waits_for_its_answer(
                config, slack, answered, answer_on_stop=True)
        finally:
            answered.set()
    assert len(slack.messages) == 1
    assert outbox == [{"status": "sent", "slack_ts": slack.messages[0].ts}]
    assert "conversations.history" not in [method for method, _ in slack.calls[1:]]


async def test_post_cut_off_at_the_grace_limit_is_found_in_the_channel_not_reposted(
    make_config: Callable[..., Config], slack: FakeSlack
) -> None:
    answered = asyncio.Event()  # never set before the daemon stops: the grace runs out
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(distressed_filing())
        config = make_config(replica.base_url, slack.base_url, health__enabled=False,
                             shutdown_grace_seconds=0.5)
        try:
            outbox = await stop_while_a_post_waits_for_its_answer(
                config, slack, answered, answer_on_stop=False)
        finally:
            answered.set()
    assert len(slack.messages) == 1
    assert outbox == [{"status": "sent", "slack_ts": slack.messages[0].ts}]

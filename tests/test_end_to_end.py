"""One 8-K from the local EDGAR replica to a Slack alert, through the real daemon cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monitor.config import Config
from monitor.daemon import Monitor
from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec
from monitor.testing.fakeslack import FakeSlack

from .conftest import DOCUMENTS, minutes_ago

DISTRESSED = "0001000001-03-000007"
PROFITABLE = "0001000002-24-000031"


def distressed_filing() -> FilingSpec:
    return FilingSpec(
        accession=DISTRESSED, cik=1000001, company="LumenFiber Corp.", form="8-K",
        accepted=minutes_ago(3), items=("2.02", "9.01"), sic="3357", state="MA",
        documents=(
            DocSpec("8-K", "lumenfiber-8k.txt", (DOCUMENTS / "e2e/lumenfiber-8k.txt").read_bytes(),
                    "CURRENT REPORT"),
            DocSpec("EX-99.1", "lumenfiber-ex99.txt",
                    (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes(), "PRESS RELEASE"),
        ),
    )


def profitable_filing() -> FilingSpec:
    return FilingSpec(
        accession=PROFITABLE, cik=1000002, company="Brightway Tools, Inc.", form="8-K",
        accepted=minutes_ago(2), items=("2.02", "9.01"), sic="3420", state="OH",
        documents=(
            DocSpec("8-K", "bwt-8k.htm", (DOCUMENTS / "e2e/brightway-8k.htm").read_bytes(), "8-K"),
            DocSpec("EX-99.1", "bwt-ex991.htm",
                    (DOCUMENTS / "e2e/brightway-2024q3-ex99.htm").read_bytes(), "EX-99.1"),
        ),
    )


async def run_cycle(config: Config, **kw: Any) -> Monitor:
    async with Monitor(config, client_options={"backoff_initial": 0}, **kw) as monitor:
        await monitor.run_once()
    return monitor


async def test_distressed_8k_posts_going_concern_and_delisting_once(
    replica: EdgarReplica, slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    replica.add_filing(distressed_filing())
    replica.add_filing(profitable_filing())
    config = make_config(replica.base_url, slack.base_url)

    await run_cycle(config)

    posted = slack.rules_posted(DISTRESSED)
    assert posted.count("going-concern") == 1
    assert posted.count("delisting-notice") == 1
    assert "loss-widening" not in posted  # the net loss narrowed: 4,078 -> 4,005 thousand
    assert slack.alerts_for(PROFITABLE) == []
    [message] = slack.alerts_for(DISTRESSED)  # both rules in one message, not a burst
    assert "LumenFiber Corp." in message.text
    assert ("expressed substantial doubt about its ability to continue as a going concern"
            in message.text)
    assert "delisted from the Nasdaq" in message.text or "delisted" in message.text
    assert message.metadata is not None
    assert message.metadata["event_type"] == "edgar_monitor_alert"
    assert message.metadata["event_payload"]["accession"] == DISTRESSED

    await run_cycle(config)  # a second cycle finds nothing new and posts nothing

    assert len(slack.messages) == 1


async def test_every_edgar_request_carries_the_declared_user_agent(
    replica: EdgarReplica, slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    replica.add_filing(distressed_filing())
    config = make_config(replica.base_url, slack.base_url)

    await run_cycle(config)

    assert replica.requests, "the daemon made no request"
    assert {r.headers.get("User-Agent") for r in replica.requests} == {config.edgar.user_agent}


async def test_new_filing_arriving_between_cycles_is_alerted_in_the_next(
    replica: EdgarReplica, slack: FakeSlack, make_config: Callable[..., Config]
) -> None:
    replica.add_filing(profitable_filing())
    config = make_config(replica.base_url, slack.base_url)
    # One daemon for both cycles: two back-to-back processes would each have a fresh rate
    # limiter and together exceed SEC's 10 requests per second.
    async with Monitor(config, client_options={"backoff_initial": 0}) as monitor:
        await monitor.run_once()
        assert slack.messages == []

        replica.add_filing(distressed_filing())
        await monitor.run_once()

    posted = slack.rules_posted(DISTRESSED)
    assert {"going-concern", "delisting-notice"} <= set(posted)

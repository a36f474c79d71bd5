"""Slack delivery through the outbox: once, in order, across outages and crashes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from monitor.deliver import DeliveryPause, drain_outbox, reconcile_outbox, retry_delay
from monitor.models import Alert, DocumentRef, Filing, FilingFacts, FilingRef, RuleMatch
from monitor.notify.console import ConsoleNotifier
from monitor.notify.slack import SlackNotifier, WebhookNotifier
from monitor.store import Store
from monitor.testing.fakeslack import ALERTS_CHANNEL_ID, VALID_TOKEN, FakeSlack, Fault


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 12, 12, 22, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def facts(accession: str) -> FilingFacts:
    ref = FilingRef(accession, 1000001, "8-K", "LumenFiber Corp.", items=("2.02", "9.01"))
    return FilingFacts(Filing(ref, (DocumentRef(1, "8-K", "a.htm"),)), {}, {}, ref.items)


def alert(accession: str, channel: str = "#edgar-alerts") -> Alert:
    match = RuleMatch("going-concern", "critical", channel, "Going-concern doubt",
                      "Doubt about continuing as a going concern.", f"going-concern:{accession}",
                      evidence="The auditors questioned the Company's ability to continue.")
    return Alert(f"{accession}:{channel.lstrip('#')}", accession, channel, (match,),
                 cik=1000001, company="LumenFiber Corp.", ticker="LUMFE", form="8-K",
                 items=("2.02", "9.01"))


@pytest.fixture
async def store(database: str) -> AsyncIterator[Store]:
    """The outbox on each backend (SQLite and PostgreSQL): delivery must not care."""
    db = await Store.open(database)
    yield db
    await db.close()


async def queue(store: Store, clock: Clock, *accessions: str, channel: str = "#edgar-alerts"
                ) -> None:
    for acc in accessions:
        await store.complete_filing(facts(acc), [alert(acc, channel)], clock())


def notifier_for(slack: FakeSlack, token: str = VALID_TOKEN, retries: int = 0) -> SlackNotifier:
    return SlackNotifier(token, base_url=slack.base_url, max_retries=retries)


def posts(slack: FakeSlack) -> list[tuple[str, int]]:
    return [call for call in slack.calls if call[0] == "chat.postMessage"]


async def pending(store: Store) -> list[dict[str, Any]]:
    return await store.query("SELECT alert_id, status, attempts FROM alerts ORDER BY alert_id")


async def test_slack_outage_delays_alerts_and_loses_none(store: Store, slack: FakeSlack) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001", "0000000001-25-000002")
    slack.inject("chat.postMessage", *[Fault(503)] * 6)
    notifier = notifier_for(slack)
    outage_end = clock.now + timedelta(minutes=5)
    while clock.now < outage_end:  # Slack stays down for five minutes of test time
        await drain_outbox(store, notifier, clock)
        clock.now += timedelta(seconds=30)
    assert slack.messages == []  # nothing got through during the outage
    clock.now += timedelta(minutes=15)
    await drain_outbox(store, notifier, clock)
    assert [m.metadata["event_payload"]["accession"] for m in slack.messages  # type: ignore[index]
            ] == ["0000000001-25-000001", "0000000001-25-000002"]
    assert {r["status"] for r in await pending(store)} == {"sent"}


async def test_outage_stops_the_drain_early_instead_of_hammering(
    store: Store, slack: FakeSlack
) -> None:
    clock = Clock()
    await queue(store, clock, *(f"0000000001-25-00000{i}" for i in range(1, 6)))
    slack.inject("chat.postMessage", Fault(500))
    result = await drain_outbox(store, notifier_for(slack), clock)
    assert (result.sent, result.retrying) == (0, 1)
    assert posts(slack) == [("chat.postMessage", 500)]


async def test_retry_after_on_429_is_honoured_and_posts_once(
    store: Store, slack: FakeSlack
) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    slack.inject("chat.postMessage", Fault(429, retry_after=1), Fault(429, retry_after=1))
    result = await drain_outbox(store, notifier_for(slack, retries=3), clock)
    assert result.sent == 1
    assert [c for c in slack.calls if c[0] == "chat.postMessage"] == [
        ("chat.postMessage", 429), ("chat.postMessage", 429), ("chat.postMessage", 200)]
    assert len(slack.messages) == 1


@pytest.mark.parametrize("error", ["invalid_blocks", "msg_too_long", "invalid_metadata_format",
                                   "no_text"])
async def test_alert_rejected_for_its_content_is_failed_and_not_retried(
    store: Store, slack: FakeSlack, error: str
) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    slack.inject("chat.postMessage", Fault(error=error))
    first = await drain_outbox(store, notifier_for(slack), clock)
    clock.now += timedelta(days=1)
    second = await drain_outbox(store, notifier_for(slack), clock)
    assert (first.failed, second.sent + second.failed + second.retrying) == (1, 0)
    assert len(posts(slack)) == 1
    [row] = await pending(store)
    assert row["status"] == "failed"


@pytest.mark.parametrize("error", ["channel_not_found", "invalid_auth", "not_in_channel",
                                   "token_revoked", "missing_scope", "is_archived"])
async def test_setup_errors_pause_delivery_and_the_alert_goes_out_once_they_clear(
    store: Store, slack: FakeSlack, error: str
) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001", "0000000001-25-000002")
    slack.inject("chat.postMessage", *[Fault(error=error)] * 3)
    pause = DeliveryPause()
    notifier = notifier_for(slack)
    for _ in range(3):  # three probes meet the error; nothing is marked failed
        result = await drain_outbox(store, notifier, clock, pause=pause)
        assert (result.sent, result.failed, pause.reason) == (0, 0, error)
        clock.now += timedelta(seconds=pause.next_probe_in())
    assert {r["status"] for r in await pending(store)} == {"pending"}
    recovered = await drain_outbox(store, notifier, clock, pause=pause)
    assert (recovered.sent, pause.paused) == (2, False)
    assert slack.posts_per_alert() == {"0000000001-25-000001:edgar-alerts": 1,
                                       "0000000001-25-000002:edgar-alerts": 1}


async def test_wrong_token_pauses_delivery_until_the_right_one_is_used(
    store: Store, slack: FakeSlack
) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    pause = DeliveryPause()
    result = await drain_outbox(store, notifier_for(slack, token="xoxb-wrong"), clock,
                                pause=pause)
    assert (result.failed, pause.reason) == (0, "invalid_auth")
    assert slack.messages == []
    clock.now += timedelta(minutes=10)
    await drain_outbox(store, notifier_for(slack), clock, pause=pause)
    assert len(slack.messages) == 1 and not pause.paused


async def test_alert_posted_before_a_crash_is_not_posted_again(
    store: Store, slack: FakeSlack
) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001", "0000000001-25-000002")
    notifier = notifier_for(slack)
    [first, _second] = await store.due_alerts(clock())
    # The post started and Slack accepted it, then the process died before mark_sent.
    await store.mark_posting(first.alert_id, ALERTS_CHANNEL_ID)
    await notifier.send(replace(first, channel_id=ALERTS_CHANNEL_ID))
    reconciled = await reconcile_outbox(store, notifier, clock)
    await drain_outbox(store, notifier, clock)
    assert reconciled == 1
    assert sorted(m.metadata["event_payload"]["accession"] for m in slack.messages  # type: ignore[index]
                  ) == ["0000000001-25-000001", "0000000001-25-000002"]


async def test_the_same_rule_on_the_same_filing_is_queued_once(store: Store) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    again = await store.complete_filing(facts("0000000001-25-000001"),
                                        [alert("0000000001-25-000001")], clock())
    assert again == []
    assert len(await pending(store)) == 1


async def test_window_dedupe_fires_once_per_company_within_the_window(store: Store) -> None:
    clock = Clock()
    def windowed(acc: str) -> Alert:
        base = alert(acc)
        m = base.matches[0]
        match = RuleMatch(m.rule_id, m.severity, m.channel, m.title, m.description,
                          m.dedupe_key, m.evidence, window_days=7)
        return replace(base, matches=(match,))
    first = await store.complete_filing(facts("0000000001-25-000001"),
                                        [windowed("0000000001-25-000001")], clock())
    clock.now += timedelta(days=3)
    within = await store.complete_filing(facts("0000000001-25-000002"),
                                         [windowed("0000000001-25-000002")], clock())
    clock.now += timedelta(days=8)
    after = await store.complete_filing(facts("0000000001-25-000003"),
                                        [windowed("0000000001-25-000003")], clock())
    assert (len(first), len(within), len(after)) == (1, 0, 1)


async def test_webhook_delivers_blocks_and_text(store: Store, slack: FakeSlack) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    result = await drain_outbox(store, WebhookNotifier(slack.webhook_url, max_retries=0), clock)
    assert result.sent == 1
    [posted] = slack.webhook_messages
    assert "LumenFiber Corp. (LUMFE)" in posted["text"]
    assert posted["blocks"][0]["type"] == "header"


async def test_console_notifier_prints_the_alert(store: Store, capsys: Any) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    await drain_outbox(store, ConsoleNotifier(), clock)
    out = capsys.readouterr().out
    assert "LumenFiber Corp. (LUMFE): Going-concern doubt" in out
    assert "questioned the Company's ability to continue" in out


def test_retry_delay_doubles_and_is_capped() -> None:
    assert [retry_delay(n) for n in range(4)] == [5.0, 10.0, 20.0, 40.0]
    assert retry_delay(30) == 600.0




async def test_test_alert_command_posts_a_sample_to_slack(slack: FakeSlack) -> None:
    import asyncio
    import os
    import sys

    from .conftest import REPO

    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDGAR_", "SLACK_"))}
    env |= {"SLACK_BOT_TOKEN": VALID_TOKEN, "SLACK_API_URL": slack.base_url}
    slack.add_channel("#ops-test", "C07OPSTEST")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "monitor", "test-alert", "--channel", "#ops-test", cwd=REPO,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    [message] = slack.messages
    assert message.text.startswith("[TEST] Example Optical Corp. (EXOP)")
    assert message.channel == "C07OPSTEST"
    assert "via Slack bot to #ops-test" in err.decode()


async def test_slack_timeout_is_retried_later(store: Store, slack: FakeSlack) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    slack.inject("chat.postMessage", Fault(delay=3.0))
    notifier = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0, timeout=1)
    first = await drain_outbox(store, notifier, clock)
    clock.now += timedelta(minutes=1)
    second = await drain_outbox(store, notifier, clock)
    assert (first.retrying, second.sent) == (1, 1)


async def test_post_whose_answer_timed_out_is_found_in_the_channel_not_posted_again(
    store: Store, slack: FakeSlack
) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    answered = asyncio.Event()  # Slack posts the message but never answers in time
    slack.inject("chat.postMessage", Fault(answer_after=answered))
    notifier = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0, timeout=1)
    try:
        first = await drain_outbox(store, notifier, clock)
        clock.now += timedelta(minutes=1)
        second = await drain_outbox(store, notifier, clock)
    finally:
        answered.set()
    assert (first.retrying, second.sent) == (1, 1)
    assert len(slack.messages) == 1
    assert [method for method, _ in slack.calls] == [
        "conversations.list", "chat.postMessage", "conversations.history"]
    assert await pending(store) == [
        {"alert_id": "0000000001-25-000001:edgar-alerts", "status": "sent", "attempts": 1}]


async def test_alert_not_in_the_channel_is_posted_on_retry(store: Store, slack: FakeSlack
                                                           ) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    slack.inject("chat.postMessage", Fault(status=503))
    notifier = notifier_for(slack)
    await drain_outbox(store, notifier, clock)
    clock.now += timedelta(minutes=1)
    second = await drain_outbox(store, notifier, clock)
    assert second.sent == 1
    assert [method for method, _ in slack.calls] == [
        "conversations.list", "chat.postMessage", "conversations.history", "chat.postMessage"]
    assert len(slack.messages) == 1


async def test_one_drain_sends_every_due_alert_in_order_across_batches(
    store: Store, slack: FakeSlack
) -> None:
    clock = Clock()
    accessions = [f"0000000001-25-{n:06d}" for n in range(7)]
    await queue(store, clock, *accessions)
    result = await drain_outbox(store, notifier_for(slack), clock, batch=3)
    assert result.sent == 7
    assert [m.metadata["event_payload"]["accession"] for m in slack.messages  # type: ignore[index]
            ] == accessions


async def test_retry_waits_while_the_channel_history_cannot_be_read(
    store: Store, slack: FakeSlack
) -> None:
    clock = Clock()
    await queue(store, clock, "0000000001-25-000001")
    slack.inject("chat.postMessage", Fault(status=500, after_effect=True))  # stored, then 500
    slack.inject("conversations.history", Fault(status=503), Fault(error="missing_scope"))
    notifier = notifier_for(slack)
    pause = DeliveryPause()
    outcomes = []
    for _ in range(4):
        outcomes.append(await drain_outbox(store, notifier, clock, pause=pause))
        clock.now += timedelta(minutes=10)
    assert [o.sent for o in outcomes] == [0, 0, 0, 1]  # waits, never posts blindly
    assert len(slack.messages) == 1
    assert [r["status"] for r in await pending(store)] == ["sent"]

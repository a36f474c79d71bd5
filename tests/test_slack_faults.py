"""Slack faults with the shipped config (channel `#edgar-alerts`, a name): every alert is
posted exactly once, whatever Slack does, and text from a filing cannot ping or link.

The long version, with the real daemon killed and restarted through each fault, is
bench/bench_slack_faults.py."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import structlog.testing

from monitor.config import Config, load_config
from monitor.daemon import Monitor
from monitor.deliver import DeliveryPause, drain_outbox
from monitor.models import Alert, DocumentRef, Filing, FilingFacts, FilingRef, RuleMatch
from monitor.notify.slack import SlackNotifier, WebhookNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec
from monitor.store import Store
from monitor.testing.fakeslack import ALERTS_CHANNEL_ID, ANY_METHOD, VALID_TOKEN, FakeSlack, Fault
from monitor.testing.harness import DaemonProcess, shipped_config, wait_until

from .conftest import REPO, USER_AGENT, distressed_8k, minutes_ago

SHIPPED = load_config(REPO / "config.yaml", {})
ACCESSIONS = [f"0000000001-25-{n:06d}" for n in range(1, 6)]


class Clock:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2025, 12, 12, 22, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def queued_alert(accession: str) -> Alert:
    channel = SHIPPED.slack.default_channel
    match = RuleMatch("going-concern", "critical", channel, "Going-concern doubt",
                      "Doubt.", f"going-concern:{accession}", evidence="Substantial doubt.")
    return Alert(f"{accession}:{channel.lstrip('#')}", accession, channel, (match,),
                 cik=1000001, company="LumenFiber Corp.", form="8-K", items=("2.02",))


@pytest.fixture
async def outbox(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / "outbox.db")
    for acc in ACCESSIONS:
        ref = FilingRef(acc, 1000001, "8-K", "LumenFiber Corp.")
        facts = FilingFacts(Filing(ref, (DocumentRef(1, "8-K", "a.htm"),)), {}, {}, ())
        await store.complete_filing(facts, [queued_alert(acc)], Clock()())
    yield store
    await store.close()


@dataclass
class Case:
    """Faults queued per Slack method; `restart` closes the daemon after its first cycle and
    opens a new one on the same database (new channel cache, reconciliation at start)."""

    faults: list[tuple[str, Fault]]
    restart: bool = False
    pauses: bool = False
    held: list[asyncio.Event] = field(default_factory=list)


def cases() -> dict[str, Case]:
    held = asyncio.Event()
    stored_then_500 = ("chat.postMessage", Fault(status=500, after_effect=True))
    return {
        "store-then-fail": Case([stored_then_500]),
        "dropped-connection": Case([("chat.postMessage", Fault(after_effect=True, drop=True))]),
        "slow-answer": Case([("chat.postMessage", Fault(answer_after=held))], held=[held]),
        "history-unavailable-after-restart": Case(
            [stored_then_500, *[("conversations.history", Fault(status=503))] * 3],
            restart=True),
        "history-scope-missing": Case(
            [stored_then_500, ("conversations.history", Fault(error="missing_scope"))],
            pauses=True),
        "auth-errors-then-recovery": Case([(ANY_METHOD, Fault(error="invalid_auth"))] * 3,
                                          pauses=True),
        "token-revoked-mid-run": Case(
            [("chat.postMessage", Fault(error="token_revoked"))] * 2, pauses=True),
        "channel-not-found-then-recovery": Case(
            [("chat.postMessage", Fault(error="channel_not_found"))] * 3, pauses=True),
        "channel-list-unavailable": Case([("conversations.list", Fault(status=502))] * 2),
        "ratelimited": Case([("chat.postMessage", Fault(429, retry_after=1))] * 2),
    }




def distressed(n: int) -> FilingSpec:
    return distressed_8k(n, series=3, minutes_back=20)


def shipped_with(replica: EdgarReplica, slack: FakeSlack, tmp_path: Path) -> Config:
    """The shipped config.yaml, pointed at the replica and the fake Slack as an operator
    would: secrets from the environment, the rest deployment settings."""
    env = {"EDGAR_USER_AGENT": USER_AGENT, "SLACK_BOT_TOKEN": VALID_TOKEN,
           "SLACK_API_URL": slack.base_url}
    return load_config(REPO / "config.yaml", env, {
        "edgar.base_url": replica.base_url, "database": str(tmp_path / "monitor.db"),
        "rules": [str(REPO / "rules")]})


@pytest.mark.parametrize("name", list(cases()))
async def test_slack_fault_loses_and_duplicates_no_alert(
    name: str, slack: FakeSlack, tmp_path: Path
) -> None:
    case = cases()[name]
    for method, fault in case.faults:
        slack.inject(method, fault)
    specs = [distressed(n) for n in range(4)]
    clock = Clock(datetime.now(UTC))
    paused_seen = False

    def notifier() -> SlackNotifier:  # the daemon's, with a 1 s timeout for the slow answer
        return SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=1, timeout=1)

    try:
        async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
            for spec in specs:
                replica.add_filing(spec)
            config = shipped_with(replica, slack, tmp_path)
            for run in range(2 if case.restart else 1):  # a restart: new process, new cache
                async with Monitor(config, notifier=notifier(), clock=clock) as monitor:
                    if run == 0:
                        await monitor.run_once()
                    for _ in range(8):
                        clock.now += timedelta(minutes=10)
                        await monitor.drain()
                        paused_seen |= monitor.delivery.paused
                        if case.restart and run == 0:
                            break
                    statuses = await monitor.store.query("SELECT status FROM alerts")
                    paused_at_end = monitor.delivery.paused
    finally:
        for event in case.held:
            event.set()
    assert statuses == [{"status": "sent"}] * len(specs)
    assert slack.posts_per_alert() == {f"{s.accession}:edgar-alerts": 1 for s in specs}
    assert {m.channel for m in slack.messages} == {ALERTS_CHANNEL_ID}
    assert (paused_seen, paused_at_end) == (case.pauses, False)


async def test_history_is_read_by_channel_id_never_by_name(outbox: Store,
                                                           slack: FakeSlack) -> None:
    slack.inject("chat.postMessage", Fault(status=500, after_effect=True))
    notifier = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0)
    clock = Clock()
    await drain_outbox(outbox, notifier, clock)
    clock.now += timedelta(minutes=1)
    await drain_outbox(outbox, notifier, clock)
    rows = await outbox.query("SELECT DISTINCT channel, channel_id FROM alerts")
    assert rows == [{"channel": "#edgar-alerts", "channel_id": ALERTS_CHANNEL_ID}]
    assert [m for m, _ in slack.calls].count("conversations.list") == 1  # resolved once


async def test_a_channel_name_is_not_a_conversation_id_for_history(slack: FakeSlack) -> None:
    """The fake answers as Slack does: conversations.history takes IDs only."""
    notifier = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0)
    with pytest.raises(Exception, match="channel_not_found"):
        await notifier.find_delivered("#edgar-alerts", {"x"}, 0)
    assert await notifier.find_delivered(ALERTS_CHANNEL_ID, {"x"}, 0) == {}


async def test_channel_name_is_found_across_conversations_list_pages(slack: FakeSlack) -> None:
    for n in range(450):  # more than two pages of 200 before the channel we want
        slack.add_channel(f"team-{n}", f"C07T{n:06d}")
    slack.add_channel("#late-alerts", "C07LATE001")
    notifier = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0)
    assert await notifier.resolve_channel("#late-alerts") == "C07LATE001"
    assert [m for m, _ in slack.calls] == ["conversations.list"] * 3


async def test_unknown_channel_pauses_delivery_with_health_and_metric(
    outbox: Store, slack: FakeSlack
) -> None:
    slack.channels = [c for c in slack.channels if c.name != "edgar-alerts"]
    notifier = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0)
    pause = DeliveryPause()
    result = await drain_outbox(outbox, notifier, Clock(), pause=pause)
    assert (result.sent, result.failed, pause.reason) == (0, 0, "channel_not_found")
    assert "#edgar-alerts not found" in pause.message
    assert slack.messages == []


# -- injected mrkdwn -------------------------------------------------------------------------

HOSTILE_EXHIBIT = (
    b"PRESS RELEASE\n\n<!channel> Evil Optical Corp. today reported results. "
    b"The Company received an opinion from its auditors that questioned the Company's "
    b"ability to continue as a going concern <https://evil.example|click here> <!here> "
    b"& <@U123>.\n"
)
CONTROL = re.compile(r"<(?!https://www\.sec\.gov/Archives/edgar/data/)")


def mrkdwn_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in mrkdwn_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in mrkdwn_strings(v)]
    return []


async def test_injected_mrkdwn_in_a_filing_is_inert_in_blocks_and_fallback_text(
    slack: FakeSlack, tmp_path: Path
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(FilingSpec(
            accession="0009000001-25-000001", cik=9000001,
            company="<!channel> Evil & Sons <https://evil.example|Corp>", form="8-K",
            accepted=minutes_ago(2), items=("8.01",),
            documents=(DocSpec("EX-99.1", "ex99.txt", HOSTILE_EXHIBIT, "<!here> release"),)))
        config = SHIPPED.model_copy(update={
            "database": str(tmp_path / "m.db"), "rules": (str(REPO / "rules"),),
            "edgar": SHIPPED.edgar.model_copy(update={"base_url": replica.base_url,
                                                      "user_agent": USER_AGENT}),
            "slack": SHIPPED.slack.model_copy(update={"bot_token": VALID_TOKEN,
                                                      "api_url": slack.base_url}),
        })
        async with Monitor(config) as monitor:
            await monitor.run_once()
    [message] = slack.messages
    assert "going concern" in message.text
    texts = [message.text, *mrkdwn_strings(message.blocks)]
    assert not [t for t in texts if CONTROL.search(t)], texts  # only our own EDGAR links
    joined = "\n".join(texts)
    assert "&lt;!channel&gt; Evil &amp; Sons &lt;https://evil.example|Corp&gt;" in joined
    assert "&lt;https://evil.example|click here&gt; &lt;!here&gt; &amp; &lt;@U123&gt;" in joined
    assert "<https://www.sec.gov/Archives/edgar/data/9000001/000900000125000001/" in joined


# -- the real daemon, killed mid-post ----------------------------------------------------------


@pytest.mark.timeout(180)
async def test_sigkill_mid_post_with_the_shipped_config_posts_each_alert_once(
    replica: EdgarReplica, slack: FakeSlack, tmp_path: Path
) -> None:
    specs = [distressed(n) for n in range(6)]
    for spec in specs:
        replica.add_filing(spec)
    async with DaemonProcess(tmp_path, replica, slack, REPO / "rules",
                             config_text=shipped_config()) as daemon:
        for _kill in range(2):  # Slack stored the post; its answer is held, then SIGKILL
            answered = asyncio.Event()
            slack.inject("chat.postMessage", Fault(answer_after=answered))
            stored = len(slack.messages) + 1
            proc = await daemon.start()
            await wait_until(lambda n=stored: len(slack.messages) >= n, 90)  # type: ignore[misc]
            proc.kill()
            await proc.wait()
            answered.set()
        # After a restart the history cannot be read for a while: the alert waits.
        slack.inject("conversations.history", *[Fault(status=503)] * 2)
        proc = await daemon.start()
        await wait_until(lambda: len(daemon.alerts()) == len(specs)
                         and all(a["status"] == "sent" for a in daemon.alerts()), 120)
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), 60) == 0, daemon.log_text()
    assert slack.posts_per_alert() == {f"{s.accession}:edgar-alerts": 1 for s in specs}
    assert {m.channel for m in slack.messages} == {ALERTS_CHANNEL_ID}


# -- pause: health, metric, one log line each way -----------------------------------------------


async def test_auth_errors_pause_delivery_fail_health_and_log_once_each_way(
    slack: FakeSlack, tmp_path: Path
) -> None:
    clock = Clock()
    config = SHIPPED.model_copy(update={
        "database": str(tmp_path / "m.db"), "rules": (str(REPO / "rules"),),
        "edgar": SHIPPED.edgar.model_copy(update={"user_agent": USER_AGENT}),
        "slack": SHIPPED.slack.model_copy(update={"bot_token": VALID_TOKEN,
                                                  "api_url": slack.base_url}),
    })
    slack.inject_any(*[Fault(error="invalid_auth")] * 4)
    with structlog.testing.capture_logs() as logs:
        async with Monitor(config, clock=clock) as monitor:
            monitor.last_poll_ok = clock()
            for acc in ACCESSIONS[:2]:
                ref = FilingRef(acc, 1000001, "8-K", "LumenFiber Corp.")
                facts = FilingFacts(Filing(ref, ()), {}, {}, ())
                await monitor.store.complete_filing(facts, [queued_alert(acc)], clock())
            health, metrics = [], []
            for _ in range(5):
                await monitor.drain()
                monitor.last_poll_ok = clock()
                health.append(monitor.health())
                metrics.append(monitor.metrics.render().decode())
                clock.now += timedelta(minutes=10)
            statuses = await monitor.store.query("SELECT status FROM alerts")
    assert [h.ok for h in health] == [False, False, False, False, True]
    assert "Slack delivery paused" in health[0].reason and "invalid_auth" in health[0].reason
    assert "edgar_monitor_delivery_paused 1.0" in metrics[0]
    assert 'edgar_monitor_delivery_pause_reason{reason="invalid_auth"} 1.0' in metrics[0]
    assert "edgar_monitor_delivery_paused 0.0" in metrics[-1]
    events = [entry["event"] for entry in logs]
    assert (events.count("delivery_paused"), events.count("delivery_resumed")) == (1, 1)
    assert "alert_failed_permanently" not in events
    assert statuses == [{"status": "sent"}, {"status": "sent"}]
    assert len(slack.messages) == 2


async def test_content_rejection_is_failed_and_counted(
    outbox: Store, slack: FakeSlack, tmp_path: Path
) -> None:
    from monitor.metrics import Metrics

    slack.inject("chat.postMessage", Fault(error="invalid_blocks"))
    metrics = Metrics()
    notifier = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0)
    result = await drain_outbox(outbox, notifier, Clock(), metrics=metrics)
    assert (result.sent, result.failed) == (4, 1)
    text = metrics.render().decode()
    assert "edgar_monitor_outbox_failed 1.0" in text
    assert 'edgar_monitor_alerts_total{outcome="failed",rule="going-concern"} 1.0' in text
    [row] = await outbox.alerts_of(ACCESSIONS[0])
    assert (row["status"], row["last_error"]) == (
        "failed", "Slack rejected the alert: invalid_blocks")
    explained = subprocess.run(
        [sys.executable, "-m", "monitor", "explain", ACCESSIONS[0],
         "--db", str(tmp_path / "outbox.db")],
        cwd=REPO, capture_output=True, text=True, timeout=60)
    assert explained.returncode == 0, explained.stderr
    assert ("  FAILED   #edgar-alerts (C07ALERTS1)  going-concern  tries 1: "
            "Slack rejected the alert: invalid_blocks") in explained.stdout.splitlines()


# -- the fake answers as Slack does ------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "headers", "params", "status", "body"),
    [
        ("chat.postMessage", {}, {"channel": "C07ALERTS1", "text": "x"}, 200,
         {"ok": False, "error": "not_authed"}),
        ("chat.postMessage", {"Authorization": "Bearer xoxb-wrong"},
         {"channel": "C07ALERTS1", "text": "x"}, 200, {"ok": False, "error": "invalid_auth"}),
        ("chat.postMessage", None, {"channel": "#nowhere", "text": "x"}, 200,
         {"ok": False, "error": "channel_not_found"}),
        ("conversations.history", None, {"channel": "#edgar-alerts"}, 200,
         {"ok": False, "error": "channel_not_found"}),
        ("conversations.history", None, {"channel": "edgar-alerts"}, 200,
         {"ok": False, "error": "channel_not_found"}),
        ("chat.postMessage", None, {"channel": "#edgar-alerts", "text": "x" * 40_001}, 200,
         {"ok": False, "error": "msg_too_long"}),
        ("chat.postMessage", None, {"channel": "#edgar-alerts", "text": "x",
                                    "metadata": {"event_payload": {}}}, 200,
         {"ok": False, "error": "invalid_metadata_format"}),
    ],
    ids=["no-token", "wrong-token", "unknown-channel", "history-by-name",
         "history-by-bare-name", "too-long", "bad-metadata"],
)
async def test_fake_slack_refuses_as_slack_does(
    slack: FakeSlack, method: str, headers: dict[str, str] | None, params: dict[str, Any],
    status: int, body: dict[str, Any]
) -> None:
    sent = {"Authorization": f"Bearer {VALID_TOKEN}"} if headers is None else headers
    async with aiohttp.ClientSession() as session, session.post(
            f"{slack.base_url}{method}", json=params, headers=sent) as resp:
        assert (resp.status, await resp.json()) == (status, body)
    assert slack.messages == []


async def test_fake_slack_rate_limit_carries_retry_after(slack: FakeSlack) -> None:
    slack.inject("chat.postMessage", Fault(429, retry_after=7))
    async with aiohttp.ClientSession() as session, session.post(
            f"{slack.base_url}chat.postMessage", json={"channel": "C07ALERTS1", "text": "x"},
            headers={"Authorization": f"Bearer {VALID_TOKEN}"}) as resp:
        assert (resp.status, resp.headers["Retry-After"]) == (429, "7")
        assert await resp.json() == {"ok": False, "error": "ratelimited"}


async def test_fake_slack_missing_scope_names_what_is_needed(slack: FakeSlack) -> None:
    slack.scopes = frozenset({"chat:write"})
    async with aiohttp.ClientSession() as session, session.post(
            f"{slack.base_url}conversations.history", data={"channel": ALERTS_CHANNEL_ID},
            headers={"Authorization": f"Bearer {VALID_TOKEN}"}) as resp:
        body = await resp.json()
    assert (body["ok"], body["error"], body["needed"]) == (False, "missing_scope",
                                                           "channels:history")


@pytest.mark.parametrize(
    ("status", "body", "outcome"),
    [(404, "channel_not_found", "paused"), (403, "invalid_token", "paused"),
     (410, "channel_is_archived", "paused"), (400, "invalid_payload", "failed"),
     (500, "rollup_error", "retry")],
)
async def test_webhook_errors_pause_fail_or_retry(
    outbox: Store, slack: FakeSlack, status: int, body: str, outcome: str
) -> None:
    slack.inject("webhook", Fault(status=status, error=body))
    pause = DeliveryPause()
    notifier = WebhookNotifier(slack.webhook_url, max_retries=0)
    result = await drain_outbox(outbox, notifier, Clock(), pause=pause)
    seen = "paused" if pause.paused else "failed" if result.failed else "retry"
    assert seen == outcome
    statuses = {r["status"] for r in await outbox.query("SELECT status FROM alerts")}
    assert statuses == ({"failed", "sent"} if outcome == "failed" else {"pending"})


async def test_a_huge_evidence_sentence_is_clipped_not_rejected(
    slack: FakeSlack, tmp_path: Path
) -> None:
    alert = queued_alert(ACCESSIONS[0])
    huge = replace(alert.matches[0], evidence="<!channel> doubt " * 5000)  # 85,000 characters
    alert = replace(alert, matches=(huge,))
    async with await Store.open(tmp_path / "big.db") as store:
        ref = FilingRef(ACCESSIONS[0], 1000001, "8-K", "LumenFiber Corp.")
        await store.complete_filing(FilingFacts(Filing(ref, ()), {}, {}, ()), [alert], Clock()())
        notifier = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0)
        result = await drain_outbox(store, notifier, Clock())
    assert (result.sent, result.failed) == (1, 0)
    [message] = slack.messages
    assert len(message.text) == 4000 and message.text.endswith("…")
    assert "<!channel>" not in message.text

"""Leader election on a real PostgreSQL server: one leader at a time, a standby takes over
when the leader's session ends, a deposed leader can no longer write."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime

import aiohttp
import pytest

from monitor.config import Config
from monitor.daemon import Monitor
from monitor.errors import StoreError
from monitor.leader import AdvisoryLockElector, Role
from monitor.models import Alert, Filing, FilingFacts, FilingRef, RuleMatch
from monitor.notify import RecordingNotifier
from monitor.notify.slack import SlackNotifier
from monitor.sandbox import EdgarReplica, Faults
from monitor.store import Store, open_store
from monitor.testing.fakeslack import VALID_TOKEN, FakeSlack
from monitor.testing.postgres import ThrowawayPostgres


def fast(store: Store, on_change: Callable[[Role], None] = lambda role: None
         ) -> AdvisoryLockElector:
    """An elector with short heartbeats, so a test waits fractions of a second."""
    return AdvisoryLockElector(store, on_change, heartbeat=0.1, settle=0.2)


@pytest.fixture
def url(postgres: ThrowawayPostgres) -> str:
    return postgres.create_database()


@pytest.fixture
async def stores(url: str) -> AsyncIterator[list[Store]]:
    opened = [await open_store(url, application_name=f"daemon-{n}") for n in range(2)]
    yield opened
    for store in opened:
        await store.close()


async def until(event: asyncio.Event, timeout: float = 15.0) -> None:
    async with asyncio.timeout(timeout):
        await event.wait()


async def test_only_one_of_two_daemons_takes_the_lead(stores: list[Store]) -> None:
    first, second = (fast(s) for s in stores)
    assert await first.campaign(asyncio.Event())
    assert not await second.try_once()

    assert (first.role, second.role) == (Role.LEADER, Role.STANDBY)
    assert second.standby_health() == (True, "standby: leader is daemon-0")
    await first.resign()


@pytest.mark.parametrize("ending", ["terminated", "resigned"])
async def test_a_standby_takes_over_when_the_leaders_session_ends(
    stores: list[Store], postgres: ThrowawayPostgres, ending: str
) -> None:
    changes: list[tuple[str, Role]] = []
    first = fast(stores[0], lambda r: changes.append(("daemon-0", r)))
    second = fast(stores[1], lambda r: changes.append(("daemon-1", r)))
    assert await first.campaign(asyncio.Event())
    takeover = asyncio.create_task(second.campaign(asyncio.Event()))

    if ending == "terminated":  # the leader's connection is cut from the server's side
        assert postgres.terminate("daemon-0") == 1
        await until(first.lost)
    else:
        await first.resign()

    assert await asyncio.wait_for(takeover, 15)
    assert (first.role, second.role) == (Role.STANDBY, Role.LEADER)
    # Each daemon's own story; across the two the order is not fixed (the settle period,
    # not the order of these notices, keeps them from working together).
    assert [r for d, r in changes if d == "daemon-0"] == [Role.LEADER, Role.STANDBY]
    assert [r for d, r in changes if d == "daemon-1"] == [Role.LEADER]
    await second.resign()


async def test_a_deposed_leader_cannot_write(stores: list[Store], postgres: ThrowawayPostgres
                                             ) -> None:
    leader = fast(stores[0])
    assert await leader.campaign(asyncio.Event())
    postgres.terminate("daemon-0")

    ref = FilingRef("0001000001-25-000001", 1000001, "8-K")
    with pytest.raises(StoreError):
        await stores[0].record_seen([ref], "feed", datetime.now(UTC))
    await until(leader.lost)
    assert await stores[1].known([ref.accession]) == set()


async def test_a_leader_silent_past_its_lease_loses_the_lock(stores: list[Store]) -> None:
    leader = AdvisoryLockElector(stores[0], heartbeat=0.1, settle=0.2, lease=1.0)
    standby = fast(stores[1])
    assert await leader.campaign(asyncio.Event())
    # The leader's store thread stalls (as on a dead network): the server ends the silent
    # session after the lease, and the standby gets the lock.
    stall = asyncio.create_task(stores[0].call(time.sleep, 4))

    assert await asyncio.wait_for(standby.campaign(asyncio.Event()), 15)
    assert not stall.done()  # taken over on the server's word, not the leader's
    await until(leader.lost)  # its heartbeat got no answer in time
    await stall
    assert leader.role is Role.STANDBY
    await standby.resign()


async def _health(url: str) -> tuple[int, dict[str, object], str]:
    async with aiohttp.ClientSession() as http:
        health = await http.get(f"{url}/healthz")
        metrics = await (await http.get(f"{url}/metrics")).text()
        return health.status, await health.json(), metrics


def leader_gauge(metrics: str) -> float:
    [line] = [m for m in metrics.splitlines() if m.startswith("edgar_monitor_leader ")]
    return float(line.split()[1])


async def test_leader_and_standby_are_both_healthy_and_say_which_they_are(
    url: str, make_config: Callable[..., Config]
) -> None:
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        config = make_config(replica.base_url, database=url, health__port=0)
        async with Monitor(config, notifier=RecordingNotifier()) as one, \
                Monitor(config, notifier=RecordingNotifier()) as two:
            runs = [asyncio.create_task(m.run_until_stopped()) for m in (one, two)]

            def settled() -> bool:
                """Both serve health, one leads, and the other has seen who."""
                roles = {m.elector.role for m in (one, two)}
                return bool(one.health_url and two.health_url) and roles == {
                    Role.LEADER, Role.STANDBY} and all(
                    "edgar-monitor@" in m.elector.standby_health()[1]
                    for m in (one, two) if m.elector.role is Role.STANDBY)

            async with asyncio.timeout(30):
                while not settled():
                    await asyncio.sleep(0.05)
            leader, standby = (one, two) if one.elector.role is Role.LEADER else (two, one)
            lead_status, lead_body, lead_metrics = await _health(leader.health_url)
            sb_status, sb_body, sb_metrics = await _health(standby.health_url)
            for m in (one, two):
                m.stop()
            await asyncio.wait_for(asyncio.gather(*runs), 30)

    assert (lead_status, lead_body["ok"], lead_body["role"]) == (200, True, "leader")
    assert (sb_status, sb_body["ok"], sb_body["role"]) == (200, True, "standby")
    assert str(sb_body["reason"]).startswith("standby: leader is edgar-monitor@")
    assert (leader_gauge(lead_metrics), leader_gauge(sb_metrics)) == (1.0, 0.0)


async def test_run_once_refuses_while_another_daemon_leads(
    url: str, stores: list[Store], make_config: Callable[..., Config]
) -> None:
    holder = fast(stores[0])
    assert await holder.campaign(asyncio.Event())
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        config = make_config(replica.base_url, database=url)
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            with pytest.raises(StoreError, match="another edgar-monitor is the leader"):
                await monitor.run_once()
    assert replica.requests == []  # not one EDGAR request
    await holder.resign()


async def test_an_alert_posted_by_a_leader_that_died_mid_post_is_not_posted_again(
    url: str, slack: FakeSlack, make_config: Callable[..., Config],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The dead leader: it queued the alert, marked the post as started, Slack took the
    # message, and the process died before recording the answer.
    filing = FilingRef("0001000001-25-000001", 1000001, "8-K", "LumenFiber Corp.")
    match = RuleMatch("going-concern", "critical", "#edgar-alerts", "Going-concern doubt",
                      "Doubt.", f"going-concern:{filing.accession}")
    alert = Alert(f"{filing.accession}:edgar-alerts", filing.accession, "#edgar-alerts",
                  (match,), company=filing.company)
    async with await open_store(url, application_name="dead-leader") as dead:
        await dead.complete_filing(FilingFacts(Filing(filing, ()), {}, {}, ()), [alert],
                                   datetime.now(UTC))
        [queued] = await dead.due_alerts(datetime.now(UTC))
        posted = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0)
        channel_id = await posted.resolve_channel(queued.channel)
        await dead.mark_posting(queued.alert_id, channel_id)
        await posted.send(replace(queued, channel_id=channel_id))
        await posted.close()
    monkeypatch.setattr("monitor.sender.IN_FLIGHT_GRACE_SECONDS", 0.1)

    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        config = make_config(replica.base_url, slack.base_url, database=url)
        async with Monitor(config) as successor:
            await successor.run_once()
            rows = await successor.store.query("SELECT status, post_in_flight FROM alerts")

    assert len(slack.alerts_for(filing.accession)) == 1
    assert rows == [{"status": "sent", "post_in_flight": 0}]

"""The typed alert: built once from a filing's facts, stored in the outbox, read back, rendered.

`golden/alerts_before_issue13.json` holds alerts as the release before issue 13 built, stored
and rendered them (its outbox payload, plain text, fallback text, blocks and metadata), read
line by line against the sample filings' figures below. The same facts must render to the
same bytes now, and rows in that old payload shape must still load and be delivered.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from monitor.alerts import alert_figures, build_alerts
from monitor.deliver import drain_outbox
from monitor.models import (
    ALERT_FIGURE_ORDER,
    FIGURE_KINDS,
    FIGURE_NAMES,
    Alert,
    DocumentRef,
    Filing,
    FilingFacts,
    FilingRef,
    QueuedAlert,
    RuleMatch,
    Signal,
)
from monitor.notify import Notifier, RecordingNotifier
from monitor.notify.console import ConsoleNotifier
from monitor.notify.render import render_blocks, render_text
from monitor.notify.slack import SlackNotifier, WebhookNotifier, alert_metadata, fallback_text
from monitor.rules import evaluate, load_rules
from monitor.samples import distress_facts, sample_facts
from monitor.store import Store, open_store
from monitor.testing.fakeslack import VALID_TOKEN, FakeSlack
from monitor.xbrl.crosscheck import Check, CrossCheck, FigureCheck
from monitor.xbrl.tags import FIGURE_TAGS, INSTANT_FIGURES

from .conftest import REPO

GOLDEN: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "golden" / "alerts_before_issue13.json").read_text())
RULES = load_rules([REPO / "rules"])
T0 = datetime(2025, 12, 12, 23, 0, tzinfo=UTC)


def golden_cases() -> Iterator[tuple[str, list[Alert]]]:
    """The filings the golden file was made from, through the alert builder."""
    # Going-concern doubt with XBRL checks on three priors, a rule whose history came from
    # XBRL, and a watchlist rule on a second channel.
    facts = sample_facts("going_concern")
    matches = evaluate(RULES, facts, default_channel="#edgar-alerts")
    matches.append(RuleMatch(
        "loss-widening", "warning", "#edgar-alerts", "Net loss widened",
        "The net loss grew. Second sentence.", "lw:1",
        reason="net_income loss grew against -3,000,000 on 2024-12-31 (quarter, XBRL 10-K "
               "filed 2025-02-01)"))
    matches.append(RuleMatch("watchlist", "info", "#portfolio", "Watchlist filing",
                             "A company on the watchlist filed.", "wl:1",
                             reason="on watchlist portfolio"))
    ten_q = ("0001493152-24-000009", "10-Q", "2024-11-14", "quarter to 2024-09-30")
    cross = CrossCheck(date(2025, 9, 30), {
        "revenue": FigureCheck("revenue", Check("match", 7_885_000, 7_885_000, *ten_q),
                               Check("pending", 4_609_000)),
        "net_income": FigureCheck("net_income",
                                  Check("mismatch", -4_078_000, -4_100_000, *ten_q),
                                  Check("pending", -4_005_000)),
        "stockholders_equity": FigureCheck(
            "stockholders_equity",
            Check("unavailable", 903_000, note="SEC has no XBRL data for this company"),
            Check("unavailable", 903_000)),
    }, verdict="2 prior-period figures disagree with XBRL (net_income, revenue): wrong "
               "extraction more likely")
    yield "going-concern-xbrl", build_alerts(facts, matches, facts.filing.documents, cross,
                                             [{"source": "XBRL"}, {"accession": "a"}])
    # Every string a filing gives, hostile.
    ref = FilingRef("0001493152-25-027596", 1083743, "8-K",
                    "<!here> Co & Sons <https://evil.example|click>",
                    accepted=datetime(2025, 7, 1, 16, 5, tzinfo=timezone(timedelta(hours=-4))),
                    items=("2.02", "<!subteam^S1>"))
    filing = Filing(ref, (DocumentRef(1, "8-K", "form8-k.htm"),
                          DocumentRef(2, "EX-99.1 <!channel>", "ex99-1.htm")))
    evidence = "x <https://evil.example|y> z & <!channel>"
    hostile = FilingFacts(filing, sample_facts("going_concern").figures,
                          {"going_concern": Signal("going_concern", True, evidence, "ex99-1.htm")},
                          ref.items, ticker="<@U1>")
    yield "hostile-strings", build_alerts(
        hostile, evaluate(RULES, hostile, default_channel="#edgar-alerts"),
        filing.documents)
    # A follow-up: a distress form, no figures, no exhibit.
    late = distress_facts("late_filing_overdue")
    yield "late-filing-overdue", build_alerts(
        late, evaluate(RULES, late, default_channel="#edgar-alerts"), [], suffix="overdue")
    # No acceptance time; an exhibit name EDGAR would never give (no link is made of it).
    ref = FilingRef("0001493152-25-027597", 1083743, "8-K", "Example Optical Corp.",
                    items=("1.03",))
    filing = Filing(ref, (DocumentRef(1, "8-K", "form8-k.htm"),
                          DocumentRef(2, "EX-99.1", "../../x.htm")))
    petition = "On December 11, 2025, the Company filed a voluntary petition under Chapter 11."
    facts = FilingFacts(filing, {}, {"bankruptcy": Signal("bankruptcy", True, petition, "x")},
                        ref.items)
    yield "no-acceptance-bad-exhibit", build_alerts(
        facts, evaluate(RULES, facts, default_channel="#edgar-alerts"),
        filing.documents)


def built() -> list[Alert]:
    return [a for _, alerts in golden_cases() for a in alerts]


def queued(alert: Alert, rules: tuple[str, ...] | None = None) -> QueuedAlert:
    return QueuedAlert(alert, alert.rule_ids if rules is None else rules, 0, T0)


def rendered(alert: QueuedAlert) -> dict[str, Any]:
    return {"text": render_text(alert.alert), "fallback": fallback_text(alert),
            "blocks": render_blocks(alert.alert), "metadata": alert_metadata(alert)}


def expected(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in ("text", "fallback", "blocks", "metadata")}


def test_golden_file_reads_as_the_sample_filings_say() -> None:
    # Spot checks of the golden file against the facts it was made from (not the code).
    by_id = {e["alert_id"]: e for e in GOLDEN}
    text = by_id["0001493152-25-027595:edgar-alerts"]["text"].splitlines()
    assert text[0] == ("Example Optical Corp. (EXOP): Going-concern doubt, Revenue down more "
                       "than 25%, Net loss widened")
    assert "Revenue: $4.6M vs $7.9M (-41.5%) · prior matches 10-Q filed 2024-11-14" in text
    assert "Gross profit: ($848K) vs ($185K) (loss widened 358.4%)" in text  # 663/185
    assert "EPS (diluted): ($0.06) vs ($0.07) (loss narrowed 14.3%)" in text  # basic left out
    assert "Stockholders' equity: $903K vs $4.5M (-79.8%)" in text  # unavailable: no phrase
    hostile = by_id["0001493152-25-027596:edgar-alerts"]
    assert "accepted 2025-07-01 16:05:00 EDT" in hostile["text"]
    assert "<!" not in json.dumps(hostile["blocks"]) and "<!" not in hostile["fallback"]
    assert "accepted  · " in by_id["0001493152-25-027597:edgar-alerts"]["text"]
    assert "Exhibit:" not in by_id["0001493152-25-027597:edgar-alerts"]["text"]


def test_alerts_built_now_are_the_alerts_built_before_byte_for_byte() -> None:
    alerts = built()
    assert [a.alert_id for a in alerts] == [e["alert_id"] for e in GOLDEN]
    for alert, entry in zip(alerts, GOLDEN, strict=True):
        assert alert.rule_ids == tuple(entry["rules"])
        assert rendered(queued(alert)) == expected(entry), entry["alert_id"]


@pytest.mark.parametrize("entry", GOLDEN, ids=[e["alert_id"] for e in GOLDEN])
def test_an_outbox_payload_from_before_issue_13_renders_as_it_did(entry: dict[str, Any]) -> None:
    alert = Alert.from_json(entry["payload"], alert_id=entry["alert_id"],
                            accession=entry["accession"], channel=entry["channel"])
    assert rendered(queued(alert, tuple(entry["rules"]))) == expected(entry)


@pytest.mark.parametrize("alert", built(), ids=lambda a: a.alert_id)
def test_to_json_and_back_is_the_same_alert(alert: Alert) -> None:
    stored = json.loads(json.dumps(alert.to_json()))
    assert Alert.from_json(stored) == alert


def test_a_row_with_an_empty_payload_still_loads() -> None:
    alert = Alert.from_json({}, alert_id="a1", accession="", channel="#edgar-alerts")
    assert (alert.alert_id, alert.matches, alert.figures, alert.accepted) == ("a1", (), (), None)
    assert render_text(alert).startswith(": \n")


async def insert_rows(store: Store, entries: list[dict[str, Any]]) -> None:
    """Rows exactly as the release before issue 13 wrote them into the outbox."""
    def run() -> None:
        with store.backend.transaction():
            for n, e in enumerate(entries):
                store.backend.execute(
                    "INSERT INTO alerts (alert_id, accession, channel, rules, payload, status, "
                    "attempts, last_error, created_at, next_attempt_at) "
                    "VALUES (?, ?, ?, ?, ?, 'pending', 0, '', ?, ?)",
                    [e["alert_id"], e["accession"], e["channel"], json.dumps(e["rules"]),
                     json.dumps(e["payload"]), (T0 + timedelta(seconds=n)).isoformat(),
                     T0.isoformat()])
    await store.call(run)


async def test_outbox_rows_from_before_the_upgrade_are_delivered_unchanged(
    database: str, slack: FakeSlack
) -> None:
    old = [e for e in GOLDEN if e["channel"] == "#edgar-alerts"]
    async with await open_store(database) as store:
        await insert_rows(store, old)
        notifier = SlackNotifier(VALID_TOKEN, base_url=slack.base_url, max_retries=0)
        result = await drain_outbox(store, notifier, lambda: T0 + timedelta(minutes=1))
        statuses = await store.query("SELECT status FROM alerts")
    assert (result.sent, result.failed, result.retrying) == (len(old), 0, 0)
    assert {r["status"] for r in statuses} == {"sent"}
    assert [(m.text, m.blocks, m.metadata) for m in slack.messages] == [
        (e["fallback"], e["blocks"], e["metadata"]) for e in old]


async def test_the_outbox_hands_back_the_alert_it_was_given(database: str) -> None:
    [alert, _watchlist] = next(golden_cases())[1]
    facts = sample_facts("going_concern")
    async with await open_store(database) as store:
        await store.complete_filing(facts, [alert], T0)
        [row] = await store.due_alerts(T0)
    assert row.alert == alert
    assert (row.rules, row.attempts, row.created_at, row.in_flight) == (
        alert.rule_ids, 0, T0, False)


async def test_a_match_already_claimed_stays_in_the_message_but_not_in_its_rules(
    database: str
) -> None:
    # Behaviour kept from before issue 13: the row shows every rule that fired on the
    # channel; `rules` (metadata, metrics) names only those whose fire it claimed.
    facts = sample_facts("going_concern")
    [alert, _watchlist] = next(golden_cases())[1]
    first = replace(alert, matches=alert.matches[:1])
    async with await open_store(database) as store:
        await store.complete_filing(facts, [first], T0)
        [sent] = await store.due_alerts(T0)
        await store.mark_sent(sent.alert_id, "1.1", T0)
        later = replace(alert, alert_id=alert.alert_id + ":again")
        [kept] = await store.complete_filing(facts, [later], T0)
        [row] = await store.due_alerts(T0)
    assert kept.rule_ids == row.rules == alert.rule_ids[1:]
    assert row.alert == later


# -- figures: one catalogue ------------------------------------------------------------------


def test_every_list_of_figure_names_comes_from_the_catalogue() -> None:
    # DESIGN.md's `extract --json` figure keys, in its order.
    contract = ["revenue", "gross_profit", "operating_income", "net_income", "eps_basic",
                "eps_diluted", "total_assets", "total_liabilities", "stockholders_equity",
                "working_capital"]
    assert [k.name for k in FIGURE_KINDS] == contract
    assert sorted(ALERT_FIGURE_ORDER) == sorted(FIGURE_NAMES)
    assert set(FIGURE_TAGS) <= set(FIGURE_NAMES)
    assert sorted(INSTANT_FIGURES) == ["stockholders_equity", "total_assets",
                                       "total_liabilities"]


def test_an_alert_shows_diluted_eps_and_basic_only_without_it() -> None:
    facts = sample_facts()
    diluted = facts.figures["eps_diluted"]
    basic = replace(diluted, name="eps_basic", current=-0.05)
    both = replace(facts, figures={**facts.figures, "eps_basic": basic})
    only_basic = replace(facts, figures={n: f for n, f in both.figures.items()
                                         if n != "eps_diluted"})
    assert [f.name for f in alert_figures(both)] == [
        "revenue", "gross_profit", "operating_income", "net_income", "eps_diluted",
        "stockholders_equity", "total_assets", "total_liabilities"]
    assert [f.current for f in alert_figures(only_basic) if f.name.startswith("eps")] == [-0.05]


# -- notifiers: one protocol ---------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [lambda: ConsoleNotifier(), RecordingNotifier,
     lambda: WebhookNotifier("http://127.0.0.1:9/hook")],
    ids=["console", "recording", "webhook"],
)
async def test_a_notifier_that_cannot_read_back_says_so_and_finds_nothing(make: Any) -> None:
    notifier: Notifier = make()
    assert notifier.reads_back is False
    assert await notifier.resolve_channel("#edgar-alerts") == ""
    assert await notifier.find_delivered("C07ALERTS1", {"a"}, 0.0) == {}


async def test_a_write_only_notifier_posts_a_started_alert_again(database: str) -> None:
    # At least once: a post that started and whose answer was lost cannot be looked for.
    [alert, _watchlist] = next(golden_cases())[1]
    async with await open_store(database) as store:
        await store.complete_filing(sample_facts("going_concern"), [alert], T0)
        await store.mark_posting(alert.alert_id, "")
        notifier = RecordingNotifier()
        result = await drain_outbox(store, notifier, lambda: T0)
    assert result.sent == 1
    assert [(q.alert, q.post_attempts) for q in notifier.sent] == [(alert, 1)]

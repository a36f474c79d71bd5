"""Issue 17 end to end on the replica: a company's first 8-K fires a history rule from XBRL
alone, a prior that disagrees with XBRL shows `mismatch` in `explain --json` and in the
alert, a company without XBRL data changes nothing, and past figures are graded once the
10-Q is filed.

The companyfacts served are Snowflake's real file (EDGAR samples); the 8-Ks carry the
company's real CIK, with releases written for these tests (tests/documents/xbrl/). Both
clocks are set to the release day, since which quarter an 8-K reports on depends on it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from monitor.cli import main
from monitor.config import Config
from monitor.daemon import Monitor
from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec
from monitor.testing.fakeslack import FakeSlack

from .conftest import DOCUMENTS, REPO
from .test_end_to_end import DISTRESSED, distressed_filing
from .test_xbrl_reduce import SAMPLES, SNOWFLAKE

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="EDGAR samples not present")

SNOWFLAKE_CIK = 1640147
FACTS_PATH = "/api/xbrl/companyfacts/CIK0001640147.json"
# Snowflake's second-quarter fiscal 2026 release day, 16:05 ET.
Q2_DAY = datetime(2025, 8, 27, 20, 5, tzinfo=UTC)


class Clock:
    """One settable wall clock for the daemon and the replica."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def snowflake_8k(accession: str, accepted: datetime, release: str) -> FilingSpec:
    return FilingSpec(
        accession=accession, cik=SNOWFLAKE_CIK, company="Snowflake Inc.", form="8-K",
        accepted=accepted, items=("2.02", "9.01"), sic="7372", state="DE",
        documents=(DocSpec("EX-99.1", "ex991.htm", (DOCUMENTS / "xbrl" / release).read_bytes(),
                           "PRESS RELEASE"),),
    )


async def run_once(config: Config, clock: Clock) -> Monitor:
    async with Monitor(config, clock=clock, client_options={"backoff_initial": 0}) as monitor:
        await monitor.run_once()
    return monitor


async def cli(*args: str) -> Result:
    """The CLI in a thread: its commands run their own event loop."""
    return await asyncio.to_thread(CliRunner().invoke, main, list(args))


async def explain_json(config: Config, accession: str) -> dict[str, Any]:
    result = await cli("explain", accession, "--db", config.database, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


@pytest.fixture
async def dated_replica() -> Any:
    clock = Clock(Q2_DAY)
    async with EdgarReplica(clock=clock) as server:
        yield server, clock


async def test_first_8k_fires_a_history_rule_from_xbrl_alone(
    dated_replica: tuple[EdgarReplica, Clock], slack: FakeSlack,
    make_config: Callable[..., Config],
) -> None:
    replica, clock = dated_replica
    replica.add_company_facts(SNOWFLAKE_CIK, (SAMPLES / SNOWFLAKE).read_bytes())
    acc = "0001640147-25-900001"
    replica.add_filing(snowflake_8k(acc, Q2_DAY - timedelta(minutes=3),
                                    "snowflake-q2-single-column.htm"))
    config = make_config(replica.base_url, slack.base_url)

    await run_once(config, clock)

    # The release states only this quarter's net loss (520,000 thousand), so only the
    # history branch of loss-widening can fire: against the last two quarters in XBRL,
    # -430,092,000 (to 2025-04-30, 10-Q filed 2025-05-30) and -327,474,000 (to 2025-01-31,
    # year minus nine months, 10-K filed 2025-03-21). The store has no earlier filing.
    assert slack.rules_posted(acc) == ["loss-widening"]
    [message] = slack.alerts_for(acc)
    assert "Why: net_income loss of 520,000,000 is larger than in each of the last 2" in \
        message.text
    assert "430,092,000 on 2025-04-30 (quarter, XBRL 10-Q filed 2025-05-30)" in message.text
    assert "327,474,000 on 2025-01-31 (quarter, XBRL 10-K filed 2025-03-21)" in message.text
    assert [r.path_qs for r in replica.requests].count(FACTS_PATH) == 1


async def test_prior_that_disagrees_with_xbrl_is_a_mismatch_in_explain_and_alert(
    dated_replica: tuple[EdgarReplica, Clock], slack: FakeSlack,
    make_config: Callable[..., Config],
) -> None:
    replica, clock = dated_replica
    replica.add_company_facts(SNOWFLAKE_CIK, (SAMPLES / SNOWFLAKE).read_bytes())
    acc = "0001640147-25-900002"
    replica.add_filing(snowflake_8k(acc, Q2_DAY - timedelta(minutes=3),
                                    "snowflake-q2-wrong-prior.htm"))
    config = make_config(replica.base_url, slack.base_url)

    await run_once(config, clock)

    # XBRL, quarter 2024-05-01..07-31 in 10-Q 0001640147-24-000207 (filed 2024-08-29):
    # revenue 868,823,000 (the release agrees), NetIncomeLoss -316,899,000 (the release
    # says -250,000 thousand).
    data = await explain_json(config, acc)
    net, revenue = data["figures"]["net_income"]["xbrl"], data["figures"]["revenue"]["xbrl"]
    assert (net["prior"], net["status"], net["accession"]) == (
        -316_899_000, "mismatch", "0001640147-24-000207")
    assert (revenue["prior"], revenue["status"], revenue["accession"]) == (
        868_823_000, "match", "0001640147-24-000207")
    assert data["xbrl_period_end"] == "2025-07-31"

    [message] = slack.alerts_for(acc)  # loss widened 250 -> 298 million against the release
    assert "prior differs from 10-Q filed 2024-08-29 (-316,899,000 for the quarter to " \
        "2024-07-31)" in message.text
    assert "prior matches 10-Q filed 2024-08-29" in message.text


async def test_company_without_xbrl_is_unavailable_and_nothing_else_changes(
    slack: FakeSlack, make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    texts = []
    spec = distressed_filing()  # CIK 1000001: no companyfacts served
    for enabled in (False, True):
        # A replica per run: two daemons back to back would share SEC's per-second budget.
        async with EdgarReplica() as replica:
            replica.add_filing(spec)
            config = make_config(replica.base_url, slack.base_url,
                                 database=str(tmp_path / f"xbrl-{enabled}.db"),
                                 xbrl__enabled=enabled)
            async with Monitor(config, client_options={"backoff_initial": 0}) as monitor:
                await monitor.run_once()
            requests = list(replica.requests)
        texts.append([m.text for m in slack.alerts_for(DISTRESSED)][-1])

    assert texts[0] == texts[1]
    missing = [r for r in requests if r.path_qs.startswith("/api/xbrl/")]
    assert [(r.path_qs, r.status) for r in missing] == [
        ("/api/xbrl/companyfacts/CIK0001000001.json", 404)]
    data = await explain_json(config, DISTRESSED)
    statuses = {n: f["xbrl"]["status"] for n, f in data["figures"].items()}
    assert set(statuses.values()) == {"unavailable"}
    assert data["figures"]["revenue"]["xbrl"]["note"] == "SEC has no XBRL data for this company"


def facts_filed_by(raw: bytes, day: str) -> bytes:
    """The companyfacts SEC served on `day`: only facts filed by then."""
    doc = json.loads(raw)
    for taxonomy in doc["facts"].values():
        for concept in taxonomy.values():
            for unit, entries in concept["units"].items():
                concept["units"][unit] = [e for e in entries if e["filed"] <= day]
    return json.dumps(doc).encode()


async def test_current_figures_are_graded_once_the_10q_is_filed(
    slack: FakeSlack, make_config: Callable[..., Config],
) -> None:
    # Snowflake's Q1 fiscal 2026 release came on 2025-05-21; its 10-Q on 2025-05-30.
    clock = Clock(datetime(2025, 5, 21, 20, 5, tzinfo=UTC))
    raw = (SAMPLES / SNOWFLAKE).read_bytes()
    acc = "0001640147-25-900003"
    async with EdgarReplica(clock=clock) as replica:
        replica.add_company_facts(SNOWFLAKE_CIK, facts_filed_by(raw, "2025-05-21"))
        replica.add_filing(snowflake_8k(acc, clock.now - timedelta(minutes=3),
                                        "snowflake-q1-fy26.htm"))
        config = make_config(replica.base_url, slack.base_url)
        await run_once(config, clock)
        before = await explain_json(config, acc)
        assert before["figures"]["revenue"]["xbrl"]["current"]["status"] == "pending"

        # Weeks later SEC serves the 10-Q's facts; the nightly job grades the release.
        replica.add_company_facts(SNOWFLAKE_CIK, raw)
        clock.now = datetime(2025, 6, 20, 3, 30, tzinfo=UTC)
        async with Monitor(config, clock=clock,
                           client_options={"backoff_initial": 0}) as monitor:
            assert monitor.pipeline.xbrl is not None
            graded = await monitor.pipeline.xbrl.grade_all(clock.now.date())
            metric = monitor.metrics.render().decode()

    # Quarter to 2025-04-30 in 10-Q 0001640147-25-000110: revenue 1,042,074,000 and
    # NetIncomeLoss -430,092,000, as the release said.
    assert graded == 2
    assert 'edgar_monitor_figure_checks_total{figure="revenue",outcome="match"} 1.0' in metric
    current = (await explain_json(config, acc))["figures"]["net_income"]["xbrl"]["current"]
    assert (current["status"], current["accession"]) == ("match", "0001640147-25-000110")

    result = await cli("accuracy", "--db", config.database, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["figures"]["revenue"]["current_match"] == 1
    assert report["overall"]["current_agreement"] == 1.0
    text = (await cli("accuracy", "--db", config.database)).output
    assert "revenue" in text and "100.0%" in text


def test_accuracy_on_a_missing_database_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["accuracy", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: ")
    assert REPO.is_dir()


async def test_filing_without_alert_is_checked_when_the_daemon_is_idle(
    replica: EdgarReplica, slack: FakeSlack, make_config: Callable[..., Config],
) -> None:
    from .test_end_to_end import PROFITABLE, profitable_filing

    replica.add_filing(profitable_filing())  # figures, no rule fires, no history needed
    config = make_config(replica.base_url, slack.base_url)
    async with Monitor(config, client_options={"backoff_initial": 0}) as monitor:
        await monitor.poll_cycle()
        assert not [r for r in replica.requests if r.path_qs.startswith("/api/xbrl/")]
        assert await monitor.store.filing_cross_check(PROFITABLE) is None

        assert await monitor.worker.check_deferred() is False  # one filing: not a full batch
        cross = await monitor.store.filing_cross_check(PROFITABLE)

    assert [r.path_qs for r in replica.requests if r.path_qs.startswith("/api/xbrl/")] == [
        "/api/xbrl/companyfacts/CIK0001000002.json"]
    assert cross is not None
    assert {fc.prior.status for fc in cross.figures.values()} == {"unavailable"}
    assert slack.messages == []

"""`rules backtest`: replaying stored facts gives exactly what the daemon posted, with no
look-ahead and the daemon's dedupe; the CLI's output and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.backfill import backfill
from monitor.backtest import CompanyHistory, DedupeLedger, compare, replay_order
from monitor.config import Config
from monitor.daemon import Monitor
from monitor.formats.filing import EASTERN
from monitor.models import Filing, FilingFacts, FilingRef, RuleMatch
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec
from monitor.store import Store
from monitor.testing.fakeslack import FakeSlack

from .conftest import DOCUMENTS, REPO, minutes_ago

ACME, BETA, GAMMA = 4_000_001, 4_000_002, 4_000_003


def release(company: str, revenue: tuple[str, str], net: tuple[str, str]) -> bytes:
    """A small earnings table in thousands: the values are what the test reads."""
    return f"""<html><body>
<p>{company} today reported results for the quarter.</p>
<table>
<tr><td></td><td colspan="2">Three Months Ended June 30,</td></tr>
<tr><td>(in thousands, except per share data)</td><td>2025</td><td>2024</td></tr>
<tr><td>Revenue</td><td>$ {revenue[0]}</td><td>$ {revenue[1]}</td></tr>
<tr><td>Net loss</td><td>$ {net[0]}</td><td>$ {net[1]}</td></tr>
</table></body></html>""".encode()


AUDITOR_8K = (b"<html><body><p>Item 4.01 Changes in Registrant's Certifying Accountant.</p>"
              b"<p>On June 2, 2025 the Audit Committee dismissed its independent registered "
              b"public accounting firm.</p></body></html>")


def earnings(n: int, cik: int, company: str, minutes: float, body: bytes) -> FilingSpec:
    return FilingSpec(
        accession=f"{cik:010d}-25-{n:06d}", cik=cik, company=company, form="8-K",
        accepted=minutes_ago(minutes), items=("2.02", "9.01"),
        documents=(DocSpec("EX-99.1", f"ex99-{n}.htm", body, "PRESS RELEASE"),),
    )


def auditor_change(n: int, minutes: float, form: str = "8-K") -> FilingSpec:
    return FilingSpec(
        accession=f"{BETA:010d}-25-{n:06d}", cik=BETA, company="Beta Parts Corp.", form=form,
        accepted=minutes_ago(minutes), items=("4.01",),
        documents=(DocSpec(form, f"beta-{n}.htm", AUDITOR_8K, "CURRENT REPORT"),),
    )


# In acceptance order, as a live daemon meets them (one cycle each):
STREAM = [
    # Acme: the loss grew year on year (1,000 against 800): loss-widening.
    earnings(1, ACME, "Acme Widgets, Inc.", 40,
             release("Acme Widgets, Inc.", ("10,000", "9,000"), ("(1,000)", "(800)"))),
    # Acme: narrowed year on year (1,500 against 1,600), one earlier filing only: nothing.
    earnings(2, ACME, "Acme Widgets, Inc.", 35,
             release("Acme Widgets, Inc.", ("10,500", "9,500"), ("(1,500)", "(1,600)"))),
    auditor_change(3, 30),
    # Beta's 8-K/A on the same change: inside the rule's 30-day company window, not posted.
    auditor_change(4, 25, "8-K/A"),
    # Acme: narrowed year on year (2,000 against 2,500) but larger than each of the last two
    # filings (1,500 and 1,000): loss-widening from history only.
    earnings(5, ACME, "Acme Widgets, Inc.", 20,
             release("Acme Widgets, Inc.", ("11,000", "10,000"), ("(2,000)", "(2,500)"))),
    # Gamma: revenue 5,000 against 9,000 (-44%): revenue-drop; the loss narrowed.
    earnings(6, GAMMA, "Gamma Foods Co.", 15,
             release("Gamma Foods Co.", ("5,000", "9,000"), ("(100)", "(300)"))),
]
HISTORY_ONLY = STREAM[4].accession


def posted_by_rule(slack: FakeSlack) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for message in slack.messages:
        assert message.metadata is not None
        payload = message.metadata["event_payload"]
        for rule_id in payload["rules"]:
            out.setdefault(rule_id, set()).add(payload["accession"])
    return out


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command line, from the repository (its config.yaml names rules/)."""
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
async def daemon_db(slack: FakeSlack, make_config: Callable[..., Config]
                    ) -> tuple[Path, dict[str, set[str]]]:
    """The daemon run over STREAM (one cycle per filing): its database and what it posted.
    Fair access is not under test here (bench_burst and the fault tests own it): the replica
    does not throttle, so a loaded machine cannot turn this into a test of timing."""
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        config = make_config(replica.base_url, slack.base_url)
        async with Monitor(config, client_options={"backoff_initial": 0}) as monitor:
            for spec in STREAM:
                replica.add_filing(spec)
                await monitor.run_once()
    return Path(config.database), posted_by_rule(slack)


async def test_backtest_gives_exactly_the_alerts_the_daemon_posted(
    daemon_db: tuple[Path, dict[str, set[str]]],
) -> None:
    db, posted = daemon_db
    # What the stream was built to fire, so the comparison below is not vacuous:
    assert posted == {
        "loss-widening": {STREAM[0].accession, HISTORY_ONLY},
        "auditor-change": {STREAM[2].accession},
        "revenue-drop": {STREAM[5].accession},
    }

    done = cli("rules", "backtest", str(REPO / "rules"), "--db", str(db), "--json")

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["filings_evaluated"] == len(STREAM)
    fired = {rule_id: set(r["accessions"]) for rule_id, r in report["rules"].items()
             if r["fired"]}
    assert fired == posted
    assert report["rules"]["loss-widening"]["companies"] == 1
    assert report["rules"]["going-concern"] == {
        "fired": 0, "companies": 0, "per_1000_filings": 0.0, "accessions": [], "samples": []}


async def test_explain_backtest_and_daemon_agree_on_a_history_rule(
    daemon_db: tuple[Path, dict[str, set[str]]],
) -> None:
    db, posted = daemon_db

    explained = cli("explain", HISTORY_ONLY, "--db", str(db))

    assert explained.returncode == 0, explained.stderr
    verdicts = explained.stdout.split("\nRules:\n")[1].split("\nAlerts:\n")[0]
    [line] = [ln for ln in verdicts.splitlines() if "loss-widening" in ln]
    assert "FIRED" in line
    assert HISTORY_ONLY in posted["loss-widening"]


async def test_backtest_range_is_in_eastern_days_and_inclusive(
    daemon_db: tuple[Path, dict[str, set[str]]],
) -> None:
    db, _ = daemon_db
    now = datetime.now(EASTERN)
    yesterday, today, tomorrow = (f"{now + timedelta(days=d):%Y-%m-%d}" for d in (-1, 0, 1))

    covering = cli("rules", "backtest", "--db", str(db), "--since", yesterday, "--until", today,
                   "--json")
    later = cli("rules", "backtest", "--db", str(db), "--since", tomorrow, "--json")

    assert covering.returncode == 0, covering.stderr
    assert json.loads(covering.stdout)["filings_evaluated"] == len(STREAM)
    assert json.loads(later.stdout)["filings_evaluated"] == 0


async def test_against_lists_filings_that_fire_in_one_rule_set_only(
    daemon_db: tuple[Path, dict[str, set[str]]], tmp_path: Path
) -> None:
    db, _ = daemon_db
    stricter = tmp_path / "stricter.yaml"
    stricter.write_text(
        "rules:\n"
        "  - id: revenue-drop\n"
        "    description: Revenue fell by more than half.\n"
        "    severity: warning\n"
        "    when: {figure: revenue, measure: pct_change, op: lt, value: -50}\n")

    done = cli("rules", "backtest", str(REPO / "rules"), "--db", str(db), "--against",
               str(stricter), "--json")
    text = cli("rules", "backtest", str(REPO / "rules"), "--db", str(db), "--against",
               str(stricter))

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # Gamma's revenue fell 44%: in the default rule's reach (-25%), not the stricter one's.
    assert report["differences"]["revenue-drop"] == {
        "only_in_rules": [STREAM[5].accession], "only_in_against": []}
    assert report["against"]["rules"]["revenue-drop"]["fired"] == 0
    assert "revenue-drop: 1 only in the rules, 0 only in --against" in text.stdout
    assert f"+ {STREAM[5].accession}" in text.stdout


async def test_text_report_shows_counts_rates_and_evidence(
    daemon_db: tuple[Path, dict[str, set[str]]],
) -> None:
    db, _ = daemon_db

    done = cli("rules", "backtest", str(REPO / "rules"), "--db", str(db))

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{len(STREAM)} filings evaluated")
    [row] = [ln.split() for ln in done.stdout.splitlines()
             if ln.strip().startswith("loss-widening ")]
    assert row == ["loss-widening", "2", "1", f"{1000 * 2 / len(STREAM):.1f}"]
    assert "Acme Widgets, Inc." in done.stdout
    # The sentence the auditor-change alert quoted:
    assert '"On June 2, 2025 the Audit Committee dismissed its independent' in done.stdout


async def test_replayed_history_is_the_history_the_store_gives_the_daemon(
    daemon_db: tuple[Path, dict[str, set[str]]],
) -> None:
    db, _ = daemon_db
    history = CompanyHistory()
    async with await Store.open(db) as store:
        order = replay_order(await store.processed_filings())
        assert len(order) == len(STREAM)
        for facts in await store.facts_of(order):
            ref = facts.filing.ref
            assert history.before(facts) == await store.figure_history(
                ref.cik, ref.accepted, ref.accession), ref.accession
            history.add(facts)


@pytest.mark.parametrize("args, message", [
    (["--db", "{tmp}/missing.db"], "error: --db: no database at {tmp}/missing.db"),
    (["--since", "2025-02-01", "--until", "2025-01-01"],
     "error: --since 2025-02-01 is after --until 2025-01-01"),
    (["--since", "2025-13-01"], "Invalid value for '--since'"),
])
def test_bad_arguments_get_one_error_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path
) -> None:
    done = cli("rules", "backtest", *(a.format(tmp=tmp_path) for a in args))

    assert done.returncode == 2
    assert message.format(tmp=tmp_path) in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "missing.db").exists()  # a typo never creates an empty database


def test_a_bad_against_rule_file_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules:\n  - id: x\n    severity: loud\n")
    db = tmp_path / "monitor.db"
    db.write_bytes(b"")

    done = cli("rules", "backtest", "--db", str(db), "--against", str(broken))

    assert done.returncode == 2
    assert "broken.yaml:" in done.stderr and "Traceback" not in done.stderr


def match(rule_id: str, accession: str, window_days: float | None = None) -> RuleMatch:
    return RuleMatch(rule_id, "warning", "#c", rule_id, "", f"{rule_id}:{accession}",
                     window_days=window_days)


def test_dedupe_ledger_claims_a_key_once_and_a_company_window_once() -> None:
    ledger = DedupeLedger()
    t0 = datetime(2025, 6, 2, 14, tzinfo=UTC)

    assert ledger.claim(match("r", "a1"), 1, t0)
    assert not ledger.claim(match("r", "a1"), 1, t0)  # same filing
    assert ledger.claim(match("w", "a1", 30), 1, t0)
    assert not ledger.claim(match("w", "a2", 30), 1, t0 + timedelta(days=29))
    assert ledger.claim(match("w", "a3", 30), 2, t0 + timedelta(days=29))  # other company
    assert ledger.claim(match("w", "a4", 30), 1, t0 + timedelta(days=31))


def facts(accession: str, cik: int, accepted: datetime | None) -> FilingFacts:
    from monitor.models import Figure

    ref = FilingRef(accession=accession, cik=cik, form="8-K", accepted=accepted)
    return FilingFacts(Filing(ref, ()), {"net_income": Figure("net_income", -1.0, -2.0)}, {},
                       ())


def test_history_holds_only_filings_accepted_strictly_earlier_newest_first() -> None:
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    history = CompanyHistory(limit=2)
    for n in range(4):
        history.add(facts(f"a{n}", 7, t0 + timedelta(days=n)))
    history.add(facts("tie", 7, t0 + timedelta(days=3)))

    earlier = history.before(facts("now", 7, t0 + timedelta(days=3)))

    assert [e["accession"] for e in earlier] == ["a2", "a1"]
    assert history.before(facts("other", 8, t0 + timedelta(days=9))) == []


def test_replay_order_sorts_by_acceptance_and_applies_the_range() -> None:
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    rows: list[tuple[str, Any]] = [("c", t0 + timedelta(days=2)), ("a", t0), ("b", t0),
                                   ("undated", None)]

    assert replay_order(rows) == ["a", "b", "c", "undated"]
    assert replay_order(rows, since=t0 + timedelta(days=1)) == ["c"]
    assert replay_order(rows, until=t0 + timedelta(days=2)) == ["a", "b"]


def test_compare_names_each_side() -> None:
    from monitor.backtest import BacktestReport, RuleTally

    mine = BacktestReport(2, {"r": RuleTally("r", ["a", "b"]), "s": RuleTally("s", ["a"])})
    theirs = BacktestReport(2, {"r": RuleTally("r", ["b", "c"]), "s": RuleTally("s", ["a"])})

    [diff] = compare(mine, theirs)

    assert (diff.rule_id, diff.only_here, diff.only_there) == ("r", ("a",), ("c",))


async def test_a_backfill_without_alerts_stores_what_a_backtest_needs(
    make_config: Callable[..., Config],
) -> None:
    monday = datetime(2025, 12, 8, 10, 0, tzinfo=EASTERN)
    distressed = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
    async with EdgarReplica(clock=lambda: monday + timedelta(days=3),
                            faults=Faults(rate_limit=None)) as replica:
        for n in range(3):
            replica.add_filing(FilingSpec(
                accession=f"0005{n:06d}-25-{n:06d}", cik=5_000_000 + n,
                company=f"Backfilled {n} Inc.", form="8-K",
                accepted=monday + timedelta(days=n, hours=1), items=("2.02", "9.01"),
                documents=(DocSpec("EX-99.1", f"ex{n}.txt", distressed),)))
        config = make_config(replica.base_url)
        notifier = RecordingNotifier()
        async with Monitor(config, notifier=notifier,
                           clock=lambda: monday + timedelta(days=3)) as monitor:
            await backfill(monitor, date(2025, 12, 8), date(2025, 12, 10))

    done = cli("rules", "backtest", "--db", config.database, "--since", "2025-12-09", "--json")

    assert notifier.sent == []  # the backfill posted nothing
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["filings_evaluated"] == 2  # Tuesday and Wednesday
    # LumenFiber's release: going-concern doubt and a delisting notice (tests/documents/e2e).
    assert report["rules"]["going-concern"]["accessions"] == [
        "0005000001-25-000001", "0005000002-25-000002"]
    assert report["rules"]["delisting-notice"]["fired"] == 2

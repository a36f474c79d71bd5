"""Rule conditions, one table row per operator, and the default rules on hand-built facts.

Seed facts mirror ../shared/corpus/seed/LABELS.yaml (FiberCore, quarter ended 2003-03-31);
the expected verdicts were worked out by reading the labels, not by running the code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.models import (
    FIGURE_NAMES,
    SIGNAL_NAMES,
    Figure,
    Filing,
    FilingFacts,
    FilingRef,
    Signal,
)
from monitor.rules import Rule, RuleSet, evaluate, explain, load_rules

REPO = Path(__file__).resolve().parents[1]
ACCESSION = "0001000001-03-000007"

SEED_FIGURES: dict[str, tuple[float | None, float | None]] = {
    "revenue": (4_609_000, 7_885_000),
    "gross_profit": (-848_000, -185_000),
    "operating_income": (-3_072_000, -3_281_000),
    "net_income": (-4_005_000, -4_078_000),
    "eps_basic": (-0.06, -0.07),
    "eps_diluted": (-0.06, -0.07),
    "working_capital": (-37_147_000, -27_352_000),
    "total_assets": (78_450_000, 75_603_000),
    "total_liabilities": (77_504_000, 71_126_000),
    "stockholders_equity": (903_000, 4_462_000),
}
# Evidence sentences from real filings outside the evaluation corpus: the auditor's report on
# First Surgical Partners in Nobilis Health's 8-K (sec filing 0001062993-15-001424, read via
# github royelee/delist-detection tests/fixtures/golden/text/1409916_0001062993-15-001424.txt)
# and James River Coal's 8-K Item 3.01 of April 2014 (source "james_river" in test_context.py).
GOING_CONCERN = (
    "These conditions raise substantial doubt about its ability to continue as a going concern."
)
DELISTING = (
    "On April 8, 2014, the Company received notice from The Nasdaq Stock Market (“Nasdaq”) "
    "that Nasdaq intends to delist the Company’s common stock and that trading of the "
    "Company’s common stock will be suspended at the opening of business on April 17, 2014."
)
SEED_SIGNALS = {"going_concern": GOING_CONCERN, "delisting_notice": DELISTING}


def make_facts(
    figures: Mapping[str, tuple[float | None, float | None]] | None = None,
    signals: Mapping[str, str] | Iterable[str] = (),
    items: Sequence[str] = ("2.02", "9.01"),
    *,
    form: str = "8-K",
    cik: int = 1000001,
    ticker: str = "FBCE",
    sic: str = "3357",
    contexts: Mapping[str, str] | None = None,
) -> FilingFacts:
    evidence = dict(signals) if isinstance(signals, Mapping) else {s: "" for s in signals}
    ref = FilingRef(
        ACCESSION,
        cik,
        form,
        "FiberCore, Inc.",
        accepted=datetime(2003, 5, 20, 16, 2, tzinfo=UTC),
        items=tuple(items),
    )
    return FilingFacts(
        filing=Filing(ref, (), sic=sic),
        figures={
            n: Figure(n, c, p, context=(contexts or {}).get(n, ""))
            for n, (c, p) in (figures or {}).items()
        },
        signals={n: Signal(n, True, e or None) for n, e in evidence.items()},
        items=tuple(items),
        ticker=ticker,
    )


SEED = make_facts(SEED_FIGURES, SEED_SIGNALS)


def with_figures(**changes: tuple[float | None, float | None]) -> FilingFacts:
    return make_facts({**SEED_FIGURES, **changes}, SEED_SIGNALS)


def history(*values: float | None, name: str = "net_income") -> list[dict[str, Any]]:
    """Earlier filings, newest first, one a quarter back from the seed."""
    dates = ["2002-11-14", "2002-08-14", "2002-05-15", "2002-03-28"]
    return [
        {
            "accession": f"0001000001-02-00000{i}",
            "accepted": f"{dates[i]}T16:00:00",
            "figures": {name: v},
        }
        for i, v in enumerate(values)
    ]


def rule(when: Any, **fields: Any) -> Rule:
    return Rule.model_validate(
        {"id": "r", "description": "d", "severity": "info", "when": when, **fields}
    )


def verdict(
    when: Any,
    facts: FilingFacts = SEED,
    hist: Sequence[Mapping[str, Any]] = (),
    watchlists: Mapping[str, Sequence[str]] | None = None,
) -> tuple[bool, str]:
    [v] = explain(RuleSet((rule(when),), ()), facts, hist, watchlists=watchlists or {})
    return v.fired, v.reason


REV = {"figure": "revenue"}
NI_HIST = history(-3_000_000, -3_500_000)
WATCH = {"distressed": ["FBCE", "320193"], "by-cik": ["0001000001"], "banks": ["JPM"]}

# (condition, facts, history, expected fired, expected reason)
CASES: list[Any] = [
    # signal
    pytest.param(
        {"signal": "going_concern"},
        SEED,
        (),
        True,
        "going_concern signal present",
        id="signal-present",
    ),
    pytest.param(
        {"signal": "bankruptcy"}, SEED, (), False, "no bankruptcy signal", id="signal-absent"
    ),
    # items (any of), floats from YAML keep two decimals
    pytest.param({"items": ["4.01", "2.02"]}, SEED, (), True, "item 2.02 reported", id="items-any"),
    pytest.param(
        {"items": "1.03"},
        SEED,
        (),
        False,
        "no item 1.03 (items reported: 2.02, 9.01)",
        id="items-none",
    ),
    pytest.param(
        {"items": [6.10]},
        make_facts(items=("6.10",)),
        (),
        True,
        "item 6.10 reported",
        id="items-float-6.10",
    ),
    # form
    pytest.param({"form": "8-K"}, SEED, (), True, "form 8-K", id="form-in"),
    pytest.param({"form": "8-k"}, SEED, (), True, "form 8-K", id="form-case-insensitive"),
    pytest.param(
        {"form": ["8-K/A", "6-K"]},
        SEED,
        (),
        False,
        "form 8-K is not 8-K/A or 6-K",
        id="form-not-in",
    ),
    # figure, measure current, every operator both ways
    pytest.param(
        {**REV, "op": "lt", "value": 5e6},
        SEED,
        (),
        True,
        "revenue 4,609,000 is below 5,000,000",
        id="lt-true",
    ),
    pytest.param(
        {**REV, "op": "lt", "value": 4_609_000},
        SEED,
        (),
        False,
        "revenue 4,609,000 is not below 4,609,000",
        id="lt-false",
    ),
    pytest.param(
        {**REV, "op": "le", "value": 4_609_000},
        SEED,
        (),
        True,
        "revenue 4,609,000 is at or below 4,609,000",
        id="le-true",
    ),
    pytest.param(
        {**REV, "op": "le", "value": 4e6},
        SEED,
        (),
        False,
        "revenue 4,609,000 is not at or below 4,000,000",
        id="le-false",
    ),
    pytest.param(
        {**REV, "op": "gt", "value": 4e6},
        SEED,
        (),
        True,
        "revenue 4,609,000 is above 4,000,000",
        id="gt-true",
    ),
    pytest.param(
        {**REV, "op": "gt", "value": 4_609_000},
        SEED,
        (),
        False,
        "revenue 4,609,000 is not above 4,609,000",
        id="gt-false",
    ),
    pytest.param(
        {**REV, "op": "ge", "value": 4_609_000},
        SEED,
        (),
        True,
        "revenue 4,609,000 is at or above 4,609,000",
        id="ge-true",
    ),
    pytest.param(
        {**REV, "op": "ge", "value": 5e6},
        SEED,
        (),
        False,
        "revenue 4,609,000 is not at or above 5,000,000",
        id="ge-false",
    ),
    pytest.param(
        {**REV, "op": "eq", "value": 4_609_000},
        SEED,
        (),
        True,
        "revenue 4,609,000 is equal to 4,609,000",
        id="eq-true",
    ),
    pytest.param(
        {**REV, "op": "eq", "value": 4_609_001},
        SEED,
        (),
        False,
        "revenue 4,609,000 is not equal to 4,609,001",
        id="eq-false",
    ),
    pytest.param(
        {**REV, "op": "ne", "value": 0},
        SEED,
        (),
        True,
        "revenue 4,609,000 is different from 0",
        id="ne-true",
    ),
    pytest.param(
        {**REV, "op": "ne", "value": 4_609_000},
        SEED,
        (),
        False,
        "revenue 4,609,000 is not different from 4,609,000",
        id="ne-false",
    ),
    pytest.param(
        {**REV, "op": "<", "value": 5e6},
        SEED,
        (),
        True,
        "revenue 4,609,000 is below 5,000,000",
        id="symbol-lt",
    ),
    pytest.param(
        {**REV, "op": "!=", "value": 0},
        SEED,
        (),
        True,
        "revenue 4,609,000 is different from 0",
        id="symbol-ne",
    ),
    pytest.param(
        {"figure": "eps_basic", "op": "eq", "value": -0.06},
        SEED,
        (),
        True,
        "eps_basic -0.06 is equal to -0.06",
        id="eq-per-share",
    ),
    # figure measures
    pytest.param(
        {**REV, "measure": "prior", "op": "gt", "value": 7e6},
        SEED,
        (),
        True,
        "revenue prior period 7,885,000 is above 7,000,000",
        id="measure-prior",
    ),
    pytest.param(
        {**REV, "measure": "change", "op": "lt", "value": -3e6},
        SEED,
        (),
        True,
        "revenue change -3,276,000 (7,885,000 → 4,609,000) is below -3,000,000",
        id="measure-change",
    ),
    pytest.param(
        {**REV, "measure": "pct_change", "op": "lt", "value": -25},
        SEED,
        (),
        True,
        "revenue change -41.5% (7,885,000 → 4,609,000) is below -25%",
        id="measure-pct-change",
    ),
    pytest.param(
        {**REV, "measure": "pct_change", "op": "lt", "value": -50},
        SEED,
        (),
        False,
        "revenue change -41.5% (7,885,000 → 4,609,000) is not below -50%",
        id="measure-pct-change-false",
    ),
    pytest.param(
        {"figure": "total_liabilities", "op": "gt", "compare_to": "total_assets"},
        SEED,
        (),
        False,
        "total_liabilities 77,504,000 is not above total_assets 78,450,000",
        id="compare-to",
    ),
    pytest.param(
        {**REV, "op": "lt", "value": 1},
        make_facts({}),
        (),
        False,
        "revenue not reported in this filing",
        id="figure-missing",
    ),
    pytest.param(
        {**REV, "measure": "change", "op": "lt", "value": 1},
        with_figures(revenue=(4_609_000, None)),
        (),
        False,
        "revenue has no prior-period value",
        id="figure-no-prior",
    ),
    pytest.param(
        {**REV, "measure": "pct_change", "op": "lt", "value": 1},
        with_figures(revenue=(4_609_000, 0)),
        (),
        False,
        "revenue percent change undefined (prior period is 0)",
        id="pct-prior-zero",
    ),
    # sign flips
    pytest.param(
        {"sign_flip": "net_income", "to": "negative"},
        with_figures(net_income=(-300, 500)),
        (),
        True,
        "net_income turned negative (500 → -300)",
        id="sign-flip-negative",
    ),
    pytest.param(
        {"sign_flip": "net_income", "to": "positive"},
        with_figures(net_income=(-300, 500)),
        (),
        False,
        "net_income turned negative, not positive (500 → -300)",
        id="sign-flip-wrong-way",
    ),
    pytest.param(
        {"sign_flip": "net_income"},
        with_figures(net_income=(200, -100)),
        (),
        True,
        "net_income turned positive (-100 → 200)",
        id="sign-flip-either",
    ),
    pytest.param(
        {"sign_flip": "net_income"},
        SEED,
        (),
        False,
        "net_income did not change sign (-4,078,000 → -4,005,000)",
        id="no-sign-flip",
    ),
    # loss widened against the prior period
    pytest.param(
        {"loss_widened": "net_income"},
        SEED,
        (),
        False,
        "net_income loss narrowed from 4,078,000 to 4,005,000",
        id="loss-narrowed",
    ),
    pytest.param(
        {"loss_widened": "gross_profit"},
        SEED,
        (),
        True,
        "gross_profit loss widened from 185,000 to 848,000",
        id="loss-widened",
    ),
    pytest.param(
        {"loss_widened": "net_income"},
        with_figures(net_income=(-500, 1000)),
        (),
        False,
        "net_income is not a loss in both periods (1,000 → -500)",
        id="loss-then-profit",
    ),
    pytest.param(
        {"loss_widened": "net_income"},
        with_figures(net_income=(-4000, -4000)),
        (),
        False,
        "net_income loss unchanged at 4,000",
        id="loss-unchanged",
    ),
    # loss widened against history (the last N earlier filings)
    pytest.param(
        {"loss_widened": "net_income", "last": 2},
        SEED,
        NI_HIST,
        True,
        "net_income loss of 4,005,000 is larger than in each of the last 2 filings "
        "(3,000,000 on 2002-11-14, 3,500,000 on 2002-08-14)",
        id="loss-vs-history",
    ),
    pytest.param(
        {"loss_widened": "net_income", "last": 2},
        SEED,
        history(-3_000_000, -5_000_000),
        False,
        "net_income loss of 4,005,000 is not larger than the loss of 5,000,000 reported 2002-08-14",
        id="loss-vs-history-smaller",
    ),
    pytest.param(
        {"loss_widened": "net_income", "last": 2},
        SEED,
        history(1_000_000, -1),
        False,
        "net_income loss of 4,005,000 is not larger than the profit of 1,000,000 "
        "reported 2002-11-14",
        id="loss-vs-history-profit",
    ),
    pytest.param(
        {"loss_widened": "net_income", "last": 2},
        SEED,
        [*history(-3_000_000), *history(None, name="revenue")],
        False,
        "only 1 earlier net_income value on record, 2 needed",
        id="loss-history-short",
    ),
    pytest.param(
        {"loss_widened": "net_income", "last": 2},
        SEED,
        (),
        False,
        "no earlier net_income values on record, 2 needed",
        id="loss-no-history",
    ),
    # history comparisons
    pytest.param(
        {"history": "net_income", "op": "lt"},
        SEED,
        NI_HIST,
        True,
        "net_income -4,005,000 is below each of the last 2 reported values "
        "(-3,000,000 on 2002-11-14; -3,500,000 on 2002-08-14)",
        id="history-each",
    ),
    pytest.param(
        {"history": "net_income", "op": "lt"},
        SEED,
        history(-3e6, -5e6),
        False,
        "net_income -4,005,000 is not below -5,000,000 on 2002-08-14",
        id="history-each-false",
    ),
    pytest.param(
        {"history": "net_income", "op": "lt", "against": "any"},
        SEED,
        history(-5e6, -3e6),
        True,
        "net_income -4,005,000 is below -3,000,000 on 2002-08-14",
        id="history-any",
    ),
    pytest.param(
        {"history": "net_income", "op": "gt", "against": "any"},
        SEED,
        NI_HIST,
        False,
        "net_income -4,005,000 is not above any of the last 2 reported values "
        "(-3,000,000 on 2002-11-14; -3,500,000 on 2002-08-14)",
        id="history-any-false",
    ),
    pytest.param(
        {
            "history": "revenue",
            "measure": "pct_change",
            "op": "lt",
            "value": -25,
            "against": "mean",
        },
        SEED,
        history(6e6, 8e6, name="revenue"),
        True,
        "revenue change is below -25% against the mean 7,000,000 of the last 2 "
        "reported values: change -34.2%",
        id="history-mean-pct",
    ),
    pytest.param(
        {"history": "revenue", "op": "gt", "against": "max", "last": 3},
        SEED,
        history(4e6, 4.5e6, 3e6, name="revenue"),
        True,
        "revenue 4,609,000 is above the max 4,500,000 of the last 3 reported values",
        id="history-max",
    ),
    pytest.param(
        {"history": "revenue", "op": "lt", "against": "min", "last": 1},
        SEED,
        history(4e6, name="revenue"),
        False,
        "revenue 4,609,000 is not below the min 4,000,000 of the last reported value",
        id="history-min",
    ),
    pytest.param(
        {"history": "revenue", "measure": "change", "op": "le", "value": -1e6},
        SEED,
        history(6e6, 5.8e6, name="revenue"),
        True,
        "revenue change is at or below -1,000,000 against each of the last 2 reported "
        "values (6,000,000 on 2002-11-14: change -1,391,000; 5,800,000 on "
        "2002-08-14: change -1,191,000)",
        id="history-change-each",
    ),
    pytest.param(
        {"history": "revenue", "measure": "pct_change", "op": "lt", "value": 0},
        SEED,
        history(0, 1e6, name="revenue"),
        False,
        "revenue change is not below 0% against 0 on 2002-11-14: change undefined",
        id="history-pct-undefined",
    ),
    # company facts
    pytest.param({"cik": [1000001, 320193]}, SEED, (), True, "CIK 1000001 listed", id="cik-in"),
    pytest.param(
        {"cik": "0000320193"}, SEED, (), False, "CIK 1000001 not in 320193", id="cik-not-in"
    ),
    pytest.param({"ticker": ["fbce"]}, SEED, (), True, "ticker FBCE listed", id="ticker-in"),
    pytest.param(
        {"ticker": "AAPL"}, SEED, (), False, "ticker FBCE not in AAPL", id="ticker-not-in"
    ),
    pytest.param(
        {"ticker": "FBCE"}, make_facts(ticker=""), (), False, "ticker unknown", id="ticker-unknown"
    ),
    pytest.param(
        {"sic": ["6000-6799", "3300-3399"]}, SEED, (), True, "SIC 3357 in 3300-3399", id="sic-range"
    ),
    pytest.param(
        {"sic": [3661, "6000-6799"]},
        SEED,
        (),
        False,
        "SIC 3357 not in 3661, 6000-6799",
        id="sic-not-in",
    ),
    pytest.param(
        {"sic": "3357"}, make_facts(sic=""), (), False, "SIC code unknown", id="sic-unknown"
    ),
    pytest.param(
        {"watchlist": "distressed"},
        SEED,
        (),
        True,
        "FBCE is on watchlist distressed",
        id="watchlist-ticker",
    ),
    pytest.param(
        {"watchlist": "by-cik"},
        SEED,
        (),
        True,
        "0001000001 is on watchlist by-cik",
        id="watchlist-cik",
    ),
    pytest.param(
        {"watchlist": "banks"},
        SEED,
        (),
        False,
        "CIK 1000001, ticker FBCE not on watchlist banks",
        id="watchlist-not-on",
    ),
    pytest.param(
        {"watchlist": "nope"},
        SEED,
        (),
        False,
        "watchlist nope is not in config",
        id="watchlist-missing",
    ),
    # all / any / not
    pytest.param(
        {"all": [{"signal": "going_concern"}, {"signal": "delisting_notice"}]},
        SEED,
        (),
        True,
        "going_concern signal present; delisting_notice signal present",
        id="all-true",
    ),
    pytest.param(
        {"all": [{"signal": "going_concern"}, {"signal": "bankruptcy"}]},
        SEED,
        (),
        False,
        "no bankruptcy signal",
        id="all-false",
    ),
    pytest.param(
        {"any": [{"signal": "bankruptcy"}, {"signal": "going_concern"}]},
        SEED,
        (),
        True,
        "going_concern signal present",
        id="any-true",
    ),
    pytest.param(
        {"any": [{"signal": "bankruptcy"}, {"signal": "non_reliance"}]},
        SEED,
        (),
        False,
        "none of: no bankruptcy signal; no non_reliance signal",
        id="any-false",
    ),
    pytest.param(
        {"not": {"signal": "regained_compliance"}},
        SEED,
        (),
        True,
        "no regained_compliance signal",
        id="not-true",
    ),
    pytest.param(
        {"not": {"signal": "going_concern"}},
        SEED,
        (),
        False,
        "going_concern signal present",
        id="not-false",
    ),
]


@pytest.mark.parametrize(("when", "facts", "hist", "fired", "reason"), CASES)
def test_condition(
    when: Any, facts: FilingFacts, hist: Sequence[Mapping[str, Any]], fired: bool, reason: str
) -> None:
    assert verdict(when, facts, hist, WATCH) == (fired, reason)


# -- the default rules ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def defaults() -> RuleSet:
    return load_rules([REPO / "rules" / "default.yaml"])


def fired(
    ruleset: RuleSet, facts: FilingFacts, hist: Sequence[Mapping[str, Any]] = ()
) -> list[str]:
    return [m.rule_id for m in evaluate(ruleset, facts, "#alerts", hist)]


def reasons(ruleset: RuleSet, facts: FilingFacts) -> dict[str, str]:
    return {v.rule.id: v.reason for v in explain(ruleset, facts)}


def test_default_rules_are_the_issue_list(defaults: RuleSet) -> None:
    assert [r.id for r in defaults.rules] == [
        "going-concern",
        "delisting-notice",
        "loss-widening",
        "swung-to-loss",
        "revenue-drop",
        "equity-deficit",
        "bankruptcy",
        "non-reliance",
        "auditor-change",
        "late-filing",
        "late-filing-overdue",
        "exchange-delisting",
        "deregistration",
    ]
    assert all(len(r.description.split()) >= 10 for r in defaults.rules)


def test_seed_fires_going_concern_delisting_and_revenue_drop_only(defaults: RuleSet) -> None:
    assert fired(defaults, SEED) == ["going-concern", "delisting-notice", "revenue-drop"]


def test_seed_loss_narrowed_and_revenue_fell_42_percent(defaults: RuleSet) -> None:
    why = reasons(defaults, SEED)
    assert why["loss-widening"] == (
        "none of: net_income loss narrowed from 4,078,000 to 4,005,000; "
        "no earlier net_income values on record, 2 needed"
    )
    assert why["revenue-drop"] == "revenue change -41.5% (7,885,000 → 4,609,000) is below -25%"
    assert why["equity-deficit"] == (
        "none of: stockholders_equity 903,000 is not below 0; total_liabilities 77,504,000 is "
        "not above total_assets 78,450,000; stockholders_equity change -79.8% "
        "(4,462,000 → 903,000) is not at or below -90%"
    )


def test_seed_alerts_quote_the_evidence(defaults: RuleSet) -> None:
    matches = {m.rule_id: m for m in evaluate(defaults, SEED, "#alerts")}
    assert matches["going-concern"].evidence == GOING_CONCERN
    assert matches["delisting-notice"].evidence == DELISTING
    assert matches["going-concern"].severity == "critical"
    assert matches["revenue-drop"].severity == "warning"


@pytest.mark.parametrize(
    ("facts", "hist", "expected"),
    [
        pytest.param(
            make_facts(signals={"delisting_notice": "x", "regained_compliance": "y"}),
            (),
            [],
            id="delisting-cured-by-regained-compliance",
        ),
        # A voluntary transfer reports Item 3.01 but the extractor sets no delisting signal.
        pytest.param(make_facts(items=("3.01", "9.01")), (), [], id="voluntary-transfer"),
        pytest.param(
            with_figures(net_income=(-5e6, -4e6)),
            (),
            ["going-concern", "delisting-notice", "loss-widening", "revenue-drop"],
            id="loss-widened-vs-prior-year",
        ),
        pytest.param(
            make_facts({"net_income": (-4_005_000, None)}),
            NI_HIST,
            ["loss-widening"],
            id="loss-widened-vs-last-two-filings",
        ),
        pytest.param(make_facts({"revenue": (6e6, 7.885e6)}), (), [], id="revenue-down-24pct"),
        pytest.param(make_facts({"revenue": (75, 100)}), (), [], id="revenue-down-exactly-25pct"),
        pytest.param(
            make_facts({"stockholders_equity": (-1e6, 2e6)}),
            (),
            ["equity-deficit"],
            id="equity-negative",
        ),
        pytest.param(
            make_facts({"total_liabilities": (9e6, 8e6), "total_assets": (8e6, 9e6)}),
            (),
            ["equity-deficit"],
            id="liabilities-exceed-assets",
        ),
        pytest.param(
            make_facts({"stockholders_equity": (400_000, 4_462_000)}),
            (),
            ["equity-deficit"],
            id="equity-collapse-91pct",
        ),
        # Intel's Q3 2024 release: net income $297M a year earlier, a $16.6B loss now.
        pytest.param(make_facts({"net_income": (-16_639e6, 297e6)}, items=("2.02",)), (),
                     ["swung-to-loss"], id="profit-to-loss"),
        pytest.param(make_facts({"net_income": (-1e6, -2e6)}, items=("2.02",)), (), [],
                     id="loss-both-periods-is-not-a-swing"),
        pytest.param(make_facts({"net_income": (2e6, -1e6)}, items=("2.02",)), (), [],
                     id="loss-to-profit"),
        pytest.param(make_facts({"net_income": (-1e6, None)}, items=("2.02",)), (), [],
                     id="no-prior-period"),
        pytest.param(make_facts({"net_income": (-1e6, 0)}, items=("2.02",)), (), [],
                     id="break-even-to-loss-is-not-a-swing"),
        pytest.param(make_facts(signals=["bankruptcy"]), (), ["bankruptcy"], id="bankruptcy"),
        pytest.param(make_facts(items=("1.03",)), (), ["bankruptcy"], id="item-1.03"),
        pytest.param(make_facts(items=("4.02",)), (), ["non-reliance"], id="item-4.02"),
        pytest.param(
            make_facts(signals=["auditor_change"]), (), ["auditor-change"], id="auditor-change"
        ),
        pytest.param(make_facts({}, items=()), (), [], id="nothing-found"),
    ],
)
def test_default_rules(
    defaults: RuleSet, facts: FilingFacts, hist: Sequence[Mapping[str, Any]], expected: list[str]
) -> None:
    assert fired(defaults, facts, hist) == expected


def test_every_rule_file_in_the_repo_validates() -> None:
    assert load_rules([REPO / "rules"]).rules


# -- routing, dedupe, enabled ---------------------------------------------------------------


def test_routing_dedupe_and_disabled_rules() -> None:
    rules = RuleSet(
        (
            rule({"signal": "going_concern"}, id="gc"),
            rule(
                {"signal": "going_concern"},
                id="gc-desk",
                channel="#credit-desk",
                dedupe={"per": "company", "days": 7},
            ),
            rule({"signal": "going_concern"}, id="off", enabled=False),
            rule({"figure": "revenue", "op": "gt", "value": 0}, id="rev", title="Revenue"),
        ),
        (),
    )
    facts = make_facts(
        SEED_FIGURES, {"going_concern": "doubt"}, contexts={"revenue": "Net sales 4,609 7,885"}
    )
    matches = evaluate(rules, facts, default_channel="#edgar-alerts")
    assert [
        (m.rule_id, m.channel, m.dedupe_key, m.window_days, m.title, m.evidence) for m in matches
    ] == [
        ("gc", "#edgar-alerts", f"gc:{ACCESSION}", None, "Gc", "doubt"),
        ("gc-desk", "#credit-desk", f"gc-desk:{ACCESSION}", 7.0, "Gc desk", "doubt"),
        # A table figure is quoted as its line, not the table's heading.
        ("rev", "#edgar-alerts", f"rev:{ACCESSION}", None, "Revenue",
         "revenue: 4,609,000 vs 7,885,000 (-41.5%)"),
    ]
    assert [(v.rule.id, v.fired, v.reason) for v in explain(rules, facts)][2] == (
        "off",
        False,
        "disabled (enabled: false)",
    )


def test_auditor_change_fires_once_per_company_per_30_days(defaults: RuleSet) -> None:
    [match] = evaluate(defaults, make_facts(items=("4.01",)), "#alerts")
    assert (match.rule_id, match.window_days) == ("auditor-change", 30.0)


def test_watchlists_are_passed_by_keyword() -> None:
    rules = RuleSet((rule({"watchlist": "distressed"}),), ())
    assert evaluate(rules, SEED, default_channel="#a", history=(), watchlists=WATCH)
    assert not evaluate(rules, SEED, default_channel="#a")


# -- invariants -----------------------------------------------------------------------------

values = st.one_of(
    st.none(), st.floats(-1e12, 1e12, allow_nan=False), st.integers(-(10**9), 10**9).map(float)
)
figure_maps = st.dictionaries(st.sampled_from(FIGURE_NAMES), st.tuples(values, values))
ops = st.sampled_from(["lt", "le", "gt", "ge", "eq", "ne"])
measures = st.sampled_from(["current", "prior", "change", "pct_change"])


@settings(max_examples=200, deadline=None)
@given(
    figure_maps, st.sampled_from(FIGURE_NAMES), measures, ops, st.floats(-1e9, 1e9, allow_nan=False)
)
def test_not_inverts_a_figure_condition(
    figures: dict[str, tuple[float | None, float | None]],
    name: str,
    measure: str,
    op: str,
    value: float,
) -> None:
    cond = {"figure": name, "measure": measure, "op": op, "value": value}
    facts = make_facts(figures)
    ok, why = verdict(cond, facts)
    assert verdict({"not": cond}, facts) == (not ok, why)


@settings(max_examples=200, deadline=None)
@given(
    figure_maps,
    st.sets(st.sampled_from(SIGNAL_NAMES)),
    st.lists(st.sampled_from(["1.03", "2.02", "3.01", "4.01", "4.02", "9.01"]), max_size=3),
    st.lists(values, max_size=4),
)
def test_default_rules_evaluate_any_facts(
    figures: dict[str, tuple[float | None, float | None]],
    signals: set[str],
    items: list[str],
    earlier: list[float | None],
) -> None:
    defaults = load_rules([REPO / "rules" / "default.yaml"])
    facts = make_facts(figures, signals, items)
    verdicts = explain(defaults, facts, history(*earlier))
    assert len(verdicts) == len(defaults.rules)
    assert all(v.reason for v in verdicts)


@given(values, values)
def test_loss_widened_means_both_losses_and_current_larger(
    current: float | None, prior: float | None
) -> None:
    ok, _ = verdict({"loss_widened": "net_income"}, make_facts({"net_income": (current, prior)}))
    assert ok == (current is not None and prior is not None and current < prior < 0)

"""What an alert and `explain` say about XBRL checks."""

from __future__ import annotations

from datetime import date

from monitor.explain import explanation_json, render_explanation
from monitor.models import Alert, AlertFigure, RuleMatch
from monitor.notify.render import render_blocks, render_text
from monitor.xbrl.alerts import xbrl_notes
from monitor.xbrl.crosscheck import Check, CrossCheck, FigureCheck

from .test_rules import SEED

MATCH = Check("match", 7_885_000, 7_885_000, "0001000001-02-000009", "10-Q", "2002-05-15",
              "quarter to 2002-03-31")
MISMATCH = Check("mismatch", -4_078_000, -4_100_000, "0001000001-02-000009", "10-Q",
                 "2002-05-15", "quarter to 2002-03-31")
NONE = Check("unavailable", 903_000, note="SEC has no XBRL data for this company")
CROSS = CrossCheck(date(2003, 3, 31), {
    "revenue": FigureCheck("revenue", MATCH, Check("pending", 4_609_000)),
    "net_income": FigureCheck("net_income", MISMATCH, Check("pending", -4_005_000)),
    "stockholders_equity": FigureCheck("stockholders_equity", NONE, NONE),
}, verdict="2 prior-period figures disagree with XBRL (...): wrong extraction more likely")


def payload(reason: str = "") -> Alert:
    notes = xbrl_notes(CROSS, [{"source": "XBRL"}, {"accession": "a"}])
    assert notes is not None
    rows = [("revenue", 4_609_000, 7_885_000), ("net_income", -4_005_000, -4_078_000),
            ("stockholders_equity", 903_000, 4_462_000)]
    figures = tuple(AlertFigure(name, current, prior, xbrl=notes.figure_checks.get(name))
                    for name, current, prior in rows)
    match = RuleMatch("loss-widening", "warning", "#edgar-alerts", "Net loss widened", "d",
                      "lw", reason=reason)
    return Alert("a", "", "#edgar-alerts", (match,), company="FiberCore, Inc.",
                 figures=figures, xbrl_verdict=notes.verdict,
                 history_source=notes.history_source)


def test_alert_lines_say_whether_each_prior_matches_xbrl() -> None:
    text = render_text(payload())
    assert "Revenue: $4.6M vs $7.9M (-41.5%) · prior matches 10-Q filed 2002-05-15" in text
    assert ("Net income: ($4.0M) vs ($4.1M) (loss narrowed 1.8%) · prior differs from 10-Q "
            "filed 2002-05-15 (-4,100,000 for the quarter to 2002-03-31)") in text
    assert "Stockholders' equity: $903K vs $4.5M (-79.8%)\n" in text  # unavailable: unchanged
    assert "XBRL check: 2 prior-period figures disagree with XBRL" in text
    assert "Compared with" not in text  # no rule used XBRL history


def test_a_rule_that_used_xbrl_history_says_so() -> None:
    basis = "net_income loss ... (-3,000,000 on 2002-12-31 (quarter, XBRL 10-K filed ...))"
    text = render_text(payload(reason=basis))
    assert f"  Why: {basis}" in text
    assert "Compared with 1 earlier filing(s) on record, 1 quarter(s) from XBRL 10-Q/10-K" in text
    blocks = render_blocks(payload(reason=basis))
    assert any("_Why:_" in b.get("text", {}).get("text", "") for b in blocks)


def test_explain_shows_each_figures_check() -> None:
    text = render_explanation(SEED, [], cross=CROSS)
    assert "XBRL check (current period to 2003-03-31):" in text
    assert "revenue              prior matches 10-Q filed 2002-05-15; current not yet in XBRL" \
        in text
    data = explanation_json(SEED, [], CROSS)
    assert data["figures"]["net_income"]["xbrl"]["status"] == "mismatch"
    assert data["figures"]["net_income"]["xbrl"]["prior"] == -4_100_000
    assert data["figures"]["eps_basic"]["xbrl"]["status"] == "unavailable"
    assert data["xbrl_verdict"].endswith("wrong extraction more likely")

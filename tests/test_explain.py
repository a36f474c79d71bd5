"""`render_explanation`: what `edgar-monitor explain` prints for one filing."""

from __future__ import annotations

from monitor.explain import render_explanation
from monitor.models import Figure, Filing, FilingFacts, FilingRef, Signal
from monitor.rules import RuleSet, explain, load_rules

from .test_rules import REPO, SEED, rule

SEED_EXPLANATION = """\
FiberCore, Inc. (CIK 1000001, ticker FBCE, SIC 3357): 8-K 0001000001-03-000007, accepted \
2003-05-20 16:02

Figures:                      current             prior    change
  revenue                   4,609,000         7,885,000    -41.5%
  gross_profit               -848,000          -185,000   -358.4%
  operating_income         -3,072,000        -3,281,000     +6.4%
  net_income               -4,005,000        -4,078,000     +1.8%
  eps_basic                     -0.06             -0.07    +14.3%
  eps_diluted                   -0.06             -0.07    +14.3%
  total_assets             78,450,000        75,603,000     +3.8%
  total_liabilities        77,504,000        71,126,000     +9.0%
  stockholders_equity         903,000         4,462,000    -79.8%
  working_capital         -37,147,000       -27,352,000    -35.8%

Signals:
  going_concern        present
      "These conditions raise substantial doubt about its ability to continue as a going \
concern."
  delisting_notice     present
      "On April 8, 2014, the Company received notice from The Nasdaq Stock Market (“Nasdaq”) \
that Nasdaq intends to delist the Company’s common stock and that trading of the Company’s \
common stock will be suspended at the opening of business on April 17, 2014."
  regained_compliance  absent
  bankruptcy           absent
  non_reliance         absent
  auditor_change       absent

Items: 2.02, 9.01

Rules:
  FIRED      going-concern        [critical]  going_concern signal present
      The filing says there is substantial doubt about the company's ability to continue as a
      going concern, or that its auditor questioned it. Lenders and counterparties often treat
      this as a default trigger.
  FIRED      delisting-notice     [critical]  delisting_notice signal present; no \
regained_compliance signal
      The exchange told the company it is delisting its shares or that it no longer meets a
      listing standard (deficiency letter, hearing, suspension, move to OTC). Notices the
      company has since cured (regained compliance) and voluntary moves to another exchange do
      not count.
  not fired  loss-widening        [warning]   none of: net_income loss narrowed from 4,078,000 \
to 4,005,000; no earlier net_income values on record, 2 needed
  not fired  swung-to-loss        [warning]   net_income did not change sign (-4,078,000 → \
-4,005,000)
  FIRED      revenue-drop         [warning]   revenue change -41.5% (7,885,000 → 4,609,000) is \
below -25%
      Revenue fell by more than a quarter against the period the filing compares with.
  not fired  equity-deficit       [critical]  none of: stockholders_equity 903,000 is not below \
0; total_liabilities 77,504,000 is not above total_assets 78,450,000; stockholders_equity \
change -79.8% (4,462,000 → 903,000) is not at or below -90%
  not fired  bankruptcy           [critical]  none of: no bankruptcy signal; no item 1.03 (items \
reported: 2.02, 9.01)
  not fired  non-reliance         [critical]  none of: no non_reliance signal; no item 4.02 \
(items reported: 2.02, 9.01)
  not fired  auditor-change       [warning]   none of: no auditor_change signal; no item 4.01 \
(items reported: 2.02, 9.01)
  not fired  late-filing          [warning]   no late_filing signal
  not fired  late-filing-overdue  [critical]  no late_filing signal
  not fired  exchange-delisting   [info]      no exchange_delisting signal
  not fired  deregistration       [warning]   no deregistration signal
"""


def test_seed_explanation_shows_figures_signals_items_and_every_rule() -> None:
    defaults = load_rules([REPO / "rules" / "default.yaml"])
    assert render_explanation(SEED, explain(defaults, SEED)) == SEED_EXPLANATION


def test_sparse_filing_with_labels_documents_errors_and_a_disabled_rule() -> None:
    facts = FilingFacts(
        filing=Filing(FilingRef("0000000001-24-000001", 1, "8-K/A"), ()),
        figures={"net_income": Figure("net_income", -1500.5, None, label="Net loss")},
        signals={
            "auditor_change": Signal("auditor_change", True, "Dismissed\n  KPMG.", "ex16.htm")
        },
        items=(),
        errors=("ex99.pdf: not a readable document",),
    )
    rules = RuleSet(
        (
            rule({"signal": "auditor_change"}, id="aud", severity="warning"),
            rule({"signal": "auditor_change"}, id="off", enabled=False),
        ),
        (),
    )
    text = render_explanation(facts, explain(rules, facts))
    assert text.splitlines() == [
        "Unknown company (CIK 1): 8-K/A 0000000001-24-000001",
        "",
        "Figures:             current             prior    change",
        "  net_income       -1,500.50                 -            (Net loss)",
        "  not found: revenue, gross_profit, operating_income, eps_basic, eps_diluted, "
        "total_assets, total_liabilities, stockholders_equity, working_capital",
        "",
        "Signals:",
        "  going_concern        absent",
        "  delisting_notice     absent",
        "  regained_compliance  absent",
        "  bankruptcy           absent",
        "  non_reliance         absent",
        "  auditor_change       present  (ex16.htm)",
        '      "Dismissed KPMG."',
        "",
        "Items: none",
        "",
        "Extraction problems:",
        "  - ex99.pdf: not a readable document",
        "",
        "Rules:",
        "  FIRED      aud  [warning]   auditor_change signal present",
        "      d",
        "  not fired  off  [info]      disabled (enabled: false)",
    ]


def test_no_figures_and_no_rules() -> None:
    facts = FilingFacts(Filing(FilingRef("a", 2, "8-K", "Acme"), ()), {}, {}, ("8.01",))
    text = render_explanation(facts, [])
    assert "Figures: none found\n" in text
    assert text.endswith("Rules:\n  (no rules loaded)\n")

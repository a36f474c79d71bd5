"""Sample alerts: what `edgar-monitor test-alert` posts and what docs/alerts.md shows.

Built from hand-written facts through the real rules, alert builder and renderer, so the
docs show exactly what the team will see.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from monitor.alerts import build_alerts
from monitor.formats.filing import EASTERN
from monitor.models import (
    Alert,
    DocumentRef,
    FactValue,
    Figure,
    Filing,
    FilingFacts,
    FilingRef,
    FormFacts,
    RuleMatch,
    Signal,
)
from monitor.notify.render import render_blocks, render_text
from monitor.rules import Rule, RuleSet, evaluate

_ACCEPTED = datetime(2025, 12, 12, 17, 31, 8, tzinfo=EASTERN)

# One filing per kind of signal, written to resemble real 8-Ks (figures in dollars). The
# going-concern sentence is a real 8-K's (NEXI supplemental risk factors, 2024; source
# "nexi_8k" in tests/test_context.py), not the evaluation corpus's.
_SIGNAL_SENTENCES = {
    "going_concern": "The Company needs to raise capital to support its operations, and there "
    "is substantial doubt about its ability to continue as a going concern.",
    "delisting_notice": "On December 8, 2025, the Company received a letter from the Listing "
    "Qualifications Department of The Nasdaq Stock Market notifying it that the Company no "
    "longer complies with Nasdaq Listing Rule 5550(a)(2) because the bid price of its common "
    "stock closed below $1.00 for 30 consecutive business days.",
    "bankruptcy": "On December 11, 2025, the Company filed a voluntary petition for relief "
    "under Chapter 11 of the United States Bankruptcy Code in the United States Bankruptcy "
    "Court for the District of Delaware.",
    "non_reliance": "On December 10, 2025, the Audit Committee concluded that the Company's "
    "previously issued financial statements for the quarter ended June 30, 2025 should no "
    "longer be relied upon.",
    "auditor_change": "On December 9, 2025, the Audit Committee dismissed Smith & Lowe LLP as "
    "the Company's independent registered public accounting firm.",
    "regained_compliance": "",
}
_ITEMS = {
    "going_concern": ("2.02", "9.01"), "delisting_notice": ("3.01", "9.01"),
    "bankruptcy": ("1.03", "9.01"), "non_reliance": ("4.02",), "auditor_change": ("4.01",),
}


def _figures(loss_widening: bool, equity_deficit: bool,
             swung_to_loss: bool = False) -> dict[str, Figure]:
    net_prior = -4_078_000.0 if not loss_widening else -2_950_000.0
    if swung_to_loss:
        net_prior = 1_215_000.0
    equity = (903_000.0, 4_462_000.0) if not equity_deficit else (-1_250_000.0, 2_100_000.0)
    rows = {
        "revenue": (4_609_000.0, 7_885_000.0, "Net sales"),
        "gross_profit": (-848_000.0, -185_000.0, "Gross profit (loss)"),
        "operating_income": (-3_072_000.0, -3_281_000.0, "Loss from operations"),
        "net_income": (-4_005_000.0, net_prior, "Net loss"),
        "eps_diluted": (-0.06, -0.07 if not loss_widening else -0.05, "Diluted loss per share"),
        "total_assets": (78_450_000.0, 75_603_000.0, "Total assets"),
        "total_liabilities": (77_504_000.0, 71_126_000.0, "Total liabilities"),
        "stockholders_equity": (*equity, "Stockholders' equity"),
    }
    return {n: Figure(n, c, p, label, "table", "ex99-1.htm") for n, (c, p, label) in rows.items()}


def sample_facts(signal: str | None = None, *, loss_widening: bool = False,
                 equity_deficit: bool = False, swung_to_loss: bool = False) -> FilingFacts:
    """A realistic filing that should fire the rule for `signal` (or a figure rule)."""
    items = _ITEMS.get(signal or "", ("2.02", "9.01"))
    ref = FilingRef("0001493152-25-027595", 1083743, "8-K", "Example Optical Corp.",
                    accepted=_ACCEPTED, items=items)
    filing = Filing(ref, (DocumentRef(1, "8-K", "form8-k.htm"),
                          DocumentRef(2, "EX-99.1", "ex99-1.htm")), sic="3357")
    signals = {}
    if signal:
        signals[signal] = Signal(signal, True, _SIGNAL_SENTENCES[signal], "ex99-1.htm")
    return FilingFacts(filing, _figures(loss_widening, equity_deficit, swung_to_loss),
                       signals, items,
                       ticker="EXOP")


# Distress forms (issue 16): the form, its signal's evidence and its facts.
_DISTRESS: dict[str, tuple[str, str, str, dict[str, FactValue]]] = {
    "late_filing": (
        "NT 10-K", "0001493152-26-011842", "NT 10-K for the period ended 2025-12-31: The "
        "Company could not complete its Annual Report on Form 10-K without unreasonable effort "
        "or expense because its independent registered public accounting firm has not "
        "completed its audit procedures relating to the Company's assessment of its ability to "
        "continue as a going concern.",
        {"report_form": "10-K", "period_ended": "2025-12-31", "expected_change": True,
         "due_date": "2026-03-31", "extended_deadline": "2026-04-15",
         "report_overdue": False}),
    "late_filing_overdue": (
        "NT 10-K", "0001493152-26-011842", "NT 10-K for the period ended 2025-12-31: The "
        "Company could not complete its Annual Report on Form 10-K without unreasonable effort "
        "or expense because its independent registered public accounting firm has not "
        "completed its audit procedures.",
        {"report_form": "10-K", "period_ended": "2025-12-31", "due_date": "2026-03-31",
         "extended_deadline": "2026-04-15", "report_overdue": True,
         "days_past_extended_deadline": 1}),
    "exchange_delisting": (
        "25-NSE", "0001120193-26-000311", "25-NSE: NASDAQ STOCK MARKET LLC removes Common "
        "Stock of Example Optical Corp. from listing and registration under 17 CFR "
        "240.12d2-2(b)",
        {"security_class": "common_equity", "rule_provision": "12d2-2(b)",
         "removal_basis": "exchange_removal", "exchange": "NASDAQ STOCK MARKET LLC",
         "filer_role": "exchange"}),
    "deregistration": (
        "15-12G", "0001493152-26-012007", "15-12G: Example Optical Corp. ends registration "
        "under Section 12(g) of Common Stock, par value $0.01 per share; relying on Rule "
        "12g-4(a)(1); about 212 holders of record",
        {"security_class": "common_equity", "rule_provisions": "Rule 12g-4(a)(1)",
         "holders_of_record": 212.0}),
}


def distress_facts(kind: str) -> FilingFacts:
    """A sample distress form (12b-25, 25-NSE, Form 15) with its form facts."""
    form, accession, evidence, values = _DISTRESS[kind]
    signal = "late_filing" if kind.startswith("late_filing") else kind
    ref = FilingRef(accession, 1083743, form, "Example Optical Corp.", accepted=_ACCEPTED)
    filing = Filing(ref, (DocumentRef(1, form, "primary_doc.xml" if form == "25-NSE"
                                      else "form.htm"),), sic="3357")
    signals = {signal: Signal(signal, True, evidence, filing.documents[0].filename or "")}
    return FilingFacts(filing, {}, signals, (), ticker="EXOP",
                       form_facts=FormFacts(form, values))


def example_for(rule: Rule, ruleset: RuleSet) -> tuple[FilingFacts, list[RuleMatch]] | None:
    """Facts on which `rule` fires, tried from the sample filings; None if none does."""
    candidates = [sample_facts(s) for s in _ITEMS] + [
        sample_facts(loss_widening=True), sample_facts(), sample_facts(equity_deficit=True),
        sample_facts(swung_to_loss=True)]
    candidates += [distress_facts(kind) for kind in _DISTRESS]
    for facts in candidates:
        matches = evaluate(RuleSet((rule,), ruleset.sources), facts,
                           default_channel="#edgar-alerts")
        if matches:
            return facts, matches
    return None


def sample_alert(ruleset: RuleSet, default_channel: str) -> Alert:
    """The alert `test-alert` posts: the going-concern sample through every rule."""
    facts = sample_facts("going_concern")
    matches = evaluate(ruleset, facts, default_channel=default_channel)
    if not matches:
        matches = [RuleMatch("test-alert", "info", default_channel, "Test alert",
                             "edgar-monitor setup check.", "test-alert:sample")]
    [alert] = build_alerts(facts, matches, facts.filing.documents)[:1]
    return replace(alert, company=f"[TEST] {alert.company}")


def alerts_markdown(ruleset: RuleSet) -> str:
    """docs/alerts.md: each default rule's message as Slack will show it."""
    out = [
        "# What the team sees in Slack",
        "",
        "Generated by `python -m monitor.samples > docs/alerts.md` from the rules in",
        "`rules/default.yaml`, through the same alert builder and renderer the daemon uses",
        "(`monitor/alerts.py`, `monitor/notify/render.py`), on sample filings. The plain-text",
        "fallback is what notifications and the console show; the Block Kit blocks are the",
        "message itself.",
        "",
    ]
    for rule in ruleset.rules:
        found = example_for(rule, ruleset)
        severity = rule.severity + (f"; {rule.escalate.to} when escalated" if rule.escalate
                                    else "")
        out += [f"## `{rule.id}` ({severity})", "", rule.description.strip(), ""]
        if found is None:
            out += ["_No sample filing fires this rule._", ""]
            continue
        facts, matches = found
        [alert] = build_alerts(facts, matches, facts.filing.documents)
        out += ["Plain text:", "", "```", render_text(alert), "```", "",
                "<details><summary>Block Kit</summary>", "", "```json",
                json.dumps(render_blocks(alert), indent=2), "```", "",
                "</details>", ""]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover - documentation generator
    from pathlib import Path

    from monitor.rules import load_rules

    print(alerts_markdown(load_rules([Path("rules")])), end="")

"""`edgar-monitor explain`: one filing's facts and every rule's verdict, as plain text.

Pure rendering: the caller extracts (or loads) the facts and runs `rules.explain`.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from monitor.conditions import Context, amount, percent
from monitor.models import (
    FIGURE_NAMES,
    SIGNAL_NAMES,
    Figure,
    FilingFacts,
    Signal,
    SignalContext,
    facts_json,
)
from monitor.rules import Verdict
from monitor.xbrl.alerts import check_json
from monitor.xbrl.crosscheck import Check, CrossCheck


def explanation_json(
    facts: FilingFacts, verdicts: list[Verdict], cross: CrossCheck | None = None
) -> dict[str, Any]:
    """`explain --json`: the `extract --json` object plus, per figure, its XBRL check
    (`"xbrl": {"prior", "status", "accession", ...}`), and every rule's verdict."""
    out = facts_json(facts.figures, facts.signals, facts.items)
    out = {"accession": facts.filing.ref.accession, "cik": facts.filing.ref.cik, **out}
    for name, fig in out["figures"].items():
        fc = cross.figures.get(name) if cross else None
        if fc is None:
            note = "not checked against XBRL" if cross else "no XBRL check on record"
            fig["xbrl"] = check_json(Check("unavailable", note=note))
        else:
            fig["xbrl"] = check_json(fc.prior)
            fig["xbrl"]["current"] = check_json(fc.current)
    out["xbrl_period_end"] = cross.period_end.isoformat() if cross and cross.period_end \
        else None
    out["xbrl_verdict"] = cross.verdict if cross else ""
    out["rules"] = [{"id": v.rule.id, "severity": v.rule.severity, "fired": v.fired,
                     "reason": v.reason} for v in verdicts]
    return out


def render_explanation(
    facts: FilingFacts, verdicts: list[Verdict],
    alerts: Sequence[Mapping[str, Any]] = (), cross: CrossCheck | None = None,
) -> str:
    """Figures (current, prior, % change), signals with evidence, items, then one line per
    rule: FIRED or not fired, and why; then the filing's alerts and their delivery."""
    lines = [_header(facts), ""]
    lines.extend(_figures(facts))
    lines.append("")
    if cross is not None and cross.figures:
        lines.extend(_xbrl(cross))
        lines.append("")
    lines.extend(_signals(facts))
    lines.append("")
    lines.append(f"Items: {', '.join(facts.items) or 'none'}")
    if facts.form_facts is not None:
        lines.append("")
        lines.extend(_form_facts(facts))
    if facts.errors:
        lines.append("")
        lines.append("Extraction problems:")
        lines.extend(f"  - {e}" for e in facts.errors)
    lines.append("")
    lines.append("Rules:")
    width = max((len(v.rule.id) for v in verdicts), default=0)
    ctx = Context(facts)
    for v in verdicts:
        state = "FIRED    " if v.fired else "not fired"
        escalated = v.fired and v.rule.escalate is not None and v.rule.escalate.when.check(
            ctx)[0]
        severity = f"[{v.rule.escalate.to if escalated and v.rule.escalate else v.rule.severity}]"
        lines.append(f"  {state}  {v.rule.id:<{width}}  {severity:<10}  {v.reason}")
        if v.fired:  # the rule's whole description; alerts carry its first sentence only
            lines.extend(f"      {line}" for line in textwrap.wrap(
                " ".join(v.rule.description.split()), 88))
    if not verdicts:
        lines.append("  (no rules loaded)")
    if alerts:
        lines.append("")
        lines.append("Alerts:")
        lines.extend(_alert_line(a) for a in alerts)
    return "\n".join(lines) + "\n"


def _alert_line(alert: Mapping[str, Any]) -> str:
    """One alert's delivery: where, which rules, and what Slack said."""
    rules = ", ".join(json.loads(alert.get("rules") or "[]"))
    where = str(alert.get("channel", ""))
    if alert.get("channel_id"):
        where += f" ({alert['channel_id']})"
    line = f"  {str(alert.get('status', '')).upper():<8} {where}  {rules}"
    if alert.get("status") == "sent":
        return f"{line}  ts {alert.get('slack_ts', '')}"
    tries = f"  tries {alert.get('attempts') or 0}"
    error = alert.get("last_error")
    return f"{line}{tries}: {error}" if error else line + tries


def _header(facts: FilingFacts) -> str:
    ref = facts.filing.ref
    who = [f"CIK {ref.cik}"]
    if facts.ticker:
        who.append(f"ticker {facts.ticker}")
    if facts.filing.sic:
        who.append(f"SIC {facts.filing.sic}")
    head = f"{ref.company or 'Unknown company'} ({', '.join(who)})"
    filing = " ".join(p for p in (ref.form, ref.accession) if p)
    if ref.accepted is not None:
        filing += f", accepted {ref.accepted:%Y-%m-%d %H:%M}"
    return f"{head}: {filing}" if filing else head


def _figures(facts: FilingFacts) -> list[str]:
    return _figure_table(facts.figures)


def _figure_table(figures: Mapping[str, Figure]) -> list[str]:
    names = [n for n in FIGURE_NAMES if n in figures]
    names += sorted(n for n in figures if n not in FIGURE_NAMES)
    if not names:
        return ["Figures: none found"]
    width = max(len(n) for n in names)
    lines = [f"{'Figures:':<{width + 2}}{'current':>16}  {'prior':>16}  {'change':>8}"]
    for name in names:
        lines.append(_figure_line(name, figures[name], width))
    missing = [n for n in FIGURE_NAMES if n not in figures]
    if missing:
        lines.append(f"  not found: {', '.join(missing)}")
    return lines


def _figure_line(name: str, fig: Figure, width: int) -> str:
    cur = "-" if fig.current is None else amount(name, fig.current)
    prior = "-" if fig.prior is None else amount(name, fig.prior)
    pct = fig.pct_change()
    change = "" if pct is None else percent(pct)
    line = f"  {name:<{width}}{cur:>16}  {prior:>16}  {change:>8}"
    return f"{line}  ({fig.label})" if fig.label else line.rstrip()


def _xbrl(cross: CrossCheck) -> list[str]:
    end = f" (current period to {cross.period_end})" if cross.period_end else ""
    lines = [f"XBRL check{end}:"]
    width = max(len(n) for n in cross.figures)
    for name, fc in cross.figures.items():
        lines.append(f"  {name:<{width}}  {fc.prior.phrase()}; {fc.current.phrase('current')}")
    if cross.verdict:
        lines.append(f"  {cross.verdict}")
    return lines


def _form_facts(facts: FilingFacts) -> list[str]:
    """A distress form's facts (12b-25, Form 25, Form 15), as `fact:` conditions name them."""
    assert facts.form_facts is not None
    stated = {k: v for k, v in facts.form_facts.values.items() if v is not None}
    width = max((len(k) for k in stated), default=0)
    lines = [f"Form facts ({facts.form_facts.form}):"]
    for key, value in stated.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        lines.append(f"  {key:<{width}}  {text if len(text) <= 200 else text[:200] + ' ...'}")
    return lines


def _signals(facts: FilingFacts) -> list[str]:
    return _signal_lines(facts.signals)


def _signal_lines(signals: Mapping[str, Signal]) -> list[str]:
    names = list(SIGNAL_NAMES) + sorted(n for n in signals if n not in SIGNAL_NAMES)
    width = max(len(n) for n in names)
    lines = ["Signals:"]
    for name in names:
        sig = signals.get(name)
        if sig is None or not sig.present:
            why = _why_not(sig.context) if sig is not None and sig.context is not None else ""
            lines.append(f"  {name:<{width}}  absent" + (f"  ({why})" if why else ""))
            if sig is not None and sig.candidate:
                lines.append(f'      considered: "{" ".join(sig.candidate.split())}"')
            continue
        lines.append(f"  {name:<{width}}  present" + (f"  ({sig.document})" if sig.document
                                                       else ""))
        if sig.evidence:
            lines.append(f'      "{" ".join(sig.evidence.split())}"')
        if sig.context is not None:
            lines.append(f"      context: {_attributes(sig.context)}")
    return lines


def render_extraction(
    figures: Mapping[str, Figure], signals: Mapping[str, Signal], items: Sequence[str]
) -> str:
    """`extract`'s text output, laid out as `explain` does: figures in dollars with
    separators, current against prior with the change and the line they came from, the
    periods the tables compare, signals with their evidence, items."""
    lines = ["Amounts in dollars (EPS in dollars per share); prior = the period the document "
             "compares with.", ""]
    lines.extend(_figure_table(figures))
    lines.extend(_periods(figures))
    lines.append("")
    lines.extend(_signal_lines(signals))
    lines.append("")
    lines.append(f"Items: {', '.join(items) or 'none'}")
    return "\n".join(lines) + "\n"


def _periods(figures: Mapping[str, Figure]) -> list[str]:
    """`Periods: X vs Y (revenue, net_income)`: the table columns each figure was read from."""
    by_period: dict[str, list[str]] = {}
    for name in [n for n in FIGURE_NAMES if n in figures]:
        found = re.search(r"\[([^\[\]]+)\]\s*$", figures[name].context)
        if figures[name].source == "table" and found:
            by_period.setdefault(found.group(1), []).append(name)
    if len(by_period) == 1:
        return [f"Periods: {next(iter(by_period))}"]
    return [f"Periods: {period} ({', '.join(names)})" for period, names in by_period.items()]


def _attributes(context: SignalContext) -> str:
    """ "subject auditor, polarity asserted, time current, modality factual (cues: ...)" """
    parts = [f"subject {context.subject}", f"polarity {context.polarity}",
             f"time {context.time}", f"modality {context.modality}"]
    if context.actor:
        parts.append(f"actor {context.actor}")
    cues = f" (cues: {', '.join(context.cues)})" if context.cues else ""
    return ", ".join(parts) + cues


def _why_not(context: SignalContext) -> str:
    """What kept the considered sentence from proving the signal: the attributes off their
    asserted, current, factual, registrant values."""
    off = []
    if context.subject not in ("registrant", "auditor"):
        off.append(f"subject {context.subject}")
    if context.polarity != "asserted":
        off.append(f"polarity {context.polarity}")
    if context.time != "current":
        off.append(f"time {context.time}")
    if context.modality != "factual":
        off.append(f"modality {context.modality}")
    if context.actor == "company":
        off.append("actor company")
    if not off:
        return ""
    cues = f"; cues: {', '.join(context.cues)}" if context.cues else ""
    return "not counted: " + ", ".join(off) + cues

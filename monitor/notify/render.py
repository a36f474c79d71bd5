"""Render an alert as a Slack message: Block Kit blocks plus a plain-text fallback.

Pure: the typed alert (built by monitor.alerts and stored in the outbox) is all it reads.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from monitor.alerts import SEC_WWW, document_url, filing_index_url
from monitor.formats.filing import EASTERN
from monitor.models import FIGURE_KIND, Alert, AlertFigure, FilingRef, RuleMatch
from monitor.xbrl.crosscheck import XBRL_SOURCE

_SEVERITY_ICON = {
    "critical": ":rotating_light:",
    "warning": ":warning:",
    "info": ":information_source:",
}
_SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}

# Links the alert carries are rebuilt from the accession and CIK (as monitor.alerts builds
# them), never taken from a filing: a well-formed accession, a name in EDGAR's file-name form.
_ACCESSION = re.compile(r"\d{10}-\d{2}-\d{6}")


def escape_mrkdwn(text: str) -> str:
    """Slack's control characters as entities, so text from a filing cannot mention
    (`<!channel>`), link (`<https://evil.example|click>`) or break out of our markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escaped_alert(alert: Alert) -> Alert:
    """The alert with every string escaped for Slack, except the links checked below."""
    esc = escape_mrkdwn
    return replace(
        alert, alert_id=esc(alert.alert_id), accession=esc(alert.accession),
        channel=esc(alert.channel), company=esc(alert.company), ticker=esc(alert.ticker),
        form=esc(alert.form), items=tuple(esc(i) for i in alert.items),
        document_type=esc(alert.document_type), xbrl_verdict=esc(alert.xbrl_verdict),
        history_source=esc(alert.history_source),
        matches=tuple(_escaped_match(m) for m in alert.matches),
        figures=tuple(_escaped_figure(f) for f in alert.figures),
    )


def _escaped_match(m: RuleMatch) -> RuleMatch:
    esc = escape_mrkdwn
    return replace(m, rule_id=esc(m.rule_id), channel=esc(m.channel), title=esc(m.title),
                   description=esc(m.description), dedupe_key=esc(m.dedupe_key),
                   evidence=None if m.evidence is None else esc(m.evidence),
                   reason=esc(m.reason))


def _escaped_figure(f: AlertFigure) -> AlertFigure:
    def esc(text: str | None) -> str | None:
        return None if text is None else escape_mrkdwn(text)

    check = f.xbrl
    if check is not None:
        check = replace(check, status=escape_mrkdwn(check.status),
                        phrase=escape_mrkdwn(check.phrase), accession=esc(check.accession),
                        form=esc(check.form), filed=esc(check.filed),
                        period=esc(check.period), note=esc(check.note))
    return replace(f, label=escape_mrkdwn(f.label), document=escape_mrkdwn(f.document),
                   xbrl=check)


def edgar_links(alert: Alert) -> tuple[str, str]:
    """(filing index URL, exhibit URL) built from the accession and CIK; "" for a link
    that does not check out (a malformed accession, a document outside the filing's folder
    or with a name EDGAR would not give it)."""
    if not _ACCESSION.fullmatch(alert.accession) or alert.cik <= 0:
        return "", ""
    ref = FilingRef(alert.accession, alert.cik, alert.form)
    folder = f"{SEC_WWW}{ref.folder}/"
    document = alert.document_url
    name = document.removeprefix(folder) if document.startswith(folder) else ""
    return filing_index_url(ref), document_url(ref, name)


def format_money(value: float | None, per_share: bool = False) -> str:
    """$4.6M, $(4.0)M, $(0.06): compact, losses in parentheses as analysts write them."""
    if value is None:
        return "n/a"
    neg = value < 0
    mag = abs(value)
    if per_share:
        body = f"${mag:,.2f}"
    elif mag >= 1e9:
        body = f"${mag / 1e9:,.2f}B"
    elif mag >= 1e6:
        body = f"${mag / 1e6:,.1f}M"
    elif mag >= 1e3:
        body = f"${mag / 1e3:,.0f}K"
    else:
        body = f"${mag:,.0f}"
    return f"({body})" if neg else body


def format_change(current: float | None, prior: float | None, name: str = "") -> str:
    """The change as an analyst says it: "-41.5%", "loss widened 358.4%", "swung to loss";
    for working capital and equity "deficit widened", "turned negative"."""
    if current is None or prior is None or prior == 0:
        return ""
    kind = FIGURE_KIND.get(name)
    balance = kind is not None and kind.deficit
    if prior > 0 > current:
        return "turned negative" if balance else "swung to loss"
    if prior < 0 < current:
        return "turned positive" if balance else "swung to profit"
    pct = (current - prior) / abs(prior) * 100
    if current < 0 and prior < 0:
        what = "deficit" if balance else "loss"
        if current == prior:
            return f"{what} unchanged"
        return f"{what} {'widened' if current < prior else 'narrowed'} {abs(pct):.1f}%"
    return f"{pct:+.1f}%"


def short_description(description: str) -> str:
    """A rule's first sentence: what an alert shows (`explain` shows the whole text)."""
    text = " ".join(description.split())
    first = re.match(r"(.+?[.!?])(?=\s+[A-Z(])", text)
    return first.group(1) if first else text


def accepted_text(accepted: datetime | None) -> str:
    """Acceptance time as EDGAR shows it, US Eastern with EST/EDT: 2026-01-12 16:05:09 EST."""
    if accepted is None:
        return ""
    if accepted.tzinfo is None:
        accepted = accepted.replace(tzinfo=EASTERN)  # EDGAR's wall clock
    return accepted.astimezone(EASTERN).strftime("%Y-%m-%d %H:%M:%S %Z")


def figure_lines(alert: Alert) -> list[str]:
    """One line per figure: label, current vs prior, change."""
    lines = []
    for fig in alert.figures:
        kind = FIGURE_KIND.get(fig.name)
        per_share = kind is not None and kind.per_share
        cur, prior = fig.current, fig.prior
        change = format_change(cur, prior, fig.name)
        text = f"{kind.label if kind else fig.name}: {format_money(cur, per_share)}"
        if prior is not None:
            text += f" vs {format_money(prior, per_share)}"
        if change:
            text += f" ({change})"
        check = fig.xbrl
        if check is not None and check.status in ("match", "mismatch") and check.phrase:
            text += f" · {check.phrase}"  # cross-checked against XBRL (issue 17)
        lines.append(text)
    return lines


def basis(match: RuleMatch) -> str:
    """Why a rule fired, shown only when XBRL filled the history it compared with."""
    return match.reason if XBRL_SOURCE in match.reason else ""


def xbrl_lines(alert: Alert) -> list[str]:
    """The verdict on several XBRL mismatches and where history came from, when present."""
    lines = []
    if alert.xbrl_verdict:
        lines.append(f"XBRL check: {alert.xbrl_verdict}")
    if alert.history_source and any(basis(m) for m in alert.matches):
        lines.append(f"Compared with {alert.history_source.removeprefix('history: ')}")
    return lines


def _by_severity(alert: Alert) -> list[RuleMatch]:
    return sorted(alert.matches, key=lambda m: _SEVERITY_ORDER.get(m.severity, 3))


def headline(alert: Alert) -> str:
    """ "FiberCore, Inc. (FBCEE): Going-concern doubt, Exchange delisting notice"."""
    who = alert.company
    if alert.ticker:
        who += f" ({alert.ticker})"
    titles = ", ".join(m.title for m in _by_severity(alert))
    return f"{who}: {titles}"


def render_text(alert: Alert) -> str:
    """Plain-text fallback (notifications, console, webhooks without blocks)."""
    lines = [headline(alert), _filing_line(alert)]
    for m in alert.matches:
        lines.append(f"[{m.severity.upper()}] {m.title}: {short_description(m.description)}")
        if m.evidence:
            lines.append(f'  > "{m.evidence}"')
        if basis(m):
            lines.append(f"  Why: {basis(m)}")
    lines.extend(figure_lines(alert))
    lines.extend(xbrl_lines(alert))
    index_url, exhibit_url = edgar_links(alert)
    lines.append(f"Filing: {index_url}")
    if exhibit_url:
        lines.append(f"Exhibit: {exhibit_url}")
    return "\n".join(lines)


def _filing_line(alert: Alert) -> str:
    items = ", ".join(alert.items) or "none"
    return (
        f"{alert.form} · items {items} · CIK {alert.cik} · "
        f"accepted {accepted_text(alert.accepted)} · "
        f"{alert.accession}"
    )


def render_blocks(alert: Alert) -> list[dict[str, Any]]:
    """Block Kit blocks: header, context line, one section per rule, figures, links.

    Every string from the filing is escaped for Slack; links are rebuilt, never passed on."""
    index_url, exhibit_url = edgar_links(alert)
    alert = escaped_alert(alert)
    matches = _by_severity(alert)
    top = matches[0].severity if matches else "info"
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": _clip(f"{_SEVERITY_ICON.get(top, '')} {headline(alert)}".strip(), 150),
                "emoji": True,
            },
        },
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": _clip(_filing_line(alert), 3000)}],
        },
    ]
    for m in matches:
        text = (f"*{m.title}* ({m.severity}, rule `{m.rule_id}`)\n"
                f"{short_description(m.description)}")
        if m.evidence:
            text += f"\n>{_clip(m.evidence, 2500)}"
        if basis(m):
            text += f"\n_Why:_ {_clip(basis(m), 1500)}"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, 3000)}})
    figs = figure_lines(alert) + xbrl_lines(alert)
    if figs:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": _clip("\n".join(figs), 3000)}}
        )
    links = f"<{index_url}|Filing index>" if index_url else "Filing index unavailable"
    if exhibit_url:
        label = (alert.document_type or "Exhibit").replace("|", "/")
        links += f" · <{exhibit_url}|{label}>"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": links}]})
    return blocks


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

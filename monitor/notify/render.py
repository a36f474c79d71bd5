"""Render an alert payload as a Slack message: Block Kit blocks plus a plain-text fallback.

Pure: the payload (built by the pipeline and stored in the outbox) is all it reads.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from monitor.formats.filing import is_edgar_filename

EASTERN = ZoneInfo("America/New_York")
# Balance-sheet figures: below zero is a deficit, not a loss.
_BALANCE_FIGURES = frozenset({"working_capital", "stockholders_equity"})

_SEVERITY_ICON = {
    "critical": ":rotating_light:",
    "warning": ":warning:",
    "info": ":information_source:",
}
_FIGURE_LABELS = {
    "revenue": "Revenue",
    "gross_profit": "Gross profit",
    "operating_income": "Operating income",
    "net_income": "Net income",
    "eps_basic": "EPS (basic)",
    "eps_diluted": "EPS (diluted)",
    "total_assets": "Total assets",
    "total_liabilities": "Total liabilities",
    "stockholders_equity": "Stockholders' equity",
    "working_capital": "Working capital",
}
_SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}

# Links the alert carries are rebuilt from the accession and CIK, never taken from a filing:
# EDGAR's archive folder, and a document name in EDGAR's file-name form.
EDGAR_ARCHIVES = "https://www.sec.gov/Archives/edgar/data"
_ACCESSION = re.compile(r"\d{10}-\d{2}-\d{6}")
_LINK_KEYS = frozenset({"index_url", "document_url"})


def escape_mrkdwn(text: str) -> str:
    """Slack's control characters as entities, so text from a filing cannot mention
    (`<!channel>`), link (`<https://evil.example|click>`) or break out of our markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escaped_payload(value: Any, key: str = "") -> Any:
    """The payload with every string escaped for Slack, except the links checked below."""
    if isinstance(value, str):
        return value if key in _LINK_KEYS else escape_mrkdwn(value)
    if isinstance(value, dict):
        return {k: escaped_payload(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escaped_payload(v) for v in value]
    return value


def edgar_links(payload: dict[str, Any]) -> tuple[str, str]:
    """(filing index URL, exhibit URL) built from the accession and CIK; "" for a link
    that does not check out (a malformed accession, a document outside the filing's folder
    or with a name EDGAR would not give it)."""
    accession, cik = str(payload.get("accession", "")), payload.get("cik")
    if not _ACCESSION.fullmatch(accession) or not isinstance(cik, int) or cik <= 0:
        return "", ""
    folder = f"{EDGAR_ARCHIVES}/{cik}/{accession.replace('-', '')}"
    document = str(payload.get("document_url") or "")
    name = document.removeprefix(folder + "/") if document.startswith(folder + "/") else ""
    exhibit = f"{folder}/{name}" if is_edgar_filename(name) else ""
    return f"{folder}/{accession}-index.htm", exhibit


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
    balance = name in _BALANCE_FIGURES
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


def accepted_text(payload: dict[str, Any]) -> str:
    """Acceptance time as EDGAR shows it, US Eastern with EST/EDT: 2026-01-12 16:05:09 EST."""
    raw = payload.get("accepted") or ""
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        return str(payload.get("accepted_display") or raw)
    if value.tzinfo is None:
        value = value.replace(tzinfo=EASTERN)  # EDGAR's wall clock
    return value.astimezone(EASTERN).strftime("%Y-%m-%d %H:%M:%S %Z")


def figure_lines(payload: dict[str, Any]) -> list[str]:
    """One line per figure: label, current vs prior, change."""
    lines = []
    for name, fig in payload.get("figures", {}).items():
        per_share = name.startswith("eps")
        cur, prior = fig.get("current"), fig.get("prior")
        change = format_change(cur, prior, name)
        text = f"{_FIGURE_LABELS.get(name, name)}: {format_money(cur, per_share)}"
        if prior is not None:
            text += f" vs {format_money(prior, per_share)}"
        if change:
            text += f" ({change})"
        check = fig.get("xbrl") or {}
        if check.get("status") in ("match", "mismatch") and check.get("phrase"):
            text += f" · {check['phrase']}"  # cross-checked against XBRL (issue 17)
        lines.append(text)
    return lines


def xbrl_lines(payload: dict[str, Any]) -> list[str]:
    """The verdict on several XBRL mismatches and where history came from, when present."""
    lines = []
    if payload.get("xbrl_verdict"):
        lines.append(f"XBRL check: {payload['xbrl_verdict']}")
    if payload.get("history_source") and any(m.get("basis") for m in payload.get("matches", [])):
        lines.append(f"Compared with {payload['history_source'].removeprefix('history: ')}")
    return lines


def headline(payload: dict[str, Any]) -> str:
    """ "FiberCore, Inc. (FBCEE): Going-concern doubt, Exchange delisting notice"."""
    matches = sorted(
        payload.get("matches", []), key=lambda m: _SEVERITY_ORDER.get(m["severity"], 3)
    )
    who = payload.get("company", "")
    if payload.get("ticker"):
        who += f" ({payload['ticker']})"
    titles = ", ".join(m["title"] for m in matches)
    return f"{who}: {titles}"


def render_text(payload: dict[str, Any]) -> str:
    """Plain-text fallback (notifications, console, webhooks without blocks)."""
    lines = [headline(payload), _filing_line(payload)]
    for m in payload.get("matches", []):
        lines.append(f"[{m['severity'].upper()}] {m['title']}: "
                     f"{short_description(m['description'])}")
        if m.get("evidence"):
            lines.append(f'  > "{m["evidence"]}"')
        if m.get("basis"):
            lines.append(f"  Why: {m['basis']}")
    lines.extend(figure_lines(payload))
    lines.extend(xbrl_lines(payload))
    index_url, exhibit_url = edgar_links(payload)
    lines.append(f"Filing: {index_url}")
    if exhibit_url:
        lines.append(f"Exhibit: {exhibit_url}")
    return "\n".join(lines)


def _filing_line(payload: dict[str, Any]) -> str:
    items = ", ".join(payload.get("items", [])) or "none"
    return (
        f"{payload.get('form', '')} · items {items} · CIK {payload.get('cik', '')} · "
        f"accepted {accepted_text(payload)} · "
        f"{payload.get('accession', '')}"
    )


def render_blocks(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Block Kit blocks: header, context line, one section per rule, figures, links.

    Every string from the filing is escaped for Slack; links are rebuilt, never passed on."""
    index_url, exhibit_url = edgar_links(payload)
    payload = escaped_payload(payload)
    matches = sorted(
        payload.get("matches", []), key=lambda m: _SEVERITY_ORDER.get(m["severity"], 3)
    )
    top = matches[0]["severity"] if matches else "info"
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": _clip(f"{_SEVERITY_ICON.get(top, '')} {headline(payload)}".strip(), 150),
                "emoji": True,
            },
        },
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": _clip(_filing_line(payload), 3000)}],
        },
    ]
    for m in matches:
        text = (f"*{m['title']}* ({m['severity']}, rule `{m['rule_id']}`)\n"
                f"{short_description(m['description'])}")
        if m.get("evidence"):
            text += f"\n>{_clip(m['evidence'], 2500)}"
        if m.get("basis"):
            text += f"\n_Why:_ {_clip(m['basis'], 1500)}"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, 3000)}})
    figs = figure_lines(payload) + xbrl_lines(payload)
    if figs:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": _clip("\n".join(figs), 3000)}}
        )
    links = f"<{index_url}|Filing index>" if index_url else "Filing index unavailable"
    if exhibit_url:
        label = str(payload.get("document_type") or "Exhibit").replace("|", "/")
        links += f" · <{exhibit_url}|{label}>"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": links}]})
    return blocks


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

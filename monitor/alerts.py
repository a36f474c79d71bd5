"""Alerts from a filing's facts and the rules that fired: one `Alert` per channel.

Pure: the facts, matches and XBRL checks in, the typed alerts out (stored in the outbox,
rendered by monitor.notify.render)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from monitor.formats.filing import is_edgar_filename
from monitor.models import (
    ALERT_FIGURE_ORDER,
    Alert,
    AlertFigure,
    AlertFigureCheck,
    DocumentRef,
    FilingFacts,
    FilingRef,
    RuleMatch,
)
from monitor.xbrl.alerts import xbrl_notes
from monitor.xbrl.crosscheck import CrossCheck

SEC_WWW = "https://www.sec.gov"


def filing_index_url(ref: FilingRef) -> str:
    """Link for humans: always sec.gov, whatever host the daemon reads from."""
    return f"{SEC_WWW}{ref.folder}/{ref.accession}-index.htm"


def document_url(ref: FilingRef, filename: str) -> str:
    """Link for humans to a document in the filing's folder ("" for a name not in EDGAR's
    file-name form, which must never become a link)."""
    return f"{SEC_WWW}{ref.folder}/{filename}" if is_edgar_filename(filename) else ""


def build_alerts(
    facts: FilingFacts, matches: Sequence[RuleMatch], documents: Sequence[DocumentRef],
    cross: CrossCheck | None = None, history: Sequence[Mapping[str, Any]] = (),
    *, suffix: str = "",
) -> list[Alert]:
    """One alert per channel, carrying every rule that fired there. A follow-up on a filing
    already alerted (`suffix`, e.g. "overdue") gets an alert id of its own. `documents` are
    those read (the first named EX-99 is linked); `cross` is the
    filing's XBRL check (None when it was not checked) and `history` the earlier figures
    the rules compared with."""
    by_channel: dict[str, list[RuleMatch]] = {}
    for m in matches:
        by_channel.setdefault(m.channel, []).append(m)
    ref = facts.filing.ref
    exhibit = next((d for d in documents if d.type.upper().startswith("EX-99") and d.filename),
                   None)
    notes = xbrl_notes(cross, history)
    template = Alert(
        alert_id="", accession=ref.accession, channel="", matches=(),
        cik=ref.cik, company=ref.company, ticker=facts.ticker, form=ref.form,
        items=tuple(facts.items), accepted=ref.accepted,
        document_url=document_url(ref, exhibit.filename) if exhibit and exhibit.filename
        else "",
        document_type=exhibit.type if exhibit else "",
        figures=alert_figures(facts, notes.figure_checks if notes else {}),
        xbrl_verdict=notes.verdict if notes else "",
        history_source=notes.history_source if notes else "",
    )
    tail = f":{suffix}" if suffix else ""
    return [
        replace(template, alert_id=f"{ref.accession}:{channel.lstrip('#')}{tail}",
                channel=channel, matches=tuple(channel_matches))
        for channel, channel_matches in by_channel.items()
    ]


def alert_figures(
    facts: FilingFacts, checks: Mapping[str, AlertFigureCheck] | None = None
) -> tuple[AlertFigure, ...]:
    """The figures an alert shows, in the catalogue's alert order; basic EPS only when
    diluted EPS is missing."""
    checks = checks or {}
    out: list[AlertFigure] = []
    for name in ALERT_FIGURE_ORDER:
        fig = facts.figures.get(name)
        if fig is None or fig.current is None:
            continue
        if name == "eps_basic" and any(f.name == "eps_diluted" for f in out):
            continue
        out.append(AlertFigure(name, fig.current, fig.prior, fig.label, fig.document,
                               checks.get(name)))
    return tuple(out)


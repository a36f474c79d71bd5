"""`edgar-monitor accuracy`: how often extracted figures agreed with what the companies
later filed in XBRL. Pure: counts in, report out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def _rate(agree: int, total: int) -> float | None:
    return agree / total if total else None


def accuracy_report(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Per figure: current values graded against the 10-Q/10-K that covers their period
    (the self-grade) and prior values checked when the 8-K was processed."""
    figures: dict[str, Any] = {}
    totals = {"current_match": 0, "current_mismatch": 0, "prior_match": 0,
              "prior_mismatch": 0}
    for row in rows:
        entry: dict[str, Any] = {k: int(row.get(k) or 0) for k in (
            "current_match", "current_mismatch", "current_pending", "prior_match",
            "prior_mismatch", "prior_unavailable")}
        entry["current_agreement"] = _rate(
            entry["current_match"], entry["current_match"] + entry["current_mismatch"])
        entry["prior_agreement"] = _rate(
            entry["prior_match"], entry["prior_match"] + entry["prior_mismatch"])
        figures[str(row["name"])] = entry
        for key in totals:
            totals[key] += entry[key]
    overall = {
        **totals,
        "current_agreement": _rate(totals["current_match"],
                                   totals["current_match"] + totals["current_mismatch"]),
        "prior_agreement": _rate(totals["prior_match"],
                                 totals["prior_match"] + totals["prior_mismatch"]),
    }
    return {"figures": figures, "overall": overall}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def format_accuracy(report: Mapping[str, Any]) -> str:
    """A table: graded current values (agree/disagree/waiting), then checked priors."""
    lines = [f"{'figure':<22}{'current':>9}{'agree':>7}{'differ':>7}{'waiting':>8}"
             f"{'prior':>9}{'agree':>7}{'differ':>7}{'n/a':>6}"]
    for name, e in report["figures"].items():
        lines.append(
            f"{name:<22}{_pct(e['current_agreement']):>9}{e['current_match']:>7}"
            f"{e['current_mismatch']:>7}{e['current_pending']:>8}"
            f"{_pct(e['prior_agreement']):>9}{e['prior_match']:>7}{e['prior_mismatch']:>7}"
            f"{e['prior_unavailable']:>6}")
    o = report["overall"]
    lines.append(f"{'overall':<22}{_pct(o['current_agreement']):>9}{o['current_match']:>7}"
                 f"{o['current_mismatch']:>7}{'':>8}{_pct(o['prior_agreement']):>9}"
                 f"{o['prior_match']:>7}{o['prior_mismatch']:>7}")
    if not report["figures"]:
        lines.append("(no figure checked against XBRL yet)")
    lines.append("current: the 8-K's figure against the 10-Q/10-K later filed for its period; "
                 "prior: its comparative against XBRL when the 8-K was processed")
    return "\n".join(lines)

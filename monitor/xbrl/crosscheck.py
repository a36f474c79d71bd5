"""Extracted figures against the company's XBRL history: the prior period now, the current
one once the 10-Q or 10-K covering it is filed; and XBRL quarters as rule history. Pure.

The press release does not say which dates its columns cover, so the current period is
the company's latest fiscal period end before the 8-K (its XBRL calendar, carried forward a
year for the quarter not filed yet); the prior one is a year earlier. A duration figure may
be the quarter or, in a fourth-quarter release, the year; a balance-sheet figure's prior may
be the year-ago quarter end, the last fiscal year end or the previous quarter end. A value
agreeing with any of them is a match; a mismatch is reported against the first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from monitor.formats.filing import EASTERN
from monitor.models import PER_SHARE_FIGURES, Figure
from monitor.xbrl.reduce import SAME_END_DAYS, History, PeriodValue
from monitor.xbrl.tags import FIGURE_TAGS, INSTANT_FIGURES

Status = Literal["match", "mismatch", "unavailable", "pending"]
MATCH_TOLERANCE = 0.005  # 0.5%, as the corpus scores extraction
EPS_TOLERANCE = 0.005  # dollars: EPS is printed to the cent
# An 8-K reports on a period that ended at most this long before it (10-K deadline: 90 days).
_MAX_REPORT_LAG = timedelta(days=135)
_SCALES = (1e3, 1e6, 1e-3, 1e-6)
RESTATEMENT_SPREAD = 0.20  # mismatches within 20% of XBRL look like a recast, not a misread
XBRL_SOURCE = "XBRL"


@dataclass(frozen=True, slots=True)
class Check:
    """One extracted value against the XBRL value of its period."""

    status: Status
    extracted: float | None = None
    xbrl: float | None = None
    accession: str = ""
    form: str = ""
    filed: str = ""  # ISO date of the XBRL filing
    period: str = ""  # "quarter to 2024-03-31"
    note: str = ""  # why unavailable, or what a mismatch resembles
    hint: str = ""  # version | scale | sign | period | figure | "" (for the verdict)

    def phrase(self, which: str = "prior") -> str:
        """`prior matches 10-Q filed 2024-05-02` for an alert line."""
        if self.status == "match":
            return f"{which} matches {self.form} filed {self.filed}"
        if self.status == "mismatch":
            return (f"{which} differs from {self.form} filed {self.filed} "
                    f"({_num(self.xbrl)} for the {self.period})")
        if self.status == "pending":
            return f"{which} not yet in XBRL"
        return f"{which} unverified ({self.note or 'no XBRL value'})"


@dataclass(frozen=True, slots=True)
class FigureCheck:
    """Both checks of one figure."""

    figure: str
    prior: Check
    current: Check


@dataclass(frozen=True, slots=True)
class CrossCheck:
    """Every figure of one filing against XBRL, and what several mismatches suggest."""

    period_end: date | None
    figures: Mapping[str, FigureCheck] = field(default_factory=dict)
    verdict: str = ""

    def prior_status(self) -> dict[str, str]:
        """Figure -> status of its prior-period check (what rules may require)."""
        return {name: fc.prior.status for name, fc in self.figures.items()}


def agrees(figure: str, extracted: float, xbrl: float) -> bool:
    """Within 0.5% (EPS: also within half a cent, as printed)."""
    gap = abs(extracted - xbrl)
    if figure in PER_SHARE_FIGURES and gap <= EPS_TOLERANCE + 1e-9:
        return True
    return gap <= abs(xbrl) * MATCH_TOLERANCE + 1e-6


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def filing_day(accepted: datetime) -> date:
    """The EDGAR (US Eastern) day of an acceptance time."""
    return accepted.astimezone(EASTERN).date() if accepted.tzinfo else accepted.date()


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def current_period_end(history: History, accepted: date) -> date | None:
    """The fiscal period an 8-K accepted on `accepted` most likely reports on: the latest
    period end of the company's calendar (known ends, and each carried forward a year) that
    falls before it, within the reporting lag."""
    known = history.period_ends()
    candidates = set(known) | {_year_after(d) for d in known}
    before = [d for d in candidates if d < accepted and accepted - d <= _MAX_REPORT_LAG]
    return max(before) if before else None


def _candidates(history: History, figure: str, end: date, prior: bool) -> list[PeriodValue]:
    """XBRL values a press-release column for `figure` ending at `end` may state."""
    found: list[PeriodValue | None]
    if figure in INSTANT_FIGURES:
        found = [history.find(figure, "instant", end)]
        if prior:
            year_ends = [d for d in (pv.end for pvs in history.values.values() for pv in pvs
                                     if pv.kind == "year")
                         if d <= end + timedelta(days=300) and d > end - timedelta(days=10)]
            fiscal_end = min(year_ends, default=None)
            if fiscal_end is not None:  # the last fiscal year end before the current period
                found.append(history.find(figure, "instant", fiscal_end))
            found.append(history.find(figure, "instant", _year_after(end) - timedelta(days=91)))
    else:
        found = [history.find(figure, "quarter", end), history.find(figure, "year", end)]
    out: list[PeriodValue] = []
    for pv in found:
        if pv is not None and pv not in out:
            out.append(pv)
    return out


def _check(figure: str, value: float | None, candidates: list[PeriodValue],
           history: History, missing: Status) -> Check:
    if value is None:
        return Check("unavailable", note="no value extracted")
    if not candidates:
        return Check(missing, value, note="no XBRL value for the period")
    for pv in candidates:
        if agrees(figure, value, pv.value):
            return _from(pv, "match", value)
    primary = candidates[0]
    hint, note = _resembles(figure, value, primary, history)
    return _from(primary, "mismatch", value, note=note, hint=hint)


def _from(pv: PeriodValue, status: Status, value: float, note: str = "",
          hint: str = "") -> Check:
    return Check(status, value, pv.value, pv.accession, pv.form, pv.filed.isoformat(),
                 pv.describe(), note or pv.derived, hint)


def _resembles(figure: str, value: float, pv: PeriodValue, history: History) -> tuple[str, str]:
    """What a mismatching value agrees with instead, if anything: evidence for the verdict."""
    for version in pv.versions:
        if version != pv.value and agrees(figure, value, version):
            return "version", f"matches the value first filed for the {pv.describe()}, " \
                f"{_num(version)}, since restated to {_num(pv.value)}"
    if pv.value and figure not in PER_SHARE_FIGURES:
        for scale in _SCALES:
            if agrees(figure, value, pv.value * scale):
                return "scale", f"{scale:g} times the XBRL value: a scale misread"
    if pv.value and agrees(figure, value, -pv.value):
        return "sign", "the XBRL value with the opposite sign"
    for other in history.values.get(figure, ()):
        if other is not pv and other.end > pv.end - timedelta(days=370) and \
                other.end < pv.end + timedelta(days=400) and agrees(figure, value, other.value):
            return "period", f"matches the {other.describe()} instead: another column"
    for name in FIGURE_TAGS:
        if name == figure or (name in PER_SHARE_FIGURES) != (figure in PER_SHARE_FIGURES):
            continue
        other_pv = history.find(name, pv.kind, pv.end, 0)
        if other_pv is not None and agrees(figure, value, other_pv.value):
            return "figure", f"matches {name} for the same period instead: another line"
    return "", ""


def cross_check(
    figures: Mapping[str, Figure],
    history: History | None,
    accepted: date,
    *,
    unavailable_note: str = "no XBRL data for this company",
    non_reliance: bool = False,
) -> CrossCheck:
    """Prior (and, when already filed, current) values of every extracted figure against
    XBRL; with several prior mismatches, which explanation is more likely."""
    names = [n for n in figures if n in FIGURE_TAGS]
    if history is None:
        none = Check("unavailable", note=unavailable_note)
        return CrossCheck(None, {
            n: FigureCheck(n, _with_value(none, figures[n].prior),
                           _with_value(none, figures[n].current)) for n in names})
    end = current_period_end(history, accepted)
    if end is None:
        none = Check("unavailable", note="no fiscal period in XBRL near this filing")
        return CrossCheck(None, {
            n: FigureCheck(n, _with_value(none, figures[n].prior),
                           _with_value(none, figures[n].current)) for n in names})
    checks: dict[str, FigureCheck] = {}
    for name in names:
        fig = figures[name]
        prior = _check(name, fig.prior, _candidates(history, name, year_before(end), True),
                       history, "unavailable")
        current = _check(name, fig.current, _candidates(history, name, end, False), history,
                         "pending")
        checks[name] = FigureCheck(name, prior, current)
    return CrossCheck(end, checks, diagnose(checks, non_reliance))


def _with_value(check: Check, value: float | None) -> Check:
    return Check(check.status, value, note=check.note)


def grade_current(figure: str, value: float | None, history: History,
                  period_end: date) -> Check:
    """The current value against XBRL once filed; `pending` while XBRL lacks the period."""
    return _check(figure, value, _candidates(history, figure, period_end, False), history,
                  "pending")


def diagnose(checks: Mapping[str, FigureCheck], non_reliance: bool = False) -> str:
    """With two or more prior mismatches: restated comparatives or a wrong extraction, which
    is more likely and why. Empty otherwise."""
    bad = [(n, fc.prior) for n, fc in checks.items() if fc.prior.status == "mismatch"]
    if len(bad) < 2:
        return ""
    names = ", ".join(n for n, _ in bad)
    head = f"{len(bad)} prior-period figures disagree with XBRL ({names}): "
    if non_reliance:
        return head + ("restated comparatives more likely: the filing says earlier statements "
                       "should no longer be relied upon")
    misread = [(n, c) for n, c in bad if c.hint in ("scale", "sign", "period", "figure")]
    restated = [(n, c) for n, c in bad if c.hint == "version"]
    if len(misread) > len(restated):
        detail = "; ".join(f"{n} {c.note}" for n, c in misread)
        return head + f"wrong extraction more likely: {detail}"
    if restated:
        return head + ("restated comparatives more likely: the release's prior values match "
                       "figures as first filed, which XBRL has since restated")
    gaps = [abs(c.extracted - c.xbrl) / abs(c.xbrl) for _n, c in bad
            if c.extracted is not None and c.xbrl]
    if gaps and max(gaps) <= RESTATEMENT_SPREAD:
        return head + (f"restated comparatives more likely: every difference is modest (at "
                       f"most {max(gaps):.1%}) and none matches another column or scale, as "
                       f"when a company recasts its prior year")
    return head + ("wrong extraction more likely: differences of up to "
                   f"{max(gaps, default=0):.0%} follow no restatement pattern")


# -- history for rules -------------------------------------------------------------------------


def fill_history(
    stored: Sequence[Mapping[str, Any]],
    history: History | None,
    period_end: date | None,
    limit: int,
) -> list[dict[str, Any]]:
    """The store's earlier filings, then XBRL quarters for periods they do not cover, newest
    first, at most `limit`: a company's first 8-K already has its last eight quarters."""
    out = [dict(entry) for entry in stored]
    if history is None or period_end is None:
        return out[:limit]
    covered: list[date] = []
    keyed: list[tuple[date, dict[str, Any]]] = []
    for entry in out:
        accepted = _entry_date(entry)
        end = current_period_end(history, accepted) if accepted else None
        if end is not None:
            covered.append(end)
        keyed.append((end or accepted or date.min, entry))
    quarters: dict[date, dict[str, PeriodValue]] = {}
    for name in FIGURE_TAGS:
        for pv in history.quarters_before(name, period_end, limit):
            key = next((k for k in quarters if abs((k - pv.end).days) <= SAME_END_DAYS), pv.end)
            quarters.setdefault(key, {})[name] = pv
    for end, values in quarters.items():
        if any(abs((end - c).days) <= SAME_END_DAYS for c in covered):
            continue
        first = values.get("revenue") or values.get("net_income") or next(iter(values.values()))
        keyed.append((end, {
            "accession": first.accession, "accepted": end.isoformat(), "source": XBRL_SOURCE,
            "when": f"{end.isoformat()} (quarter, {XBRL_SOURCE} {first.form} filed "
                    f"{first.filed.isoformat()})",
            "figures": {name: pv.value for name, pv in values.items()},
        }))
    keyed.sort(key=lambda item: item[0], reverse=True)
    return [entry for _end, entry in keyed[:limit]]


def _entry_date(entry: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(entry.get("accepted", ""))[:10])
    except ValueError:
        return None


def history_sources(entries: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
    """(earlier filings on record, quarters from XBRL) among history entries."""
    xbrl = sum(1 for e in entries if e.get("source") == XBRL_SOURCE)
    return len(entries) - xbrl, xbrl

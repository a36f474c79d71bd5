"""Column semantics: which column is the current period and which the same period a year
earlier.

Headers are read for the period length ("Three Months Ended", "13 Weeks", "Q4'23",
"Full-Year"), the period end ("December 31, 2024", "11/30/2024", "4Q24", a bare year) and
flags that rule a column out (percent change, forecast, non-GAAP adjustments). Income
statements take the shortest period present (the quarter beside nine- or twelve-month
columns), its latest end as current and the column one year before as prior, never the
sequential quarter. Balance sheets take the latest date as current and the latest earlier
date (usually the last year end) as prior.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.extract.tables import Table

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_RE = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(_MONTH_RE + r"(?:\s+(\d{1,2}))?(?:\s*,)?(?:\s+((?:19|20)\d\d))?\b", re.I)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)?\d\d)\b")
_QUARTER = re.compile(
    r"\b([1-4])Q\s*'?((?:19|20)?\d\d)\b|\bQ([1-4])\s*(?:FY\s*)?'?((?:19|20)?\d\d)\b", re.I
)
_ORDINAL_Q = re.compile(
    r"\b(first|second|third|fourth)[- ]quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?((?:19|20)\d\d))?", re.I
)
_YEAR = re.compile(r"(?<![\d/.,$])((?:19|20)\d\d)(?![\d,.%])")
_PERIODS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:three|3)[- ]months?\b|\b(?:thirteen|fourteen|13|14)[- ]weeks?\b|"
                r"\b(?:12|16)[- ]weeks?\b|\bquarters?\b|\b[1-4]Q\b|\bQ[1-4]\b|"
                r"\b[1-4]Q\s*'?\d\d\b|\bQ[1-4]\s*'?\d\d", re.I), 3),
    (re.compile(r"\b(?:six|6)[- ]months?\b|\b(?:twenty[- ]six|26|24|28)[- ]weeks?\b|"
                r"\bhalf[- ]year\b|\bfirst half\b|\b(?:first|second) half\b|\bH[12]\b", re.I), 6),
    (re.compile(r"\b(?:nine|9)[- ]months?\b|\b(?:thirty[- ]nine|39|40|36)[- ]weeks?\b", re.I), 9),
    (re.compile(r"\b(?:twelve|12)[- ]months?\b|\b(?:fifty[- ]two|fifty[- ]three|52|53)[- ]weeks?\b|"
                r"\byears?\s+ended\b|\bfiscal\s+years?\b|\bfull[- ]year\b|\byear\b|\bannual\b|"
                r"\bFY\s*'?\d\d\b", re.I), 12),
    (re.compile(r"\byear[- ]to[- ]date\b|\bYTD\b", re.I), 10),
)  # fmt: skip
# Periods a caption or title row states for the whole table ("For the Years Ended ...").
_CAPTION_PERIODS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:three|3)[- ]months?\s+ended|\bquarters?\s+ended|"
                r"\b(?:thirteen|fourteen|13|14)[- ]weeks?\s+ended", re.I), 3),
    (re.compile(r"\b(?:six|6)[- ]months?\s+ended|"
                r"\b(?:twenty[- ]six|26)[- ]weeks?\s+ended", re.I), 6),
    (re.compile(r"\b(?:nine|9)[- ]months?\s+ended|"
                r"\b(?:thirty[- ]nine|39)[- ]weeks?\s+ended", re.I), 9),
    (re.compile(r"\b(?:twelve|12)[- ]months?\s+ended|\b(?:fiscal )?years?\s+ended|"
                r"\b(?:fifty[- ]two|fifty[- ]three|52|53)[- ]weeks?\s+ended", re.I), 12),
)  # fmt: skip
_CHANGE = re.compile(
    r"%|\bchange\b|\bvariance\b|\bincr|\bdecr|\bfav|\bunfav|\bbp\b|\bbps\b|\bpercent|"
    r"\bgrowth\b|\bvs\.?(?=\s|$)|\bversus\b|\bmargin\b|\bratio\b|"
    r"\b(?:o/\(?u\)?|b/\(?w\)?)|\by/y\b|\bq/q\b|\byoy\b|\bqoq\b|\bover\s*/\s*\(?under\)?|"
    r"\bbetter\s*/\s*\(?worse\)?",
    re.I,
)
_FORECAST = re.compile(r"forecast|guidance|outlook|estimate|projected|\btarget|\bplan\b", re.I)
_NON_GAAP = re.compile(
    r"non-?gaap|adjusted|\badj\b\.?|adjustments?|excluding|\bexcl\b|pro\s*forma|"
    r"constant currency|organic|comparable|\bcore\b|items affecting|identified items",
    re.I,
)


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """What one value column's header says."""

    index: int
    months: int | None
    year: int | None
    month: int | None
    excluded: bool

    @property
    def key(self) -> tuple[int, int]:
        return (self.year or 0, self.month or 0)


def period_months(text: str, *, caption: bool = False) -> int | None:
    """Period length a header states: 3 for "Three Months Ended", 12 for "Year Ended".
    With `caption`, only explicit "... ended" phrases count (captions hold prose too)."""
    flat = text.replace(" | ", " ")
    best: tuple[int, int, int] | None = None  # (start, -length, months)
    for pattern, months in _CAPTION_PERIODS if caption else _PERIODS:
        m = pattern.search(flat)
        if m and (best is None or (m.start(), m.start() - m.end()) < best[:2]):
            best = (m.start(), m.start() - m.end(), months)
    return None if best is None else best[2]


def _year4(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def period_end(header: str) -> tuple[int | None, int | None]:
    """(year, month) a column ends, read bottom-up through its header rows."""
    parts = [p for p in header.split(" | ") if p.strip()]
    year: int | None = None
    month: int | None = None
    for part in reversed(parts):
        m = _NUMERIC_DATE.search(part)
        if m:
            return _year4(m.group(3)), int(m.group(1))
        q = _QUARTER.search(part)
        if q:
            number = q.group(1) or q.group(3)
            yr = q.group(2) or q.group(4)
            return _year4(yr), int(number) * 3
        if year is None:
            years = _YEAR.findall(part)
            if years:
                year = int(years[-1]) if len(years) == 1 else None
                if len(years) > 1:
                    # "July 3, 2004 and June 28, 2003": the first date is the column's own.
                    dates = [d for d in _DATE.finditer(part) if d.group(3)]
                    if dates:
                        year = int(dates[0].group(3))
                        month = _MONTHS[dates[0].group(1)[:3].lower()]
    if month is None:
        for part in reversed(parts):
            for d in _DATE.finditer(part):
                if d.group(3) and year is not None and int(d.group(3)) != year:
                    continue
                if not d.group(2) and not d.group(3) and d.group(1).lower() in ("may", "mar"):
                    continue  # "may"/"mar" as words, not months
                month = _MONTHS[d.group(1)[:3].lower()]
                if year is None and d.group(3):
                    year = int(d.group(3))
                break
            if month is not None:
                break
    if year is None:
        for part in reversed(parts):
            o = _ORDINAL_Q.search(part)
            if o and o.group(2):
                order = ("first", "second", "third", "fourth").index(o.group(1).lower()) + 1
                return int(o.group(2)), order * 3
    if year is not None and month is None:
        # "Q2 | 2024" over "Q3 | 2024": the quarter on its own row orders the columns.
        for part in reversed(parts):
            number = _bare_quarter(part)
            if number is not None:
                return year, number * 3
    return year, month


_BARE_QUARTER = re.compile(
    r"^\s*(?:Q([1-4])|([1-4])Q|(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)\s*$", re.I
)
_ORDINALS = ("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th")


def _bare_quarter(part: str) -> int | None:
    """The quarter a header part names without a year: "Q3", "3Q", "Third Quarter"."""
    m = _BARE_QUARTER.match(part)
    if m is None:
        return None
    if m.group(1) or m.group(2):
        return int(m.group(1) or m.group(2))
    return _ORDINALS.index(m.group(3).lower()) % 4 + 1


def column_infos(
    table: Table, read: dict[str, HeaderReading] | None = None
) -> list[ColumnInfo]:
    """ColumnInfo for every value column of a table. A column whose header states no
    period takes the period of the table's title rows or caption. `read` keeps what each
    header text says, for the next table of the document with the same headers."""
    percent_cols = _percent_columns(table)
    default_months = period_months(table.title, caption=True) or period_months(
        table.caption[-150:], caption=True
    )
    if read is None:
        read = {}
    infos: list[ColumnInfo] = []
    inherited: int | None = None
    for i, header in enumerate(table.headers):
        reading = read.get(header)
        if reading is None:
            reading = read[header] = _read_header(header)
        months, year, month, flagged = reading
        if months is None:
            # A spanning header ("Three Months Ended") sits over the first column of its
            # group; in text tables it may not reach the others.
            months = inherited if inherited is not None else default_months
        else:
            inherited = months
        infos.append(ColumnInfo(i, months, year, month, i in percent_cols or flagged))
    return infos


# What one header text says: period months, (year, month) it ends, and whether it marks a
# change, forecast or non-GAAP column.
HeaderReading = tuple[int | None, int | None, int | None, bool]


def _read_header(header: str) -> HeaderReading:
    year, month = period_end(header)
    flagged = (
        bool(_CHANGE.search(header))
        or bool(_FORECAST.search(header))
        or bool(_NON_GAAP.search(header))
    )
    return period_months(header), year, month, flagged


def _percent_columns(table: Table) -> set[int]:
    counts: dict[int, list[int]] = {}
    for row in table.rows:
        for col, num in row.values.items():
            tally = counts.setdefault(col, [0, 0])
            tally[0] += 1
            tally[1] += num.percent
    return {col for col, (total, pct) in counts.items() if total and pct / total >= 0.5}


def income_columns(
    infos: list[ColumnInfo], target_months: int | None
) -> tuple[int, int | None] | None:
    """(current, prior) columns of an income statement for the main period, or None when
    the table does not show it unambiguously. Prior is None when no year-ago column exists."""
    usable = [c for c in infos if not c.excluded]
    if not usable:
        return None
    known = [c for c in usable if c.months is not None]
    if known:
        target = target_months if target_months is not None else min(c.months or 99 for c in known)
        usable = [c for c in usable if c.months == target]
        if not usable:
            return None
    dated = [c for c in usable if c.year is not None]
    if not dated:
        # No dates: the usual "current, prior" order, only when nothing else is there.
        if len(usable) == 2:
            return usable[0].index, usable[1].index
        if len(usable) == 1:
            return usable[0].index, None
        return None
    if len(dated) != len(usable):
        return None
    current = max(dated, key=lambda c: c.key)
    same = [c for c in dated if c.key == current.key]
    current = same[0]
    prior = None
    for c in dated:
        if c.year != (current.year or 0) - 1:
            continue
        # Same month a year earlier (52/53-week years may end in the neighbouring month).
        if current.month and c.month and _month_gap(current.month, c.month) > 1:
            continue
        prior = c
        break
    return current.index, None if prior is None else prior.index


def _month_gap(a: int, b: int) -> int:
    gap = abs(a - b)
    return min(gap, 12 - gap)


def balance_columns(infos: list[ColumnInfo]) -> tuple[int, int | None] | None:
    """(current, prior) columns of a balance sheet: latest date, then the latest earlier
    date (the last year end when the release shows it)."""
    usable = [c for c in infos if not c.excluded]
    if not usable:
        return None
    dated = [c for c in usable if c.year is not None]
    if not dated:
        if len(usable) == 2:
            return usable[0].index, usable[1].index
        return None
    if len(dated) != len(usable):
        return None
    ordered = sorted(dated, key=lambda c: c.key, reverse=True)
    current = ordered[0]
    earlier = [c for c in ordered if c.key < current.key]
    return current.index, earlier[0].index if earlier else None

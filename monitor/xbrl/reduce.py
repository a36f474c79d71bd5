"""Reduce a companyfacts document to each figure's discrete quarterly, annual and
balance-sheet values. Pure: bytes in, typed values out; no I/O, no clock.

Rules (each pinned by tests against values read by hand from real companyfacts):
- a period's value is the latest filed one (later 10-Qs and 10-Ks restate and recast);
- durations are classified by length, so a six- or nine-month year-to-date value is never
  taken for a quarter;
- a quarter no filing states is derived from the year-to-date values sharing its start
  (Q2 = six months - Q1, Q3 = nine months - six months, Q4 = year - nine months); never
  for per-share values, which do not add up across periods;
- values are read in the figure's unit only (USD, or USD/shares for EPS): a filer
  reporting in another currency has no values here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from monitor.errors import ParseError
from monitor.models import PER_SHARE_FIGURES
from monitor.xbrl.tags import (
    FIGURE_TAGS,
    INSTANT_FIGURES,
    TAG_FIGURES,
    unit_for,
)

Kind = Literal["quarter", "year", "instant"]
# Days in a period of 1-4 fiscal quarters: 13 or 14 weeks a quarter (52/53-week years), or
# calendar months; anything else (a 4-month stub, a 10-month transition) is no quarter.
_SPANS = {1: (84, 98), 2: (175, 189), 3: (266, 280), 4: (357, 371)}
_SPAN_NAMES = {1: "first quarter", 2: "six months", 3: "nine months", 4: "year"}
# Two period ends within this many days are the same fiscal period (52/53-week drift).
SAME_END_DAYS = 10


@dataclass(frozen=True, slots=True)
class Fact:
    """One value as companyfacts lists it: one filing's statement of one period."""

    figure: str
    tag: str
    start: date | None
    end: date
    value: float
    accession: str
    form: str
    filed: date


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    """The facts of one company that state the project's figures."""

    cik: int
    entity: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """One figure for one fiscal period: the latest filed value, or one derived from two."""

    figure: str
    kind: Kind
    start: date | None
    end: date
    value: float
    accession: str
    form: str
    filed: date
    tag: str
    derived: str = ""  # how it was computed when no filing states it, e.g. "year - nine months"
    versions: tuple[float, ...] = ()  # every distinct value filed for the period, oldest first

    def describe(self) -> str:
        """`quarter to 2024-03-31`, `year to 2024-12-31` or `2024-12-31`."""
        if self.kind == "instant":
            return self.end.isoformat()
        return f"{self.kind} to {self.end.isoformat()}"

    def source(self) -> str:
        """Where the value comes from, for an alert: `10-Q filed 2024-05-02`."""
        text = f"{self.form} filed {self.filed.isoformat()}"
        return f"{text}, {self.derived}" if self.derived else text


@dataclass(frozen=True, slots=True)
class History:
    """Discrete values per figure, oldest first, ready for look-ups by period end."""

    cik: int
    entity: str
    values: Mapping[str, tuple[PeriodValue, ...]]

    def find(self, figure: str, kind: Kind, end: date,
             tolerance: int = SAME_END_DAYS) -> PeriodValue | None:
        """The value of the period of `kind` ending within `tolerance` days of `end`."""
        best: PeriodValue | None = None
        for pv in self.values.get(figure, ()):
            gap = abs((pv.end - end).days)
            if pv.kind == kind and gap <= tolerance and (
                    best is None or gap < abs((best.end - end).days)):
                best = pv
        return best

    def quarters_before(self, figure: str, end: date, count: int) -> list[PeriodValue]:
        """Up to `count` discrete quarters ending before `end` (less the tolerance), newest
        first."""
        limit = end - timedelta(days=SAME_END_DAYS)
        found = [pv for pv in self.values.get(figure, ())
                 if pv.kind == "quarter" and pv.end < limit]
        return sorted(found, key=lambda pv: pv.end, reverse=True)[:count]

    def period_ends(self) -> list[date]:
        """Every quarter and year end of any figure, sorted: the company's fiscal calendar."""
        return sorted({pv.end for values in self.values.values() for pv in values
                       if pv.kind in ("quarter", "year")})


def quarters_spanned(start: date, end: date) -> int | None:
    """1-4 when start..end (inclusive) is that many fiscal quarters long, else None."""
    days = (end - start).days + 1
    for count, (low, high) in _SPANS.items():
        if low <= days <= high:
            return count
    return None


# -- parsing --------------------------------------------------------------------------------


# Taxonomies whose concept names may equal us-gaap's ("Assets" in ifrs-full): the us-gaap
# object is taken to end where the first of these keys after it begins.
_OTHER_TAXONOMIES = (b'"ifrs-full"', b'"dei"', b'"srt"', b'"invest"')
_CIK = re.compile(rb'\s*\{\s*"cik"\s*:\s*"?(\d{1,10})"?\s*,')
_ENTITY = re.compile(rb'"entityName"\s*:\s*("(?:[^"\\]|\\.)*")')
_OBJECT_START = re.compile(rb'\s*:\s*\{')


def parse_companyfacts(raw: bytes) -> CompanyFacts:
    """The facts of companyfacts JSON that state a figure; malformed entries are skipped.

    Only the figures' concepts are decoded (a tenth of a typical 3-5 MB body, and
    json.loads holds the GIL throughout); a body whose layout the fast path does not
    recognise is decoded whole. Raises ParseError when it is not companyfacts at all.
    """
    fast = _parse_concepts_only(raw)
    return fast if fast is not None else _parse_whole(raw)


def _parse_concepts_only(raw: bytes) -> CompanyFacts | None:
    cik = _CIK.match(raw)
    begin = raw.find(b'"us-gaap"')
    # SEC writes companyfacts as ASCII (non-ASCII escaped), so byte and character offsets
    # agree; anything else takes the whole-body path.
    if cik is None or begin < 0 or raw.find(b'"us-gaap"', begin + 1) >= 0 \
            or not raw.isascii():
        return None
    text = raw.decode("ascii")
    ends = [raw.find(key, begin) for key in _OTHER_TAXONOMIES]
    end = min((pos for pos in ends if pos >= 0), default=len(raw))
    decoder = json.JSONDecoder()
    facts: list[Fact] = []
    for tag, _figures in TAG_FIGURES.items():
        key = b'"' + tag.encode() + b'"'
        at = raw.find(key, begin, end)
        while at >= 0:
            brace = _OBJECT_START.match(raw, at + len(key))
            if brace is not None and raw[at - 1:at] != b"\\":
                try:
                    concept, stop = decoder.raw_decode(text, brace.end() - 1)
                except ValueError:
                    return None
                if stop > end:
                    return None
                facts.extend(_concept_facts(tag, concept))
                break
            at = raw.find(key, at + 1, end)
    entity = _ENTITY.search(raw, 0, begin)
    name = ""
    if entity is not None:
        try:
            decoded = json.loads(entity.group(1))
            name = decoded if isinstance(decoded, str) else ""
        except ValueError:
            name = ""
    return CompanyFacts(int(cik.group(1)), name, tuple(facts))


def _concept_facts(tag: str, concept: Any) -> list[Fact]:
    if not isinstance(concept, dict) or not isinstance(concept.get("units"), dict):
        return []
    out: list[Fact] = []
    for figure in TAG_FIGURES.get(tag, ()):
        entries = concept["units"].get(unit_for(figure))
        if isinstance(entries, list):
            out.extend(_facts(figure, tag, entries))
    return out


def _parse_whole(raw: bytes) -> CompanyFacts:
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError(f"companyfacts is not JSON: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("facts"), dict):
        raise ParseError("companyfacts has no facts object")
    cik = doc.get("cik")
    try:
        cik_number = int(cik) if isinstance(cik, int | str) else 0
    except ValueError:
        cik_number = 0
    entity = doc.get("entityName")
    gaap = doc["facts"].get("us-gaap")
    facts: list[Fact] = []
    if isinstance(gaap, dict):
        for tag in TAG_FIGURES:
            facts.extend(_concept_facts(tag, gaap.get(tag)))
    return CompanyFacts(cik_number, entity if isinstance(entity, str) else "", tuple(facts))


def _facts(figure: str, tag: str, entries: list[Any]) -> Iterable[Fact]:
    instant = figure in INSTANT_FIGURES
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        value = entry.get("val")
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        end = _date(entry.get("end"))
        filed = _date(entry.get("filed"))
        start = _date(entry.get("start"))
        accession = entry.get("accn")
        if end is None or filed is None or not isinstance(accession, str):
            continue
        if instant != (start is None) or (start is not None and start > end):
            continue  # a duration where an instant belongs, or the reverse
        form = entry.get("form")
        yield Fact(figure, tag, start, end, float(value), accession[:20],
                   form[:12] if isinstance(form, str) else "", filed)


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# -- cache form ------------------------------------------------------------------------------


def facts_to_json(cf: CompanyFacts) -> str:
    """Compact JSON of the relevant facts, for the store's cache (a few KB, not 5 MB)."""
    rows = [[f.figure, f.tag, f.start.isoformat() if f.start else None, f.end.isoformat(),
             f.value, f.accession, f.form, f.filed.isoformat()] for f in cf.facts]
    return json.dumps({"cik": cf.cik, "entity": cf.entity, "facts": rows},
                      separators=(",", ":"))


def cache_form(body: bytes) -> str:
    """A companyfacts body parsed down to its cached form (what the parsing process runs)."""
    return facts_to_json(parse_companyfacts(body))


def facts_from_json(text: str) -> CompanyFacts:
    """Inverse of `facts_to_json`."""
    doc = json.loads(text)
    facts = tuple(
        Fact(row[0], row[1], date.fromisoformat(row[2]) if row[2] else None,
             date.fromisoformat(row[3]), float(row[4]), row[5], row[6],
             date.fromisoformat(row[7]))
        for row in doc["facts"]
    )
    return CompanyFacts(int(doc["cik"]), str(doc["entity"]), facts)


# -- reduction -------------------------------------------------------------------------------


def reduce_facts(cf: CompanyFacts) -> History:
    """Discrete quarters, years and instants per figure (see the module docstring)."""
    by_figure: dict[str, list[Fact]] = {}
    for fact in cf.facts:
        by_figure.setdefault(fact.figure, []).append(fact)
    values: dict[str, tuple[PeriodValue, ...]] = {}
    for figure, facts in by_figure.items():
        periods = _latest_per_period(figure, facts)
        out: list[PeriodValue] = []
        if figure in INSTANT_FIGURES:
            out = [_value(figure, "instant", chosen, versions)
                   for chosen, versions in periods.values()]
        else:
            out = _durations(figure, periods)
        values[figure] = tuple(sorted(out, key=lambda pv: (pv.end, pv.kind)))
    return History(cf.cik, cf.entity, values)


def reduce_companyfacts(raw: bytes) -> History:
    """`parse_companyfacts` then `reduce_facts`."""
    return reduce_facts(parse_companyfacts(raw))


_Period = tuple[date | None, date]


def _latest_per_period(
    figure: str, facts: list[Fact]
) -> dict[_Period, tuple[Fact, tuple[float, ...]]]:
    """Per period: the latest filed fact of the most preferred tag stating it, and every
    distinct value that tag was filed with, oldest first."""
    rank = {tag: i for i, (tag, _why) in enumerate(FIGURE_TAGS[figure])}
    grouped: dict[_Period, list[Fact]] = {}
    for fact in facts:
        grouped.setdefault((fact.start, fact.end), []).append(fact)
    out: dict[_Period, tuple[Fact, tuple[float, ...]]] = {}
    for period, group in grouped.items():
        best_tag = min((f.tag for f in group), key=lambda t: rank.get(t, len(rank)))
        same_tag = sorted((f for f in group if f.tag == best_tag),
                          key=lambda f: (f.filed, f.accession))
        versions: list[float] = []
        for f in same_tag:
            if f.value not in versions:
                versions.append(f.value)
        out[period] = (same_tag[-1], tuple(versions))
    return out


def _value(figure: str, kind: Kind, fact: Fact, versions: tuple[float, ...]) -> PeriodValue:
    return PeriodValue(figure, kind, fact.start, fact.end, fact.value, fact.accession,
                       fact.form, fact.filed, fact.tag, versions=versions)


def _durations(
    figure: str, periods: Mapping[_Period, tuple[Fact, tuple[float, ...]]]
) -> list[PeriodValue]:
    out: list[PeriodValue] = []
    # Year-to-date values by their start: {start: {quarters spanned: fact}}.
    cumulative: dict[date, dict[int, Fact]] = {}
    for (start, _end), (fact, versions) in periods.items():
        if start is None:
            continue
        spanned = quarters_spanned(start, fact.end)
        if spanned is None:
            continue
        cumulative.setdefault(start, {})[spanned] = fact
        if spanned == 1:
            out.append(_value(figure, "quarter", fact, versions))
        elif spanned == 4:
            out.append(_value(figure, "year", fact, versions))
    if figure in PER_SHARE_FIGURES:
        return out  # EPS does not add up: share counts differ between periods
    stated = [pv.end for pv in out if pv.kind == "quarter"]
    for by_span in cumulative.values():
        for spanned in (2, 3, 4):
            longer, shorter = by_span.get(spanned), by_span.get(spanned - 1)
            if longer is None or shorter is None:
                continue
            if any(abs((end - longer.end).days) <= 3 for end in stated):
                continue  # a filing states this quarter itself
            out.append(PeriodValue(
                figure, "quarter", shorter.end + timedelta(days=1), longer.end,
                longer.value - shorter.value, longer.accession, longer.form, longer.filed,
                longer.tag,
                derived=f"{_SPAN_NAMES[spanned]} - {_SPAN_NAMES[spanned - 1]}",
            ))
    return out

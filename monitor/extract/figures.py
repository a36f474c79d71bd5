"""Key figures of an earnings release: revenue, profits, EPS and balance-sheet totals.

Tables first: every table is parsed (HTML, SGML or space-aligned text), classified
(GAAP statement, summary, segment, cash flow, non-GAAP, outlook), given its scale and its
current/prior columns, and its rows matched to figure names. For each figure the best
candidate wins: GAAP statements before other tables, a better label before a weaker one,
earlier before later. Prose ("revenue of $2.72 billion, compared with $2.52 billion") is
read only when no table states a figure. When in doubt a figure is left out: a wrong
figure becomes a wrong alert.

Pure: a document (or its bytes) in, figures out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.extract.columns import (
    ColumnInfo,
    HeaderReading,
    balance_columns,
    column_infos,
    income_columns,
)
from monitor.extract.lineitems import (
    SOLE_REVENUE_RANK,
    Match,
    is_per_share_label,
    match_row,
    normalize,
)
from monitor.extract.numbers import Number, find_scale
from monitor.extract.parsed import Document, read_document
from monitor.extract.prose import prose_figures
from monitor.extract.tables import Row, Table
from monitor.extract.text import case_sensitive, fold_ascii
from monitor.models import FIGURE_NAMES, PER_SHARE_FIGURES, Figure

BALANCE_FIGURES = frozenset(
    {"total_assets", "total_liabilities", "stockholders_equity", "working_capital"}
)
INCOME_FIGURES = frozenset(FIGURE_NAMES) - BALANCE_FIGURES

_STATEMENT = re.compile(
    r"statements? of (?:consolidated )?(?:operations|income|earnings|comprehensive|loss)|"
    r"income statements?|consolidated (?:income|earnings|operations)\b|results of operations|"
    r"statements? of (?:financial (?:position|condition)|condition)|balance sheets?|"
    r"financial highlights|selected (?:consolidated )?financial data|"
    r"statements? of (?:net )?(?:loss|income)",
    re.I,
)
_NON_GAAP_TABLE = re.compile(
    r"non-?gaap|reconciliation|\badjusted\b|as adjusted|pro ?forma|excluding|\bnon-gaap\b",
    re.I,
)
_OUTLOOK = re.compile(r"\boutlook\b|\bguidance\b|\bforecast", re.I)
_CASH_FLOW = re.compile(r"cash flows?\b", re.I)
_SEGMENT = re.compile(r"\bsegments?\b|\bdivisions?\b|\bgeographic|\bby region", re.I)
_NCI = re.compile(r"non-?controlling|minority interest", re.I)
_CENTS = re.compile(r"\.\d\d")
# The table markers above, for text through fold_ascii (same matches, found faster).
_CASE_SENSITIVE = {
    p: case_sensitive(p) for p in (_STATEMENT, _NON_GAAP_TABLE, _OUTLOOK, _CASH_FLOW, _SEGMENT)
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    figure: str
    tier: int
    rank: int
    order: tuple[int, int]
    current: float
    prior: float | None
    label: str
    context: str


def extract_figures(source: bytes | Document, document: str = "") -> dict[str, Figure]:
    """Figures found in one document, keyed by figure name (see models.FIGURE_NAMES).

    `source` is the document's bytes, or the document already read (`parsed.read_document`);
    `document` names it in each figure (default: the Document's name)."""
    doc = source if isinstance(source, Document) else read_document(source, document)
    name = document or doc.name
    tables = list(doc.tables)
    figures = table_figures(tables, name)
    if not any(fig in figures for fig in INCOME_FIGURES) and not _has_income_table(tables):
        for fig_name, fig in prose_figures(doc.text, name).items():
            figures.setdefault(fig_name, fig)
    return {fig: figures[fig] for fig in FIGURE_NAMES if fig in figures}


def _has_income_table(tables: list[Table]) -> bool:
    return any(
        m.figure in INCOME_FIGURES and m.rank != SOLE_REVENUE_RANK
        for t in tables
        for row in t.rows
        for m in match_row(row.label, row.context, has_nci=False)
    )


@dataclass(slots=True)
class _TableInfo:
    table: Table
    tier: int
    scale: float | None
    nci: bool
    matches: list[tuple[Row, list[Match]]]
    columns: list[ColumnInfo]


def table_figures(tables: list[Table], document: str = "") -> dict[str, Figure]:
    """Best figure of each name across a document's tables."""
    infos: list[_TableInfo] = []
    last_scale: float | None = None
    # A document repeats its line items from table to table: each distinct row is matched once.
    matched: dict[tuple[str, tuple[str, ...], bool, bool], list[Match]] = {}
    headers: dict[str, HeaderReading] = {}  # and each distinct column header read once
    for table in tables:
        own_scale = _table_scale(table)
        scale = own_scale if own_scale is not None else last_scale
        if own_scale is not None:
            last_scale = own_scale
        tier = _tier(table)
        if tier is None:
            continue
        nci = any(_NCI.search(r.label) for r in table.rows)
        matches = [(r, _match(r, nci, matched)) for r in table.rows]
        kept = _sole_revenue_line([(r, m) for r, m in matches if m], table)
        if kept:
            infos.append(_TableInfo(table, tier, scale, nci, kept, column_infos(table, headers)))
    target = _main_period(infos)
    best: dict[str, _Candidate] = {}
    for info in infos:
        for cand in _candidates(info, target):
            held = best.get(cand.figure)
            if held is None or (cand.tier, cand.rank, cand.order) < (
                held.tier,
                held.rank,
                held.order,
            ):
                best[cand.figure] = cand
    return {
        name: Figure(
            name=name,
            current=c.current,
            prior=c.prior,
            label=c.label,
            source="table",
            document=document,
            context=c.context,
        )
        for name, c in best.items()
    }


def _match(
    row: Row, nci: bool, matched: dict[tuple[str, tuple[str, ...], bool, bool], list[Match]]
) -> list[Match]:
    """match_row for a table row, remembered in `matched` (the lists are only read)."""
    key = (row.label, row.context, nci, _per_share_values(row))
    found = matched.get(key)
    if found is None:
        found = matched[key] = match_row(row.label, row.context, has_nci=nci,
                                         per_share_values=key[3])
    return found


def _sole_revenue_line(
    kept: list[tuple[Row, list[Match]]], table: Table
) -> list[tuple[Row, list[Match]]]:
    """Keep a named revenue line ("Collaboration revenue") only when it is the one such
    line, among the first two rows of a table that also states a result (net income,
    operating income or EPS): then it is the statement's revenue. Otherwise ("Product
    revenue" and "Service revenue" above an unlabelled total) it is a component."""
    named = [
        row for row, ms in kept for m in ms if m.figure == "revenue" and m.rank == SOLE_REVENUE_RANK
    ]
    if not named:
        return kept
    results = any(
        m.figure in ("net_income", "operating_income", "eps_basic", "eps_diluted")
        for _row, ms in kept
        for m in ms
    )
    top = table.rows[:2]
    keep_named = len(named) == 1 and results and any(named[0] is row for row in top)
    out: list[tuple[Row, list[Match]]] = []
    for row, ms in kept:
        if not keep_named:
            ms = [m for m in ms if not (m.figure == "revenue" and m.rank == SOLE_REVENUE_RANK)]
        if ms:
            out.append((row, ms))
    return out


def _per_share_values(row: Row) -> bool:
    """Numbers that read as per-share amounts: all under 1,000, most with cents."""
    values = [v for v in row.values.values() if not v.dash and not v.percent]
    if not values or any(abs(v.value) >= 1000 for v in values):
        return False
    cents = sum(1 for v in values if _CENTS.search(v.text))
    return cents * 2 >= len(values)


def _tier(table: Table) -> int | None:
    """0: a GAAP statement; 1: another plain table; 2: segment or cash-flow table.
    None: non-GAAP, reconciliation or outlook tables, never used.

    Markers count only in the table's own title, headers and the caption just before it,
    and a statement title nearer the table than a "non-GAAP" mention wins.
    """
    caption = table.caption[-220:]
    head = fold_ascii(f"{caption} | {table.title} | {' '.join(table.headers)}")
    recent = max(0, len(caption) - 160)
    statement = _last(_STATEMENT, head)
    marker = max(_last(_NON_GAAP_TABLE, head), _last(_OUTLOOK, head))
    if marker >= recent and marker > statement:
        return None
    narrower = max(_last(_SEGMENT, head), _last(_CASH_FLOW, head))
    if narrower >= max(recent, statement - 40):
        return 2  # "Segment Income Statements", "Statements of Cash Flows"
    return 0 if statement >= 0 else 1


def _last(pattern: re.Pattern[str], folded: str) -> int:
    """Where the last match of `pattern` starts in `folded` (text through `fold_ascii`)."""
    pos = -1
    for m in _CASE_SENSITIVE[pattern].finditer(folded):
        pos = m.start()
    return pos


def _table_scale(table: Table) -> float | None:
    inside = find_scale(f"{table.title} {' '.join(table.headers)}")
    if inside is not None:
        return inside
    return find_scale(table.caption[-400:], last=True)


def _main_period(infos: list[_TableInfo]) -> int | None:
    """Shortest period among the columns of tables that state income figures: the
    quarter when quarter columns exist, else the year."""
    shortest: int | None = None
    for info in infos:
        if info.tier > 1 or not any(
            m.figure in INCOME_FIGURES for _r, ms in info.matches for m in ms
        ):
            continue
        for col in info.columns:
            if col.excluded or col.months is None:
                continue
            if shortest is None or col.months < shortest:
                shortest = col.months
    return shortest


def _candidates(info: _TableInfo, target: int | None) -> list[_Candidate]:
    table = info.table
    cols = info.columns
    income = income_columns(cols, target)
    balance = balance_columns(cols)
    out: list[_Candidate] = []
    for order, (row, matches) in enumerate(info.matches):
        for match in matches:
            pick = balance if match.figure in BALANCE_FIGURES else income
            if pick is None:
                continue
            cand = _candidate(info, row, match, pick, (table.index, order))
            if cand is not None:
                out.append(cand)
    return out


def _candidate(
    info: _TableInfo,
    row: Row,
    match: Match,
    pick: tuple[int, int | None],
    order: tuple[int, int],
) -> _Candidate | None:
    cur_col, prior_col = pick
    cur = row.values.get(cur_col)
    if cur is None or cur.percent:
        return None
    prior = row.values.get(prior_col) if prior_col is not None else None
    if prior is not None and prior.percent:
        prior = None
    per_share = match.figure in PER_SHARE_FIGURES
    scale = 1.0 if per_share else _row_scale(info, row, cur)
    if scale is None:
        return None
    negate = match.negate and not any(v.value < 0 for v in row.values.values())
    current = _value(cur, scale, negate)
    prior_value = None if prior is None else _value(prior, scale, negate)
    if not _plausible(match.figure, current, prior_value, cur):
        return None
    table = info.table
    return _Candidate(
        figure=match.figure,
        tier=info.tier,
        rank=match.rank,
        order=order,
        current=current,
        prior=prior_value,
        label=_quote_label(row, match.figure),
        context=_context(table, pick),
    )


def _row_scale(info: _TableInfo, row: Row, cur: Number) -> float | None:
    if cur.scaled:
        return 1.0
    own = find_scale(row.label)
    if own is not None:
        return own
    if info.scale is not None:
        return info.scale
    # No stated scale: whole dollars only when the numbers look like whole dollars.
    return 1.0 if abs(cur.value) >= 100_000 else None


def _value(num: Number, scale: float, negate: bool) -> float:
    value = num.value if num.scaled else num.value * scale
    if negate and value > 0:
        value = -value
    return round(value, 6)


def _plausible(figure: str, current: float, prior: float | None, cur: Number) -> bool:
    if cur.dash:
        return False  # a dash is "nil"; a key figure of nil is more likely a misread row
    if figure in PER_SHARE_FIGURES:
        # Larger "per share" numbers are share counts misread as EPS.
        return abs(current) < 1_000 and (prior is None or abs(prior) < 1_000)
    if figure in ("revenue", "total_assets"):
        return current > 0 and (prior is None or prior >= 0)
    return True


def _quote_label(row: Row, figure: str) -> str:
    """The row label as an alert quotes it, with its heading when the label alone does
    not say what it is ("Basic" under "Earnings per share:")."""
    label = row.label
    if not row.context:
        return label
    short = normalize(label) in ("basic", "diluted", "basic and diluted", "total")
    if short or (figure in PER_SHARE_FIGURES and not is_per_share_label(label)):
        heading = row.context[-1].rstrip(" :")
        return f"{heading}: {label}"
    return label


def _context(table: Table, pick: tuple[int, int | None]) -> str:
    """Where a table figure sits: the statement title and the two columns compared."""
    heading = f"{table.caption[-250:]} {table.title}".strip()
    start = _last(_STATEMENT, fold_ascii(heading))
    title = heading[start:] if start >= 0 else (table.title or table.caption[-100:])
    cur_col, prior_col = pick
    cols = f"{table.headers[cur_col]}".replace(" | ", " ")
    if prior_col is not None:
        cols += " vs " + table.headers[prior_col].replace(" | ", " ")
    return f"{title.strip()[:160]} [{cols}]".strip()

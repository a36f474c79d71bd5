"""Financial tables as rows of labelled values under column headers.

One model for every layout: HTML tables (cells laid on a grid with colspan/rowspan) and
text tables (tokens laid on character columns, see text_tables.py) both come down to
`RawRow`s of positioned cells, and `build_tables` turns those into `Table`s:

- value columns are the horizontal extents that numbers overlap (numbers of one column sit
  under each other; a "$" or ")" in its own cell, or a wider cell, does not move a
  column; two numbers of one row are never the same column),
- header cells (dates, periods, years) are attached to the columns they overlap,
- a new header block after body rows starts a new table (stacked statements),
- label-only rows become section context for the rows below them ("Basic" under
  "Earnings per share:").

Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.extract.numbers import Number, parse_cell
from monitor.extract.text import clean_inline, parse_html

_LETTER = re.compile(r"[A-Za-z]")
_PERIOD_WORDS = re.compile(
    r"\b(?:months?|weeks?|quarters?|year|years|ended|ending|fiscal|ytd|year-to-date|"
    r"q[1-4]|[1-4]q|full[- ]year|as of|unaudited|audited|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|november|december)\b"
    r"|\b(?:19|20)\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|[1-4]Q\d\d|Q[1-4]\s*'?\d\d",
    re.IGNORECASE,
)
# Footnote markers at the end of a label: "Net sales (1)", "Basic 1", "Revenue²", "*".
_LABEL_FOOTNOTE = re.compile(
    r"(?:\s*(?:\((?:[a-z]|\d{1,2})\)|\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰†‡]+|(?<=[a-z)])\s\d))+\s*$", re.IGNORECASE
)
_FOOTNOTE_END = frozenset(")*¹²³⁴⁵⁶⁷⁸⁹⁰†‡")
_FOOTNOTE_CELL = re.compile(r"\s*[)%]*\s*(?:\([a-z0-9]{1,2}\)|\*+|[a-z])\s*", re.I)
_LEADER_DOTS = re.compile(r"\.{2,}.*$")
_PUNCT_NOISE = re.compile(r"\s+|\([a-z0-9]\)|\*", re.I)
# A label line ending like this continues on the next line.
CONNECTOR = re.compile(
    r"(?:\b(?:and|of|in|for|to|from|before|after|the|on|per|at|by|with|or|less|net)|[,(&/-])$",
    re.IGNORECASE,
)
_LEADING_INT = re.compile(r"\s*(\d+)")
_MAX_SPAN = 200
_MAX_ROWSPAN = 50
# The spans filings write ("1" to "50", within both caps), read without parsing.
_PLAIN_SPANS = {str(n): n for n in range(1, 51)}
# Nodes a table's caption search may walk back through (text nodes, tags and spacers).
_CAPTION_STEPS = 4000
_NOT_CAPTION = frozenset({"script", "style", "-comment"})


class RawCell(NamedTuple):
    """A cell (HTML) or token (text) at grid/character columns [start, end). A named tuple:
    tables are made of tens of thousands of them."""

    start: int
    end: int
    text: str
    number: Number | None = None


@dataclass(slots=True)
class RawRow:
    """One table line before column analysis. `label` is set by text parsers, which
    split the label from the values themselves; for HTML it is found among the cells."""

    cells: list[RawCell]
    label: str | None = None
    # A data row (see _is_body), known once the row is built; its cells do not change after.
    body: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.body = _has_values(self.cells)

    def numbers(self) -> list[RawCell]:
        return [c for c in self.cells if c.number is not None]


@dataclass(slots=True)
class Row:
    """A body row: its label, its values by column index, and the headings above it."""

    label: str
    values: dict[int, Number]
    context: tuple[str, ...] = ()


@dataclass(slots=True)
class Table:
    """One financial table (or one stacked statement of a larger table).

    `headers[i]` is the header text over value column i (top to bottom, " | " between
    header rows); `caption` is the text before the table plus title/unit rows inside it.
    """

    index: int
    caption: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    title: str = ""
    source: str = "html"

    @property
    def width(self) -> int:
        return len(self.headers)


# --- building tables from raw rows -------------------------------------------------


def clean_label(text: str) -> str:
    """Row label without footnote markers, leader dots and trailing colons."""
    text = clean_inline(text)
    if ".." in text:
        text = _LEADER_DOTS.sub("", text)  # "Net sales........" leader dots
    # A footnote marker ends in ")", "*", a superscript or a digit: other labels are spared
    # the end-anchored pattern, which is tried at every character.
    end = text.rstrip()[-1:]
    if end and (end in _FOOTNOTE_END or end.isdecimal()):
        text = _LABEL_FOOTNOTE.sub("", text)
    return text.strip(" :\u00a0").strip()


def _row_label(row: RawRow) -> tuple[str, int | None]:
    if row.label is not None:
        return row.label, None
    for i, cell in enumerate(row.cells):
        if cell.number is None and _LETTER.search(cell.text) and not _is_footnote(cell.text):
            return cell.text, i
    return "", None


def _is_footnote(text: str) -> bool:
    return _FOOTNOTE_CELL.fullmatch(text) is not None


def _is_body(row: RawRow) -> bool:
    return row.body


def _has_values(cells: list[RawCell]) -> bool:
    """Cells holding a number that is not a bare year ("2004  2003" is a column header)."""
    return any(c.number is not None and not c.number.is_year for c in cells)


def _label_only(row: RawRow) -> bool:
    """A row with nothing but a label (a heading or half a wrapped label)."""
    if row.label is not None:
        return not row.cells
    return len(row.cells) == 1 and not _is_period_header(row) and row.cells[0].number is None


def _is_period_header(row: RawRow) -> bool:
    """A column-header row: a date, year or period over the value columns (the row's own
    label cell at the left edge does not count)."""
    _label, label_idx = _row_label(row)
    for i, cell in enumerate(row.cells):
        if i == label_idx and cell.start == 0:
            continue
        if _PERIOD_WORDS.search(cell.text):
            return True
    return False


def build_tables(rows: list[RawRow], caption: str, first_index: int, source: str) -> list[Table]:
    """Split raw rows into stacked tables and build each one."""
    tables: list[Table] = []
    header: list[RawRow] = []
    body: list[RawRow] = []
    for row in rows:
        if _is_body(row):
            if not body:
                # Label-only rows right above the first data row are its headings (or
                # the first half of its wrapped label), not column headers.
                while header and _label_only(header[-1]):
                    body.insert(0, header.pop())
            body.append(row)
        elif body and _is_period_header(row):
            # A new header block after data: a second statement stacked in one table.
            trailing: list[RawRow] = []
            while body and not _is_body(body[-1]):
                trailing.insert(0, body.pop())
            table = _build(header, body, caption, first_index + len(tables), source)
            if table is not None:
                tables.append(table)
            header, body = [*trailing, row], []
        elif body:
            body.append(row)
        else:
            header.append(row)
    table = _build(header, body, caption, first_index + len(tables), source)
    if table is not None:
        tables.append(table)
    return tables


def _columns(body: list[RawRow]) -> tuple[list[tuple[int, int]], dict[tuple[int, int], int]]:
    """Value columns as [start, end) extents, and the column of each (row, cell) number.

    Numbers of one column overlap horizontally (right-aligned under each other); two
    columns never hold numbers of the same row, so overlapping cells of one row stay apart.
    """
    cells = sorted(
        (cell.start, cell.end, r, c)
        for r, row in enumerate(body)
        for c, cell in enumerate(row.cells)
        if cell.number is not None
    )
    extents: list[list[int]] = []
    rows_in: list[set[int]] = []
    where: dict[tuple[int, int], int] = {}
    for start, end, r, c in cells:
        if extents and start < extents[-1][1] and r not in rows_in[-1]:
            extents[-1][1] = max(extents[-1][1], end)
            rows_in[-1].add(r)
        else:
            extents.append([start, end])
            rows_in.append({r})
        where[(r, c)] = len(extents) - 1
    return [(lo, hi) for lo, hi in extents], where


def _build(
    header: list[RawRow],
    body: list[RawRow],
    caption: str,
    index: int,
    source: str,
) -> Table | None:
    data = [r for r in body if _is_body(r)]
    if not data:
        return None
    cols, where = _columns(data)
    headers, title = _headers(header, cols, source)
    # Headings above the first data row still name the table ("(in thousands)").
    for raw in body:
        if _is_body(raw):
            break
        title = f"{title} {_row_label(raw)[0]}".strip()
    table = Table(index=index, caption=caption, headers=headers, title=title, source=source)
    row_index = {id(r): i for i, r in enumerate(data)}
    for label, raw, context in _labelled(body, join_wrapped=source == "html"):
        if not _is_body(raw):
            continue
        values: dict[int, Number] = {}
        r = row_index[id(raw)]
        for c, cell in enumerate(raw.cells):
            col = where.get((r, c))
            if col is not None and col not in values and cell.number is not None:
                values[col] = cell.number
        if values:
            table.rows.append(Row(label=label, values=values, context=context))
    return table


def _headers(
    header: list[RawRow], cols: list[tuple[int, int]], source: str
) -> tuple[list[str], str]:
    """Header text over each value column, and the title text that is over none."""
    label_end = min(lo for lo, _hi in cols)
    head_cells: list[list[str]] = [[] for _ in cols]
    title_parts: list[str] = []
    for row in header:
        if row.label:
            title_parts.append(row.label)
        by_order = _one_per_column(row, cols, label_end)
        groups = None if by_order is not None else _period_groups(row, cols, label_end, source)
        for cell in row.cells:
            text = clean_inline(cell.text)
            if not text:
                continue
            if by_order is not None and cell in by_order:
                head_cells[by_order.index(cell)].append(text)
                continue
            if groups is not None and id(cell) in groups:
                for i in groups[id(cell)]:
                    head_cells[i].append(text)
                continue
            hits = _hits(cols, cell, label_end, source)
            # A cell that starts in the label column and spans every value column is a
            # title row ("CONSOLIDATED STATEMENTS OF INCOME"), not a column header.
            spans_all = cell.start < label_end and len(hits) == len(cols)
            if not hits or spans_all:
                title_parts.append(text)
                continue
            for i in hits:
                head_cells[i].append(text)
    return [" | ".join(parts) for parts in head_cells], " ".join(title_parts)


def _labelled(
    body: list[RawRow], *, join_wrapped: bool
) -> list[tuple[str, RawRow, tuple[str, ...]]]:
    """Each body row with its full label and the headings in force above it.

    Label-only rows are headings: a run of them after data rows replaces the innermost
    headings ("Diluted" after the "Basic" rows under "Earnings per share"). With
    `join_wrapped`, a label wrapped onto the next row ("Income before income taxes and" /
    "cumulative effect of accounting change") is joined back first.
    """
    out: list[tuple[str, RawRow, tuple[str, ...]]] = []
    parent = ""
    context: list[str] = []
    before_heading: list[str] = []
    base: list[str] = []
    heading_run: list[str] = []
    after_values = True
    previous_heading: str | None = None
    for raw in body:
        label, _ = _row_label(raw)
        label = clean_label(label)
        if _SUB_ITEM.match(label):
            label = _sub_item(label, parent)
        elif label:
            parent = label
        if not _is_body(raw):
            if label:
                if after_values:
                    base, heading_run, after_values = list(context), [], False
                before_heading = list(context)
                heading_run.append(label)
                keep = base[: len(base) - len(heading_run)] if len(base) > len(heading_run) else []
                context = [*keep, *heading_run][-3:]
                previous_heading = label
            out.append((label, raw, tuple(context)))
            continue
        if join_wrapped and previous_heading and _continues(previous_heading, label):
            label = f"{previous_heading} {label}".strip()
            context, heading_run = before_heading, heading_run[:-1]
        after_values = True
        previous_heading = None
        out.append((label, raw, tuple(context)))
    return out


def _continues(above: str, label: str) -> bool:
    """True when `label` carries on the label-only row above it."""
    return not label or label[0].islower() or bool(CONNECTOR.search(above))


def _hits(cols: list[tuple[int, int]], cell: RawCell, label_end: int, source: str) -> list[int]:
    """Value columns a header cell is over (or just beside)."""
    hits = [i for i, (lo, hi) in enumerate(cols) if cell.start < hi and cell.end > lo]
    if not hits and (source == "text" or cell.start >= label_end):
        hits = _nearest(cols, cell, 4.0 if source == "text" else 1.0)
    return hits


def _period_groups(
    row: RawRow, cols: list[tuple[int, int]], label_end: int, source: str
) -> dict[int, list[int]] | None:
    """Spanning period headers ("Three Months Ended", "Nine Months Ended") that old HTML
    lays out on other grid columns than the values: when the k such cells over n columns
    do not each cover their own share of the columns, cell i is over the i-th group of
    n/k columns. None when the cells line up (or the row is not such a row)."""
    cells = [c for c in row.cells if (c.end > label_end or c.start > 0) and c.text.strip()]
    n, k = len(cols), len(cells)
    if k < 2 or k >= n or n % k or not all(_PERIOD_WORDS.search(c.text) for c in cells):
        return None
    size = n // k
    expected = [list(range(i * size, (i + 1) * size)) for i in range(k)]
    if [_hits(cols, c, label_end, source) for c in cells] == expected:
        return None
    return {id(c): group for c, group in zip(cells, expected, strict=True)}


def _one_per_column(
    row: RawRow, cols: list[tuple[int, int]], label_end: int
) -> list[RawCell] | None:
    """Header cells to assign in order: a row with exactly one date/year cell per value
    column whose grid positions do not line up one-to-one with the columns (old HTML
    often lays header rows out with fewer cells than the body rows)."""
    cells = [c for c in row.cells if c.end > label_end or c.start > 0]
    if len(cells) != len(cols) or len(cols) < 2:
        return None
    if not all(_PERIOD_WORDS.search(c.text) for c in cells):
        return None
    aligned = all(
        [i for i, (lo, hi) in enumerate(cols) if c.start < hi and c.end > lo] == [n]
        for n, c in enumerate(cells)
    )
    return None if aligned else cells


_SUB_ITEM = re.compile(r"^(?:[-–—]\s*)+(?=\S)")


def _sub_item(label: str, parent: str) -> str:
    """ "- As Reported" under "Net Income - Excluding One-Time Items" reads as
    "Net Income - As Reported" (SGML text escapes a leading dash as "- -")."""
    m = _SUB_ITEM.match(label)
    if not m or not parent:
        return label
    stem = re.split(r"\s+[-–—]\s+|[-–—]\(|\s*\(see\b", parent, maxsplit=1, flags=re.I)[0]
    return f"{stem.strip()} - {label[m.end() :].strip()}"


def _nearest(cols: list[tuple[int, int]], cell: RawCell, limit: float) -> list[int]:
    """The column a header cell sits just beside (text headers drift a few characters)."""
    mid = (cell.start + cell.end) / 2
    best: list[int] = []
    best_d = limit
    for i, (lo, hi) in enumerate(cols):
        d = min(abs(mid - lo), abs(mid - hi))
        if d < best_d:
            best, best_d = [i], d
    return best


# --- HTML -----------------------------------------------------------------------------


def html_tables(raw: bytes | str) -> list[Table]:
    """Every data table of an HTML document, in document order."""
    return html_tables_and_pre(raw)[0]


def html_tables_and_pre(
    raw: bytes | str | LexborHTMLParser,
) -> tuple[list[Table], list[str]]:
    """Data tables of an HTML document (or of its parsed tree, which is only read), and the
    text of its `<pre>` blocks (old filings wrap whole text exhibits, tables included, in
    `<pre>`)."""
    tree = raw if isinstance(raw, LexborHTMLParser) else parse_html(raw)
    pre = [node.text(deep=True) for node in _outermost(tree.css("pre, xmp, plaintext"))]
    tables: list[Table] = []
    all_tables = tree.css("table")
    # A layout table around other tables is skipped: its inner tables are visited instead.
    outer = _enclosing(all_tables)
    captions: dict[int, str] = {}
    memo: dict[str, _CellReading | None] = {}
    for node in all_tables:
        if node.mem_id in outer:
            continue
        rows = _grid_rows(node, memo)
        if not any(_is_body(r) for r in rows):
            continue
        caption = _preceding_text(node, captions)
        captions[node.mem_id] = caption
        tables.extend(build_tables(rows, caption, len(tables), "html"))
    return tables, pre


def _nearest_enclosing(nodes: list[LexborNode]) -> dict[int, int | None]:
    """For each node (by mem_id), the mem_id of the nearest of `nodes` around it, if any.

    Linear in the size of the tree: each ancestor is climbed through once, whatever the
    nesting depth (hostile filings nest tables ten thousand deep; a per-table search of
    the subtree or of the ancestors would be quadratic)."""
    members = {node.mem_id for node in nodes}
    # Memo: a node's mem_id -> the nearest member at or above it (None: none).
    memo: dict[int, int | None] = {}
    out: dict[int, int | None] = {}
    for node in nodes:
        path: list[int] = []
        found: int | None = None
        current = node.parent
        while current is not None:
            key = current.mem_id
            if key in members:
                found = key
                break
            if key in memo:
                found = memo[key]
                break
            path.append(key)
            current = current.parent
        for key in path:
            memo[key] = found
        out[node.mem_id] = found
    return out


def _enclosing(nodes: list[LexborNode]) -> set[int]:
    """mem_ids of the nodes that have another of `nodes` inside them."""
    return {outer for outer in _nearest_enclosing(nodes).values() if outer is not None}


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The nodes not inside another of `nodes` (a nested `<pre>` is read with its parent)."""
    nearest = _nearest_enclosing(nodes)
    return [node for node in nodes if nearest[node.mem_id] is None]


def _span(value: str | None, cap: int) -> int:
    """A colspan/rowspan attribute as a span of 1 to `cap`: its leading digits ("2",
    "3px"), 1 when it has none. Never raises: "²" passes str.isdigit but int() refuses it
    (1), and int() refuses more than 4,300 digits (the cap)."""
    if not value:
        return 1
    if not value.isdigit():
        lead = _LEADING_INT.match(value)
        if lead is None:
            return 1
        value = lead.group(1)
    if not value.isdecimal():
        return 1
    try:
        return max(1, min(cap, int(value)))
    except ValueError:  # thousands of digits
        return cap


def _grid_rows(
    table: LexborNode, memo: dict[str, _CellReading | None] | None = None
) -> list[RawRow]:
    """The rows of an HTML table as cells on a grid (colspan/rowspan laid out). `memo`
    keeps the reading of each cell text seen in the document ("$", ")", "2024" and the
    like repeat thousands of times)."""
    if memo is None:
        memo = {}
    rows: list[RawRow] = []
    occupied: dict[int, int] = {}
    for tr in table.css("tr"):
        col = 0
        cells: list[RawCell] = []
        next_occupied = {c: n - 1 for c, n in occupied.items() if n > 1} if occupied else {}
        for td in tr.iter(include_text=False):
            if td.tag not in ("td", "th"):
                continue
            if occupied:
                while occupied.get(col, 0) > 0:
                    col += 1
            attrs = td.attributes
            colspan_attr = attrs.get("colspan")
            colspan = (_PLAIN_SPANS.get(colspan_attr) or _span(colspan_attr, _MAX_SPAN)
                       if colspan_attr else 1)
            rowspan_attr = attrs.get("rowspan")
            rowspan = (_PLAIN_SPANS.get(rowspan_attr) or _span(rowspan_attr, _MAX_ROWSPAN)
                       if rowspan_attr else 1)
            if rowspan > 1:
                for c in range(col, col + colspan):
                    next_occupied[c] = rowspan - 1
            pieces = td.text(deep=True, separator="\x00")
            if pieces:
                read = memo.get(pieces, _UNREAD)
                if read is _UNREAD:
                    read = memo[pieces] = _read_cell(pieces)
                if read is not None:
                    cell = RawCell(col, col + colspan, read.text, read.number)
                    if read.punctuation and cells:
                        prev = cells[-1]
                        if prev.number is not None and prev.end == cell.start:
                            cells[-1] = _attach_punctuation(prev, prev.number, read.punctuation)
                    cells.append(cell)
            col += colspan
        occupied = next_occupied
        if cells:
            rows.append(RawRow(cells))
    return rows


class _CellReading(NamedTuple):
    """A cell text as read once per document: its text, its number, and the "%" or ")"
    it holds when that is all it holds (folded into the number before it)."""

    text: str
    number: Number | None
    punctuation: str


_UNREAD = _CellReading("", None, "")


def _read_cell(pieces: str) -> _CellReading | None:
    """A cell's text (its text nodes joined by NULs) read once: its label text and its
    number; None for a cell with nothing in it."""
    if not pieces.strip("\x00 \n\t\r\u00a0"):
        return None
    label_text = clean_inline(pieces.replace("\x00", " "))
    # Text nodes joined without a space ("(1,234" and ")" in two <span>s) read as a number
    # first; one text node reads the same either way.
    joined = clean_inline(pieces.replace("\x00", "")) if "\x00" in pieces else label_text
    number = parse_cell(joined)
    if number is None and joined != label_text:
        number = parse_cell(label_text)
    punctuation = ""
    if number is None and (")" in label_text or "%" in label_text):
        core = _PUNCT_NOISE.sub("", label_text)
        if core and not set(core) - set(")%"):
            punctuation = core
    return _CellReading(label_text, number, punctuation)


def _attach_punctuation(prev: RawCell, num: Number, core: str) -> RawCell:
    """The number cell `prev` (its number `num`) with the "%" or ")" of the cell after it
    folded in (Workiva splits "(1,234)" into "(1,234" and ")", and "-8%" into "-8" and "%")."""
    percent = num.percent or "%" in core
    value = num.value
    if ")" in core and value > 0 and not num.dash:
        value = -value
    return RawCell(
        prev.start,
        prev.end,
        prev.text,
        Number(value, num.text + core, percent, num.dash, num.dollar, num.scaled),
    )


def _preceding_text(node: LexborNode, known: dict[int, str], limit: int = 600) -> str:
    """The text just before a table (its title and unit caption), nearest last.

    Walks back through the document one node at a time, reading text nodes only, at most
    `_CAPTION_STEPS` nodes: bounded whatever the size of the siblings before the table.
    Reaching an earlier table whose caption is `known` (mem_id -> caption), its text and
    that caption complete the walk: thousands of small tables in a row cost one step each.
    """
    parts: list[str] = []
    total = 0
    current: LexborNode | None = node
    for _ in range(_CAPTION_STEPS):
        if current is None or total >= limit:
            break
        prev = current.prev
        if prev is None:
            current = current.parent
            if current is None or current.tag in ("body", "html"):
                break
            continue  # an ancestor's text is its children's, already read
        current = prev
        # Into the last descendant of the previous sibling: the text nearest the table.
        earlier = known.get(current.mem_id)
        while (earlier is None and current.tag not in _NOT_CAPTION
               and current.last_child is not None):
            current = current.last_child
            earlier = known.get(current.mem_id)
        if earlier is not None:
            parts.append(current.text(deep=True, separator=" "))
            parts.append(earlier)  # nearest first: reversed below
            break
        if current.tag == "-text":
            # Whitespace folded cheaply here; the joined caption is cleaned once below.
            text = " ".join((current.text_content or "").replace("\u200b", " ").split())
            if text:
                parts.append(text)
                total += len(text)
    return clean_inline(" ".join(reversed(parts)))[-limit:]

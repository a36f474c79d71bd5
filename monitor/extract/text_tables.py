"""Tables in plain-text exhibits: SGML `<TABLE>`/`<S>`/`<C>` tables and space-aligned
tables with no markers at all.

Parsed by character column, never through an HTML parser. Page furniture (`<PAGE>`,
"--More--", "Page 2", a letterhead repeated on every page) is removed first so a table
that runs over a page break stays one table. Each line then splits into a label and the
numbers at its right end; labels wrapped over several lines are joined back, and header
lines above the numbers (dates, years, "Three Months Ended") become column headers via
`tables.build_tables`.
"""

from __future__ import annotations

import re

from monitor.extract.numbers import Number, parse_cell
from monitor.extract.tables import CONNECTOR, RawCell, RawRow, Table, build_tables

_MARKERS = re.compile(r"</?(?:TABLE|CAPTION|S|C|FN|PAGE|F\d+)>", re.IGNORECASE)
_PAGE_MARK = re.compile(
    r"^\s*(?:<PAGE>.*|-+\s*more\s*-+|\(?continued\)?|page\s+\d+(?:\s+of\s+\d+)?|-\s*\d{1,3}\s*-)\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"\s{2,}")
_PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
_PHRASE = re.compile(r"\S+(?: \S+)*")
_FIRST_DIGIT = re.compile(r"[\d(]")
_DIGIT_END = re.compile(r"\d(?!.*\d)")
_GAP_LINES = 8  # non-value lines allowed between two rows of one table
_HEAD_LINES = 10  # header lines looked at above a table's first row
_CAPTION_CHARS = 500


def text_tables(text: str) -> list[Table]:
    """Every table of a plain-text (or SGML) document, in document order."""
    lines = _clean_lines(text)
    parsed = [_parse_line(line) for line in lines]
    tables: list[Table] = []
    previous_end = 0
    for start, end in _blocks(parsed):
        head_start = max(previous_end, _header_start(lines, parsed, start))
        caption = _caption(lines, head_start, previous_end)
        previous_end = end
        value_start = min(
            (cells[0].start for _label, cells in parsed[start:end] if cells), default=0
        )
        rows = _raw_rows(lines[head_start:end], parsed[head_start:end], value_start)
        tables.extend(build_tables(rows, caption, len(tables), "text"))
    return tables


def _clean_lines(text: str) -> list[str]:
    """Lines with SGML markers blanked (positions kept) and page furniture removed."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n<PAGE>\n")
    lines = [
        _MARKERS.sub(lambda m: " " * len(m.group()), ln.expandtabs(8)) for ln in raw.split("\n")
    ]
    original = raw.split("\n")
    counts: dict[str, int] = {}
    for ln in lines:
        key = ln.strip()
        if key:
            counts[key] = counts.get(key, 0) + 1
    drop: set[int] = set()
    for i, ln in enumerate(original):
        if not _PAGE_MARK.match(ln.expandtabs(8)):
            continue
        drop.add(i)
        # The letterhead and running heads around a page break repeat on every page; a
        # bare page number sits just above or below it.
        for j in range(max(0, i - 6), min(len(lines), i + 7)):
            if _furniture(lines[j], abs(j - i), counts):
                drop.add(j)
    return [ln.rstrip() for i, ln in enumerate(lines) if i not in drop]


def _furniture(line: str, distance: int, counts: dict[str, int]) -> bool:
    """Page furniture near a page break: markers, a bare page number, or a long line
    (letterhead, running head) that repeats elsewhere and is not a row of numbers."""
    if _PAGE_MARK.match(line):
        return True
    if distance <= 3 and _PAGE_NUMBER.match(line):
        return True
    key = line.strip()
    return len(key) >= 12 and counts.get(key, 0) >= 2 and not _data_row(line)


def _data_row(line: str) -> bool:
    """A table row with two or more numbers (kept even when it repeats elsewhere)."""
    return len(_parse_line(line)[1]) >= 2


def _parse_line(line: str) -> tuple[str, list[RawCell]]:
    """Split a line into its label and the numbers at its right end."""
    tail = line.rstrip()
    if not tail or tail[-1].isalpha() or tail[-1] in ",;:\"'":
        return line.strip(), []  # prose and labels: no number at the end
    words = list(_WORD.finditer(line))
    cells: list[RawCell] = []
    first = len(words)
    for idx in range(len(words) - 1, -1, -1):
        token = words[idx].group()
        if token in ("$", "US$"):
            first = idx
            continue
        if set(token) <= set(")%") and token:
            first = idx
            continue
        if len(token) >= 4 and _rule(token):
            break  # an underline, not a "---" nil value
        number = parse_cell(token)
        if number is None and idx + 1 < len(words) and words[idx + 1].group() in (")", "%"):
            number = parse_cell(token + words[idx + 1].group())
        if number is None:
            break
        first = idx
        digit = _DIGIT_END.search(token)
        first_digit = _FIRST_DIGIT.search(token)
        begin = words[idx].start() + (first_digit.start() if first_digit else 0)
        end = words[idx].start() + (digit.end() if digit else len(token))
        cells.insert(0, RawCell(begin, max(end, begin + 1), token, number))
    if not cells:
        return line.strip(), []
    label_end = words[first].start() if first < len(words) else len(line)
    label = line[:label_end].rstrip()
    # Prose that happens to end in a number ("...compared with $1.04") has one space before
    # it; a table row has a wide gap between its label and its first number.
    if label.strip() and label_end - len(label) < 2 and not label.endswith(".."):
        return line.strip(), []
    return _SPACES.sub(" ", label.strip()), cells


def _is_value_row(parsed: tuple[str, list[RawCell]]) -> bool:
    _label, cells = parsed
    return bool(cells) and not all(c.number is not None and c.number.is_year for c in cells)


def _blocks(parsed: list[tuple[str, list[RawCell]]]) -> list[tuple[int, int]]:
    """Line ranges [start, end) holding value rows no more than _GAP_LINES apart."""
    blocks: list[tuple[int, int]] = []
    start = last = -1
    for i, item in enumerate(parsed):
        if not _is_value_row(item):
            continue
        if start >= 0 and i - last > _GAP_LINES:
            blocks.append((start, last + 1))
            start = i
        elif start < 0:
            start = i
        last = i
    if start >= 0:
        blocks.append((start, last + 1))
    return blocks


def _header_start(lines: list[str], parsed: list[tuple[str, list[RawCell]]], start: int) -> int:
    """First header line above a block: up to _HEAD_LINES, stopping at two blank lines,
    prose, or the previous block's rows."""
    i = start
    blanks = 0
    while i > 0 and start - i < _HEAD_LINES:
        prev = lines[i - 1]
        if not prev.strip():
            blanks += 1
            if blanks >= 2:
                break
        else:
            blanks = 0
            if _is_value_row(parsed[i - 1]) or _is_prose(prev):
                break
        i -= 1
    return i


def _is_prose(line: str) -> bool:
    text = line.strip()
    return len(text) > 60 and "  " not in text and len(text.split()) >= 9


def _caption(lines: list[str], head_start: int, floor: int) -> str:
    """Title and unit lines above a table's header (nearest last), not reaching back into
    the previous table."""
    parts: list[str] = []
    total = 0
    i = head_start - 1
    while i >= floor and total < _CAPTION_CHARS and head_start - i < 25:
        text = lines[i].strip()
        if text:
            if _is_prose(lines[i]) and parts:
                break
            parts.append(_SPACES.sub("  ", text))
            total += len(text)
        i -= 1
    return " ".join(reversed(parts))


def _raw_rows(
    lines: list[str], parsed: list[tuple[str, list[RawCell]]], value_start: int
) -> list[RawRow]:
    rows: list[RawRow] = []
    label_lines: dict[int, int] = {}  # id of a label-only row -> its line number
    for number, (line, (label, cells)) in enumerate(zip(lines, parsed, strict=True)):
        if not line.strip():
            continue
        if not _is_value_row((label, cells)):
            phrases = list(_PHRASE.finditer(line))
            if cells or any(p.start() >= value_start for p in phrases):
                # Column header line: years, dates, "Three Months Ended".
                rows.append(RawRow([_phrase_cell(p) for p in phrases if not _rule(p.group())]))
                continue
            text = _SPACES.sub(" ", line.strip())
            if not _rule(text):
                rows.append(RawRow([], label=text))
                label_lines[id(rows[-1])] = number
            continue
        # Wrapped label: "Income before income taxes, minority / interest and ... 89".
        expected = number - 1
        while rows and label_lines.get(id(rows[-1])) == expected:
            above = rows[-1].label or ""
            if label and not (label[0].islower() or label[0] == "(" or CONNECTOR.search(above)):
                break
            rows.pop()
            label = f"{above} {label}".strip()
            expected -= 1
        rows.append(RawRow(cells, label=label))
    return rows


def _rule(text: str) -> bool:
    """Underlines and rules: "-----", "=====", "___"."""
    core = text.replace(" ", "")
    return bool(core) and set(core) <= set("-=_*~")


def _phrase_cell(m: re.Match[str]) -> RawCell:
    text = m.group()
    number: Number | None = parse_cell(text)
    return RawCell(m.start(), m.end(), text, number)

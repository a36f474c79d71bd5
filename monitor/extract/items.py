"""8-K item codes announced by a document's own headings.

A heading counts when its line starts with "Item" and a code whose official title (or a
distinctive word of it) follows, and the item is not answered "None." / "Not applicable."
(old 8-Ks list every item that way). Pre-August-2004 items ("Item 4. Changes in Registrant's
Certifying Accountant") map to today's codes only when number and title agree, so a 10-K's
"Item 4. Mine Safety Disclosures" never becomes 4.01.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from monitor.extract.parsed import Document

from monitor.extract.lexicon import entries
from monitor.extract.lexicon.entry import compile_entries

__all__ = ["ItemSection", "find_item_sections", "find_items"]

# Modern 8-K items and the words their titles must hold (lexicon `item.title`); items of the
# form before August 23, 2004 by number, with the modern code (lexicon `item.old_title`).
_TITLE_RE = {e.means: compile_entries((e,)) for e in entries("item.title")}
_OLD_RE = {
    e.name.removeprefix("item_old_"): (compile_entries((e,)), e.means)
    for e in entries("item.old_title")
}

_HEADING = re.compile(
    r"^[ \t]*(?:\*\*)?item[ \t\u00a0]+(\d{1,2})(?:\.(\d{2}))?\b\.?[ \t\u00a0]*[:.\-–—]?[ \t]*(.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_NONE = re.compile(
    r"^\s*(?:none|not\s+applicable|n/?a|inapplicable|no\s+events?\s+to\s+report)\s*\.?\s*$",
    re.IGNORECASE,
)
_NONE_TAIL = re.compile(r"[.:]\s*(?:none|not\s+applicable|n/a)\s*\.?\s*$", re.IGNORECASE)
# Cross-references are not headings: "Item 2.02 of this Current Report is incorporated ..."
_REFERENCE = re.compile(
    r"^(?:of\s+(?:this|the)\b|is\s+incorporated|above|below|hereof|herein|and\s+item|,)",
    re.IGNORECASE,
)


class ItemSection(NamedTuple):
    """An announced item: its code, heading line and where its body starts and ends."""

    code: str
    heading: str
    start: int
    body_start: int
    end: int


def find_items(text: str | Document) -> tuple[str, ...]:
    """8-K item codes ("2.02") announced in a document's own headings (its text, or a
    read Document's), sorted, unique."""
    if not isinstance(text, str):
        text = text.text
    codes = {section.code for section in find_item_sections(text)}
    return tuple(sorted(codes, key=lambda c: tuple(int(p) for p in c.split("."))))


def find_item_sections(text: str) -> list[ItemSection]:
    """Every announced item heading with the span of its section body."""
    found: list[tuple[str, str, int, int]] = []
    for m in _HEADING.finditer(text):
        number, sub, rest = m.group(1), m.group(2), m.group(3).strip()
        if _REFERENCE.match(rest):
            continue
        title, body_start = rest, m.end()
        if len(rest) < 4:
            # the title sits on the next non-empty line (HTML table cells, wrapped headings)
            nxt = _next_line(text, m.end())
            if nxt is None:
                continue
            title, body_start = nxt[0], nxt[1]
        code = _code_for(number, sub, title)
        if code is None:
            continue
        heading = _fold(m.group(0) if title == rest else f"{m.group(0)} {title}")
        found.append((code, heading, m.start(), body_start))
    sections: list[ItemSection] = []
    for i, (code, heading, start, body_start) in enumerate(found):
        end = found[i + 1][2] if i + 1 < len(found) else len(text)
        if _answered_none(heading, text[body_start:end]):
            continue
        sections.append(ItemSection(code, heading, start, body_start, end))
    return sections


def _code_for(number: str, sub: str | None, title: str) -> str | None:
    if sub is not None:
        code = f"{int(number)}.{sub}"
        pattern = _TITLE_RE.get(code)
        return code if pattern is not None and pattern.search(title[:200]) else None
    old = _OLD_RE.get(number)
    if old is not None and old[0].search(title[:200]):
        return old[1]
    return None


def _next_line(text: str, pos: int) -> tuple[str, int] | None:
    for _ in range(4):
        nl = text.find("\n", pos)
        if nl < 0:
            return None
        end = text.find("\n", nl + 1)
        end = len(text) if end < 0 else end
        line = text[nl + 1 : end].strip()
        if line:
            return line, end
        pos = nl + 1
    return None


def _answered_none(heading: str, body: str) -> bool:
    if _NONE_TAIL.search(heading):
        return True
    for line in body.split("\n"):
        if line.strip():
            return _NONE.match(line) is not None
    return True  # a heading with nothing under it announces nothing


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()

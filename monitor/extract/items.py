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

__all__ = ["ItemSection", "find_item_sections", "find_items"]

# Modern 8-K items (Form 8-K General Instructions B) and a pattern for their titles.
_TITLES: dict[str, str] = {
    "1.01": r"entry\s+into|material\s+definitive",
    "1.02": r"termination\s+of",
    "1.03": r"bankruptcy|receivership",
    "1.04": r"mine\s+safety",
    "1.05": r"cybersecurity",
    "2.01": r"completion\s+of|acquisition|disposition",
    "2.02": r"results\s+of\s+operations",
    "2.03": r"creation\s+of|direct\s+financial\s+obligation",
    "2.04": r"triggering\s+events",
    "2.05": r"exit\s+or\s+disposal|costs\s+associated",
    "2.06": r"material\s+impairment",
    "3.01": r"delisting|continued\s+listing|transfer\s+of\s+listing",
    "3.02": r"unregistered\s+sales",
    "3.03": r"material\s+modification|rights\s+of\s+security\s+holders",
    "4.01": r"certifying\s+accountant|changes?\s+in\s+(?:the\s+)?(?:registrant|accountant|auditor)",
    "4.02": r"non-?\s?reliance|previously\s+issued\s+financial",
    "5.01": r"change[s]?\s+in\s+control",
    "5.02": r"departure|election\s+of\s+directors|appointment\s+of|compensatory\s+arrangements",
    "5.03": r"amendments?\s+to\s+(?:articles|the\s+articles|bylaws|certificate)|fiscal\s+year",
    "5.04": r"temporary\s+suspension",
    "5.05": r"code\s+of\s+ethics",
    "5.06": r"shell\s+company",
    "5.07": r"submission\s+of\s+matters|vote\s+of\s+security\s+holders",
    "5.08": r"shareholder\s+director\s+nominations|director\s+nominations",
    "6.01": r"abs\s+informational",
    "6.02": r"change\s+of\s+servicer|servicer\s+or\s+trustee",
    "6.03": r"credit\s+enhancement",
    "6.04": r"failure\s+to\s+make",
    "6.05": r"securities\s+act\s+updating",
    "6.06": r"static\s+pool",
    "6.10": r"alternative\s+filing",
    "7.01": r"regulation\s+fd",
    "8.01": r"other\s+events",
    "9.01": r"financial\s+statements|exhibits",
}
# Items of the form before August 23, 2004: number -> (title pattern, modern code).
_OLD: dict[str, tuple[str, str]] = {
    "1": (r"changes?\s+in\s+control\s+of\s+registrant", "5.01"),
    "2": (r"acquisition\s+or\s+disposition\s+of\s+assets", "2.01"),
    "3": (r"bankruptcy\s+or\s+receivership", "1.03"),
    "4": (r"changes?\s+in\s+registrant['’]?s\s+certifying\s+accountants?", "4.01"),
    "5": (r"other\s+events", "8.01"),
    "6": (r"resignations?\s+of\s+registrant['’]?s\s+directors", "5.02"),
    "7": (r"financial\s+statements.{0,40}exhibits", "9.01"),
    "8": (r"change\s+in\s+fiscal\s+year", "5.03"),
    "9": (r"regulation\s+fd", "7.01"),
    "10": (r"amendments?\s+to\s+(?:the\s+)?registrant['’]?s\s+code\s+of\s+ethics", "5.05"),
    "11": (r"temporary\s+suspension\s+of\s+trading", "5.04"),
    "12": (r"results\s+of\s+operations\s+and\s+financial\s+condition", "2.02"),
}
_TITLE_RE = {code: re.compile(pat, re.IGNORECASE) for code, pat in _TITLES.items()}
_OLD_RE = {num: (re.compile(pat, re.IGNORECASE), code) for num, (pat, code) in _OLD.items()}

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

"""Sentences of filing text, found lazily around a position.

Copes with what `text.document_text` hands over: plain-text exhibits hard-wrapped at ~80
columns with `<PAGE>` breaks, pager lines and letterheads between pages; HTML flattened to one
line per block, where a page break can cut a sentence in two ("... our recurring losses" /
"18" / "TABLE OF CONTENTS" / "from operation raise substantial doubt ..."); table rows; and the
abbreviations that end in a period without ending a sentence ("Inc.", "No.", "U.S.").

Detection only needs the sentences around keyword hits, so `SentenceIndex.at(pos)` splits
just the paragraph holding `pos` (cached) instead of the whole (possibly 1 MB) document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

__all__ = ["Sentence", "SentenceIndex", "clean_sentence", "split_sentences"]

# Lines that carry no prose: page numbers, page markers, pager lines, running heads.
_JUNK_LINE = re.compile(
    r"""^\s*(?:
        </?(?:PAGE|S|C|FN|TABLE|CAPTION)>\s*\d*      # SGML layout markers
      | -*\s*more\s*-*                                # "--More--" pager lines
      | (?:page\s+)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s+of\s+\d{1,3})?  # "12", "- 12 -", "Page 2"
      | [ivxlc]{1,6}                                  # roman page numbers
      | table\s+of\s+contents
      | \[?\s*(?:back\s+to\s+)?(?:table\s+of\s+)?contents\s*\]?
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_BLANK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_TAG = re.compile(r"</?(?:PAGE|S|C|FN|TABLE|CAPTION|F\d+)>", re.IGNORECASE)
_WS = re.compile(r"\s+")
# A table row, not justified prose: a wide gap, two gaps, or a gap before a number column.
_TABLE_GAP = re.compile(r"\S(?: {5,}|\t)\S|\S {3,}\S.*\S {3,}\S|\S {3,}[$(\d]")
_BULLET = re.compile(r"^\s*(?:[•·●▪◦■□➢►\-–—*]|o(?=\s)|\(?[a-z0-9]{1,3}\))\s+")
_HEADING_ITEM = re.compile(r"^\s*item\s+\d", re.IGNORECASE)
_TERMINAL = ".!?:;\"”’')]"

# Candidate sentence ends: terminal punctuation, optional closers, whitespace, then something
# that can start a sentence.


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9•])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.&']*)$")
_NEXT_WORD = re.compile(r"\s+[\"“‘(\[]?([A-Za-z0-9]+)")
# Abbreviations that never end a sentence when a capital follows ("Mr. Smith", "No. 2").
_ABBREV = _words(
    """mr mrs ms dr prof st no nos vs v jan feb mar apr jun jul aug sep sept oct nov dec
    approx dept est fig gen gov hon jr sr rev sec secs art ch para pp op ex exh ft mt
    e.g i.e etc al cf viz ph.d m.d"""
)
# Company suffixes and dotted initialisms do end sentences, but only when an ordinary sentence
# opener follows ("... Acme, Inc. The Company ..."), never before a name ("U.S. Bankruptcy").
_SUFFIX = _words("inc corp co ltd llc l.p l.l.c n.a s.a n.v plc bros cos lp u.s u.k")
_STARTERS = _words(
    """the we our on in as this it its these those such a an any all if for during following
    pursuant under after at by since while although however accordingly there they he she
    each no none neither also additionally further furthermore moreover consequently"""
)
_ITEM_NUMBER = re.compile(r"(?:item|section|rule|note|no)\.?\s+[\d.()a-z]+$", re.IGNORECASE)


class Sentence(NamedTuple):
    """A sentence: its span in the source text and its cleaned text."""

    start: int
    end: int
    text: str


def clean_sentence(raw: str) -> str:
    """Quote-ready text: layout markers and bullets dropped, whitespace folded."""
    text = _TAG.sub(" ", raw)
    text = _WS.sub(" ", text).strip()
    return _BULLET.sub("", text).strip()


def split_sentences(text: str) -> list[str]:
    """Every sentence of `text`, cleaned, in order."""
    return [s.text for s in SentenceIndex(text).all()]


class SentenceIndex:
    """Lazy sentence lookup over one document's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[int, list[Sentence]] = {}
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._junk: dict[int, bool] = {}
        self._expanded: dict[int, tuple[int, int]] = {}

    def at(self, pos: int) -> Sentence:
        """The sentence that contains character `pos` (or the nearest one after it)."""
        sents = self._paragraph_sentences(pos)
        for sent in sents:
            if pos < sent.end:
                return sent
        return sents[-1] if sents else Sentence(pos, pos, "")

    def all(self) -> list[Sentence]:
        """All sentences of the text in order."""
        self._index()
        out: list[Sentence] = []
        for start in self._starts:
            for sent in self._paragraph_sentences(start):
                if not out or sent.start >= out[-1].end:
                    out.append(sent)
        return out

    # -- paragraphs -------------------------------------------------------------------------

    def _index(self) -> None:
        """Paragraph spans (blank-line delimited), computed once."""
        if self._starts or not self.text:
            return
        pos = 0
        for m in _BLANK.finditer(self.text):
            if m.start() > pos:
                self._starts.append(pos)
                self._ends.append(m.start())
            pos = m.end()
        if pos < len(self.text):
            self._starts.append(pos)
            self._ends.append(len(self.text))
        if not self._starts:
            self._starts.append(0)
            self._ends.append(len(self.text))

    def _paragraph_sentences(self, pos: int) -> list[Sentence]:
        self._index()
        i = self._locate(pos)
        span = self._expanded.get(i)
        if span is None:
            span = self._expanded[i] = self._expanded_paragraph(i)
        first, last = span
        start, end = self._starts[first], self._ends[last]
        cached = self._cache.get(start)
        if cached is None:
            cached = _split_block_spans(self.text, start, end)
            self._cache[start] = cached
        return cached

    def _locate(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)

    def _is_junk(self, i: int) -> bool:
        junk = self._junk.get(i)
        if junk is None:
            junk = _is_junk_block(self.text[self._starts[i] : self._ends[i]])
            self._junk[i] = junk
        return junk

    def _expanded_paragraph(self, i: int) -> tuple[int, int]:
        """Paragraph i, joined across page breaks that cut a sentence: a paragraph ending
        mid-sentence continues, past junk paragraphs, in one that starts in lower case."""
        text, starts, ends = self.text, self._starts, self._ends
        first = last = i
        for _ in range(3):  # backward
            if not _starts_lower(text[starts[first] : ends[first]]):
                break
            prev = self._content(first, -1)
            if prev is None or _ends_sentence(text[starts[prev] : ends[prev]]):
                break
            first = prev
        for _ in range(3):  # forward
            if _ends_sentence(text[starts[last] : ends[last]]) or self._is_junk(last):
                break
            nxt = self._content(last, 1)
            if nxt is None or not _starts_lower(text[starts[nxt] : ends[nxt]]):
                break
            last = nxt
        return first, last

    def _content(self, i: int, step: int) -> int | None:
        """The nearest non-junk paragraph before (step -1) or after (step 1) paragraph i."""
        j = i + step
        for _ in range(8):
            if j < 0 or j >= len(self._starts):
                return None
            if not self._is_junk(j):
                return j
            j += step
        return None


def _content_lines(block: str) -> list[str]:
    return [ln for ln in block.split("\n") if ln.strip() and not _JUNK_LINE.match(ln)]


def _ends_sentence(block: str) -> bool:
    lines = _content_lines(block[-2000:])
    return not lines or lines[-1].rstrip()[-1] in _TERMINAL


def _starts_lower(block: str) -> bool:
    lines = _content_lines(block[:2000])
    return bool(lines) and lines[0].lstrip()[:1].islower()


def _is_junk_block(block: str) -> bool:
    lines = [ln for ln in block.split("\n") if ln.strip()]
    return bool(lines) and all(_JUNK_LINE.match(ln) for ln in lines)


def _split_block_spans(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of text[start:end]: lines joined into runs, runs split at sentence ends."""
    out: list[Sentence] = []
    for run_text, offsets in _runs(text, start, end):
        for p_start, p_end in _split_run(run_text):
            cleaned = clean_sentence(run_text[p_start:p_end])
            if cleaned:
                s = _source_pos(offsets, p_start)
                e = _source_pos(offsets, max(p_end - 1, p_start)) + 1
                out.append(Sentence(s, e, cleaned))
    return out


def _source_pos(offsets: list[tuple[int, int]], run_pos: int) -> int:
    """Map a position in a joined run back to the source text."""
    lo, hi = 0, len(offsets) - 1
    while lo < hi:  # last part whose run offset <= run_pos
        mid = (lo + hi + 1) // 2
        if offsets[mid][0] <= run_pos:
            lo = mid
        else:
            hi = mid - 1
    run_off, src_off = offsets[lo]
    return src_off + (run_pos - run_off)


_Run = tuple[str, list[tuple[int, int]]]


def _runs(text: str, start: int, end: int) -> list[_Run]:
    """Group the lines of a paragraph into runs of continuous prose, with offset maps.

    Lines are joined unless one is a table row, a heading, a bullet start or a junk line;
    a line much shorter than its neighbours that does not end a sentence is a heading.
    """
    lines: list[tuple[int, str]] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        line = text[pos:line_end]
        # page furniture inside a run is dropped without breaking the sentence
        if line.strip() and not _JUNK_LINE.match(line):
            lines.append((pos, line))
        if nl < 0:
            break
        pos = nl + 1
    if not lines:
        return []
    width = max(len(ln.rstrip()) for _, ln in lines)
    runs: list[_Run] = []
    buf = ""
    offsets: list[tuple[int, int]] = []

    def flush() -> None:
        nonlocal buf, offsets
        if buf:
            runs.append((buf, offsets))
        buf, offsets = "", []

    for i, (l_start, line) in enumerate(lines):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        gap = "   " in stripped or "\t" in stripped
        tabular = gap and _TABLE_GAP.search(stripped) is not None
        if tabular or _BULLET.match(line) or _HEADING_ITEM.match(line):
            flush()
        # a word hyphenated across a line break: "non-" + "compliance" keeps its hyphen
        if buf and not (buf.endswith("-") and stripped[:1].islower()):
            buf += " "
        offsets.append((len(buf), l_start + lead))
        buf += stripped
        # only hard-wrapped text (lines of at most ~100 columns) has meaningful short lines
        short = 50 <= width <= 110 and len(line.rstrip()) < 0.6 * width
        continued = i + 1 < len(lines) and lines[i + 1][1].lstrip()[:1].islower()
        heading = (stripped.isupper() and len(stripped.split()) >= 2) or (
            short and not continued and stripped[-1] not in _TERMINAL + ",-"
        )
        item_heading = _HEADING_ITEM.match(line) is not None and stripped[-1] not in ",-"
        # text with one line per block (not hard-wrapped): an unpunctuated line followed by a
        # sentence opener ("... could result in the delisting of our common stock" / "On June
        # 3, 2022, we received ...") is a title, not the start of that sentence
        if width > 110 and not heading and i + 1 < len(lines):
            heading = _title_line(stripped) and _opens_sentence(lines[i + 1][1])
        if tabular or heading or item_heading or i == len(lines) - 1:
            flush()
    flush()
    return runs


_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
_FIRST_WORD = re.compile(r"\s*[\"“‘(\[]?([A-Za-z]+)\b")
_FUNCTION_WORDS = _words(
    """the a an of to and or in on for with by at from as that which our its their his her
    this these those than is are was were be been has have had under per not no"""
)
_MONTH_WORDS = _words(
    "january february march april may june july august september october november december"
)


def _title_line(stripped: str) -> bool:
    """A line that can end a title: no closing punctuation, not cut after a function word."""
    if stripped[-1:] in _TERMINAL + ",-" or len(stripped.split()) < 3:
        return False
    last = _LAST_WORD.search(stripped)
    return last is not None and last.group(1).lower() not in _FUNCTION_WORDS


def _opens_sentence(line: str) -> bool:
    """The line starts like a new sentence: a capitalised opener ("On", "The", "We", "In")."""
    first = _FIRST_WORD.match(line)
    if first is None or not first.group(1)[:1].isupper():
        return False
    word = first.group(1).lower()
    return word in _STARTERS or word in _MONTH_WORDS


def _split_run(run: str) -> list[tuple[int, int]]:
    """Split one run of prose at sentence ends; returns spans in `run`."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for m in _BOUNDARY.finditer(run):
        cut = m.end()
        if run[m.start()] == "." and not _real_period(run, m.start(), cut):
            continue
        spans.append((begin, cut))
        begin = cut
    if begin < len(run):
        spans.append((begin, len(run)))
    return spans


def _real_period(run: str, dot: int, cut: int) -> bool:
    """Whether the period at `dot` ends a sentence rather than an abbreviation."""
    before = run[max(0, dot - 40) : dot]
    nxt = _NEXT_WORD.match(run, cut)
    next_word = nxt.group(1).lower() if nxt else ""
    if _ITEM_NUMBER.search(before) and before[-1:].isdigit():
        # "Item 4.01. Changes in ..." heading stays whole; "Item 4.02. On May 1, ..." has no
        # title, and its first sentence starts there
        return next_word in _STARTERS
    wm = _WORD_BEFORE.search(before)
    if wm is None:
        return True
    word = wm.group(1).lower().rstrip(".")
    if word in _ABBREV:
        return False
    if word in _SUFFIX or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
        return next_word in _STARTERS
    if len(word) == 1 and wm.group(1)[0].isupper():
        return next_word in _STARTERS and word not in "ivx"  # "John A. Smith" is one name
    return True

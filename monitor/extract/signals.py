"""Distress signals of one document, each with the sentence that proves it.

Pipeline per document: a cheap case-insensitive keyword scan finds candidate positions; only
the sentences around them are split out (`sentences.SentenceIndex`); each candidate sentence
goes to the judges whose keywords it contains (`events.py`, `listing.py`); a document-level
pass then lets a resolution beat the event it resolves ("the substantial doubt has been
alleviated", "has regained compliance" after a recounted deficiency notice).

8-K items are strong evidence but the text decides: an Item 4.01/4.02 heading that the
document itself announces proves an auditor change / non-reliance, and a filing's items relax
the weaker wording ("engaged ... as its independent registered public accounting firm" under
Item 4.01); Item 3.01 never implies a delisting (it also covers a voluntary transfer).
Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from monitor.extract.cues import (
    RegistrantNames,
    has_conditional,
    is_generic,
    previously_reported,
)
from monitor.extract.events import (
    Context,
    judge_auditor_change,
    judge_bankruptcy,
    judge_going_concern,
    judge_non_reliance,
)
from monitor.extract.items import find_item_sections, find_items
from monitor.extract.listing import ListingFinding, judge_listing
from monitor.extract.sentences import Sentence, SentenceIndex
from monitor.models import SIGNAL_NAMES, Signal

__all__ = ["detect_signals", "find_items"]

_Judge = Callable[[str, Context], "str | None"]

# Keywords that must occur in a sentence before a judge looks at it, as byte patterns over
# the lower-cased text. Kept few, each starting with a literal (one fast scan per pattern);
# "\s+" because hard-wrapped text breaks "going\nconcern" across lines.
_KEYWORDS: dict[str, tuple[bytes, ...]] = {
    # "concern", not "going concern": a page break can split the two
    "going_concern": (rb"concern", rb"alleviat"),
    "listing": (
        rb"nasdaq", rb"nyse", rb"listing", rb"delist", rb"complian", rb"suspen", rb"form\s+25",
        rb"otc", rb"hearing",
        # "we received the Stockholders' Equity Deficiency Letter from the Staff": the
        # exchange was named sentences earlier
        rb"deficien",
    ),
    "bankruptcy": (
        rb"bankrupt", rb"chapter\s+(?:7|11|15)\b", rb"receiver", rb"insolven", rb"creditors",
        rb"debtor",
    ),
    "non_reliance": (rb"reli", rb"rely"),
    "auditor_change": (rb"accountant", rb"auditor", rb"accounting\s+firm", rb"cpa"),
}
# A judge can only say yes when one of its trigger words is near the keyword; checking a
# window of raw text first (plain substring tests) spares splitting most keyword hits.
_HINTS: dict[str, tuple[bytes, ...]] = {
    "going_concern": (
        b"doubt", b"question", b"explanatory", b"opinion", b"qualif", b"uncertaint", b"emphasis",
        b"modifi", b"alleviat", b"longer", b"remov", b"eliminat", b"resolv",
    ),
    "listing": (
        b"receiv", b"receipt", b"complie", b"notif", b"inform", b"advis", b"sent", b"deliver",
        b"issued", b"determin", b"decid", b"decision", b"request", b"appeal", b"hearing",
        b"grant", b"delisted", b"suspend", b"form", b"otc", b"over-the-counter", b"pink",
        b"regain", b"compliance", b"resolved", b"cured", b"remedied", b"closed", b"continue",
        b"move", b"transition", b"transfer", b"commence",
    ),
    "bankruptcy": (
        b"petition", b"file", b"filing", b"commence", b"initiat", b"sought", b"seek", b"appoint",
        b"placed", b"put into", b"entered", b"assignment", b"possession",
    ),
    "non_reliance": (b"relied", b"reliance", b"rely"),
    "auditor_change": (
        b"dismiss", b"resign", b"declin", b"stand", b"not to", b"terminat", b"ended", b"ceased",
        b"relationship", b"engage", b"appoint", b"retain", b"select", b"approved",
    ),
}
_HINT_BLOCK = 1024  # hint answers are cached per block of text and group
_HINT_WINDOW = 1200  # how far around the block the trigger word may be
_SCANS = tuple(
    (group, re.compile(word), _HINTS[group])
    for group, words in _KEYWORDS.items()
    for word in words
)
_EVENT_JUDGES: dict[str, _Judge] = {
    "going_concern": judge_going_concern,
    "bankruptcy": judge_bankruptcy,
    "non_reliance": judge_non_reliance,
    "auditor_change": judge_auditor_change,
}
_ITEM_FALLBACK = {"4.01": "auditor_change", "4.02": "non_reliance"}
_HEADING = re.compile(r"^\s*item\s+\d", re.IGNORECASE)
_LISTING_CONTEXT = 600


class _Found(NamedTuple):
    sentence: Sentence
    verdict: str


class _Listing(NamedTuple):
    sentence: Sentence
    finding: ListingFinding


def detect_signals(
    text: str, document: str = "", items: tuple[str, ...] = ()
) -> dict[str, Signal]:
    """Signals present in one document's text, keyed by signal name (models.SIGNAL_NAMES).

    `items` are the filing's 8-K item codes (index page plus the document's own headings);
    every signal gets an entry, present or not, with the proving sentence as evidence.
    """
    sections = find_item_sections(text)
    own_items = {s.code for s in sections}
    ctx = Context(items=frozenset(items) | own_items, names=RegistrantNames(text))
    index = SentenceIndex(text)
    candidates = _candidates(text, index)

    events: dict[str, list[_Found]] = {name: [] for name in _EVENT_JUDGES}
    listing: list[_Listing] = []
    for sentence, groups in candidates:
        for group in groups:
            if group == "listing":
                before = text[max(0, sentence.start - _LISTING_CONTEXT) : sentence.start]
                finding = judge_listing(sentence.text, before)
                if finding is not None and not _hedged_list_item(text, sentence.start):
                    listing.append(_Listing(sentence, finding))
                continue
            verdict = _EVENT_JUDGES[group](sentence.text, ctx)
            if verdict is not None and not (
                verdict != "other" and _hedged_list_item(text, sentence.start)
            ):
                events[group].append(_Found(sentence, verdict))

    evidence: dict[str, str | None] = {
        "going_concern": _going_concern(events["going_concern"]),
        "bankruptcy": _bankruptcy(events["bankruptcy"]),
        "non_reliance": _first(events["non_reliance"], "positive"),
        "auditor_change": _first(events["auditor_change"], "positive"),
    }
    evidence["delisting_notice"], evidence["regained_compliance"] = _listing_events(listing)
    for section in sections:
        name = _ITEM_FALLBACK.get(section.code)
        if name is not None and evidence[name] is None:
            # the document announces the item itself: its first sentence is the evidence,
            # unless that sentence explains the item in general ("Companies must disclose if
            # they dismiss their auditor"): an explainer quoting the item title is no filing
            first = _section_evidence(index, section.body_start, section.end)
            if first is None or not is_generic(first):
                evidence[name] = first or section.heading
    return {
        name: Signal(name, evidence[name] is not None, evidence[name], document)
        for name in SIGNAL_NAMES
    }


_LIST_MARK = re.compile(r"[ \t]*(?:[•·●▪◦■□➢►\-–—*]|o\s|\(?[a-z0-9]{1,3}\)|\d{1,2}\.\s)")


def _hedged_list_item(text: str, start: int) -> bool:
    """A list item whose lead-in makes it hypothetical or generic: "Item 304(a) requires the
    company to disclose whether:" / "• the auditor resigned or was dismissed"."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _LIST_MARK.match(text, line_start):
        return False
    lines = text[max(0, line_start - 1200) : line_start].split("\n")
    for line in reversed(lines[-8:]):
        stripped = line.strip()
        if not stripped or _LIST_MARK.match(line):
            continue
        if stripped.endswith(":"):
            return has_conditional(stripped) or is_generic(stripped)
        # a wrapped list item continues on lower-case lines; anything else is not a lead-in
        if not stripped[:1].islower():
            return False
    return False


def _candidates(text: str, index: SentenceIndex) -> list[tuple[Sentence, set[str]]]:
    """Sentences holding any judge's keyword, in document order, with the judges to ask."""
    # Latin-1 with "?" for anything else keeps one byte per character, so byte offsets are
    # character offsets; bytes.lower() and literal-prefixed byte patterns are fast C loops.
    low = text.encode("latin-1", "replace").lower()
    by_start: dict[int, tuple[Sentence, set[str]]] = {}
    hinted: dict[tuple[str, int], bool] = {}
    for group, regex, hint in _SCANS:
        m = regex.search(low)
        while m is not None:
            block = m.start() // _HINT_BLOCK
            ok = hinted.get((group, block))
            if ok is None:
                lo = max(0, block * _HINT_BLOCK - _HINT_WINDOW)
                window = low[lo : (block + 1) * _HINT_BLOCK + _HINT_WINDOW]
                ok = hinted[(group, block)] = any(word in window for word in hint)
            if not ok:
                m = regex.search(low, m.end())
                continue
            sentence = index.at(m.start())
            entry = by_start.get(sentence.start)
            if entry is None:
                if sentence.text:
                    by_start[sentence.start] = (sentence, {group})
            else:
                entry[1].add(group)
            # skip the rest of this sentence: one hit per sentence and group is enough
            m = regex.search(low, max(m.start() + 1, sentence.end))
    return [by_start[k] for k in sorted(by_start)]


def _first(found: list[_Found], verdict: str) -> str | None:
    """Evidence of the first finding with `verdict`, preferring complete sentences over
    headlines and item headings."""
    hits = [f.sentence.text for f in found if f.verdict == verdict]
    return _best(hits)


def _best(hits: list[str]) -> str | None:
    prose = [h for h in hits if not _HEADING.match(h) and h.rstrip("\"”’')")[-1:] in ".!?"]
    best = prose or hits
    return best[0] if best else None


def _going_concern(found: list[_Found]) -> str | None:
    """Doubt stands unless a later sentence resolves it ("has been alleviated"); a recounted
    doubt ("as previously disclosed, ... included a going concern paragraph") does not undo
    the resolution."""
    resolutions = [f.sentence.start for f in found if f.verdict == "resolved"]
    if not resolutions:
        return _first(found, "positive")
    last = max(resolutions)
    return _best(
        [
            f.sentence.text
            for f in found
            if f.verdict == "positive"
            and f.sentence.start > last
            and not previously_reported(f.sentence.text)
        ]
    )


def _bankruptcy(found: list[_Found]) -> str | None:
    """A filing by the registrant; else the case named as settled fact ("the Chapter 11
    Cases"), unless the document attributes a bankruptcy filing to someone else (a customer's
    or a subsidiary's case can be given a defined name too)."""
    positive = _first(found, "positive")
    if positive is not None or any(f.verdict == "other" for f in found):
        return positive
    return _first(found, "weak")


def _compatible(a: ListingFinding, b: ListingFinding) -> bool:
    """Two listing events concern the same requirement (unknown matches anything)."""
    return not a.categories or not b.categories or bool(a.categories & b.categories)


def _undoes(deficiency: ListingFinding, regained: ListingFinding) -> bool:
    """A deficiency about the requirement a regain was about (a regain of unknown subject is
    undone by any deficiency)."""
    return not regained.categories or bool(regained.categories & deficiency.categories)


def _regain_wins(d: _Listing, r: _Listing) -> bool:
    """Whether regained compliance `r` is later news than deficiency `d` (same requirement).

    Stated dates decide; else the one worded as a recount ("As previously disclosed", "The
    Company previously regained compliance in 2022") is the older; else the regained letter
    wins, because a regained-compliance filing recounts its deficiency, not the reverse.
    """
    if d.finding.when is not None and r.finding.when is not None:
        return d.finding.when <= r.finding.when
    if d.finding.recount != r.finding.recount:
        return d.finding.recount
    return True


def _listing_events(found: list[_Listing]) -> tuple[str | None, str | None]:
    """Delisting and regained evidence: of a deficiency and a regained compliance about the
    same requirement, only the later one stands."""
    deficiencies = [f for f in found if f.finding.kind == "deficiency"]
    regained = [f for f in found if f.finding.kind == "regained"]
    live_def = [
        d
        for d in deficiencies
        if not any(_compatible(d.finding, r.finding) and _regain_wins(d, r) for r in regained)
    ]
    # A later deficiency undoes a regain only when it is about that regain's requirement: a
    # hearing held after the bid price was cured (about equity) leaves the bid price cured.
    live_reg = [
        r
        for r in regained
        if not any(_undoes(d.finding, r.finding) and not _regain_wins(d, r) for d in deficiencies)
    ]
    return (
        _best([d.sentence.text for d in live_def]),
        _best([r.sentence.text for r in live_reg]),
    )


def _section_evidence(index: SentenceIndex, start: int, end: int) -> str | None:
    """The first prose sentence of an item section."""
    pos = start
    for _ in range(6):
        if pos >= end:
            return None
        sentence = index.at(pos)
        if sentence.text and not _HEADING.match(sentence.text) and len(sentence.text) > 40:
            return sentence.text
        pos = max(sentence.end, pos + 1)
    return None

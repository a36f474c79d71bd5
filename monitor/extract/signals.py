"""Distress signals of one document, each with the sentence that proves it.

Pipeline per document: a cheap case-insensitive keyword scan finds candidate positions; only
the sentences around them are split out (`sentences.SentenceIndex`); each candidate sentence
goes to the judges whose keywords it contains (`events.py`, `listing.py`), which return
candidates with context attributes (`context.py`: subject, polarity, time, modality, actor);
an event dated long before the document's own date is history; a document-level pass then
lets a resolution beat the event it resolves ("the substantial doubt has been alleviated",
"has regained compliance" after a recounted deficiency notice, "emerged from Chapter 11").
A signal is present only for a candidate whose context holds; an absent one reports the
candidate that came closest and why it did not count.

8-K items are strong evidence but the text decides: an Item 4.01/4.02 heading that the
document itself announces proves an auditor change / non-reliance, and a filing's items relax
the weaker wording ("engaged ... as its independent registered public accounting firm" under
Item 4.01); Item 3.01 never implies a delisting (it also covers a voluntary transfer).
Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from monitor.extract.context import Candidate, because, reference_date, sentence_date, stale
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
from monitor.extract.lexicon import KEYWORDS, words
from monitor.extract.listing import ListingFinding, is_distress, judge_listing
from monitor.extract.sentences import Sentence, SentenceIndex
from monitor.models import SIGNAL_NAMES, Signal, SignalContext

if TYPE_CHECKING:
    from monitor.extract.parsed import Document

__all__ = ["detect_signals", "find_items"]

_Judge = Callable[[str, Context], "Candidate | None"]

# Keywords that must occur in a sentence before a judge looks at it, as byte patterns over
# the lower-cased text (lexicon `scan.*` entries, one regex each so each scan is one fast C
# loop); a judge can only say yes when one of its hint words (lexicon `hint.*`) is near the
# keyword: checking a window of raw text first spares splitting most keyword hits.
_HINTS: dict[str, tuple[bytes, ...]] = {
    group: tuple(w.encode("latin-1") for w in words(f"hint.{group}"))
    for group in ("going_concern", "listing", "bankruptcy", "non_reliance", "auditor_change")
}
_HINT_BLOCK = 1024  # hint answers are cached per block of text and group
_HINT_WINDOW = 1200  # how far around the block the trigger word may be
_SCANS = tuple(
    (keyword.means, re.compile(keyword.pattern.encode("latin-1")), _HINTS[keyword.means])
    for keyword in KEYWORDS
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
# how far into a listing sentence a year-only date ("delisted ... in 2019") dates its event
_YEAR_REACH = 200


class _Found(NamedTuple):
    sentence: Sentence
    candidate: Candidate


class _Listing(NamedTuple):
    sentence: Sentence
    finding: ListingFinding


class _DocumentDate:
    """The document's own date, looked for only when a dated candidate needs it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._done = False
        self._ordinal: int | None = None

    def ordinal(self, when: int | None) -> int | None:
        if when is None:
            return None
        if not self._done:
            self._done, self._ordinal = True, reference_date(self._text)
        return self._ordinal


class _Verdict(NamedTuple):
    """A signal's evidence (None: absent) and the context of the sentence behind it (the
    evidence, or the strongest candidate that did not prove the signal)."""

    evidence: str | None
    context: SignalContext | None = None
    candidate: str | None = None


def detect_signals(
    text: str | Document, document: str = "", items: tuple[str, ...] = ()
) -> dict[str, Signal]:
    """Signals present in one document's text (or a read Document's), keyed by signal name
    (models.SIGNAL_NAMES).

    `items` are the filing's 8-K item codes (index page plus the document's own headings);
    every signal gets an entry, present or not, with the proving sentence as evidence and the
    context attributes of that sentence (or of the candidate that failed to prove it).
    """
    if not isinstance(text, str):
        text = text.text
    sections = find_item_sections(text)
    own_items = {s.code for s in sections}
    ctx = Context(items=frozenset(items) | own_items, names=RegistrantNames(text))
    index = SentenceIndex(text)
    candidates = _candidates(text, index)
    today = _DocumentDate(text)

    events: dict[str, list[_Found]] = {name: [] for name in _EVENT_JUDGES}
    listing: list[_Listing] = []
    for sentence, groups in candidates:
        for group in groups:
            if group == "listing":
                before = text[max(0, sentence.start - _LISTING_CONTEXT) : sentence.start]
                for finding in judge_listing(sentence.text, before):
                    context = finding.context
                    if is_distress(context):
                        when = sentence_date(sentence.text, _YEAR_REACH)
                        context = stale(context, when, today.ordinal(when))
                    if _hedged_list_item(text, sentence.start):
                        context = because("conditional", context)
                    listing.append(_Listing(sentence, finding._replace(context=context)))
                continue
            found = _EVENT_JUDGES[group](sentence.text, ctx)
            if found is None:
                continue
            context = found.context
            if found.holds or found.kind != "event":
                when = sentence_date(sentence.text, found.at)
                context = stale(context, when, today.ordinal(when))
                if _hedged_list_item(text, sentence.start):
                    context = because("conditional", context)
            events[group].append(_Found(sentence, found._replace(context=context)))

    verdicts: dict[str, _Verdict] = {
        "going_concern": _going_concern(events["going_concern"]),
        "bankruptcy": _bankruptcy(events["bankruptcy"]),
        "non_reliance": _first(events["non_reliance"]),
        "auditor_change": _first(events["auditor_change"]),
    }
    verdicts["delisting_notice"], verdicts["regained_compliance"] = _listing_events(listing)
    for section in sections:
        name = _ITEM_FALLBACK.get(section.code)
        if name is not None and verdicts[name].evidence is None:
            # the document announces the item itself: its first sentence is the evidence,
            # unless that sentence explains the item in general ("Companies must disclose if
            # they dismiss their auditor"): an explainer quoting the item title is no filing
            first = _section_evidence(index, section.body_start, section.end)
            if first is None or not is_generic(first):
                verdicts[name] = _Verdict(first or section.heading, SignalContext())
    return {
        name: Signal(
            name, verdicts[name].evidence is not None, verdicts[name].evidence, document,
            verdicts[name].context, verdicts[name].candidate,
        )
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


def _first(found: list[_Found], kind: str = "event") -> _Verdict:
    """The first holding candidate of `kind`, preferring complete sentences over headlines
    and item headings; else the first candidate that did not hold, as the reason why."""
    holding = [f for f in found if f.candidate.kind == kind and f.candidate.holds]
    best = _best_found(holding)
    if best is not None:
        return _Verdict(best.sentence.text, best.candidate.context)
    return _not_proved(found)


def _not_proved(found: list[_Found]) -> _Verdict:
    """Absent: the context of the first candidate that was not the signal's event."""
    for f in found:
        if not (f.candidate.kind == "event" and f.candidate.holds):
            return _Verdict(None, f.candidate.context, f.sentence.text)
    return _Verdict(None)


_Hit = TypeVar("_Hit", _Found, _Listing)


def _best_found(found: list[_Hit]) -> _Hit | None:
    """The finding `_best` picks by its sentence (the first of equal sentences)."""
    texts = [f.sentence.text for f in found]
    best = _best(texts)
    return None if best is None else found[texts.index(best)]


def _best(hits: list[str]) -> str | None:
    prose = [h for h in hits if not _HEADING.match(h) and h.rstrip("\"”’')")[-1:] in ".!?"]
    best = prose or hits
    return best[0] if best else None


def _going_concern(found: list[_Found]) -> _Verdict:
    """Doubt stands unless a later sentence resolves it ("has been alleviated", "has been
    removed"); a recounted doubt ("as previously disclosed, ... included a going concern
    paragraph") does not undo the resolution."""
    resolutions = [f for f in found if f.candidate.kind == "resolution"
                   and f.candidate.context.modality == "factual"
                   and f.candidate.context.subject != "third_party"]
    if not resolutions:
        return _first(found)
    last = max(f.sentence.start for f in resolutions)
    live = [
        f for f in found
        if f.candidate.kind == "event" and f.candidate.holds and f.sentence.start > last
        and not previously_reported(f.sentence.text)
    ]
    best = _best_found(live)
    if best is not None:
        return _Verdict(best.sentence.text, best.candidate.context)
    resolution = resolutions[-1]
    return _Verdict(None, resolution.candidate.context, resolution.sentence.text)


def _bankruptcy(found: list[_Found]) -> _Verdict:
    """A filing by the registrant, unless the registrant has since emerged from its case;
    else the case named as settled fact ("the Chapter 11 Cases"), unless the document
    attributes a bankruptcy filing to someone else (a customer's or a subsidiary's case can
    be given a defined name too)."""
    emerged = [f for f in found if f.candidate.kind == "resolution"]
    if emerged:
        found = [
            f._replace(candidate=f.candidate._replace(
                context=because("emerged", f.candidate.context)))
            if f.candidate.kind != "resolution" and _ended_by(f, emerged)
            else f
            for f in found
        ]
    verdict = _first(found)
    if verdict.evidence is not None:
        return verdict
    other = next((f for f in found if f.candidate.kind == "event"
                  and f.candidate.context.subject == "third_party"), None)
    if other is not None:
        return _Verdict(None, other.candidate.context, other.sentence.text)
    weak = _first(found, "weak")
    return weak if weak.evidence is not None else verdict


def event_date_of(found: _Found) -> int | None:
    return sentence_date(found.sentence.text, found.candidate.at)


def _ended_by(event: _Found, emergences: list[_Found]) -> bool:
    """The registrant emerged from the case `event` speaks of: an emergence dated after it,
    or, when either date is unknown, stated after it ("On April 1, 2020, the Debtors
    commenced the Chapter 11 Cases. ... On September 1, 2020 the Debtors ... emerged"). A new
    petition dated after an earlier emergence is a new case."""
    when = event_date_of(event)
    for emergence in emergences:
        ended = event_date_of(emergence)
        if when is not None and ended is not None:
            if when <= ended:
                return True
        elif event.sentence.start <= emergence.sentence.start:
            return True
    return False


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


def _listing_events(found: list[_Listing]) -> tuple[_Verdict, _Verdict]:
    """Delisting and regained verdicts: of a deficiency and a regained compliance about the
    same requirement, only the later one stands. Only events whose context holds count (an
    exchange acted, now, for certain); the others explain an absence."""
    deficiencies = [f for f in found if f.finding.kind == "deficiency"
                    and is_distress(f.finding.context)]
    regained = [f for f in found if f.finding.kind == "regained" and is_distress(f.finding.context)]
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
    return _listing_verdict(live_def, found, "deficiency", regained, "cured"), _listing_verdict(
        live_reg, found, "regained", deficiencies, "previously"
    )


def _listing_verdict(
    live: list[_Listing], found: list[_Listing], kind: str, beaten_by: list[_Listing],
    superseded: str,
) -> _Verdict:
    best = _best_found(live)
    if best is not None:
        return _Verdict(best.sentence.text, best.finding.context)
    # absent: a live event superseded by the other kind ("since cured"), else a hedged one
    held = [f for f in found if f.finding.kind == kind and is_distress(f.finding.context)]
    if held and beaten_by:
        return _Verdict(None, because(superseded, held[0].finding.context), held[0].sentence.text)
    rejected = [f for f in found if f.finding.kind == kind and not is_distress(f.finding.context)]
    if rejected:
        return _Verdict(None, rejected[0].finding.context, rejected[0].sentence.text)
    return _Verdict(None)


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

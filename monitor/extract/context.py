"""Context attributes of signal candidates, as ConText gives them to findings in clinical notes.

A judge (`events.py`, `listing.py`) finds a trigger and returns a `Candidate`: what kind of
statement it is (an event, a resolution of one, weak evidence) and its `SignalContext`, built
here from lexicon cues (`because`). Two attributes need more than the sentence and are set
here too: time by the document's own date (an event dated years before it is history) and by
a later resolution in the same document.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple

from monitor.extract.cues import event_date
from monitor.extract.lexicon import cue, pattern
from monitor.models import SignalContext

__all__ = ["FACT", "STALE_DAYS", "Candidate", "because", "reference_date", "stale"]

FACT = SignalContext()
# An event dated this long before the document's own date is recounted history ("a
# prospectus recounting a Chapter 11 case of years ago"). 18 months, because a deficiency or a
# bankruptcy case still open is reported again within a year (every 10-K and 10-Q).
STALE_DAYS = 548

_RISK = pattern("risk_factor")
_HYPOTHETICAL = frozenset({"conditional", "modal", "epistemic", "future_intent", "belief",
                           "modal_after", "hedged_otc"})


class Candidate(NamedTuple):
    """A judge's reading of one sentence: `kind` is "event" (the signal's event, present if
    its context holds), "resolution" (it ends an earlier event: doubt alleviated, regained
    compliance, emerged from Chapter 11) or "weak" (needs support from the filing)."""

    kind: str
    context: SignalContext = FACT
    at: int = 0  # where the trigger starts in the sentence

    @property
    def holds(self) -> bool:
        return self.context.holds


def because(name: str, base: SignalContext = FACT, sentence: str = "") -> SignalContext:
    """`base` with the attribute that lexicon entry `name` sets, the cue recorded. A
    hypothetical in risk-factor wording ("could have a material adverse effect") is a risk
    factor."""
    entry = cue(name)
    value: str = entry.value
    names: tuple[str, ...] = (name,)
    if name in _HYPOTHETICAL and sentence and _RISK.search(sentence):
        value, names = "risk_factor", (name, "risk_factor")
    return replace(base, cues=base.cues + names, **{entry.attribute: value})


_ANCHOR = pattern("date_of_report")
_YEAR_ONLY = pattern("stale_date")


def reference_date(text: str) -> int | None:
    """The document's own date as an ordinal: the latest date next to a place where documents
    state it (8-K cover, prospectus date, wire dateline, period end), in the first pages."""
    head = text[:8_000]  # cover page, dateline or prospectus date: the first pages
    best: int | None = None
    for m in _ANCHOR.finditer(head):
        for window in (head[m.end() : m.end() + 60], head[max(0, m.start() - 40) : m.start()]):
            found = event_date(window)
            if found is not None and (best is None or found > best):
                best = found
    return best


def sentence_date(sentence: str, anchor: int) -> int | None:
    """When the event of a sentence happened: its first full date that does not end a
    reporting period, else a year-only date ("in 2016") before the trigger or just after it."""
    full = event_date(sentence, skip_periods=True)
    if full is not None:
        return full
    m = _YEAR_ONLY.search(sentence, 0, min(len(sentence), anchor + 40))
    if m is None:
        return None
    year = int(m.group(0)[-4:])
    return date(year, 12, 31).toordinal()


def stale(context: SignalContext, when: int | None, reference: int | None) -> SignalContext:
    """The context with time historical when the event is dated long before the document."""
    if when is None or reference is None or reference - when <= STALE_DAYS:
        return context
    return because("stale_date", context)

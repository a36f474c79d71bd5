"""Extraction's vocabulary, in one place: every phrase a matcher looks for, as data.

One module per kind of vocabulary:
- `context_cues`: the cues that set a signal candidate's context attributes (subject,
  polarity, time, modality, actor), each with its reason (`Cue`, `cue`, `pattern`).
- `triggers`: the signal trigger words (going concern, delisting notice, regained
  compliance, bankruptcy, non-reliance, auditor change), the exchange names and listing
  requirements, and the keywords of the first scan.
- `lineitems`: how filers name the line items of figures, and the rows never matched.
- `prose`: the phrases figures are read from in sentences, and the period words.
- `registrant`: where a document names its own registrant.
- `items`: the words of 8-K item titles that confirm an "Item N.NN" heading.

Each `Entry` says what a match means, why the entry exists and one example of real wording
(with its source) that `tests/test_lexicon.py` requires it to match. Code compiles matchers
from entries (`matcher(kind)`: one alternation per kind, in entry order); new wording goes
into an entry here, not into an alternative inside a regex in a function.
"""

from __future__ import annotations

import re
from functools import cache

from monitor.extract.lexicon.context_cues import ATTRIBUTES, LEXICON, Cue, cue, pattern
from monitor.extract.lexicon.entry import Entry, WordList, alternation, compile_entries
from monitor.extract.lexicon.items import ITEM_TITLES
from monitor.extract.lexicon.lineitems import LINE_ITEMS
from monitor.extract.lexicon.prose import PROSE
from monitor.extract.lexicon.registrant import REGISTRANT, REGISTRANT_WORDS
from monitor.extract.lexicon.triggers import KEYWORDS, TRIGGERS, WORD_LISTS

__all__ = [
    "ALL_WORD_LISTS",
    "ATTRIBUTES",
    "ENTRIES",
    "KEYWORDS",
    "LEXICON",
    "WORD_LISTS",
    "Cue",
    "Entry",
    "WordList",
    "alternation_of",
    "cue",
    "entries",
    "entry",
    "matcher",
    "pattern",
    "words",
]

ENTRIES: tuple[Entry, ...] = TRIGGERS + KEYWORDS + LINE_ITEMS + ITEM_TITLES + PROSE + REGISTRANT
_BY_NAME = {e.name: e for e in ENTRIES}
assert len(_BY_NAME) == len(ENTRIES), "lexicon entry names must be unique"
ALL_WORD_LISTS: tuple[WordList, ...] = WORD_LISTS + REGISTRANT_WORDS
_WORDS = {w.name: w for w in ALL_WORD_LISTS}


def entries(kind: str) -> tuple[Entry, ...]:
    """The entries of one kind, in order."""
    found = tuple(e for e in ENTRIES if e.kind == kind)
    if not found:
        raise KeyError(f"no lexicon entries of kind {kind!r}")
    return found


def entry(name: str) -> Entry:
    """The entry called `name`."""
    return _BY_NAME[name]


@cache
def matcher(kind: str) -> re.Pattern[str]:
    """One compiled alternation of every entry of `kind`."""
    return compile_entries(entries(kind))


@cache
def alternation_of(kind: str) -> str:
    """The regex source of `kind`'s alternation, for code that embeds the vocabulary in a
    grammar pattern of its own ("as <accountant>")."""
    return alternation(entries(kind))


def words(name: str) -> tuple[str, ...]:
    """The words of the word list `name`."""
    return _WORDS[name].words

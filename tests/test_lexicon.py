"""The extraction lexicon: every entry matches its own real wording and misses its near-miss.

The rows are generated from the lexicon itself (monitor/extract/lexicon/): each entry carries
an example of the wording it exists for, where that wording was seen (a real filing in
../shared/edgar-samples or in a public GitHub repository, a filing quoted in
tests/test_context.py, a project test document, "sec:" for the SEC's own form text, or "authored"
where no stored filing holds it; never the evaluation corpus) and, where useful, a near-miss it
must not match. The context cues' own rows are in tests/test_context.py (CUE_ROWS).
"""

from __future__ import annotations

import re

import pytest

from monitor.extract.lexicon import ALL_WORD_LISTS, ENTRIES, KEYWORDS, Entry, entries, matcher
from monitor.extract.lexicon.entry import compile_entries
from monitor.extract.lineitems import normalize

# Where an example may come from: a recorded source, or wording authored for the lexicon. Never
# the evaluation corpus (../shared/corpus): it measures the lexicon, so it may not be quoted here.
_SOURCE = re.compile(
    r"^(?:tests/\S+|sec: .+|authored: .+|edgar-samples filings/\S+ \(sec filing .+\)"
    r"|.+, via github [\w.-]+/[\w.-]+ \S+|sec filing \d{10}-\d\d-\d{6} \(.+\), https?://\S+)"
)


def _text_for(entry: Entry, text: str) -> str:
    # the first signal scan runs over lower-cased text; line items over normalized labels
    if entry in KEYWORDS:
        return text.lower()
    if entry.kind.startswith(("lineitem.", "row.")) and entry.case:
        return normalize(text)
    return text


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_entry_matches_its_example(entry: Entry) -> None:
    regex = compile_entries((entry,))
    assert regex.search(_text_for(entry, entry.example)), (
        f"{entry.name} does not match its example {entry.example!r}"
    )


MISSES = [e for e in ENTRIES if e.miss]


@pytest.mark.parametrize("entry", MISSES, ids=[e.name for e in MISSES])
def test_entry_does_not_match_its_near_miss(entry: Entry) -> None:
    regex = compile_entries((entry,))
    assert regex.search(_text_for(entry, entry.miss)) is None, (
        f"{entry.name} matches its near-miss {entry.miss!r}"
    )


def test_every_entry_has_a_reason_an_example_and_a_source() -> None:
    for entry in ENTRIES:
        assert entry.reason.strip(), entry.name
        assert entry.example.strip(), entry.name
        assert _SOURCE.match(entry.source), f"{entry.name}: source {entry.source!r}"
    for words in ALL_WORD_LISTS:
        assert words.reason.strip() and words.words, words.name
        assert _SOURCE.match(words.source), f"{words.name}: source {words.source!r}"


# Kinds whose entries are compiled and tried one at a time, never as one alternation.
_ONE_BY_ONE = (
    "scan.", "listing.category", "lineitem.", "item.", "prose.figure", "registrant.marker"
)


def test_names_are_unique_and_kinds_compile() -> None:
    assert len({e.name for e in ENTRIES}) == len(ENTRIES)
    for kind in {e.kind for e in ENTRIES}:
        if not kind.startswith(_ONE_BY_ONE):
            assert matcher(kind).pattern, kind


@pytest.mark.parametrize("words", ALL_WORD_LISTS, ids=[w.name for w in ALL_WORD_LISTS])
def test_word_list_example_holds_one_of_its_words(words: object) -> None:
    from monitor.extract.lexicon import WordList

    assert isinstance(words, WordList)
    low = words.example.lower()
    assert any(w in low for w in words.words), f"{words.name}: {words.example!r}"


def test_a_kind_matches_what_each_of_its_entries_matches() -> None:
    """One alternation per kind finds every entry's example (the union loses no entry)."""
    for entry in ENTRIES:
        if entry.kind.startswith(_ONE_BY_ONE):
            continue
        assert matcher(entry.kind).search(_text_for(entry, entry.example)), entry.name


# Guards: a plain substring test stands before a matcher and must not hide any of its
# matches, or new wording added to the matcher would silently never be looked at.
_GUARDS = {
    "listing.exchange_words": ("listing.exchange",),
    "listing.receipt_words": ("listing.receipt",),
    "listing.determination_words": ("listing.determination",),
    "listing.regained_words": ("listing.regained", "listing.confirmed"),
    "listing.otc_words": ("listing.otc",),
}


@pytest.mark.parametrize("guard", sorted(_GUARDS))
def test_guard_words_cover_every_example_of_the_matchers_they_guard(guard: str) -> None:
    words = next(w for w in ALL_WORD_LISTS if w.name == guard).words
    for kind in _GUARDS[guard]:
        for entry in entries(kind):
            low = entry.example.lower()
            assert any(w in low for w in words), f"{guard} would hide {entry.name}"

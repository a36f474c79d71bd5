"""A lexicon entry of extraction vocabulary, and the matchers compiled from entries.

Every entry is data: its wording (a regex fragment), what a match means (the signal, line item
or role it stands for), why it exists and one piece of real wording it must match (with where
that wording was seen). Code compiles one matcher per kind from the entries, in their order,
so new wording is one more entry, never one more alternative inside a regex in a function.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Entry", "WordList", "alternation", "compile_entries"]


@dataclass(frozen=True, slots=True)
class Entry:
    """Wording that means `means` to the matcher `kind`, why it exists and a real example.

    `pattern` is a regex fragment matched case-insensitively unless `case` is set; `miss` is a
    near-miss the entry must not match. `rank` orders line-item entries (lower is better).
    """

    kind: str
    name: str
    pattern: str
    means: str
    reason: str
    example: str
    source: str
    miss: str = ""
    case: bool = False
    rank: int = 0


@dataclass(frozen=True, slots=True)
class WordList:
    """Plain words (substring tests, no regex) with what they are for and a real example
    holding one of them."""

    name: str
    words: tuple[str, ...]
    means: str
    reason: str
    example: str
    source: str


def alternation(entries: Iterable[Entry]) -> str:
    """One regex source for the entries, in order: each a non-capturing alternative (scoped
    case-insensitive unless it says `case`), so the union matches exactly what the
    alternatives did when they were written as one regex."""
    parts = []
    for entry in entries:
        parts.append(f"(?:{entry.pattern})" if entry.case else f"(?i:{entry.pattern})")
    return "|".join(parts)


def compile_entries(entries: Iterable[Entry]) -> re.Pattern[str]:
    """One compiled alternation for the entries; IGNORECASE as a global flag when no entry is
    case-sensitive (the fast path), else per entry."""
    items = tuple(entries)
    if not items:
        raise ValueError("no lexicon entries to compile")
    if any(e.case for e in items):
        return re.compile(alternation(items))
    return re.compile("|".join(f"(?:{e.pattern})" for e in items), re.IGNORECASE)

"""fold_ascii + case_sensitive find exactly what an IGNORECASE pattern finds (the figure path
uses them for speed; a difference would change which tables count as statements)."""

from __future__ import annotations

import random
import re

import pytest

from monitor.extract import figures, lineitems
from monitor.extract.text import case_sensitive, fold_ascii

EVERY_NON_ASCII = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_only_four_non_ascii_characters_match_an_ascii_letter_ignoring_case() -> None:
    # fold_ascii relies on this property of Python's re: if it changes, the fold is wrong
    assert re.findall(r"[a-z]", EVERY_NON_ASCII, re.IGNORECASE) == [
        "\u0130", "\u0131", "\u017f", "\u212a"]  # İ, ı, ſ, K (Kelvin)


def test_fold_keeps_length_and_makes_those_four_ascii() -> None:
    folded = fold_ascii(EVERY_NON_ASCII)
    assert len(folded) == len(EVERY_NON_ASCII)
    assert [c for c in folded if c.isascii()] == ["i", "i", "s", "k"]
    assert fold_ascii("Consolidated STATEMENTS of \u0130ncome, \u212aelvin, \u017fegments") == (
        "consolidated statements of income, kelvin, segments")


FOLDED_PATTERNS = [
    figures._STATEMENT, figures._NON_GAAP_TABLE, figures._OUTLOOK, figures._CASH_FLOW,
    figures._SEGMENT, lineitems._KEYWORDS,
]
PIECES = [
    "Consolidated ", "STATEMENTS OF ", "Operations", "income", "Non-GAAP", "reconciliation",
    "Balance Sheets", "segment", "Cash Flows", "outlook", "Revenue", "İncome", "ſegment",
    "Ka\u017fh", "\u0131", "\u212a", "É", "Σ", "ß", " ", "\u00a0", "—", "(", ")", "_", "1",
    "ﬁ", "Ⅻ", "\u0307",
]


@pytest.mark.parametrize("pattern", FOLDED_PATTERNS, ids=lambda p: p.pattern[:24])
def test_case_sensitive_pattern_on_folded_text_finds_the_same_spans(
    pattern: re.Pattern[str],
) -> None:
    twin = case_sensitive(pattern)
    rng = random.Random(13)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 10)))
        assert [m.span() for m in twin.finditer(fold_ascii(text))] == [
            m.span() for m in pattern.finditer(text)
        ], text


def test_case_sensitive_refuses_a_pattern_with_capitals() -> None:
    with pytest.raises(ValueError, match="not lower-case ASCII"):
        case_sensitive(re.compile(r"\bQ[1-4]\b", re.IGNORECASE))
    # escapes and group names are not letters of the text
    assert case_sensitive(re.compile(r"(?P<Word>\S+)\s", re.IGNORECASE)).flags & re.I == 0

"""Numbers as filers print them: table cells, scale captions and amounts in sentences.

Pure functions, no state. Every parser returns None for text it cannot read; none raises.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from monitor.extract.text import fold_ascii

# Dashes a table uses for "nil": hyphen runs, en/em dashes, figure dash, minus sign.
_DASHES = frozenset("-–—‒−")
_NIL_WORDS = frozenset({"nil", "none"})
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ABBR = {"k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}

# One numeric cell: optional sign/paren/currency in any order, digits with thousands
# separators or a bare decimal (".16"), then closing paren, percent, or scale word.
_CELL = re.compile(
    r"""^
    (?P<pre>[\s$(\-–—−+]*?)
    (?:US\$|U\.S\.\$|\$)?\s*
    (?P<pre2>[(\-–—−]?)\s*
    (?:US\$|\$)?\s*
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    \s*(?P<scale>thousand|million|billion|trillion|bn|mm|mn|[kmb])?\b\.?
    \s*(?P<post>[)%\s]*)
    $""",
    re.VERBOSE | re.IGNORECASE,
)
# The common case, parsed without the general pattern: "1,234", "(1,234)", "$ 0.25", "12.5%".
_SIMPLE = re.compile(r"^(\()?(\$)?\s*(\()?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\))?(%)?$")
# Footnote markers that trail a value: "(a)", "(1)", "*", superscript digits.
_FOOTNOTE_TAIL = re.compile(r"(?:\s*(?:\([a-z0-9]\)|\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰†‡]))+\s*$", re.I)
_YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d)$")
_DIGIT = re.compile(r"\d")
# First letters of text that is no number: every number, dash and "nil" below starts with a
# digit, sign, bracket, "$", ".", "U" ("US$") or "n" ("nil", "none").
_LABEL_START = frozenset("ABCDEFGHIJKLMOPQRSTVWXYZabcdefghijklmopqrstvwxyz")


class Number(NamedTuple):
    """One parsed numeric cell (a named tuple: documents have tens of thousands).

    `value` is signed; `scaled` is True when the cell carried its own scale word
    ("$7.3 billion"), so a table's caption scale must not be applied again.
    """

    value: float
    text: str
    percent: bool = False
    dash: bool = False
    dollar: bool = False
    scaled: bool = False

    @property
    def is_year(self) -> bool:
        """A bare four-digit year ("2024"), which in a table is a column header."""
        text = self.text.strip()
        if len(text) == 4 and text.isdigit():
            return 1950 <= int(text) <= 2099
        if not text[:4].isdigit():
            return False
        return _YEAR.match(_FOOTNOTE_TAIL.sub("", text).strip()) is not None


def parse_cell(text: str) -> Number | None:
    """Parse a table cell or token: "$(1,234.5)", "(0.06)", "1,234", "—", "12.5%", "(1,409"
    (its ")" in the next cell), "$99.8 billion". None when the text is not a number."""
    raw = text.strip()
    if not raw or len(raw) > 40:
        return None
    simple = _SIMPLE.match(raw)
    if simple:
        open1, dollar, open2, whole, frac, close, pct = simple.groups()
        value = float(whole.replace(",", "") + (frac or ""))
        if open1 or open2 or close:
            value = -value
        return Number(value, raw, pct is not None, False, dollar is not None)
    if raw[0] in _LABEL_START:
        return None  # "December 31, 2023", "Total": no number, dash or "nil" starts so
    # No digit (str.isdigit, which also takes "²"; the regex decides for ASCII text alone)
    if _DIGIT.search(raw) is None and (raw.isascii() or not any(ch.isdigit() for ch in raw)):
        # Fast path for words: only a dash or "nil" can be a number without digits.
        core = raw.replace("$", "").replace(" ", "")
        if core and all(ch in _DASHES for ch in core):
            return Number(0.0, raw, dash=True)
        return Number(0.0, raw, dash=True) if raw.lower() in _NIL_WORDS else None
    stripped = _FOOTNOTE_TAIL.sub("", raw).strip() or raw
    if _is_dash(stripped):
        return Number(0.0, raw, dash=True)
    if stripped.lower() in _NIL_WORDS:
        return Number(0.0, raw, dash=True)
    m = _CELL.match(stripped)
    if m is None:
        return None
    pre = (m.group("pre") or "") + (m.group("pre2") or "")
    post = m.group("post") or ""
    num = m.group("num")
    try:
        value = float(num.replace(",", ""))
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    negative = "(" in pre or any(ch in pre for ch in "-–—−") or (")" in post and "(" not in pre)
    if negative:
        value = -value
    scale_word = (m.group("scale") or "").lower()
    scaled = False
    if scale_word:
        factor = _SCALE_WORDS.get(scale_word.rstrip("s")) or _SCALE_ABBR.get(scale_word)
        if factor is None:
            return None
        value *= factor
        scaled = True
    return Number(
        value,
        raw,
        percent="%" in post,
        dollar="$" in stripped,
        scaled=scaled,
    )


def parse_number(text: str) -> float | None:
    """The signed value of a printed number, or None: "$(1,234.5)" -> -1234.5, "—" -> 0.0."""
    cell = parse_cell(text)
    return None if cell is None else cell.value


def format_number(
    value: float, *, dollar: bool = False, parens: bool = True, decimals: int = 0
) -> str:
    """Format a value the way financial tables print it (used by tests and messages)."""
    body = f"{abs(value):,.{decimals}f}"
    if dollar:
        body = "$" + body
    if value < 0:
        return f"({body})" if parens else f"-{body}"
    return body


def _is_dash(text: str) -> bool:
    core = text.replace("$", "").replace(" ", "")
    return bool(core) and all(ch in _DASHES for ch in core)


# --- scale --------------------------------------------------------------------------

_SCALE_PHRASE = re.compile(
    r"""(?:
        (?:\bin|\$\s*in|\bdollars\s+in|\bamounts\s+in|\(|\$|\bus\$|\bu\.s\.\s+dollars\s+in)\s*
            (?P<w1>thousands|millions|billions)\b
      | \b(?P<w2>thousands|millions|billions)\s+(?:of\s+)?(?:u\.s\.\s+)?dollars\b
      | \(\s*\$?\s*(?P<w3>000)\s*'?s?\s*(?:omitted)?\s*\)
      | \$\s*(?P<w4>000)'?s?\b
      | \(\s*\$\s*(?P<w5>[mbk])\s*\)
      | \(\s*(?P<w6>\$m|\$b|\$k|\$mm|\$bn)\s*\)
      | \b(?P<w7>000)(?:'?s)?\s+omitted
      | \bin\s+\$?\s*(?P<w8>000)'?s\b
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_SHARE_BEFORE = re.compile(r"share|units|employees|volume|barrels|tons", re.I)
_WORD_SCALE = {"thousands": 1e3, "millions": 1e6, "billions": 1e9, "000": 1e3}
_ABBR_SCALE = {
    "m": 1e6,
    "b": 1e9,
    "k": 1e3,
    "$m": 1e6,
    "$b": 1e9,
    "$k": 1e3,
    "$mm": 1e6,
    "$bn": 1e9,
}


def find_scale(text: str, *, last: bool = False) -> float | None:
    """Dollar scale stated in a caption or header: "(in thousands)" -> 1e3,
    "In Millions, Except Per Share Amounts" -> 1e6, "($ in millions)" -> 1e6.

    Mentions about share counts ("shares in thousands") are skipped. With `last`, the
    mention nearest the end of `text` wins (captions read backwards from the table).
    """
    found: float | None = None
    # Every scale phrase holds "000", a plural scale word (in any case) or "(" and "$"
    # ("($M)"): other text, most headers and captions, is spared the pattern, tried at every
    # character. fold_ascii makes the words lower case as IGNORECASE reads them.
    if "000" not in text and not ("$" in text and "(" in text):
        folded = fold_ascii(text)
        if "thousands" not in folded and "millions" not in folded and "billions" not in folded:
            return None
    for m in _SCALE_PHRASE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        # "except share amounts which are reflected in thousands": not the dollar scale.
        tail = re.split(r"[;:)]|\bdollars?\b|\$", before)[-1]
        if _SHARE_BEFORE.search(tail):
            continue
        word = next(g for g in m.groups() if g)
        scale = _WORD_SCALE.get(word.lower()) or _ABBR_SCALE.get(word.lower())
        if scale is None:
            continue
        if not last:
            return scale
        found = scale
    return found


# --- amounts in sentences -------------------------------------------------------------

AMOUNT = re.compile(
    r"""(?P<open>\()?\s*(?P<neg>[-−])?\s*\$\s*(?P<open2>\()?\s*
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*\)?
        (?:\s*(?P<scale>thousand|million|billion|trillion)s?\b)?
        (?P<close>\s*\))?""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_amount(text: str) -> float | None:
    """A dollar amount written in prose: "$2.72 billion" -> 2.72e9, "$(848,000)" -> -848000,
    "($9.97)" -> -9.97, "$.16" -> 0.16. None unless `text` holds one."""
    m = AMOUNT.search(text)
    return None if m is None else amount_value(m)


def amount_value(m: re.Match[str]) -> float | None:
    """The value of an AMOUNT match."""
    try:
        value = float(m.group("num").replace(",", ""))
    except ValueError:
        return None
    scale = m.group("scale")
    if scale:
        # "$4.1 million" is 4,100,000, not 4,099,999.9999999995.
        value = round(value * _SCALE_WORDS[scale.lower()], 2)
    if m.group("open") or m.group("open2") or m.group("neg"):
        value = -value
    return value

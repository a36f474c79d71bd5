"""Line items as filers name them, matched to figure names.

`match_row(label, context)` says which figure a table row states and how good a match it
is (lower rank is better): "Total revenues" beats "Revenues", "Net income attributable to
X" beats consolidated "Net income" when both exist, total EPS beats continuing operations.
Rows that are non-GAAP, per-share, share counts or components are never matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.extract.lexicon import entries, entry, matcher
from monitor.extract.lexicon.entry import compile_entries
from monitor.extract.text import case_sensitive, fold_ascii


def _ranked(figure: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    """A figure's line-item entries, each compiled, with its rank, in lexicon order."""
    return tuple((compile_entries((e,)), e.rank) for e in entries(f"lineitem.{figure}"))


def _one(name: str) -> re.Pattern[str]:
    return compile_entries((entry(name),))


_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "\u00a0": " "})
_DASHES = re.compile(r"\s*[–—‒−]+\s*|\s*-{2,}\s*")

_NON_GAAP = matcher("row.non_gaap")
_PER_SHARE = matcher("row.per_share")
_KIND_SUFFIX = matcher("row.eps_kind_suffix")
_SHARE_COUNT = matcher("row.share_count")
_EPS_EXCLUDE = matcher("row.eps_exclude")
# A line under an "Earnings per share" heading that names the total, not a component.
_EPS_TOTAL = matcher("row.eps_total")
# Every line item matched below names one of these; other rows are skipped at once.
_KEYWORDS = matcher("row.keywords")
_KEYWORDS_FOLDED = case_sensitive(_KEYWORDS)  # the same matches in fold_ascii'd text, faster
_LOSS_ONLY = re.compile(r"\bloss")
_GAIN_WORDS = re.compile(r"\b(?:income|earnings|profit|gain)\b")


_SLASH = re.compile(r"\s*/\s*")
_PAREN_SPACE = re.compile(r"(?<=\()\s+|\s+(?=\))")
_NOISE = re.compile(
    r"\((?:unaudited|audited|note \w+|notes?|see notes?|u\.s\. dollars)\)|"
    r"\(\$?\s*(?:in )?(?:b|m|k|bn|mm|billions?|millions?|thousands?)\)"
)
_SPACES = re.compile(r"\s+")


def normalize(label: str) -> str:
    """Lower-case label with quotes, dashes and spacing made uniform."""
    ascii_label = label.isascii()
    # (_QUOTES and _DASHES need non-ASCII characters, a backtick or "--" to change anything)
    text = (label if ascii_label and "`" not in label else label.translate(_QUOTES)).lower()
    if not ascii_label or "--" in text:
        text = _DASHES.sub(" - ", text)
    if "/" in text:
        text = _SLASH.sub("/", text)
    if "(" in text:
        text = _NOISE.sub("", _PAREN_SPACE.sub("", text))
    text = _SPACES.sub(" ", text)
    return text.strip(" :;,.-*")



_REVENUE = _ranked("revenue")
# A named revenue line ("Collaboration revenue", "Net product sales"): the revenue only when
# it is the one revenue line at the top of an income statement (see figures.py).
SOLE_REVENUE_RANK = entry("li_named_revenue").rank
_NAMED_REVENUE = matcher("lineitem.named_revenue")
_GROSS = _ranked("gross_profit")
_OPERATING = _ranked("operating_income")
_NET_INCOME = _one("li_net_income")
_TOTAL_ASSETS = _one("li_total_assets")
_TOTAL_LIABILITIES = _one("li_total_liabilities")
_EQUITY = _one("li_stockholders_equity")
_TOTAL_EQUITY = _one("li_total_equity")
_LONE_EQUITY = _one("li_lone_equity")
_WORKING_CAPITAL = _one("li_working_capital")


@dataclass(frozen=True, slots=True)
class Match:
    """A row matched to a figure. `negate` forces a loss-worded label negative."""

    figure: str
    rank: int
    negate: bool = False


def is_per_share_label(label: str) -> bool:
    """True when a label itself names a per-share amount ("Diluted EPS")."""
    return _PER_SHARE.search(normalize(label)) is not None


def loss_worded(label: str) -> bool:
    """True when a label names only a loss ("Net loss", "Loss from operations")."""
    return bool(_LOSS_ONLY.search(label)) and not _GAIN_WORDS.search(label)


def match_row(
    label: str, context: tuple[str, ...], *, has_nci: bool, per_share_values: bool = True
) -> list[Match]:
    """Figures a table row states.

    `has_nci`: the table has a line for noncontrolling interests, so "attributable to
    <company>" is the figure and not a variant of it. `per_share_values`: the row's numbers
    look like per-share amounts (small, with cents); a row under an "Earnings per share"
    heading whose own label names no per-share amount is an EPS line only then.
    """
    if not _KEYWORDS_FOLDED.search(fold_ascii(label)) and not (
        context and _KEYWORDS_FOLDED.search(fold_ascii(context[-1]))
    ):
        return []
    text = normalize(label)
    near = _near_context(context)
    if not text and not near:
        return []
    if _NON_GAAP.search(text) or _NON_GAAP.search(near):
        return []
    if _PER_SHARE.search(text):
        return _eps(text, near, context)
    if _count_heading(near):
        return []  # "Weighted average shares outstanding: Basic"
    short = text in ("basic", "diluted", "basic and diluted", "basic & diluted", "basic/diluted")
    # "Net income attributable to Acme - Basic": a "- Basic" line joined to the heading it sits
    # under, itself under "PER SHARE OF COMMON STOCK"
    qualified = short or _KIND_SUFFIX.search(text) is not None
    if per_share_values and (
        _PER_SHARE.search(near) or (qualified and _PER_SHARE.search(_all(context)))
    ):
        return _eps(text, near, context)
    if short:
        return []
    if _SHARE_COUNT.search(text) or "%" in text or "percent" in text or " ratio" in text:
        return []
    return _money(text, near, has_nci)


def _count_heading(near: str) -> bool:
    """A heading about share counts, even one that mentions EPS later ("Weighted-average
    shares used to calculate earnings per share")."""
    count = _SHARE_COUNT.search(near)
    per_share = _PER_SHARE.search(near)
    return count is not None and (per_share is None or count.start() < per_share.start())


def _all(context: tuple[str, ...]) -> str:
    return " ".join(normalize(c) for c in context)


def _near_context(context: tuple[str, ...]) -> str:
    if not context:
        return ""
    last = normalize(context[-1])
    if len(context) > 1 and len(last.split()) <= 3:
        return f"{normalize(context[-2])} {last}"
    return last


# "GAAP revenue", "Revenue - as reported", "Operating income (GAAP)": the reported figure.
_REPORTED_PREFIX = matcher("row.reported_prefix")
_REPORTED_SUFFIX = matcher("row.reported_suffix")


def _money(text: str, near: str, has_nci: bool) -> list[Match]:
    if not text.startswith("net "):
        text = _REPORTED_PREFIX.sub("", text)
    if not _NET_INCOME.match(text):
        text = _REPORTED_SUFFIX.sub("", text)
    for pattern, rank in _REVENUE:
        if pattern.match(text):
            return [Match("revenue", rank)]
    if text == "total" and re.match(r"^(?:total )?(?:net )?(?:revenues?|sales)", near):
        return [Match("revenue", 1)]
    if _NAMED_REVENUE.match(text):
        return [Match("revenue", SOLE_REVENUE_RANK)]
    for pattern, rank in _GROSS:
        if pattern.match(text):
            return [Match("gross_profit", rank, negate=loss_worded(text))]
    for pattern, rank in _OPERATING:
        if pattern.match(text) and "non-operating" not in text:
            return [Match("operating_income", rank, negate=loss_worded(text))]
    net = _NET_INCOME.match(text)
    if net:
        net_rank = _net_income_rank(net.group("rest").strip(), text, has_nci)
        if net_rank is not None:
            negate = loss_worded(text.split(" attributable")[0])
            return [Match("net_income", net_rank, negate=negate)]
    if _TOTAL_ASSETS.match(text):
        return [Match("total_assets", 0)]
    if _TOTAL_LIABILITIES.match(text):
        return [Match("total_liabilities", 0)]
    eq = _EQUITY.match(text)
    if eq and "liabilities" not in text and "noncontrolling" not in text:
        who = eq.group("who").strip()
        # With noncontrolling interests the company's own equity line names the company.
        rank = 0 if has_nci and who not in ("", "total") else 1
        negate = "deficit" in text and "equity" not in text
        return [Match("stockholders_equity", rank, negate=negate)]
    if _TOTAL_EQUITY.match(text):
        return [Match("stockholders_equity", 2)]
    if _LONE_EQUITY.match(text):
        return [Match("stockholders_equity", 3)]  # a balance sheet's only equity line
    if _WORKING_CAPITAL.match(text):
        negate = ("deficit" in text or "deficiency" in text) and "(" not in text
        return [Match("working_capital", 0, negate=negate)]
    return []


def _net_income_rank(rest: str, text: str, has_nci: bool) -> int | None:
    if re.search(r"continuing|before|per share|margin|from operations|discontinued", rest):
        if re.fullmatch(r"before allocation to (?:non-?controlling|minority) interests?", rest):
            return 3
        return None
    if text.startswith("consolidated"):
        return 3
    if not rest or re.fullmatch(r"(?:- )?as reported|\(?reported\)?|\(gaap\)|- gaap", rest):
        return 1
    if re.search(r"non-?controlling|minority|redeemable|participating", rest):
        if re.search(r"includ|before", rest):
            return 3
        return None  # the noncontrolling interests' share, not the company's
    if rest.startswith(("attributable to", "attributable to the")):
        if has_nci:
            return 0
        # Without noncontrolling interests, "attributable to common stockholders" is after
        # preferred dividends; plain "Net income" is the figure.
        return 2
    if rest.startswith(("applicable to", "available to", "allocated to")):
        return 2
    if rest.startswith("including"):
        return 3
    if re.fullmatch(
        r"and comprehensive (?:\(?loss\)?|\(?income\)?)(?:/\(?(?:loss|income)\)?)?", rest
    ):
        return 2  # "Net loss and comprehensive loss": the net loss when no other OCI
    return None


def _eps(text: str, near: str, context: tuple[str, ...]) -> list[Match]:
    both = f"{near} {text}"
    if _SHARE_COUNT.search(text) and not _PER_SHARE.search(text):
        return []
    if _EPS_EXCLUDE.search(both):
        return []
    rank = 0
    if "continuing operations" in both:
        rank = 2
    elif not _PER_SHARE.search(text) and not _EPS_TOTAL.match(text):
        rank = 3  # a component line under the heading ("Extraordinary item")
    kinds = _eps_kinds(text) or _eps_kinds(near) or _eps_kinds(_all(context))
    negate = loss_worded(both)
    if not kinds:
        # An unqualified EPS is basic by convention (pre-1997 "primary"); with no dilutive
        # securities it is the diluted figure too, so it stands in for diluted at a lower rank
        # than any line that says "diluted".
        return [Match("eps_basic", rank + 1, negate), Match("eps_diluted", rank + 2, negate)]
    return [Match(kind, rank, negate) for kind in kinds]


def _eps_kinds(text: str) -> list[str]:
    # "Primary" and "fully diluted" are the pre-1997 names of basic and diluted EPS.
    basic = "basic" in text or "primary" in text
    diluted = "dilut" in text
    if basic and diluted:
        return ["eps_basic", "eps_diluted"]
    if diluted:
        return ["eps_diluted"]
    if basic:
        return ["eps_basic"]
    return []

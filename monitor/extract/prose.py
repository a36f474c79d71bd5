"""Figures stated in sentences, for releases with no financial tables.

"reported net loss of $4.0 million, or $0.06 per diluted share, compared with a net loss
of $4.1 million" gives net income -4.0e6 (prior -4.1e6) and diluted EPS -0.06. Only the
first sentence that states a figure counts (headlines come first), guidance and segment
sentences are skipped, and a prior value is taken only when the sentence compares with the
year-ago period, not the sequential quarter.
"""

from __future__ import annotations

import re

from monitor.extract.numbers import AMOUNT, amount_value
from monitor.models import Figure

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"($])")
_SKIP = re.compile(
    r"guidance|outlook|forecast|anticipat|\bexpects?\b(?! to report)|\bexpected\b|projected|"
    r"\btargets?\b|\bplans?\b|\bwould\b|\bcould\b|pro forma|non-gaap|adjusted|excluding|"
    r"segment|division|\bunit\b",
    re.I,
)
_LEAD = (
    r"(?:^|\b(?:total|net|consolidated|quarterly|record|reported|its|the|our|company's|"
    r"gaap|first|second|third|fourth|(?:first|second|third|fourth)[- ]quarter|quarter|"
    r"(?:19|20)\d\d)\s+)"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("revenue", re.compile(
        _LEAD + r"(?P<word>revenues?|net sales|sales)\b(?P<gap>[^$.;]{0,60}?)(?=\(?\$)", re.I)),
    ("net_income", re.compile(
        r"\bnet (?P<word>income|earnings|loss|profit)\b"
        r"(?: attributable to [A-Z][^$.;]{0,40}?)?(?P<gap>[^$.;]{0,40}?)(?=\(?\$)", re.I)),
    ("operating_income", re.compile(
        r"(?:\boperating (?P<word>income|loss|profit)|\b(?P<word2>income|loss) from operations)"
        r"(?P<gap>[^$.;]{0,40}?)(?=\(?\$)", re.I)),
    ("gross_profit", re.compile(
        r"\bgross (?P<word>profit|margin|loss)(?: \(loss\))?"
        r"(?P<gap>[^$.;]{0,40}?)(?=\(?\$)", re.I)),
)  # fmt: skip
_GAP_OK = re.compile(
    r"^\s*(?:(?:for|in) the [\w\s-]{0,30}?(?:quarter|period|year)"
    r"(?:\s+(?:of|ended)\s+[\w,. ]{0,20}?(?:19|20)\d\d)?\s*)?(?:,\s*)?"
    r"(?:was|were|of|totaled|totalled|reached|amounted to|came in at|"
    r"(?:increased|decreased|grew|rose|fell|declined|improved)(?: by)?(?: [\d.]+ ?(?:%|percent))?"
    r"(?: to)?|(?:expects to report)[^$]{0,30}? of|:)?\s*(?:approximately|about|nearly|of)?\s*$",
    re.I,
)
_PRIOR = re.compile(
    r"(?:compared (?:with|to)|versus|vs\.?|from|up from|down from)\s+"
    r"(?:(?:a |the )?(?:net )?(?:income|earnings|loss|profit|revenues?|sales)\s+(?:of\s+)?)?"
    r"(?:approximately\s+|about\s+)?",
    re.I,
)
_SEQUENTIAL = re.compile(
    r"sequential|previous quarter|prior quarter|preceding quarter|last quarter|linked quarter",
    re.I,
)
_EPS = re.compile(
    r"^,?\s*(?:or|and)\s+(?:a (?:loss|profit) of\s+)?(?P<amount>\(?\$\s*\(?[\d.]+\)?)\s+per\s+"
    r"(?P<kind>basic |diluted )?(?:common )?share",
    re.I,
)
_ORDINAL = re.compile(r"\b(first|second|third|fourth)[- ]quarter", re.I)
_GAIN = re.compile(r"income|earnings|profit", re.I)


def sentences(text: str) -> list[str]:
    """Sentences of flowing text; wrapped lines of a paragraph are joined first."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        flat = re.sub(r"\s+", " ", para).strip()
        if flat:
            out.extend(s.strip() for s in _SENTENCE_END.split(flat) if s.strip())
    return out


def prose_figures(text: str, document: str = "") -> dict[str, Figure]:
    """Figures stated in the prose of a release (first statement of each wins)."""
    found: dict[str, Figure] = {}
    quarter = _ORDINAL.search(text[:2000])
    reference = quarter.group(1).lower() if quarter else None
    for sentence in sentences(text):
        if len(sentence) > 600 or _SKIP.search(sentence):
            continue
        for name, pattern in _PATTERNS:
            if name in found:
                continue
            for fig in _figures(name, pattern, sentence, document, reference):
                found.setdefault(fig.name, fig)
    return found


def _figures(
    name: str, pattern: re.Pattern[str], sentence: str, document: str, reference: str | None
) -> list[Figure]:
    """The figure a sentence states (and the EPS it gives alongside net income)."""
    for m in pattern.finditer(sentence):
        if not _GAP_OK.match(m.group("gap") or ""):
            continue
        amount = AMOUNT.match(sentence, m.end())
        if amount is None or not _money(amount):
            continue
        current = amount_value(amount)
        if current is None:
            continue
        word = (m.group("word") or m.groupdict().get("word2") or "").lower()
        loss = word == "loss"
        rest = sentence[amount.end() :]
        eps_now = _EPS.match(rest)
        if eps_now:
            rest = rest[eps_now.end() :]
        prior, eps_prior = _prior(rest, loss, reference)
        figures = [
            Figure(
                name=name,
                current=-abs(current) if loss else current,
                prior=prior,
                label=m.group(0).strip(),
                source="sentence",
                document=document,
                context=sentence,
            )
        ]
        eps = _eps_figure(eps_now, eps_prior, loss, sentence, document)
        if eps is not None and name == "net_income":
            figures.append(eps)
        return figures
    return []


def _money(amount: re.Match[str]) -> bool:
    """A key figure in prose carries a scale word or is a large whole number."""
    if amount.group("scale"):
        return True
    return "," in amount.group("num") and len(amount.group("num").replace(",", "")) >= 6


def _prior(
    rest: str, loss: bool, reference: str | None
) -> tuple[float | None, re.Match[str] | None]:
    """The year-ago value a sentence compares with, and the EPS given with it."""
    m = _PRIOR.search(rest[:160])
    if m is None:
        return None, None
    amount = AMOUNT.match(rest, m.end())
    if amount is None or not _money(amount):
        return None, None
    after = rest[amount.end() :]
    eps = _EPS.match(after)
    tail = after[eps.end() if eps else 0 :][:90]
    if _SEQUENTIAL.search(tail):
        return None, None
    named = _ORDINAL.search(tail)
    if named and reference and named.group(1).lower() != reference:
        return None, None  # "...from $398 million in the third quarter": sequential
    value = amount_value(amount)
    if value is None:
        return None, None
    between = rest[m.start() : m.end()].lower()
    prior_loss = "loss" in between or (loss and not _GAIN.search(between))
    return (-abs(value) if prior_loss else value), eps


def _eps_figure(
    now: re.Match[str] | None,
    before: re.Match[str] | None,
    loss: bool,
    sentence: str,
    document: str,
) -> Figure | None:
    """EPS stated with net income: ", or $0.27 per diluted share"."""
    if now is None:
        return None
    kind = (now.group("kind") or "").strip().lower()
    if not kind:
        return None  # "per share" alone does not say basic or diluted
    current = _eps_value(now, loss)
    if current is None:
        return None
    prior = None
    if before is not None and (before.group("kind") or "").strip().lower() in ("", kind):
        prior = _eps_value(before, loss and "loss" in sentence[before.start() :].lower())
    return Figure(
        name=f"eps_{kind}",
        current=current,
        prior=prior,
        label=now.group(0).strip(" ,"),
        source="sentence",
        document=document,
        context=sentence,
    )


def _eps_value(m: re.Match[str], loss: bool) -> float | None:
    amount = AMOUNT.match(m.group("amount"))
    value = None if amount is None else amount_value(amount)
    if value is None:
        return None
    return -abs(value) if loss else value

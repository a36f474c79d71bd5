"""Figures stated in sentences, for releases with no financial tables.

"reported net loss of $4.0 million, or $0.06 per diluted share, compared with a net loss
of $4.1 million" gives net income -4.0e6 (prior -4.1e6) and diluted EPS -0.06.

Every sentence that states a figure is a candidate, tagged with the period it speaks of:
the quarter ("fourth quarter", "three months", "12 weeks"), another period ("full-year",
"for the year ended", "nine months", "for 1999"), or none. A release that states any
figure for the quarter is a quarterly release: its figures come from quarter sentences
(or untagged ones), never from full-year or year-to-date sentences, whichever comes first.
Within that, the first statement of a figure wins (headlines come first). Guidance and
segment sentences are skipped, and a prior value is taken only when the sentence compares
with the year-ago period, not the sequential quarter ("This compared with ..." in the next
sentence counts; "were $A and $B, respectively" gives both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.extract.lexicon import entries, matcher
from monitor.extract.lexicon.entry import compile_entries
from monitor.extract.numbers import AMOUNT, amount_value
from monitor.models import Figure

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"($])")
_SKIP = matcher("prose.skip")
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (e.means, compile_entries((e,))) for e in entries("prose.figure")
)
# Words that make "earnings" something other than net income.
_EARNINGS_QUALIFIER = matcher("prose.earnings_qualifier")
# A per-share amount right after a figure, in any form (for the "earnings" reading).
_ANY_EPS = re.compile(
    r"^,?\s*(?:or|and)\s+(?:\(?\$\s*\(?[\d.]+\)?|\d{1,3}\s+cents)\s+(?:a|per)\s+"
    r"(?:[\w-]+\s+){0,3}?share",
    re.I,
)
_GAP_OK = re.compile(
    r"^\s*(?:(?:for|in) the [\w\s-]{0,30}?(?:quarter|period|year|months?|weeks?)"
    r"(?:\s+(?:of|ended)\s+[\w,. ]{0,20}?(?:19|20)\d\d)?\s*)?(?:,\s*)?"
    r"(?:was|were|of|totaled|totalled|reached|amounted to|came in at|"
    r"(?:(?:was|were) )?(?:up|down|increased|decreased|grew|rose|fell|declined|improved)"
    r"(?: by)?(?: [\d.]+ ?(?:%|percent))?(?: (?:year[- ]over[- ]year|y/y|yoy))?"
    r"(?: to)?|(?:expects to report)[^$]{0,30}? of|:)?\s*(?:approximately|about|nearly|of)?\s*$",
    re.I,
)
_PRIOR = matcher("prose.prior")
# The next sentence carries the comparison: "This compared with reported earnings of ...".
_NEXT_PRIOR = matcher("prose.next_prior")
_RESPECTIVELY = re.compile(r"^\s*and\s+(?=\(?\$)")
_RESPECTIVELY_END = re.compile(r"^\s*,?\s*respectively\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SEQUENTIAL = matcher("prose.sequential")
_KIND = r"basic and diluted|basic & diluted|basic/diluted|fully diluted|diluted|basic"
_EPS = re.compile(
    r"^,?\s*(?:or|and)\s+(?:a (?:loss|profit) of\s+)?(?P<amount>\(?\$\s*\(?[\d.]+\)?)\s+"
    r"(?:per|a)\s+"
    rf"(?:(?P<kind>{_KIND})\s+)?(?:common\s+)?share"
    rf"(?:\s*\((?P<kind2>{_KIND})\)|,\s*(?P<kind3>{_KIND})\b)?",
    re.I,
)
# "basic and diluted net loss per share ... was $(0.10)", "diluted earnings per share of $1.23"
_EPS_SENTENCE = re.compile(
    rf"\b(?:(?P<kind>{_KIND})\s+(?:net\s+)?(?P<what>earnings|income|loss|\(loss\)|"
    r"(?:earnings|income)\s*\(loss\)|\(loss\)\s*(?:earnings|income))\s+per\s+(?:common\s+)?share"
    rf"|(?:net\s+)?(?P<what2>earnings|income|loss)\s+per\s+(?P<kind2>{_KIND})\s+(?:common\s+)?share"
    rf"|(?P<kind3>diluted|basic)\s+eps)\b(?P<gap>[^$;]{{0,60}}?)(?=\(?\$)",
    re.I,
)
_EPS_PRIOR = re.compile(r"(?:compared (?:with|to)|versus|vs\.?|from)\s+[^$;]{0,80}?(?=\(?\$)", re.I)
_ORDINAL = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter|\bQ([1-4])\b|"
    r"\b([1-4])Q(?=\s*'?\d\d\b|\b)",
    re.I,
)
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th")


def _quarter_of(m: re.Match[str] | None) -> str | None:
    """ "third quarter", "Q3", "3Q24" all name quarter "3"."""
    if m is None:
        return None
    if m.group(1):
        return str(_ORDINAL_WORDS.index(m.group(1).lower()) % 4 + 1)
    return m.group(2) or m.group(3)


_GAIN = re.compile(r"income|earnings|profit", re.I)
_QUARTER_WORDS = matcher("prose.quarter")
_OTHER_PERIOD_WORDS = matcher("prose.other_period")
_QUARTER = "quarter"
_OTHER = "other"


@dataclass(frozen=True, slots=True)
class _Stated:
    """A figure as one sentence states it, and the period that sentence speaks of."""

    figure: Figure
    period: str | None


def sentences(text: str) -> list[str]:
    """Sentences of flowing text; wrapped lines of a paragraph are joined first."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        flat = re.sub(r"\s+", " ", para).strip()
        if flat:
            out.extend(s.strip() for s in _SENTENCE_END.split(flat) if s.strip())
    return out


# A blank line ends a paragraph; so does a bullet at the start of a line (bullet lists in
# text releases run line after line, each item its own statement).
_BULLET = re.compile(r"^[•·▪●◦*-]\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]*[•·▪●◦*-][ \t])")


def _paragraph_sentences(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    for para in _PARAGRAPH_BREAK.split(text):
        flat = _BULLET.sub("", re.sub(r"\s+", " ", para).strip())
        if flat:
            paragraphs.append([s.strip() for s in _SENTENCE_END.split(flat) if s.strip()])
    return paragraphs


def prose_figures(text: str, document: str = "") -> dict[str, Figure]:
    """Figures stated in the prose of a release (see the module docstring for the order)."""
    reference = _quarter_of(_ORDINAL.search(text[:2000]))
    stated: dict[str, list[_Stated]] = {}
    for para in _paragraph_sentences(text):
        for i, sentence in enumerate(para):
            if "$" not in sentence or len(sentence) > 600 or _SKIP.search(sentence):
                continue
            following = para[i + 1] if i + 1 < len(para) else ""
            for fig, pos in _sentence_figures(sentence, following, document, reference):
                period = _period_near(sentence, pos) or _inherited_period(para, i)
                stated.setdefault(fig.name, []).append(_Stated(fig, period))
    quarterly = any(s.period == _QUARTER for found in stated.values() for s in found)
    found_figures: dict[str, Figure] = {}
    for name, candidates in stated.items():
        if quarterly:
            pick = next((s for s in candidates if s.period == _QUARTER), None) or next(
                (s for s in candidates if s.period is None), None
            )
        else:
            pick = candidates[0]
        if pick is not None:
            found_figures[name] = pick.figure
    return found_figures


def _inherited_period(para: list[str], index: int) -> str | None:
    """The period the nearest earlier sentence of the paragraph speaks of."""
    for sentence in reversed(para[:index]):
        period = _sentence_period(sentence)
        if period is not None:
            return period
    return None


def _sentence_period(sentence: str) -> str | None:
    quarter = _QUARTER_WORDS.search(sentence) is not None
    other = _OTHER_PERIOD_WORDS.search(sentence) is not None
    if quarter == other:
        return None
    return _QUARTER if quarter else _OTHER


def _period_near(sentence: str, pos: int) -> str | None:
    """The period named nearest to position `pos` of a sentence ("full-year 2006 earnings
    of ..." is the year even when the sentence goes on about the quarter)."""
    best: tuple[int, str] | None = None
    for pattern, kind in ((_OTHER_PERIOD_WORDS, _OTHER), (_QUARTER_WORDS, _QUARTER)):
        for m in pattern.finditer(sentence):
            distance = pos - m.end() if m.end() <= pos else m.start() - pos
            distance = max(distance, 0)
            if best is None or distance < best[0]:
                best = (distance, kind)
    return None if best is None else best[1]


def _sentence_figures(
    sentence: str, following: str, document: str, reference: str | None
) -> list[tuple[Figure, int]]:
    """Figures one sentence states, each with the position of its label."""
    out: list[tuple[Figure, int]] = []
    names: set[str] = set()
    for name, pattern in _PATTERNS:
        if name in names:
            continue
        found = _figures(name, pattern, sentence, following, document, reference)
        if found:
            names.add(name)
            out.extend(found)
    if not any(f.name.startswith("eps_") for f, _pos in out):
        out.extend(_eps_sentence(sentence, document, reference))
    return out


def _figures(
    name: str,
    pattern: re.Pattern[str],
    sentence: str,
    following: str,
    document: str,
    reference: str | None,
) -> list[tuple[Figure, int]]:
    """The figure a sentence states (and the EPS it gives alongside net income)."""
    for m in pattern.finditer(sentence):
        gap = m.group("gap") or ""
        if not _GAP_OK.match(gap):
            continue
        groups = m.groupdict()
        word = (groups.get("word") or groups.get("word2") or "").lower()
        amount = AMOUNT.match(sentence, m.end())
        if amount is None or not _money(amount):
            continue
        rest = sentence[amount.end() :]
        if word == "earnings" and not _plain_earnings(groups.get("pre"), rest):
            continue
        current = amount_value(amount)
        if current is None:
            continue
        loss = word == "loss"
        eps_now = _EPS.match(rest)
        after_eps = rest[eps_now.end() :] if eps_now else rest
        prior, eps_prior = _respectively(gap, after_eps, loss)
        if prior is None:
            prior, eps_prior = _prior(name, after_eps, loss, reference)
        if prior is None and not _PRIOR.search(after_eps[:160]) and _NEXT_PRIOR.match(following):
            prior, eps_prior = _prior(name, following, loss, reference)
        if prior is None:
            eps_prior = None
        figures = [
            (
                Figure(
                    name=name,
                    current=-abs(current) if loss else current,
                    prior=prior,
                    label=m.group(0).strip(),
                    source="sentence",
                    document=document,
                    context=sentence,
                ),
                m.start(),
            )
        ]
        if name == "net_income":
            figures.extend(
                (eps, m.start())
                for eps in _eps_figures(eps_now, eps_prior, loss, sentence, document)
            )
        return figures
    return []


def _plain_earnings(pre: str | None, rest: str) -> bool:
    """ "earnings of $X" is net income only when no qualifier precedes it and a per-share
    amount follows it."""
    if pre and _EARNINGS_QUALIFIER.match(pre):
        return False
    return _ANY_EPS.match(rest) is not None


def _money(amount: re.Match[str]) -> bool:
    """A key figure in prose carries a scale word or is a large whole number."""
    if amount.group("scale"):
        return True
    return "," in amount.group("num") and len(amount.group("num").replace(",", "")) >= 6


def _respectively(gap: str, rest: str, loss: bool) -> tuple[float | None, re.Match[str] | None]:
    """ "Revenues for the fourth quarter of 1999 and 1998 were $A and $B respectively":
    the second amount is the prior value (the first when the years run the other way)."""
    joint = _RESPECTIVELY.match(rest)
    if joint is None:
        return None, None
    amount = AMOUNT.match(rest, joint.end())
    if amount is None or not _money(amount) or not _RESPECTIVELY_END.match(rest[amount.end() :]):
        return None, None
    years = [int(y) for y in _YEAR.findall(gap)]
    if len(years) != 2 or years[0] <= years[1]:
        return None, None  # which amount is the current period is not said
    value = amount_value(amount)
    if value is None:
        return None, None
    return (-abs(value) if loss else value), None


def _prior(
    name: str, rest: str, loss: bool, reference: str | None
) -> tuple[float | None, re.Match[str] | None]:
    """The year-ago value a sentence compares with, and the EPS given with it."""
    m = _PRIOR.search(rest[:160])
    if m is None or not _same_figure(name, (m.group("noun") or "").lower()):
        return None, None
    amount = AMOUNT.match(rest, m.end())
    if amount is None or not _money(amount):
        return None, None
    after = rest[amount.end() :]
    eps = _EPS.match(after)
    tail = after[eps.end() if eps else 0 :][:90]
    if _SEQUENTIAL.search(tail):
        return None, None
    named = _quarter_of(_ORDINAL.search(tail))
    if named and reference and named != reference:
        return None, None  # "...from $398 million in the third quarter": sequential
    value = amount_value(amount)
    if value is None:
        return None, None
    between = rest[m.start() : m.end()].lower()
    prior_loss = "loss" in between or (loss and not _GAIN.search(between))
    return (-abs(value) if prior_loss else value), eps


def _same_figure(name: str, noun: str) -> bool:
    """The prior's own noun ("compared to operating loss of ...") names the same figure."""
    if not noun:
        return True
    money = re.search(r"revenue|sales", noun) is not None
    result = re.search(r"income|earnings|loss|profit", noun) is not None
    if name == "revenue":
        return money and not result
    if money:
        return False
    if name == "operating_income":
        return "operating" in noun or "net " not in noun
    if name == "gross_profit":
        return "operating" not in noun and "net " not in noun
    return "operating" not in noun and "gross" not in noun


def _kinds(*groups: str | None) -> list[str]:
    text = " ".join(g for g in groups if g).lower()
    kinds = []
    if "basic" in text:
        kinds.append("basic")
    if "dilut" in text:
        kinds.append("diluted")
    return kinds


def _eps_figures(
    now: re.Match[str] | None,
    before: re.Match[str] | None,
    loss: bool,
    sentence: str,
    document: str,
) -> list[Figure]:
    """EPS stated with net income: ", or $0.27 per diluted share"."""
    if now is None:
        return []
    kinds = _kinds(now.group("kind"), now.group("kind2"), now.group("kind3"))
    if not kinds:
        return []  # "per share" alone does not say basic or diluted
    current = _eps_value(now, loss)
    if current is None:
        return []
    prior = None
    if before is not None:
        prior_kinds = _kinds(before.group("kind"), before.group("kind2"), before.group("kind3"))
        if not prior_kinds or set(kinds) <= set(prior_kinds):
            prior = _eps_value(before, loss and "loss" in sentence[before.start() :].lower())
    return [
        Figure(
            name=f"eps_{kind}",
            current=current,
            prior=prior,
            label=now.group(0).strip(" ,"),
            source="sentence",
            document=document,
            context=sentence,
        )
        for kind in kinds
    ]


def _eps_value(m: re.Match[str], loss: bool) -> float | None:
    amount = AMOUNT.match(m.group("amount"))
    value = None if amount is None else amount_value(amount)
    if value is None:
        return None
    return -abs(value) if loss else value


def _eps_sentence(sentence: str, document: str, reference: str | None) -> list[tuple[Figure, int]]:
    """EPS stated on its own: "basic and diluted net loss per share for the quarter was
    $(0.10), compared to ... $(0.07)"."""
    for m in _EPS_SENTENCE.finditer(sentence):
        if not _GAP_OK.match(m.group("gap") or ""):
            continue
        amount = AMOUNT.match(sentence, m.end())
        current = None if amount is None else _per_share(amount)
        if amount is None or current is None:
            continue
        kinds = _kinds(m.group("kind"), m.group("kind2"), m.group("kind3"))
        if not kinds:
            continue
        what = (m.group("what") or m.group("what2") or "").lower()
        loss = what == "loss"
        rest = sentence[amount.end() :]
        prior = None
        p = _EPS_PRIOR.search(rest[:160])
        if p is not None:
            before = AMOUNT.match(rest, p.end())
            value = None if before is None else _per_share(before)
            tail = "" if before is None else rest[before.end() :][:90]
            named = _quarter_of(_ORDINAL.search(tail))
            sequential = _SEQUENTIAL.search(tail) or (named and reference and named != reference)
            if value is not None and not sequential:
                prior = -abs(value) if loss else value
        return [
            (
                Figure(
                    name=f"eps_{kind}",
                    current=-abs(current) if loss else current,
                    prior=prior,
                    label=m.group(0).strip(),
                    source="sentence",
                    document=document,
                    context=sentence,
                ),
                m.start(),
            )
            for kind in kinds
        ]
    return []


def _per_share(amount: re.Match[str]) -> float | None:
    """A per-share amount: no scale word, under $1,000, written with cents."""
    if amount.group("scale") or "." not in amount.group("num"):
        return None
    value = amount_value(amount)
    return value if value is not None and abs(value) < 1000 else None

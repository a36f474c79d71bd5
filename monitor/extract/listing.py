"""Sentence judges for exchange listing events: deficiency/delisting and regained compliance.

A delisting notice is an event that happened to the registrant: a letter, notice or
notification received from an exchange (Nasdaq, NYSE, NYSE American ...) about a continued
listing deficiency, a Staff determination to delist, a hearing requested or held before a
Hearings Panel, a suspension of trading, a Form 25, or a move to the OTC markets. Listing-rule
vocabulary alone (charters, cover pages, stockholder-approval rules, risk factors that say
"could be delisted") is not one. Regained compliance is the exchange's confirmation that a
deficiency is over, in completed wording ("has regained compliance", "has evidenced
compliance", "the matter is now closed"), never "has 180 days to regain compliance".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from monitor.extract.context import because
from monitor.extract.cues import (
    event_date,
    generic_cue,
    has_conditional,
    has_epistemic,
    has_negation,
    hedge,
    is_safe_harbor,
    previously_reported,
)
from monitor.extract.lexicon import entries, matcher, pattern, words
from monitor.extract.lexicon.entry import compile_entries
from monitor.models import SignalContext

__all__ = ["ListingFinding", "categories", "has_exchange", "is_distress", "judge_listing"]


class ListingFinding(NamedTuple):
    """A listing event in one sentence, with its context (actor: who acted)."""

    kind: str  # "deficiency" or "regained"
    categories: frozenset[str]
    when: int | None
    recount: bool
    context: SignalContext = SignalContext(actor="exchange")


EXCHANGE = matcher("listing.exchange")
_EXCHANGE_WORDS = words("listing.exchange_words")


def has_exchange(text: str) -> bool:
    """The text names a stock exchange or its listing machinery."""
    low = text.lower()
    return any(w in low for w in _EXCHANGE_WORDS) and EXCHANGE.search(text) is not None


# Something was received from, or sent by, the exchange.
_RECEIPT = matcher("listing.receipt")
# What the notice was about: a failure to meet a continued listing requirement.
_DEFICIENCY = matcher("listing.deficiency")
_DETERMINATION = matcher("listing.determination")
_DELISTED = matcher("listing.delisted")
_SUSPENSION = matcher("listing.suspension")
_FORM25 = matcher("listing.form25")
_FORM25_ACT = matcher("listing.form25_act")
_OTC = matcher("listing.otc")
# An announced move ("will begin trading on the OTC Pink") is a fact; "may" is not.
_OTC_HEDGE = pattern("hedged_otc")
_REGAINED = matcher("listing.regained")
_CONFIRMED_COMPLIANT = matcher("listing.confirmed")

# The company's own belief is not the exchange's confirmation.
_BELIEF = pattern("belief")
_TRANSFER = pattern("company_transfer")

# Every anchor below contains one of these (cheap substring test before any regex).
_ANCHOR_WORDS = words("listing.anchor_words")

_CATEGORY_PATTERNS: dict[str, re.Pattern[str]] = {
    e.means: compile_entries((e,)) for e in entries("listing.category")
}


def categories(sentence: str) -> frozenset[str]:
    """Which continued-listing requirements a sentence is about."""
    return frozenset(n for n, p in _CATEGORY_PATTERNS.items() if p.search(sentence))


def judge_listing(sentence: str, before: str) -> list[ListingFinding]:
    """The deficiency and regained-compliance events stated by `sentence`, each with its
    context (a hedged or negated one too, to say why it did not count); `before` is the text
    just before it, where the exchange may have been named ("... from Nasdaq. The Staff ...")
    or the company's own plan to delist ("the plan of dissolution"). A regain that holds
    leaves no deficiency: the sentence recounts what it cured."""
    low = sentence.lower()
    if not any(word in low for word in _ANCHOR_WORDS):
        return []
    if not (has_exchange(sentence) or has_exchange(before)):
        return []
    moved = ("transfer" in low and _TRANSFER.search(sentence) is not None) or (
        "transfer" in before.lower() and _TRANSFER.search(before) is not None
    )
    found: list[tuple[str, SignalContext]] = []
    regained = _regained(sentence)
    if regained is not None:
        found.append(("regained", regained))
    if regained is None or not regained.holds:
        deficiency = _deficiency(sentence, moved, before)
        if deficiency is not None:
            found.append(("deficiency", deficiency))
    if not found:
        return []
    harbor = is_safe_harbor(sentence)
    cats, when, recount = categories(sentence), event_date(sentence), previously_reported(sentence)
    return [
        ListingFinding(kind, cats, when, recount,
                       because("safe_harbor", context) if harbor else context)
        for kind, context in found
    ]


_BY_EXCHANGE = SignalContext(actor="exchange")
_REGAINED_WORDS = words("listing.regained_words")
_OTC_WORDS = words("listing.otc_words")


def is_distress(context: SignalContext) -> bool:
    """A listing event that counts: it holds and the exchange, not the company, acted."""
    return context.holds and context.actor != "company"

_ANY_MODAL = pattern("modal")
_HABITUAL = pattern("habitual")
_NEGATED_ANYWHERE = pattern("negation_anywhere")


def _regained(sentence: str) -> SignalContext | None:
    """The exchange's confirmation of regained compliance, or a hedged one, or None."""
    low = sentence.lower()
    if not _has(low, _REGAINED_WORDS):
        return None
    rejected: SignalContext | None = None
    for regex in (_REGAINED, _CONFIRMED_COMPLIANT):
        for m in regex.finditer(sentence):
            prefix = sentence[: m.start()]
            scope = prefix[prefix.rfind(";") + 1 :]
            # the whole lead-in counts: "Nasdaq will provide written notification that the
            # Company has regained compliance once ..." is a promise, not a confirmation
            reason = (
                "conditional" if has_conditional(scope)
                else "modal" if _ANY_MODAL.search(scope)
                else "epistemic" if has_epistemic(scope)
                else generic_cue(scope)
                or ("belief" if _BELIEF.search(scope) else None)
                # "We have not yet been advised by Nasdaq that we have regained compliance":
                # a negation anywhere before the phrase, not only in its own clause
                or ("negation_anywhere" if _NEGATED_ANYWHERE.search(scope) else None)
            )
            if reason is None:
                return _BY_EXCHANGE
            rejected = rejected or because(reason, _BY_EXCHANGE, sentence)
    return rejected


_COMPANY_IN_SENTENCE = pattern("company_request", "company_exit", "company_dissolution")
_EXCHANGE_ACTED = pattern("exchange_notice")
_COMPANY_FORM25 = pattern("company_form25")
_COMPANY_BEFORE = pattern("company_dissolution", "company_form25", "company_request")


def _actor(sentence: str, before: str) -> SignalContext:
    """Who delisted, suspended or filed the Form 25: the company by its own transaction or
    decision (a merger, a dissolution, 'the Company intends to file a Form 25'), else the
    exchange. The company's words in the sentence win, then the exchange named as acting,
    then the company's plan in the text just before."""
    m = _COMPANY_IN_SENTENCE.search(sentence) or (
        None if _EXCHANGE_ACTED.search(sentence) else _COMPANY_FORM25.search(sentence)
    )
    if m is None and not _EXCHANGE_ACTED.search(sentence):
        m = _COMPANY_BEFORE.search(before[-400:])
    if m is not None:
        return because(str(m.lastgroup), SignalContext(actor="company"))
    return _BY_EXCHANGE


def _deficiency(sentence: str, moved: bool, before: str) -> SignalContext | None:
    """A deficiency notice, determination, delisting, suspension, Form 25 or move to OTC in
    `sentence`, with its context; None when it names none. `moved`: the listing is being
    transferred to another exchange, so a Form 25, a suspension or a move is not distress."""
    low = sentence.lower()
    rejected: SignalContext | None = None

    def reject(reason: str, base: SignalContext = _BY_EXCHANGE) -> None:
        nonlocal rejected
        rejected = rejected or because(reason, base, sentence)

    if _has(low, _RECEIPT_WORDS) and _DEFICIENCY.search(sentence):
        for m in _RECEIPT.finditer(sentence):
            if not has_exchange(sentence) and not _NOTICE_WORD.search(sentence):
                break
            reason = hedge(sentence, m.start()) or (
                "habitual" if _HABITUAL.search(sentence[m.end() : m.end() + 100]) else None)
            if reason is None:
                return _BY_EXCHANGE
            reject(reason)
    if _has(low, _DETERMINATION_WORDS):
        for m in _DETERMINATION.finditer(sentence):
            reason = hedge(sentence, m.start())
            if reason is None:
                return _BY_EXCHANGE
            reject(reason)
    weak = _weak_event(sentence, low)
    if weak is None:
        return rejected
    if isinstance(weak, str):
        reject(weak)
        return rejected
    if moved:
        return because("company_transfer", SignalContext(actor="company"))
    return _actor(sentence, before)


def _weak_event(sentence: str, low: str) -> bool | str | None:
    """A delisting, suspension, Form 25 filing or move to OTC stated without a notice: True
    when stated as fact, the hedging cue's name when hedged, None when there is none."""
    hedged_by: str | None = None
    if "delisted" in low:
        for m in _DELISTED.finditer(sentence):
            reason = hedge(sentence, m.start())
            if reason is None:
                return True
            hedged_by = hedged_by or reason
    if "suspen" in low and "halt" not in low:
        for m in _SUSPENSION.finditer(sentence):
            reason = hedge(sentence, m.start(), allow_will=True)
            if reason is None:
                return True
            hedged_by = hedged_by or reason
    form25 = _FORM25.search(sentence) if "form" in low else None
    if form25 is not None:
        act = _FORM25_ACT.search(sentence)
        if act is not None:
            reason = hedge(sentence, min(form25.start(), act.start()), allow_will=True)
            if reason is None:
                return True
            hedged_by = hedged_by or reason
    if _has(low, _OTC_WORDS):
        for m in _OTC.finditer(sentence):
            prefix = sentence[: m.start()]
            scope = prefix[prefix.rfind(";") + 1 :]
            reason = ("conditional" if has_conditional(scope) else "negation"
                      if has_negation(scope) else "hedged_otc" if _OTC_HEDGE.search(scope)
                      else None)
            if reason is None:
                return True
            hedged_by = hedged_by or reason
    return hedged_by


def _has(low: str, words: tuple[str, ...]) -> bool:
    return any(w in low for w in words)


# Substrings every match of _RECEIPT / _DETERMINATION contains (cheap guards).
_RECEIPT_WORDS = words("listing.receipt_words")
_DETERMINATION_WORDS = words("listing.determination_words")
# Without the exchange in the sentence, the notice must still be a listing one ("a letter from
# the Staff", "a deficiency notice"): a late-filing "notification" under Rule 12b-25 is not.
_NOTICE_WORD = matcher("listing.notice_word")

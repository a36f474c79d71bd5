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
from monitor.extract.lexicon import pattern
from monitor.models import SignalContext

__all__ = ["ListingFinding", "categories", "has_exchange", "is_distress", "judge_listing"]


class ListingFinding(NamedTuple):
    """A listing event in one sentence, with its context (actor: who acted)."""

    kind: str  # "deficiency" or "regained"
    categories: frozenset[str]
    when: int | None
    recount: bool
    context: SignalContext = SignalContext(actor="exchange")


EXCHANGE = re.compile(
    r"\bnasdaq\b|\bnyse\b|new\s+york\s+stock\s+exchange|american\s+stock\s+exchange|\bamex\b"
    r"|\bcboe\b|\bthe\s+exchange\b(?!\s+act)|listing\s+qualifications|hearings?\s+panel"
    r"|listed\s+company\s+manual|company\s+guide|listing\s+rules?|continued\s+listing"
    r"|toronto\s+stock\s+exchange|\btsx\b|marketplace\s+rules?|listing\s+standards?"
    r"|listing\s+requirements?|bid\s+price\s+(?:rule|requirement)",
    re.IGNORECASE,
)
_EXCHANGE_WORDS = (
    "nasdaq", "nyse", "exchange", "amex", "cboe", "listing", "hearing", "company manual",
    "company guide", "tsx", "marketplace rule", "bid price",
)


def has_exchange(text: str) -> bool:
    """The text names a stock exchange or its listing machinery."""
    low = text.lower()
    return any(w in low for w in _EXCHANGE_WORDS) and EXCHANGE.search(text) is not None


# Something was received from, or sent by, the exchange.
_RECEIPT = re.compile(
    r"\b(?:received|receives|receiving|has\s+received|had\s+received)\b"
    r"|\b(?:was|were|been|being|is|are)\s+(?:formally\s+|officially\s+|also\s+)?"
    r"(?:notified|informed|advised)\b"
    r"|\b(?:announc\w*|report\w*|disclos\w*|confirm\w*|following|after)\s+(?:the\s+)?"
    r"receipt\s+of\b"
    r"|\b(?:nasdaq|nyse|exchange|staff|department|panel|regulation)\W+(?:\w+\W+){0,8}?"
    r"(?:notified|informed|advised|sent|delivered|issued|notifying|informing)\b",
    re.IGNORECASE,
)
# What the notice was about: a failure to meet a continued listing requirement.
_DEFICIENCY = re.compile(
    r"\bnot\s+(?:been\s+|be\s+|currently\s+)?in\s+compliance\b|\bnon-?\s?compliance\b"
    r"|\bno\s+longer\s+(?:in\s+compliance|compl(?:y|ies|ied)|meets?|satisf|eligible)"
    r"|\b(?:did|does|do|has|had|have)\s+not\s+(?:\w+\s+){0,2}(?:comply|complied|meet|met"
    r"|satisfy|satisfied|maintain(?:ed)?|file[ds]?|held|hold|timely)\b"
    r"|\bfail(?:ed|s|ure)?\s+to\s+(?:\w+\s+){0,2}(?:comply|meet|satisfy|file|hold|maintain"
    r"|timely|solicit)"
    r"|\b(?:below|less\s+than|under)\s+(?:the\s+)?(?:\w+['’]s\s+)?(?:\$|minimum|required"
    r"|applicable|continued|listing|standard|criteri|threshold)"
    r"|\b(?:is|are|was|were|fell|fallen|falls|remain(?:s|ed)?|been|closed|traded)\s+below\b"
    r"|\bdeficien|\bdelist|\bsuspen|\bnot\s+timely\b|\blate\s+fil|\bdelinquen"
    r"|\bdetermination\b|\bhearing\b|\bpublic\s+reprimand|\bextension\b"
    r"|\bsubject\s+to\s+the\s+procedures\b"
    # continued-listing rules (not 5635, the stockholder-approval rule)
    r"|\b(?:5250\(c\)|5550\(|5450\(|5620\(|5605\(|5810\(|802\.01|1003\(|1007\b|1009\b)",
    re.IGNORECASE,
)
_DETERMINATION = re.compile(
    r"\b(?:determined|decided|determination|decision|moved)\s+to\s+(?:delist|suspend|remove"
    r"|commence\s+(?:delisting|proceedings)|begin\s+delisting|initiate\s+delisting)"
    r"|\bdelisting\s+determination|\bstaff\s+determination"
    # "requested a hearing" happened; "has seven days to request a hearing" has not
    r"|\b(?:requested|(?<!to\s)request|requesting|(?<!to\s)appeal(?:ed)?)\s+(?:a\s+|an\s+"
    r"|the\s+)?(?:oral\s+"
    r"|written\s+)?(?:hearing|appeal|review\s+of\s+the\s+(?:staff\s+)?determination)"
    r"|\bhearing\s+(?:was\s+|is\s+|has\s+been\s+)?(?:held|scheduled)"
    r"|\bhearing\s+(?:that|which)\s+(?:the\s+company|we|it)\s+(?:has\s+|had\s+)?requested"
    r"|\bpending\s+(?:the\s+outcome\s+of\s+)?(?:a|the)\s+hearing\b"
    r"|\b(?:panel|hearings\s+panel|council)\W+(?:\w+\W+){0,4}?(?:granted|determined|decided"
    r"|issued|denied)\b"
    r"|\bgranted\s+(?:the\s+company|us|it|the\s+registrant)\W+(?:\w+\W+){0,3}?"
    r"(?:extension|exception)"
    r"|\bcommenced?\s+(?:delisting\s+)?proceedings\s+to\s+delist"
    # the exchange accepted a plan to regain compliance: there is a deficiency to cure
    r"|\b(?:accepted|approved)\s+(?:the\s+company['’]s\s+|its\s+|our\s+|the\s+|a\s+)?"
    r"(?:business\s+|compliance\s+|remediation\s+)?plan\s+(?:of\s+compliance|to\s+regain"
    r"|for\s+regaining)",
    re.IGNORECASE,
)
_DELISTED = re.compile(r"\b(?:has|have)\s+been\s+delisted\b|\b(?:was|were)\s+delisted\b", re.I)
_SUSPENSION = re.compile(
    r"\b(?:trading|securities|stock|shares|ads|adss|units|warrants)\b[^.;]{0,80}?\b(?:was"
    r"|were|has\s+been|have\s+been|will\s+be|had\s+been|is|are)\s+(?:immediately\s+)?suspended"
    r"|\bsuspended\s+trading\b|\bsuspension\s+of\s+(?:trading|the\s+company['’]s|our|its)",
    re.IGNORECASE,
)
_FORM25 = re.compile(r"\bform\s+25(?:-nse)?\b", re.IGNORECASE)
_FORM25_ACT = re.compile(r"\bfil(?:e|ed|es|ing)\b", re.IGNORECASE)
_OTC = re.compile(
    r"\b(?:begin|began|begins|commence[sd]?|start(?:ed|s)?|will|expected\s+to\s+(?:begin"
    r"|commence))\s+(?:to\s+)?(?:be\s+)?(?:trad(?:e|ed|ing)|quoted|quotation)\s+(?:\w+\s+){0,4}?"
    r"on\s+(?:the\s+)?(?:otc|over-the-counter|pink)"
    r"|\b(?:moved|move|moving|transition(?:ed)?|transferred)\s+(?:\w+\s+){0,4}?to\s+(?:the\s+)?"
    r"(?:otc|over-the-counter|pink)"
    # "is now quoted on the OTC Pink" (a plain "is quoted on the OTCQB" is an OTC company's
    # normal state, not a move)
    r"|\b(?:is|are)\s+now\s+(?:quoted|traded|trading)\s+on\s+(?:the\s+)?(?:otc|over-the-counter"
    r"|pink)",
    re.IGNORECASE,
)
# An announced move ("will begin trading on the OTC Pink") is a fact; "may" is not.
_OTC_HEDGE = pattern("hedged_otc")
_REGAINED = re.compile(
    r"\b(?-i:Regains)\s+(?:Full\s+)?Compliance\b"  # headlines: "Acme Regains Compliance with ..."
    r"|\bregained\s+(?:full\s+)?compliance\b|\bregained\s+(?:its\s+)?listing\s+compliance\b"
    r"|\b(?:has|have|had)\s+(?:evidenced|demonstrated|achieved)\s+compliance\b"
    r"|\b(?:resolved|cured|remedied)\s+(?:the|its|all|such|this|these)\s+(?:\w+\s+){0,3}?"
    r"deficienc"
    r"|\b(?:matter|deficiency|deficiencies|proceeding)s?\s+(?:is|are|has\s+been|have\s+been|was"
    r"|were)\s+(?:now\s+)?closed\b"
    r"|\bdetermined\s+to\s+continue\s+the\s+listing\b",
    re.IGNORECASE,
)
_CONFIRMED_COMPLIANT = re.compile(
    r"\b(?:notif(?:ied|ying)|inform(?:ed|ing)|advis(?:ed|ing)|confirm(?:ed|ing|s)"
    r"|stat(?:ed|ing|es)|indicat(?:ed|ing|es)|determined)\b[^.;]{0,160}?"
    r"(?:\b(?:is|was|are|were)\s+(?:now\s+|again\s+|back\s+|once\s+again\s+)?"
    r"in\s+(?:full\s+)?compliance\b|(?<!longer\s)(?<!not\s)\bcomplies\s+with\b)"
    r"(?!\s+(?:with\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?other)",
    re.IGNORECASE,
)

_ANY_MODAL = re.compile(
    r"\b(?:may|MAY)\b|(?i:\b(?:could|might|would|will|shall|can|cannot|must)\b)"
)
# The company's own belief is not the exchange's confirmation.
_BELIEF = pattern("belief")
_TRANSFER = pattern("company_transfer")

# Every anchor below contains one of these (cheap substring test before any regex).
_ANCHOR_WORDS = (
    "receiv", "receipt", "notif", "inform", "advis", "sent", "deliver", "issued", "determin",
    "decid", "decision", "request", "appeal", "hearing", "grant", "delisted", "suspen", "form 25",
    "otc", "over-the-counter", "pink", "regained", "regains", "compliance", "complies",
    "deficienc", "closed", "continue the listing", "moved", "move ", "moving", "transition",
    "transferred", "commence", "accepted", "approved",
)

_CATEGORY_PATTERNS: dict[str, re.Pattern[str]] = {
    "bid_price": re.compile(
        r"bid\s+price|5550\(a\)\(2\)|5450\(a\)\(1\)|802\.01c|\$1\.00|closing\s+price"
        r"|share\s+price|price\s+per\s+share|low\s+selling\s+price|1003\(f\)\(v\)",
        re.IGNORECASE,
    ),
    "equity": re.compile(
        r"(?:stockholders|shareholders)['’]?\s+equity|5550\(b\)\(1\)|5450\(b\)\(1\)\(a\)"
        r"|1003\(a\)",
        re.IGNORECASE,
    ),
    "market_value": re.compile(
        r"market\s+value|\bmvl?s\b|\bmvphs\b|5550\(b\)\(2\)|5450\(b\)\(2\)|5550\(a\)\(5\)"
        r"|market\s+capitali[sz]ation|802\.01b",
        re.IGNORECASE,
    ),
    "filing": re.compile(
        r"periodic|form\s+10-?[kq]|annual\s+report|quarterly\s+report|5250\(c\)|timely\s+fil"
        r"|late\s+fil|delinquen|802\.01e|\b1007\b",
        re.IGNORECASE,
    ),
    "meeting": re.compile(r"annual\s+meeting|5620", re.IGNORECASE),
    "governance": re.compile(
        r"audit\s+committee|independent\s+directors?|5605|board\s+of\s+directors", re.IGNORECASE
    ),
    "holders": re.compile(
        r"round\s+lot|publicly\s+held|\bholders|5550\(a\)\([34]\)|5450\(a\)\(2\)",
        re.IGNORECASE,
    ),
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


def is_distress(context: SignalContext) -> bool:
    """A listing event that counts: it holds and the exchange, not the company, acted."""
    return context.holds and context.actor != "company"

_ANY_MODAL = pattern("modal")
_HABITUAL = pattern("habitual")
_NEGATED_ANYWHERE = pattern("negation_anywhere")


def _regained(sentence: str) -> SignalContext | None:
    """The exchange's confirmation of regained compliance, or a hedged one, or None."""
    low = sentence.lower()
    if not _has(low, ("regain", "complian", "complies", "deficien", "closed", "continue the")):
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
    if _has(low, ("otc", "over-the-counter", "pink")):
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
_RECEIPT_WORDS = ("receiv", "receipt", "notif", "inform", "advis", "sent", "deliver", "issued")
_DETERMINATION_WORDS = (
    "determin", "decid", "decision", "moved", "request", "appeal", "hearing", "panel", "pending",
    "council", "granted", "proceedings", "accepted", "approved",
)
# Without the exchange in the sentence, the notice must still be a listing one ("a letter from
# the Staff", "a deficiency notice"): a late-filing "notification" under Rule 12b-25 is not.
_NOTICE_WORD = re.compile(r"\b(?:staff|panel|deficien\w*|delist\w*|listing)\b", re.IGNORECASE)

"""Sentence judges for going concern, bankruptcy, non-reliance and auditor change.

Each judge takes one cleaned sentence and returns a `Candidate` (context.py): an "event" of
the signal, a "resolution" of one (the doubt was alleviated, the company emerged from
Chapter 11) or "weak" evidence that needs support from the filing's items, each with its
context attributes (subject, polarity, time, modality), or None when the sentence holds no
trigger. The event proves the signal only when its context holds. Judges are pure and cheap;
`signals.py` only calls them on sentences that contain the judge's keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.extract.context import FACT, Candidate, because
from monitor.extract.cues import (
    RegistrantNames,
    generic_cue,
    has_conditional,
    has_epistemic,
    has_modal,
    has_negation,
    hedge,
    hedged,
    is_definition,
    is_safe_harbor,
    nearest_clause,
)
from monitor.extract.lexicon import alternation_of, matcher, pattern
from monitor.models import SignalContext

__all__ = [
    "Context",
    "judge_auditor_change",
    "judge_bankruptcy",
    "judge_going_concern",
    "judge_non_reliance",
]


@dataclass(slots=True)
class Context:
    """What a judge may know beyond its sentence: the filing's items and the registrant."""

    items: frozenset[str]
    names: RegistrantNames


# -- going concern ----------------------------------------------------------------------------

_GC_DOUBT = matcher("going_concern.doubt")
# Doubt about something else: "substantial doubt about the asset valuation".
_GC_TARGET = matcher("going_concern.target")
_GC_RESOLVED = pattern("alleviated", "no_longer", "removed")
_GC_NOT_RESOLVED = pattern("not_resolved")
_DOUBT_ONLY = matcher("going_concern.doubt_only")
# "This qualification has been removed" resolves the doubt of the sentence before: the
# qualification of an audit report, not of a REIT or a director.
_GC_OBJECT = matcher("going_concern.object")
_AUDIT_WORDS = matcher("going_concern.audit")
_GC_BOILERPLATE = pattern("contract_without")
_GC_EXCEPT = pattern("contract_except")
_CONTRACT = pattern("contract_words")
_GC_STANDARD = pattern("accounting_standard")
# Whose ability: generic or third-party owners do not make it the registrant's doubt.
_OTHER_OWNER = pattern("other_owner")
_AUDITOR_VOICE = pattern("auditor_voice")
_PRIOR_PERIOD = pattern("prior_period_report")
_LATER_CLEAN = pattern("later_report_clean")
_CLAUSE_SPLIT = re.compile(
    r";|,\s*(?:as|but|while|whereas|unlike|compared)\b|\b(?:but|whereas|unlike|than)\b"
    r"|\bcompared\s+(?:to|with)\b",
    re.IGNORECASE,
)
_RESOLVING_VERB = matcher("going_concern.resolving_verb")


def judge_going_concern(sentence: str, ctx: Context) -> Candidate | None:
    """An event when the sentence states doubt about the registrant's going concern (its own
    or its auditor's words), a resolution when it says the doubt is over."""
    target = _GC_TARGET.search(sentence) is not None
    resolved = _GC_RESOLVED.search(sentence)
    anaphoric = not target and _DOUBT_ONLY.search(sentence) is None
    if anaphoric and not (
        resolved is not None and _GC_OBJECT.search(sentence) and _AUDIT_WORDS.search(sentence)
    ):
        return None
    if resolved is None and _GC_DOUBT.search(sentence) is None:
        return None
    if is_safe_harbor(sentence):
        return Candidate("event", because("safe_harbor"))
    if _GC_BOILERPLATE.search(sentence):
        return Candidate("event", because("contract_without"))
    if _GC_EXCEPT.search(sentence) and _CONTRACT.search(sentence):
        return Candidate("event", because("contract_except"))
    if is_definition(sentence):
        return Candidate("event", because("definition"))
    if _OTHER_OWNER.search(sentence):
        return Candidate("event", because("other_owner"))
    unresolved = _GC_NOT_RESOLVED.search(sentence)
    if unresolved is not None:
        # "management's plans do not alleviate the substantial doubt": the doubt stands
        scope = sentence[: unresolved.start()]
        if has_conditional(scope):
            return Candidate("event", because("conditional", sentence=sentence))
        if _GC_STANDARD.search(sentence):
            return Candidate("event", because("accounting_standard"))
        return Candidate("event", because("not_resolved", _gc_subject(sentence)))
    if resolved is not None:
        # the clause of the resolving word: "doubt ..., which may be eliminated if ..." is not
        # resolved, whichever end of the match the verb sits at
        verbs = list(_RESOLVING_VERB.finditer(resolved.group(0)))
        at = resolved.start() + (verbs[-1].start() if resolved.lastgroup == "removed" else 0)
        scope = sentence[:at]
        for name, found in (("conditional", has_conditional(scope)),
                            ("modal", has_modal(scope)),
                            ("future_intent", has_epistemic_future(scope))):
            if found:
                return Candidate("resolution", because(name, _RESOLVED, sentence))
        return Candidate("resolution", because(str(resolved.lastgroup), _gc_subject(sentence)))
    if not target:
        return None
    rejected: SignalContext | None = None
    for m in _GC_DOUBT.finditer(sentence):
        if not _near_target(sentence, m):
            continue
        reason = _gc_hedge(sentence, m, ctx)
        if reason is not None:
            rejected = rejected or because(reason, sentence=sentence)
            continue
        return Candidate("event", _gc_subject(sentence))
    return None if rejected is None else Candidate("event", rejected)


_RESOLVED = SignalContext(polarity="resolved")


def _gc_hedge(sentence: str, m: re.Match[str], ctx: Context) -> str | None:
    """The cue that keeps the doubt phrase `m` from being the registrant's doubt now."""
    reason = hedge(sentence, m.start()) or _after_cue(sentence, m.end())
    if reason is not None:
        return reason
    if _GC_STANDARD.search(sentence) and has_conditional(sentence):
        return "accounting_standard"
    # "Rule 5250(b)(2) requires public announcement of ... a going concern paragraph"
    if _RULE_CLAUSE.search(nearest_clause(sentence[: m.start()])[0]):
        return "rule_requires"
    # "In previous financial reports, the Company had raised substantial doubt": a doubt
    # placed before the reported period is history, not the registrant's state now
    lead = sentence[: m.start()]
    if _SUPERSEDED.search(lead[lead.rfind(";") + 1 :]):
        return "superseded"
    # "The going concern qualification in last year's audit report ...", but not "..., as
    # did last year's report": the prior period must be in the doubt phrase's own clause
    prior = _PRIOR_PERIOD.search(sentence)
    if prior is not None and not _CLAUSE_SPLIT.search(
        sentence, min(m.end(), prior.end()), max(m.start(), prior.start())
    ):
        return "prior_period_report"
    if _about_someone_else(sentence, m.start(), ctx):
        return "third_party"
    if _LATER_CLEAN.search(sentence, m.end()):
        return "later_report_clean"
    return None


def _gc_subject(sentence: str) -> SignalContext:
    """The registrant's doubt, in its auditor's voice when the auditor speaks ("our report
    ... includes an explanatory paragraph", "our auditors expressed substantial doubt")."""
    return because("auditor_voice") if _AUDITOR_VOICE.search(sentence) else FACT


_SUPERSEDED = pattern("superseded")
_FUTURE_INTENT = pattern("future_intent")


def has_epistemic_future(scope: str) -> bool:
    """Expectation rather than fact ("management expects to alleviate")."""
    return _FUTURE_INTENT.search(scope) is not None


# A period inside a split sentence ends an abbreviation ("Acme Inc.'s ability"), not a link.
_LINK_BREAK = re.compile(r",\s*(?:which|and|but|while)\b|;|\bwhich\b", re.IGNORECASE)


def _near_target(sentence: str, m: re.Match[str]) -> bool:
    """The doubt phrase is about the going concern ("doubt about our ability to continue"),
    not about something else in the same sentence ("doubt about the asset valuation, which
    does not affect our ability to continue")."""
    if _GC_TARGET.search(m.group(0)):
        return True
    after = _GC_TARGET.search(sentence, m.end(), m.end() + 140)
    if after is not None and not _LINK_BREAK.search(sentence, m.end(), after.start()):
        return True
    earlier = list(_GC_TARGET.finditer(sentence, max(0, m.start() - 100), m.start()))
    return bool(earlier) and not _LINK_BREAK.search(sentence, earlier[-1].end(), m.start())


_OWN_POSSESSOR = pattern("own_possessor")
_RULE_CLAUSE = pattern("rule_requires")


def _about_someone_else(sentence: str, anchor: int, ctx: Context) -> bool:
    """A customer's or lessee's doubt ("Our customer ... disclosed substantial doubt about its
    ability"), unless the sentence names the registrant as the one whose ability is doubted."""
    if _OWN_POSSESSOR.search(sentence):
        return False
    # the whole lead-in: "our largest customer ... disclosed that there is substantial doubt"
    region = sentence[:anchor]
    region = region[region.rfind(";") + 1 :]
    other = _THIRD_PARTY.search(region)
    if other is None:
        return False
    names = ctx.names.pattern()
    own = [x.start() for x in (_REGISTRANT.search(region), names and names.search(region)) if x]
    return not own or other.start() < min(own)


_AFTER = pattern("modal_after", "negated_after")


def _after_cue(sentence: str, end: int) -> str | None:
    """ "substantial doubt could arise" / "doubt may exist" / "doubt does not exist" """
    m = _AFTER.search(sentence[end : end + 60])
    return None if m is None else m.lastgroup


# -- bankruptcy -------------------------------------------------------------------------------

_BK_ANCHOR = matcher("bankruptcy.anchor")
_BK_CONTEXT = matcher("bankruptcy.context")
_BK_BOILERPLATE = pattern("bankruptcy_boilerplate")
_REGISTRANT = pattern("registrant")
_THIRD_PARTY = pattern("third_party")
_PRONOUN = re.compile(r"\b(?:it|they)\b", re.IGNORECASE)
# The party a petition was filed against, or a receiver appointed for.
_AGAINST = re.compile(
    r"^(?:(?!,\s+(?:and|but|which|while|after|following)\b)[^.;]){0,60}?"
    r"\b(?:against|for|over|of)\s+([^.;]{0,120})",
    re.IGNORECASE,
)
# "of the Bankruptcy Code", "of title 11 of the United States Code": the law, not a party.
_CODE_NAME = matcher("bankruptcy.code_name")
# The party named by the preposition ends with its clause: "..., and has rejected two of its
# leases with us" is about someone else.
_CLAUSE_END = re.compile(r",\s+(?:and|but|which|while|after|following)\b", re.IGNORECASE)


# A case the document refers to as settled fact by its defined name: "as a result of the
# Chapter 11 Cases", "In connection with the Chapter 11 filing, the Company has engaged ...",
# "on the Petition Date". Only the registrant's own case is usually named so; the document-level
# pass accepts it unless the document puts a bankruptcy filing on someone else.
_BK_DEFINED = matcher("bankruptcy.defined")


def judge_bankruptcy(sentence: str, ctx: Context) -> Candidate | None:
    """An event when the registrant itself filed, or a receiver was appointed for it (subject
    third_party when the filer is someone else); a resolution when the registrant emerged from
    its case; "weak" for a mention of the case by its defined name ("the Chapter 11 Cases")."""
    anchors = list(_BK_ANCHOR.finditer(sentence)) if _BK_CONTEXT.search(sentence) else []
    defined = _BK_DEFINED.search(sentence)
    emerged = _EMERGED.search(sentence) if _BK_CONTEXT.search(sentence) else None
    if emerged is not None and emerged.lastgroup == "emergence" and (
        _ANY_MODAL.search(sentence) or has_epistemic(sentence)
    ):
        emerged = None  # "upon emergence, the board will consist of ...": the case is open
    if not anchors and defined is None and emerged is None:
        return None
    if is_safe_harbor(sentence):
        return Candidate("event", because("safe_harbor"))
    if is_definition(sentence):
        return Candidate("event", because("definition"))
    rejected: SignalContext | None = None
    other: SignalContext | None = None
    for m in anchors:
        prefix = sentence[: m.start()]
        # "will continue to operate as debtors-in-possession" states the case, not a risk
        dip = "possession" in m.group(0).lower()
        reason = hedge(sentence, m.start(), allow_will=dip)
        if reason is None and not dip and has_epistemic(prefix[prefix.rfind(";") + 1 :]):
            reason = "epistemic"
        if reason is None and _BK_BOILERPLATE.search(
            sentence[max(0, m.start() - 60) : m.end() + 40]
        ):
            reason = "bankruptcy_boilerplate"
        if reason is not None:
            rejected = rejected or because(reason, sentence=sentence)
            continue
        if _registrant_is_subject(prefix, sentence, m.end(), ctx):
            # "In 2016, we filed voluntary petitions ..., and in October 2016 we emerged"
            if emerged is not None and _emerged_from_this(sentence, m.start(), emerged):
                return Candidate("event", because("emerged"), m.start())
            return Candidate("event", FACT, m.start())
        other = other or because("third_party")
    if other is not None:
        return Candidate("event", other)
    if emerged is not None and _emergence_is_fact(sentence, emerged):
        return Candidate("resolution", because("emerged"), emerged.start())
    if defined is not None:
        if _THIRD_PARTY.search(sentence):
            return Candidate("weak", because("third_party"))
        reason = hedge(sentence, defined.start(), negation=False)
        return Candidate("weak", because(reason, sentence=sentence) if reason else FACT,
                         defined.start())
    return None if rejected is None else Candidate("event", rejected)


_EMERGED = pattern("emerged", "emergence")
_ANY_MODAL = pattern("modal")


def _emerged_from_this(sentence: str, anchor: int, emerged: re.Match[str]) -> bool:
    """The emergence ends the case the trigger at `anchor` opened: it comes later in the
    sentence, or in the trigger's own clause ("The Company, which emerged from Chapter 11 in
    2017, today filed ..." is a new case)."""
    if emerged.start() > anchor:
        return _emergence_is_fact(sentence, emerged)
    clause, _ = nearest_clause(sentence[:anchor])
    return emerged.start() >= anchor - len(clause) and _emergence_is_fact(sentence, emerged)


def _emergence_is_fact(sentence: str, emerged: re.Match[str]) -> bool:
    """The registrant emerged ("we emerged"), not a hedge or someone else ("our tenant
    emerged")."""
    prefix = sentence[: emerged.start()]
    if hedged(sentence, emerged.start(), negation=True) or has_epistemic(prefix):
        return False
    other = _THIRD_PARTY.search(prefix)
    own = _REGISTRANT.search(prefix)
    return other is None or (own is not None and own.start() < other.start())


def _registrant_is_subject(prefix: str, sentence: str, end: int, ctx: Context) -> bool:
    """The filer (or the party put in receivership) is the registrant, not a third party."""
    names = ctx.names.pattern()
    target = _AGAINST.search(_CODE_NAME.sub(" ", sentence[end:]))
    if target is not None:
        obj = _CLAUSE_END.split(target.group(1), maxsplit=1)[0]
        own_obj = [x.start() for x in (_REGISTRANT.search(obj), names and names.search(obj)) if x]
        other_obj = _THIRD_PARTY.search(obj)
        if own_obj and (other_obj is None or min(own_obj) < other_obj.start()):
            return True
    # "Parker and certain of its U.S. subsidiaries (together, the “Company”) commenced": the
    # subsidiaries file alongside the registrant, they are not the third party; "The Company,
    # which emerged from Chapter 11 in 2017, today filed": the relative clause is closed
    prefix = _CLOSED_RELATIVE.sub(" ", prefix)
    region = _OWN_SUBSIDIARIES.sub(" ", _SUBJECT_BREAK.split(prefix)[-1])
    own = [m.start() for m in (_REGISTRANT.search(region), names and names.search(region)) if m]
    pronoun = _PRONOUN.search(region)
    if pronoun and (_REGISTRANT.search(prefix) or (names and names.search(prefix))):
        own.append(pronoun.start())
    other = _THIRD_PARTY.search(region)
    if own:
        return other is None or min(own) < other.start()
    if other is not None:
        return False
    return "1.03" in ctx.items and not region.strip(" ,")[:1].isupper()


_OWN_SUBSIDIARIES = pattern("own_subsidiaries")
_SUBJECT_BREAK = re.compile(r";|\b(?:that|which|who)\b", re.IGNORECASE)
_CLOSED_RELATIVE = re.compile(r",\s*(?:which|who)\b[^,;]*,", re.IGNORECASE)


# -- non-reliance -----------------------------------------------------------------------------

_NR_ANCHOR = matcher("non_reliance.anchor")
_NR_OBJECT = matcher("non_reliance.object")
_NR_OWN_MODAL = matcher("non_reliance.own_modal")
_NR_EXCLUDE = pattern("reliance_boilerplate")
_ITEM_402 = re.compile(r"^\s*item\s+4\.02\b", re.IGNORECASE)


def judge_non_reliance(sentence: str, ctx: Context) -> Candidate | None:
    """An event when issued financial statements or an audit report may no longer be relied
    upon (Item 4.02)."""
    if _ITEM_402.match(sentence):
        return None  # the heading itself: signals.py falls back to the section's first sentence
    anchors = [m for m in _NR_ANCHOR.finditer(sentence) if _NR_OBJECT.search(sentence)]
    if not anchors:
        return None
    if is_safe_harbor(sentence):
        return Candidate("event", because("safe_harbor"))
    if _NR_EXCLUDE.search(sentence):
        return Candidate("event", because("reliance_boilerplate"))
    rejected: SignalContext | None = None
    for m in anchors:
        prefix = sentence[: m.start()]
        scope = prefix[prefix.rfind(";") + 1 :]
        reason = ("conditional" if has_conditional(scope) else "negation"
                  if has_negation(scope) else generic_cue(scope))
        # "should no longer be relied upon" carries its own modal; look before the subject
        if reason is None and has_modal(
            _NR_OWN_MODAL.sub("", scope)
        ):
            reason = "modal"
        if reason is not None:
            rejected = rejected or because(reason, sentence=sentence)
            continue
        return Candidate("event", FACT, m.start())
    return None if rejected is None else Candidate("event", rejected)


# -- auditor change ---------------------------------------------------------------------------

_ACCOUNTANT = alternation_of("auditor_change.accountant")
_ACC = matcher("auditor_change.accountant")
_FIRM = matcher("auditor_change.firm")
_AC_STRONG = matcher("auditor_change.strong")
_AC_ENGAGE = matcher("auditor_change.engage")
_AC_ROLE = re.compile(
    r"\bas\s+(?:the\s+company['’]s\s+|its\s+|our\s+|the\s+registrant['’]s\s+|the\s+)?"
    r"(?P<new>new\s+|successor\s+)?(?:" + _ACCOUNTANT + r")",
    re.IGNORECASE,
)
# A person leaving a post; "Crowe ... resigned from its position" is the firm itself leaving.
_AC_NOT_AUDITOR = pattern("not_the_auditor")
_NOMINAL = matcher("auditor_change.nominal")


def _is_prose(sentence: str) -> bool:
    return sentence.rstrip("\"”’')")[-1:] in ".!?;:"


_PERSON = pattern("person")
_AC_REPLACE = matcher("auditor_change.replace")
_RATIFY = matcher("auditor_change.ratify")


def judge_auditor_change(sentence: str, ctx: Context) -> Candidate | None:
    """An event for a dismissed or resigning certifying accountant; "weak" for the engagement
    of one, which is routine re-appointment unless the filing is an Item 4.01 or says "new"."""
    if not _ACC.search(sentence):
        return None
    strong = [
        m for m in _AC_STRONG.finditer(sentence)
        if _ACC.search(sentence[max(0, m.start() - 160) : m.end() + 160])
        or _FIRM.search(sentence[max(0, m.start() - 160) : m.end() + 160])
    ]
    engage = list(_AC_ENGAGE.finditer(sentence))
    if not strong and not engage:
        return None
    if is_safe_harbor(sentence):
        return Candidate("event", because("safe_harbor"))
    if _AC_NOT_AUDITOR.search(sentence):
        return Candidate("event", because("not_the_auditor"))
    rejected: SignalContext | None = None
    for m in strong:
        reason = hedge(sentence, m.start())
        # "... a firm which she resigned from": a person resigned, not the accountant
        if reason is None and _PERSON.search(nearest_clause(sentence[: m.start()])[0]):
            reason = "person"
        if reason is not None:
            rejected = rejected or because(reason, sentence=sentence)
            continue
        # a title naming the topic ("The Break-up: Auditor Resignation or Dismissal") reports
        # no event; under an Item 4.01 heading the same words do
        if _NOMINAL.match(m.group(0)) and not _is_prose(sentence) and "4.01" not in ctx.items:
            continue
        return Candidate("event", FACT, m.start())
    for m in engage:
        role = _AC_ROLE.search(sentence, m.end(), m.end() + 200)
        if role is None:
            continue
        reason = hedge(sentence, m.start())
        if reason is not None:
            rejected = rejected or because(reason, sentence=sentence)
            continue
        if role.group("new") or _AC_REPLACE.search(sentence) or "4.01" in ctx.items:
            return Candidate("event", FACT, m.start())
        if _RATIFY.search(sentence):
            return None
        return Candidate("weak", FACT, m.start())
    return None if rejected is None else Candidate("event", rejected)

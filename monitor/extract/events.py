"""Sentence judges for going concern, bankruptcy, non-reliance and auditor change.

Each judge takes one cleaned sentence and says whether it proves the signal ("positive"),
resolves it ("resolved": the doubt was alleviated), is weak evidence that needs support from
the filing's items ("weak"), or nothing (None). Judges are pure and cheap; `signals.py` only
calls them on sentences that contain the judge's keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.extract.cues import (
    RegistrantNames,
    has_conditional,
    has_epistemic,
    has_modal,
    has_negation,
    hedged,
    is_definition,
    is_generic,
    is_safe_harbor,
    nearest_clause,
)

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

_GC_DOUBT = re.compile(
    r"\b(?:substantial|significant|considerable|serious)\s+doubts?\b"
    r"|\b(?:raises?d?|raising|cast(?:s|ing)?|expressed|express(?:es)?|there\s+is|exists?)\s+"
    r"(?:a\s+|some\s+)?doubts?\b"
    r"|\b(?:substantial\s+|significant\s+)?uncertaint(?:y|ies)\s+(?:about|regarding|as\s+to"
    r"|concerning|with\s+respect\s+to|over)\b"
    r"|\bquestion(?:ed|s|ing)?\s+(?:about\s+)?(?:the\s+|our\s+|its\s+|their\s+|[\w.&’']+\s+){0,4}"
    r"ability\s+to\s+continue"
    r"|\bgoing[- ]concern\s+(?:explanatory\s+|emphasis[- ]of[- ]matter\s+|audit\s+)?"
    r"(?:opinion|qualification|paragraph|explanatory|explanation|emphasis|modification"
    r"|uncertaint(?:y|ies)|warning|doubt|language|matter|note|disclosure)"
    r"|\bexplanatory\s+paragraph\b|\bmaterial\s+uncertaint(?:y|ies)\b"
    r"|\b(?:qualified|modified)\s+(?:audit\s+)?(?:opinion|report)\b",
    re.IGNORECASE,
)
# Doubt about something else: "substantial doubt about the asset valuation".
_GC_TARGET = re.compile(r"\bgoing[- ]concern|\bability\s+to\s+continue", re.IGNORECASE)
_GC_RESOLVED = re.compile(
    r"(?<!not\s)(?<!to\s)\balleviat(?:ed|es|e|ing)\b"
    r"|\bno\s+longer\s+(?:\w+\s+){0,4}?(?:substantial\s+doubt|doubt|going[- ]concern|exists?"
    r"|raises?|includes?|contains?)"
    r"|(?:substantial\s+doubt|going[- ]concern)[^.;]{0,60}?\bno\s+longer\b"
    r"|\b(?:removed|removal\s+of|eliminated|elimination\s+of|resolved)\b[^.;]{0,60}?"
    r"(?:doubt|going[- ]concern)"
    r"|(?:doubt|going[- ]concern)[^.;]{0,60}?\b(?:removed|eliminated|resolved)\b",
    re.IGNORECASE,
)
_GC_NOT_RESOLVED = re.compile(
    r"\b(?:not|n['’]t|never)\s+(?:\w+\s+){0,2}(?:alleviat|remov|eliminat|resolv)", re.IGNORECASE
)
_DOUBT_ONLY = re.compile(r"\bsubstantial\s+doubt\b", re.IGNORECASE)
# Contract language: "accompanied by a report ... without a 'going concern' or like
# qualification". "other than"/"except for" count only in a contract: an Item 4.01 letter's
# "... not qualified, except for a going concern paragraph" states a real doubt.
_GC_BOILERPLATE = re.compile(
    r"\b(?:without|free\s+of|not\s+subject\s+to|excluding)\s+"
    r"(?:a\s+|an\s+|any\s+)?(?:[\w“”\"']+\s+){0,3}[“\"'‘]?(?:going[- ]concern|qualification)"
    r"|\bany\s+(?:[\w“”\"']+\s+){0,2}[“\"'‘]?going[- ]concern",
    re.IGNORECASE,
)
_GC_EXCEPT = re.compile(
    r"\b(?:other\s+than|except\s+for)\s+(?:a\s+|an\s+|any\s+)?(?:[\w“”\"']+\s+){0,3}"
    r"[“\"'‘]?(?:going[- ]concern|qualification)",
    re.IGNORECASE,
)
_CONTRACT = re.compile(
    r"\b(?:shall|must|accompanied\s+by|deliver|furnish|covenant|lenders?|borrower"
    r"|administrative\s+agent)\b",
    re.IGNORECASE,
)
_GC_STANDARD = re.compile(
    r"\b(?:ASU|Accounting\s+Standards\s+Update|ASC\s+205-40|Subtopic\s+205-40|FASB|AS\s+2415"
    r"|SAS\s+No\.?\s*59|guidance|standard)\b",
    re.IGNORECASE,
)
# Whose ability: generic or third-party owners do not make it the registrant's doubt.
_OTHER_OWNER = re.compile(
    r"\b(?:an?\s+(?:entity|company|issuer|reporting\s+entity|registrant)|the\s+entity|entities"
    r"|customers?|clients?|tenants?|lessees?|borrowers?|suppliers?|vendors?|counterpart(?:y|ies)"
    r"|licensees?|partners?|their)['’]?s?\s+(?:\w+\s+){0,1}ability\s+to\s+continue"
    r"|\bability\s+of\s+(?:our|its|the\s+company['’]s|the|an?)?\s*(?:\w+\s+){0,2}(?:subsidiar\w*"
    r"|customers?|clients?|tenants?|lessees?|borrowers?|suppliers?|partners?|counterpart\w*"
    r"|investees?|portfolio\s+compan\w*|entity|entities)",
    re.IGNORECASE,
)


def judge_going_concern(sentence: str, ctx: Context) -> str | None:
    """"positive" when the sentence states doubt about the registrant's going concern."""
    if is_safe_harbor(sentence) or _GC_BOILERPLATE.search(sentence):
        return None
    if _GC_EXCEPT.search(sentence) and _CONTRACT.search(sentence):
        return None
    if is_definition(sentence) or _OTHER_OWNER.search(sentence):
        return None
    # "that substantial doubt has been alleviated" need not repeat "going concern"
    if _GC_TARGET.search(sentence) is None and _DOUBT_ONLY.search(sentence) is None:
        return None
    unresolved = _GC_NOT_RESOLVED.search(sentence)
    if unresolved is not None:
        # "management's plans do not alleviate the substantial doubt": the doubt stands
        scope = sentence[: unresolved.start()]
        return None if has_conditional(scope) or _GC_STANDARD.search(sentence) else "positive"
    resolved = _GC_RESOLVED.search(sentence)
    if resolved is not None:
        scope = sentence[: resolved.start()]
        if has_conditional(scope) or has_modal(scope) or has_epistemic_future(scope):
            return None
        return "resolved"
    if _GC_TARGET.search(sentence) is None:
        return None
    for m in _GC_DOUBT.finditer(sentence):
        if not _near_target(sentence, m):
            continue
        if hedged(sentence, m.start()) or _hedged_after(sentence, m.end()):
            continue
        if _GC_STANDARD.search(sentence) and has_conditional(sentence):
            continue
        # "Rule 5250(b)(2) requires public announcement of ... a going concern paragraph"
        if _RULE_CLAUSE.search(nearest_clause(sentence[: m.start()])[0]):
            continue
        # "In previous financial reports, the Company had raised substantial doubt": a doubt
        # placed before the reported period is history, not the registrant's state now
        lead = sentence[: m.start()]
        if _SUPERSEDED.search(lead[lead.rfind(";") + 1 :]):
            continue
        if _about_someone_else(sentence, m.start(), ctx):
            continue
        return "positive"
    return None


_SUPERSEDED = re.compile(
    r"\bin\s+(?:its\s+|our\s+|the\s+(?:company['’]s\s+)?)?(?:previous|prior|earlier|past)\s+"
    r"(?:financial\s+|periodic\s+|quarterly\s+|annual\s+)?(?:reports|filings)\b"
    r"|\bhad\s+(?:previously\s+|earlier\s+)?(?:raised|expressed|identified|concluded)\s+"
    r"(?:that\s+(?:there\s+(?:was|were)\s+)?)?(?:a\s+|some\s+)?$",
    re.IGNORECASE,
)
_FUTURE_INTENT = re.compile(r"\b(?:expects?|anticipates?|intends?|plans?|hopes?)\b", re.I)


def has_epistemic_future(scope: str) -> bool:
    """Expectation rather than fact ("management expects to alleviate")."""
    return _FUTURE_INTENT.search(scope) is not None


_LINK_BREAK = re.compile(r",\s*(?:which|and|but|while)\b|[;.]|\bwhich\b", re.IGNORECASE)


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


_OWN_POSSESSOR = re.compile(
    r"\b(?:our|the\s+company['’]s|company['’]s|the\s+registrant['’]s|the\s+partnership['’]s"
    r"|the\s+trust['’]s|the\s+fund['’]s|the\s+bank['’]s|the\s+corporation['’]s)\s+"
    r"(?:\w+\s+)?ability\s+to\s+continue",
    re.IGNORECASE,
)
_RULE_CLAUSE = re.compile(r"\b(?:requires?|required|requiring|must)\b", re.IGNORECASE)


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


_AFTER_MODAL = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:(?:could|may|might|would|will|can)\s+(?:arise|exist|be|result)"
    r"|(?:does|did|do)\s+not\s+exist|not\s+exist)\b",
    re.IGNORECASE,
)


def _hedged_after(sentence: str, end: int) -> bool:
    """ "substantial doubt could arise" / "doubt may exist" / "doubt does not exist" """
    return _AFTER_MODAL.search(sentence[end : end + 60]) is not None


# -- bankruptcy -------------------------------------------------------------------------------

_BK_ANCHOR = re.compile(
    r"\b(?:voluntary|involuntary)\s+petitions?\b"
    r"|\bpetitions?\s+for\s+(?:relief|reorganization)\b"
    r"|\b(?:filed|files|filing|commenced|sought|seeking)\s+(?:for\s+|a\s+case\s+|cases\s+)?"
    r"(?:(?:voluntary\s+)?(?:protection|relief|reorganization)\s+under\s+)?(?:the\s+)?"
    r"(?:chapter\s+(?:7|11|15)|bankruptcy|insolvency|companies['’]?\s+creditors)\b"
    r"|\b(?:commenced|filed|initiated)\s+(?:a\s+)?(?:(?:voluntary|reorganization|insolvency"
    r"|bankruptcy|joint)\s+)*(?:cases?|proceedings?)\s+under\b"
    # "the Debtors commenced the Chapter 11 Cases", "commenced the Prepackaged Chapter 11 Case"
    r"|\b(?:commenced|filed|initiated)\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:(?:voluntary"
    r"|prepackaged|pre-?arranged|pre-?negotiated|joint)\s+)*chapter\s+(?:7|11|15)\s+"
    r"(?:cases?|proceedings?|petitions?)\b"
    # "initiated a voluntary, court-supervised process under Chapter 11"
    r"|\b(?:commenced|filed|initiated|began|launched)\s+(?:a\s+|the\s+)?(?:voluntary,?\s+)?"
    r"(?:court[- ]supervised\s+)?(?:sale\s+|restructuring\s+|reorganization\s+)?process\s+"
    r"under\s+(?:the\s+)?chapter\s+(?:7|11|15)\b"
    r"|\b(?:receiver|receiver-manager|liquidator|administrator|conservator|custodian"
    r"|chapter\s+(?:7|11)\s+trustee)s?\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+"
    r"appointed\b"
    r"|\bappoint(?:ed|ing|ment\s+of)\s+(?:a|an|the)\s+(?:temporary\s+|interim\s+)?(?:receiver"
    r"|liquidator|conservator|chapter\s+(?:7|11)\s+trustee)\b"
    r"|\bappoint(?:ed|ing|ment\s+of)\s+[^.;]{0,80}?\bas\s+(?:the\s+|a\s+)?(?:temporary\s+"
    r"|interim\s+)?(?:receiver|liquidator|conservator|chapter\s+(?:7|11)\s+trustee)\b"
    r"|\b(?:placed|put|entered)\s+(?:into|in|under)\s+(?:receivership|conservatorship"
    r"|administration|liquidation)\b"
    r"|\bassignment\s+for\s+the\s+benefit\s+of\s+creditors\b"
    r"|\bas\s+(?:a\s+)?[“\"]?debtors?[- ]in[- ]possession\b",
    re.IGNORECASE,
)
_BK_CONTEXT = re.compile(
    r"chapter\s+(?:7|11|15)|bankruptcy|insolvency|receiver|creditors|title\s+11|conservator"
    r"|liquidat|administrat",
    re.IGNORECASE,
)
_BK_BOILERPLATE = re.compile(
    r"\bevents?\s+of\s+(?:bankruptcy|default|insolvency)\b|\bin\s+the\s+event\b"
    r"|\bupon\s+(?:the\s+)?(?:occurrence|filing|commencement)\b"
    r"|\bany\s+(?:voluntary|involuntary|bankruptcy|petition|case|proceeding)"
    r"|\bshall\b|\bdefault\b",
    re.IGNORECASE,
)
_REGISTRANT = re.compile(
    r"\b(?:we|us|our\s+company|the\s+company|the\s+registrant|the\s+corporation|the\s+partnership"
    r"|the\s+trust|the\s+fund|the\s+bank|the\s+debtors?|the\s+issuer)\b(?!['’]s)"
    r"|[“\"](?:Company|Registrant|Debtors?|Corporation|Partnership|Issuer)[”\"]",
    re.IGNORECASE,
)
_THIRD_PARTY = re.compile(
    r"\b(?:customers?|clients?|tenants?|lessees?|lessors?|borrowers?|suppliers?|vendors?"
    r"|licensees?|licensors?|partners?|counterpart(?:y|ies)|competitors?|distributors?"
    r"|subsidiar(?:y|ies)|affiliates?|parent|operators?|guarantors?|investees?|portfolio"
    r"|manufacturers?|contractors?|predecessor|former\s+employer)\b"
    r"|\b(?:mr|ms|mrs|dr)\.|\bserved\s+as\b|\bwas\s+(?:a\s+)?(?:director|officer)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:it|they)\b", re.IGNORECASE)
# The party a petition was filed against, or a receiver appointed for.
_AGAINST = re.compile(
    r"^(?:(?!,\s+(?:and|but|which|while|after|following)\b)[^.;]){0,60}?"
    r"\b(?:against|for|over|of)\s+([^.;]{0,120})",
    re.IGNORECASE,
)
# "of the Bankruptcy Code", "of title 11 of the United States Code": the law, not a party.
_CODE_NAME = re.compile(
    r"\bof\s+(?:title\s+11\s+of\s+)?(?:the\s+)?(?:U\.\s?S\.\s+|United\s+States\s+|federal\s+)?"
    r"(?:Bankruptcy\s+)?Code\b",
    re.IGNORECASE,
)
# The party named by the preposition ends with its clause: "..., and has rejected two of its
# leases with us" is about someone else.
_CLAUSE_END = re.compile(r",\s+(?:and|but|which|while|after|following)\b", re.IGNORECASE)


# A case the document refers to as settled fact by its defined name: "as a result of the
# Chapter 11 Cases", "In connection with the Chapter 11 filing, the Company has engaged ...",
# "on the Petition Date". Only the registrant's own case is usually named so; the document-level
# pass accepts it unless the document puts a bankruptcy filing on someone else.
_BK_DEFINED = re.compile(
    r"\bthe\s+(?:Prepackaged\s+|Prearranged\s+)?Chapter\s+(?:7|11|15)\s+(?:Cases?|Proceedings?)\b"
    r"|\bthe\s+(?:Prepackaged\s+|Prearranged\s+)?Chapter\s+(?:7|11|15)\s+[Ff]iling\b"
    r"|\bthe\s+Petition\s+Date\b"
)


def judge_bankruptcy(sentence: str, ctx: Context) -> str | None:
    """"positive" when the registrant itself filed, or a receiver was appointed for it;
    "other" when a filing is someone else's; "weak" for a mention of the case by its defined
    name ("the Chapter 11 Cases")."""
    if is_safe_harbor(sentence) or is_definition(sentence):
        return None
    verdict = _bankruptcy_event(sentence, ctx)
    if verdict is not None:
        return verdict
    m = _BK_DEFINED.search(sentence)
    if m is None or _THIRD_PARTY.search(sentence) or hedged(sentence, m.start(), negation=False):
        return None
    return "weak"


def _bankruptcy_event(sentence: str, ctx: Context) -> str | None:
    other = False
    for m in _BK_ANCHOR.finditer(sentence):
        if not _BK_CONTEXT.search(sentence):
            continue
        prefix = sentence[: m.start()]
        # "will continue to operate as debtors-in-possession" states the case, not a risk
        dip = "possession" in m.group(0).lower()
        if hedged(sentence, m.start(), allow_will=dip):
            continue
        if not dip and has_epistemic(prefix[prefix.rfind(";") + 1 :]):
            continue
        if _BK_BOILERPLATE.search(sentence[max(0, m.start() - 60) : m.end() + 40]):
            continue
        if _registrant_is_subject(prefix, sentence, m.end(), ctx):
            return "positive"
        other = True
    return "other" if other else None


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
    # subsidiaries file alongside the registrant, they are not the third party
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


_OWN_SUBSIDIARIES = re.compile(
    r"\b(?:and|together\s+with)\s+(?:certain\s+of\s+|some\s+of\s+|all\s+of\s+|substantially\s+all"
    r"\s+of\s+|each\s+of\s+)?(?:its|their|our)\s+(?:[\w.-]+\s+){0,3}?(?:subsidiar(?:y|ies)"
    r"|affiliates?)\b",
    re.IGNORECASE,
)
_SUBJECT_BREAK = re.compile(r";|\b(?:that|which|who)\b", re.IGNORECASE)


# -- non-reliance -----------------------------------------------------------------------------

_NR_ANCHOR = re.compile(
    r"\b(?:should|can|could|would|may|will)?\s*(?:no\s+longer|not)\s+be\s+relied\s+(?:up)?on\b"
    r"|\bnon-?\s?reliance\b|\bno\s+longer\s+rel(?:y|ied)\b|\bprevent\s+future\s+reliance\b"
    r"|\bshould\s+(?:no\s+longer|not)\s+rely\b",
    re.IGNORECASE,
)
_NR_OBJECT = re.compile(
    r"financial\s+statements?|financial\s+information|audit(?:or['’]s)?\s+reports?"
    r"|report\s+of\s+independent|interim\s+review|(?:annual|quarterly)\s+reports?|form\s+10-?[kq]"
    r"|previously\s+issued|restat",
    re.IGNORECASE,
)
_NR_EXCLUDE = re.compile(
    r"\bas\s+(?:an?\s+)?(?:indication|indicator|guarantee|prediction|substitute|representing)"
    r"|indicative\s+of|predictive|undue\s+reliance|future\s+(?:results|performance)|non-gaap"
    r"|forward[- ]looking",
    re.IGNORECASE,
)
_ITEM_402 = re.compile(r"^\s*item\s+4\.02\b", re.IGNORECASE)


def judge_non_reliance(sentence: str, ctx: Context) -> str | None:
    """"positive" when issued financial statements or an audit report may no longer be
    relied upon (Item 4.02)."""
    if is_safe_harbor(sentence) or _NR_EXCLUDE.search(sentence):
        return None
    if _ITEM_402.match(sentence):
        return None  # the heading itself: signals.py falls back to the section's first sentence
    for m in _NR_ANCHOR.finditer(sentence):
        if not _NR_OBJECT.search(sentence):
            continue
        prefix = sentence[: m.start()]
        scope = prefix[prefix.rfind(";") + 1 :]
        if has_conditional(scope) or has_negation(scope) or is_generic(scope):
            continue
        # "should no longer be relied upon" carries its own modal; look before the subject
        if has_modal(re.sub(r"\b(?:should|can|could|would|may|will)\s*$", "", scope)):
            continue
        return "positive"
    return None


# -- auditor change ---------------------------------------------------------------------------

_ACCOUNTANT = (
    r"(?:independent\s+)?(?:registered\s+)?(?:public\s+)?accounting\s+firm"
    r"|(?:independent|certifying|outside|external|principal)\s+(?:auditors?|accountants?)"
    r"|\bauditors?\b|\baccountants?\b|\baudit\s+firm\b|\bCPAs?\b"
)
_ACC = re.compile(_ACCOUNTANT, re.IGNORECASE)
_FIRM = re.compile(
    r"\b(?:LLP|L\.L\.P\.|LLC|CPAs?|P\.?C\.|P\.?A\.|& Co\b|Chartered|Accountants)", re.IGNORECASE
)
_AC_STRONG = re.compile(
    r"\bdismiss(?:ed|al|ing)?\b|\bresign(?:ed|ation|s|ing)?\b"
    r"|\bdeclin(?:e|ed|es|ing)\s+to\s+stand\s+for\s+re-?\s?(?:election|appointment)"
    r"|\bnot\s+(?:to\s+)?(?:stand|seek)\s+for\s+re-?\s?(?:election|appointment)"
    r"|\b(?:decided|elected|determined|voted)\s+not\s+to\s+(?:renew|re-?engage|reappoint|retain"
    r"|continue)"
    r"|\b(?:terminated|ended|ceased)\s+(?:the\s+|its\s+)?(?:engagement|relationship"
    r"|client[- ]auditor\s+relationship)"
    r"|\b(?:client[- ]auditor|auditor[- ]client)\s+relationship\s+(?:\w+\s+){0,3}"
    r"(?:ceased|ended|terminated)"
    r"|\bceased\s+to\s+(?:serve|be|act)\s+as\b"
    r"|\bengagement\s+[^.;]{0,80}?\b(?:was|has\s+been|had\s+been)\s+(?:terminated|ended"
    r"|concluded)\b",
    re.IGNORECASE,
)
_AC_ENGAGE = re.compile(
    r"\b(?:engaged|appointed|retained|selected|approved\s+the\s+(?:engagement|appointment"
    r"|selection)\s+of)\b",
    re.IGNORECASE,
)
_AC_ROLE = re.compile(
    r"\bas\s+(?:the\s+company['’]s\s+|its\s+|our\s+|the\s+registrant['’]s\s+|the\s+)?"
    r"(?P<new>new\s+|successor\s+)?(?:" + _ACCOUNTANT + r")",
    re.IGNORECASE,
)
# A person leaving a post; "Crowe ... resigned from its position" is the firm itself leaving.
_AC_NOT_AUDITOR = re.compile(
    r"\bresign(?:ed|ation)?\s+(?:from|as)\s+(?:the\s+|its\s+|our\s+|his\s+|her\s+|a\s+)?"
    r"(?:board|director|member|chief|president|officer|chair|secretary"
    r"|treasurer|controller|vice|cfo|ceo|coo|general\s+counsel|executive|employee)"
    r"|\bresign(?:ed|ation)?\s+(?:from|as)\s+(?:the\s+|our\s+|his\s+|her\s+|a\s+)?"
    r"(?:position|office|role)"
    r"|\b(?:lawsuit|complaint|claims?|litigation|court|motion|appeal|petition)\b",
    re.IGNORECASE,
)
_NOMINAL = re.compile(r"(?:resignation|dismissal)$", re.IGNORECASE)


def _is_prose(sentence: str) -> bool:
    return sentence.rstrip("\"”’')")[-1:] in ".!?;:"


_PERSON = re.compile(r"\b(?:he|she|him|her|his|mr|ms|mrs|dr)\b\.?", re.IGNORECASE)
_AC_REPLACE = re.compile(r"\b(?:replace|succeed|successor|former|predecessor)\b", re.IGNORECASE)


def judge_auditor_change(sentence: str, ctx: Context) -> str | None:
    """"positive" for a dismissed or resigning certifying accountant; "weak" for the engagement
    of one, which is routine re-appointment unless the filing is an Item 4.01 or says "new"."""
    if is_safe_harbor(sentence) or not _ACC.search(sentence):
        return None
    if _AC_NOT_AUDITOR.search(sentence):
        return None
    for m in _AC_STRONG.finditer(sentence):
        window = sentence[max(0, m.start() - 160) : m.end() + 160]
        if not (_ACC.search(window) or _FIRM.search(window)):
            continue
        if hedged(sentence, m.start()):
            continue
        # "... a firm which she resigned from": a person resigned, not the accountant
        if _PERSON.search(nearest_clause(sentence[: m.start()])[0]):
            continue
        # a title naming the topic ("The Break-up: Auditor Resignation or Dismissal") reports
        # no event; under an Item 4.01 heading the same words do
        if _NOMINAL.match(m.group(0)) and not _is_prose(sentence) and "4.01" not in ctx.items:
            continue
        return "positive"
    for m in _AC_ENGAGE.finditer(sentence):
        role = _AC_ROLE.search(sentence, m.end(), m.end() + 200)
        if role is None or hedged(sentence, m.start()):
            continue
        if role.group("new") or _AC_REPLACE.search(sentence) or "4.01" in ctx.items:
            return "positive"
        return None if re.search(r"\bratif", sentence, re.IGNORECASE) else "weak"
    return None

"""The cue lexicon of signal context: every word list that sets a candidate's attributes.

A signal candidate (a trigger phrase such as "substantial doubt" or "received a letter from
Nasdaq") gets five attributes, as clinical text mining's ConText algorithm gives a finding in a
note: subject (whose event), polarity (asserted, negated, resolved), time (current or
historical), modality (factual, hypothetical, risk factor, definition, boilerplate) and, for
listing events, actor (the exchange or the company). Each attribute is set by cues: the
entries below, each with the reason it exists. The code in `cues.py`, `events.py`,
`listing.py` and `context.py` decides the scope of a cue (the clause before the trigger, the
whole sentence, the text before the sentence); the vocabulary lives only here, so a new
wording is one entry and one test row (`tests/test_context.py` checks every entry has one).

Patterns are case-insensitive unless the entry says `case=True`; they may not capture
(`pattern()` wraps each entry in a named group to tell which cue matched).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["ATTRIBUTES", "LEXICON", "Cue", "cue", "pattern"]

ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "subject": ("registrant", "auditor", "third_party"),
    "polarity": ("asserted", "negated", "resolved"),
    "time": ("current", "historical"),
    "modality": ("factual", "hypothetical", "risk_factor", "definition", "boilerplate"),
    "actor": ("exchange", "company"),
}


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon entry: words that set `attribute` to `value`, and why they do."""

    name: str
    attribute: str
    value: str
    pattern: str
    reason: str
    case: bool = False  # True: match case exactly ("may" is a modal, "May" a month)


_GENERIC_NOUN = (
    r"(?-i:compan(?:y|ies)|issuers?|registrants?|corporations?|entit(?:y|ies)|filers?"
    r"|businesses)"
)
_INDEFINITE = r"(?:a|an|any|each|every)\s+(?:(?!of\b|the\b|its\b|our\b)[\w-]+\s+){0,2}?"

LEXICON: tuple[Cue, ...] = (
    # -- modality: hypothetical ---------------------------------------------------------------
    Cue("conditional", "modality", "hypothetical",
        r"(?<!even )(?<!as )\b(?:if(?!\s+(?:any|applicable|appropriate|required|necessary)\b)"
        r"|unless|whether|in\s+the\s+event|to\s+the\s+extent|assuming|in\s+case(?!\s+no\b)"
        r"|provided\s+that"
        r"|should\s+(?:we|the\s+company|it|they|our)|were\s+(?:we|it|the\s+company)\s+to|until"
        r"|when(?:ever)?\s+such\s"
        r"|when(?:ever)?\s+(?:an?|any)\s|when(?:ever)?\s+the\s+entity|when(?:ever)?\s+there\s+is)"
        r"\b",
        "A condition or indirect question governs the trigger: 'If we are unable to raise "
        "capital, there could be substantial doubt'. 'even if', 'as if', 'if any' do not."),
    Cue("modal", "modality", "hypothetical",
        r"\b(?:may|MAY)\b|(?i:\b(?:could|might|would|will|shall|should|can|cannot|must"
        r"|won['’]t)\b)",
        "A modal makes the event possible, not actual: 'could be delisted'. Lower-case 'may' "
        "only: 'May 19, 2025' is a date.", case=True),
    Cue("epistemic", "modality", "hypothetical",
        r"\b(?:believes?|believed|expects?|expected|anticipates?|anticipated|intends?|intended"
        r"|(?-i:plans?|planned)|hopes?|seeks?|aims?|estimates?|projects?|potential(?:ly)?"
        r"|possible|possibly|likely|unlikely|consider(?:s|ing|ed)?|evaluat\w+|explor\w+"
        r"|contemplat\w+|prepar\w+|risks?|threat\w*|assurance|able\s+to|ability\s+to|need\s+to"
        r"|required\s+to)\b",
        "Belief, intent or expectation is not the event: 'we believe we have regained "
        "compliance', 'we may need to seek protection'."),
    Cue("future_intent", "modality", "hypothetical",
        r"\b(?:expects?|anticipates?|intends?|plans?|hopes?)\b",
        "An expected resolution has not happened: 'management expects to alleviate the "
        "doubt'."),
    Cue("belief", "modality", "hypothetical",
        r"\b(?:believ\w*|expect\w*|anticipat\w*|intend\w*|hop(?:e|es|ing)|plan(?:s|ned)?"
        r"|seek\w*|aim\w*|goal)\b",
        "The company's own belief that it complies is not the exchange's confirmation."),
    Cue("modal_after", "modality", "hypothetical",
        r"^\W*(?:\w+\W+){0,2}?(?:(?:could|may|might|would|will|can)\s+(?:arise|exist|be"
        r"|result))\b",
        "A modal right after the doubt phrase: 'substantial doubt could arise'."),
    Cue("hedged_otc", "modality", "hypothetical",
        r"\b(?:could|might|may|would|can|should|eligible)\b",
        "A move to the OTC markets that may happen ('may be eligible for quotation on the OTC') "
        "is not a move; 'will begin trading' is announced fact."),
    Cue("reported_speech", "modality", "factual",
        r"\b(?:notified|notifying|informed|informing|advised|advising|told|stated|stating"
        r"|indicated|indicating|confirmed|confirming|announced|determined|concluded|letter"
        r"|notice|notification)\b[^;]{0,120}$",
        "A modal after 'that' in reported speech reports an event, it does not hedge it: "
        "'informed the Company that it would resign' (matched on the words before 'that')."),
    # -- modality: risk factor ------------------------------------------------------------------
    Cue("risk_factor", "modality", "risk_factor",
        r"\brisks?\s+(?:related|relating)\s+to\b|\bmaterial(?:ly)?\s+(?:and\s+)?adverse(?:ly)?"
        r"|\bno\s+assurance\b|\badversely\s+affect",
        "Risk-factor wording around a hedged trigger: 'could have a material adverse effect', "
        "'there can be no assurance'. Sets risk_factor instead of plain hypothetical."),
    Cue("habitual", "modality", "risk_factor",
        r"^[\w\s]{0,40}?,?\s*(?:and|or)\s+(?:we\s+)?(?:may|could|might|will)\s+(?:in\s+the\s+future\s+)?"
        r"(?:again\s+)?(?:receive|be\s+(?:notified|subject))",
        "A risk factor's habit, not an event: 'We have in the past received, and may in the "
        "future receive, notices from Nasdaq that we are not in compliance'. Matched right "
        "after the trigger word."),
    # -- modality: boilerplate -----------------------------------------------------------------
    Cue("safe_harbor", "modality", "boilerplate",
        r"forward[- ]looking|safe[- ]harbor|private\s+securities\s+litigation\s+reform"
        r"|cautionary\s+(?:note|statement|language)|(?:actual|future)\s+results\s+(?:could|may"
        r"|might)|risks\s+and\s+uncertaint|factors\s+(?:that\s+)?(?:could|may|might)\s+cause",
        "Forward-looking-statement boilerplate lists every risk; it proves no event."),
    Cue("contract_without", "modality", "boilerplate",
        r"\b(?:without|free\s+of|not\s+subject\s+to|excluding)\s+"
        r"(?:a\s+|an\s+|any\s+)?(?:[\w“”\"']+\s+){0,3}[“\"'‘]?(?:going[- ]concern|qualification)"
        r"|\bany\s+(?:[\w“”\"']+\s+){0,2}[“\"'‘]?going[- ]concern",
        "Credit-agreement language: 'accompanied by a report ... without a \"going concern\" "
        "or like qualification' describes a covenant, not the company."),
    Cue("contract_except", "modality", "boilerplate",
        r"\b(?:other\s+than|except\s+for)\s+(?:a\s+|an\s+|any\s+)?(?:[\w“”\"']+\s+){0,3}"
        r"[“\"'‘]?(?:going[- ]concern|qualification)",
        "'other than a going concern qualification' excuses a covenant; it counts only with "
        "contract words (an Item 4.01 letter's 'except for' states a real doubt)."),
    Cue("contract_words", "modality", "boilerplate",
        r"\b(?:shall|must|accompanied\s+by|deliver|furnish|covenant|lenders?|borrower"
        r"|administrative\s+agent)\b",
        "Contract vocabulary that turns 'except for a going concern qualification' into a "
        "covenant."),
    Cue("bankruptcy_boilerplate", "modality", "boilerplate",
        r"\bevents?\s+of\s+(?:bankruptcy|default|insolvency)\b|\bin\s+the\s+event\b"
        r"|\bupon\s+(?:the\s+)?(?:occurrence|filing|commencement)\b"
        r"|\bany\s+(?:voluntary|involuntary|bankruptcy|petition|case|proceeding)"
        r"|\bshall\b|\bdefault\b",
        "Indenture and credit-agreement events of default name bankruptcy filings that have "
        "not happened: 'upon the filing of a voluntary petition'."),
    Cue("reliance_boilerplate", "modality", "boilerplate",
        r"\bas\s+(?:an?\s+)?(?:indication|indicator|guarantee|prediction|substitute|representing)"
        r"|indicative\s+of|predictive|undue\s+reliance|future\s+(?:results|performance)|non-gaap"
        r"|forward[- ]looking",
        "'should not be relied upon as an indication of future results' is a disclaimer, not "
        "Item 4.02 non-reliance on issued financial statements."),
    # -- modality: definition -------------------------------------------------------------------
    Cue("definition", "modality", "definition",
        r"\bmeans\b|\bshall\s+mean\b|has\s+the\s+meaning|\bis\s+defined\b|\bare\s+defined\b"
        r"|\bas\s+defined\s+(?:in|by|under)\b|\bas\s+used\s+(?:herein|in\s+this)\b"
        r"|\bfor\s+purposes\s+of\s+this\b|\bshall\s+be\s+deemed\b",
        "A contract or accounting definition ('\"Going Concern Qualification\" means ...') "
        "states no fact."),
    Cue("accounting_standard", "modality", "definition",
        r"\b(?:ASU|Accounting\s+Standards\s+Update|ASC\s+205-40|Subtopic\s+205-40|FASB|AS\s+2415"
        r"|SAS\s+No\.?\s*59|guidance|standard)\b",
        "The going-concern standard (ASU 2014-15, AS 2415) explains when doubt exists; a "
        "summary of it is no doubt about this company."),
    Cue("rule_requires", "modality", "definition",
        r"\b(?:requires?|required|requiring|must)\b",
        "A listing rule that requires announcing a going-concern opinion ('Rule 5250(b)(2) "
        "requires public announcement of ...') describes a rule."),
    Cue("generic_company", "modality", "definition",
        r"^\W*(?:[^,;]{0,40},\s*)?(?:" + _INDEFINITE + _GENERIC_NOUN
        + r"|(?:(?:public|listed|reporting|all|most|many)\s+)?(?:companies|issuers|registrants))"
        r"\b",
        "An explainer speaks of 'a company' or 'listed companies', not of this registrant: "
        "'A listed company that has received a delisting determination may appeal'. Singular "
        "nouns in lower case only: 'the Company' is the registrant's defined name."),
    Cue("generic_relative", "modality", "definition",
        r"\b" + _INDEFINITE + _GENERIC_NOUN
        + r"\s+(?:that|which|who)\s+(?:(?:has|have|had|is|was|may|must)\s+)?(?:\w+\s+)?$",
        "'Rule 5810(b) requires a company that receives a deficiency notification to ...'."),
    Cue("generic_possessor", "modality", "definition",
        r"(?:^|[^\w’'])(?:a|an|any|each|every)\s+(?:[\w-]+\s+){0,2}?[\w-]+['’]s\s+(?:[\w-]+,?\s+"
        r"(?:or|and)\s+)?$",
        "'An auditor’s resignation or dismissal triggers Item 4.01': an indefinite possessor."),
    Cue("rule_text", "modality", "definition",
        r"\b(?:requires?|requiring)\s+(?:\w+\s+){0,3}?(?:disclos\w*|announc\w*|public\b|notice"
        r"|notification)"
        r"|\b(?:requires?|requiring)\s+(?:an?|any|each|every|all|listed)\b[^.;]{0,120}?\bto\s+"
        r"(?:make|file|disclose|report|announce|notify|issue)\b"
        r"|\brequired\s+(?:[\w.]+\s+){0,5}?to\s+(?:file|disclose|report|make|announce|notify)\b"
        r"|\bmust\s+(?:\w+\s+){0,2}?(?:disclose|file|report|announce|notify)\b"
        r"|\bdisclosure\s+requirements?\b",
        "Rule text: 'Item 4.01 requires disclosure about any resignation'."),
    # -- polarity: negated ----------------------------------------------------------------------
    Cue("negation", "polarity", "negated",
        r"\b(?:not|no|never|neither|nor|none|without|nothing)\b|n['’]t\b",
        "A negation in the trigger's clause: 'has not received', 'does not include a going "
        "concern paragraph'."),
    Cue("adverbial_without", "polarity", "asserted",
        r"\b(?:without|absent)\b[^,;]{1,80},",
        "A leading 'Without additional financing,' conditions the clause, it does not negate "
        "it: 'Without additional financing, these factors raise substantial doubt'."),
    Cue("negation_anywhere", "polarity", "negated",
        r"\b(?:not|no|never)\b|n['’]t\b",
        "For a regained compliance, a negation anywhere before it: 'We have not yet been "
        "advised by Nasdaq that we have regained compliance'."),
    Cue("negated_after", "polarity", "negated",
        r"^\W*(?:\w+\W+){0,2}?(?:(?:does|did|do)\s+not\s+exist|not\s+exist)\b",
        "'substantial doubt does not exist' negates the doubt after the phrase."),
    Cue("not_resolved", "polarity", "asserted",
        r"\b(?:not|n['’]t|never)\s+(?:\w+\s+){0,2}(?:alleviat|remov|eliminat|resolv)",
        "A resolution denied asserts the doubt: 'management's plans do not alleviate the "
        "substantial doubt'."),
    # -- polarity: resolved ---------------------------------------------------------------------
    Cue("alleviated", "polarity", "resolved",
        r"(?<!not\s)(?<!to\s)\balleviat(?:ed|es|e|ing)\b",
        "ASC 205-40's own word for doubt that management's plans overcome: 'substantial doubt "
        "... has been alleviated'."),
    Cue("no_longer", "polarity", "resolved",
        r"\bno\s+longer\s+(?:\w+\s+){0,4}?(?:substantial\s+doubt|doubt|going[- ]concern|exists?"
        r"|raises?|includes?|contains?)"
        r"|(?:substantial\s+doubt|going[- ]concern)[^.;]{0,60}?\bno\s+longer\b",
        "'there is no longer substantial doubt', 'the report no longer contains a going "
        "concern paragraph'."),
    Cue("removed", "polarity", "resolved",
        r"\b(?:removed|removal\s+of|eliminated|elimination\s+of|resolved|lifted|withdrawn"
        r"|withdrawal\s+of|dropped)\b[^.;]{0,60}?(?:doubt|going[- ]concern|qualification"
        r"|explanatory\s+paragraph)"
        r"|(?:doubt|going[- ]concern|qualification|explanatory\s+paragraph)[^.;]{0,100}?"
        r"\b(?:(?:has|have|had|was|were|been)\s+(?:now\s+)?(?:removed|eliminated|resolved"
        r"|lifted|withdrawn|dropped)|removed|eliminated)\b",
        "The auditor took the going-concern paragraph out of its report: 'the going concern "
        "qualification in last year's audit report has been removed'. The passive may sit "
        "far from the noun it resolves."),
    Cue("later_report_clean", "polarity", "resolved",
        r"[;,]\s*(?:but\s+|while\s+|whereas\s+)?(?:the|our|its|their)\s+(?:audit\s+|auditors?['’]?s?\s+)?"
        r"(?:report|opinion)\s+(?:for|on)\b[^.;]{0,60}?\b(?:does|did|do)\s+not\b",
        "After the doubt, a later report without it: 'Our auditor's report for fiscal 2022 "
        "contained a going concern explanatory paragraph; the report for fiscal 2023 does "
        "not.' Only after the doubt phrase: an Item 4.01 letter's 'the report ... did not "
        "contain an adverse opinion ..., except that it included an explanatory paragraph' "
        "states a real doubt."),
    Cue("cured", "polarity", "resolved",
        r"\b(?:previously\s+|subsequently\s+|has\s+since\s+|have\s+since\s+|since\s+)?"
        r"(?:cured|remedied)\b",
        "A deficiency the company 'previously cured' is no longer live: 'We previously cured "
        "its Shareholder Equity Rule deficiency'."),
    # -- time: historical -----------------------------------------------------------------------
    Cue("previously", "time", "historical",
        r"\b(?:previously|earlier|formerly|prior\s+to\s+(?:that|this))\b"
        r"|\bas\s+(?:disclosed|reported|announced)\b|\bin\s+(?:the\s+)?past\b",
        "A recount of an earlier event ('As previously disclosed, ...') is older news than "
        "one stated afresh."),
    Cue("superseded", "time", "historical",
        r"\bin\s+(?:its\s+|our\s+|the\s+(?:company['’]s\s+)?)?(?:previous|prior|earlier|past)\s+"
        r"(?:financial\s+|periodic\s+|quarterly\s+|annual\s+)?(?:reports|filings)\b"
        r"|\bhad\s+(?:previously\s+|earlier\s+)?(?:raised|expressed|identified|concluded)\s+"
        r"(?:that\s+(?:there\s+(?:was|were)\s+)?)?(?:a\s+|some\s+)?$",
        "Doubt placed before the reported period: 'In previous financial reports, the Company "
        "had raised substantial doubt'."),
    Cue("prior_period_report", "time", "historical",
        r"\b(?:last|prior|previous|preceding)\s+(?:fiscal\s+)?year['’]s\s+(?:audit(?:ed)?\s+"
        r"|annual\s+)?(?:report|opinion|financial\s+statements)"
        r"|\b(?:report|opinion)\s+(?:for|on)\s+the\s+(?:prior|previous|preceding)\s+(?:fiscal\s+)?"
        r"year\b",
        "A going-concern paragraph in last year's audit report is about a prior period: "
        "'the going concern qualification in last year's audit report'."),
    Cue("emerged", "time", "historical",
        r"\bemerged\s+from\b|\bexited\s+(?:from\s+)?(?:chapter\s+11|bankruptcy)\b"
        r"|\bplan\s+(?:of\s+reorganization\s+)?became\s+effective\b"
        r"|\b(?:since|after|following)\s+(?:its|our|the\s+company['’]s)\s+emergence\b",
        "A case the company emerged from is history: 'On September 1, 2020 the Debtors ... "
        "emerged from the Chapter 11 Cases'. Completed wording only: 'upon emergence, the "
        "board will ...' speaks of a case still open."),
    Cue("emergence", "time", "historical",
        r"\bemergence\s+from\b",
        "The noun: 'Upon the Company's emergence from the Chapter 11 Proceeding, the Company "
        "qualified for ... Fresh Start accounting'. History only in a sentence with no modal "
        "or expectation: 'upon emergence from Chapter 11, the board will consist of' is not."),
    Cue("stale_date", "time", "historical",
        r"\bin\s+(?:(?:January|February|March|April|May|June|July|August|September|October"
        r"|November|December)\s+)?(?:19|20)\d\d\b",
        "A year-only date ('was delisted in 2015') dates the event; with the document's own "
        "date it tells a case of years ago from today's news."),
    Cue("period_end", "time", "current",
        r"\b(?:ended|ending|as\s+of|through|until|by|before|due)\s*$",
        "A date after these words ends a reporting period or sets a deadline ('its Form 10-K "
        "for the year ended December 31, 2021'): it dates a report, not the event, and never "
        "makes the event history."),
    # the document's own date, against which an event's date is old or new
    Cue("date_of_report", "time", "current",
        r"\bdate\s+of\s+(?:report|earliest\s+event\s+reported)\b[^:]{0,60}:?"
        r"|\bdate\s+of\s+this\s+(?:prospectus(?:\s+supplement)?|report|proxy\s+statement)\s+is\b"
        r"|\b(?:prospectus|prospectus\s+supplement|offering\s+circular)\s+dated\b"
        r"|/\s*PRNewswire\s*/|\(\s*BUSINESS\s+WIRE\s*\)|\(\s*GLOBE\s+NEWSWIRE\s*\)"
        r"|\bACCESSWIRE\s*/|\bfor\s+the\s+(?:fiscal\s+)?(?:year|quarter|quarterly\s+period)\s+"
        r"ended\b",
        "Where a document states its own date: the 8-K cover's 'Date of Report', 'The date "
        "of this prospectus is', a wire dateline, a report's period end."),
    # -- subject --------------------------------------------------------------------------------
    Cue("registrant", "subject", "registrant",
        r"\b(?:we|us|our\s+company|the\s+company|the\s+registrant|the\s+corporation"
        r"|the\s+partnership|the\s+trust|the\s+fund|the\s+bank|the\s+debtors?|the\s+issuer)\b"
        r"(?!['’]s)"
        r"|[“\"](?:Company|Registrant|Debtors?|Corporation|Partnership|Issuer)[”\"]",
        "The registrant's own names for itself: 'we', 'the Company', 'the Debtors'."),
    Cue("own_possessor", "subject", "registrant",
        r"\b(?:our|the\s+company['’]s|company['’]s|the\s+registrant['’]s|the\s+partnership['’]s"
        r"|the\s+trust['’]s|the\s+fund['’]s|the\s+bank['’]s|the\s+corporation['’]s)\s+"
        r"(?:\w+\s+)?ability\s+to\s+continue",
        "'the Company's ability to continue' names the registrant as the one in doubt, "
        "whoever else the sentence mentions."),
    Cue("definite_registrant", "subject", "registrant",
        r"\bthe\s+(?:Company|Registrant|Corporation|Partnership|Trust|Fund|Bank|Debtors?)\b"
        r"|\b[Ww]e\b",
        "After rule text the registrant may still be the subject: 'Rule 5810(b), which "
        "requires disclosure of the notice, ... the Company received'. Capitalised only: "
        "'the company' in lower case is any company.", case=True),
    Cue("own_subsidiaries", "subject", "registrant",
        r"\b(?:and|together\s+with)\s+(?:certain\s+of\s+|some\s+of\s+|all\s+of\s+"
        r"|substantially\s+all\s+of\s+|each\s+of\s+)?(?:its|their|our)\s+(?:[\w.-]+\s+){0,3}?"
        r"(?:subsidiar(?:y|ies)|affiliates?)\b",
        "Subsidiaries filing alongside the registrant are not the third party: 'Parker and "
        "certain of its U.S. subsidiaries (together, the “Company”) commenced'."),
    Cue("auditor_voice", "subject", "auditor",
        r"\bour\s+(?:audit\s+)?(?:report|opinion|audits?)\b|\bwe\s+have\s+audited\b"
        r"|\bin\s+our\s+opinion\b|\bwe\s+(?:hereby\s+)?consent\b"
        r"|\b(?:auditors?|accountants?|accounting\s+firm|audit\s+firm)\b[^.;]{0,80}?"
        r"\b(?:report|opinion|expressed|included|includes|issued|questioned|raised)\b"
        r"|\b(?:report|opinion)\s+of\s+(?:our|its|the\s+company['’]s)\s+(?:independent\s+)?"
        r"(?:registered\s+)?(?:public\s+)?(?:auditors?|accountants?|accounting\s+firm)\b"
        # only an auditor puts an explanatory paragraph in a report
        r"|\breports?\b[^.;]{0,160}?\b(?:included|includes|contained|contains|expressed"
        r"|expresses)\s+(?:an?\s+)?(?:explanatory|emphasis[- ]of[- ]matter|going[- ]concern)",
        "The auditor speaks about the registrant: 'our report ... includes an explanatory "
        "paragraph regarding the substantial doubt about the Company's ability' (a consent), "
        "'our auditors have expressed substantial doubt', 'the reports on the financial "
        "statements ... included an explanatory paragraph' (an Item 4.01 letter)."),
    Cue("third_party", "subject", "third_party",
        r"\b(?:customers?|clients?|tenants?|lessees?|lessors?|borrowers?|suppliers?|vendors?"
        r"|licensees?|licensors?|partners?|counterpart(?:y|ies)|competitors?|distributors?"
        r"|subsidiar(?:y|ies)|affiliates?|parent|operators?|guarantors?|investees?|portfolio"
        r"|manufacturers?|contractors?|predecessor|former\s+employer)\b"
        r"|\b(?:mr|ms|mrs|dr)\.|\bserved\s+as\b|\bwas\s+(?:a\s+)?(?:director|officer)\b",
        "Someone else's event: a tenant's Chapter 11 petition, a customer's going-concern "
        "doubt, a director's former employer."),
    Cue("other_owner", "subject", "third_party",
        r"\b(?:an?\s+(?:entity|company|issuer|reporting\s+entity|registrant)|the\s+entity"
        r"|entities|customers?|clients?|tenants?|lessees?|borrowers?|suppliers?|vendors?"
        r"|counterpart(?:y|ies)|licensees?|partners?|their)['’]?s?\s+(?:\w+\s+){0,1}"
        r"ability\s+to\s+continue"
        r"|\bability\s+of\s+(?:our|its|the\s+company['’]s|the|an?)?\s*(?:\w+\s+){0,2}"
        r"(?:subsidiar\w*|customers?|clients?|tenants?|lessees?|borrowers?|suppliers?|partners?"
        r"|counterpart\w*|investees?|portfolio\s+compan\w*|entity|entities)",
        "Whose ability to continue: 'the ability of our subsidiary, Beta Mining LLC, to "
        "continue as a going concern' is not the registrant's doubt."),
    Cue("not_the_auditor", "subject", "third_party",
        r"\bresign(?:ed|ation)?\s+(?:from|as)\s+(?:the\s+|its\s+|our\s+|his\s+|her\s+|a\s+)?"
        r"(?:board|director|member|chief|president|officer|chair|secretary"
        r"|treasurer|controller|vice|cfo|ceo|coo|general\s+counsel|executive|employee)"
        r"|\bresign(?:ed|ation)?\s+(?:from|as)\s+(?:the\s+|our\s+|his\s+|her\s+|a\s+)?"
        r"(?:position|office|role)"
        r"|\b(?:lawsuit|complaint|claims?|litigation|court|motion|appeal|petition)\b",
        "A director or officer resigning, or a court dismissing a complaint against former "
        "auditors, is not the certifying accountant leaving; 'Crowe ... resigned from its "
        "position' is the firm itself."),
    Cue("person", "subject", "third_party",
        r"\b(?:he|she|him|her|his|mr|ms|mrs|dr)\b\.?",
        "A person in the clause resigned ('a firm which she resigned from'), not the "
        "accountant."),
    # -- actor ----------------------------------------------------------------------------------
    Cue("exchange_notice", "actor", "exchange",
        r"\b(?:received|receipt\s+of)\s+(?:a\s+|an\s+|the\s+|written\s+)*(?:\w+\s+){0,4}?"
        r"(?:letter|notice|notification|determination|decision)\b"
        r"|\b(?:staff|panel|hearings?\s+panel|listing\s+qualifications)\b"
        r"|\b(?:nasdaq|nyse|the\s+exchange)\s+(?:has\s+|had\s+)?(?:notified|informed|advised"
        r"|determined|decided|suspended|halted|will\s+(?:file|suspend|delist|commence)"
        r"|intends\s+to\s+(?:delist|file|suspend)|filed)\b",
        "The exchange acted: a deficiency letter, a Staff determination, a Hearings Panel "
        "decision, 'Nasdaq will file a Form 25'."),
    Cue("company_exit", "actor", "company",
        r"\bmerger\b|\bacquisition\b|\btender\s+offer\b|\beffective\s+time\b|\bconsummat"
        r"|\bbusiness\s+combination\b|\bredem|\bredeem|\bmatur|\bexpir"
        r"|\btransfer\s+(?:of\s+)?(?:the\s+|its\s+)?listing|\buplist|\bapproved\s+for\s+listing"
        r"|\bpreviously\s+(?:quoted|traded)",
        "The securities leave the exchange because of the company's own transaction: a merger "
        "closing, a redemption, a transfer of listing, an uplisting."),
    Cue("company_request", "actor", "company",
        r"\b(?:requested|requests|asked|notified|informed)\s+(?:that\s+)?(?:nasdaq|nyse"
        r"|the\s+exchange|the\s+new\s+york\s+stock\s+exchange)\s+(?:to\s+)?(?:delist|suspend"
        r"|file|remove|withdraw|strike)"
        r"|\bvoluntar(?:y|ily)\s+(?:delist|withdraw|remov)",
        "The issuer itself asked to leave: 'the Company requested that Nasdaq delist', "
        "'voluntarily delist'."),
    Cue("company_form25", "actor", "company",
        r"\b(?:the\s+company|we|it|the\s+registrant|the\s+issuer)\s+(?:\w+\s+){0,3}?"
        r"(?:intends?|plans?|expects?|anticipates?|will|has\s+(?:decided|determined|elected)"
        r"|decided|determined|elected|filed|files|(?:is\s+)?filing)\s+(?:to\s+)?(?:\w+\s+){0,2}?"
        r"(?:file|filed|filing)?\s*(?:a\s+|its\s+|the\s+)?form\s+25\b"
        r"|\b(?:board|directors)\b[^.;]{0,80}?\b(?:approved|authorized|determined)\b[^.;]{0,40}?"
        r"\bdelist"
        r"|\b(?:its|our|the\s+company['’]s)\s+(?:intention|intent|decision|plan)\s+to\s+"
        r"(?:voluntarily\s+)?(?:delist|withdraw|file\s+(?:a\s+)?form\s+25)",
        "The company files the Form 25 itself, or its board decided to delist: 'The Company "
        "currently anticipates that it will file a Form 25 ... to commence the delisting "
        "process'."),
    Cue("company_dissolution", "actor", "company",
        r"\bdissol(?:ve|ves|ving|ution)\b|\bplan\s+of\s+(?:complete\s+)?liquidation\b"
        r"|\bliquidat(?:e|ion)\s+and\s+dissol|\bwind(?:ing)?[- ]down\b|\bwind\s+up\b"
        r"|\bdeclared\s+(?:a\s+)?liquidating\s+distribution",
        "A company that dissolves delists its own stock: 'In connection with the dissolution, "
        "the Company intends to file a Form 25'."),
    Cue("company_transfer", "actor", "company",
        r"\btransfer\s+(?:of\s+)?(?:the\s+|its\s+|our\s+)?(?:listing|common\s+stock|shares"
        r"|securities)\b[^.]{0,80}\bto\s+(?:the\s+)?(?:nasdaq|nyse|new\s+york)",
        "A voluntary transfer to another exchange: its Form 25 and suspension are no "
        "distress."),
)

_BY_NAME = {c.name: c for c in LEXICON}
assert len(_BY_NAME) == len(LEXICON), "lexicon names must be unique"


def cue(name: str) -> Cue:
    """The lexicon entry called `name`."""
    return _BY_NAME[name]


@cache
def pattern(*names: str) -> re.Pattern[str]:
    """One regex for the named entries, in the order given; `m.lastgroup` names the entry
    that matched."""
    parts = []
    for name in names:
        entry = _BY_NAME[name]
        body = entry.pattern if entry.case else f"(?i:{entry.pattern})"
        parts.append(f"(?P<{name}>{body})")
    compiled = re.compile("|".join(parts))
    if compiled.groups != len(names):
        raise ValueError(f"a lexicon pattern among {names} captures")
    return compiled

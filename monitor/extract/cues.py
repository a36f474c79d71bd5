"""Sentence-level cues that turn a keyword into a fact, or keep it from becoming one.

A trigger phrase proves a signal only when the words before it do not make it hypothetical
("if we are unable ...", "could be delisted"), negated ("has not received"), a definition
("'Going Concern Qualification' means"), safe-harbor boilerplate, or about someone else (a
customer's bankruptcy). These helpers look at the prefix of a sentence up to the trigger: the
whole prefix for conditionals, the nearest clause for modals and negation, because "..., which
raises substantial doubt" must not inherit a "will not be sufficient" from an earlier clause.
"""

from __future__ import annotations

import re
from datetime import date

from monitor.extract.lexicon import entry, pattern, words
from monitor.extract.lexicon.entry import compile_entries

__all__ = [
    "RegistrantNames",
    "event_date",
    "generic_cue",
    "has_conditional",
    "has_epistemic",
    "has_modal",
    "has_negation",
    "hedge",
    "hedged",
    "is_definition",
    "is_generic",
    "is_safe_harbor",
    "nearest_clause",
    "previously_reported",
]

_CONDITIONAL = pattern("conditional")
_MODAL = pattern("modal")
_NEGATION = pattern("negation")
_EPISTEMIC = pattern("epistemic")
# Clause boundaries for the "nearest clause" look-back.
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]]|,\s*(?:which|and|but|while|although|whereas|however|as\s+a\s+result|so)\b"
    r"|\b(?:which|that|because|although|whereas|while|who)\b",
    re.IGNORECASE,
)
_REPORTING_VERB = pattern("reported_speech")
_SAFE_HARBOR = pattern("safe_harbor")
_DEFINITION = pattern("definition")
_PREVIOUSLY = pattern("previously")
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)}
_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})\b"
)


def nearest_clause(prefix: str) -> tuple[str, str]:
    """The clause that ends `prefix`, and the boundary word that opened it ("" at the start)."""
    last = None
    for m in _CLAUSE_BREAK.finditer(prefix):
        last = m
    if last is None:
        return prefix, ""
    clause, boundary = prefix[last.end() :], last.group(0).strip(" ,").lower()
    if boundary in ("which", "who", "because", "although", "whereas", "while") and (
        "," in clause
    ):
        # "The Company, which had not filed its 10-Q, received": the relative clause closed;
        # "Because the Company has not yet filed its 10-K, it received": so did the reason
        return clause[clause.rfind(",") + 1 :], ","
    return clause, boundary


def has_conditional(prefix: str) -> bool:
    """A conditional or indirect question governs what follows ("if", "unless", "whether")."""
    return _CONDITIONAL.search(prefix) is not None


def has_modal(prefix: str, *, allow_will: bool = False) -> bool:
    """A modal in the nearest clause, unless that clause is reported speech ("informed the
    Company that it would resign" states an event, not a possibility). `allow_will` accepts
    announced future events ("Nasdaq will file a Form 25")."""
    clause, boundary = nearest_clause(prefix)
    modals = [m.group(0).lower() for m in _MODAL.finditer(clause)]
    if allow_will:
        modals = [m for m in modals if m != "will"]
    if not modals:
        return False
    if boundary == "that":
        head = prefix[: len(prefix) - len(clause)]
        head = head[: head.lower().rfind("that")]
        return _REPORTING_VERB.search(head) is None
    return True


def has_negation(prefix: str) -> bool:
    """A negation in the nearest clause ("has not received", "without a ..."); a leading
    "Without additional financing," is a condition on the clause, not its negation."""
    clause = _ADVERBIAL_WITHOUT.sub(" ", nearest_clause(prefix)[0])
    return _NEGATION.search(clause) is not None


def has_epistemic(prefix: str) -> bool:
    """Belief, intent, expectation or risk in the nearest clause ("we believe we have ...")."""
    return _EPISTEMIC.search(nearest_clause(prefix)[0]) is not None


def hedge(
    sentence: str, anchor: int, *, negation: bool = True, allow_will: bool = False
) -> str | None:
    """The lexicon cue that makes the trigger at `anchor` hypothetical, generic or negated by
    what precedes it ("conditional", "modal", "generic_company", "negation" ...), or None."""
    prefix = sentence[:anchor]
    scope = prefix[prefix.rfind(";") + 1 :]
    if has_conditional(scope):
        return "conditional"
    if has_modal(scope, allow_will=allow_will):
        return "modal"
    generic = generic_cue(scope)
    if generic is not None:
        return generic
    return "negation" if negation and has_negation(scope) else None


def hedged(
    sentence: str, anchor: int, *, negation: bool = True, allow_will: bool = False
) -> bool:
    """Whether the trigger at `anchor` is hypothetical (or negated, or generic) by what
    precedes it."""
    return hedge(sentence, anchor, negation=negation, allow_will=allow_will) is not None


# A rule or explainer describes what happens to "a company", not to this registrant: "A listed
# company that has received a delisting determination may appeal", "Companies must disclose if
# they dismiss their auditor", "Rule 5810(b) requires a company that receives a deficiency
# notification to ...", "Item 4.01 ... requires disclosure about any resignation".
# Singular nouns in lower case only: "the Company" is the registrant's defined name.
_GENERIC = pattern("generic_company", "generic_relative", "generic_possessor")
_RULE_TEXT = pattern("rule_text")
# After the rule, the registrant itself may still be the subject: "Rule 5810(b), which
# requires disclosure of the notice, ... the Company received".
_DEFINITE_SUBJECT = pattern("definite_registrant")
_ADVERBIAL_WITHOUT = pattern("adverbial_without")


def generic_cue(prefix: str) -> str | None:
    """The lexicon cue by which the words before a trigger describe a rule or a generic
    company rather than an event of the registrant, or None."""
    m = _GENERIC.search(prefix)
    if m is not None:
        return m.lastgroup
    ends = [m.end() for m in _RULE_TEXT.finditer(prefix)]
    if ends and _DEFINITE_SUBJECT.search(prefix, ends[-1]) is None:
        return "rule_text"
    return None


def is_generic(prefix: str) -> bool:
    """The words before a trigger describe a rule or a generic company, not an event of the
    registrant."""
    return generic_cue(prefix) is not None


_SAFE_HARBOR_WORDS = words("context.safe_harbor_words")


def is_safe_harbor(sentence: str) -> bool:
    """Forward-looking-statement boilerplate: never the proof of an event."""
    low = sentence.lower()
    if not any(word in low for word in _SAFE_HARBOR_WORDS):
        return False
    return _SAFE_HARBOR.search(sentence) is not None


def is_definition(sentence: str) -> bool:
    """A contract or accounting definition rather than a statement of fact."""
    return _DEFINITION.search(sentence) is not None


def previously_reported(sentence: str) -> bool:
    """The sentence recounts an earlier event ("As previously disclosed, ...")."""
    return _PREVIOUSLY.search(sentence) is not None


def event_date(sentence: str, *, skip_periods: bool = False) -> int | None:
    """The first "Month [day,] year" date of the sentence as an ordinal: filings open with the
    event ("On May 15, 2023, the Company received ..."); later dates are deadlines.
    `skip_periods` passes over dates that end a reporting period ("its Form 10-K for the year
    ended December 31, 2021"): they date a report, not the event."""
    for m in _DATE.finditer(sentence):
        if skip_periods and _PERIOD_END.search(sentence, max(0, m.start() - 30), m.start()):
            continue
        day = int(m.group(2)) if m.group(2) else 1
        try:
            return date(int(m.group(3)), _MONTHS[m.group(1).lower()], day).toordinal()
        except ValueError:
            continue
    return None


_PERIOD_END = pattern("period_end")


# Where a document names its registrant: the cover page line above "(Exact name of
# registrant ...)", a defined term "(the “Company”)", a ticker "(Nasdaq: ACME)" (lexicon
# `registrant.*`). The patterns find the marker; the name is the run of capitalised words just
# before it.
def _marker(name: str) -> re.Pattern[str]:
    return compile_entries((entry(name),))


_EXACT_NAME = _marker("rn_exact_name")
_DEFINED = _marker("rn_defined_term")
_TICKER = _marker("rn_ticker")
_NAME_BEFORE = re.compile(
    r"((?:[A-Z0-9][\w&'’.\-]*,?\s+(?:(?:of|and|&|de|the)\s+)?){0,6}[A-Z0-9][\w&'’.\-]*\.?)"
    r"[\s,]*$"
)
_SUFFIXES = _marker("rn_suffix")
_GENERIC_WORDS = frozenset(words("registrant.generic_words"))


class RegistrantNames:
    """Names the document gives its own registrant, found once and lazily."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pattern: re.Pattern[str] | None = None
        self._done = False

    def pattern(self) -> re.Pattern[str] | None:
        """A regex matching any of the registrant's names, or None when none was found."""
        if self._done:
            return self._pattern
        self._done = True
        head = self._text[:60_000]
        names: set[str] = set()
        for regex in (_EXACT_NAME, _DEFINED, _TICKER):
            for m in regex.finditer(head):
                before = head[max(0, m.start() - 120) : m.start()]
                if regex is _EXACT_NAME:  # the cover-page line above the caption
                    lines = [ln for ln in before.split("\n") if ln.strip(" _-")]
                    before = lines[-1] if lines else ""
                else:  # the same line as the marker
                    before = before[before.rfind("\n") + 1 :]
                found = _NAME_BEFORE.search(before)
                if found is not None:
                    names.update(_name_keys(found.group(1)))
        if names:
            alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            self._pattern = re.compile(rf"\b(?:{alts})\b")
        return self._pattern


def _name_keys(raw: str) -> set[str]:
    name = re.sub(r"\s+", " ", raw).strip(" ,.;:-–—")
    # keep the last sentence-ish fragment: "On May 1, 2024, Acme Corp." -> "Acme Corp."
    name = re.split(r"(?:,\s+\d{4},?|\.\s)\s*", name)[-1].strip(" ,")
    for _ in range(3):
        name = _SUFFIXES.sub("", name).strip(" ,")
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    if len(name) < 3 or not name[:1].isupper():
        return set()
    keys = {name}
    first = name.split()[0].strip(",.")
    if len(first) >= 4 and first.lower() not in _GENERIC_WORDS and first[:1].isupper():
        keys.add(first)
    return keys

"""Where a document names its own registrant, and what is not part of a name.

`cues.RegistrantNames` finds a marker (kind `registrant.marker`, each compiled on its own: the
cover-page caption, a defined term, a ticker) and takes the run of capitalised words just
before it as the registrant's name; suffixes (kind `registrant.suffix`) are cut off, and a
first word on the `registrant.generic_words` list is too common to stand for the company.
"""

from __future__ import annotations

from monitor.extract.lexicon.entry import Entry, WordList

__all__ = ["REGISTRANT", "REGISTRANT_WORDS"]

REGISTRANT: tuple[Entry, ...] = (
    Entry("registrant.marker", "rn_exact_name", r"\(\s*exact\s+name\s+of", "registrant",
          "The 8-K cover's caption under the registrant's name: '(Exact name of registrant as "
          "specified in its charter)'; the name is the line above.",
          "(Exact name of Registrant as specified in its charter)",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    Entry("registrant.marker", "rn_defined_term",
          r"\((?:together\s+with\s+its\s+\w+,\s+|collectively,\s+)?(?:the\s+)?[“\"]"
          r"(?:Company|Registrant|Corporation|Issuer|Partnership|Trust|Fund|Bank)[”\"]",
          "registrant", "A defined term after the name: 'Acme Corp. (the “Company”)'. "
          "Capitalised only: a defined term.",
          "Yellow Corporation (the “Company”) and certain of its direct and indirect "
          "subsidiaries",
          "tests/test_context.py CUE_ROWS own_subsidiaries (authored)", case=True),
    Entry("registrant.marker", "rn_ticker",
          r"\((?:NASDAQ|Nasdaq|NYSE|NYSE\s+American|NYSE\s+MKT|AMEX|OTC\w*|TSX\w*)[^:)]{0,30}:"
          r"\s*[A-Z.]{1,6}\)",
          "registrant", "A press release's ticker after the name: 'Oracle (NYSE: ORCL)'. "
          "Exchange names as written, case-sensitive.",
          "Adobe (Nasdaq:ADBE) today reported financial results for its first quarter fiscal "
          "year 2023 ended March 3, 2023.",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)", case=True),
    Entry("registrant.suffix", "rn_suffix",
          r"[,\s]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\.?p|plc|n\.?v"
          r"|s\.?a|holdings?|group|trust|fund)\.?$",
          "suffix", "Legal suffixes are dropped so that 'Acme' matches 'Acme, Inc.' and 'Acme "
          "Corporation' alike.",
          "resigned as the independent registered public accounting firm of Novabright Solar "
          "Holdings, Inc.",
          "tests/documents/signals/auditor_resigned_item_401.txt"),
)

REGISTRANT_WORDS: tuple[WordList, ...] = (
    WordList("registrant.generic_words", (
        "the", "first", "american", "united", "national", "global", "international", "general",
        "new", "north", "south", "east", "west", "central", "pacific", "atlantic", "great", "old",
        "about", "board", "business", "item", "our", "on", "in", "as",
    ), "registrant", "A name's first word stands for the company ('Apple' for 'Apple Inc.') "
        "unless it is this common: 'American' or 'United' would match other companies.",
        "UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
        "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
        "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    WordList("context.safe_harbor_words", (
        "forward", "harbor", "reform", "cautionary", "results", "uncertaint", "cause",
    ), "boilerplate", "Guard of the `safe_harbor` cue: every match holds one of these.",
        "This Annual Report on Form 10-K contains statements that are not historical facts "
        "and are considered forward-looking",
        "tests/test_context.py CUE_ROWS safe_harbor (plug_10k)"),
)

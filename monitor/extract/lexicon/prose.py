"""Figures stated in sentences: the phrases `prose.py` reads a figure from, and the words that
skip a sentence or tell which period it speaks of.

All entries are case-insensitive. Kind `prose.figure` entries mean the figure they read and are
tried in order, each on its own (`word` is the label, `gap` the words up to the amount); the
period kinds are one alternation each.
"""

from __future__ import annotations

from monitor.extract.lexicon.entry import Entry

__all__ = ["PROSE"]

# Words that may stand before a revenue label: "total revenue", "record net sales",
# "fourth-quarter revenue", "2023 revenue".
_LEAD = (
    r"(?:^|\b(?:total|net|consolidated|quarterly|record|reported|its|the|our|company's|"
    r"gaap|first|second|third|fourth|(?:first|second|third|fourth)[- ]quarter|quarter|"
    r"(?:19|20)\d\d)\s+)"
)


def _e(kind: str, name: str, pattern: str, means: str, reason: str, example: str, source: str,
       miss: str = "") -> Entry:
    return Entry(f"prose.{kind}", name, pattern, means, reason, example, source, miss)


PROSE: tuple[Entry, ...] = (
    # -- sentences that never state a reported figure ----------------------------------------------
    _e("skip", "pr_skip_forward", r"guidance|outlook|forecast|anticipat|\bexpects?\b(?! to report)"
       r"|\bexpected\b|projected|\btargets?\b|\bplans?\b", "skip",
       "Guidance and expectations are not results ('expects to report' is: a pre-release).",
       "Adobe is providing second quarter targets and updated fiscal year 2023 targets for "
       "Digital Media net new ARR and earnings per share.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _e("skip", "pr_skip_hedge", r"\bwould\b|\bcould\b", "skip",
       "A hypothetical amount: 'revenue would have been $X'.",
       "These amounts could differ from actual reported amounts stated in Adobe’s Quarterly "
       "Report on Form 10-Q",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _e("skip", "pr_skip_non_gaap", r"pro forma|non-gaap|adjusted|excluding", "skip",
       "Non-GAAP and pro forma amounts restate the figure.",
       "Diluted earnings per share was $2.71 on a GAAP basis and $3.80 on a non-GAAP basis.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _e("skip", "pr_skip_segment", r"segment|division|\bunit\b", "skip",
       "A segment's revenue or income is not the company's.",
       "Digital Media segment revenue was $3.40 billion, which represents 9 percent "
       "year-over-year growth or 14 percent in constant currency.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    # -- the figure phrases ------------------------------------------------------------------------
    _e("figure", "pr_revenue",
       _LEAD + r"(?P<word>revenues?|net sales|sales)\b(?P<gap>[^$.;]{0,60}?)(?=\(?\$)",
       "revenue", "'Total revenue for the quarter was $12.3 million', 'net sales of $4.1 "
       "billion'.",
       "Net sales increased $415 million or 27% to $1.945 billion in the second quarter of 2000 "
       "compared to the same quarter in 1999.",
       "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt (sec "
       "filing 0000912057-00-023442, Apple Computer 10-Q)",
       miss="Cost of sales was $5.0 million."),
    _e("figure", "pr_net_income",
       r"\bnet (?P<word>income|earnings|loss|profit)\b"
       r"(?: attributable to [A-Z][^$.;]{0,40}?)?(?P<gap>[^$.;]{0,40}?)(?=\(?\$)",
       "net_income", "'net loss of $4.0 million', 'net income attributable to Acme was $2.1 "
       "million'.",
       "GAAP net income was $1.25 billion and non-GAAP net income was $1.75 billion.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)",
       miss="Net income increased 12% from the prior year."),
    _e("figure", "pr_earnings",
       r"(?:^|(?<=\s))(?:(?P<pre>[\w'-]+)\s+)?(?P<word>earnings)\b"
       r"(?P<gap>[^$.;]{0,40}?)(?=\(?\$)",
       "net_income", "A company that calls net income 'earnings': 'reported fourth quarter "
       "earnings of $188.4 million, or 25 cents a share'; read only with the per-share amount "
       "beside it.",
       "Diluted earnings per share was $2.71 on a GAAP basis and $3.80 on a non-GAAP basis.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _e("figure", "pr_operating_income",
       r"(?:\boperating (?P<word>income|loss|profit)|\b(?P<word2>income|loss) from operations)"
       r"(?P<gap>[^$.;]{0,40}?)(?=\(?\$)",
       "operating_income", "'operating income of $1.2 million', 'loss from operations was "
       "$3.4 million'.",
       "GAAP operating income in the first quarter was $1.59 billion and non-GAAP operating "
       "income was $2.13 billion.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _e("figure", "pr_gross_profit",
       r"\bgross (?P<word>profit|margin|loss)(?: \(loss\))?(?P<gap>[^$.;]{0,40}?)(?=\(?\$)",
       "gross_profit", "'gross profit of $5.6 million', 'gross margin was $2.0 million'.",
       "Gross margin $ 549 $ 403 36% $1,156 $ 885 31%",
       "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt (sec "
       "filing 0000912057-00-023442, Apple Computer 10-Q)"),
    # -- words before "earnings" that make it something else than net income -----------------------
    _e("earnings_qualifier", "pr_earnings_qualifier",
       r"^(?:operating|adjusted|core|segment|pre-?tax|ongoing|comparable|cash|normalized|"
       r"recurring|underlying|continuing|diluted|basic|per|share|retained|gross|before|ebitda|"
       r"non-gaap|sector|division|unit|business|net|in|of|on|to|from|equity)$",
       "skip", "'operating earnings', 'adjusted earnings', 'retained earnings' are not net "
       "income.",
       "operating",
       "authored: the word before 'earnings' in 'operating earnings of $1.2 billion'"),
    # -- the comparison that gives a prior value ---------------------------------------------------
    _e("prior", "pr_compared_with",
       r"(?:compared (?:with|to)|versus|vs\.?|from|up from|down from)\s+"
       r"(?P<noun>(?:a |the )?(?:(?:reported|gaap|net|operating|gross)\s+)*"
       r"(?:income|earnings|loss|profit|revenues?|sales)\s+(?:of\s+)?)?"
       r"(?:approximately\s+|about\s+)?",
       "prior", "'compared with a net loss of $4.1 million', 'up from $10.2 million'.",
       "Net sales increased $415 million or 27% to $1.945 billion in the second quarter of 2000 "
       "compared to the same quarter in 1999.",
       "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt (sec "
       "filing 0000912057-00-023442, Apple Computer 10-Q)"),
    _e("next_prior", "pr_this_compared",
       r"^(?:this|that|which)\s+(?:compares|compared)\s+(?:with|to)\b",
       "prior", "The next sentence carries the comparison: 'This compared with reported "
       "earnings of ...'.",
       "This compared with earnings of $88.4 million, or $0.65 per diluted share, in the fourth "
       "quarter of 2022.",
       "tests/documents/figures/prose_year_first.txt"),
    _e("sequential", "pr_sequential",
       r"sequential|previous quarter|prior quarter|preceding quarter|last quarter|linked quarter|"
       r"quarter[- ]over[- ]quarter|\bq/q\b|\bqoq\b",
       "skip", "A comparison with the sequential quarter is not the year-ago prior.",
       "Net sales declined sequentially during the second quarter of 2000 compared to the first "
       "quarter of 2000 by $398 million or 17%.",
       "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt (sec "
       "filing 0000912057-00-023442, Apple Computer 10-Q)",
       miss="compared with the fourth quarter of 2022"),
    # -- which period a sentence speaks of ---------------------------------------------------------
    _e("quarter", "pr_ordinal_quarter",
       r"\b(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter\b", "quarter",
       "'fourth quarter', 'third fiscal quarter'.",
       "GAAP operating income in the first quarter was $1.59 billion and non-GAAP operating "
       "income was $2.13 billion.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _e("quarter", "pr_quarter", r"\bquarters?\b|\bq[1-4]\b|\b[1-4]q\b", "quarter",
       "'the quarter', 'Q3', '3Q'.",
       "Adobe is providing second quarter targets and updated fiscal year 2023 targets for "
       "Digital Media net new ARR and earnings per share.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _e("quarter", "pr_three_months",
       r"\b(?:three|3)[- ]months?\b|\b(?:twelve|thirteen|fourteen|sixteen|12|13|14|16)[- ]weeks?\b",
       "quarter", "'three months ended', '13 weeks ended' (retailers' 12-16 week quarters).",
       "Three Months Ended March 3, 2023 March 4, 2022",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _e("other_period", "pr_full_year",
       r"\bfull[- ]year\b|\bfiscal year\b|\bfor the (?:fiscal |full |calendar )?year\b|"
       r"\byear ended\b|\byear[- ]to[- ]date\b|\bfirst half\b|\bsecond half\b|\bannual\b|"
       r"\b(?:two|three) quarters\b",
       "other", "A year, a half or year to date: 'full-year', 'for the year ended', 'first "
       "half'.",
       "Adobe is providing second quarter targets and updated fiscal year 2023 targets for "
       "Digital Media net new ARR and earnings per share.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _e("other_period", "pr_months_weeks",
       r"\b(?:twelve|nine|six|12|9|6)[- ]months?\b|\b(?:twelve|nine|six)-month\b|"
       r"\b(?:twenty|thirty|forty|fifty|24|26|28|36|39|40|52|53)[- ]weeks?\b",
       "other", "'nine months ended', '52 weeks ended'.",
       "For the first six months of 2000, net sales increased $1.048 billion or 32% over the "
       "same period in 1999.",
       "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt (sec "
       "filing 0000912057-00-023442, Apple Computer 10-Q)"),
    _e("other_period", "pr_for_year",
       r"\bfor (?:fiscal )?(?:19|20)\d\d\b(?![- ](?:first|second|third|fourth)\b)",
       "other", "'for 1999', 'for fiscal 2023' (not 'for 2023 fourth quarter').",
       "we have applied a fixed long-term non-GAAP tax rate of 18.5% to our non-GAAP financial "
       "results for fiscal 2023.",
       "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
       "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
)

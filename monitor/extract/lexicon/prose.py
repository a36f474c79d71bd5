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
       "Current financial guidance does not anticipate any share repurchases in 2024.",
       "corpus earnings/10-pfizer-2023q4.htm"),
    _e("skip", "pr_skip_hedge", r"\bwould\b|\bcould\b", "skip",
       "A hypothetical amount: 'revenue would have been $X'.",
       "Excluding this charge, the Company’s net profit for the quarter would have been $67 "
       "million, or $.17 per diluted share.",
       "corpus earnings/04-apple-2004q3.htm"),
    _e("skip", "pr_skip_non_gaap", r"pro forma|non-gaap|adjusted|excluding", "skip",
       "Non-GAAP and pro forma amounts restate the figure.",
       "(b)See page 7 for description of non-GAAP measures.",
       "corpus earnings/13-unitedhealth-2024q1.htm"),
    _e("skip", "pr_skip_segment", r"segment|division|\bunit\b", "skip",
       "A segment's revenue or income is not the company's.",
       "Altera was previously included in DCAI's segment results.",
       "corpus earnings/17-intel-2024q3.htm"),
    # -- the figure phrases ------------------------------------------------------------------------
    _e("figure", "pr_revenue",
       _LEAD + r"(?P<word>revenues?|net sales|sales)\b(?P<gap>[^$.;]{0,60}?)(?=\(?\$)",
       "revenue", "'Total revenue for the quarter was $12.3 million', 'net sales of $4.1 "
       "billion'.",
       "•Optum first quarter revenues of $61 billion grew $7 billion.",
       "corpus earnings/13-unitedhealth-2024q1.htm",
       miss="Cost of sales was $5.0 million."),
    _e("figure", "pr_net_income",
       r"\bnet (?P<word>income|earnings|loss|profit)\b"
       r"(?: attributable to [A-Z][^$.;]{0,40}?)?(?P<gap>[^$.;]{0,40}?)(?=\(?\$)",
       "net_income", "'net loss of $4.0 million', 'net income attributable to Acme was $2.1 "
       "million'.",
       "GAAP net income was $3.2 billion, and non-GAAP net income was $4.2 billion.",
       "corpus earnings/08-oracle-2022q4.htm",
       miss="Net income increased 12% from the prior year."),
    _e("figure", "pr_earnings",
       r"(?:^|(?<=\s))(?:(?P<pre>[\w'-]+)\s+)?(?P<word>earnings)\b"
       r"(?P<gap>[^$.;]{0,40}?)(?=\(?\$)",
       "net_income", "A company that calls net income 'earnings': 'reported fourth quarter "
       "earnings of $188.4 million, or 25 cents a share'; read only with the per-share amount "
       "beside it.",
       "•Full-year 2024 earnings were $33.7 billion versus $36.0 billion in 2023.",
       "corpus earnings/22-exxon-2024q4.htm"),
    _e("figure", "pr_operating_income",
       r"(?:\boperating (?P<word>income|loss|profit)|\b(?P<word2>income|loss) from operations)"
       r"(?P<gap>[^$.;]{0,40}?)(?=\(?\$)",
       "operating_income", "'operating income of $1.2 million', 'loss from operations was "
       "$3.4 million'.",
       "Non-GAAP operating income was $19.6 billion, and non-GAAP operating margin was 46%.",
       "corpus earnings/08-oracle-2022q4.htm"),
    _e("figure", "pr_gross_profit",
       r"\bgross (?P<word>profit|margin|loss)(?: \(loss\))?(?P<gap>[^$.;]{0,40}?)(?=\(?\$)",
       "gross_profit", "'gross profit of $5.6 million', 'gross margin was $2.0 million'.",
       "Gross profit (loss) in the quarter was $(848,000), or (18%) of sales for the first "
       "quarter of 2003 compared to a gross profit of $(185,000), or (2%) of sales, in the first "
       "quarter of 2002.",
       "corpus seed/fibercore-2003q1-ex99-2.txt"),
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
       "•Fourth-quarter earnings were $746 million, compared to $794 million in the third "
       "quarter.",
       "corpus earnings/22-exxon-2024q4.htm"),
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
       "Similar to prior years, we expect paid net additions to be down sequentially (reflecting "
       "typical seasonality as well as some likely pull forward from our strong Q4’23 "
       "performance) but to be up versus Q1’23 paid net adds of 1.8M.",
       "corpus earnings/11-netflix-2023q4.htm",
       miss="compared with the fourth quarter of 2022"),
    # -- which period a sentence speaks of ---------------------------------------------------------
    _e("quarter", "pr_ordinal_quarter",
       r"\b(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter\b", "quarter",
       "'fourth quarter', 'third fiscal quarter'.",
       "•Optum first quarter revenues of $61 billion grew $7 billion.",
       "corpus earnings/13-unitedhealth-2024q1.htm"),
    _e("quarter", "pr_quarter", r"\bquarters?\b|\bq[1-4]\b|\b[1-4]q\b", "quarter",
       "'the quarter', 'Q3', '3Q'.",
       "Tea grew 5% for the quarter and 4% for the full year.",
       "corpus earnings/24-cocacola-2024q4.htm"),
    _e("quarter", "pr_three_months",
       r"\b(?:three|3)[- ]months?\b|\b(?:twelve|thirteen|fourteen|sixteen|12|13|14|16)[- ]weeks?\b",
       "quarter", "'three months ended', '13 weeks ended' (retailers' 12-16 week quarters).",
       "These amounts are not included within the adjustment to earnings from operations for the "
       "three months ended March 31, 2024.",
       "corpus earnings/13-unitedhealth-2024q1.htm"),
    _e("other_period", "pr_full_year",
       r"\bfull[- ]year\b|\bfiscal year\b|\bfor the (?:fiscal |full |calendar )?year\b|"
       r"\byear ended\b|\byear[- ]to[- ]date\b|\bfirst half\b|\bsecond half\b|\bannual\b|"
       r"\b(?:two|three) quarters\b",
       "other", "A year, a half or year to date: 'full-year', 'for the year ended', 'first "
       "half'.",
       "Tea grew 5% for the quarter and 4% for the full year.",
       "corpus earnings/24-cocacola-2024q4.htm"),
    _e("other_period", "pr_months_weeks",
       r"\b(?:twelve|nine|six|12|9|6)[- ]months?\b|\b(?:twelve|nine|six)-month\b|"
       r"\b(?:twenty|thirty|forty|fifty|24|26|28|36|39|40|52|53)[- ]weeks?\b",
       "other", "'nine months ended', '52 weeks ended'.",
       "•Acquired series 44 out of 52 weeks (vs 43 out of 52 weeks in 2022).",
       "corpus earnings/11-netflix-2023q4.htm"),
    _e("other_period", "pr_for_year",
       r"\bfor (?:fiscal )?(?:19|20)\d\d\b(?![- ](?:first|second|third|fourth)\b)",
       "other", "'for 1999', 'for fiscal 2023' (not 'for 2023 fourth quarter').",
       "◦Increased our free cash flow to $6.9B for 2023.",
       "corpus earnings/11-netflix-2023q4.htm"),
)

"""Line items as filers name them, and the rows that never state a figure.

Patterns match a label after `lineitems.normalize` (lower case, uniform quotes, dashes and
spaces), so they are case-sensitive lower-case regexes. Kinds `lineitem.<figure>` name a
figure's line; several entries of a kind are tried in order and the first that matches gives
its `rank` (lower is better: "Total revenues" beats "Revenues"). Kinds `row.*` keep a row from
being read as a figure (non-GAAP, per-share, share counts) or say what a row is.
"""

from __future__ import annotations

from monitor.extract.lexicon.entry import Entry

__all__ = ["LINE_ITEMS"]

_NET_WORDS = r"(?:\(?(?:income|earnings|profit|loss|losses|deficit)\)?)"
_NET_CORE = rf"net {_NET_WORDS}(?:(?: ?/ ?| and | or |, | ){_NET_WORDS})*"


def _line(figure: str, name: str, pattern: str, rank: int, reason: str, example: str,
          source: str, miss: str = "") -> Entry:
    return Entry(f"lineitem.{figure}", name, pattern, figure, reason, example, source, miss,
                 case=True, rank=rank)


def _row(kind: str, name: str, pattern: str, means: str, reason: str, example: str,
         source: str, miss: str = "", case: bool = True) -> Entry:
    return Entry(f"row.{kind}", name, pattern, means, reason, example, source, miss, case=case)


LINE_ITEMS: tuple[Entry, ...] = (
    # -- revenue ---------------------------------------------------------------------------------
    _line("revenue", "li_total_revenues",
          r"^total (?:net )?(?:operating )?(?:revenues?|sales)(?:,? net)?$", 0,
          "The total line of an income statement: 'Total revenues', 'Total net sales'.",
          "Total revenue",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)",
          miss="total revenues and other income"),
    _line("revenue", "li_total_sales_and_revenues",
          r"^total (?:net )?sales and (?:other )?(?:operating )?revenues?$", 0,
          "'Total sales and other operating revenue' (oil and gas majors).",
          "Total sales and revenues",
          "tests/test_figures.py"),
    _line("revenue", "li_total_revenues_and_other_income",
          r"^total (?:net )?revenues? and other income$", 0,
          "'Total revenues and other income' (energy, utilities).",
          "Total Revenues and Other Income",
          "sec filing 0000093410-20-000010 (Chevron 10-K, R2.htm), "
          "https://www.sec.gov/Archives/edgar/data/93410/000009341020000010/R2.htm"),
    _line("revenue", "li_total_revenues_net_of",
          r"^total (?:net )?revenues?, net of [a-z ,]+$", 0,
          "'Total revenues, net of interest expense' (brokers, banks).",
          "Total revenues, net of interest expense",
          "authored: a label as filers write it (no stored filing holds it)"),
    _line("revenue", "li_revenues", r"^(?:net )?(?:operating )?(?:revenues?|sales)(?:,? net)?$", 1,
          "A revenue line without 'total': 'Revenues', 'Net sales', 'Sales, net'.",
          "Revenue",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _line("revenue", "li_sales_and_revenues",
          r"^(?:net )?sales and (?:other )?(?:operating )?revenues?$", 1,
          "'Sales and other operating revenues' without a total.",
          "Sales and other operating revenues",
          "sec filing 0000093410-20-000010 (Chevron 10-K, R2.htm), "
          "https://www.sec.gov/Archives/edgar/data/93410/000009341020000010/R2.htm"),
    _line("revenue", "li_revenues_and_other_income", r"^(?:net )?revenues? and other income$", 1,
          "'Revenues and other income' without a total.",
          "Revenues and other income",
          "authored: a label as filers write it (no stored filing holds it)"),
    _line("revenue", "li_revenues_net_of",
          r"^revenues?, net of [a-z ,]+$|^(?:net )?sales, net of [a-z ,]+$", 1,
          "'Revenues, net of interest expense', 'Net sales, net of returns'.",
          "Revenues, net of discounts and allowances",
          "authored: a label as filers write it (the evaluation corpus held the only quote; no "
          "other stored filing found in time)"),
    _line("revenue", "li_sales_dash_net", r"^(?:net )?sales - net$|^revenues? - net$", 1,
          "Old text tables: 'Sales - net'.",
          "Sales - net",
          "authored: a label as filers write it (no stored filing holds it)"),
    _line("revenue", "li_revenues_from_operations",
          r"^(?:total )?revenues?(?: from operations)?$", 1,
          "'Revenue from operations' (older and foreign filers).",
          "Revenue",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _line("revenue", "li_sales_to_customers",
          r"^(?:total )?(?:net )?sales to (?:unaffiliated |third[- ]party )?customers$", 1,
          "'Net sales to unaffiliated customers' (older industrials).",
          "Sales to customers",
          "tests/test_figures.py"),
    # A named revenue line ("Collaboration revenue", "Net product sales"): the revenue only
    # when it is the one revenue line at the top of an income statement (see figures.py).
    Entry("lineitem.named_revenue", "li_named_revenue",
          r"^(?!(?:cost|costs|deferred|unearned|unbilled|accrued|change|changes|growth|other|"
          r"total|segment|intersegment|inter-segment)\b)(?:[a-z&-]+ ){1,3}(?:revenues?|sales)"
          r"(?:,? net)?$",
          "revenue", "Biotechs and small filers with one named revenue line: 'Collaboration "
          "revenue', 'Net product sales'; never cost, deferred or segment lines.",
          "Americas net sales",
          "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt "
          "(sec filing 0000912057-00-023442, Apple Computer 10-Q)",
          miss="cost of revenues",
          case=True, rank=4),
    # -- gross profit, operating income ------------------------------------------------------------
    _line("gross_profit", "li_gross_profit",
          r"^(?:total )?gross (?:profit|margin|income|loss|\((?:loss|profit)\))"
          r"(?:(?: ?/ ?| )\(?(?:profit|margin|loss|income)\)?)?$", 0,
          "'Gross profit', 'Gross margin', 'Gross profit (loss)'.",
          "Gross margin",
          "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt "
          "(sec filing 0000912057-00-023442, Apple Computer 10-Q)",
          miss="gross profit margin percentage"),
    _line("operating_income", "li_operating_income",
          r"^(?:total )?(?:net )?operating (?:income|profit|earnings|loss|\(loss\)|\(income\))"
          r"(?:(?: ?/ ?| )\(?(?:income|profit|earnings|loss)\)?)?$", 0,
          "'Operating income', 'Operating loss', 'Operating income (loss)'.",
          "Operating income",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)",
          miss="non-operating income"),
    _line("operating_income", "li_income_from_operations",
          r"^\(?(?:income|earnings|loss|profit)\)?"
          r"(?:(?: ?/ ?| )\(?(?:income|earnings|loss|profit)\)?)? from operations$", 0,
          "'Income from operations', 'Loss from operations', '(Loss) income from "
          "operations'.",
          "Loss from operations",
          "tests/documents/e2e/lumenfiber-2003q1-ex99.txt"),
    # -- net income (the qualifier after the core words decides the rank, in lineitems.py) ------
    _line("net_income", "li_net_income", rf"^(?:consolidated )?{_NET_CORE}(?P<rest>.*)$", 0,
          "'Net income', 'Net loss', 'Net income (loss)', 'Net earnings', each maybe followed "
          "by whose it is ('attributable to Acme'); `rest` is that qualifier.",
          "Net loss",
          "sec filing 0001062993-15-001424 (Nobilis Health 8-K, auditor's report), via github "
          "royelee/delist-detection tests/fixtures/golden/text/1409916_0001062993-15-001424.txt"),
    # -- balance sheet -----------------------------------------------------------------------------
    _line("total_assets", "li_total_assets", r"^total assets$", 0, "'Total assets'.",
          "Total assets",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _line("total_liabilities", "li_total_liabilities", r"^total liabilities$", 0,
          "'Total liabilities' (not 'Total liabilities and equity').",
          "Total liabilities",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)",
          miss="total liabilities and stockholders' equity"),
    _line("stockholders_equity", "li_stockholders_equity",
          r"^(?:total )?(?P<who>[a-z0-9.,&' -]*?)\s*(?:stockholders|shareholders|shareowners|"
          r"share owners|owners)'? ?(?:equity|investment|deficit|\(deficit\))"
          r"(?: ?/? ?\((?:deficit|deficiency)\)| \(?deficit\)?)?$", 0,
          "'Total stockholders' equity', 'Acme shareholders' equity' (`who` names the company "
          "when there are noncontrolling interests), 'Stockholders' deficit'.",
          "Shareholders' equity",
          "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt "
          "(sec filing 0000912057-00-023442, Apple Computer 10-Q)"),
    _line("stockholders_equity", "li_total_equity", r"^total (?:equity|capital)(?: \(deficit\))?$",
          2, "'Total equity' includes noncontrolling interests: below the company's own line.",
          "Total equity",
          "authored: a balance sheet label as filers write it (the evaluation corpus held the "
          "only quote; no other stored filing found in time)"),
    _line("stockholders_equity", "li_lone_equity", r"^equity(?: \(deficit\))?$", 3,
          "A balance sheet's only equity line: 'Equity'.",
          "Equity",
          "authored: a balance sheet heading as filers write it (the evaluation corpus held the "
          "only quote; no other stored filing found in time)"),
    _line("working_capital", "li_working_capital",
          r"^(?:net )?working capital(?: \((?:deficiency|deficit)\)| deficit| deficiency)?$", 0,
          "'Working capital', 'Working capital (deficiency)' (small filers' summaries).",
          "Working capital",
          "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt "
          "(sec filing 0000912057-00-023442, Apple Computer 10-Q)"),
    # -- rows that are not a figure, or say what a row is ------------------------------------------
    _row("non_gaap", "row_non_gaap",
         r"non-?gaap|\badjusted\b|\badj\.|excluding|\bexcl\.?\b|pro ?forma|one-time|\bcore\b|"
         r"comparable|constant currency|identified items|organic|\bunderlying\b|before special",
         "skip", "Non-GAAP and pro forma lines restate a figure; the GAAP line is the figure.",
         "Non-GAAP net income",
         "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
         "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)",
         miss="net income"),
    _row("non_gaap", "row_guidance", r"guidance|outlook|forecast", "skip",
         "A guidance table's lines are forecasts, not results.",
         "Fiscal 2025 outlook",
         "authored: a label as filers write it (no stored filing holds it)"),
    _row("non_gaap", "row_ebitda", r"\bebitda\b", "skip",
         "EBITDA is never a GAAP figure ('Net income to EBITDA' reconciliations).",
         "EBITDA",
         "authored: a label as filers write it (no stored filing holds it)"),
    _row("per_share", "row_per_share",
         r"\bper (?:[a-z&-]+ ){0,5}?shares?\b|per unit\b|"
         r"\beps\b|\blps\b|per ads\b|per american depositary",
         "per_share", "A per-share line: 'per diluted share', 'EPS', 'per ADS'.",
         "Diluted net income per share",
         "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
         "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)",
         miss="weighted average shares outstanding"),
    _row("eps_kind_suffix", "row_eps_kind_suffix",
         r"\s[-–—:]\s*(?:basic|diluted|basic (?:and|&) diluted|basic/diluted)$",
         "per_share", "'Net income attributable to Acme - Basic': a kind joined to the heading "
         "it sits under.",
         "Earnings per share - diluted",
         "authored: a label as filers write it (the evaluation corpus held the only quote; no "
         "other stored filing found in time)"),
    _row("share_count", "row_share_count",
         r"weighted|shares used|shares outstanding|number of shares|average shares|"
         r"average common|shares of common stock|\bshares\b(?! ?of)|share count|equivalent shares",
         "skip", "Share counts ('Weighted average shares outstanding') are not amounts.",
         "Shares used to compute basic net income per share",
         "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
         "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _row("eps_exclude", "row_eps_exclude",
         r"dividend|book value|cash flow|before (?:the )?cumulative|before accounting change|"
         r"before extraordinary|extraordinary|cumulative effect|discontinued|distributions|price|"
         r"payout|\bunits?\b|\bmargin\b|tangible|accounting change",
         "skip", "Per-share amounts that are not EPS: dividends, book value, cash flow, "
         "components before extraordinary items or accounting changes.",
         "Operating cash flow",
         "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt "
         "(sec filing 0000912057-00-023442, Apple Computer 10-Q)"),
    _row("eps_total", "row_eps_total",
         r"^(?:basic|diluted|primary|fully diluted|basic and diluted|basic & diluted|"
         r"basic/diluted|total|net|net (?:income|earnings|loss|\(loss\)|profit).*|"
         r".*(?:earnings|income|loss|profit).*per .*share.*)$",
         "per_share", "Under an 'Earnings per share' heading, a line naming the total, not a "
         "component ('Extraordinary item').",
         "Basic net income per share",
         "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
         "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _row("keywords", "row_keywords",
         r"revenue|sales|income|earnings|profit|loss|margin|share|eps|assets|liabilities|equity|"
         r"deficit|capital|basic|dilut|total",
         "any", "Every line item above names one of these; other rows are skipped at once.",
         "Basic net income per share",
         "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
         "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)",
         case=False),
    _row("reported_prefix", "row_reported_prefix", r"^(?:gaap|reported|as reported) ",
         "reported", "'GAAP revenue', 'Reported net income': the reported figure itself.",
         "GAAP net income",
         "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
         "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _row("reported_suffix", "row_reported_suffix",
         r"(?: - |, | )(?:\(?as reported\)?|\(?reported\)?|\(?gaap\)?)$",
         "reported", "'Revenue - as reported', 'Operating income (GAAP)'.",
         "As Reported",
         "tests/documents/figures/font_tags.htm"),
)

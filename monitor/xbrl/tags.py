"""Which us-gaap concepts state each figure, in order of preference: vocabulary as data.

Each entry is (tag, reason). For one period the first tag that has a value wins, so a
company that moved from `SalesRevenueNet` to the ASC 606 tag keeps one revenue series.
Working capital has no us-gaap concept and is not looked up.
"""

from __future__ import annotations

from collections.abc import Mapping

from monitor.models import FIGURE_KIND, PER_SHARE_FIGURES

USD = "USD"
USD_PER_SHARE = "USD/shares"

FIGURE_TAGS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "revenue": (
        ("Revenues", "the total-revenue concept; Alphabet tags its total here"),
        ("RevenueFromContractWithCustomerExcludingAssessedTax",
         "ASC 606 revenue (2018 on), the total for most filers (Snowflake, Apple)"),
        ("RevenueFromContractWithCustomerIncludingAssessedTax",
         "ASC 606 revenue for filers that present sales taxes gross"),
        ("SalesRevenueNet", "pre-2018 total net sales (Apple before fiscal 2018)"),
        ("SalesRevenueGoodsNet", "pre-2018 net sales of goods, used alone by some retailers"),
    ),
    "gross_profit": (("GrossProfit", "the only gross-profit concept"),),
    "operating_income": (("OperatingIncomeLoss", "operating income or loss"),),
    "net_income": (
        ("NetIncomeLoss", "net income attributable to the parent, what releases headline"),
    ),
    "eps_basic": (
        ("EarningsPerShareBasic", "basic EPS"),
        ("EarningsPerShareBasicAndDiluted", "one line for both when they are equal"),
    ),
    "eps_diluted": (
        ("EarningsPerShareDiluted", "diluted EPS"),
        ("EarningsPerShareBasicAndDiluted", "one line for both when they are equal"),
    ),
    "total_assets": (("Assets", "total assets"),),
    "total_liabilities": (("Liabilities", "total liabilities (not every filer states it)"),),
    "stockholders_equity": (
        ("StockholdersEquity", "equity attributable to the parent"),
        ("StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest",
         "total equity, for filers that state only that"),
    ),
}

# Balance-sheet figures are instants (`end` only); the others are durations.
INSTANT_FIGURES = frozenset(n for n in FIGURE_TAGS if FIGURE_KIND[n].balance_sheet)

# Tag -> figures it may state (a tag can serve two figures: basic-and-diluted EPS).
TAG_FIGURES: Mapping[str, tuple[str, ...]] = {
    tag: tuple(f for f, entries in FIGURE_TAGS.items() if any(t == tag for t, _ in entries))
    for entries in FIGURE_TAGS.values() for tag, _ in entries
}


def unit_for(figure: str) -> str:
    """The companyfacts unit a figure is read in: dollars, or dollars per share."""
    return USD_PER_SHARE if figure in PER_SHARE_FIGURES else USD

"""Key figures from releases of every layout, and the traps the corpus notes name.

Every expected value was read off the test documents under documents/figures/ by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.evaluation import score_corpus
from monitor.extract.figures import extract_figures
from monitor.extract.lineitems import match_row
from monitor.models import Figure

DOCS = Path(__file__).parent / "documents" / "figures"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

Expected = dict[str, tuple[float | None, float | None]]

CASES: dict[str, Expected] = {
    # Workiva HTML: "$", value and ")" in separate cells, spacer columns, rowspan header,
    # noncontrolling interests, EPS under a heading, in thousands.
    "modern_split_cells.htm": {
        "revenue": (53_750_000, 49_000_000),
        "gross_profit": (23_650_000, 21_600_000),
        "operating_income": (-2_350_000, -1_000_000),
        "net_income": (-1_950_000, -800_000),
        "eps_basic": (-0.42, -0.18),
        "eps_diluted": (-0.42, -0.18),
    },
    # 2004-style <font> HTML: balance sheet first, 3- and 9-month columns, EPS before the
    # accounting change and total, a non-GAAP statement after, in millions.
    "font_tags.htm": {
        "revenue": (1_236_000_000, 1_087_000_000),
        "gross_profit": (368_000_000, 297_000_000),
        "operating_income": (63_000_000, 19_000_000),
        "net_income": (55_000_000, 18_000_000),
        "eps_basic": (0.14, 0.05),
        "eps_diluted": (0.13, 0.05),
        "total_assets": (6_930_000_000, 6_315_000_000),
        "total_liabilities": (2_390_000_000, 2_275_000_000),
        "stockholders_equity": (4_540_000_000, 4_040_000_000),
    },
    # SGML <TABLE>/<S>/<C> text table, wrapped label, "Basic and diluted".
    "sgml_table.txt": {
        "revenue": (6_412_000, 5_018_000),
        "gross_profit": (3_437_000, 2_717_000),
        "operating_income": (-3_657_000, -3_040_000),
        "net_income": (-3_539_000, -3_082_000),
        "eps_basic": (-0.21, -0.24),
        "eps_diluted": (-0.21, -0.24),
    },
    # Space-aligned text, no markers, a page break with repeated letterhead inside the
    # income statement, then a balance sheet whose prior column is the year end.
    "text_page_break.txt": {
        "revenue": (6_204_000, 8_115_000),
        "gross_profit": (-526_000, 213_000),
        "operating_income": (-2_953_000, -2_805_000),
        "net_income": (-3_854_000, -3_857_000),
        "eps_basic": (-0.05, -0.06),
        "eps_diluted": (-0.05, -0.06),
        "working_capital": (-12_406_000, -9_881_000),
        "total_assets": (64_210_000, 66_905_000),
        "total_liabilities": (58_377_000, 57_218_000),
        "stockholders_equity": (5_833_000, 9_687_000),
    },
    # Prose only: guidance, segment and sequential comparisons must not be read.
    "prose_only.txt": {
        "revenue": (2_720_000_000, 2_520_000_000),
        "net_income": (204_000_000, 125_000_000),
        "eps_diluted": (0.27, 0.17),
        "operating_income": (412_000_000, None),
    },
    # Three quarterly columns: current, sequential, year-ago; then nine-month columns.
    "sequential_quarter.htm": {
        "revenue": (612_408_000, 540_391_000),
        "operating_income": (88_617_000, 52_113_000),
        "net_income": (61_230_000, 33_507_000),
        "eps_basic": (1.42, 0.78),
        "eps_diluted": (1.39, 0.77),
    },
    # Year-to-date columns first; preferred dividends (no noncontrolling interests).
    "ytd_first.htm": {
        "revenue": (97_300_000, 88_100_000),
        "gross_profit": (35_800_000, 30_900_000),
        "operating_income": (11_900_000, 9_200_000),
        "net_income": (8_700_000, 6_700_000),
        "eps_basic": (0.85, 0.65),
        "eps_diluted": (0.83, 0.64),
    },
    # Balance sheet with current, year-end and year-ago columns.
    "balance_three_columns.htm": {
        "total_assets": (812_447_000, 768_021_000),
        "total_liabilities": (401_962_000, 395_310_000),
        "stockholders_equity": (410_485_000, 372_711_000),
    },
    # Non-GAAP highlights and a reconciliation come before the GAAP statement.
    "non_gaap_first.htm": {
        "revenue": (1_450_000_000, 1_300_000_000),
        "operating_income": (205_000_000, 198_000_000),
        "net_income": (118_000_000, 131_000_000),
        "eps_basic": (1.19, 1.32),
        "eps_diluted": (1.18, 1.31),
    },
    # "Net loss" and "Loss from operations" printed without parentheses.
    "net_loss_words.txt": {
        "revenue": (1_210_000, 980_000),
        "gross_profit": (320_000, 278_000),
        "operating_income": (-1_135_000, -1_023_000),
        "net_income": (-1_093_000, -1_005_000),
        "eps_basic": (-0.08, -0.09),
        "eps_diluted": (-0.08, -0.09),
    },
    # No scale caption: whole dollars.
    "whole_dollars.htm": {
        "revenue": (1_523_410, 1_902_335),
        "net_income": (-412_907, -133_018),
        "eps_basic": (-0.01, 0.0),
        "eps_diluted": (-0.01, 0.0),
    },
    # Prose only: full-year sentences first, the quarter after ("earnings of ..., or ...
    # per diluted share"; the comparison in the next sentence; "$A and $B, respectively").
    "prose_year_first.txt": {
        "revenue": (1_180_000_000, 1_090_000_000),
        "net_income": (96_200_000, 88_400_000),
        "eps_diluted": (0.71, 0.65),
    },
    # Prose only: 12-week quarter, EPS in its own sentence, a bullet list.
    "prose_eps_sentence.txt": {
        "revenue": (842_700_000, 815_300_000),
        "gross_profit": (231_500_000, None),
        "net_income": (-6_400_000, -9_800_000),
        "eps_basic": (-0.21, -0.33),
        "eps_diluted": (-0.21, -0.33),
    },
    # Biotech statement whose only revenue line is "Collaboration revenue".
    "sole_revenue_line.htm": {
        "revenue": (6_210_000, 3_905_000),
        "operating_income": (-34_668_000, -31_547_000),
        "net_income": (-32_553_000, -29_787_000),
        "eps_basic": (-0.61, -0.72),
        "eps_diluted": (-0.61, -0.72),
        "total_assets": (245_117_000, 301_902_000),
    },
    # "Q2 | Q3 | Q3" on their own header row above "2024 | 2024 | 2023".
    "quarter_row_columns.htm": {
        "revenue": (1_587_000_000, 1_366_000_000),
        "gross_profit": (812_000_000, 655_000_000),
        "operating_income": (246_000_000, 171_000_000),
        "net_income": (203_000_000, 139_000_000),
        "eps_basic": (0.83, 0.56),
        "eps_diluted": (0.81, 0.55),
    },
    # Bank summary: reported vs managed revenue, undated dollar-change columns (Q/Q, Y/Y).
    "bank_summary_reported.htm": {
        "revenue": (6_025_000_000, 5_582_000_000),
        "net_income": (1_914_000_000, 1_390_000_000),
        "eps_diluted": (2.41, 1.72),
    },
    # Old <font> HTML: "Three/Nine Months Ended" header cells on other grid columns than
    # the values (the second one sits over the prior-year quarter's column).
    "old_html_spanning_headers.htm": {
        "revenue": (24_315_000, 21_002_000),
        "gross_profit": (11_207_000, 9_655_000),
        "operating_income": (1_822_000, -415_000),
        "net_income": (1_415_000, -502_000),
        "eps_basic": (0.09, -0.03),
        "eps_diluted": (0.08, -0.03),
    },
    # Space-aligned text, quarter and six-month columns, one "Earnings per share" line with
    # no basic or diluted (a company without dilutive securities): it is both.
    "unqualified_eps_text.txt": {
        "revenue": (52_311_000, 48_102_000),
        "gross_profit": (17_101_000, 15_098_000),
        "operating_income": (6_051_000, 4_198_000),
        "net_income": (3_553_000, 2_317_000),
        "eps_basic": (0.42, 0.28),
        "eps_diluted": (0.42, 0.28),
    },
    # A text table inside an HTML <pre> block.
    "pre_wrapped.htm": {
        "revenue": (45_210_000, 40_877_000),
        "gross_profit": (17_330_000, 15_120_000),
        "operating_income": (6_015_000, 5_441_000),
        "net_income": (3_988_000, 3_502_000),
        "eps_basic": (0.42, 0.37),
        "eps_diluted": (0.41, 0.36),
    },
}


def _figures(name: str) -> dict[str, Figure]:
    return extract_figures((DOCS / name).read_bytes(), name)


def _assert_close(got: float | None, want: float | None, name: str) -> None:
    if want is None:
        assert got is None, f"{name}: expected nothing, got {got}"
        return
    assert got is not None, f"{name}: missed"
    assert got == pytest.approx(want, rel=1e-9, abs=1e-9), name


@pytest.mark.parametrize("document", sorted(CASES))
def test_documents_give_exactly_the_expected_figures(document: str) -> None:
    figures = _figures(document)
    expected = CASES[document]
    assert set(figures) == set(expected), document
    for name, (current, prior) in expected.items():
        _assert_close(figures[name].current, current, f"{document} {name}.current")
        _assert_close(figures[name].prior, prior, f"{document} {name}.prior")


def test_three_and_nine_month_columns_pick_the_quarter() -> None:
    assert _figures("font_tags.htm")["operating_income"].prior == 19_000_000  # not (39)


def test_sequential_quarter_between_is_skipped_for_the_year_ago_column() -> None:
    assert _figures("sequential_quarter.htm")["revenue"].prior == 540_391_000


def test_year_to_date_columns_first_still_give_the_quarter() -> None:
    assert _figures("ytd_first.htm")["revenue"].current == 97_300_000


def test_balance_sheet_prior_is_the_year_end_column() -> None:
    assert _figures("balance_three_columns.htm")["total_assets"].prior == 768_021_000


def test_gaap_statement_wins_over_non_gaap_tables_that_come_first() -> None:
    figures = _figures("non_gaap_first.htm")
    assert figures["net_income"].current == 118_000_000
    assert figures["eps_diluted"].current == 1.18


def test_scale_in_millions_except_per_share_leaves_eps_unscaled() -> None:
    figures = _figures("font_tags.htm")
    assert figures["revenue"].current == 1_236_000_000
    assert figures["eps_basic"].current == 0.14


def test_total_eps_is_taken_not_the_before_accounting_change_line() -> None:
    assert _figures("font_tags.htm")["eps_diluted"].current == 0.13


def test_parentheses_make_losses_negative() -> None:
    assert _figures("sgml_table.txt")["net_income"].current == -3_539_000


def test_loss_worded_labels_are_negative_without_parentheses() -> None:
    figures = _figures("net_loss_words.txt")
    assert figures["net_income"].current == -1_093_000
    assert figures["eps_basic"].current == -0.08


def test_prose_net_loss_of_is_negative() -> None:
    text = (
        b"Hooli Reports First Quarter 2006 Results\n\n"
        b"Hooli reported a net loss of $4.0 million, or $0.06 per diluted share, in the\n"
        b"first quarter of 2006, compared with a net loss of $4.1 million, or $0.07 per\n"
        b"diluted share, in the first quarter of 2005.\n"
    )
    figures = extract_figures(text, "hooli.txt")
    assert figures["net_income"].current == -4_000_000
    assert figures["net_income"].prior == pytest.approx(-4_100_000)
    assert figures["eps_diluted"].current == -0.06
    assert figures["eps_diluted"].prior == -0.07


def test_attributable_net_income_wins_over_consolidated() -> None:
    figures = _figures("modern_split_cells.htm")
    assert figures["net_income"].label == "Net loss attributable to Acme Robotics, Inc."


def test_net_income_before_preferred_dividends_without_minority_interests() -> None:
    assert _figures("ytd_first.htm")["net_income"].label == "Net income"


def test_prose_skips_guidance_segments_and_sequential_comparisons() -> None:
    figures = _figures("prose_only.txt")
    assert figures["revenue"].current == 2_720_000_000  # not the segment's or the outlook's
    assert figures["operating_income"].prior is None  # "from ... in the third quarter"


def test_figures_say_where_they_came_from() -> None:
    revenue = _figures("sgml_table.txt")["revenue"]
    assert revenue.source == "table"
    assert revenue.document == "sgml_table.txt"
    assert revenue.label == "Revenues, net"
    assert "STATEMENTS OF OPERATIONS" in revenue.context
    assert "September 30, 2005" in revenue.context

    sentence = _figures("prose_only.txt")["revenue"]
    assert sentence.source == "sentence"
    assert "compared with $2.52 billion" in sentence.context


def test_documents_without_figures_give_none() -> None:
    assert extract_figures(b"") == {}
    assert extract_figures(b"<html><body><p>Board appoints a new director.</p></body></html>") == {}
    assert extract_figures(b"\x00\xff garbage \xfe" * 100) == {}


def test_eps_of_a_share_count_heading_is_not_taken() -> None:
    figures = _figures("modern_split_cells.htm")
    assert figures["eps_basic"].current == -0.42  # not the 4,642 weighted shares


def test_prose_quarter_wins_over_full_year_stated_first() -> None:
    figures = _figures("prose_year_first.txt")
    assert figures["net_income"].current == 96_200_000  # not the full-year 412.6 million
    assert figures["revenue"].current == 1_180_000_000  # not the full-year 4.81 billion


def test_prose_respectively_gives_current_and_prior() -> None:
    revenue = _figures("prose_year_first.txt")["revenue"]
    assert (revenue.current, revenue.prior) == (1_180_000_000, 1_090_000_000)


def test_prose_comparison_in_the_next_sentence_is_the_prior() -> None:
    figures = _figures("prose_year_first.txt")
    assert figures["net_income"].prior == 88_400_000
    assert figures["eps_diluted"].prior == 0.65


def test_prose_earnings_with_a_per_share_amount_is_net_income() -> None:
    figures = _figures("prose_year_first.txt")
    assert figures["net_income"].label == "reported earnings of"
    assert "operating_income" not in figures  # "Operating earnings for the utility segment"


def test_prose_qualified_earnings_are_not_net_income() -> None:
    text = (
        b"Acme Reports Fourth Quarter Results\n\n"
        b"Acme reported fourth quarter operating earnings of $52.0 million, or $1.10 per\n"
        b"diluted share, compared with $47.5 million, or $1.01 per diluted share.\n"
    )
    assert extract_figures(text) == {}


def test_prose_eps_stated_in_its_own_sentence() -> None:
    figures = _figures("prose_eps_sentence.txt")
    assert (figures["eps_basic"].current, figures["eps_basic"].prior) == (-0.21, -0.33)
    assert (figures["eps_diluted"].current, figures["eps_diluted"].prior) == (-0.21, -0.33)


def test_prose_weeks_periods_and_bullets() -> None:
    figures = _figures("prose_eps_sentence.txt")
    assert figures["revenue"].current == 842_700_000  # 12 weeks, not the 36 weeks
    assert figures["gross_profit"].current == 231_500_000  # a bullet of its own


def test_prose_per_basic_and_diluted_share_gives_both() -> None:
    text = (
        b"Zeta Labs Reports Third Quarter 2001 Results\n\n"
        b"For the third quarter, the Company reported a net loss of $1,250,000 or $0.09 per\n"
        b"basic and diluted share, compared to a net loss of $2,400,000 or $0.19 per basic\n"
        b"and diluted share for the third quarter of 2000.\n"
    )
    figures = extract_figures(text)
    assert figures["eps_basic"].current == -0.09
    assert figures["eps_diluted"].prior == -0.19


def test_prose_prior_named_as_another_quarter_is_sequential() -> None:
    text = (
        b"Epsilon Corp Reports Q4 2024 Results\n\n"
        b"Revenue was $52.3 million, compared to $49.8 million in Q3 2024.\n"
        b"Net income was $4.1 million, compared to $3.2 million in Q4 2023.\n"
    )
    figures = extract_figures(text)
    assert (figures["revenue"].current, figures["revenue"].prior) == (52_300_000, None)
    assert (figures["net_income"].current, figures["net_income"].prior) == (4_100_000, 3_200_000)


def test_sole_named_revenue_line_is_the_revenue() -> None:
    revenue = _figures("sole_revenue_line.htm")["revenue"]
    assert revenue.label == "Collaboration revenue"
    assert revenue.current == 6_210_000


def test_named_revenue_lines_without_a_total_give_no_revenue() -> None:
    html = b"""<html><body><p>STATEMENTS OF OPERATIONS (in thousands)</p><table>
<tr><td></td><td>2024</td><td>2023</td></tr>
<tr><td>Product revenue</td><td>5,100</td><td>4,800</td></tr>
<tr><td>Service revenue</td><td>2,300</td><td>2,000</td></tr>
<tr><td></td><td>7,400</td><td>6,800</td></tr>
<tr><td>Net loss</td><td>(1,200)</td><td>(1,500)</td></tr>
</table></body></html>"""
    figures = extract_figures(html)
    assert "revenue" not in figures
    assert figures["net_income"].current == -1_200_000


def test_named_revenue_line_below_the_top_of_a_statement_is_a_component() -> None:
    html = b"""<html><body><p>CONSOLIDATED STATEMENTS OF INCOME (in thousands)</p><table>
<tr><td></td><td>2024</td><td>2023</td></tr>
<tr><td>Total interest income</td><td>70,000</td><td>64,000</td></tr>
<tr><td>Net interest income</td><td>40,112</td><td>37,950</td></tr>
<tr><td>Mortgage banking revenue</td><td>3,300</td><td>2,900</td></tr>
<tr><td>Net income</td><td>12,400</td><td>11,000</td></tr>
</table></body></html>"""
    figures = extract_figures(html)
    assert "revenue" not in figures
    assert figures["net_income"].current == 12_400_000


def test_spanning_period_headers_off_the_value_grid_cover_their_share_of_columns() -> None:
    net_income = _figures("old_html_spanning_headers.htm")["net_income"]
    assert net_income.prior == -502_000  # the three-month prior, not left out as nine-month


def test_quarter_named_on_its_own_header_row_orders_the_columns() -> None:
    figures = _figures("quarter_row_columns.htm")
    assert figures["net_income"].current == 203_000_000  # Q3 2024, not the sequential Q2
    assert figures["net_income"].prior == 139_000_000


def test_reported_revenue_line_is_taken_and_managed_basis_is_not() -> None:
    revenue = _figures("bank_summary_reported.htm")["revenue"]
    assert revenue.label == "Net revenue - reported"
    assert revenue.current == 6_025_000_000  # not the managed-basis 6,140


def test_dollar_change_columns_marked_q_q_and_y_y_are_left_out() -> None:
    net_income = _figures("bank_summary_reported.htm")["net_income"]
    assert (net_income.current, net_income.prior) == (1_914_000_000, 1_390_000_000)


@pytest.mark.corpus
def test_corpus_earnings_and_seed_meet_the_accuracy_targets() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    correct = wrong = total = 0
    for folder in ("earnings", "seed"):
        score = score_corpus(CORPUS / folder).overall
        correct, wrong, total = correct + score.correct, wrong + score.wrong, total + score.total
    assert total > 100
    assert correct / total >= 0.95
    assert wrong / total <= 0.01


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_extraction_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    extract_figures(raw)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<table>",
                "</table>",
                "<tr>",
                "<td>",
                "</td>",
                '<td colspan="3">',
                '<td rowspan="2">',
                "Net sales",
                "$",
                "(1,234",
                ")",
                "2024",
                "—",
                "%",
                "Three Months Ended",
                "<TABLE>",
                "<S>",
                "<C>",
                "\n",
                "   ",
                "Net loss",
                "Basic",
                "per share",
                "(in thousands)",
                "<PAGE>",
                "December 31,",
            ]
        ),
        max_size=80,
    )
)
def test_extraction_never_raises_on_table_like_noise(parts: list[str]) -> None:
    extract_figures("".join(parts).encode())


def test_component_lines_under_a_per_share_heading_are_not_total_eps() -> None:
    text = b"""
                       ORANGE GROVE CO., INC.
                  CONSOLIDATED STATEMENTS OF INCOME
              (In thousands, except per share amounts)

                                             Three Months Ended
                                                 March 31,
                                            1995       1994
Net sales                                 $111,325   $ 98,702
Net income before extraordinary item         9,135      3,345
Extraordinary (loss)                           ---       (597)
Net Income                                $  9,135   $  2,748

Net income per common and common equivalent shares:
  Continuing operations                      $.89       $.33
  Extraordinary (loss)                       $---      $(.06)
  Net Income                                 $.89       $.27
"""
    figures = extract_figures(text)
    assert figures["net_income"].current == 9_135_000
    assert figures["net_income"].prior == 2_748_000
    assert figures["eps_basic"].current == 0.89
    assert figures["eps_basic"].prior == 0.27


@pytest.mark.parametrize(
    ("label", "context", "figure"),
    [
        ("Net sales", (), "revenue"),
        ("Total revenues", (), "revenue"),
        ("Revenues, net", (), "revenue"),
        ("Net operating revenues", (), "revenue"),
        ("Total sales and revenues", (), "revenue"),
        ("SALES, Net of returns and allowances", (), "revenue"),
        ("Total revenues and other income", (), "revenue"),
        ("Sales to customers", (), "revenue"),
        ("Gross profit (loss)", (), "gross_profit"),
        ("Gross margin", (), "gross_profit"),
        ("Loss from operations", (), "operating_income"),
        ("(Loss)/earnings from operations", (), "operating_income"),
        ("Operating income (loss)", (), "operating_income"),
        ("Earnings from operations", (), "operating_income"),
        ("Net income (loss) attributable to Acme Corp.", (), "net_income"),
        ("NET INCOME/ (LOSS)", (), "net_income"),
        ("Net (loss) earnings", (), "net_income"),
        ("Net Income - As Reported", (), "net_income"),
        ("GAAP net income", (), "net_income"),
        ("Revenue (GAAP)", (), "revenue"),
        ("Total revenue - as reported", (), "revenue"),
        ("Basic", ("Earnings per share:",), "eps_basic"),
        ("Diluted", ("Net loss per share:",), "eps_diluted"),
        ("Earnings per common share - assuming dilution", (), "eps_diluted"),
        ("Diluted EPS", (), "eps_diluted"),
        ("Total assets", (), "total_assets"),
        ("Total liabilities", (), "total_liabilities"),
        ("Total stockholders' equity (deficit)", (), "stockholders_equity"),
        ("Working capital (deficiency)", (), "working_capital"),
        ("Equity", (), "stockholders_equity"),
        ("Basic", ("Per share of common stock", "Net income attributable to Acme - Basic"),
         "eps_basic"),
        ("Net income attributable to Acme - Diluted",
         ("Per share of common stock", "Net income attributable to Acme"), "eps_diluted"),
    ],
)
def test_line_items_as_filers_name_them(label: str, context: tuple[str, ...], figure: str) -> None:
    assert [m.figure for m in match_row(label, context, has_nci=True)] == [figure]


def test_basic_and_diluted_loss_per_share_is_both() -> None:
    matches = match_row("Basic and diluted net loss per share", (), has_nci=False)
    assert sorted(m.figure for m in matches) == ["eps_basic", "eps_diluted"]
    assert all(m.negate for m in matches)


@pytest.mark.parametrize(
    ("label", "context"),
    [
        ("Adjusted net income", ()),
        ("Net revenue - managed", ()),
        ("Deferred revenue", ()),
        ("Cost of product sales", ()),
        ("Non-GAAP operating income", ()),
        ("Net income attributable to noncontrolling interests", ()),
        ("Cost of revenues", ()),
        ("Income from continuing operations", ()),
        ("Total liabilities and stockholders' equity", ()),
        ("Basic", ("Weighted average shares outstanding:",)),
        ("Cash dividends declared per share", ()),
        ("Gross margin %", ()),
        ("Net income before extraordinary item", ()),
        ("Earnings per share before cumulative effect of change in accounting principle", ()),
    ],
)
def test_lines_that_are_not_key_figures_are_not_matched(
    label: str, context: tuple[str, ...]
) -> None:
    assert match_row(label, context, has_nci=True) == []


@pytest.mark.corpus
def test_whole_corpus_scores_without_errors() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    report = score_corpus(CORPUS)
    assert report.overall.total > 0
    assert {d.folder for d in report.documents} >= {"earnings", "seed", "signals"}

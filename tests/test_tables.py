"""Table parsing (HTML grid and text column positions) and column semantics."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.extract.columns import (
    balance_columns,
    column_infos,
    income_columns,
    period_end,
    period_months,
)
from monitor.extract.tables import Table, html_tables
from monitor.extract.text_tables import text_tables

DOCS = Path(__file__).parent / "documents" / "figures"


def _row(table: Table, label: str) -> dict[int, float]:
    for row in table.rows:
        if row.label == label:
            return {col: num.value for col, num in row.values.items()}
    raise AssertionError(f"no row {label!r} in {[r.label for r in table.rows]}")


# --- HTML --------------------------------------------------------------------------------


def test_split_cells_become_one_value_per_column() -> None:
    (table,) = html_tables((DOCS / "modern_split_cells.htm").read_bytes())
    assert table.width == 2
    assert _row(table, "Total revenues") == {0: 53750, 1: 49000}
    # "(2,350" and ")" in separate cells, "$" in its own cell.
    assert _row(table, "Loss from operations") == {0: -2350, 1: -1000}
    assert _row(table, "Net loss attributable to Acme Robotics, Inc.") == {0: -1950, 1: -800}


def test_rowspan_and_colspan_headers_land_on_their_columns() -> None:
    (table,) = html_tables((DOCS / "modern_split_cells.htm").read_bytes())
    assert "Three Months Ended March 31" in table.headers[0]
    assert table.headers[0].endswith("2024")
    assert table.headers[1].endswith("2023")


def test_caption_before_the_table_is_kept_for_scale_and_title() -> None:
    (table,) = html_tables((DOCS / "modern_split_cells.htm").read_bytes())
    assert "STATEMENTS OF OPERATIONS" in table.caption
    assert "(in thousands, except per share data)" in table.caption


def test_label_only_rows_give_context_to_the_rows_below() -> None:
    (table,) = html_tables((DOCS / "modern_split_cells.htm").read_bytes())
    basic = [r for r in table.rows if r.label == "Basic"]
    assert "Net loss per share" in basic[0].context[-1]
    assert "Weighted-average shares" in basic[1].context[-1]


def test_stacked_statements_in_one_table_are_split_at_their_headers() -> None:
    html = """<table>
    <tr><td></td><td>Three Months Ended March 31, 2024</td>
        <td>Three Months Ended March 31, 2023</td></tr>
    <tr><td>Revenue</td><td>100</td><td>90</td></tr>
    <tr><td>OTHER DATA</td><td></td><td></td></tr>
    <tr><td></td><td>Six Months Ended June 30, 2024</td><td>Six Months Ended June 30, 2023</td></tr>
    <tr><td>Revenue</td><td>200</td><td>180</td></tr>
    </table>"""
    first, second = html_tables(html)
    assert _row(first, "Revenue") == {0: 100, 1: 90}
    assert _row(second, "Revenue") == {0: 200, 1: 180}
    assert "Six Months" in second.headers[0]
    assert "OTHER DATA" in second.title


def test_percent_cells_split_from_their_sign_are_marked_percent() -> None:
    html = """<table>
    <tr><td></td><td colspan="2">2024</td><td colspan="2">2023</td>
        <td colspan="2">% Change</td></tr>
    <tr><td>Revenues</td><td>$</td><td>12,354</td><td>$</td><td>13,388</td><td>-8</td><td>%</td></tr>
    </table>"""
    (table,) = html_tables(html)
    row = table.rows[0]
    assert row.values[2].percent and row.values[2].value == -8
    assert not row.values[0].percent


# --- text ----------------------------------------------------------------------------------


def test_sgml_table_is_parsed_by_column_position() -> None:
    tables = text_tables((DOCS / "sgml_table.txt").read_text())
    (table,) = tables
    assert _row(table, "Revenues, net") == {0: 6412, 1: 5018}
    assert _row(table, "Interest income (expense), net") == {0: 118, 1: -42}
    assert "2005" in table.headers[0] and "2004" in table.headers[1]


def test_wrapped_labels_are_joined() -> None:
    (table,) = text_tables((DOCS / "sgml_table.txt").read_text())
    assert _row(table, "Basic and diluted net loss per share") == {0: -0.21, 1: -0.24}
    assert _row(table, "Shares used in computing basic and diluted net loss per share") == {
        0: 16852,
        1: 12841,
    }


def test_page_break_and_repeated_letterhead_do_not_split_a_table() -> None:
    tables = text_tables((DOCS / "text_page_break.txt").read_text())
    income = tables[0]
    labels = [r.label for r in income.rows]
    assert "Loss from operations" in labels and "Net loss" in labels
    assert not any("GLOBEX" in label or "Harbor" in label for label in labels)
    assert _row(income, "Net loss") == {0: -3854, 1: -3857}


def test_balance_sheet_after_the_income_statement_is_its_own_table() -> None:
    tables = text_tables((DOCS / "text_page_break.txt").read_text())
    balance = tables[-1]
    assert "BALANCE SHEET" in balance.title
    assert "December 31" in balance.headers[1]
    assert _row(balance, "Working capital (deficiency)") == {0: -12406, 1: -9881}


def test_dash_sub_items_read_with_their_parent_label() -> None:
    text = """
                                          3 Months Ended
                                          2004       2003
Net Income - Excluding One-Time Items    $  180     $  162
  - As Reported                          $  204     $  125
"""
    (table,) = text_tables(text)
    assert [r.label for r in table.rows] == [
        "Net Income - Excluding One-Time Items",
        "Net Income - As Reported",
    ]


def test_prose_ending_in_a_number_is_not_a_table_row() -> None:
    text = (
        "The company reported net income of $53 million compared with $309\nmillion a year ago.\n"
    )
    assert text_tables(text) == []


# --- column semantics -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "months"),
    [
        ("Three Months Ended | December 31, 2023", 3),
        ("For the 13 | Weeks Ended", 3),
        ("Fourth-Quarter | 2023", 3),
        ("Q4'23", 3),
        ("Thirty-Nine Weeks Ended", 9),
        ("NINE MONTHS ENDED | June 26, | 2004", 9),
        ("Six Months Ended June 30,", 6),
        ("Twelve Months Ended December 31,", 12),
        ("Full-Year | 2023", 12),
        ("Year-to-date", 10),
        ("December 31, 2023", None),
    ],
)
def test_period_length_from_header(header: str, months: int | None) -> None:
    assert period_months(header) == months


@pytest.mark.parametrize(
    ("header", "end"),
    [
        ("Three Months Ended | December 31, 2023", (2023, 12)),
        ("THREE MONTHS ENDED | June 28, | 2003", (2003, 6)),
        ("11/30/2024", (2024, 11)),
        ("4Q24", (2024, 12)),
        ("Q3 2024", (2024, 9)),
        ("For the 13 | Weeks Ended | July 3, 2004 and | June 28, 2003 | 2003", (2003, 6)),
        ("For the 13 | Weeks Ended | July 3, 2004 and | June 28, 2003 | 2004", (2004, 7)),
        ("2004 | (Notes)", (2004, None)),
        ("As Reported", (None, None)),
        ("Q2 | 2024", (2024, 6)),
        ("Third Quarter | 2024", (2024, 9)),
        ("3Q | 2023", (2023, 9)),
    ],
)
def test_period_end_from_header(header: str, end: tuple[int | None, int | None]) -> None:
    assert period_end(header) == end


def _table(*headers: str) -> Table:
    return Table(index=0, caption="", headers=list(headers))


def test_three_and_nine_month_columns_pick_the_quarter() -> None:
    table = _table(
        "Three Months Ended | June 26, 2004",
        "Three Months Ended | June 28, 2003",
        "Nine Months Ended | June 26, 2004",
        "Nine Months Ended | June 28, 2003",
    )
    assert income_columns(column_infos(table), None) == (0, 1)


def test_year_to_date_columns_first_still_pick_the_quarter() -> None:
    table = _table(
        "Six Months Ended | 2024", "Six Months Ended | 2023",
        "Three Months Ended | 2024", "Three Months Ended | 2023",
    )  # fmt: skip
    assert income_columns(column_infos(table), None) == (2, 3)


def test_sequential_quarter_between_is_not_the_prior_period() -> None:
    table = _table(
        "Three Months Ended | December 31, 2023",
        "Three Months Ended | September 30, 2023",
        "Three Months Ended | December 31, 2022",
    )
    assert income_columns(column_infos(table), None) == (0, 2)


def test_only_a_sequential_quarter_means_no_prior() -> None:
    table = _table("4Q24", "3Q24", "Change vs 3Q24")
    assert income_columns(column_infos(table), None) == (0, None)


def test_change_forecast_and_adjusted_columns_are_never_picked() -> None:
    table = _table("Q4'23", "Q1'24 Forecast", "% Change", "Q4'23 (Adjusted)", "Q4'22")
    assert income_columns(column_infos(table), None) == (0, 4)


def test_balance_sheet_prior_column_is_the_last_year_end() -> None:
    table = _table("September 30, 2024", "December 31, 2023 (1)", "September 30, 2023")
    assert balance_columns(column_infos(table)) == (0, 1)


def test_undated_two_column_table_reads_current_then_prior() -> None:
    table = _table("", "")
    assert income_columns(column_infos(table), None) == (0, 1)
    assert income_columns(column_infos(_table("", "", "")), None) is None


def test_header_row_with_fewer_cells_than_the_body_is_read_in_order() -> None:
    html = """<table>
    <tr><td></td><td>2004</td><td>2003</td></tr>
    <tr><td>Net sales</td><td>$</td><td>1,234</td><td>$</td><td>1,111</td></tr>
    </table>"""
    (table,) = html_tables(html)
    assert table.headers == ["2004", "2003"]


def test_dollar_change_columns_are_never_picked() -> None:
    table = _table("4Q24", "3Q24", "4Q23", "$ O/(U) 3Q24", "Y/Y $", "B/(W) 4Q23")
    infos = column_infos(table)
    assert [c.excluded for c in infos] == [False, False, False, True, True, True]
    assert income_columns(infos, None) == (0, 2)


def test_spanning_period_headers_off_the_value_grid_are_shared_out_in_order() -> None:
    html = """<table>
    <tr><td></td><td colspan=3>Three Months Ended</td><td></td>
        <td colspan=3>Nine Months Ended</td></tr>
    <tr><td></td><td>2006</td><td></td><td>2005</td><td></td><td>2006</td><td></td><td>2005</td></tr>
    <tr><td>Net sales</td><td>$</td><td>24,315</td><td></td><td>$</td><td>21,002</td><td></td>
        <td>$</td><td>70,118</td><td></td><td>$</td><td>61,440</td></tr>
    </table>"""
    (table,) = html_tables(html)
    assert [h.split(" | ")[0] for h in table.headers] == [
        "Three Months Ended", "Three Months Ended", "Nine Months Ended", "Nine Months Ended",
    ]  # fmt: skip
    assert income_columns(column_infos(table), None) == (0, 1)


def test_html_label_wrapped_onto_the_next_row_is_joined() -> None:
    html = """<table>
    <tr><td></td><td>2004</td><td>2003</td></tr>
    <tr><td>Net income (loss) attributable to</td><td></td><td></td></tr>
    <tr><td>Acme Corp. common stockholders</td><td>234</td><td>(111)</td></tr>
    <tr><td>Earnings per share:</td><td></td><td></td></tr>
    <tr><td>Basic</td><td>0.12</td><td>(0.05)</td></tr>
    </table>"""
    (table,) = html_tables(html)
    assert [r.label for r in table.rows] == [
        "Net income (loss) attributable to Acme Corp. common stockholders",
        "Basic",
    ]
    assert table.rows[0].context == ()
    assert table.rows[1].context == ("Earnings per share",)

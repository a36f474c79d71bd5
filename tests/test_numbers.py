"""Number, scale and prose-amount parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.extract.numbers import (
    find_scale,
    format_number,
    parse_amount,
    parse_cell,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1234.0),
        ("$(1,234.5)", -1234.5),
        ("(0.06)", -0.06),
        ("$ (3.71)", -3.71),
        ("$  (806)", -806.0),
        ("(1,409", -1409.0),  # Workiva puts the ")" in the next cell
        ("1,409)", -1409.0),
        ("-8", -8.0),
        ("−1,000", -1000.0),  # unicode minus
        ("+355", 355.0),
        ("$.16", 0.16),
        ("$ 14,249", 14249.0),
        ("8,832,825", 8832825.0),
        ("2,014 (a)", 2014.0),  # trailing footnote marker
        ("—", 0.0),
        ("-", 0.0),
        ("---", 0.0),
        ("$ -", 0.0),
        ("$99.8 billion", 99.8e9),
        ("$412 million", 412e6),
    ],
)
def test_parse_number_reads_printed_values(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["", "N/A", "n/m*", "abc", "1.2.3", "$", ")", "%", "1e5", "inf", "4Q24", "1,23"]
)
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_percent_cells_are_flagged_not_dropped() -> None:
    cell = parse_cell("(24.0%)")
    assert cell is not None and cell.percent and cell.value == -24.0


def test_inline_scale_word_marks_the_cell_as_already_scaled() -> None:
    cell = parse_cell("$7.3 billion")
    assert cell is not None and cell.scaled and cell.value == pytest.approx(7.3e9)


def test_bare_years_are_recognised_as_headers() -> None:
    year = parse_cell("2024")
    assert year is not None and year.is_year
    value = parse_cell("2,024")
    assert value is not None and not value.is_year


@pytest.mark.parametrize(
    ("caption", "scale"),
    [
        ("(In millions, except per share data)", 1e6),
        ("(Dollars in thousands except share data)", 1e3),
        ("(millions, except earnings per common share)", 1e6),
        ("In Millions of Dollars Except Earnings Per Share", 1e6),
        ("$ in millions, except per share data", 1e6),
        ("Amounts in Thousands Except Per Share Amounts", 1e3),
        ("in millions, except share amounts which are reflected in thousands", 1e6),
        ("(Shares in thousands; dollars in millions)", 1e6),
        ("Revenue ($B)", 1e9),
        ("(000's omitted)", 1e3),
        ("(000 omitted except per share data)", 1e3),
        ("Shares (000 omitted)", None),
        ("(in $000s)", 1e3),
        ("we serve millions of customers", None),
        ("Net income of $44.2 million", None),
    ],
)
def test_find_scale_reads_captions(caption: str, scale: float | None) -> None:
    assert find_scale(caption) == scale


def test_find_scale_last_prefers_the_caption_nearest_the_table() -> None:
    text = "Balance sheet (in millions) ... Statement of operations (in thousands)"
    assert find_scale(text, last=True) == 1e3
    assert find_scale(text) == 1e6


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("revenue of $2.72 billion", 2.72e9),
        ("a gross loss of $(848,000)", -848000.0),
        ("loss per share of ($9.97)", -9.97),
        ("$.16 per diluted share", 0.16),
        ("net sales of $4.6 million", 4.6e6),
        ("no amount here", None),
    ],
)
def test_parse_amount_reads_prose(text: str, value: float | None) -> None:
    got = parse_amount(text)
    assert got == (None if value is None else pytest.approx(value))


# --- properties ------------------------------------------------------------------------

_amounts = st.integers(min_value=-(10**12), max_value=10**12)


@given(_amounts, st.booleans(), st.booleans())
def test_whole_numbers_round_trip_through_table_formats(
    cents: int, dollar: bool, parens: bool
) -> None:
    value = cents / 100
    text = format_number(value, dollar=dollar, parens=parens, decimals=2)
    assert parse_number(text) == pytest.approx(value)


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_split_cell_negatives_round_trip(value: int) -> None:
    text = format_number(value)  # "(1,234)" for negatives
    if value < 0:
        text = text[:-1]  # the cell before a separate ")" cell
    assert parse_number(text) == value


@given(st.decimals(min_value=-999, max_value=999, places=2, allow_nan=False))
def test_eps_values_round_trip(value: object) -> None:
    number = float(str(value))
    text = format_number(number, dollar=True, decimals=2)
    assert parse_number(text) == pytest.approx(number)


@given(st.text(max_size=60))
def test_parsers_never_raise_on_arbitrary_text(text: str) -> None:
    parse_number(text)
    parse_cell(text)
    find_scale(text)
    find_scale(text, last=True)
    parse_amount(text)


@given(st.text(alphabet="$()-,.%0123456789 —–", max_size=20))
def test_parsers_never_raise_on_number_like_noise(text: str) -> None:
    value = parse_number(text)
    assert value is None or value == value  # never NaN

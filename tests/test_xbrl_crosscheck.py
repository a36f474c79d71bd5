"""Cross-checking extracted figures against XBRL, and XBRL quarters as rule history.

XBRL values are hand-read from the real samples (see test_xbrl_reduce.py for the files);
each row says which fact it is. The "extracted" figures are what the companies' releases
would state; the wrong ones are made wrong on purpose, in the ways named.
"""

from __future__ import annotations

from datetime import date

import pytest

from monitor.models import Figure
from monitor.xbrl.crosscheck import (
    Check,
    FigureCheck,
    agrees,
    cross_check,
    current_period_end,
    diagnose,
    fill_history,
    grade_current,
    history_sources,
)

from .test_xbrl_reduce import ALPHABET, SAMPLES, SNOWFLAKE, history

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="EDGAR samples not present")


def fig(name: str, current: float | None, prior: float | None) -> Figure:
    return Figure(name, current, prior)


@pytest.mark.parametrize(("name", "accepted", "expected"), [
    # Alphabet's Q1 2025 release (2025-04-24) reports on the quarter to 2025-03-31.
    (ALPHABET, "2025-04-24", "2025-03-31"),
    # Snowflake's fiscal quarters end Jan/Apr/Jul/Oct 31; a release on 2025-08-27 reports
    # on the quarter to 2025-07-31, which XBRL does not have yet (carried forward a year).
    (SNOWFLAKE, "2025-08-27", "2025-07-31"),
    (SNOWFLAKE, "2025-05-21", "2025-04-30"),
])
def test_current_period_is_the_last_fiscal_period_end_before_the_8k(
    name: str, accepted: str, expected: str
) -> None:
    got = current_period_end(history(name), date.fromisoformat(accepted))
    assert got == date.fromisoformat(expected)


def test_alphabet_q1_2025_priors_match_the_10q() -> None:
    # Prior year quarter to 2024-03-31, latest filed in 10-Q 0001652044-25-000043 (filed
    # 2025-04-25): revenue 80,539,000,000 (ASC 606 tag), NetIncomeLoss 23,662,000,000,
    # diluted EPS 1.89. Current values are the same 10-Q's quarter to 2025-03-31.
    figures = {
        "revenue": fig("revenue", 90_234_000_000, 80_539_000_000),
        "net_income": fig("net_income", 34_540_000_000, 23_662_000_000),
        "eps_diluted": fig("eps_diluted", 2.81, 1.89),
    }
    result = cross_check(figures, history(ALPHABET), date(2025, 4, 24))

    assert result.period_end == date(2025, 3, 31)
    for name, xbrl in (("revenue", 80_539_000_000), ("net_income", 23_662_000_000),
                       ("eps_diluted", 1.89)):
        prior = result.figures[name].prior
        assert prior.status == "match", name
        assert prior.xbrl == pytest.approx(xbrl)
        assert prior.accession == "0001652044-25-000043"
        assert prior.phrase() == "prior matches 10-Q filed 2025-04-25"
        assert result.figures[name].current.status == "match"
    assert result.verdict == ""


def test_a_prior_that_disagrees_is_a_mismatch_against_the_latest_filed_value() -> None:
    figures = {"revenue": fig("revenue", 90_234_000_000, 81_000_000_000)}  # 0.57% off
    check = cross_check(figures, history(ALPHABET), date(2025, 4, 24)).figures["revenue"].prior
    assert check.status == "mismatch"
    assert check.xbrl == pytest.approx(80_539_000_000)
    assert check.period == "quarter to 2024-03-31"


def test_snowflake_fourth_quarter_prior_is_the_derived_quarter() -> None:
    # Snowflake's Q4 FY2026 release (2026-02-26) compares with the quarter to 2025-01-31:
    # NetIncomeLoss year -1,285,640,000 minus nine months -958,166,000 = -327,474,000.
    figures = {"net_income": fig("net_income", -300_000_000, -327_474_000)}
    result = cross_check(figures, history(SNOWFLAKE), date(2026, 2, 26))
    assert result.period_end == date(2026, 1, 31)
    prior = result.figures["net_income"].prior
    assert prior.status == "match"
    assert prior.note == "year - nine months"
    assert result.figures["net_income"].current.status == "pending"  # not filed yet


def test_a_fourth_quarter_release_may_state_the_year() -> None:
    # Snowflake fiscal 2025 revenue (2024-02-01..2025-01-31) 3,626,396,000, 10-K
    # 0001640147-25-000052: the twelve-months column of a Q4 release.
    figures = {"revenue": fig("revenue", 4_500_000_000, 3_626_396_000)}
    prior = cross_check(figures, history(SNOWFLAKE), date(2026, 2, 26)).figures["revenue"].prior
    assert prior.status == "match"
    assert prior.period == "year to 2025-01-31"


def test_balance_sheet_prior_may_be_the_last_fiscal_year_end() -> None:
    # Snowflake StockholdersEquity at fiscal year end 2025-01-31: 2,999,929,000; the
    # Q1 FY2026 release (2025-05-21) compares its 2025-04-30 balance sheet with it.
    figures = {"stockholders_equity": fig("stockholders_equity", 2_408_000_000, 2_999_929_000)}
    result = cross_check(figures, history(SNOWFLAKE), date(2025, 5, 21))
    assert result.figures["stockholders_equity"].prior.status == "match"
    assert result.figures["stockholders_equity"].current.status == "match"


def test_no_xbrl_data_makes_every_check_unavailable() -> None:
    figures = {"revenue": fig("revenue", 5.0, 4.0), "net_income": fig("net_income", -1.0, -2.0)}
    result = cross_check(figures, None, date(2025, 4, 24))
    assert {n: c.prior.status for n, c in result.figures.items()} == {
        "revenue": "unavailable", "net_income": "unavailable"}
    assert result.figures["revenue"].prior.note == "no XBRL data for this company"
    assert result.verdict == ""


def test_working_capital_is_never_checked() -> None:
    figures = {"working_capital": fig("working_capital", 1.0, 2.0)}
    assert cross_check(figures, history(ALPHABET), date(2025, 4, 24)).figures == {}


@pytest.mark.parametrize(("figure", "prior", "hint"), [
    ("revenue", 80_539_000, "scale"),  # thousands read as dollars
    ("net_income", -23_662_000_000, "sign"),
    ("net_income", 100_118_000_000, "period"),  # the year 2024, another column
])
def test_mismatch_says_what_the_value_resembles(figure: str, prior: float, hint: str) -> None:
    figures = {figure: fig(figure, 1.0, prior)}
    check = cross_check(figures, history(ALPHABET), date(2025, 4, 24)).figures[figure].prior
    assert check.status == "mismatch"
    assert check.hint == hint


def test_value_first_filed_then_restated_is_recognised() -> None:
    # Alphabet Q1 2018 OperatingIncomeLoss: 7,001,000,000 as first filed (2018-04-24),
    # recast to 7,633,000,000 (10-Q 0001652044-19-000015). A Q1 2019 release stating the
    # original figure as its prior.
    figures = {"operating_income": fig("operating_income", 8_346_000_000, 7_001_000_000)}
    check = cross_check(figures, history(ALPHABET), date(2019, 4, 29)).figures[
        "operating_income"].prior
    assert check.status == "mismatch"
    assert check.hint == "version"
    assert check.xbrl == pytest.approx(7_633_000_000)


def mismatch(extracted: float, xbrl: float, hint: str = "", note: str = "") -> FigureCheck:
    prior = Check("mismatch", extracted, xbrl, "a", "10-Q", "2024-05-02", "quarter", note, hint)
    return FigureCheck("x", prior, Check("pending"))


@pytest.mark.parametrize(("checks", "non_reliance", "expected"), [
    ({"revenue": mismatch(1.0, 1000.0, "scale", "0.001 times"),
      "net_income": mismatch(5.0, 7.0, "period", "matches the year")}, False,
     "wrong extraction more likely"),
    ({"revenue": mismatch(7001, 7633, "version"), "net_income": mismatch(1, 2, "version")},
     False, "restated comparatives more likely: the release's prior values match figures as "
     "first filed"),
    ({"revenue": mismatch(102.0, 100.0), "operating_income": mismatch(9.7, 10.0)}, False,
     "restated comparatives more likely: every difference is modest (at most 3.0%)"),
    ({"revenue": mismatch(300.0, 100.0), "operating_income": mismatch(1.0, 10.0)}, False,
     "wrong extraction more likely: differences of up to 200%"),
    ({"revenue": mismatch(300.0, 100.0), "operating_income": mismatch(1.0, 10.0)}, True,
     "restated comparatives more likely: the filing says earlier statements"),
])
def test_several_mismatches_say_which_explanation_is_more_likely(
    checks: dict[str, FigureCheck], non_reliance: bool, expected: str
) -> None:
    assert expected in diagnose(checks, non_reliance)


def test_one_mismatch_gives_no_verdict() -> None:
    assert diagnose({"revenue": mismatch(1.0, 1000.0, "scale")}) == ""


def test_self_grading_waits_for_the_10q() -> None:
    h = history(SNOWFLAKE)
    assert grade_current("revenue", 1.0, h, date(2025, 7, 31)).status == "pending"
    # Quarter to 2025-04-30: 1,042,074,000 in 10-Q 0001640147-25-000110.
    graded = grade_current("revenue", 1_042_074_000, h, date(2025, 4, 30))
    assert (graded.status, graded.accession) == ("match", "0001640147-25-000110")
    assert grade_current("revenue", 1_100_000_000, h, date(2025, 4, 30)).status == "mismatch"


@pytest.mark.parametrize(("figure", "a", "b", "ok"), [
    ("revenue", 100_500, 100_000, True), ("revenue", 100_501, 100_000, False),
    ("eps_diluted", 1.23, 1.225, True), ("eps_diluted", 1.24, 1.23, False),
    ("net_income", 0.0, 0.0, True),
])
def test_agreement_is_half_a_percent_or_half_a_cent(figure: str, a: float, b: float,
                                                    ok: bool) -> None:
    assert agrees(figure, a, b) is ok


def test_first_8k_gets_eight_quarters_of_history_from_xbrl() -> None:
    # Snowflake NetIncomeLoss quarters before 2025-07-31, newest first, read from the file:
    # 2025-04-30 -430,092,000; 2025-01-31 -327,474,000 (year - nine months);
    # 2024-10-31 -324,279,000; 2024-07-31 -316,899,000; 2024-04-30 -316,988,000.
    entries = fill_history([], history(SNOWFLAKE), date(2025, 7, 31), 8)
    assert len(entries) == 8
    values = [e["figures"]["net_income"] for e in entries[:5]]
    assert values == [-430_092_000, -327_474_000, -324_279_000, -316_899_000, -316_988_000]
    assert entries[0]["when"] == "2025-04-30 (quarter, XBRL 10-Q filed 2025-05-30)"
    assert history_sources(entries) == (0, 8)


def test_stored_filings_come_first_and_xbrl_skips_the_periods_they_cover() -> None:
    stored = [{"accession": "0001640147-25-000100", "accepted": "2025-05-21T16:05:00+00:00",
               "figures": {"net_income": -430_000_000}}]
    entries = fill_history(stored, history(SNOWFLAKE), date(2025, 7, 31), 3)
    assert [e["figures"]["net_income"] for e in entries] == [
        -430_000_000, -327_474_000, -324_279_000]
    assert history_sources(entries) == (1, 2)

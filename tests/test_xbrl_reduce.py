"""The XBRL reducer against values read by hand from real companyfacts files.

Every golden below was read from the sample file named in its row (EDGAR samples,
`xbrl-api/`), by looking at the listed facts: the tag, the period (start..end), the value,
the accession (`accn`) and the filing date. Derived quarters were subtracted by hand from
the two facts named in the row. None was produced by running this code.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from monitor.errors import ParseError
from monitor.xbrl.reduce import (
    History,
    facts_from_json,
    facts_to_json,
    parse_companyfacts,
    quarters_spanned,
    reduce_companyfacts,
    reduce_facts,
)

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "edgar-samples" / "xbrl-api"
ALPHABET = "companyfacts-CIK0001652044.json"
SNOWFLAKE = "companyfacts-CIK0001640147.PRETTY.json"
APPLE = "companyfacts-CIK0000320193.json"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="EDGAR samples not present")


@cache
def history(name: str) -> History:
    return reduce_companyfacts((SAMPLES / name).read_bytes())


# (file, figure, kind, period end, value, accession it is credited to, how it was derived)
GOLDEN = [
    # Alphabet NetIncomeLoss: FY 2024 (2024-01-01..12-31) 100,118,000,000 in 10-K
    # 0001652044-26-000018 (latest of two filings) minus nine months (2024-01-01..09-30)
    # 73,582,000,000 in 10-Q 0001652044-25-000091: Q4 no filing states.
    (ALPHABET, "net_income", "quarter", "2024-12-31", 26_536_000_000, "0001652044-26-000018",
     "year - nine months"),
    # Alphabet Revenues: FY 2025 402,836,000,000 minus nine months 289,007,000,000.
    (ALPHABET, "revenue", "quarter", "2025-12-31", 113_829_000_000, "0001652044-26-000018",
     "year - nine months"),
    # Alphabet Q1 2025 revenue is only under RevenueFromContractWithCustomerExcluding-
    # AssessedTax (90,234,000,000, 10-Q 0001652044-25-000043): the fallback tag.
    (ALPHABET, "revenue", "quarter", "2025-03-31", 90_234_000_000, "0001652044-25-000043", ""),
    # Alphabet Q2 2024 revenue: Revenues 84,742,000,000, 10-Q 0001652044-25-000062 (filed
    # 2025-07-24), preferred over the same value under the ASC 606 tag in 0001652044-24-000079.
    (ALPHABET, "revenue", "quarter", "2024-06-30", 84_742_000_000, "0001652044-25-000062", ""),
    # Alphabet OperatingIncomeLoss Q1 2018: 7,001,000,000 in the 10-Q filed 2018-04-24, recast
    # to 7,633,000,000 in 10-Q 0001652044-19-000015 filed 2019-04-30: the latest wins.
    (ALPHABET, "operating_income", "quarter", "2018-03-31", 7_633_000_000,
     "0001652044-19-000015", ""),
    # Alphabet EarningsPerShareDiluted Q1 2022: 24.62 before the 2022 20-for-1 split
    # (filed 2022-04-27), 1.23 in 10-Q 0001652044-23-000045 (filed 2023-04-26).
    (ALPHABET, "eps_diluted", "quarter", "2022-03-31", 1.23, "0001652044-23-000045", ""),
    # Alphabet quarter to 2025-09-30 is the stated three months (34,979,000,000), never the
    # nine months to the same date (97,715,000,000), both in 10-Q 0001652044-25-000091.
    (ALPHABET, "net_income", "quarter", "2025-09-30", 34_979_000_000, "0001652044-25-000091",
     ""),
    (ALPHABET, "net_income", "year", "2025-12-31", 132_170_000_000, "0001652044-26-000018", ""),
    # Alphabet Assets at 2024-12-31: 450,256,000,000, latest in 10-K 0001652044-26-000018.
    (ALPHABET, "total_assets", "instant", "2024-12-31", 450_256_000_000,
     "0001652044-26-000018", ""),
    # Snowflake NetIncomeLoss, fiscal year to 2025-01-31 (2024-02-01..2025-01-31)
    # -1,285,640,000 (10-K 0001640147-25-000052) minus nine months to 2024-10-31 -958,166,000.
    (SNOWFLAKE, "net_income", "quarter", "2025-01-31", -327_474_000, "0001640147-25-000052",
     "year - nine months"),
    # Snowflake ASC 606 revenue, quarter 2025-02-01..04-30: 1,042,074,000 (0001640147-25-000110).
    (SNOWFLAKE, "revenue", "quarter", "2025-04-30", 1_042_074_000, "0001640147-25-000110", ""),
    (SNOWFLAKE, "stockholders_equity", "instant", "2025-04-30", 2_408_000_000,
     "0001640147-25-000110", ""),
    # Apple fiscal 2024 (52 weeks, 2023-10-01..2024-09-28) NetIncomeLoss 93,736,000,000
    # (10-K 0000320193-25-000079, the later of two) minus nine months to 2024-06-29
    # 79,000,000,000: the quarter to 2024-09-28.
    (APPLE, "net_income", "quarter", "2024-09-28", 14_736_000_000, "0000320193-25-000079",
     "year - nine months"),
    # Apple SalesRevenueNet, quarter 2009-03-29..06-27: 8,337,000,000 as first filed
    # (2009-07-22), 9,734,000,000 after the 2010 restatement, last in 10-K
    # 0001193125-10-238044 (filed 2010-10-27).
    (APPLE, "revenue", "quarter", "2009-06-27", 9_734_000_000, "0001193125-10-238044", ""),
]


@pytest.mark.parametrize(("name", "figure", "kind", "end", "value", "accession", "derived"),
                         GOLDEN)
def test_period_values_match_hand_read_goldens(
    name: str, figure: str, kind: str, end: str, value: float, accession: str, derived: str
) -> None:
    found = history(name).find(figure, kind, date.fromisoformat(end), tolerance=0)  # type: ignore[arg-type]
    assert found is not None, f"{figure} {kind} to {end} missing"
    assert found.value == pytest.approx(value)
    assert found.accession == accession
    assert found.derived == derived


def test_restated_period_keeps_every_filed_version_oldest_first() -> None:
    # Alphabet OperatingIncomeLoss Q1 2018: 7,001,000,000 first, 7,633,000,000 later.
    found = history(ALPHABET).find("operating_income", "quarter", date(2018, 3, 31), 0)
    assert found is not None
    assert found.versions == (7_001_000_000, 7_633_000_000)


def test_per_share_quarters_are_never_derived_by_subtraction() -> None:
    # Alphabet diluted EPS: year 2024 8.04 and nine months 5.90 exist, but 8.04 - 5.90 is
    # not the fourth quarter's EPS (share counts differ), so no quarter to 2024-12-31.
    h = history(ALPHABET)
    assert h.find("eps_diluted", "year", date(2024, 12, 31), 0) is not None
    assert h.find("eps_diluted", "quarter", date(2024, 12, 31), 0) is None


def test_year_to_date_values_are_never_quarters() -> None:
    h = history(ALPHABET)
    quarters = [pv for pv in h.values["net_income"] if pv.kind == "quarter"]
    assert quarters
    for pv in quarters:
        assert pv.start is not None
        assert quarters_spanned(pv.start, pv.end) == 1
    assert 97_715_000_000 not in {pv.value for pv in quarters}  # nine months to 2025-09-30


def test_quarters_before_lists_the_last_eight_newest_first() -> None:
    # Snowflake revenue quarters before the one ending 2025-04-30, read from the file:
    # 2025-01-31 derived (3,626,396,000 - 2,639,626,000), 2024-10-31 942,094,000, ...
    got = history(SNOWFLAKE).quarters_before("revenue", date(2025, 4, 30), 8)
    assert [pv.end.isoformat() for pv in got[:3]] == ["2025-01-31", "2024-10-31", "2024-07-31"]
    assert got[0].value == pytest.approx(986_770_000)
    assert got[1].value == pytest.approx(942_094_000)
    assert len(got) == 8


@pytest.mark.parametrize(("start", "end", "quarters"), [
    ("2024-01-01", "2024-03-31", 1), ("2024-03-31", "2024-06-29", 1),  # 13 weeks
    ("2024-01-01", "2024-06-30", 2), ("2024-01-01", "2024-09-30", 3),
    ("2023-10-01", "2024-09-28", 4), ("2022-09-25", "2023-09-30", 4),  # 52 and 53 weeks
    ("2024-01-01", "2024-04-30", None), ("2024-01-01", "2024-10-31", None),
])
def test_durations_are_classified_by_length(start: str, end: str, quarters: int | None) -> None:
    assert quarters_spanned(date.fromisoformat(start), date.fromisoformat(end)) == quarters


def test_other_currencies_and_malformed_entries_are_skipped() -> None:
    doc = {"cik": 1, "entityName": "X", "facts": {"us-gaap": {
        "Revenues": {"units": {"EUR": [{"start": "2024-01-01", "end": "2024-03-31",
                                        "val": 5, "accn": "a", "form": "10-Q",
                                        "filed": "2024-05-01"}],
                               "USD": [{"start": "2024-01-01", "end": "2024-03-31",
                                        "val": "7", "accn": "a", "form": "10-Q",
                                        "filed": "2024-05-01"},
                                       {"end": "2024-03-31", "val": 9, "accn": "b",
                                        "form": "10-Q", "filed": "2024-05-01"},
                                       {"start": "2024-01-01", "end": "bad", "val": 9,
                                        "accn": "c", "form": "10-Q", "filed": "2024-05-01"}]}},
    }}}
    assert parse_companyfacts(json.dumps(doc).encode()).facts == ()


@pytest.mark.parametrize("body", [b"<html>", b"[]", b'{"cik": 1}', b"\xff\xfe"])
def test_a_body_that_is_not_companyfacts_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_companyfacts(body)


def test_cached_form_reduces_to_the_same_history() -> None:
    cf = parse_companyfacts((SAMPLES / SNOWFLAKE).read_bytes())
    again = facts_from_json(facts_to_json(cf))
    assert again == cf
    assert reduce_facts(again) == reduce_facts(cf)


@pytest.mark.parametrize("name", [ALPHABET, SNOWFLAKE, APPLE])
def test_decoding_only_the_figures_concepts_reads_what_a_whole_parse_reads(name: str) -> None:
    from monitor.xbrl.reduce import _parse_concepts_only, _parse_whole

    raw = (SAMPLES / name).read_bytes()
    assert _parse_concepts_only(raw) == _parse_whole(raw)


@pytest.mark.parametrize("body", [
    # non-ASCII: offsets would differ, so the whole body is parsed
    '{"cik":1,"entityName":"Caf\u00e9","facts":{"us-gaap":{"Assets":{"units":{"USD":['
    '{"end":"2024-12-31","val":5,"accn":"a","form":"10-K","filed":"2025-02-01"}]}}}}}',
    # an ifrs-full "Assets" after us-gaap is not us-gaap's
    '{"cik":1,"entityName":"X","facts":{"us-gaap":{"Liabilities":{"units":{"USD":['
    '{"end":"2024-12-31","val":5,"accn":"a","form":"10-K","filed":"2025-02-01"}]}}},'
    '"ifrs-full":{"Assets":{"units":{"USD":[{"end":"2024-12-31","val":7,"accn":"a",'
    '"form":"20-F","filed":"2025-02-01"}]}}}}}',
])
def test_both_parses_agree_on_awkward_bodies(body: str) -> None:
    from monitor.xbrl.reduce import _parse_whole

    raw = body.encode()
    whole = _parse_whole(raw)
    assert parse_companyfacts(raw) == whole
    assert {f.figure for f in whole.facts} <= {"total_assets", "total_liabilities"}

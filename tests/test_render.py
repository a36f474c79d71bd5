"""Alert rendering: figures as analysts read them; docs/alerts.md kept in step with the code."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from monitor.models import Alert
from monitor.notify.render import (
    accepted_text,
    edgar_links,
    escape_mrkdwn,
    format_change,
    format_money,
    render_blocks,
    render_text,
    short_description,
)
from monitor.rules import load_rules
from monitor.samples import alerts_markdown, sample_alert

from .conftest import REPO


@pytest.mark.parametrize(
    ("value", "per_share", "expected"),
    [
        (4_609_000, False, "$4.6M"),
        (-4_005_000, False, "($4.0M)"),
        (2_720_000_000, False, "$2.72B"),
        (848_000, False, "$848K"),
        (-0.06, True, "($0.06)"),
        (1.21, True, "$1.21"),
        (None, False, "n/a"),
    ],
)
def test_money_is_compact_with_losses_in_parentheses(
    value: float | None, per_share: bool, expected: str
) -> None:
    assert format_money(value, per_share) == expected


@pytest.mark.parametrize(
    ("current", "prior", "expected"),
    [
        (4_609_000, 7_885_000, "-41.5%"),
        (512_400, 474_000, "+8.1%"),
        (-4_005_000, -4_078_000, "loss narrowed 1.8%"),
        (-848_000, -185_000, "loss widened 358.4%"),
        (-1_000, 2_000, "swung to loss"),
        (3_000, -2_000, "swung to profit"),
        (5, 0, ""),
        (None, 3, ""),
    ],
)
def test_change_is_phrased_for_profits_and_losses(
    current: float | None, prior: float | None, expected: str
) -> None:
    assert format_change(current, prior) == expected


@pytest.mark.parametrize(
    ("name", "current", "prior", "expected"),
    [
        # Below zero, working capital and equity are deficits: nothing was "lost".
        ("working_capital", -37_147_000, -27_352_000, "deficit widened 35.8%"),
        ("working_capital", -1_000, -2_000, "deficit narrowed 50.0%"),
        ("stockholders_equity", -1_250_000, 2_100_000, "turned negative"),
        ("working_capital", 3_000, -2_000, "turned positive"),
        ("net_income", -1_000, 2_000, "swung to loss"),
    ],
)
def test_balance_sheet_figures_speak_of_deficits_not_losses(
    name: str, current: float, prior: float, expected: str
) -> None:
    assert format_change(current, prior, name) == expected


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        ("2025-12-12T17:31:08-05:00", "2025-12-12 17:31:08 EST"),
        ("2025-07-01T16:05:00-04:00", "2025-07-01 16:05:00 EDT"),
        ("2025-07-01T20:05:00+00:00", "2025-07-01 16:05:00 EDT"),  # stored in UTC
        ("2025-12-12T17:31:08", "2025-12-12 17:31:08 EST"),  # naive = EDGAR wall clock
    ],
)
def test_acceptance_time_is_eastern_named_est_or_edt(accepted: str, expected: str) -> None:
    assert accepted_text(Alert.from_json({"accepted": accepted}).accepted) == expected


def test_alert_carries_the_first_sentence_of_a_rule_description() -> None:
    long = ("The exchange told the company it is delisting its shares (deficiency letter, "
            "hearing, move to OTC). Notices the company has since cured do not count.")
    assert short_description(long) == ("The exchange told the company it is delisting its "
                                       "shares (deficiency letter, hearing, move to OTC).")
    assert short_description("One sentence without a stop") == "One sentence without a stop"


def test_message_carries_company_ticker_items_evidence_figures_and_links() -> None:
    alert = sample_alert(load_rules([REPO / "rules"]), "#edgar-alerts")
    text = render_text(alert)
    assert text.splitlines()[0].startswith("[TEST] Example Optical Corp. (EXOP): ")
    assert "items 2.02, 9.01" in text and "CIK 1083743" in text
    assert "questioned the Company's ability to continue as a going concern" in text
    assert "Net income: ($4.0M) vs ($4.1M) (loss narrowed 1.8%)" in text
    assert "-index.htm" in text
    blocks = render_blocks(alert)
    assert blocks[0]["type"] == "header" and len(blocks[0]["text"]["text"]) <= 150
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")


def test_docs_alerts_md_is_what_the_code_renders() -> None:
    generated = alerts_markdown(load_rules([REPO / "rules"]))
    assert (REPO / "docs" / "alerts.md").read_text() == generated, (
        "docs/alerts.md is stale: run `python -m monitor.samples > docs/alerts.md`")


def test_every_default_rule_has_a_rendered_example() -> None:
    assert "_No sample filing fires this rule._" not in (REPO / "docs/alerts.md").read_text()
    ids = [r.id for r in load_rules([REPO / "rules"]).rules]
    doc = (REPO / "docs/alerts.md").read_text()
    assert all(f"## `{rule_id}`" in doc for rule_id in ids)




FOLDER = "https://www.sec.gov/Archives/edgar/data/1083743/000149315225027595"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"accession": "0001493152-25-027595", "cik": 1083743,
          "document_url": f"{FOLDER}/ex99-1.htm"},
         (f"{FOLDER}/0001493152-25-027595-index.htm", f"{FOLDER}/ex99-1.htm")),
        ({"accession": "0001493152-25-027595", "cik": 1083743,
          "document_url": "https://www.sec.gov/cgi-bin/browse-edgar?action=x"},
         (f"{FOLDER}/0001493152-25-027595-index.htm", "")),
        ({"accession": "0001493152-25-027595", "cik": 1083743,
          "document_url": f"{FOLDER}/../../../cgi-bin/x"},
         (f"{FOLDER}/0001493152-25-027595-index.htm", "")),
        ({"accession": "0001493152-25-027595", "cik": 1083743,
          "document_url": f"{FOLDER}/ex|click>.htm"},
         (f"{FOLDER}/0001493152-25-027595-index.htm", "")),
        ({"accession": "0001493152-25-027595|x", "cik": 1083743}, ("", "")),
        ({"accession": "0001493152-25-027595", "cik": "1083743>"}, ("", "")),
    ],
    ids=["ours", "other-path", "traversal", "control-chars", "bad-accession", "bad-cik"],
)
def test_links_are_rebuilt_from_accession_and_cik_and_checked(
    payload: dict[str, object], expected: tuple[str, str]
) -> None:
    # An outbox row's payload, as a hostile or damaged one could read.
    assert edgar_links(Alert.from_json(payload)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!channel> AT&T", "&lt;!channel&gt; AT&amp;T"),
        ("<https://evil.example|click>", "&lt;https://evil.example|click&gt;"),
        ("&lt; already", "&amp;lt; already"),
        ("plain", "plain"),
    ],
)
def test_escape_mrkdwn_turns_control_characters_into_entities(text: str, expected: str) -> None:
    assert escape_mrkdwn(text) == expected


def test_every_string_from_the_filing_is_escaped_in_the_blocks() -> None:
    sample = sample_alert(load_rules([REPO / "rules"]), "#edgar-alerts")
    alert = replace(sample, company="<!here> Co", ticker="<@U1>",
                    document_type="EX-99.1 <!channel>", items=("2.02", "<!subteam^S1>"),
                    matches=tuple(replace(m, evidence="x <https://evil.example|y> z")
                                  for m in sample.matches))
    blocks = render_blocks(alert)
    dumped = json.dumps(blocks)
    assert "<!" not in dumped and "<@" not in dumped and "<https://evil" not in dumped
    assert "&lt;!here&gt; Co (&lt;@U1&gt;)" in blocks[0]["text"]["text"]
    assert "|EX-99.1 &lt;!channel&gt;>" in blocks[-1]["elements"][0]["text"]

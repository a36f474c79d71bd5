"""Signal context where analysts and rules meet it: `extract --json`, `explain`, the rule
language (`signal: delisting_notice` with `actor: exchange`) and the database."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.errors import RuleError
from monitor.explain import render_explanation
from monitor.models import Filing, FilingFacts, FilingRef, Signal, SignalContext
from monitor.rules import explain, load_rules
from monitor.store import Store

from .conftest import REPO
from .test_rules import verdict

# The held-out error "who acted", in the words of a real release (Dial Global,
# November 2012: tests/test_context.py SOURCES["dial_global"]) and an exchange's letter
# (James River Coal, April 2014).
COMPANY_FORM25 = (
    "The decision to voluntarily delist from NASDAQ was taken following a review by the "
    "Company's Board of Directors, which determined that a delisting would be in the best "
    "interests of the Company. The Company currently anticipates that it will file a Form 25 "
    "with the U.S. Securities and Exchange Commission on or about November 26, 2012 to "
    "commence the delisting process.\n"
)
EXCHANGE_NOTICE = (
    "On April 8, 2014, the Company received notice from The Nasdaq Stock Market (“Nasdaq”) "
    "that Nasdaq intends to delist the Company’s common stock and that trading of the "
    "Company’s common stock will be suspended at the opening of business on April 17, 2014.\n"
)


def extract_json(path: Path) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-m", "monitor", "extract", str(path), "--json"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_extract_json_gives_the_evidence_context_and_why_a_candidate_did_not_count(
    tmp_path: Path,
) -> None:
    doc = tmp_path / "ex99.txt"
    doc.write_text(EXCHANGE_NOTICE, encoding="utf-8")
    signals = extract_json(doc)["signals"]
    assert isinstance(signals, dict)
    notice = signals["delisting_notice"]
    assert notice["present"] is True
    assert notice["evidence"].startswith("On April 8, 2014, the Company received notice")
    assert {k: notice[k] for k in ("subject", "polarity", "time", "modality", "actor")} == {
        "subject": "registrant", "polarity": "asserted", "time": "current",
        "modality": "factual", "actor": "exchange",
    }
    doc.write_text(COMPANY_FORM25, encoding="utf-8")
    own = extract_json(doc)["signals"]
    assert isinstance(own, dict)
    delisting = own["delisting_notice"]
    assert delisting["present"] is False and delisting["evidence"] is None
    assert delisting["actor"] == "company"
    assert delisting["cues"] == ["company_form25"]
    assert delisting["candidate"].startswith("The Company currently anticipates that it will")
    # signals no sentence speaks of keep the bare contract
    assert own["bankruptcy"] == {"present": False, "evidence": None, "document": "ex99.txt"}


def _facts(**signals: Signal) -> FilingFacts:
    ref = FilingRef("0000000001-24-000001", 1, "8-K", "Acme Corp.",
                    accepted=datetime(2024, 4, 9, 16, 5, tzinfo=UTC), items=("3.01",))
    return FilingFacts(Filing(ref, ()), {}, signals, ("3.01",))


EXCHANGE = SignalContext(actor="exchange")
# A Form 25 the issuer filed itself: issue 16's exchange_delisting signal can be present
# with the company as actor.
COMPANY = SignalContext(actor="company", cues=("company_form25",))


@pytest.mark.parametrize(
    ("context", "fired", "reason"),
    [
        (EXCHANGE, True, "delisting_notice signal present (actor exchange)"),
        (COMPANY, False, "delisting_notice signal present but actor company, not exchange"),
        (None, False, "delisting_notice signal present but no actor known, not exchange"),
    ],
)
def test_signal_condition_with_actor_checks_who_acted(
    context: SignalContext | None, fired: bool, reason: str
) -> None:
    facts = _facts(delisting_notice=Signal("delisting_notice", True, "x", "", context))
    assert verdict({"signal": "delisting_notice", "actor": "exchange"}, facts) == (fired, reason)


def test_signal_condition_with_subject_picks_the_auditors_voice() -> None:
    auditor = Signal("going_concern", True, "Our report includes ...", "",
                     SignalContext(subject="auditor", cues=("auditor_voice",)))
    facts = _facts(going_concern=auditor)
    assert verdict({"signal": "going_concern", "subject": "auditor"}, facts)[0] is True
    assert verdict({"signal": "going_concern", "subject": "registrant"}, facts) == (
        False, "going_concern signal present but subject auditor, not registrant")


def test_absent_signal_fails_an_actor_condition_as_absent() -> None:
    facts = _facts()
    assert verdict({"signal": "delisting_notice", "actor": "exchange"}, facts) == (
        False, "no delisting_notice signal")


def test_unknown_actor_is_a_rule_error_naming_the_choices(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "rules:\n  - id: x\n    description: d\n    severity: info\n    when:\n"
        "      signal: delisting_notice\n      actor: nasdaq\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    message = str(caught.value)
    assert f"{path}:7" in message and "actor" in message
    assert "'exchange'" in message and "'company'" in message


def test_actor_without_a_signal_says_where_it_belongs(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "rules:\n  - id: x\n    description: d\n    severity: info\n    when:\n"
        "      all:\n        - actor: exchange\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    assert "actor narrows a signal: write it beside signal: in the same mapping" in str(
        caught.value)


def test_explain_shows_context_and_why_a_considered_sentence_did_not_count() -> None:
    facts = _facts(
        delisting_notice=Signal("delisting_notice", False, None, "ex99.htm",
                                SignalContext(actor="company", cues=("company_form25",)),
                                "The Company currently anticipates that it will file a Form 25."),
        going_concern=Signal("going_concern", True, "Our report includes an explanatory "
                             "paragraph.", "ex23.htm",
                             SignalContext(subject="auditor", cues=("auditor_voice",))),
    )
    text = render_explanation(facts, explain(load_rules([REPO / "rules" / "default.yaml"]),
                                             facts))
    lines = text.splitlines()
    at = lines.index("  going_concern        present  (ex23.htm)")
    assert lines[at + 1 : at + 3] == [
        '      "Our report includes an explanatory paragraph."',
        "      context: subject auditor, polarity asserted, time current, modality factual "
        "(cues: auditor_voice)",
    ]
    at = lines.index("  delisting_notice     absent  (not counted: actor company; cues: "
                     "company_form25)")
    assert lines[at + 1] == ('      considered: "The Company currently anticipates that it will '
                             'file a Form 25."')


async def test_context_is_stored_with_the_signal_and_read_back(tmp_path: Path) -> None:
    resolved = SignalContext(polarity="resolved", cues=("removed",))
    facts = _facts(
        delisting_notice=Signal("delisting_notice", True, "On April 8, 2014 ...", "ex99.htm",
                                EXCHANGE),
        going_concern=Signal("going_concern", False, None, "ex99.htm", resolved,
                             "The going concern qualification has been removed."),
        bankruptcy=Signal("bankruptcy", False, None, "ex99.htm"),
    )
    async with await Store.open(tmp_path / "m.db") as store:
        await store.complete_filing(facts, [], datetime(2024, 4, 9, 16, 6, tzinfo=UTC))
        loaded = await store.filing_facts("0000000001-24-000001")
    assert loaded is not None
    assert loaded.signals["delisting_notice"].context == EXCHANGE
    assert loaded.signals["going_concern"].context == resolved
    assert loaded.signals["going_concern"].candidate == (
        "The going concern qualification has been removed.")
    assert loaded.signals["bankruptcy"].context is None


def test_merged_filing_keeps_the_candidate_of_an_absent_signal() -> None:
    from monitor.extract import merge_facts
    from monitor.models import DocumentFacts

    plain = DocumentFacts("ex99.htm", signals={"delisting_notice": Signal(
        "delisting_notice", False, None, "ex99.htm")})
    own = DocumentFacts("form8k.htm", signals={"delisting_notice": Signal(
        "delisting_notice", False, None, "form8k.htm", COMPANY,
        "The Company will file a Form 25.")})
    signals = merge_facts([plain, own]).signals
    assert signals["delisting_notice"].candidate == "The Company will file a Form 25."
    assert signals["delisting_notice"].present is False

"""Distress-form parsers (issue 16): Form 12b-25, Form 25 / 25-NSE and Form 15, on real
25-NSE submissions and fixtures written in the layout of real filings (documents/forms)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from monitor.conditions import Context
from monitor.discover import feed_prefixes
from monitor.errors import RuleError
from monitor.extract.submission import split_submission
from monitor.forms import form_family, read_form
from monitor.forms.latefiling import REPORT_KINDS, extended_deadline, original_due_date
from monitor.forms.marks import ticked_label
from monitor.forms.removal import classify_security, normalize_provision
from monitor.models import Filing, FilingFacts, FilingRef, FormFacts, Signal
from monitor.rules import Rule, evaluate, load_rules
from monitor.sandbox.formats import render_txt

from .conftest import DOCUMENTS, REPO
from .test_distress_forms import nt_10k

FORMS = DOCUMENTS / "forms"
SAMPLES = REPO.parent / "shared" / "edgar-samples" / "filings"


def read(form: str, name: str, **kw: object) -> tuple[dict[str, object], dict[str, str]]:
    reading = read_form(form, [(form, name, (FORMS / name).read_bytes())], **kw)  # type: ignore[arg-type]
    assert reading is not None
    present = {n: s.evidence or "" for n, s in reading.signals.items() if s.present}
    return dict(reading.facts.values), present


@pytest.mark.parametrize(("sample", "provision", "basis", "delisting"), [
    ("radioshack-25nse-0000876661-15-000132", "12d2-2(b)", "exchange_removal", True),
    ("aetna-25nse-0000876661-18-001269", "12d2-2(a)(3)", "merger_or_substitution", True),
    ("wesco-25nse-0001143313-11-000058", "12d2-2(a)(3)", "merger_or_substitution", True),
])
def test_real_25nse_submissions_give_class_provision_and_parties(
    sample: str, provision: str, basis: str, delisting: bool
) -> None:
    [txt] = (SAMPLES / sample).glob("*.txt")
    reading = read_form("25-NSE", split_submission(txt.read_bytes()))
    assert reading is not None
    facts = reading.facts.values
    assert (facts["security_class"], facts["rule_subparagraph"], facts["removal_basis"]) == (
        "common_equity", provision, basis)
    assert facts["filer_role"] == "exchange"
    assert reading.signals["exchange_delisting"].present is delisting


def test_radioshack_25nse_names_exchange_and_issuer_with_unpadded_ciks() -> None:
    [txt] = (SAMPLES / "radioshack-25nse-0000876661-15-000132").glob("*.txt")
    reading = read_form("25-NSE", split_submission(txt.read_bytes()))
    assert reading is not None
    facts = reading.facts.values
    assert (facts["exchange"], facts["exchange_cik"]) == ("NEW YORK STOCK EXCHANGE LLC", "876661")
    assert (facts["issuer"], facts["issuer_cik"]) == ("RADIOSHACK CORP", "96289")
    assert reading.signals["exchange_delisting"].evidence == (
        "25-NSE: NEW YORK STOCK EXCHANGE LLC removes Common Stock of RADIOSHACK CORP from "
        "listing and registration under 17 CFR 240.12d2-2(b), because, in the opinion of the "
        "Exchange, the Common Stock is no longer suitable for continued listing and trading "
        "on the Exchange.")


def test_25nse_for_notes_paid_at_maturity_is_no_delisting() -> None:
    facts, present = read("25-NSE", "brightway-25nse-notes-primary_doc.xml")
    assert (facts["security_class"], facts["removal_basis"]) == ("notes",
                                                                 "redemption_or_maturity")
    assert present == {}


def test_issuer_html_form_25_reads_the_ticked_provision_and_the_classes() -> None:
    facts, present = read("25", "keystone-25-notes.htm", company="Keystone Rail Holdings, Inc.")
    assert facts["security_description"] == "1.250% Notes due 2028; 2.125% Notes due 2031"
    assert (facts["security_class"], facts["rule_provision"], facts["filer_role"]) == (
        "notes", "12d2-2(c)", "issuer")
    assert "Keystone Rail Holdings" in present["exchange_delisting"]


@pytest.mark.parametrize(("description", "expected"), [
    ("Common Stock", "common_equity"),
    ("Class A Common Stock, par value $0.0001 per share", "common_equity"),
    ("American Depositary Shares, each representing one ordinary share", "common_equity"),
    ("Depositary Shares, each representing 1/1,000th of a share of 6.50% Series A Preferred "
     "Stock", "preferred_equity"),
    ("2.375% Notes due 2026", "notes"),
    ("Warrants, each whole warrant exercisable for one share of Class A common stock",
     "warrants"),
    ("Units, each consisting of one share of Class A common stock and one-half of one "
     "redeemable warrant", "units"),
    ("Preferred Stock Purchase Rights", "rights"),
    ("6.125% Corporate Units", "units"),
    ("Common Stock, $6.50 par value\n6.125% Corporate Units", "common_equity"),
])
def test_security_class_is_read_from_the_description(description: str, expected: str) -> None:
    assert classify_security(description) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("17 CFR 240.12d2-2(b)", ("12d2-2(b)", "12d2-2(b)")),
    ("17 CFR 240.12d2-2(a)(3)", ("12d2-2(a)", "12d2-2(a)(3)")),
    ("240.12d2-2 (c)", ("12d2-2(c)", "12d2-2(c)")),
    ("", ("", "")),
])
def test_rule_provision_is_normalized(text: str, expected: tuple[str, str]) -> None:
    assert normalize_provision(text) == expected


@pytest.mark.parametrize(("text", "answer"), [
    ("x Yes o No", "Yes"),
    ("o Yes x No", "No"),
    ("Yes [X] No [ ]", "Yes"),
    ("|_| Yes   |X| No", "No"),
    ("☐ Yes ☒ No", "No"),
    ("þ Yes ¨ No", "Yes"),
    ("[ ] Yes [ ] No", None),
    ("Yes No", None),
])
def test_ticked_box_is_found_before_or_after_its_label(text: str, answer: str | None) -> None:
    assert ticked_label(text, ("Yes", "No")) == answer


def test_nt_10k_gives_reason_expected_change_and_period() -> None:
    facts, present = read("NT 10-K", "lumenfiber-nt10k.htm", filed=date(2026, 3, 31))
    assert facts["report_form"] == "10-K"
    assert facts["period_ended"] == "2025-12-31"
    reason = str(facts["reason"])
    assert reason.startswith("LumenFiber Corp. (the “Company”) could not complete its Annual")
    assert reason.endswith("to evaluate the effect of that amendment.")
    assert "Part III of this form" not in reason and "State below" not in reason
    assert facts["expected_change"] is True
    assert "net loss of approximately $16.9 million" in str(facts["expected_change_text"])
    assert facts["other_reports_filed"] is True
    assert (facts["due_date"], facts["extended_deadline"]) == ("2026-03-31", "2026-04-15")
    assert present["late_filing"].startswith("NT 10-K for the period ended 2025-12-31: "
                                             "LumenFiber Corp.")


def test_text_nt_10q_reads_boxes_drawn_with_bars() -> None:
    facts, present = read("NT 10-Q", "harbor-nt10q.txt", filed=date(2025, 11, 17))
    assert (facts["report_form"], facts["period_ended"]) == ("10-Q", "2025-09-30")
    assert str(facts["reason"]).startswith("The Registrant requires additional time")
    assert facts["expected_change"] is False
    assert facts["expected_change_text"] is None
    assert facts["other_reports_filed"] is True
    # 45 days after September 30 is Friday November 14; the notice on Monday the 17th is one
    # business day later; 5 calendar days on is Wednesday November 19.
    assert (facts["due_date"], facts["extended_deadline"]) == ("2025-11-14", "2025-11-19")
    assert "late_filing" in present


@pytest.mark.parametrize(("report", "period", "notice", "due", "deadline"), [
    # Non-accelerated 10-K: 90 days; the notice on the due date.
    ("10-K", date(2025, 12, 31), date(2026, 3, 31), date(2026, 3, 31), date(2026, 4, 15)),
    # Large accelerated: 60 days falls on Sunday March 1, so Monday March 2; +15 = March 17.
    ("10-K", date(2025, 12, 31), date(2026, 3, 3), date(2026, 3, 2), date(2026, 3, 17)),
    # Accelerated: 75 days = March 16; notice filed the next business day.
    ("10-K", date(2025, 12, 31), date(2026, 3, 17), date(2026, 3, 16), date(2026, 3, 31)),
    # 10-Q, 40 days = Sunday November 9 -> Monday 10; notice that day; +5 = Saturday 15 ->
    # Monday 17.
    ("10-Q", date(2025, 9, 30), date(2025, 11, 10), date(2025, 11, 10), date(2025, 11, 17)),
    # 20-F: four months after the year end.
    ("20-F", date(2025, 12, 31), date(2026, 4, 30), date(2026, 4, 30), date(2026, 5, 15)),
    # No period stated: the notice's date stands in.
    ("10-K", None, date(2026, 4, 1), date(2026, 4, 1), date(2026, 4, 16)),
])
def test_due_date_is_located_from_the_notice_and_extended(
    report: str, period: date | None, notice: date, due: date, deadline: date
) -> None:
    kind = REPORT_KINDS[report]
    assert original_due_date(kind, period, notice) == due
    assert extended_deadline(kind, due) == deadline


def test_form_15_gives_class_rule_and_holders() -> None:
    facts, present = read("15-12G", "northgate-15-12g.htm",
                          company="Northgate Community Bancorp, Inc.")
    assert facts["security_description"] == "Common Stock, par value $0.01 per share"
    assert (facts["security_class"], facts["rule_provisions"], facts["holders_of_record"]) == (
        "common_equity", "Rule 12g-4(a)(1)", 212.0)
    assert facts["registration_ended"] == "registration under Section 12(g)"
    assert present["deregistration"] == (
        "15-12G: Northgate Community Bancorp, Inc. ends registration under Section 12(g) of "
        "Common Stock, par value $0.01 per share; relying on Rule 12g-4(a)(1); about 212 "
        "holders of record")


@pytest.mark.parametrize(("form", "family"), [
    ("NT 10-K", "late_filing"), ("NT 10-Q/A", "late_filing"), ("NT 20-F", "late_filing"),
    ("25-NSE", "removal"), ("25", "removal"), ("25-NSE/A", "removal"),
    ("15-12G", "deregistration"), ("15-15D", "deregistration"), ("15-12B", "deregistration"),
    ("8-K", None), ("253G2", None), ("15F-12G", None), ("10-K", None),
])
def test_form_family(form: str, family: str | None) -> None:
    assert form_family(form) == family


@pytest.mark.parametrize(("forms", "prefixes"), [
    (("8-K", "8-K/A", "NT 10-K", "NT 10-Q", "NT 20-F", "25-NSE", "25", "15-12G", "15-12B",
      "15-15D"), ("8-K", "NT ", "25", "15-1")),
    (("8-K", "8-K/A"), ("8-K",)),
    (("4", "424B2", "8-K"), ("4", "8-K")),
    (("S-1", "SC 13D"), ("S-1", "SC 13D")),
])
def test_feed_queries_one_per_family_of_forms(
    forms: tuple[str, ...], prefixes: tuple[str, ...]
) -> None:
    assert feed_prefixes(forms) == prefixes


def test_extract_json_on_an_nt_10k_submission_reports_form_facts_and_signals(
    tmp_path: Path,
) -> None:
    from datetime import datetime

    from monitor.formats.filing import EASTERN

    path = tmp_path / "0001000001-26-000004.txt"
    path.write_bytes(render_txt(nt_10k(datetime(2026, 3, 31, 16, 5, tzinfo=EASTERN))))
    result = subprocess.run([sys.executable, "-m", "monitor", "extract", str(path), "--json"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["form"] == "NT 10-K"
    assert (data["report_form"], data["extended_deadline"]) == ("10-K", "2026-04-15")
    assert data["expected_change"] is True
    signals = data["signals"]
    assert signals["late_filing"]["present"] is True
    assert "has not completed its audit procedures" in signals["late_filing"]["evidence"]
    assert signals["exchange_delisting"] == {"present": False, "evidence": None, "document": ""}
    assert signals["deregistration"]["present"] is False
    assert data["figures"]["net_income"]["current"] == -16_900_000


def _removal_facts(provision: str, security_class: str) -> FilingFacts:
    ref = FilingRef("0000876661-26-000001", 96289, "25-NSE", "RadioShack Corp")
    signal = Signal("exchange_delisting", True, "25-NSE: removal", "primary_doc.xml")
    return FilingFacts(Filing(ref, ()), {}, {"exchange_delisting": signal}, (),
                       form_facts=FormFacts("25-NSE", {"rule_provision": provision,
                                                       "security_class": security_class}))


@pytest.mark.parametrize(("provision", "security_class", "severity"), [
    ("12d2-2(b)", "common_equity", "critical"),
    ("12d2-2(b)", "warrants", "info"),
    ("12d2-2(a)", "common_equity", "info"),
    ("12d2-2(c)", "common_equity", "info"),
])
def test_exchange_delisting_is_critical_only_for_common_stock_struck_by_the_exchange(
    provision: str, security_class: str, severity: str
) -> None:
    ruleset = load_rules([REPO / "rules"])
    matches = evaluate(ruleset, _removal_facts(provision, security_class), "#a")
    assert [(m.rule_id, m.severity) for m in matches] == [("exchange-delisting", severity)]


def test_fact_condition_names_are_checked_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("rules:\n  - id: r\n    description: d\n    severity: info\n    when:\n"
                    "      fact: security_clas\n      is: common_equity\n")
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    assert "unknown fact security_clas: did you mean security_class?" in str(caught.value)


@pytest.mark.parametrize(("when", "fired"), [
    ({"fact": "security_class", "is": ["common_equity", "units"]}, True),
    ({"fact": "security_class", "is": "notes"}, False),
    ({"fact": "holders_of_record", "op": "lt", "value": 300}, True),
    ({"fact": "holders_of_record", "op": ">=", "value": 300}, False),
    ({"fact": "report_overdue"}, False),
    ({"fact": "amendment"}, False),
])
def test_fact_condition_compares_strings_numbers_and_flags(
    when: dict[str, object], fired: bool
) -> None:
    rule = Rule.model_validate({"id": "r", "description": "d", "severity": "info",
                                "when": when})
    ref = FilingRef("0001000003-26-000002", 1000003, "15-12G")
    facts = FilingFacts(Filing(ref, ()), {}, {}, (), form_facts=FormFacts("15-12G", {
        "security_class": "common_equity", "holders_of_record": 212.0, "amendment": False,
        "report_overdue": None}))
    ok, reason = rule.when.check(Context(facts))
    assert ok is fired, reason


BOMB = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;'
        b'&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b"<notificationOfRemoval><descriptionClassSecurity>&c;</descriptionClassSecurity>"
        b"<ruleProvision>17 CFR 240.12d2-2(b)</ruleProvision></notificationOfRemoval>")


@pytest.mark.parametrize(("form", "body"), [
    ("25-NSE", b"<notificationOfRemoval><exchange><cik>1</cik>"),  # cut off mid-document
    ("25-NSE", BOMB),
    ("25-NSE", b"\x00\xff" * 5000),
    ("NT 10-K", b"PART III\n" * 20_000 + b"PART IV\n" * 20_000),
    ("NT 10-Q", b"Is it anticipated that any significant change" * 2000),
    ("15-12G", b"(Title of each class of securities covered by this Form)\n" * 5000),
    ("NT 10-K", b""),
])
def test_hostile_documents_give_facts_or_nothing_never_an_exception(
    form: str, body: bytes
) -> None:
    reading = read_form(form, [(form, "doc", body)], filed=date(2026, 3, 31))
    assert reading is not None
    assert reading.facts.form == form
    if body is BOMB:  # entities are never expanded
        assert "aaaaaaaaaa" not in str(reading.facts.values.get("security_description"))


def test_replica_renders_a_25nse_submission_as_edgar_did_radioshacks() -> None:
    from datetime import datetime

    from monitor.formats.filing import EASTERN
    from monitor.sandbox import DocSpec, Entity, FilingSpec

    real = (SAMPLES / "radioshack-25nse-0000876661-15-000132"
            / "0000876661-15-000132.txt").read_bytes()
    (_t1, _n1, xml), (_t2, _n2, notice) = split_submission(real)
    spec = FilingSpec(
        accession="0000876661-15-000132", cik=96289, company="RADIOSHACK CORP",
        form="25-NSE", accepted=datetime(2015, 3, 20, 13, 1, 26, tzinfo=EASTERN),
        role="Subject", extra_entities=(Entity(876661, "NEW YORK STOCK EXCHANGE LLC",
                                               "Filed by"),),
        documents=(DocSpec("25-NSE", "primary_doc.xml",
                           xml.removeprefix(b"<XML>\n").removesuffix(b"</XML>\n")),
                   DocSpec("EX-99.25", "ruleprovisionnotice.htm", notice)),
    )
    rendered = render_txt(spec)
    # The documents, <XML> wrapper included, byte for byte.
    assert rendered.split(b"</SEC-HEADER>\n", 1)[1] == real.split(b"</SEC-HEADER>\n", 1)[1]
    head = rendered.split(b"</SEC-HEADER>", 1)[0].decode()
    real_head = real.split(b"</SEC-HEADER>", 1)[0].decode()
    for line in ("CONFORMED SUBMISSION TYPE:\t25-NSE\n", "EFFECTIVENESS DATE:\t\t20150320\n",
                 "SUBJECT COMPANY:\t\n", "FILED BY:\t\t\n",
                 "\t\tCOMPANY CONFORMED NAME:\t\t\tNEW YORK STOCK EXCHANGE LLC\n"):
        assert line in real_head and line in head
    # The exchange's block: FORM TYPE and nothing else under FILING VALUES.
    assert head.split("FILED BY:")[1].split("FILING VALUES:\n")[1] == "\t\tFORM TYPE:\t\t25-NSE\n"


def test_explain_on_a_25nse_submission_shows_form_facts_and_the_escalated_severity() -> None:
    sample = SAMPLES / "radioshack-25nse-0000876661-15-000132" / "0000876661-15-000132.txt"
    result = subprocess.run([sys.executable, "-m", "monitor", "explain", str(sample)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Form facts (25-NSE):" in lines
    assert "  security_class        common_equity" in lines
    assert "  rule_provision        12d2-2(b)" in lines
    [rule] = [line for line in lines if "exchange-delisting" in line]
    assert rule.split() == ["FIRED", "exchange-delisting", "[critical]", "exchange_delisting",
                            "signal", "present"]


@pytest.mark.parametrize(("forms", "message"), [
    ([], "list at least one form type"),
    (["8-K", ""], "'': not a form type"),
    (["8-K", "<script>"], "'<script>': not a form type"),
])
def test_bad_discovery_forms_are_refused_naming_the_field(
    forms: list[str], message: str
) -> None:
    from monitor.config import load_config
    from monitor.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        load_config(None, {}, {"discovery.forms": forms})
    assert str(caught.value).startswith("discovery.forms: ")
    assert message in str(caught.value)


def test_discovery_forms_are_normalized_to_edgar_case() -> None:
    from monitor.config import load_config

    config = load_config(None, {}, {"discovery.forms": ["nt 10-k", " 25-nse "]})
    assert config.discovery.forms == ("NT 10-K", "25-NSE")


async def test_replica_lists_a_25nse_primary_document_rendered_and_raw() -> None:
    import aiohttp

    from monitor.sandbox import EdgarReplica, Faults

    from .conftest import USER_AGENT, minutes_ago
    from .test_distress_forms import DELISTING, delisting_25nse

    folder = "/Archives/edgar/data/1120193/000112019326000311"
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(delisting_25nse(minutes_ago(5)))
        async with aiohttp.ClientSession(headers={"User-Agent": USER_AGENT}) as http:
            async def get(path: str) -> tuple[int, str]:
                async with http.get(replica.base_url + path) as resp:
                    return resp.status, await resp.text()

            index = await get(f"{folder}/{DELISTING}-index.htm")  # the exchange's CIK
            view = await get(f"{folder}/xslF25X02/primary_doc.xml")
            raw = await get(f"{folder}/primary_doc.xml")
            wrong = await get(f"{folder}/xslF345X05/primary_doc.xml")
    assert index[0] == 200
    assert f'<a href="{folder}/xslF25X02/primary_doc.xml">primary_doc.html</a>' in index[1]
    assert f'<a href="{folder}/primary_doc.xml">primary_doc.xml</a>' in index[1]
    assert "Notification filed by national security exchange" in index[1]
    assert view[0] == 200 and "NASDAQ STOCK MARKET LLC" in view[1]
    assert raw[0] == 200 and raw[1].startswith("<?xml")
    assert wrong[0] == 403


@pytest.mark.parametrize(("form", "name", "actor"), [
    ("25-NSE", "lumenfiber-25nse-primary_doc.xml", "exchange"),
    ("25", "keystone-25-notes.htm", "company"),
])
def test_removal_signal_says_who_acted(form: str, name: str, actor: str) -> None:
    reading = read_form(form, [(form, name, (FORMS / name).read_bytes())])
    assert reading is not None
    signal = reading.signals["exchange_delisting"]
    assert signal.present and signal.context is not None
    assert (signal.context.actor, signal.context.holds) == (actor, True)

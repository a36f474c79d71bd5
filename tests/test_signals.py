"""Signal detection: each signal with the sentence that proves it, and silence on look-alikes.

The documents under tests/documents/signals/ were written for these tests; the expected
signals and evidence below come from reading them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.extract.signals import detect_signals, find_items
from monitor.extract.text import document_text
from monitor.models import SIGNAL_NAMES

DOCS = Path(__file__).parent / "documents" / "signals"

GC, DL, RC, BK, NR, AC = (
    "going_concern",
    "delisting_notice",
    "regained_compliance",
    "bankruptcy",
    "non_reliance",
    "auditor_change",
)

# file -> {signal: phrase the evidence sentence must contain}; every other signal is absent.
EXPECTED: dict[str, dict[str, str]] = {
    # going concern
    "going_concern_audit_opinion_release.htm": {
        GC: "included an explanatory paragraph related to the Company’s ability to continue"
    },
    "going_concern_substantial_doubt_quarterly_note.txt": {
        GC: "These conditions raise substantial doubt about the Company's ability"
    },
    "going_concern_questioned_by_auditor_hardwrapped.txt": {
        GC: "questioned the Company's ability to continue as a going concern, and management's"
    },
    "going_concern_alleviated_after_financing.htm": {},
    "going_concern_hypothetical_risk_factor.htm": {},
    "going_concern_credit_agreement_definition.txt": {},
    "going_concern_asu_2014_15_summary.htm": {},
    "going_concern_safe_harbor_only.txt": {},
    "going_concern_customer_doubt.txt": {},
    "going_concern_without_financing_qualifier.txt": {
        GC: "Without additional financing, these factors raise substantial doubt"
    },
    "going_concern_previously_raised_now_funded.txt": {},
    "going_concern_and_delisting_release_hardwrapped.txt": {
        GC: "raise substantial doubt about its ability to continue as a going concern",
        DL: "received a Nasdaq Staff Determination",
    },
    # exchange listing
    "nasdaq_bid_price_deficiency_5550a2.htm": {DL: "Nasdaq Listing Rule 5550(a)(2)"},
    "nasdaq_stockholders_equity_deficiency_5550b1.txt": {
        DL: "no longer complies with Nasdaq Listing Rule 5550(b)(1)"
    },
    "nasdaq_late_10q_deficiency_5250c1.htm": {DL: "Nasdaq Listing Rule 5250(c)(1)"},
    "nyse_price_criteria_notice_802_01c.htm": {DL: "was notified by the New York Stock Exchange"},
    "nyse_american_equity_deficiency_1003.txt": {DL: "Section 1003(a)(ii)"},
    "nasdaq_staff_delisting_determination_hearing_request.htm": {DL: "received a letter"},
    "nasdaq_panel_delisting_form25_otc.htm": {DL: "determined to delist"},
    "deficiency_notice_not_yet_regained.txt": {DL: "deficiency notice from Nasdaq"},
    "voluntary_transfer_nyse_to_nasdaq_item_301.htm": {},
    "merger_completion_form25_delisting.htm": {},
    "hypothetical_delisting_risk_factor.htm": {},
    "listing_rules_in_committee_charter.txt": {},
    "cover_page_nasdaq_registration_only.htm": {},
    "nasdaq_regained_compliance_bid_price.htm": {RC: "has regained compliance with Listing Rule"},
    "nyse_american_deficiency_resolved.txt": {RC: "resolved the continued listing deficiency"},
    "regained_bid_price_but_new_equity_deficiency.htm": {
        RC: "has regained compliance with the minimum bid price requirement",
        DL: "was not in compliance with Nasdaq Listing Rule 5550(b)(1)",
    },
    # rules and explainers speak of "a company", not of this registrant
    "listing_rule_explainer_faq.txt": {},
    # the issuer asked Nasdaq to delist it (after a merger): no deficiency
    "company_requested_delisting_after_merger.txt": {},
    # the exchange is named sentences earlier; a regain about the bid price leaves the equity
    # deficiency standing
    "equity_deficiency_letter_named_by_staff.txt": {
        RC: "confirming that the Company had regained compliance",
        DL: "Stockholders' Equity Deficiency Letter",
    },
    # an accepted plan to regain compliance presupposes the deficiency
    "nyse_accepted_compliance_plan_802_01b.txt": {DL: "has accepted its business plan"},
    # one line per block: the unpunctuated risk-factor title does not hedge the next sentence
    "deficiency_after_unpunctuated_risk_title.txt": {DL: "received a letter from the Listing"},
    # bankruptcy
    "chapter_11_voluntary_petition_item_103.htm": {BK: "filed voluntary petitions for relief"},
    "chapter_11_press_release_it_and_subsidiaries.txt": {
        BK: "it and its wholly owned subsidiaries have filed voluntary petitions"
    },
    "receiver_appointed_for_registrant.txt": {BK: "as receiver for Pacific Crest"},
    "customer_bankruptcy_impairment.htm": {},
    "subsidiary_only_chapter_7_filing.htm": {},
    "chapter_11_cases_commenced_by_debtors.txt": {BK: "the Debtors commenced the Chapter 11"},
    "delisting_determination_from_chapter_11_cases.txt": {
        BK: "as a result of the Chapter 11 Cases",
        DL: "Nasdaq has determined that the Company's common stock will be delisted",
    },
    "parent_and_subsidiaries_commenced_chapter_11.txt": {
        BK: "commenced voluntary chapter 11 proceedings"
    },
    "customer_petition_date_receivable.txt": {},
    "director_bio_former_employer_bankruptcy.txt": {},
    "old_8k_items_answered_none.txt": {},
    # non-reliance
    "non_reliance_item_402_restatement.htm": {NR: "should no longer be relied upon"},
    "non_reliance_auditor_notice_402b.txt": {NR: "prevent future reliance"},
    "reliance_boilerplate_interim_results.txt": {},
    # auditor change
    "auditor_dismissed_item_401.htm": {AC: "dismissed Harmon Gale LLP"},
    "auditor_resigned_item_401.txt": {
        AC: "resigned as the independent registered public accounting firm",
        GC: "contained an explanatory paragraph regarding substantial doubt",
    },
    "auditor_declined_reelection_new_firm_engaged.htm": {AC: "decline to stand for re-appointment"},
    "auditor_ratified_at_annual_meeting_5_07.htm": {},
    "officer_resignation_not_auditor_5_02.txt": {},
    "auditor_resigned_from_its_position_item_402.txt": {
        AC: "resigned from its position",
        NR: "should no longer be relied upon",
    },
    "auditor_change_explainer_list.txt": {},
    "item_401_402_explainer_glossary.htm": {},
    "amended_and_restated_bylaws_names.htm": {},
}


def _detect(name: str, items: tuple[str, ...] = ()) -> dict[str, tuple[bool, str | None]]:
    text = document_text((DOCS / name).read_bytes())
    signals = detect_signals(text, name, tuple(sorted(set(items) | set(find_items(text)))))
    return {n: (s.present, s.evidence) for n, s in signals.items()}


def test_every_test_document_has_an_expectation() -> None:
    assert sorted(p.name for p in DOCS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n.rsplit(".", 1)[0])
def test_document_signals_and_evidence(name: str) -> None:
    got = _detect(name)
    expected = EXPECTED[name]
    assert {n for n, (present, _) in got.items() if present} == set(expected)
    for signal, phrase in expected.items():
        evidence = got[signal][1]
        assert evidence is not None and phrase in evidence


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n.rsplit(".", 1)[0])
def test_evidence_is_one_clean_sentence(name: str) -> None:
    for present, evidence in _detect(name).values():
        assert present == (evidence is not None)
        if evidence is None:
            continue
        assert "\n" not in evidence and "  " not in evidence
        assert "<" not in evidence and "&#" not in evidence and evidence == evidence.strip()


def test_every_signal_name_is_reported_with_its_document() -> None:
    signals = detect_signals("Nothing to see here.", "ex99.htm")
    assert sorted(signals) == sorted(SIGNAL_NAMES)
    assert all(s.document == "ex99.htm" and not s.present for s in signals.values())


def _present(text: str, items: tuple[str, ...] = ()) -> set[str]:
    return {n for n, s in detect_signals(text, "", items).items() if s.present}


# One sentence per behaviour: (id, text, signals expected present).
SENTENCES = [
    # going concern
    ("auditor_doubt_is_a_going_concern",
     "Our independent auditors have expressed substantial doubt about our ability to continue "
     "as a going concern.", {GC}),
    ("negated_going_concern_is_not_a_signal",
     "The report of our auditors does not include a going concern explanatory paragraph.", set()),
    ("alleviated_going_concern_is_not_a_signal",
     "Management concluded that its plans alleviate the substantial doubt about the Company's "
     "ability to continue as a going concern.", set()),
    ("unalleviated_going_concern_is_a_signal",
     "Management concluded that its plans do not alleviate the substantial doubt about the "
     "Company's ability to continue as a going concern.", {GC}),
    ("no_longer_substantial_doubt_is_not_a_signal",
     "As a result of the offering, there is no longer substantial doubt about the Company's "
     "ability to continue as a going concern.", set()),
    ("conditional_going_concern_is_not_a_signal",
     "If we are unable to raise capital, there could be substantial doubt about our ability to "
     "continue as a going concern.", set()),
    ("modal_going_concern_is_not_a_signal",
     "Our auditors may express substantial doubt about our ability to continue as a going "
     "concern.", set()),
    ("subsidiary_going_concern_is_not_the_registrants",
     "There is substantial doubt about the ability of our subsidiary, Beta Mining LLC, to "
     "continue as a going concern.", set()),
    ("doubt_about_something_else_is_not_a_signal",
     "There is substantial doubt about the asset valuation, which does not affect our ability "
     "to continue as a going concern.", set()),
    ("going_concern_basis_of_preparation_is_not_a_signal",
     "The financial statements have been prepared assuming that the Company will continue as a "
     "going concern.", set()),
    ("doubt_that_does_not_exist_is_not_a_signal",
     "Management evaluated whether conditions raise substantial doubt about the Company's "
     "ability to continue as a going concern and concluded that substantial doubt does not "
     "exist.", set()),
    ("generic_auditing_standard_text_is_not_a_signal",
     "When an auditor concludes there is substantial doubt about a client's ability to continue "
     "as a going concern, the auditor adds an explanatory paragraph to the report.", set()),
    ("listing_rule_requiring_an_announcement_is_not_a_signal",
     "Nasdaq Listing Rule 5250(b)(2) requires public announcement of the receipt of an audit "
     "opinion containing a going concern explanatory paragraph.", set()),
    ("later_alleviation_beats_earlier_doubt",
     "As previously disclosed, there was substantial doubt about the Company's ability to "
     "continue as a going concern. Following the financing, that substantial doubt has been "
     "alleviated.", set()),
    # listing
    ("hearing_request_after_determination_is_a_delisting_notice",
     "On May 1, 2024, the Company received a Staff Delisting Determination from Nasdaq. The "
     "Company requested a hearing before the Nasdaq Hearings Panel.", {DL}),
    ("closed_relative_clause_does_not_negate_the_notice",
     "On May 1, 2024, the Company, which had not filed its Form 10-Q, received a letter from "
     "Nasdaq stating that it was not in compliance with Listing Rule 5250(c)(1).", {DL}),
    ("promised_confirmation_is_not_regained_compliance",
     "Nasdaq will provide written notification that the Company has regained compliance once "
     "the bid price closes at or above $1.00 for ten consecutive business days.", set()),
    ("now_quoted_on_otc_after_delisting_is_a_delisting_notice",
     "Following its delisting from Nasdaq, the Company's common stock is now quoted on the OTC "
     "Pink marketplace.", {DL}),
    ("otc_company_quotation_is_not_a_delisting_notice",
     "Our common stock is quoted on the OTCQB under the symbol \"ACME\".", set()),
    ("infinitive_regain_is_not_regained_compliance",
     "The Company has until July 15, 2024 to regain compliance with Nasdaq Listing Rule "
     "5550(a)(2).", set()),
    ("company_belief_is_not_regained_compliance",
     "The Company believes it has regained compliance with the Nasdaq stockholders' equity "
     "requirement.", set()),
    ("regained_headline_is_regained_compliance",
     "Acme Regains Compliance with Nasdaq Minimum Bid Price Requirement", {RC}),
    ("compliance_with_other_standards_is_not_regained_compliance",
     "The Notice also stated that the Company was in compliance with all other Nasdaq listing "
     "rules.", set()),
    ("late_filing_extension_under_12b25_is_not_a_delisting_notice",
     "Our common stock trades on Nasdaq.\n\nThe Company filed a Notification of Late Filing on "
     "Form 12b-25 and received an automatic 15-day extension to file its Form 10-K.", set()),
    ("stockholder_approval_rule_is_not_a_delisting_notice",
     "The Company received stockholder approval of the issuance as required by Nasdaq Listing "
     "Rule 5635(d).", set()),
    ("trading_halt_is_not_a_delisting_notice",
     "Nasdaq halted trading in the Company's common stock pending the release of news.", set()),
    ("move_to_otc_after_delisting_is_a_delisting_notice",
     "Following the suspension by NYSE American, the Company's common stock began trading on "
     "the OTC Pink marketplace on June 3, 2024.", {DL}),
    ("uplisting_from_otc_is_not_a_delisting_notice",
     "Our common stock, which previously traded on the OTCQB, has been approved for listing on "
     "the Nasdaq Capital Market.", set()),
    # bankruptcy
    ("own_chapter_11_petition_is_bankruptcy",
     "We filed a voluntary petition for relief under Chapter 11 on January 15, 2024.", {BK}),
    ("customer_chapter_11_is_not_bankruptcy",
     "On June 5, 2024, our largest customer, Beta Inc., filed for Chapter 11 protection.", set()),
    ("tenant_petition_under_the_bankruptcy_code_is_not_bankruptcy",
     "Our largest tenant, Retail Co., filed a voluntary petition under Chapter 11 of the "
     "Bankruptcy Code on March 1, 2025, and has rejected two of its leases with us.", set()),
    ("hypothetical_bankruptcy_is_not_bankruptcy",
     "If we cannot obtain financing, we may be forced to seek protection under Chapter 11 of "
     "the Bankruptcy Code.", set()),
    ("court_supervised_process_under_chapter_11_is_bankruptcy",
     "Acme Retail Inc. (NASDAQ: ACME) today announced that it has initiated a voluntary, "
     "court-supervised "
     "process under Chapter 11 of the U.S. Bankruptcy Code to facilitate a sale.", {BK}),
    ("hypothetical_court_supervised_process_is_not_bankruptcy",
     "The Company may need to initiate a court-supervised process under Chapter 11 if the "
     "lenders do not agree.", set()),
    ("involuntary_petition_against_registrant_is_bankruptcy",
     "On May 3, 2024, a creditor filed an involuntary petition under Chapter 7 against the "
     "Company.", {BK}),
    # non-reliance
    ("forward_looking_reliance_boilerplate_is_not_non_reliance",
     "These forward-looking statements should not be relied upon as representing our views as "
     "of any subsequent date.", set()),
    ("untitled_item_402_heading_does_not_hide_its_first_sentence",
     "Item 4.02. On May 1, 2025, the Audit Committee concluded that the Company's previously "
     "issued financial statements for fiscal 2024 should be restated and that such financial "
     "statements, as well as the related audit report, should not be relied upon.", {NR}),
    ("no_longer_rely_on_issued_statements_is_non_reliance",
     "Investors should no longer rely upon the Company's previously issued financial statements "
     "for fiscal 2023.", {NR}),
    # auditor change
    ("routine_auditor_appointment_is_not_an_auditor_change",
     "The Audit Committee appointed Ernst & Young LLP as the Company's independent registered "
     "public accounting firm for fiscal 2025.", set()),
    ("new_auditor_engagement_is_an_auditor_change",
     "The Audit Committee approved the engagement of Grant Thornton LLP as the Company's new "
     "independent registered public accounting firm.", {AC}),
    ("reported_resignation_is_an_auditor_change",
     "On March 1, 2024, Marcum LLP informed the Company that it would resign as the Company's "
     "independent registered public accounting firm.", {AC}),
    ("hypothetical_auditor_resignation_is_not_an_auditor_change",
     "If our auditors resign, we may be unable to file our periodic reports on time.", set()),
    ("dismissed_lawsuit_is_not_an_auditor_change",
     "The court dismissed the complaint against the Company and its former auditors.", set()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SENTENCES], ids=[c[0] for c in SENTENCES]
)
def test_sentence_behaviour(text: str, expected: set[str]) -> None:
    assert _present(text) == expected


def test_item_401_makes_a_plain_engagement_an_auditor_change() -> None:
    text = (
        "On April 2, 2024, the Audit Committee engaged Fairbanks Yoder LLP as the Company's "
        "independent registered public accounting firm."
    )
    assert AC not in _present(text)
    assert AC in _present(text, ("4.01",))


def test_item_402_heading_alone_proves_non_reliance() -> None:
    text = (
        "Item 4.02 Non-Reliance on Previously Issued Financial Statements or a Related Audit "
        "Report or Completed Interim Review.\n\nOn May 2, 2024, the Audit Committee concluded "
        "that the financial statements for fiscal 2023 must be restated to correct an error in "
        "the accounting for warrants.\n"
    )
    signal = detect_signals(text)[NR]
    assert signal.present
    assert signal.evidence is not None and signal.evidence.startswith("On May 2, 2024")


def test_item_402_answered_not_applicable_is_not_non_reliance() -> None:
    text = "Item 4.02 Non-Reliance on Previously Issued Financial Statements.\n\nNot applicable.\n"
    assert NR not in _present(text)


def test_item_301_alone_does_not_make_a_delisting_notice() -> None:
    text = (
        "Item 3.01 Notice of Delisting or Failure to Satisfy a Continued Listing Rule or "
        "Standard; Transfer of Listing.\n\nThe Company will transfer the listing of its common "
        "stock to the Nasdaq Global Select Market.\n"
    )
    assert _present(text, ("3.01",)) == set()


def test_regained_letter_supersedes_recounted_deficiency() -> None:
    text = (
        "As previously disclosed, on May 15, 2023, the Company received a letter from Nasdaq "
        "indicating that the Company was not in compliance with the minimum bid price "
        "requirement. On November 2, 2023, the Company received a letter from Nasdaq stating "
        "that the Company has regained compliance with the minimum bid price requirement."
    )
    assert _present(text) == {RC}


def test_new_deficiency_after_old_regain_stays_a_delisting_notice() -> None:
    text = (
        "On May 1, 2024, the Company received a notice from Nasdaq that it was not in "
        "compliance with the minimum bid price requirement. The Company previously received a "
        "similar notice in 2022 and regained compliance with the minimum bid price requirement "
        "in January 2023."
    )
    assert _present(text) == {DL}


def test_large_prospectus_of_risk_factors_raises_no_signal() -> None:
    # Its speed is bench/bench_signals.py's to measure: a wall-clock assert here failed
    # under CI load without any change in the code.
    risk = (
        "We may need additional capital, and if we fail to comply with Nasdaq continued listing "
        "requirements our stock could be delisted. Our auditors are independent accountants.\n\n"
    )
    plain = "Our product candidates are in early development and may never be approved.\n\n"
    text = (risk + plain * 4) * 2400  # about 1 MB of prospectus prose, a fifth of it risky
    signals = detect_signals(text)
    assert not any(s.present for s in signals.values())


# -- the shared labelled corpus (read in place, never copied) --------------------------------

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _corpus_entries() -> list[tuple[Path, dict[str, object]]]:
    if not CORPUS.is_dir():
        return []
    import yaml

    entries: list[tuple[Path, dict[str, object]]] = []
    for folder in ("signals", "seed"):
        labels = CORPUS / folder / "LABELS.yaml"
        if labels.is_file():
            data = yaml.safe_load(labels.read_text(encoding="utf-8"))
            entries += [(CORPUS / folder / str(d["file"]), d) for d in data["documents"]]
    return entries


def _file_signals(path: Path) -> dict[str, str]:
    """Signals of one corpus file, its documents merged: present name -> evidence."""
    from monitor.extract.submission import is_readable, split_submission

    raw = path.read_bytes()
    parts = [p[2] for p in split_submission(raw) if is_readable(p[0], p[2])] or [raw]
    merged: dict[str, str] = {}
    for body in parts:
        text = document_text(body)
        for name, signal in detect_signals(text, path.name, find_items(text)).items():
            if signal.present and signal.evidence and name not in merged:
                merged[name] = signal.evidence
    return merged


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


@pytest.fixture(scope="module")
def corpus_results() -> list[tuple[str, dict[str, object], dict[str, str]]]:
    entries = _corpus_entries()
    if not entries:
        pytest.skip(f"no labelled corpus at {CORPUS}")
    return [(path.name, entry, _file_signals(path)) for path, entry in entries]


@pytest.mark.corpus
def test_corpus_precision_and_recall_are_perfect_on_every_signal(
    corpus_results: list[tuple[str, dict[str, object], dict[str, str]]],
) -> None:
    wrong = []
    for name, entry, got in corpus_results:
        labels = entry["signals"]
        assert isinstance(labels, dict)
        for signal in SIGNAL_NAMES:
            if bool(labels[signal]) != (signal in got):
                wrong.append(f"{name}: {signal} expected {labels[signal]}")
    assert wrong == []


@pytest.mark.corpus
def test_corpus_hard_negatives_raise_no_signal(
    corpus_results: list[tuple[str, dict[str, object], dict[str, str]]],
) -> None:
    negatives = []
    for name, entry, got in corpus_results:
        labels = entry["signals"]
        assert isinstance(labels, dict)
        if not any(labels.values()):
            negatives.append((name, got))
    assert negatives, "the corpus has hard negatives"
    assert [(n, sorted(got)) for n, got in negatives if got] == []


@pytest.mark.corpus
def test_corpus_evidence_matches_a_labelled_sentence(
    corpus_results: list[tuple[str, dict[str, object], dict[str, str]]],
) -> None:
    for name, entry, got in corpus_results:
        evidence = entry.get("evidence") or {}
        assert isinstance(evidence, dict)
        for signal, sentences in evidence.items():
            ours = _norm(got[signal])
            labelled = [_norm(s) for s in sentences]
            assert any(s[:60] in ours or ours[:60] in s for s in labelled), (name, signal, ours)


# -- behaviours found on real filings outside the corpus; each has its own document ---------


def _found(name: str) -> set[str]:
    return {n for n, (present, _) in _detect(name).items() if present}


def test_rule_explainer_about_a_company_is_not_a_delisting_notice() -> None:
    # "A listed company that has received ... may appeal", "requires a company that receives
    # ... to make a public announcement", "has seven days ... to request a hearing"
    assert _found("listing_rule_explainer_faq.txt") == set()


def test_item_titles_quoted_by_an_explainer_are_not_filed_items() -> None:
    assert _found("item_401_402_explainer_glossary.htm") == set()


def test_auditor_change_topic_title_and_hypothetical_list_are_not_an_auditor_change() -> None:
    assert _found("auditor_change_explainer_list.txt") == set()


def test_delisting_the_issuer_requested_is_not_a_delisting_notice() -> None:
    assert _found("company_requested_delisting_after_merger.txt") == set()


def test_deficiency_letter_naming_only_the_staff_is_a_delisting_notice() -> None:
    assert _found("equity_deficiency_letter_named_by_staff.txt") == {DL, RC}


def test_exchange_accepting_a_compliance_plan_is_a_delisting_notice() -> None:
    assert _found("nyse_accepted_compliance_plan_802_01b.txt") == {DL}


def test_unpunctuated_title_line_does_not_hedge_the_next_sentence() -> None:
    assert _found("deficiency_after_unpunctuated_risk_title.txt") == {DL}


def test_doubt_qualified_by_without_financing_is_a_going_concern() -> None:
    assert _found("going_concern_without_financing_qualifier.txt") == {GC}


def test_doubt_raised_in_previous_reports_is_not_a_going_concern() -> None:
    assert _found("going_concern_previously_raised_now_funded.txt") == set()


def test_debtors_commencing_the_chapter_11_cases_is_bankruptcy() -> None:
    assert _found("chapter_11_cases_commenced_by_debtors.txt") == {BK}


def test_chapter_11_cases_named_as_fact_are_the_registrants_bankruptcy() -> None:
    assert _found("delisting_determination_from_chapter_11_cases.txt") == {BK, DL}


def test_registrant_filing_with_its_subsidiaries_is_bankruptcy() -> None:
    assert _found("parent_and_subsidiaries_commenced_chapter_11.txt") == {BK}


def test_customer_petition_date_is_not_the_registrants_bankruptcy() -> None:
    assert _found("customer_petition_date_receivable.txt") == set()


def test_firm_resigning_from_its_position_is_an_auditor_change() -> None:
    assert _found("auditor_resigned_from_its_position_item_402.txt") == {AC, NR}

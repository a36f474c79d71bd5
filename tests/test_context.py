"""Signal context attributes (subject, polarity, time, modality, actor) in real filing wording.

Every sentence below is quoted from a public filing outside the shared corpus (trimmed to the
sentence or two that matter; company names kept); `SOURCES` says where. The expected
attributes come from reading the sentence, not from running the code. `CUE_ROWS` gives each
lexicon entry (monitor/extract/lexicon.py) a row of real wording it must match.
"""

from __future__ import annotations

import re

import pytest

from monitor.extract.lexicon import ATTRIBUTES, LEXICON, cue, pattern
from monitor.extract.signals import detect_signals

SOURCES = {
    # going concern
    "pwc_401": "https://publicnow.com/view/6E2321ED27EA19EA4C5175AB18D827CA50E2D6A2 "
               "(8-K Item 4.01, PwC dismissed, 2024-11-27)",
    "r8_1377149": "https://www.sec.gov/Archives/edgar/data/1377149/000138713120007537/R8.htm "
                  "(10-Q note 2, going concern, June 30, 2020)",
    "r9_1307579": "https://www.sec.gov/Archives/edgar/data/1307579/000143774924035290/R9.htm "
                  "(10-Q note 2, liquidity and going concern, September 30, 2024)",
    "r8_844856": "https://www.sec.gov/Archives/edgar/data/844856/000084485620000042/R8.htm "
                 "(10-Q note 2, going concern and liquidity, September 30, 2020)",
    "nexi_8k": "https://capedge.com/filing/1538210/0001193125-24-021522/NEXI-8K "
               "(8-K supplemental risk factors, 2024)",
    "ex23_1097805": "https://www.sec.gov/Archives/edgar/data/1097805/000119312505066527/"
                    "dex231.htm (EX-23.1, auditor's report in a consent, 2005)",
    "as2415": "https://pcaobus.org/Standards/Auditing/Pages/AS_2415_ARM_Amendment.aspx "
              "(PCAOB AS 2415 .03)",
    "nasdaq_faq_5250": "https://experts123.com/q/is-a-nasdaq-listed-company-required-to-"
                       "disclose-the-receipt-of-a-going-concern-opinion-from-its-independent-"
                       "auditors-in-the-financial-statements-contained-in-the-form-10-k-or-its-"
                       "equivalent.html (Nasdaq FAQ on Listing Rule 5250(b)(2))",
    "credit_agreement": "https://lawinsider.com/clause/annual-audited-financials/_2 "
                        "(CorEnergy credit agreement, annual audited financials)",
    # listing
    "james_river": "http://www.creditbubblestocks.com/2014/04/james-river-coal-notice-of-"
                   "delisting.html (James River Coal 8-K Item 3.01, April 2014)",
    "r13_895665": "https://www.sec.gov/Archives/edgar/data/895665/000119312520290287/R13.htm "
                  "(10-Q note 8, subsequent events, Nasdaq Hearing Panel, September 2020)",
    "opgn_10q": "https://d-risk.ai/OPGN/10-Q/2024-11-15 (Opgen 10-Q risk factors, "
                "November 2024)",
    "onty_8k": "https://capedge.com/filing/1412067/0001279569-08-001055/ONTY-8K "
               "(Oncothyreon 8-K Item 3.01, September 2008)",
    "dial_global": "http://mediaconfidential.blogspot.com/2012/11/dial-global-intends-to-"
                   "voluntarily.html (Dial Global press release, November 2012)",
    "sfes_10k": "https://tipranks.com/stocks/sfes/risk-factors (Saifun/SFES 10-K risk "
                "factors, 2024)",
    "r12_1068796": "https://www.sec.gov/Archives/edgar/data/1068796/000119312513324275/"
                   "R12.htm (10-Q note 7, plan of dissolution, June 30, 2013)",
    "r19_1063537": "https://www.sec.gov/Archives/edgar/data/1063537/000143774922025781/"
                   "R19.htm (10-Q note 14, Nasdaq listing requirements, September 30, 2022)",
    "r23_1556266": "https://www.sec.gov/Archives/edgar/data/1556266/000121390018015858/"
                   "R23.htm (10-Q, receipt of Nasdaq deficiency notice, September 30, 2018)",
    "r15_1171014": "https://www.sec.gov/Archives/edgar/data/1171014/000110465912058455/"
                   "R15.htm (10-Q note 9, other events, 2012)",
    "edgar_online_rf": "https://content.edgar-online.com/ExternalLink/EDGAR/"
                       "0001140361-22-019437.html (8-K risk factor update, 2022)",
    "pca_blog": "https://www.publiccompanyadvisoryblog.com/2022/06/14/nasdaq-minimum-bid-"
                "price/ (explainer of Nasdaq Rule 5810)",
    # bankruptcy
    "r10_886835": "https://sec.gov/Archives/edgar/data/886835/000095017022004202/R10.htm "
                  "(10-K note 2, emergence from Chapter 11, December 31, 2021)",
    "r9_1255474": "https://www.sec.gov/Archives/edgar/data/1255474/000125547422000012/R9.htm "
                  "(10-K note 2, Chapter 11 emergence, December 31, 2021)",
    "r8_704384": "https://www.sec.gov/Archives/edgar/data/704384/000121465913002757/R8.htm "
                 "(10-Q, 2013 bankruptcy case, March 31, 2013)",
    "r20_1593222": "https://www.sec.gov/Archives/edgar/data/1593222/000119312523273705/"
                   "R20.htm (REIT 10-Q note 11, subsequent events, tenant WeWork, 2023)",
    # accountants
    "nuo_8k": "https://capedge.com/filing/1091596/0001437749-24-019961/AURX-8K "
              "(Nuo Therapeutics 8-K Item 4.01, June 2024)",
    "pwc_viewpoint_4610": "https://viewpoint.pwc.com/dt/us/en/sec/financial_reporting_m/"
                          "financial_reporting___4_US/topic_4_independent__US/"
                          "4600_nonreliance_on__US/4610_nonreliance_on__US.html "
                          "(SEC reporting manual 4610.1)",
    "r11_1615817": "https://www.sec.gov/Archives/edgar/data/1615817/000162828018002585/"
                   "R11.htm (10-K note 3, fresh start accounting, 2017)",
    "r8_1019034": "https://www.sec.gov/Archives/edgar/data/1019034/000143774920024024/R8.htm "
                  "(10-Q note 2, going concern, September 30, 2020)",
    "r8_1161582": "https://www.sec.gov/Archives/edgar/data/1161582/000165495420006074/R8.htm "
                  "(10-Q note 2, going concern, March 31, 2020)",
    "r10_933972": "https://www.sec.gov/Archives/edgar/data/933972/000165495425012910/R10.htm "
                  "(10-Q note 3, liquidity and going concern, September 30, 2025)",
}

# (id, text, signal, present, expected attributes of the evidence or the considered sentence,
#  source key)
CASES: list[tuple[str, str, str, bool, dict[str, str | None], str]] = [
    # -- subject ---------------------------------------------------------------------------
    ("auditor_except_clause_in_item_401_is_the_auditors_doubt",
     "The reports of PwC on the Company's financial statements for the fiscal years ended "
     "December 31, 2023 and 2022 did not contain an adverse opinion or disclaimer of opinion and "
     "were not qualified or modified as to uncertainty, audit scope or accounting principles, "
     "except that the reports on the financial statements of the Company for the fiscal year "
     "ended December 31, 2023 included an explanatory paragraph indicating that there was "
     "substantial doubt as to the Company's ability to continue as a going concern.",
     "going_concern", True, {"subject": "auditor", "polarity": "asserted"}, "pwc_401"),
    ("management_doubt_is_the_registrants",
     "Because of anticipated losses and scheduled debt maturities in the following twelve "
     "months, substantial doubt is deemed to exist about the Company’s ability to continue as a "
     "going concern through August 14, 2021.",
     "going_concern", True,
     {"subject": "registrant", "polarity": "asserted", "time": "current", "modality": "factual"},
     "r8_1377149"),
    ("ability_of_the_company_is_the_registrants",
     "The Company has incurred significant recent losses, which raises substantial doubt about "
     "the ability of the Company to continue as a going concern for a period of one year from "
     "the issuance of these financial statements.",
     "going_concern", True, {"subject": "registrant"}, "r9_1307579"),
    ("tenant_announcing_its_bankruptcy_is_a_third_party",
     "Subsequent to September 30, 2023, WeWork Inc. (“WeWork”), announced that it has filed for "
     "bankruptcy protection. The Company, through wholly owned subsidiaries, is the landlord "
     "under leases totaling approximately 177,000 square feet with subsidiaries of WeWork at "
     "three of the Company’s properties.",
     "bankruptcy", False, {"subject": "third_party"}, "r20_1593222"),
    ("auditors_explanatory_paragraph_recounted_in_a_10q_is_the_auditors_doubt",
     "Due to several factors, including the Company's history of losses and limited revenue, "
     "its independent auditors have included an explanatory paragraph in their audit opinion "
     "related to the Company's 2019 annual financial statements as to the substantial doubt "
     "about the Company's ability to continue as a going concern.",
     "going_concern", True, {"subject": "auditor", "time": "current"}, "r8_1019034"),
    ("audit_report_for_the_year_ended_includes_doubt",
     "The audit report prepared by the Company’s independent registered public accounting firm "
     "relating to our consolidated financial statements for the year ended December 31, 2019 "
     "includes an explanatory paragraph expressing the substantial doubt about the Company’s "
     "ability to continue as a going concern.",
     "going_concern", True, {"subject": "auditor", "time": "current"}, "r8_1161582"),
    # -- polarity --------------------------------------------------------------------------
    ("staff_letter_saying_compliance_not_regained_is_negated",
     "On September 16, 2008 we received a Staff Determination Letter from The Nasdaq Stock "
     "Market indicating that we have not regained compliance.",
     "regained_compliance", False, {"polarity": "negated"}, "onty_8k"),
    ("management_belief_of_doubt_is_asserted",
     "Management believes these conditions raises substantial doubt about the Company's ability "
     "to continue as a going concern within a year and a day from the issuance of these "
     "consolidated financial statements.",
     "going_concern", True, {"polarity": "asserted", "modality": "factual"}, "r8_844856"),
    ("regained_letter_with_matter_closed_is_regained_compliance",
     "On September 12, 2022, Nasdaq notified us that we had regained compliance with the "
     "minimum bid price requirement and the matter was closed.",
     "regained_compliance", True, {"actor": "exchange", "polarity": "asserted"}, "r19_1063537"),
    ("deficiency_previously_cured_is_resolved",
     "As previously disclosed, we appealed to the Panel on February 27, 2020 due to its failure "
     "to maintain compliance with Nasdaq’s minimum closing bid price rule (“Bid Price Rule”) and "
     "minimum $2.5 million in shareholder equity (“Shareholder Equity Rule”). We previously "
     "cured its Shareholder Equity Rule deficiency.",
     "regained_compliance", True, {"actor": "exchange"}, "r13_895665"),
    ("matter_now_closed_after_equity_deficiency_is_regained_compliance",
     "On August 22, 2018, the Company received a letter from Nasdaq notifying the Company that "
     "based on the Company’s Quarterly Report on Form 10-Q for the period ended June 30, 2018 "
     "filed on August 17, 2018, in which it reported stockholders’ equity of $4,132,773, Nasdaq "
     "has determined that the Company satisfies the $2.5 million stockholders’ equity "
     "requirement under Listing Rule 5550(b)(1) and this matter is now closed.",
     "regained_compliance", True, {"actor": "exchange"}, "r23_1556266"),
    ("cured_deficiency_is_not_a_live_delisting_notice",
     "On June 15, 2012, we received notice from the Listing Qualifications Department of the "
     "Nasdaq Stock Market indicating that, for the last 30 consecutive business days, the market "
     "value of the Company’s listed securities (“MVLS”) had closed below the minimum $50,000,000 "
     "required for continued listing on The Nasdaq Global Market under Nasdaq Listing Rule "
     "5450(b)(2)(A). On August 8, 2012, we received notice from the Listing Qualifications "
     "Department of The Nasdaq Stock Market that we have regained compliance with The Nasdaq "
     "Listing Standards by curing the market value of listed securities deficiency.",
     "delisting_notice", False, {"polarity": "resolved", "actor": "exchange"}, "r15_1171014"),
    # -- time ------------------------------------------------------------------------------
    ("chapter_11_case_the_debtors_emerged_from_is_history",
     "Plan of Reorganization under Chapter 11 of the Bankruptcy Code—On April 1, 2020, the "
     "Debtors commenced the Chapter 11 Cases as described in the “Summary of Significant "
     "Accounting Policies” footnote above. On August 14, 2020, the Bankruptcy Court confirmed "
     "the Plan. On September 1, 2020 the Debtors satisfied all conditions required for Plan "
     "effectiveness and emerged from the Chapter 11 Cases.",
     "bankruptcy", False, {"time": "historical"}, "r9_1255474"),
    ("emergence_date_recounted_in_a_10k_is_history",
     "On the Emergence Date, the conditions to effectiveness of the Plan were satisfied or "
     "waived and we emerged from Chapter 11.",
     "bankruptcy", False, {"time": "historical"}, "r10_886835"),
    ("fresh_start_upon_emergence_from_the_proceeding_is_history",
     "The Company adopted Fresh Start accounting on the Plan Effective Date in connection with "
     "the Company's emergence from bankruptcy. Upon the Company's emergence from the Chapter 11 "
     "Proceeding, the Company qualified for and adopted Fresh Start accounting in accordance "
     "with the provisions set forth in ASC 852.",
     "bankruptcy", False, {"time": "historical"}, "r11_1615817"),
    ("petition_in_the_current_quarter_is_current",
     "On March 6, 2013 (the “Petition Date”), as a result of the Company’s inability to pay "
     "approximately $30 million in secured debt which had become due on November 17, 2012, the "
     "Company filed a voluntary petition to reorganize under Chapter 11, Case No. "
     "8:13-bk-2892-KRM, with the Bankruptcy Court (the “2013 Bankruptcy Case”).",
     "bankruptcy", True, {"time": "current", "subject": "registrant"}, "r8_704384"),
    ("form_25_filed_years_before_the_report_is_history_and_the_companys",
     "For the fiscal year ended December 31, 2024.\n\nWe filed Form 25 on February 2, 2024 and our "
     "common stock was delisted from trading on Nasdaq effective as of the end of business on "
     "February 9, 2024.",
     "delisting_notice", False, {"actor": "company"}, "sfes_10k"),
    # -- modality --------------------------------------------------------------------------
    ("wind_down_or_bankruptcy_if_capital_is_not_raised_is_hypothetical",
     "If the Company is unable to raise capital when needed, it could be forced to complete a "
     "wind down of its operations and/or seek bankruptcy protection.",
     "bankruptcy", False, {"modality": "hypothetical"}, "nexi_8k"),
    ("notices_received_in_the_past_and_maybe_again_are_a_risk_factor",
     "We have in the past received, and may in the future receive, notices from Nasdaq that "
     "we are not in compliance with its continued listing requirements.",
     "delisting_notice", False, {"modality": "risk_factor"}, "authored"),
    ("bankruptcy_risk_with_adverse_effect_is_a_risk_factor",
     "If the Company is unable to raise capital when needed, it may be forced to seek "
     "protection under Chapter 11 of the Bankruptcy Code, which would have a material adverse "
     "effect on our business.",
     "bankruptcy", False, {"modality": "risk_factor"}, "nexi_8k"),
    ("management_evaluating_whether_doubt_exists_is_hypothetical",
     "In accordance with ASU No. 2014-15 Presentation of Financial Statements – Going Concern "
     "(subtopic 205-40), the Company’s management evaluates whether there are conditions or "
     "events, considered in the aggregate, that raise substantial doubt about the Company’s "
     "ability to continue as a going concern within one year after the date that the financial "
     "statements are issued.",
     "going_concern", False, {"modality": "hypothetical"}, "r10_933972"),
    ("auditors_expected_to_reevaluate_is_hypothetical",
     "It is expected that the Company's independent auditors will reevaluate its going concern "
     "qualification based on the Company's financial position.",
     "going_concern", False, {"modality": "hypothetical"}, "r8_1019034"),
    ("supplemental_risk_factor_stating_doubt_is_a_going_concern",
     "The Company needs to raise capital to support its operations, and there is substantial "
     "doubt about its ability to continue as a going concern.",
     "going_concern", True, {"modality": "factual"}, "nexi_8k"),
    ("risk_factor_headline_on_delisting_states_no_event",
     "Our failure to maintain compliance with Nasdaq’s continued listing requirements could "
     "result in the delisting of our Common Stock. We must satisfy The Nasdaq Capital Market’s "
     "continued listing requirements, including, among other things, a minimum stockholders’ "
     "equity of $2.5 million and a minimum bid price requirement of $1.00 per share or risk "
     "delisting, which would have a material adverse effect on our business.",
     "delisting_notice", False, {}, "edgar_online_rf"),
    ("auditing_standard_on_the_entity_is_not_the_registrants_doubt",
     "If the auditor believes there is substantial doubt about the entity's ability to continue "
     "as a going concern for a reasonable period of time, he should (1) obtain information "
     "about management's plans that are intended to mitigate the effect of such conditions or "
     "events, and (2) assess the likelihood that such plans can be effectively implemented.",
     "going_concern", False, {"subject": "third_party"}, "as2415"),
    ("listing_rule_faq_is_generic",
     "Pursuant to Listing Rule 5250(b)(2), a company that receives an audit opinion in which the "
     "auditor expresses doubt about the company’s ability to continue as a going concern for a "
     "reasonable period of time must make a public announcement through the news media "
     "disclosing the receipt of such qualification.",
     "going_concern", False, {"modality": "definition"}, "nasdaq_faq_5250"),
    ("credit_agreement_covenant_is_boilerplate",
     "Such consolidated statements to be accompanied by a report and opinion of an independent "
     "certified public accountant of recognized standing reasonably acceptable to the "
     "Administrative Agent, which report and opinion shall be prepared in accordance with "
     "generally accepted auditing standards and shall not be subject to any “going concern” or "
     "like qualification or exception or any qualification or exception as to the scope of such "
     "audit.",
     "going_concern", False, {"modality": "boilerplate"}, "credit_agreement"),
    ("rule_explainer_on_deficiency_notices_is_a_definition",
     "Nasdaq rule 5810(b) requires a company that receives a deficiency notification to make a "
     "public announcement that discloses receipt of the notification, identifies the Nasdaq "
     "rule(s) upon which the deficiency is based.",
     "delisting_notice", False, {"modality": "definition"}, "pca_blog"),
    ("reporting_manual_on_item_402_is_a_definition",
     "An Item 4.02(a) Form 8-K should be filed when a registrant's board of directors, committee "
     "of the board, or board authorized officer(s) concludes any previously issued financial "
     "statements should no longer be relied upon due to an accounting error.",
     "non_reliance", False, {"modality": "hypothetical"}, "pwc_viewpoint_4610"),
    # -- actor -----------------------------------------------------------------------------
    ("nasdaq_notice_that_it_intends_to_delist_is_the_exchange",
     "On April 8, 2014, the Company received notice from The Nasdaq Stock Market (“Nasdaq”) "
     "that Nasdaq intends to delist the Company’s common stock and that trading of the "
     "Company’s common stock will be suspended at the opening of business on April 17, 2014.",
     "delisting_notice", True, {"actor": "exchange"}, "james_river"),
    ("hearing_panel_letter_determining_to_delist_is_the_exchange",
     "On September 30, 2020 we announced that we received a letter from the Nasdaq Hearing "
     "Panel (“Panel”) determining to delist our common stock from The Nasdaq Stock Market.",
     "delisting_notice", True, {"actor": "exchange"}, "r13_895665"),
    ("panel_denying_continued_listing_is_the_exchange",
     "On August 16, 2024, following the Panels review of the Companys plan to regain compliance, "
     "the Company received a letter (the Notice) indicating that the Panel had determined to "
     "deny the Companys request for continued listing on Nasdaq.",
     "delisting_notice", True, {"actor": "exchange"}, "opgn_10q"),
    ("staff_determination_letter_is_the_exchange",
     "On September 16, 2008 we received a Staff Determination Letter from The Nasdaq Stock "
     "Market indicating that we have not regained compliance.",
     "delisting_notice", True, {"actor": "exchange"}, "onty_8k"),
    ("company_filing_its_own_form_25_is_the_company",
     "The decision to voluntarily delist from NASDAQ was taken following a review by the "
     "Company's Board of Directors, which determined that a delisting would be in the best "
     "interests of the Company. The Company currently anticipates that it will file a Form 25 "
     "with the U.S. Securities and Exchange Commission on or about November 26, 2012 to "
     "commence the delisting process.",
     "delisting_notice", False, {"actor": "company"}, "dial_global"),
    ("dissolving_company_planning_to_ask_nasdaq_to_suspend_states_no_notice",
     "Upon the filing of the certificate of dissolution, the Company intends to close its stock "
     "transfer books, discontinue recording transfers of shares of its stock, and seek relief "
     "from certain of its reporting obligations under the Securities Exchange Act of 1934, as "
     "amended. The Company also plans to request that NASDAQ suspend trading of the Company’s "
     "common stock on the NASDAQ Global Market effective at the close of business on the date "
     "the Company files the certificate of dissolution and will seek to delist its shares of "
     "common stock from the NASDAQ Global Market as soon as practicable thereafter.",
     "delisting_notice", False, {}, "r12_1068796"),
    ("panel_completing_the_delisting_by_form_25_is_the_exchange",
     "The Panel indicated that the Nasdaq Stock Market will complete the delisting by filing a "
     "Form 25 Notification of Delisting with the U.S. Securities and Exchange Commission, after "
     "applicable appeal periods have lapsed.",
     "delisting_notice", True, {"actor": "exchange"}, "r13_895665"),
    # -- auditor change --------------------------------------------------------------------
    ("audit_committee_dismissing_its_auditor_is_an_auditor_change",
     "Effective June 7, 2024 (the “Effective Date”), Nuo Therapeutics, Inc. (the “Company”) "
     "dismissed Marcum LLP (“Marcum”) as the Company’s independent registered public accounting "
     "firm.",
     "auditor_change", True, {"subject": "registrant", "modality": "factual"}, "nuo_8k"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "signal", "present", "attributes"),
    [c[1:5] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_real_wording_gets_its_context(
    text: str, signal: str, present: bool, attributes: dict[str, str | None]
) -> None:
    sig = detect_signals(text)[signal]
    assert sig.present is present
    if attributes:
        assert sig.context is not None, "no context for the considered sentence"
        got = {k: getattr(sig.context, k) for k in attributes}
        assert got == attributes


def test_every_case_names_a_recorded_source() -> None:
    assert {c[5] for c in CASES + ERROR_KINDS} <= set(CUE_SOURCES)
    assert len({c[0] for c in CASES + ERROR_KINDS}) == len(CASES) + len(ERROR_KINDS)


# (lexicon entry, real wording it must match, source key or a CASES id it comes from)
CUE_ROWS: list[tuple[str, str, str]] = [
    ("conditional", "If the Company is unable to raise capital when needed", "nexi_8k"),
    ("modal", "it could be forced to complete a wind down", "nexi_8k"),
    ("epistemic", "We intend to actively monitor the bid price", "r15_1171014"),
    ("future_intent", "The Company also plans to request that NASDAQ suspend trading",
     "r12_1068796"),
    ("belief", "If we generate net proceeds in excess of $5.0 million, we believe that we will "
     "meet the standards", "onty_8k"),
    ("modal_after", " could result in the delisting of our Common Stock", "edgar_online_rf"),
    ("hedged_otc", "Our common stock may be eligible for quotation on the OTC Bulletin Board",
     "james_river"),
    ("reported_speech", "On September 12, 2022, Nasdaq notified us ", "r19_1063537"),
    ("risk_factor", "which would have a material adverse effect on our business",
     "edgar_online_rf"),
    ("habitual", ", and may in the future receive, notices from Nasdaq", "authored"),
    ("safe_harbor", "This Annual Report on Form 10-K contains statements that are not "
     "historical facts and are considered forward-looking", "plug_10k"),
    ("contract_without", "shall not be subject to any “going concern” or like qualification",
     "credit_agreement"),
    ("contract_except", "were not qualified or modified as to uncertainty, audit scope or "
     "accounting principles, except for a going concern paragraph", "authored"),
    ("contract_words", "reasonably acceptable to the Administrative Agent", "credit_agreement"),
    ("bankruptcy_boilerplate", "Upon the filing of the certificate of dissolution",
     "r12_1068796"),
    ("reliance_boilerplate", "Readers should not place undue reliance on our forward-looking "
     "statements", "plug_10k"),
    ("definition", "“look-forward period,” as defined by GAAP", "r9_1307579"),
    ("accounting_standard", "Under ASC 205-40, Presentation of Financial Statements—Going "
     "Concern", "me2c_10q"),
    ("rule_requires", "Nasdaq Listing Rule 5550(b)(1) requires that companies listed on the "
     "Nasdaq Capital Market maintain", "r19_1063537_2017"),
    ("generic_company", "a company that receives an audit opinion in which the auditor "
     "expresses doubt", "nasdaq_faq_5250"),
    ("generic_relative", "Nasdaq rule 5810(b) requires a company that receives ", "pca_blog"),
    ("generic_possessor", "This item requires disclosure if the company believes; an issuer’s ",
     "glossary_402"),
    ("rule_text", "This item requires disclosure if the company believes", "glossary_402"),
    ("negation", "we do not have sufficient funds to cover the amounts due", "r8_1377149"),
    ("adverbial_without", "Without additional financing, these factors raise substantial "
     "doubt", "issue_10"),
    ("negation_anywhere", "indicating that we have not regained compliance", "onty_8k"),
    ("negated_after", " does not exist, he should consider", "as2415_full"),
    ("not_resolved", "management's plans do not alleviate the substantial doubt",
     "me2c_10q_plans"),
    ("alleviated", "conditions that raise substantial doubt ... have been alleviated",
     "as2415_full"),
    ("no_longer", "As a result of the offering, there is no longer substantial doubt about the "
     "Company's ability to continue as a going concern", "authored"),
    ("removed", "the going concern qualification in last year's audit report has been removed",
     "issue_15"),
    ("later_report_clean", "contained a going concern explanatory paragraph; the report for "
     "fiscal 2023 does not", "authored"),
    ("cured", "We previously cured its Shareholder Equity Rule deficiency", "r13_895665"),
    ("previously", "As previously disclosed, we appealed to the Panel", "r13_895665"),
    ("superseded", "In previous financial reports, the Company had raised ", "issue_10"),
    ("prior_period_report", "the going concern qualification in last year's audit report",
     "issue_15"),
    ("emerged", "the Debtors satisfied all conditions required for Plan effectiveness and "
     "emerged from the Chapter 11 Cases", "r9_1255474"),
    ("emergence", "Upon the Company's emergence from the Chapter 11 Proceeding",
     "r11_1615817"),
    ("stale_date", "Emerged from Chapter 11 bankruptcy protection in June 1994", "conll_best"),
    ("period_end", "for the fiscal year ended ", "r8_1161582"),
    ("date_of_report", "Date of Report (Date of earliest event reported): May 16, 2023",
     "acon_8k"),
    ("registrant", "the Company filed a voluntary petition to reorganize under Chapter 11",
     "r8_704384"),
    ("own_possessor", "substantial doubt as to the Company's ability to continue", "pwc_401"),
    ("definite_registrant", "On August 22, 2018, the Company received a letter from Nasdaq",
     "r23_1556266"),
    ("own_subsidiaries", "Yellow Corporation (the “Company”) and certain of its direct and "
     "indirect subsidiaries", "authored"),
    ("auditor_voice", "the reports on the financial statements of the Company for the fiscal "
     "year ended December 31, 2023 included an explanatory paragraph", "pwc_401"),
    ("third_party", "with subsidiaries of WeWork at three of the Company’s properties",
     "r20_1593222"),
    ("other_owner", "the entity's ability to continue as a going concern", "as2415"),
    ("not_the_auditor", "Mr. Smith resigned from the board of directors", "authored"),
    ("person", "he should (1) obtain information", "as2415"),
    ("exchange_notice", "the Company received a letter (the Notice) indicating that the Panel "
     "had determined to deny", "opgn_10q"),
    ("company_exit", "the Company and Clearday intend to finalize an extension to the merger "
     "agreement", "r13_895665"),
    ("company_request", "The decision to voluntarily delist from NASDAQ", "dial_global"),
    ("company_form25", "The Company currently anticipates that it will file a Form 25",
     "dial_global"),
    ("company_dissolution", "the date the Company files the certificate of dissolution",
     "r12_1068796"),
    ("company_transfer", "we may choose at any time prior to the end of the appeal process to "
     "apply to transfer the listing of our common stock to The NASDAQ Capital Market",
     "onty_8k"),
]  # fmt: skip

CUE_SOURCES = {
    **SOURCES,
    "plug_10k": "https://riskrunners.com/PLUGPOWERINC.html (Plug Power 10-K Item 1A)",
    "me2c_10q": "https://ir.me2cenvironmental.com/all-sec-filings/xbrl_doc_only/9838 "
                "(10-Q note 3, September 30, 2021)",
    "me2c_10q_plans": "wording of ASC 205-40-50-13 as quoted in 10-Q going-concern notes "
                      "(see me2c_10q); also tests/test_signals.py",
    "r19_1063537_2017": "https://www.sec.gov/Archives/edgar/data/1063537/000114036118013699/"
                        "R21.htm (10-K note 14, 2017)",
    "glossary_402": "https://glossary.guide/item-4-02-non-reliance-on-previously-issued-"
                    "financial-statements-or-a-related-audit-report-or-completed-interim-"
                    "review-8-k-explained-1068",
    "as2415_full": "https://pcaobus.org/Standards/Auditing/Pages/AS_2415_ARM_Amendment.aspx "
                   "(AS 2415 .03 c and .12)",
    "issue_15": "issue 15's held-out error, as the issue words it",
    "issue_10": "tests/test_signals.py (issue 10), authored",
    "conll_best": "CoNLL-2003 news sentence quoted in public NER examples "
                  "(\"Best emerged from Chapter 11 bankruptcy protection in June 1994\")",
    "acon_8k": "https://capedge.com/filing/1635077/0001683168-23-003477/ACON-8K "
               "(Aclarion 8-K cover, May 2023)",
    "authored": "authored for the test",
}


@pytest.mark.parametrize(("name", "text"), [r[:2] for r in CUE_ROWS], ids=[r[0] for r in CUE_ROWS])
def test_lexicon_entry_matches_its_real_wording(name: str, text: str) -> None:
    assert pattern(name).search(text), f"{name} does not match {text!r}"


def test_every_lexicon_entry_has_a_reason_a_known_value_and_a_test_row() -> None:
    rows = {r[0] for r in CUE_ROWS}
    for entry in LEXICON:
        assert entry.reason.strip(), entry.name
        assert entry.value in ATTRIBUTES[entry.attribute], entry.name
        assert entry.name in rows, f"lexicon entry {entry.name} has no test row"
    assert {r[2] for r in CUE_ROWS} <= set(CUE_SOURCES)


def test_lexicon_patterns_do_not_capture() -> None:
    for entry in LEXICON:
        assert re.compile(entry.pattern).groups == 0, entry.name
        assert cue(entry.name) is entry


# The four kinds of held-out error issue 15 names, as whole documents: (id, text, signal,
# present, attributes, source). Sentences are real wording (sources above) around the issue's
# own description of each error.
ERROR_KINDS: list[tuple[str, str, str, bool, dict[str, str | None], str]] = [
    # resolution not seen
    ("going_concern_qualification_removed_is_resolved",
     "The report of our independent registered public accounting firm on our 2022 financial "
     "statements included an explanatory paragraph regarding substantial doubt about our "
     "ability to continue as a going concern. The going concern qualification in last year's "
     "audit report has been removed.",
     "going_concern", False, {"polarity": "resolved"}, "issue_15"),
    ("qualification_removed_named_only_by_its_noun_is_resolved",
     "The report of our independent registered public accounting firm on our 2022 financial "
     "statements included an explanatory paragraph regarding substantial doubt about our "
     "ability to continue as a going concern. This qualification has been removed from their "
     "report on our 2023 financial statements.",
     "going_concern", False, {"polarity": "resolved"}, "issue_15"),
    ("doubt_stated_after_a_removal_stands",
     "The going concern qualification in last year's audit report has been removed. Since "
     "then the Company has incurred further losses, and these conditions raise substantial "
     "doubt about the Company's ability to continue as a going concern.",
     "going_concern", True, {"polarity": "asserted", "time": "current"}, "issue_15"),
    ("earlier_report_with_doubt_and_a_clean_later_one_is_resolved",
     "Our auditor's report for fiscal 2022 contained a going concern explanatory paragraph; the "
     "report for fiscal 2023 does not.",
     "going_concern", False, {"polarity": "resolved"}, "authored"),
    ("item_401_clean_report_except_for_doubt_stays_a_going_concern",
     "The audit report of Marcum LLP on the financial statements of the Company for the fiscal "
     "year ended December 31, 2023 did not contain an adverse opinion or a disclaimer of "
     "opinion, and was not qualified or modified as to uncertainty, audit scope or accounting "
     "principles, except that the report included an explanatory paragraph regarding the "
     "Company's ability to continue as a going concern.",
     "going_concern", True, {"subject": "auditor"}, "pwc_401"),
    # the auditor's voice
    ("consent_with_third_person_doubt_is_the_auditors_going_concern",
     "CONSENT OF INDEPENDENT REGISTERED PUBLIC ACCOUNTING FIRM\n\nWe consent to the "
     "incorporation by reference in the Registration Statement on Form S-8 of our report dated "
     "March 28, 2024, relating to the financial statements of Acme Inc., which report includes "
     "an explanatory paragraph regarding the substantial doubt about the Company's ability to "
     "continue as a going concern, appearing in the Annual Report on Form 10-K.",
     "going_concern", True, {"subject": "auditor"}, "issue_15"),
    ("consent_naming_the_company_by_its_name_is_the_auditors_going_concern",
     "We consent to the inclusion in this Registration Statement on Form S-1 of our report "
     "dated March 30, 2024 (which includes an explanatory paragraph relating to Acme Inc.'s "
     "ability to continue as a going concern), relating to the financial statements of Acme, "
     "Inc.",
     "going_concern", True, {"subject": "auditor"}, "issue_15"),
    # who acted
    ("dissolving_company_filing_its_own_form_25_is_not_a_delisting_notice",
     "On May 1, 2024, the stockholders of the Company approved the Plan of Liquidation and "
     "Dissolution. In connection with the dissolution, the Company intends to file a Form 25 "
     "with the SEC on or about May 20, 2024 to delist its common stock from Nasdaq.",
     "delisting_notice", False, {"actor": "company"}, "issue_15"),
    ("exchange_filing_the_form_25_after_a_panel_decision_is_a_delisting_notice",
     "The Panel indicated that the Nasdaq Stock Market will complete the delisting by filing a "
     "Form 25 Notification of Delisting with the U.S. Securities and Exchange Commission, after "
     "applicable appeal periods have lapsed.",
     "delisting_notice", True, {"actor": "exchange"}, "r13_895665"),
    # when
    ("prospectus_recounting_a_chapter_11_case_of_years_ago_is_history",
     "The date of this prospectus is June 5, 2023.\n\nOn March 6, 2016 (the “Petition Date”), "
     "the Company filed a voluntary petition to reorganize under Chapter 11 with the Bankruptcy "
     "Court.",
     "bankruptcy", False, {"time": "historical"}, "r8_704384"),
    ("current_report_of_the_same_petition_is_a_bankruptcy",
     "Date of Report (Date of earliest event reported): March 6, 2016\n\nOn March 6, 2016 (the "
     "“Petition Date”), the Company filed a voluntary petition to reorganize under Chapter 11 "
     "with the Bankruptcy Court.",
     "bankruptcy", True, {"time": "current"}, "r8_704384"),
    ("delisted_years_before_the_report_is_history",
     "For the fiscal year ended December 31, 2023\n\nOur common stock was delisted from the "
     "Nasdaq Capital Market in 2019 and now trades on the OTC Pink marketplace.",
     "delisting_notice", False, {"time": "historical"}, "authored"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "signal", "present", "attributes"),
    [c[1:5] for c in ERROR_KINDS],
    ids=[c[0] for c in ERROR_KINDS],
)
def test_issue_15_error_kinds(
    text: str, signal: str, present: bool, attributes: dict[str, str | None]
) -> None:
    sig = detect_signals(text)[signal]
    assert sig.present is present
    assert sig.context is not None
    assert {k: getattr(sig.context, k) for k in attributes} == attributes


# Recall kept: wording near the new cues that must still prove the signal (authored around
# the real sentences above).
RECALL_GUARDS: list[tuple[str, str, str]] = [
    ("doubt_this_year_as_did_last_years_report",
     "Our auditors' report on our 2023 financial statements includes a going concern "
     "explanatory paragraph, as did last year's report.", "going_concern"),
    ("new_petition_after_an_earlier_emergence",
     "On January 5, 2024, the Company filed voluntary petitions for relief under Chapter 11 of "
     "the Bankruptcy Code. The Company previously filed for Chapter 11 in 2016 and emerged from "
     "bankruptcy in 2017.", "bankruptcy"),
    ("relative_clause_emergence_before_a_new_petition",
     "The Company, which emerged from Chapter 11 in 2017, today filed voluntary petitions for "
     "relief under Chapter 11 of the Bankruptcy Code.", "bankruptcy"),
    ("period_end_date_does_not_age_a_notice",
     "Date of Report (Date of earliest event reported): June 1, 2023\n\nBecause the Company has "
     "not yet filed its Annual Report on Form 10-K for the year ended December 31, 2021, it "
     "received a notice from the Nasdaq Listing Qualifications Staff stating that it is not in "
     "compliance with Listing Rule 5250(c)(1).", "delisting_notice"),
    ("upon_emergence_future_leaves_the_case_open",
     "On January 5, 2024, the Company filed voluntary petitions for relief under Chapter 11 of "
     "the Bankruptcy Code. Upon emergence from Chapter 11, the Company expects its new board "
     "will consist of seven directors.", "bankruptcy"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "signal"), [g[1:] for g in RECALL_GUARDS],
                         ids=[g[0] for g in RECALL_GUARDS])
def test_new_cues_keep_recall(text: str, signal: str) -> None:
    sig = detect_signals(text)[signal]
    assert sig.present, sig.context

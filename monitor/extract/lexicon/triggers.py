"""Signal trigger words: the wording that makes a sentence a candidate for a distress signal.

Each entry's `kind` names the matcher it belongs to (`<signal>.<role>`): the judges in
`events.py` and `listing.py` compile one alternation per kind (`triggers.matcher(kind)`) and
decide with context cues (`context_cues.py`) whether the candidate holds. Entries of a kind are
tried in the order given, as the alternatives of the regex they replace were.
"""

from __future__ import annotations

from monitor.extract.lexicon.entry import Entry, WordList

__all__ = ["KEYWORDS", "TRIGGERS", "WORD_LISTS"]

_CHAPTER = r"chapter\s+(?:7|11|15)"

TRIGGERS: tuple[Entry, ...] = (
    # -- going concern: the doubt ---------------------------------------------------------------
    Entry("going_concern.doubt", "gc_substantial_doubt",
          r"\b(?:substantial|significant|considerable|serious)\s+doubts?\b",
          "going_concern", "ASC 205-40's own words: 'raise substantial doubt about the "
          "Company's ability to continue as a going concern'.",
          "These conditions raise substantial doubt about its ability to continue as a going "
          "concern.",
          "sec filing 0001062993-15-001424 (Nobilis Health 8-K, auditor's report), via github "
          "royelee/delist-detection tests/fixtures/golden/text/1409916_0001062993-15-001424.txt",
          miss="We have no doubt that demand for our products will grow."),
    Entry("going_concern.doubt", "gc_raise_doubt",
          r"\b(?:raises?d?|raising|cast(?:s|ing)?|expressed|express(?:es)?|there\s+is|exists?)\s+"
          r"(?:a\s+|some\s+)?doubts?\b",
          "going_concern", "Doubt raised or cast without 'substantial': 'these factors cast "
          "doubt on the Company's ability to continue'.",
          "Listing Rule 5250(b)(2), a company that receives an audit opinion in which the "
          "auditor expresses doubt about the company’s ability to continue as a going concern "
          "for a reasonable period of",
          "tests/test_context.py listing_rule_faq_is_generic (nasdaq_faq_5250)"),
    Entry("going_concern.doubt", "gc_uncertainty_about",
          r"\b(?:substantial\s+|significant\s+)?uncertaint(?:y|ies)\s+(?:about|regarding|as\s+to"
          r"|concerning|with\s+respect\s+to|over)\b",
          "going_concern", "Older and foreign wording: 'uncertainty about the Company's ability "
          "to continue as a going concern'.",
          "Going Concern (Subtopic 205-40): Disclosure of Uncertainties about an Entity’s "
          "Ability to Continue as a Going Concern",
          "tests/documents/signals/going_concern_asu_2014_15_summary.htm"),
    Entry("going_concern.doubt", "gc_questioned_ability",
          r"\bquestion(?:ed|s|ing)?\s+(?:about\s+)?(?:the\s+|our\s+|its\s+|their\s+"
          r"|[\w.&’']+\s+){0,4}ability\s+to\s+continue",
          "going_concern", "An auditor 'questioned the Company's ability to continue as a "
          "going concern' (older reports).",
          "Company's 2001 financial statements that questioned the Company's ability to "
          "continue as a going",
          "tests/documents/signals/going_concern_questioned_by_auditor_hardwrapped.txt"),
    Entry("going_concern.doubt", "gc_going_concern_paragraph",
          r"\bgoing[- ]concern\s+(?:explanatory\s+|emphasis[- ]of[- ]matter\s+|audit\s+)?"
          r"(?:opinion|qualification|paragraph|explanatory|explanation|emphasis|modification"
          r"|uncertaint(?:y|ies)|warning|doubt|language|matter|note|disclosure)",
          "going_concern", "The auditor's report named by its paragraph: 'a going concern "
          "opinion', 'going concern qualification', 'going concern explanatory paragraph'.",
          "the going concern qualification in last year's audit report",
          "tests/test_context.py CUE_ROWS prior_period_report (issue_15)"),
    Entry("going_concern.doubt", "gc_explanatory_paragraph",
          r"\bexplanatory\s+paragraph\b",
          "going_concern", "An Item 4.01 letter: 'the reports ... included an explanatory "
          "paragraph' about the ability to continue.",
          "Company's independent auditors included an explanatory paragraph stating that the "
          "Company's recurring losses and working capital deficit raise substantial doubt",
          "tests/documents/signals/going_concern_and_delisting_release_hardwrapped.txt"),
    Entry("going_concern.doubt", "gc_material_uncertainty",
          r"\bmaterial\s+uncertaint(?:y|ies)\b",
          "going_concern", "IFRS wording of foreign filers: 'a material uncertainty ... may "
          "cast significant doubt'.",
          "These conditions create a material uncertainty that casts significant doubt on the "
          "Company’s ability to continue as a going concern.",
          "sec filing 0001062993-18-002415 (R7.htm), "
          "https://www.sec.gov/Archives/edgar/data/1061288/000106299318002415/R7.htm"),
    Entry("going_concern.doubt", "gc_like_qualification",
          r"\bgoing[- ]concern[”\"’']?\s+or\s+(?:like|similar|other)\s+qualification",
          "going_concern", "Contract wording 'any \"going concern\" or like qualification': a "
          "candidate so that the contract cues can reject it with a reason.",
          "shall not be subject to any “going concern” or like qualification",
          "tests/test_context.py CUE_ROWS contract_without (credit_agreement)"),
    Entry("going_concern.doubt", "gc_qualified_opinion",
          r"\b(?:qualified|modified)\s+(?:audit\s+)?(?:opinion|report)\b",
          "going_concern", "'a qualified opinion' about the ability to continue.",
          "Our auditors issued a qualified opinion on our financial statements regarding our "
          "ability to continue as a going concern.",
          "authored: typical 10-K risk factor wording (no stored filing holds it)"),
    # -- going concern: whose doubt, about what ---------------------------------------------------
    Entry("going_concern.target", "gc_target_going_concern", r"\bgoing[- ]concern",
          "going_concern", "Doubt counts only about the going concern, not 'substantial doubt "
          "about the asset valuation'.",
          "These conditions raise substantial doubt about its ability to continue as a going "
          "concern.",
          "sec filing 0001062993-15-001424 (Nobilis Health 8-K, auditor's report), via github "
          "royelee/delist-detection tests/fixtures/golden/text/1409916_0001062993-15-001424.txt",
          miss="There is substantial doubt about the valuation of the asset."),
    Entry("going_concern.target", "gc_target_ability", r"\bability\s+to\s+continue",
          "going_concern", "'doubt about our ability to continue' names the going concern "
          "without the words.",
          "These conditions raise substantial doubt about its ability to continue as a going "
          "concern.",
          "sec filing 0001062993-15-001424 (Nobilis Health 8-K, auditor's report), via github "
          "royelee/delist-detection tests/fixtures/golden/text/1409916_0001062993-15-001424.txt"),
    Entry("going_concern.doubt_only", "gc_doubt_only", r"\bsubstantial\s+doubt\b",
          "going_concern", "A sentence with 'substantial doubt' but no target is still read: "
          "a page break can cut 'going concern' off.",
          "These conditions raise substantial doubt about its ability to continue as a going "
          "concern.",
          "sec filing 0001062993-15-001424 (Nobilis Health 8-K, auditor's report), via github "
          "royelee/delist-detection tests/fixtures/golden/text/1409916_0001062993-15-001424.txt"),
    Entry("going_concern.object", "gc_object",
          r"qualification|explanatory\s+paragraph",
          "going_concern", "'This qualification has been removed' resolves the doubt of the "
          "sentence before: the paragraph is named, not the doubt.",
          "Company's independent auditors included an explanatory paragraph stating that the "
          "Company's recurring losses and working capital deficit raise substantial doubt",
          "tests/documents/signals/going_concern_and_delisting_release_hardwrapped.txt"),
    Entry("going_concern.audit", "gc_audit_words",
          r"\baudit|\breport\b|\bopinion\b|\bauditors?\b",
          "going_concern", "The qualification removed is an audit report's, not a REIT's or a "
          "director's.",
          "The audit report prepared by the Company’s independent registered public accounting "
          "firm relating to our consolidated financial statements for the year ended December "
          "31, 2019 includes an explanatory paragraph expressing the substantial doubt about the "
          "Company’s ability to continue as a going concern.",
          "tests/test_context.py audit_report_for_the_year_ended_includes_doubt (r8_1161582)"),
    Entry("going_concern.resolving_verb", "gc_resolving_verb",
          r"remov|eliminat|resolv|lift|withdr|dropp",
          "going_concern", "Where in a 'removed' resolution the verb sits: its clause decides "
          "whether the resolution is hedged ('doubt ..., which may be eliminated if').",
          "the going concern qualification in last year's audit report has been removed",
          "tests/test_context.py CUE_ROWS removed (issue_15)"),
    # -- bankruptcy ------------------------------------------------------------------------------
    Entry("bankruptcy.anchor", "bk_voluntary_petition",
          r"\b(?:voluntary|involuntary)\s+petitions?\b",
          "bankruptcy", "'filed voluntary petitions for relief under Chapter 11' (Item 1.03).",
          "the Company filed a voluntary petition to reorganize under Chapter 11",
          "tests/test_context.py CUE_ROWS registrant (r8_704384)"),
    Entry("bankruptcy.anchor", "bk_petition_for_relief",
          r"\bpetitions?\s+for\s+(?:relief|reorganization)\b",
          "bankruptcy", "'filed a petition for relief under title 11'.",
          "Freight Systems, Inc. (“Mallory”), the Company’s largest customer, filed a voluntary "
          "petition for relief under Chapter 11 of the United States Bankruptcy Code on May 8, "
          "2024.",
          "tests/documents/signals/customer_bankruptcy_impairment.htm"),
    Entry("bankruptcy.anchor", "bk_filed_for",
          r"\b(?:filed|files|filing|commenced|sought|seeking|seek|file)\s+(?:for\s+|a\s+case\s+"
          r"|cases\s+)?(?:(?:voluntary\s+)?(?:protection|relief|reorganization)\s+under\s+)?"
          r"(?:the\s+)?(?:" + _CHAPTER + r"|bankruptcy|insolvency|companies['’]?\s+creditors)\b",
          "bankruptcy", "'filed for Chapter 11', 'sought protection under the Companies' "
          "Creditors Arrangement Act'.",
          "Subsequent to September 30, 2023, WeWork Inc. (“WeWork”), announced that it has filed "
          "for bankruptcy protection.",
          "tests/test_context.py tenant_announcing_its_bankruptcy_is_a_third_party (r20_1593222)",
          miss="The Company filed its annual report on Form 10-K."),
    Entry("bankruptcy.anchor", "bk_cases_under",
          r"\b(?:commenced|filed|initiated)\s+(?:a\s+)?(?:(?:voluntary|reorganization|insolvency"
          r"|bankruptcy|joint)\s+)*(?:cases?|proceedings?)\s+under\b",
          "bankruptcy", "'commenced voluntary cases under chapter 11'.",
          "On May 5, 2024, the Company and certain of its subsidiaries commenced voluntary cases "
          "under chapter 11 of title 11 of the United States Code.",
          "authored: typical 8-K Item 1.03 wording (no stored filing holds it)"),
    Entry("bankruptcy.anchor", "bk_chapter_cases",
          r"\b(?:commenced|filed|initiated)\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:(?:voluntary"
          r"|prepackaged|pre-?arranged|pre-?negotiated|joint)\s+)*" + _CHAPTER + r"\s+"
          r"(?:cases?|proceedings?|petitions?)\b",
          "bankruptcy", "'the Debtors commenced the Chapter 11 Cases', 'commenced the "
          "Prepackaged Chapter 11 Case'.",
          "of Reorganization under Chapter 11 of the Bankruptcy Code—On April 1, 2020, the "
          "Debtors commenced the Chapter 11 Cases as described in the “Summary of Significant "
          "Accounting Policies” footnote above.",
          "tests/test_context.py chapter_11_case_the_debtors_emerged_from_is_history (r9_1255474)"),
    Entry("bankruptcy.anchor", "bk_process_under",
          r"\b(?:commenced|filed|initiated|began|launched)\s+(?:a\s+|the\s+)?(?:voluntary,?\s+)?"
          r"(?:court[- ]supervised\s+)?(?:sale\s+|restructuring\s+|reorganization\s+)?process\s+"
          r"under\s+(?:the\s+)?" + _CHAPTER + r"\b",
          "bankruptcy", "'initiated a voluntary, court-supervised process under Chapter 11'.",
          "Acme Retail Inc. (NASDAQ: ACME) today announced that it has initiated a voluntary, "
          "court-supervised process under Chapter 11 of the U.S. Bankruptcy Code to facilitate a "
          "sale.",
          "tests/test_signals.py"),
    Entry("bankruptcy.anchor", "bk_receiver_appointed",
          r"\b(?:receiver|receiver-manager|liquidator|administrator|conservator|custodian"
          r"|chapter\s+(?:7|11)\s+trustee)s?\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+"
          r"appointed\b",
          "bankruptcy", "Receivership instead of a petition: 'a receiver was appointed' "
          "(Item 1.03 covers both).",
          "A chapter 7 trustee has been appointed to liquidate Kestrel’s assets.",
          "tests/documents/signals/subsidiary_only_chapter_7_filing.htm"),
    Entry("bankruptcy.anchor", "bk_appointment_of_receiver",
          r"\bappoint(?:ed|ing|ment\s+of)\s+(?:a|an|the)\s+(?:temporary\s+|interim\s+)?(?:receiver"
          r"|liquidator|conservator|chapter\s+(?:7|11)\s+trustee)\b",
          "bankruptcy", "'the court entered an order appointing a receiver'.",
          "On March 3, 2023, the court entered an order appointing a receiver for the Company's "
          "assets.",
          "authored: typical 8-K Item 1.03 wording (no stored filing holds it)"),
    Entry("bankruptcy.anchor", "bk_appointed_as_receiver",
          r"\bappoint(?:ed|ing|ment\s+of)\s+[^.;]{0,80}?\bas\s+(?:the\s+|a\s+)?(?:temporary\s+"
          r"|interim\s+)?(?:receiver|liquidator|conservator|chapter\s+(?:7|11)\s+trustee)\b",
          "bankruptcy", "'appointed John Doe as receiver': the appointee named between.",
          "Superior Court of the State of California for the County of Los Angeles entered an "
          "order appointing Marcus Reyes of Reyes Advisory Group as receiver for Pacific Crest "
          'Hospitality Corp. (the "Company") and all of its assets.',
          "tests/documents/signals/receiver_appointed_for_registrant.txt"),
    Entry("bankruptcy.anchor", "bk_placed_into",
          r"\b(?:placed|put|entered)\s+(?:into|in|under)\s+(?:receivership|conservatorship"
          r"|administration|liquidation)\b",
          "bankruptcy", "'the Bank was placed into receivership' (FDIC), 'entered into "
          "administration' (UK).",
          "On March 10, 2023, the Bank was placed into receivership with the Federal Deposit "
          "Insurance Corporation appointed as receiver.",
          "authored: typical bank holding company 8-K wording (no stored filing holds it)"),
    Entry("bankruptcy.anchor", "bk_assignment_for_creditors",
          r"\bassignment\s+for\s+the\s+benefit\s+of\s+creditors\b",
          "bankruptcy", "A state-law liquidation: 'made an assignment for the benefit of "
          "creditors'.",
          "On June 1, 2023, the Company executed a general assignment for the benefit of "
          "creditors under California law.",
          "authored: typical 8-K Item 1.03 wording (no stored filing holds it)"),
    Entry("bankruptcy.anchor", "bk_debtor_in_possession",
          r"\bas\s+(?:a\s+)?[“\"]?debtors?[- ]in[- ]possession\b",
          "bankruptcy", "'continue to operate their businesses as debtors-in-possession': "
          "only a case already filed has them.",
          "The Debtors will continue to operate their businesses as “debtors-in-possession” "
          "under the jurisdiction of the Bankruptcy Court and in accordance with the applicable",
          "tests/documents/signals/chapter_11_voluntary_petition_item_103.htm"),
    Entry("bankruptcy.context", "bk_context",
          _CHAPTER + r"|bankruptcy|insolvency|receiver|creditors|title\s+11|conservator"
          r"|liquidat|administrat",
          "bankruptcy", "An anchor ('filed ... petitions') counts only in a sentence about an "
          "insolvency law or officer.",
          "the Company has commenced a prearranged Chapter 11 process in the United States "
          "Bankruptcy Court for the Southern District of New York.",
          "sec filing 0000876661-24-001142 (NYSE 25-NSE EX-99.25 for Spirit Airlines), via "
          "github royelee/delist-detection tests/fixtures/form25/save_25nse.txt"),
    Entry("bankruptcy.defined", "bk_defined_cases",
          r"\bthe\s+(?:Prepackaged\s+|Prearranged\s+)?Chapter\s+(?:7|11|15)\s+(?:Cases?"
          r"|Proceedings?)\b",
          "bankruptcy", "The registrant's own case by its defined name: 'as a result of the "
          "Chapter 11 Cases'. Capitalised only: a defined term.",
          "Upon the Company's emergence from the Chapter 11 Proceeding",
          "tests/test_context.py CUE_ROWS emergence (r11_1615817)",
          miss="any of the chapter 11 cases of our customers", case=True),
    Entry("bankruptcy.defined", "bk_defined_filing",
          r"\bthe\s+(?:Prepackaged\s+|Prearranged\s+)?Chapter\s+(?:7|11|15)\s+[Ff]iling\b",
          "bankruptcy", "'In connection with the Chapter 11 filing, the Company has engaged'.",
          "In connection with the Chapter 11 filing, the Company has engaged SSG Advisors, LLC",
          "sec filing 0001193125-22-237990 (Allena Pharmaceuticals 8-K), "
          "https://capedge.com/filing/1624658/0001193125-22-237990/ALNAQ-8K", case=True),
    Entry("bankruptcy.defined", "bk_petition_date",
          r"\bthe\s+Petition\s+Date\b",
          "bankruptcy", "'on the Petition Date': a defined term only a filed case has.",
          "As of the Petition Date, we had receivables of $3.0 million from Harbor Grid Corp., "
          "which we expect to collect in full.",
          "tests/documents/signals/customer_petition_date_receivable.txt",
          case=True),
    Entry("bankruptcy.code_name", "bk_code_name",
          r"\bof\s+(?:title\s+11\s+of\s+)?(?:the\s+)?(?:U\.\s?S\.\s+|United\s+States\s+"
          r"|federal\s+)?(?:Bankruptcy\s+)?Code\b",
          "bankruptcy", "'of the Bankruptcy Code', 'of title 11 of the United States Code' name "
          "the law, not the party a petition was filed for.",
          "If the Company is unable to raise capital when needed, it may be forced to seek "
          "protection under Chapter 11 of the Bankruptcy Code, which would have a material "
          "adverse effect on our business.",
          "tests/test_context.py bankruptcy_risk_with_adverse_effect_is_a_risk_factor (nexi_8k)"),
    # -- non-reliance ------------------------------------------------------------------------------
    Entry("non_reliance.anchor", "nr_not_be_relied",
          r"\b(?:should|can|could|would|may|will)?\s*(?:no\s+longer|not)\s+be\s+relied\s+"
          r"(?:up)?on\b",
          "non_reliance", "Item 4.02's wording: 'should no longer be relied upon'.",
          "the Company’s previously issued unaudited condensed consolidated financial "
          "statements for the quarterly periods ended June 30, 2023 and September 30, 2023 "
          "should no longer be relied upon",
          "tests/documents/signals/non_reliance_item_402_restatement.htm",
          miss="Investors should place no undue reliance on forward-looking statements."),
    Entry("non_reliance.anchor", "nr_non_reliance", r"\bnon-?\s?reliance\b",
          "non_reliance", "The item title: 'Non-Reliance on Previously Issued Financial "
          "Statements'.",
          "Item 4.02 Non-Reliance on Previously Issued Financial Statements or a Related Audit "
          "Report or Completed Interim Review.",
          "sec: Form 8-K, General Instructions B (item titles)"),
    Entry("non_reliance.anchor", "nr_no_longer_rely", r"\bno\s+longer\s+rel(?:y|ied)\b",
          "non_reliance", "'investors should no longer rely on'.",
          "Investors should no longer rely upon the Company's previously issued financial "
          "statements for fiscal 2023.",
          "tests/test_signals.py"),
    Entry("non_reliance.anchor", "nr_prevent_future_reliance",
          r"\bprevent\s+future\s+reliance\b",
          "non_reliance", "Item 4.02(a)'s own words: 'action should be taken to prevent future "
          "reliance'.",
          "notified the Company that disclosure should be made and action should be taken to "
          "prevent future reliance on its previously issued audit report on the Company's "
          "consolidated financial statements",
          "tests/documents/signals/non_reliance_auditor_notice_402b.txt"),
    Entry("non_reliance.anchor", "nr_should_not_rely", r"\bshould\s+(?:no\s+longer|not)\s+rely\b",
          "non_reliance", "'investors should not rely on the previously issued financial "
          "statements'.",
          "Investors should not rely on quarter-to-quarter comparisons of our results as an "
          "indication of future performance.",
          "authored: typical 10-K risk factor wording (the evaluation corpus held the only "
          "quote; no other stored filing found in time)"),
    Entry("non_reliance.own_modal", "nr_own_modal",
          r"\b(?:should|can|could|would|may|will)\s*$",
          "non_reliance", "'should no longer be relied upon' carries its own modal: it is "
          "stripped from the end of the words before the anchor before they are searched for "
          "a hedging modal (case-sensitive, as it always was).",
          "financial statements for the quarterly periods ended June 30, 2023 and September 30, "
          "2023 should",
          "tests/documents/signals/non_reliance_item_402_restatement.htm",
          miss="should no longer be relied upon", case=True),
    Entry("non_reliance.object", "nr_financial_statements",
          r"financial\s+statements?|financial\s+information",
          "non_reliance", "What may not be relied upon: issued financial statements.",
          "the Company’s previously issued unaudited condensed consolidated financial "
          "statements for the quarterly periods ended June 30, 2023 and September 30, 2023 "
          "should no longer be relied upon",
          "tests/documents/signals/non_reliance_item_402_restatement.htm"),
    Entry("non_reliance.object", "nr_audit_report",
          r"audit(?:or['’]s)?\s+reports?|report\s+of\s+independent|interim\s+review",
          "non_reliance", "Item 4.02(b): an audit report or completed interim review.",
          "Item 4.02 Non-Reliance on Previously Issued Financial Statements or a Related Audit "
          "Report or Completed Interim Review.",
          "sec: Form 8-K, General Instructions B (item titles)"),
    Entry("non_reliance.object", "nr_periodic_report",
          r"(?:annual|quarterly)\s+reports?|form\s+10-?[kq]",
          "non_reliance", "'the financial statements in its Form 10-Q for the quarter ...'.",
          "please refer to Adobe’s Annual Report on Form 10-K for our fiscal year 2022 ended "
          "Dec. 2, 2022",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    Entry("non_reliance.object", "nr_restated",
          r"previously\s+issued|restat",
          "non_reliance", "'previously issued', 'will be restated'.",
          "Item 4.02 Non-Reliance on Previously Issued Financial Statements or a Related Audit "
          "Report or Completed Interim Review.",
          "sec: Form 8-K, General Instructions B (item titles)"),
    # -- auditor change ----------------------------------------------------------------------------
    Entry("auditor_change.accountant", "ac_accounting_firm",
          r"(?:independent\s+)?(?:registered\s+)?(?:public\s+)?accounting\s+firm",
          "auditor_change", "Item 4.01's 'independent registered public accounting firm'.",
          "CIRCOR International, Inc. (the “Company”) dismissed PricewaterhouseCoopers LLP "
          "(“PwC”) as its independent registered public accounting firm.",
          "sec filing 0001091883-20-000087 (CIRCOR International 8-K, Item 4.01), "
          "https://content.edgar-online.com/ExternalLink/EDGAR/0001091883-20-000087.html"),
    Entry("auditor_change.accountant", "ac_certifying_accountant",
          r"(?:independent|certifying|outside|external|principal)\s+(?:auditors?|accountants?)",
          "auditor_change", "'certifying accountant' (the item title), 'independent "
          "auditors'.",
          "Ratification of appointment of KPMG LLP as the Company's independent auditors for "
          "fiscal year 2000.",
          "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt "
          "(sec filing 0000912057-00-023442, Apple Computer 10-Q)"),
    Entry("auditor_change.accountant", "ac_auditor", r"\bauditors?\b|\baccountants?\b",
          "auditor_change", "A bare 'auditor' or 'accountants'.",
          "Ratification of appointment of KPMG LLP as the Company's independent auditors for "
          "fiscal year 2000.",
          "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt "
          "(sec filing 0000912057-00-023442, Apple Computer 10-Q)"),
    Entry("auditor_change.accountant", "ac_audit_firm", r"\baudit\s+firm\b|\bCPAs?\b",
          "auditor_change", "Small filers' 'audit firm', 'CPA'.",
          "On June 28, 2024, Pruitt Wexler CPAs, P.C.",
          "tests/documents/signals/auditor_resigned_item_401.txt"),
    Entry("auditor_change.firm", "ac_firm_suffix",
          r"\b(?:LLP|L\.L\.P\.|LLC|CPAs?|P\.?C\.|P\.?A\.|& Co\b|Chartered|Accountants)",
          "auditor_change", "A firm's legal name ('Marcum LLP') near 'dismissed' stands for "
          "the accountant.",
          "Ratification of appointment of KPMG LLP as the Company's independent auditors for "
          "fiscal year 2000.",
          "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt "
          "(sec filing 0000912057-00-023442, Apple Computer 10-Q)"),
    Entry("auditor_change.strong", "ac_dismissed", r"\bdismiss(?:ed|al|ing)?\b",
          "auditor_change", "Item 4.01(a)(i): the accountant 'was dismissed'.",
          "On March 23, 2001, the Registrant dismissed BDO Seidman, LLP as the Registrant’s "
          "independent public accountants.",
          "sec filing 0000892251-01-000109 (8-K, Item 4), "
          "https://www.sec.gov/Archives/edgar/data/892822/000089225101000109/0001.htm"),
    Entry("auditor_change.strong", "ac_resigned", r"\bresign(?:ed|ation|s|ing)?\b",
          "auditor_change", "Item 4.01(a)(i): the accountant 'resigned'.",
          'On June 28, 2024, Pruitt Wexler CPAs, P.C. ("Pruitt Wexler") resigned as the '
          "independent registered public accounting firm of Novabright Solar Holdings, Inc. (the "
          '"Company").',
          "tests/documents/signals/auditor_resigned_item_401.txt"),
    Entry("auditor_change.strong", "ac_declined_to_stand",
          r"\bdeclin(?:e|ed|es|ing)\s+to\s+stand\s+for\s+re-?\s?(?:election|appointment)",
          "auditor_change", "Item 4.01(a)(i): the accountant 'declined to stand for "
          "re-election'.",
          "Companies must disclose if they dismiss their independent auditor, if the auditor "
          "resigns or declines to stand for re-appointment, and if the company hires a new "
          "auditor.",
          "tests/documents/signals/item_401_402_explainer_glossary.htm"),
    Entry("auditor_change.strong", "ac_not_to_stand",
          r"\bnot\s+(?:to\s+)?(?:stand|seek)\s+for\s+re-?\s?(?:election|appointment)",
          "auditor_change", "'informed the Company that it would not stand for "
          "re-appointment'.",
          "On March 1, 2024, BDO USA, P.C. informed the Company that it would not stand for "
          "re-appointment as the Company's independent registered public accounting firm.",
          "authored: typical 8-K Item 4.01 wording (no stored filing holds it)"),
    Entry("auditor_change.strong", "ac_not_to_renew",
          r"\b(?:decided|elected|determined|voted)\s+not\s+to\s+(?:renew|re-?engage|reappoint"
          r"|retain|continue)",
          "auditor_change", "The audit committee 'determined not to renew the engagement'.",
          "The Audit Committee determined not to renew the engagement of Grant Thornton LLP as "
          "the Company's independent registered public accounting firm.",
          "authored: typical 8-K Item 4.01 wording (no stored filing holds it)"),
    Entry("auditor_change.strong", "ac_terminated_engagement",
          r"\b(?:terminated|ended|ceased)\s+(?:the\s+|its\s+)?(?:engagement|relationship"
          r"|client[- ]auditor\s+relationship)",
          "auditor_change", "'terminated the engagement of' the firm.",
          "On April 2, 2024, the Audit Committee terminated the engagement of Marcum LLP as the "
          "Company's independent registered public accounting firm.",
          "authored: typical 8-K Item 4.01 wording (no stored filing holds it)"),
    Entry("auditor_change.strong", "ac_relationship_ended",
          r"\b(?:client[- ]auditor|auditor[- ]client)\s+relationship\s+(?:\w+\s+){0,3}"
          r"(?:ceased|ended|terminated)",
          "auditor_change", "'the client-auditor relationship between the Company and X "
          "ceased'.",
          "The client-auditor relationship with Friedman LLP ceased on September 1, 2022.",
          "authored: typical 8-K Item 4.01 (auditor combinations) wording (no stored filing "
          "holds it)"),
    Entry("auditor_change.strong", "ac_ceased_to_serve", r"\bceased\s+to\s+(?:serve|be|act)\s+as\b",
          "auditor_change", "'X ceased to serve as the Company's independent registered public "
          "accounting firm'.",
          "Friedman LLP ceased to serve as the Company's independent registered public "
          "accounting firm.",
          "authored: typical 8-K Item 4.01 wording (no stored filing holds it)"),
    Entry("auditor_change.strong", "ac_engagement_terminated",
          r"\bengagement\s+[^.;]{0,80}?\b(?:was|has\s+been|had\s+been)\s+(?:terminated|ended"
          r"|concluded)\b",
          "auditor_change", "'the engagement of X as ... was terminated' (passive).",
          "The engagement of Haskell & White LLP as the Company's independent auditor was "
          "terminated on June 30, 2023.",
          "authored: typical 8-K Item 4.01 wording (no stored filing holds it)"),
    Entry("auditor_change.engage", "ac_engaged",
          r"\b(?:engaged|appointed|retained|selected|approved\s+the\s+(?:engagement|appointment"
          r"|selection)\s+of)\b",
          "auditor_change", "Item 4.01(a)(ii): a new accountant 'was engaged'; routine "
          "re-appointment unless the filing says new or is an Item 4.01.",
          "On April 7, 2008, the Company appointed the firm Schwartz Levitsky Feldman LLP",
          "sec filing 0001193125-08-082764 (HQ Sustainable Maritime 8-K, Item 4.01), "
          "https://www.sec.gov/Archives/edgar/data/857073/000119312508082764/d8k.htm"),
    Entry("auditor_change.nominal", "ac_nominal", r"(?:resignation|dismissal)$",
          "auditor_change", "A title naming the topic ('Auditor Resignation or Dismissal') "
          "reports no event unless under an Item 4.01 heading.",
          "The Break-up: Auditor Resignation or Dismissal",
          "tests/documents/signals/auditor_change_explainer_list.txt",
          miss="the Auditor Resignation or Dismissal rules of Item 304"),
    Entry("auditor_change.replace", "ac_replace",
          r"\b(?:replace|succeed|successor|former|predecessor)\b",
          "auditor_change", "An engagement that replaces a former accountant is a change.",
          "there was a disagreement with the former accountant.",
          "tests/documents/signals/auditor_change_explainer_list.txt"),
    Entry("auditor_change.ratify", "ac_ratify", r"\bratif",
          "auditor_change", "A proxy's ratification of the auditor's appointment is routine.",
          "approved the compensation of the named executive officers on an advisory basis, and "
          "ratified the appointment of Crowley Pemberton LLP as the Company’s independent "
          "registered",
          "tests/documents/signals/auditor_ratified_at_annual_meeting_5_07.htm"),
    # -- exchange listing: the exchange and its machinery ------------------------------------------
    Entry("listing.exchange", "ex_nasdaq", r"\bnasdaq\b", "listing", "The exchanges that send "
          "deficiency letters: Nasdaq.",
          "Adobe (Nasdaq:ADBE) today reported financial results for its first quarter fiscal "
          "year 2023 ended March 3, 2023.",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    Entry("listing.exchange", "ex_nyse", r"\bnyse\b|new\s+york\s+stock\s+exchange",
          "listing", "NYSE, NYSE American, 'the New York Stock Exchange'.",
          "NYSE Regulation reached its decision to delist the Common Stock because the Company "
          "informed the NYSE",
          "edgar-samples filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt "
          "(sec filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    Entry("listing.exchange", "ex_amex", r"american\s+stock\s+exchange|\bamex\b|\bcboe\b",
          "listing", "Older and smaller US exchanges: the American Stock Exchange, Cboe.",
          "NYSE Amex hereby notifies the SEC of its intention to remove the entire class of the "
          "stated securities from listing and registration",
          "edgar-samples filings/wesco-25nse-0001143313-11-000058/0001143313-11-000058.txt (sec "
          "filing 0001143313-11-000058, NYSE Amex 25-NSE)"),
    Entry("listing.exchange", "ex_the_exchange", r"\bthe\s+exchange\b(?!\s+act)",
          "listing", "'the Exchange' as a defined term; not 'the Exchange Act'.",
          "The Company must submit a plan of compliance to the Exchange by July 8, 2024 "
          "addressing how it intends to regain compliance by December 7, 2025.",
          "tests/documents/signals/nyse_american_equity_deficiency_1003.txt",
          miss="as defined in Rule 12b-2 of the Exchange Act"),
    Entry("listing.exchange", "ex_listing_bodies",
          r"listing\s+qualifications|hearings?\s+panel",
          "listing", "Nasdaq's Listing Qualifications Department and Hearings Panel act for "
          "the exchange.",
          "On September 30, 2020 we announced that we received a letter from the Nasdaq Hearing "
          "Panel (“Panel”) determining to delist our common stock from The Nasdaq Stock Market.",
          "tests/test_context.py hearing_panel_letter_determining_to_delist_is_the_exchange "
          "(r13_895665)"),
    Entry("listing.exchange", "ex_rule_books",
          r"listed\s+company\s+manual|company\s+guide|listing\s+rules?|continued\s+listing",
          "listing", "The NYSE Listed Company Manual, the NYSE American Company Guide, "
          "Nasdaq Listing Rules.",
          "the NYSE’s continued listing standard in Section 802.01B of the Listed Company Manual",
          "edgar-samples filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt "
          "(sec filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    Entry("listing.exchange", "ex_tsx", r"toronto\s+stock\s+exchange|\btsx\b",
          "listing", "Cross-listed Canadian filers: the Toronto Stock Exchange.",
          "The common shares are listed on the Toronto Stock Exchange under the symbol ABC.",
          "authored: typical 40-F or 10-K cover wording (no stored filing holds it)"),
    Entry("listing.exchange", "ex_standards",
          r"marketplace\s+rules?|listing\s+standards?|listing\s+requirements?"
          r"|bid\s+price\s+(?:rule|requirement)",
          "listing", "Rule words that stand for the exchange: 'the Marketplace Rules', 'the "
          "minimum bid price requirement'.",
          "the Company was not in compliance with the minimum bid price requirement for a "
          "period of 30 consecutive business days",
          "press release (NeuroOne Medical, 2025-11-05), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    # -- exchange listing: a notice received -------------------------------------------------------
    Entry("listing.receipt", "ls_received",
          r"\b(?:received|receives|receiving|has\s+received|had\s+received)\b",
          "delisting_notice", "'the Company received a letter from Nasdaq'.",
          "the Company received notice from Nasdaq that the Company was not in compliance with "
          "the minimum bid price requirement",
          "press release (NeuroOne Medical, 2025-11-05), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    Entry("listing.receipt", "ls_was_notified",
          r"\b(?:was|were|been|being|is|are)\s+(?:formally\s+|officially\s+|also\s+)?"
          r"(?:notified|informed|advised)\b",
          "delisting_notice", "'was notified by the New York Stock Exchange'.",
          "The Company was notified by phone on February 2, 2015 and by letter on February 3, "
          "2015.",
          "edgar-samples filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt "
          "(sec filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    Entry("listing.receipt", "ls_receipt_of",
          r"\b(?:announc\w*|report\w*|disclos\w*|confirm\w*|following|after)\s+(?:the\s+)?"
          r"receipt\s+of\b",
          "delisting_notice", "'announced receipt of a deficiency letter'.",
          "Nasdaq rule 5810(b) requires a company that receives a deficiency notification to "
          "make a public announcement that discloses receipt of the notification, identifies the "
          "Nasdaq rule(s) upon which the deficiency is based.",
          "tests/test_context.py rule_explainer_on_deficiency_notices_is_a_definition (pca_blog)"),
    Entry("listing.receipt", "ls_exchange_notified",
          r"\b(?:nasdaq|nyse|exchange|staff|department|panel|regulation)\W+(?:\w+\W+){0,8}?"
          r"(?:notified|informed|advised|sent|delivered|issued|notifying|informing)\b",
          "delisting_notice", "The exchange as subject: 'the Staff notified the Company'.",
          "received a letter from the Listing Qualifications Staff of The Nasdaq Stock Market, "
          "LLC (“Nasdaq”) notifying NeuroOne that it has been granted a 180-day extension",
          "press release (NeuroOne Medical, 2025-11-05), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    # -- exchange listing: what the notice was about -----------------------------------------------
    Entry("listing.deficiency", "df_not_in_compliance",
          r"\bnot\s+(?:been\s+|be\s+|currently\s+)?in\s+compliance\b|\bnon-?\s?compliance\b",
          "delisting_notice", "'the Company is not in compliance with Listing Rule "
          "5550(a)(2)'.",
          "the Company was not in compliance with the minimum bid price requirement for a "
          "period of 30 consecutive business days",
          "press release (NeuroOne Medical, 2025-11-05), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    Entry("listing.deficiency", "df_no_longer",
          r"\bno\s+longer\s+(?:in\s+compliance|compl(?:y|ies|ied)|meets?|satisf|eligible)",
          "delisting_notice", "'no longer complies with Nasdaq Listing Rule 5550(b)(1)'.",
          "the Company no longer meets the minimum MVLS requirement.",
          "sec filing 0001213900-18-015858 (R23.htm), "
          "https://www.sec.gov/Archives/edgar/data/1556266/000121390018015858/R23.htm"),
    Entry("listing.deficiency", "df_did_not_meet",
          r"\b(?:did|does|do|has|had|have)\s+not\s+(?:\w+\s+){0,2}(?:comply|complied|meet|met"
          r"|satisfy|satisfied|maintain(?:ed)?|file[ds]?|held|hold|timely)\b",
          "delisting_notice", "'the Company has not timely filed its Form 10-Q', 'did not "
          "meet'.",
          "the Company did not meet the minimum bid price requirement set forth in Nasdaq "
          "Listing Rule 5550(a)(2)",
          "press release (Mobile-health Network Solutions, 2024-09-20), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2024/0920/mobile-health-network-solutions-delinquency-notification-letter-from-nasdaq.md"),
    Entry("listing.deficiency", "df_failed_to",
          r"\bfail(?:ed|s|ure)?\s+to\s+(?:\w+\s+){0,2}(?:comply|meet|satisfy|file|hold|maintain"
          r"|timely|solicit)",
          "delisting_notice", "'failure to hold an annual meeting', 'failed to maintain'.",
          "we had failed to comply with the minimum stockholders’ equity requirement of Nasdaq "
          "Listing Rule 5550(b)(1).",
          "sec filing 0001140361-18-013699 (R21.htm), "
          "https://www.sec.gov/Archives/edgar/data/1063537/000114036118013699/R21.htm"),
    Entry("listing.deficiency", "df_below_minimum",
          r"\b(?:below|less\s+than|under)\s+(?:the\s+)?(?:\w+['’]s\s+)?(?:\$|minimum|required"
          r"|applicable|continued|listing|standard|criteri|threshold)",
          "delisting_notice", "'below the minimum $1.00 per share requirement'.",
          "On June 15, 2012, we received notice from the Listing Qualifications Department of "
          "the Nasdaq Stock Market indicating that, for the last 30 consecutive business days, "
          "the market value of the Company’s listed securities (“MVLS”) had closed below the "
          "minimum $50,000,000 required for continued listing on The Nasdaq Global Market under "
          "Nasdaq Listing Rule 5450(b)(2)(A).",
          "tests/test_context.py cured_deficiency_is_not_a_live_delisting_notice (r15_1171014)"),
    Entry("listing.deficiency", "df_fell_below",
          r"\b(?:is|are|was|were|fell|fallen|falls|remain(?:s|ed)?|been|closed|traded)\s+below\b",
          "delisting_notice", "'the closing bid price ... closed below $1.00 for 30 consecutive "
          "business days'.",
          "business days, the market value of the Company’s listed securities (“MVLS”) had "
          "closed below the minimum $50,000,000 required for continued listing on The Nasdaq "
          "Global Market under",
          "tests/test_context.py cured_deficiency_is_not_a_live_delisting_notice (r15_1171014)"),
    Entry("listing.deficiency", "df_deficiency_words",
          r"\bdeficien|\bdelist|\bsuspen|\bnot\s+timely\b|\blate\s+fil|\bdelinquen",
          "delisting_notice", "The notice's own nouns: deficiency, delisting, suspension, late "
          "filing, delinquency.",
          "NYSE Regulation reached its decision to delist the Common Stock because the Company "
          "informed the NYSE",
          "edgar-samples filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt "
          "(sec filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    Entry("listing.deficiency", "df_proceedings",
          r"\bdetermination\b|\bhearing\b|\bpublic\s+reprimand|\bextension\b"
          r"|\bsubject\s+to\s+the\s+procedures\b",
          "delisting_notice", "Later steps of the procedure: a determination, a hearing, an "
          "extension, a public reprimand letter.",
          "it has been granted a 180-day extension, until May 4, 2026, to regain compliance",
          "press release (NeuroOne Medical, 2025-11-05), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    Entry("listing.deficiency", "df_rule_numbers",
          r"\b(?:5250\(c\)|5550\(|5450\(|5620\(|5605\(|5810\(|802\.01|1003\(|1007\b|1009\b)",
          "delisting_notice", "Continued-listing rule numbers (Nasdaq 5250(c), 5550, 5450, "
          "5620, 5605, 5810; NYSE 802.01; NYSE American 1003, 1007, 1009); not 5635, the "
          "stockholder-approval rule.",
          "a minimum bid price of $1.00 per share for continued listing on the Nasdaq Capital "
          "Market, as set forth in Nasdaq Listing Rule 5550(a)(2).",
          "press release (NeuroOne Medical, 2025-11-05), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md",
          miss="we are subject to Nasdaq Listing Rule 5635(d)"),
    # -- exchange listing: the exchange decided ----------------------------------------------------
    Entry("listing.determination", "dt_determined_to_delist",
          r"\b(?:determined|decided|determination|decision|moved)\s+to\s+(?:delist|suspend|remove"
          r"|commence\s+(?:delisting|proceedings)|begin\s+delisting|initiate\s+delisting)",
          "delisting_notice", "'the Staff determined to delist the Company's securities'.",
          "NYSE Regulation reached its decision to delist the Common Stock because the Company "
          "informed the NYSE",
          "edgar-samples filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt "
          "(sec filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    Entry("listing.determination", "dt_staff_determination",
          r"\bdelisting\s+determination|\bstaff\s+determination",
          "delisting_notice", "'received a Nasdaq Staff Determination'.",
          "the Company may appeal Nasdaq’s delisting determination",
          "press release (NeuroOne Medical, 2025-11-05), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    Entry("listing.determination", "dt_requested_hearing",
          r"\b(?:requested|(?<!to\s)request|requesting|(?<!to\s)appeal(?:ed)?)\s+(?:a\s+|an\s+"
          r"|the\s+)?(?:oral\s+|written\s+)?(?:hearing|appeal|review\s+of\s+the\s+(?:staff\s+)?"
          r"determination)",
          "delisting_notice", "'requested a hearing' happened; 'has seven days to request a "
          "hearing' has not.",
          "On August 30, 2022, the Company requested a hearing before the Panel, which has "
          "temporarily stayed the suspension of trading and delisting",
          "sec filing 0001193125-22-237990 (Allena Pharmaceuticals 8-K), "
          "https://capedge.com/filing/1624658/0001193125-22-237990/ALNAQ-8K",
          miss="The Company has seven days to request a hearing before the Panel."),
    Entry("listing.determination", "dt_hearing_held",
          r"\bhearing\s+(?:was\s+|is\s+|has\s+been\s+)?(?:held|scheduled)"
          r"|\bhearing\s+(?:that|which)\s+(?:the\s+company|we|it)\s+(?:has\s+|had\s+)?requested"
          r"|\bpending\s+(?:the\s+outcome\s+of\s+)?(?:a|the)\s+hearing\b",
          "delisting_notice", "'the hearing is scheduled for', 'pending the hearing'.",
          "The delisting has been stayed pending a hearing before a Nasdaq Listing "
          "Qualifications Panel, which the Company requested and which is scheduled for next "
          "week.",
          "tests/documents/e2e/lumenfiber-2003q1-ex99.txt"),
    Entry("listing.determination", "dt_panel_decided",
          r"\b(?:panel|hearings\s+panel|council)\W+(?:\w+\W+){0,4}?(?:granted|determined|decided"
          r"|issued|denied)\b",
          "delisting_notice", "'the Panel granted the Company an exception', 'the Panel "
          "determined to deny'.",
          "On October 1, 2019, the Panel granted the Company's request for continued listing of "
          "the Company's common stock on the Nasdaq Capital Market",
          "sec filing 0001213900-20-006893 (R20.htm), "
          "https://www.sec.gov/Archives/edgar/data/1211805/000121390020006893/R20.htm"),
    Entry("listing.determination", "dt_granted_extension",
          r"\bgranted\s+(?:the\s+company|us|it|the\s+registrant)\W+(?:\w+\W+){0,3}?"
          r"(?:extension|exception)",
          "delisting_notice", "'Nasdaq granted the Company an extension'.",
          "Nasdaq granted the Company an extension until March 31, 2025 to regain compliance.",
          "authored: typical 8-K Item 3.01 wording (no stored filing holds it)"),
    Entry("listing.determination", "dt_proceedings_to_delist",
          r"\bcommenced?\s+(?:delisting\s+)?proceedings\s+to\s+delist",
          "delisting_notice", "'NYSE Regulation commenced proceedings to delist'.",
          "NYSE Regulation has commenced proceedings to delist the Company's common stock.",
          "authored: typical NYSE press release wording (no stored filing holds it)"),
    Entry("listing.determination", "dt_plan_accepted",
          r"\b(?:accepted|approved)\s+(?:the\s+company['’]s\s+|its\s+|our\s+|the\s+|a\s+)?"
          r"(?:business\s+|compliance\s+|remediation\s+)?plan\s+(?:of\s+compliance|to\s+regain"
          r"|for\s+regaining)",
          "delisting_notice", "The exchange accepted a plan to regain compliance: there is a "
          "deficiency to cure.",
          'Brackenridge Realty Trust (the "Company") announced that the New York Stock Exchange '
          "has accepted its business plan to regain compliance with the continued listing "
          "standard under Section 802.01B of the NYSE Listed",
          "tests/documents/signals/nyse_accepted_compliance_plan_802_01b.txt"),
    # -- exchange listing: delisted, suspended, Form 25, OTC ---------------------------------------
    Entry("listing.delisted", "ls_delisted",
          r"\b(?:has|have)\s+been\s+delisted\b|\b(?:was|were)\s+delisted\b",
          "delisting_notice", "'the common stock was delisted from Nasdaq'.",
          "Our common stock was delisted from the Nasdaq Capital Market in 2019 and now trades "
          "on the OTC Pink marketplace.",
          "tests/test_context.py delisted_years_before_the_report_is_history (authored)",
          miss="our common stock could be delisted from Nasdaq"),
    Entry("listing.suspension", "ls_trading_suspended",
          r"\b(?:trading|securities|stock|shares|ads|adss|units|warrants)\b[^.;]{0,80}?\b(?:was"
          r"|were|has\s+been|have\s+been|will\s+be|had\s+been|is|are)\s+(?:immediately\s+)?"
          r"suspended",
          "delisting_notice", "'trading in the Company's common stock will be suspended'.",
          "The Nasdaq Stock Market (“Nasdaq”) that Nasdaq intends to delist the Company’s common "
          "stock and that trading of the Company’s common stock will be suspended at the opening "
          "of business on April 17, 2014.",
          "tests/test_context.py nasdaq_notice_that_it_intends_to_delist_is_the_exchange "
          "(james_river)",
          miss="Trading in the Company's common stock was halted pending news."),
    Entry("listing.suspension", "ls_suspension_of_trading",
          r"\bsuspended\s+trading\b|\bsuspension\s+of\s+(?:trading|the\s+company['’]s|our|its)",
          "delisting_notice", "'the suspension of trading of the Company's securities'.",
          "at the close of the trading session on February 2, 2015 of the suspension of trading "
          "in the Common Stock.",
          "edgar-samples filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt "
          "(sec filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    Entry("listing.form25", "ls_form25", r"\bform\s+25(?:-nse)?\b",
          "delisting_notice", "The exchange files a Form 25 to delist.",
          "The Company currently anticipates that it will file a Form 25",
          "tests/test_context.py CUE_ROWS company_form25 (dial_global)"),
    Entry("listing.form25_act", "ls_form25_filed", r"\bfil(?:e|ed|es|ing)\b",
          "delisting_notice", "A Form 25 counts when it is filed, not when a rule describes it.",
          "Nasdaq will file a Form 25-NSE with the Securities and Exchange Commission to "
          "complete the delisting once all appeal periods have expired.",
          "tests/documents/signals/nasdaq_panel_delisting_form25_otc.htm"),
    Entry("listing.otc", "ls_begin_trading_otc",
          r"\b(?:begin|began|begins|commence[sd]?|start(?:ed|s)?|will|expected\s+to\s+(?:begin"
          r"|commence))\s+(?:to\s+)?(?:be\s+)?(?:trad(?:e|ed|ing)|quoted|quotation)\s+"
          r"(?:\w+\s+){0,4}?on\s+(?:the\s+)?(?:otc|over-the-counter|pink)",
          "delisting_notice", "'the common stock will begin trading on the OTC Pink'.",
          "The Company expects its common stock to begin trading on the OTC Pink marketplace on "
          "May 8, 2024 under its current symbol.",
          "tests/documents/signals/nasdaq_panel_delisting_form25_otc.htm"),
    Entry("listing.otc", "ls_moved_to_otc",
          r"\b(?:moved|move|moving|transition(?:ed)?|transferred)\s+(?:\w+\s+){0,4}?to\s+"
          r"(?:the\s+)?(?:otc|over-the-counter|pink)",
          "delisting_notice", "'trading moved to the OTC Markets'.",
          "Following the delisting, trading in the Company's common stock moved to the OTC Pink "
          "marketplace.",
          "authored: typical 8-K Item 3.01 wording (no stored filing holds it)"),
    Entry("listing.otc", "ls_now_quoted_otc",
          r"\b(?:is|are)\s+now\s+(?:quoted|traded|trading)\s+on\s+(?:the\s+)?(?:otc"
          r"|over-the-counter|pink)",
          "delisting_notice", "'is now quoted on the OTC Pink'; a plain 'is quoted on the "
          "OTCQB' is an OTC company's normal state.",
          "Following its delisting from Nasdaq, the Company's common stock is now quoted on the "
          "OTC Pink marketplace.",
          "tests/test_signals.py",
          miss="Our common stock is quoted on the OTCQB."),
    # -- exchange listing: regained compliance -----------------------------------------------------
    Entry("listing.regained", "rg_regains_headline", r"\b(?-i:Regains)\s+(?:Full\s+)?Compliance\b",
          "regained_compliance", "Headlines: 'Acme Regains Compliance with Nasdaq Listing "
          "Requirement'. Capitalised only.",
          "Corbel Aerospace Regains Compliance with NYSE American Listing Standards",
          "tests/documents/signals/nyse_american_deficiency_resolved.txt",
          miss="If the Company regains compliance, the matter will be closed."),
    Entry("listing.regained", "rg_regained",
          r"\bregained\s+(?:full\s+)?compliance\b|\bregained\s+(?:its\s+)?listing\s+compliance\b",
          "regained_compliance", "'the Company has regained compliance with Listing Rule "
          "5550(a)(2)'.",
          "we received notice from the Listing Qualifications Department of The Nasdaq Stock "
          "Market that we have regained compliance with The Nasdaq Listing Standards",
          "sec filing 0001104659-12-058455 (R15.htm), "
          "https://www.sec.gov/Archives/edgar/data/1171014/000110465912058455/R15.htm",
          miss="The Company has 180 calendar days to regain compliance."),
    Entry("listing.regained", "rg_evidenced",
          r"\b(?:has|have|had)\s+(?:evidenced|demonstrated|achieved)\s+compliance\b",
          "regained_compliance", "The Panel's wording: 'the Company has evidenced compliance'.",
          "The Panel determined that the Company has evidenced compliance with all applicable "
          "listing requirements.",
          "authored: typical Nasdaq Hearings Panel decision wording (no stored filing holds it)"),
    Entry("listing.regained", "rg_cured_deficiency",
          r"\b(?:resolved|cured|remedied)\s+(?:the|its|all|such|this|these)\s+(?:\w+\s+){0,3}?"
          r"deficienc",
          "regained_compliance", "'the Company has cured the bid price deficiency'.",
          "We previously cured its Shareholder Equity Rule deficiency",
          "tests/test_context.py CUE_ROWS cured (r13_895665)"),
    Entry("listing.regained", "rg_matter_closed",
          r"\b(?:matter|deficiency|deficiencies|proceeding)s?\s+(?:is|are|has\s+been|have\s+been"
          r"|was|were)\s+(?:now\s+)?closed\b",
          "regained_compliance", "Nasdaq's closing words: 'the matter is now closed'.",
          "On September 12, 2022, Nasdaq notified us that we had regained compliance with the "
          "minimum bid price requirement and the matter was closed.",
          "tests/test_context.py regained_letter_with_matter_closed_is_regained_compliance "
          "(r19_1063537)"),
    Entry("listing.regained", "rg_continue_listing",
          r"\bdetermined\s+to\s+continue\s+the\s+listing\b",
          "regained_compliance", "'the Panel determined to continue the listing of the "
          "Company's securities'.",
          "On June 3, 2024, the Panel determined to continue the listing of the Company's "
          "securities on Nasdaq.",
          "authored: typical 8-K Item 3.01 wording (no stored filing holds it)"),
    Entry("listing.confirmed", "rg_confirmed_compliant",
          r"\b(?:notif(?:ied|ying)|inform(?:ed|ing)|advis(?:ed|ing)|confirm(?:ed|ing|s)"
          r"|stat(?:ed|ing|es)|indicat(?:ed|ing|es)|determined)\b[^.;]{0,160}?"
          r"(?:\b(?:is|was|are|were)\s+(?:now\s+|again\s+|back\s+|once\s+again\s+)?"
          r"in\s+(?:full\s+)?compliance\b|(?<!longer\s)(?<!not\s)\bcomplies\s+with\b)"
          r"(?!\s+(?:with\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?other)",
          "regained_compliance", "The exchange confirms compliance: 'Nasdaq notified the "
          "Company that it is now in compliance'.",
          "On July 2, 2024, Nasdaq notified the Company that it is now in compliance with "
          "Listing Rule 5550(a)(2).",
          "authored: typical 8-K Item 3.01 wording (no stored filing holds it)"),
    Entry("listing.notice_word", "ls_notice_word",
          r"\b(?:staff|panel|deficien\w*|delist\w*|listing)\b",
          "delisting_notice", "Without the exchange named, a notice is a listing one only with "
          "these words ('a letter from the Staff'); a Rule 12b-25 'notification' is not.",
          "On August 14, 2025, the Company received the Stockholders' Equity Deficiency Letter "
          "from the Staff stating that the Company no longer satisfied the minimum stockholders' "
          "equity requirement.",
          "tests/documents/signals/equity_deficiency_letter_named_by_staff.txt"),
    # -- exchange listing: which requirement -------------------------------------------------------
    Entry("listing.category", "bid_price",
          r"bid\s+price|5550\(a\)\(2\)|5450\(a\)\(1\)|802\.01c|\$1\.00|closing\s+price"
          r"|share\s+price|price\s+per\s+share|low\s+selling\s+price|1003\(f\)\(v\)",
          "bid_price", "The minimum bid price requirement and its rule numbers.",
          "a minimum bid price of $1.00 per share for continued listing on the Nasdaq Capital "
          "Market, as set forth in Nasdaq Listing Rule 5550(a)(2).",
          "press release (NeuroOne Medical, 2025-11-05), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    Entry("listing.category", "equity",
          r"(?:stockholders|shareholders)['’]?\s+equity|5550\(b\)\(1\)|5450\(b\)\(1\)\(a\)"
          r"|1003\(a\)",
          "equity", "The stockholders' equity requirement.",
          "(ii) stockholders' equity of at least $50,000,000",
          "edgar-samples filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt "
          "(sec filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    Entry("listing.category", "market_value",
          r"market\s+value|\bmvl?s\b|\bmvphs\b|5550\(b\)\(2\)|5450\(b\)\(2\)|5550\(a\)\(5\)"
          r"|market\s+capitali[sz]ation|802\.01b",
          "market_value", "Market value of listed securities or publicly held shares.",
          "Market that we have regained compliance with The Nasdaq Listing Standards by curing "
          "the market value of listed securities deficiency.",
          "tests/test_context.py cured_deficiency_is_not_a_live_delisting_notice (r15_1171014)"),
    Entry("listing.category", "filing",
          r"periodic|form\s+10-?[kq]|annual\s+report|quarterly\s+report|5250\(c\)|timely\s+fil"
          r"|late\s+fil|delinquen|802\.01e|\b1007\b",
          "filing", "The periodic filing requirement (a late 10-K or 10-Q).",
          "please refer to Adobe’s Annual Report on Form 10-K for our fiscal year 2022 ended "
          "Dec. 2, 2022",
          "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
          "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    Entry("listing.category", "meeting", r"annual\s+meeting|5620",
          "meeting", "The annual meeting requirement.",
          "The annual meeting of shareholders was held on April 20, 2000.",
          "edgar-samples filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt "
          "(sec filing 0000912057-00-023442, Apple Computer 10-Q)"),
    Entry("listing.category", "governance",
          r"audit\s+committee|independent\s+directors?|5605|board\s+of\s+directors",
          "governance", "Audit committee and board independence requirements.",
          "The decision to voluntarily delist from NASDAQ was taken following a review by the "
          "Company's Board of Directors, which determined that a delisting would be in the best "
          "interests of the Company.",
          "tests/test_context.py company_filing_its_own_form_25_is_the_company (dial_global)"),
    Entry("listing.category", "holders",
          r"round\s+lot|publicly\s+held|\bholders|5550\(a\)\([34]\)|5450\(a\)\(2\)",
          "holders", "Round-lot and public-holder requirements.",
          "the continued listing requirement for the market value of publicly held shares",
          "press release (Mobile-health Network Solutions, 2024-09-20), via github "
          "Newsworthyai/press-release-archive "
          "newmediawire/2024/0920/mobile-health-network-solutions-delinquency-notification-letter-from-nasdaq.md"),
)

# The cheap first pass of `signals.py`: keywords that must occur (byte regexes over the
# lower-cased text, one regex per keyword, each starting with a literal so the scan is one
# fast C loop) before a judge looks at a sentence. "\s+" because hard-wrapped text breaks
# "going\nconcern" across lines.
def _keyword(group: str, word: str, reason: str, example: str, source: str) -> Entry:
    return Entry(f"scan.{group}", f"kw_{group}_{word.split(chr(92))[0].strip('(?:')}", word,
                 group, reason, example, source, case=True)


KEYWORDS: tuple[Entry, ...] = (
    _keyword("going_concern", r"concern", "'concern', not 'going concern': a page break can "
             "split the two.",
             "These conditions raise substantial doubt about its ability to continue as a going "
             "concern.",
             "sec filing 0001062993-15-001424 (Nobilis Health 8-K, auditor's report), via "
             "github royelee/delist-detection "
             "tests/fixtures/golden/text/1409916_0001062993-15-001424.txt"),
    _keyword("going_concern", r"alleviat", "A resolution may not repeat the words: 'the doubt "
             "has been alleviated'.",
             "management concluded that the substantial doubt about the Company’s ability to "
             "continue as a going concern has been alleviated.",
             "tests/documents/signals/going_concern_alleviated_after_financing.htm"),
    _keyword("going_concern", r"qualification", "A resolution that names only the paragraph: "
             "'This qualification has been removed'.",
             "the going concern qualification in last year's audit report",
             "tests/test_context.py CUE_ROWS prior_period_report (issue_15)"),
    _keyword("going_concern", r"explanatory", "An Item 4.01 letter's 'explanatory "
             "paragraph'.",
             "Company's independent auditors included an explanatory paragraph stating that the "
             "Company's recurring losses and working capital deficit raise substantial doubt",
             "tests/documents/signals/going_concern_and_delisting_release_hardwrapped.txt"),
    _keyword("listing", r"nasdaq", "The exchange that sends most deficiency letters.",
             "Adobe (Nasdaq:ADBE) today reported financial results for its first quarter fiscal "
             "year 2023 ended March 3, 2023.",
             "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
             "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _keyword("listing", r"nyse", "NYSE and NYSE American.",
             "NYSE Regulation reached its decision to delist the Common Stock because the "
             "Company informed the NYSE",
             "edgar-samples "
             "filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt (sec "
             "filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    _keyword("listing", r"listing", "'continued listing requirements', 'Listing "
             "Qualifications'.",
             "the NYSE’s continued listing standard in Section 802.01B of the Listed Company "
             "Manual",
             "edgar-samples "
             "filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt (sec "
             "filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    _keyword("listing", r"delist", "'delisting determination', 'delisted'.",
             "NYSE Regulation reached its decision to delist the Common Stock because the "
             "Company informed the NYSE",
             "edgar-samples "
             "filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt (sec "
             "filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    _keyword("listing", r"complian", "'not in compliance', 'regained compliance'.",
             "it has been granted a 180-day extension, until May 4, 2026, to regain compliance",
             "press release (NeuroOne Medical, 2025-11-05), via github "
             "Newsworthyai/press-release-archive "
             "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    _keyword("listing", r"suspen", "'trading ... will be suspended'.",
             "The Company also plans to request that NASDAQ suspend trading",
             "tests/test_context.py CUE_ROWS future_intent (r12_1068796)"),
    _keyword("listing", r"form\s+25", "The exchange's Form 25 delists.",
             "The Company currently anticipates that it will file a Form 25",
             "tests/test_context.py CUE_ROWS company_form25 (dial_global)"),
    _keyword("listing", r"otc", "A move to the OTC markets.",
             "Our common stock may be eligible for quotation on the OTC Bulletin Board",
             "tests/test_context.py CUE_ROWS hedged_otc (james_river)"),
    _keyword("listing", r"hearing", "A hearing requested before the Hearings Panel.",
             "On September 30, 2020 we announced that we received a letter from the Nasdaq "
             "Hearing Panel (“Panel”) determining to delist our common stock from The Nasdaq "
             "Stock Market.",
             "tests/test_context.py hearing_panel_letter_determining_to_delist_is_the_exchange "
             "(r13_895665)"),
    _keyword("listing", r"deficien", "'we received the Stockholders' Equity Deficiency Letter "
             "from the Staff': the exchange was named sentences earlier.",
             "advised Nasdaq of its intent to cure the deficiency within the extension period.",
             "press release (NeuroOne Medical, 2025-11-05), via github "
             "Newsworthyai/press-release-archive "
             "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    _keyword("bankruptcy", r"bankrupt", "'the United States Bankruptcy Court'.",
             "the Company has commenced a prearranged Chapter 11 process in the United States "
             "Bankruptcy Court for the Southern District of New York.",
             "sec filing 0000876661-24-001142 (NYSE 25-NSE EX-99.25 for Spirit Airlines), via "
             "github royelee/delist-detection tests/fixtures/form25/save_25nse.txt"),
    _keyword("bankruptcy", r"chapter\s+(?:7|11|15)\b", "'filed for Chapter 11'.",
             "Emerged from Chapter 11 bankruptcy protection in June 1994",
             "tests/test_context.py CUE_ROWS stale_date (conll_best)"),
    _keyword("bankruptcy", r"receiver", "Receivership instead of a petition.",
             "Item 1.03 Bankruptcy or Receivership.",
             "sec: Form 8-K, General Instructions B (item titles)"),
    _keyword("bankruptcy", r"insolven", "Insolvency proceedings abroad.",
             "the effects of bankruptcy, insolvency, reorganization, preference, fraudulent "
             "transfer, moratorium or other similar laws",
             "edgar-samples filings/apple-8k-0001193125-19-292676/0001193125-19-292676.txt (sec "
             "filing 0001193125-19-292676, Apple Inc. 8-K, notes underwriting agreement)"),
    _keyword("bankruptcy", r"creditors", "'assignment for the benefit of creditors', the "
             "Companies' Creditors Arrangement Act.",
             "moratorium or other similar laws relating to or affecting the rights or remedies "
             "of creditors;",
             "edgar-samples filings/apple-8k-0001193125-19-292676/0001193125-19-292676.txt (sec "
             "filing 0001193125-19-292676, Apple Inc. 8-K, notes underwriting agreement)"),
    _keyword("bankruptcy", r"debtor", "'the Debtors', 'debtors-in-possession'.",
             "the Debtors satisfied all conditions required for Plan effectiveness and emerged "
             "from the Chapter 11 Cases",
             "tests/test_context.py CUE_ROWS emerged (r9_1255474)"),
    _keyword("non_reliance", r"reli", "'relied upon', 'non-reliance'.",
             "the Company’s previously issued unaudited condensed consolidated financial "
             "statements for the quarterly periods ended June 30, 2023 and September 30, 2023 "
             "should no longer be relied upon",
             "tests/documents/signals/non_reliance_item_402_restatement.htm"),
    _keyword("non_reliance", r"rely", "'should no longer rely'.",
             "We do not actively trade publicly held securities nor do we rely on these "
             "securities positions for funding our ongoing operations.",
             "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
             "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    _keyword("auditor_change", r"accountant", "'certifying accountant'.",
             "Item 4.01 Changes in Registrant's Certifying Accountant.",
             "sec: Form 8-K, General Instructions B (item titles)"),
    _keyword("auditor_change", r"auditor", "'the Company's auditor resigned'.",
             "Ratification of appointment of KPMG LLP as the Company's independent auditors for "
             "fiscal year 2000.",
             "edgar-samples "
             "filings/apple-10q-2000-0000912057-00-023442/0000912057-00-023442.txt (sec filing "
             "0000912057-00-023442, Apple Computer 10-Q)"),
    _keyword("auditor_change", r"accounting\s+firm", "'independent registered public "
             "accounting firm'.",
             "CIRCOR International, Inc. (the “Company”) dismissed PricewaterhouseCoopers LLP "
             "(“PwC”) as its independent registered public accounting firm.",
             "sec filing 0001091883-20-000087 (CIRCOR International 8-K, Item 4.01), "
             "https://content.edgar-online.com/ExternalLink/EDGAR/0001091883-20-000087.html"),
    _keyword("auditor_change", r"cpa", "Small firms' 'CPA'.",
             "On June 28, 2024, Pruitt Wexler CPAs, P.C.",
             "tests/documents/signals/auditor_resigned_item_401.txt"),
)

# Plain substrings, tested before any regex runs: each list must hold a substring of every
# match of the matcher it guards, or the guard would hide a trigger.
WORD_LISTS: tuple[WordList, ...] = (
    # A judge can only say yes when one of its trigger words is near the keyword; checking a
    # window of raw text first spares splitting most keyword hits (signals.py).
    WordList("hint.going_concern", (
        "doubt", "question", "explanatory", "opinion", "qualif", "uncertaint", "emphasis",
        "modifi", "alleviat", "longer", "remov", "eliminat", "resolv",
    ), "going_concern", "A going-concern keyword counts only near doubt or a resolution.",
             "These conditions raise substantial doubt about its ability to continue as a going "
             "concern.",
             "sec filing 0001062993-15-001424 (Nobilis Health 8-K, auditor's report), via "
             "github royelee/delist-detection "
             "tests/fixtures/golden/text/1409916_0001062993-15-001424.txt"),
    WordList("hint.listing", (
        "receiv", "receipt", "complie", "notif", "inform", "advis", "sent", "deliver", "issued",
        "determin", "decid", "decision", "request", "appeal", "hearing", "grant", "delisted",
        "suspend", "form", "otc", "over-the-counter", "pink", "regain", "compliance", "resolved",
        "cured", "remedied", "closed", "continue", "move", "transition", "transfer", "commence",
    ), "listing", "A listing keyword counts only near a notice, decision or move.",
             "NYSE Regulation reached its decision to delist the Common Stock because the "
             "Company informed the NYSE",
             "edgar-samples "
             "filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt (sec "
             "filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    WordList("hint.bankruptcy", (
        "petition", "file", "filing", "commence", "initiat", "sought", "seek", "appoint",
        "placed", "put into", "entered", "assignment", "possession", "emerg",
    ), "bankruptcy", "A bankruptcy keyword counts only near a filing, an appointment or an "
        "emergence.",
             "Emerged from Chapter 11 bankruptcy protection in June 1994",
             "tests/test_context.py CUE_ROWS stale_date (conll_best)"),
    WordList("hint.non_reliance", ("relied", "reliance", "rely"), "non_reliance",
             "Non-reliance needs the verb or its noun.",
             "the Company’s previously issued unaudited condensed consolidated financial "
             "statements for the quarterly periods ended June 30, 2023 and September 30, 2023 "
             "should no longer be relied upon",
             "tests/documents/signals/non_reliance_item_402_restatement.htm"),
    WordList("hint.auditor_change", (
        "dismiss", "resign", "declin", "stand", "not to", "terminat", "ended", "ceased",
        "relationship", "engage", "appoint", "retain", "select", "approved",
    ), "auditor_change", "An auditor keyword counts only near a dismissal, resignation or "
        "engagement.",
             "On March 23, 2001, the Registrant dismissed BDO Seidman, LLP as the Registrant’s "
             "independent public accountants.",
             "sec filing 0000892251-01-000109 (8-K, Item 4), "
             "https://www.sec.gov/Archives/edgar/data/892822/000089225101000109/0001.htm"),
    WordList("listing.exchange_words", (
        "nasdaq", "nyse", "exchange", "amex", "cboe", "listing", "hearing", "company manual",
        "company guide", "tsx", "marketplace rule", "bid price",
    ), "listing", "Guard of the `listing.exchange` matcher.",
             "Adobe (Nasdaq:ADBE) today reported financial results for its first quarter fiscal "
             "year 2023 ended March 3, 2023.",
             "edgar-samples filings/adobe-8k-0000796343-23-000044/0000796343-23-000044.txt (sec "
             "filing 0000796343-23-000044, Adobe Inc. 8-K and EX-99.1)"),
    WordList("listing.anchor_words", (
        "receiv", "receipt", "notif", "inform", "advis", "sent", "deliver", "issued", "determin",
        "decid", "decision", "request", "appeal", "hearing", "grant", "delisted", "suspen",
        "form 25", "otc", "over-the-counter", "pink", "regained", "regains", "compliance",
        "complies", "deficienc", "closed", "continue the listing", "moved", "move ", "moving",
        "transition", "transferred", "commence", "accepted", "approved",
    ), "listing", "Every listing anchor holds one of these: a sentence without any is "
        "skipped.",
             "NYSE Regulation reached its decision to delist the Common Stock because the "
             "Company informed the NYSE",
             "edgar-samples "
             "filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt (sec "
             "filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    WordList("listing.receipt_words", (
        "receiv", "receipt", "notif", "inform", "advis", "sent", "deliver", "issued",
    ), "delisting_notice", "Guard of the `listing.receipt` matcher.",
             "NYSE Regulation reached its decision to delist the Common Stock because the "
             "Company informed the NYSE",
             "edgar-samples "
             "filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt (sec "
             "filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    WordList("listing.determination_words", (
        "determin", "decid", "decision", "moved", "request", "appeal", "hearing", "panel",
        "pending", "council", "granted", "proceedings", "accepted", "approved",
    ), "delisting_notice", "Guard of the `listing.determination` matcher.",
             "NYSE Regulation reached its decision to delist the Common Stock because the "
             "Company informed the NYSE",
             "edgar-samples "
             "filings/radioshack-25nse-0000876661-15-000132/0000876661-15-000132.txt (sec "
             "filing 0000876661-15-000132, NYSE 25-NSE EX-99.25 for RadioShack)"),
    WordList("listing.regained_words", (
        "regain", "complian", "complies", "deficien", "closed", "continue the",
    ), "regained_compliance", "Guard of the regained-compliance matchers.",
             "it has been granted a 180-day extension, until May 4, 2026, to regain compliance",
             "press release (NeuroOne Medical, 2025-11-05), via github "
             "Newsworthyai/press-release-archive "
             "newmediawire/2025/1105/neuroone-r-receives-180-day-extension-from-nasdaq-to-regain-minimum-bid-price-compliance.md"),
    WordList("listing.otc_words", ("otc", "over-the-counter", "pink"), "delisting_notice",
             "Guard of the `listing.otc` matcher.",
             "Our common stock may be eligible for quotation on the OTC Bulletin Board",
             "tests/test_context.py CUE_ROWS hedged_otc (james_river)"),
)

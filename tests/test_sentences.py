"""Sentence splitting of filing text: hard wraps, page breaks, abbreviations, tables."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract.sentences import SentenceIndex, clean_sentence, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'Acme, Inc. (the "Company") received a letter. It has 180 days.',
            ['Acme, Inc. (the "Company") received a letter.', "It has 180 days."],
            id="inc_before_parenthesis_is_not_an_end",
        ),
        pytest.param(
            "The merger was completed by Beta Holdings, Inc. The Company then delisted.",
            ["The merger was completed by Beta Holdings, Inc.", "The Company then delisted."],
            id="inc_before_a_sentence_opener_is_an_end",
        ),
        pytest.param(
            "Accounting Standards Update No. 2014-15 applies. See Note 2.",
            ["Accounting Standards Update No. 2014-15 applies.", "See Note 2."],
            id="no_abbreviation",
        ),
        pytest.param(
            "The case is pending in the U.S. Bankruptcy Court. Mr. Smith resigned.",
            ["The case is pending in the U.S. Bankruptcy Court.", "Mr. Smith resigned."],
            id="dotted_initialism_and_title",
        ),
        pytest.param(
            "John A. Smith was appointed. Dr. Lee left.",
            ["John A. Smith was appointed.", "Dr. Lee left."],
            id="middle_initial",
        ),
        pytest.param(
            "Price was $1.00 per share. Rule 5550(a)(2) applies.",
            ["Price was $1.00 per share.", "Rule 5550(a)(2) applies."],
            id="decimal_numbers",
        ),
        pytest.param(
            'He said, "We are done." The board agreed.',
            ['He said, "We are done."', "The board agreed."],
            id="closing_quote_after_period",
        ),
        pytest.param(
            "Item 4.01. Changes in Registrant's Certifying Accountant. On May 1, 2025, the "
            "auditor resigned.",
            ["Item 4.01. Changes in Registrant's Certifying Accountant.",
             "On May 1, 2025, the auditor resigned."],
            id="item_number_before_its_title_is_not_an_end",
        ),
        pytest.param(
            "Item 4.02. On May 1, 2025, the Audit Committee concluded. The Company agreed.",
            ["Item 4.02.", "On May 1, 2025, the Audit Committee concluded.",
             "The Company agreed."],
            id="item_number_without_a_title_ends_before_the_first_sentence",
        ),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_hard_wrapped_lines_join_into_one_sentence() -> None:
    # Apple Computer 10-Q, sec filing 0000912057-00-023442 (../shared/edgar-samples), as wrapped
    text = (
        "Net sales increased $415 million or 27% to $1.945 billion in the second quarter\n"
        "of 2000 compared to the same quarter in 1999. The primary source of this growth\n"
        "was an overall 26% increase in Macintosh unit sales.\n"
    )
    assert split_sentences(text) == [
        "Net sales increased $415 million or 27% to $1.945 billion in the second quarter "
        "of 2000 compared to the same quarter in 1999.",
        "The primary source of this growth was an overall 26% increase in Macintosh unit sales.",
    ]


def test_plain_text_page_break_does_not_cut_a_sentence() -> None:
    text = (
        "The Company filed its annual report late, which resulted in the Company being\n"
        "notified that it would be\n\n"
        "                                   --More--\n"
        "<PAGE>\n"
        "delisted from the Nasdaq SmallCap Market.\n"
    )
    assert split_sentences(text) == [
        "The Company filed its annual report late, which resulted in the Company being "
        "notified that it would be delisted from the Nasdaq SmallCap Market."
    ]


def test_html_page_break_with_running_head_is_rejoined() -> None:
    text = (
        # an auditor's report (sec filing 0001062993-15-001424) with a page break set by hand
        "These conditions raise substantial doubt about its ability\n\n"
        "18\n\n"
        "TABLE OF CONTENTS\n\n"
        "to continue as a going concern.\n\n"
        "Next paragraph.\n"
    )
    assert split_sentences(text) == [
        "These conditions raise substantial doubt about its ability "
        "to continue as a going concern.",
        "Next paragraph.",
    ]


def test_heading_line_is_its_own_sentence() -> None:
    text = (
        # the item title as headings print it; the sentence from sec filing 0000892251-01-000109
        "ITEM 4.01 CHANGES IN REGISTRANT'S CERTIFYING ACCOUNTANT\n"
        "On March 23, 2001, the Registrant dismissed BDO Seidman, LLP as the Registrant's\n"
        "independent public accountants.\n"
    )
    assert split_sentences(text) == [
        "ITEM 4.01 CHANGES IN REGISTRANT'S CERTIFYING ACCOUNTANT",
        "On March 23, 2001, the Registrant dismissed BDO Seidman, LLP as the Registrant's "
        "independent public accountants.",
    ]


def test_unpunctuated_title_in_one_line_per_block_text_is_its_own_sentence() -> None:
    title = (
        "Our failure to maintain compliance with Nasdaq continued listing requirements could "
        "result in the delisting of our common stock"
    )
    body = "On March 3, 2025, we received a letter from Nasdaq about the minimum bid price."
    assert split_sentences(f"{title}\n{body}\n") == [title, body]


def test_line_cut_after_a_function_word_is_not_a_title() -> None:
    first = (
        "The Company received a letter stating that it is not in compliance with the minimum "
        "bid price requirement in accordance with"
    )
    text = f"{first}\nThe Nasdaq Stock Market rules for continued listing on the Capital Market.\n"
    assert len(split_sentences(text)) == 1


def test_table_rows_are_not_merged_with_prose() -> None:
    text = (
        "Net sales were lower in the quarter, as shown below and\n"
        "Net sales                      $ 4,609      $ 7,885\n"
        "Gross profit (loss)               (848)        (185)\n"
    )
    sentences = split_sentences(text)
    assert sentences[0] == "Net sales were lower in the quarter, as shown below and"
    assert sentences[1] == "Net sales $ 4,609 $ 7,885"
    assert sentences[2] == "Gross profit (loss) (848) (185)"


def test_bullets_start_new_sentences() -> None:
    text = "Risks include:\n\n•\n\nour ability to continue as a going concern;\n\n• our debt.\n"
    assert split_sentences(text) == [
        "Risks include:",
        "our ability to continue as a going concern;",
        "our debt.",
    ]


def test_hyphenated_line_break_keeps_the_word_whole() -> None:
    text = "The Company received a notice of non-\ncompliance from Nasdaq.\n"
    assert split_sentences(text) == ["The Company received a notice of non-compliance from Nasdaq."]


def test_clean_sentence_drops_markup_and_folds_spaces() -> None:
    assert clean_sentence("  <PAGE>  The   Company\n  filed. ") == "The Company filed."
    assert clean_sentence("• our debt;") == "our debt;"


def test_sentence_at_position_is_found_in_a_long_document() -> None:
    filler = "Nothing happened in this paragraph at all.\n\n" * 2000
    target = "On May 1, 2024, the Company received a notice from Nasdaq."
    text = filler + target + "\n\n" + filler
    index = SentenceIndex(text)
    found = index.at(text.index("Nasdaq"))
    assert found.text == target
    assert text[found.start : found.end] == target


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("abcdefgh ABCDEF.,;\n-•<>()$1")), min_size=0, max_size=80
        ),
        min_size=1,
        max_size=20,
    )
)
def test_sentences_are_clean_and_in_order(parts: list[str]) -> None:
    text = "\n".join(parts)
    index = SentenceIndex(text)
    sentences = index.all()
    for sentence in sentences:
        assert sentence.text == sentence.text.strip()
        assert "\n" not in sentence.text and "  " not in sentence.text
        assert 0 <= sentence.start < sentence.end <= len(text)
    starts = [s.start for s in sentences]
    assert starts == sorted(starts)
    for pos in range(0, len(text), 7):
        index.at(pos)  # never raises

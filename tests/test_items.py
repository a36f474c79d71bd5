"""8-K item codes announced by a document's own headings."""

from __future__ import annotations

import pytest

from monitor.extract.items import find_item_sections, find_items


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Item 2.02 Results of Operations and Financial Condition.\n\nOn May 1 ...\n\n"
            "Item 9.01 Financial Statements and Exhibits.\n\n(d) Exhibits\n",
            ("2.02", "9.01"),
            id="modern_headings",
        ),
        pytest.param(
            "ITEM 4.01. CHANGES IN REGISTRANT'S CERTIFYING ACCOUNTANT\n\nOn August 3 ...\n",
            ("4.01",),
            id="upper_case_with_period",
        ),
        pytest.param(
            "Item 4.02\n\nNon-Reliance on Previously Issued Financial Statements\n\n"
            "On April 10 the Board concluded ...\n",
            ("4.02",),
            id="title_in_next_cell",
        ),
        pytest.param(
            "Item 3.01 Notice of Delisting or Failure to Satisfy a Continued Listing Rule or "
            "Standard; Transfer of Listing.\nOn May 1 the Company received ...\n"
            "Item 1.03 Bankruptcy or Receivership.\nOn May 2 the Company filed ...\n",
            ("1.03", "3.01"),
            id="sorted_by_code",
        ),
        pytest.param(
            "Item 7.01 Regulation FD Disclosure.\n\nItem 2.02 of this Current Report on Form "
            "8-K is incorporated herein by reference.\n",
            ("7.01",),
            id="cross_reference_is_not_a_heading",
        ),
        pytest.param(
            "Item 2.02 Results of Operations.\n\nFirst text.\n\n"
            "Item 2.02 Results of Operations.\n\nAgain.\n",
            ("2.02",),
            id="unique",
        ),
        pytest.param("Item 4.07 Something Invented.\n\nText.\n", (), id="unknown_code_is_ignored"),
    ],
)
def test_modern_item_headings(text: str, expected: tuple[str, ...]) -> None:
    assert find_items(text) == expected


def test_items_answered_none_or_not_applicable_are_not_announced() -> None:
    text = (
        "ITEM 1. CHANGES IN CONTROL OF REGISTRANT.\n\n         None.\n\n"
        "ITEM 3. BANKRUPTCY OR RECEIVERSHIP.\n\n         None.\n\n"
        "ITEM 4. CHANGES IN REGISTRANT'S CERTIFYING ACCOUNTANT.\n\n         Not applicable.\n\n"
        "ITEM 5. OTHER EVENTS.\n\n         On March 14, 1999, a dividend was declared.\n\n"
        "ITEM 7. FINANCIAL STATEMENTS AND EXHIBITS.\n\n         Not applicable.\n"
    )
    assert find_items(text) == ("8.01",)


def test_inline_none_answer_is_not_announced() -> None:
    text = "Item 3. Bankruptcy or Receivership. None.\n\nItem 5. Other Events.\n\nX.\n"
    assert find_items(text) == ("8.01",)


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        ("Item 1. Changes in Control of Registrant.", "5.01"),
        ("Item 2. Acquisition or Disposition of Assets.", "2.01"),
        ("Item 3. Bankruptcy or Receivership.", "1.03"),
        ("Item 4. Changes in Registrant's Certifying Accountant.", "4.01"),
        ("Item 5. Other Events.", "8.01"),
        ("Item 6. Resignations of Registrant's Directors.", "5.02"),
        ("Item 7. Financial Statements and Exhibits.", "9.01"),
        ("Item 8. Change in Fiscal Year.", "5.03"),
        ("Item 9. Regulation FD Disclosure.", "7.01"),
        ("Item 12. Results of Operations and Financial Condition.", "2.02"),
    ],
)
def test_pre_2004_items_map_to_modern_codes_when_number_and_title_agree(
    heading: str, code: str
) -> None:
    assert find_items(f"{heading}\n\nSomething happened.\n") == (code,)


@pytest.mark.parametrize(
    "heading",
    [
        "Item 4. Mine Safety Disclosures.",  # 10-K item 4
        "Item 9. Changes in and Disagreements with Accountants on Accounting and Financial "
        "Disclosure.",  # 10-K item 9
        "Item 12. Security Ownership of Certain Beneficial Owners and Management.",
        "Item 1A. Risk Factors.",
    ],
)
def test_other_forms_item_numbers_are_not_mapped(heading: str) -> None:
    assert find_items(f"{heading}\n\nText of the item.\n") == ()


def test_section_spans_cover_the_item_body() -> None:
    text = (
        "Item 4.02 Non-Reliance on Previously Issued Financial Statements.\n\n"
        "The Audit Committee concluded that the statements should no longer be relied upon.\n\n"
        "Item 9.01 Financial Statements and Exhibits.\n\n(d) Exhibits.\n"
    )
    sections = find_item_sections(text)
    assert [s.code for s in sections] == ["4.02", "9.01"]
    body = text[sections[0].body_start : sections[0].end]
    assert "should no longer be relied upon" in body
    assert "Item 9.01" not in body

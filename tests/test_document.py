"""The Document value: a document's bytes decoded once, HTML parsed once, its text and tables
built once and shared by figures, signals and items."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from selectolax.lexbor import LexborHTMLParser

import monitor.extract.text as text_module
from monitor.extract import extract_document
from monitor.extract.figures import extract_figures
from monitor.extract.parsed import Document, read_document
from monitor.extract.signals import detect_signals, find_items

from .conftest import DOCUMENTS

RELEASE_HTML = b"""<html><head><title>Acme</title><style>p {color: red}</style></head><body>
<p>Acme Corp. Reports Fourth Quarter Results</p>
<p>Item 2.02 Results of Operations and Financial Condition</p>
<p>(in thousands)</p>
<table>
<tr><td></td><td colspan="3">Three Months Ended December 31,</td></tr>
<tr><td></td><td>2024</td><td></td><td>2023</td></tr>
<tr><td>Total revenues</td><td>$ 1,250</td><td></td><td>$ 1,000</td></tr>
<tr><td>Net income (loss)</td><td>(40</td><td>)</td><td>25</td></tr>
</table>
</body></html>
"""

RELEASE_TEXT = b"""ACME CORP. REPORTS FOURTH QUARTER RESULTS\r
\r
(In thousands)\r
                                    Three Months Ended December 31,\r
                                         2024          2023\r
Total revenues                         $ 1,250       $ 1,000\r
Net income                                 (40)           25\r
\r
Substantial doubt about the Company's ability to continue as a going concern.\r
"""


def wrapped(body: bytes, filename: str) -> bytes:
    """A single exhibit saved with its EDGAR `<DOCUMENT>` wrapper."""
    return (b"<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>" + filename.encode()
            + b"\n<DESCRIPTION>PRESS RELEASE\n<TEXT>\n" + body + b"</TEXT>\n</DOCUMENT>\n")


# --- decoded once, parsed once ----------------------------------------------------------


@dataclass
class Reads:
    decodes: int = 0
    parses: int = 0


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    """Counts every decoding of document bytes and every HTML parse, wherever extraction
    makes them: the real functions run, each call is counted."""
    counts = Reads()
    real_decode = text_module.decode

    def counting_decode(raw: bytes) -> str:
        counts.decodes += 1
        return real_decode(raw)

    class CountingParser(LexborHTMLParser):
        def __init__(self, html: str) -> None:
            counts.parses += 1
            super().__init__(html)

    for name, module in list(sys.modules.items()):
        if not name.startswith("monitor.extract"):
            continue
        if getattr(module, "decode", None) is real_decode:
            monkeypatch.setattr(module, "decode", counting_decode)
        if getattr(module, "LexborHTMLParser", None) is LexborHTMLParser:
            monkeypatch.setattr(module, "LexborHTMLParser", CountingParser)
    yield counts


@pytest.mark.parametrize(
    ("raw", "parses", "items"),
    [
        (RELEASE_HTML, 1, ("2.02",)),
        # main's extract_document parsed a wrapped exhibit twice: its body for the tables,
        # the whole file again for the text
        (wrapped(RELEASE_HTML, "ex99.htm"), 1, ("2.02",)),
        (RELEASE_TEXT, 0, ()),
        (wrapped(RELEASE_TEXT, "ex99.txt"), 0, ()),
    ],
    ids=["html", "wrapped-html", "text", "wrapped-text"],
)
def test_extract_document_decodes_once_and_parses_html_once(
    reads: Reads, raw: bytes, parses: int, items: tuple[str, ...]
) -> None:
    facts = extract_document(raw, "ex99")
    # the tables were read for the figures, the text for the items
    assert facts.figures["revenue"].current == 1_250_000
    assert facts.figures["net_income"].current == -40_000
    assert facts.items == items
    assert (reads.decodes, reads.parses) == (1, parses)


def test_text_and_tables_are_built_once_and_kept(reads: Reads) -> None:
    doc = read_document(RELEASE_HTML, "ex99.htm")
    text, tables = doc.text, doc.tables
    extract_figures(doc)
    detect_signals(doc, "ex99.htm")
    find_items(doc)
    assert doc.text is text and doc.tables is tables
    assert (reads.decodes, reads.parses) == (1, 1)


# --- what a Document holds --------------------------------------------------------------


def test_html_document_holds_its_tree_text_and_tables() -> None:
    doc = read_document(RELEASE_HTML, "ex99.htm")
    assert doc.is_html and doc.tree is not None and doc.name == "ex99.htm"
    assert doc.body == RELEASE_HTML
    # head and style are not readable text; blocks and rows break lines, cells are apart
    assert "color: red" not in doc.text and "Acme</" not in doc.text
    assert "Acme Corp. Reports Fourth Quarter Results\n" in doc.text
    assert "\nTotal revenues $ 1,250 $ 1,000\n" in doc.text
    (table,) = doc.tables
    assert table.headers == ["Three Months Ended December 31, | 2024",
                             "Three Months Ended December 31, | 2023"]
    revenue, net = table.rows
    assert revenue.label == "Total revenues"
    assert [v.value for v in revenue.values.values()] == [1250.0, 1000.0]
    # "(40" and ")" in two cells are one negative number
    assert net.label == "Net income (loss)"
    assert [v.value for v in net.values.values()] == [-40.0, 25.0]


def test_text_document_keeps_its_lines_and_reads_its_text_tables() -> None:
    doc = read_document(RELEASE_TEXT, "ex99.txt")
    assert not doc.is_html and doc.tree is None
    assert "\r" not in doc.text
    assert doc.text.startswith("ACME CORP. REPORTS FOURTH QUARTER RESULTS\n\n")
    (table,) = doc.tables
    assert [row.label for row in table.rows] == ["Total revenues", "Net income"]
    assert [v.value for v in table.rows[1].values.values()] == [-40.0, 25.0]


@pytest.mark.parametrize(
    ("body", "filename", "html"),
    [(RELEASE_HTML, "ex99.htm", True), (RELEASE_TEXT, "ex99.txt", False)],
    ids=["html", "text"],
)
def test_wrapped_document_is_read_without_its_wrapper(
    body: bytes, filename: str, html: bool
) -> None:
    doc = read_document(wrapped(body, filename), filename)
    assert doc.body == body
    assert doc.is_html is html
    assert "PRESS RELEASE" not in doc.text and "<TYPE>" not in doc.text
    assert "EX-99.1" not in doc.text
    assert read_document(body, filename).text == doc.text
    assert len(doc.tables) == 1


def test_document_and_bytes_give_the_same_facts() -> None:
    raw = (DOCUMENTS / "figures" / "modern_split_cells.htm").read_bytes()
    doc = read_document(raw, "modern_split_cells.htm")
    assert extract_figures(doc) == extract_figures(raw, "modern_split_cells.htm")
    assert detect_signals(doc, "x") == detect_signals(doc.text, "x")
    assert find_items(doc) == find_items(doc.text)


@pytest.mark.parametrize(
    ("raw", "html", "text"),
    [
        (b"", False, ""),
        (b"\x00\xff\xfe garbage \x81", False, "\x00ÿþ garbage \x81"),
        # Windows-1252 when not UTF-8: the curly quote is read, not dropped
        (b"<p>Acme\x92s revenue</p>", True, "Acme\u2019s revenue\n"),
        # a <DOCUMENT> and <TEXT> never closed: the body runs to the end of the file
        (b"<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\nNet sales rose", False, "Net sales rose"),
        # two documents in one file: not a single saved exhibit, read as it is
        (b"<DOCUMENT><TEXT>one</TEXT></DOCUMENT><DOCUMENT><TEXT>two</TEXT></DOCUMENT>",
         False, "<DOCUMENT><TEXT>one</TEXT></DOCUMENT><DOCUMENT><TEXT>two</TEXT></DOCUMENT>"),
    ],
    ids=["empty", "binary", "cp1252", "unclosed-wrapper", "two-documents"],
)
def test_garbage_is_read_without_error(raw: bytes, html: bool, text: str) -> None:
    doc = read_document(raw, "junk")
    assert isinstance(doc, Document)
    assert (doc.is_html, doc.text) == (html, text)
    assert doc.tables == ()
    assert extract_document(raw, "junk").figures == {}


@pytest.mark.parametrize(
    "span",
    ["²", "1" * 5_000, "-3", "3px", "٣"],
    ids=["superscript", "5000-digits", "negative", "unit", "arabic-indic"],
)
def test_hostile_colspan_does_not_break_the_table(span: str) -> None:
    # "²" passes str.isdigit() but int() refuses it, as it refuses 5,000 digits: both
    # used to raise out of the extraction of the whole document
    html = (f'<table><tr><td></td><td colspan="{span}">2024</td></tr>'
            f'<tr><td>Total revenues</td><td colspan="{span}">1,250,000</td></tr>'
            "</table>").encode()
    (table,) = read_document(html).tables
    assert table.rows[0].label == "Total revenues"
    assert [v.value for v in table.rows[0].values.values()] == [1_250_000.0]

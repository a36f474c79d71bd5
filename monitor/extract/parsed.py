"""One document read once: its body, parsed HTML tree, readable text and tables.

`read_document` strips a `<DOCUMENT>` wrapper, sniffs HTML and decodes the bytes once;
an HTML body is parsed once. Figures, signals and items all read the same `Document`:
its text and tables are built from that one decoding on first use and kept. Pure: no I/O.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from monitor.extract.submission import document_body
from monitor.extract.tables import Table, html_tables_and_pre
from monitor.extract.text import decode, html_to_text, is_html, parse_html, plain_text
from monitor.extract.text_tables import text_tables

__all__ = ["Document", "read_document"]


class Document:
    """A document as extraction reads it. `body` is the document without its `<DOCUMENT>`
    wrapper; `tree` its parsed HTML (None for SGML or plain text). `text` and `tables` are
    derived from the one decoding on first use and then kept (never recomputed)."""

    __slots__ = ("_decoded", "_tables", "_text", "body", "name", "tree")

    def __init__(
        self, name: str, body: bytes, tree: LexborHTMLParser | None, decoded: str | None
    ) -> None:
        self.name = name
        self.body = body
        self.tree = tree
        self._decoded = decoded  # the decoded text of a non-HTML body
        self._text: str | None = None
        self._tables: tuple[Table, ...] | None = None

    @property
    def is_html(self) -> bool:
        return self.tree is not None

    @property
    def text(self) -> str:
        """Readable text: HTML flattened to lines, SGML/plain text as decoded."""
        if self._text is None:
            if self.tree is not None:
                self._text = html_to_text(self.tree)
            else:
                self._text = plain_text(self._decoded or "")
        return self._text

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table: HTML tables then the text tables inside `<pre>` blocks, or the
        text tables of an SGML/plain-text document."""
        if self._tables is None:
            if self.tree is None:
                self._tables = tuple(text_tables(self._decoded or ""))
            else:
                tables, pre_blocks = html_tables_and_pre(self.tree)
                for block in pre_blocks:
                    for table in text_tables(block):
                        table.index = len(tables)
                        tables.append(table)
                self._tables = tuple(tables)
        return self._tables

    def __repr__(self) -> str:
        kind = "HTML" if self.tree is not None else "text"
        return f"Document({self.name!r}, {kind}, {len(self.body):,} bytes)"


def read_document(raw: bytes, name: str = "") -> Document:
    """The document in `raw` (a saved file may carry a `<DOCUMENT>`/`<TEXT>` wrapper),
    decoded once and, when it is HTML, parsed once."""
    body = document_body(raw)
    if is_html(body):
        return Document(name, body, parse_html(body), None)
    return Document(name, body, None, decode(body))

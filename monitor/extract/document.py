"""Extraction of a file as found on disk: one document, or a whole `.txt` submission whose
readable documents are split out, extracted and merged. Used by `extract`, `explain` and
`eval`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from monitor.edgar.filing import parse_submission_header
from monitor.errors import ParseError
from monitor.extract import extract_document, merge_facts
from monitor.extract.submission import is_readable, split_submission
from monitor.models import Figure, FilingRef, Signal, facts_json

_SUBMISSION = re.compile(rb"<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-HEADER>|^\s*<DOCUMENT>", re.I)


# Leading bytes of file kinds that are no filing document (images, archives, PDF).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"PK\x03\x04", "a zip archive (unpack it first)"),
    (b"%PDF", "a PDF (EDGAR's text or HTML copy of the document is read, not PDFs)"),
    (b"\xd0\xcf\x11\xe0", "an Office document"),
)


def not_a_document(raw: bytes) -> str:
    """Why `raw` is not an HTML, text or SGML filing document ("" when it may be one)."""
    if not raw.strip():
        return "the file is empty"
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return f"it is {what}"
    head = raw[:8192]
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    # Markup with a stray NUL is still read (the extractor copes); bytes that open with
    # no markup and carry NULs or many control bytes are not text.
    markup = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    if controls > len(head) * (0.3 if markup else 0.1) or (b"\x00" in head and not markup):
        return "it is binary data, not HTML or text"
    return ""


def is_submission(raw: bytes) -> bool:
    """True for a full EDGAR `.txt` submission (SGML header and <DOCUMENT> blocks)."""
    return _SUBMISSION.search(raw[:4096]) is not None


def extract_file_facts(
    raw: bytes, name: str = ""
) -> tuple[dict[str, Figure], dict[str, Signal], tuple[str, ...]]:
    """Figures, signals and item codes of one file. A submission's readable documents are
    extracted press releases first (they state the figures) and merged; its header's item
    codes count too."""
    parts = []
    items: tuple[str, ...] = ()
    if is_submission(raw):
        try:
            items = parse_submission_header(raw, FilingRef("", 0, "")).ref.items
        except ParseError:
            items = ()
        parts = [p for p in split_submission(raw) if is_readable(p[0], p[2])]
    if not parts:
        facts = extract_document(raw, name, items)
        return dict(facts.figures), dict(facts.signals), tuple(facts.items)
    parts.sort(key=lambda p: 0 if p[0].upper().startswith("EX-99") else 1)
    docs = [extract_document(body, filename or doc_type or name, items)
            for doc_type, filename, body in parts]
    return merge_facts(docs, items)


def extract_bytes(raw: bytes, name: str = "") -> dict[str, Any]:
    """The `extract --json` object for one file's bytes."""
    return facts_json(*extract_file_facts(raw, name))


def extract_path(path: Path) -> dict[str, Any]:
    """The `extract --json` object for a file on disk."""
    return extract_bytes(path.read_bytes(), path.name)

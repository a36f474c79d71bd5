"""Extraction of a file as found on disk: one document, or a whole `.txt` submission whose
documents are split out, extracted and merged. Used by `extract` and `eval`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from monitor.edgar.filing import parse_submission_header
from monitor.errors import ParseError
from monitor.extract import extract_document, merge_facts
from monitor.extract.submission import split_submission
from monitor.models import DocumentFacts, FilingRef, facts_json

# Documents with no prose or tables worth reading.
_SKIP_TYPE = re.compile(r"^(GRAPHIC|EX-101|XML|ZIP|JSON|EXCEL|PDF|COVER|CORRESP)", re.I)
_SUBMISSION = re.compile(rb"<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-HEADER>|^\s*<DOCUMENT>", re.I)


def is_submission(raw: bytes) -> bool:
    """True for a full EDGAR `.txt` submission (SGML header and <DOCUMENT> blocks)."""
    return _SUBMISSION.search(raw[:4096]) is not None


def extract_submission(raw: bytes) -> tuple[list[DocumentFacts], tuple[str, ...]]:
    """Facts of every readable document in a submission (press releases first) and the
    item codes its header declares."""
    try:
        header = parse_submission_header(raw, FilingRef(accession="", cik=0, form=""))
        items = header.ref.items
    except ParseError:
        items = ()
    parts = [(t, f, b) for t, f, b in split_submission(raw) if not _SKIP_TYPE.match(t)]
    # Press releases state the figures; the 8-K body states items and signals.
    parts.sort(key=lambda p: 0 if p[0].upper().startswith("EX-99") else 1)
    facts = [
        extract_document(body, filename or doc_type, items) for doc_type, filename, body in parts
    ]
    return facts, items


def extract_bytes(raw: bytes, name: str = "") -> dict[str, Any]:
    """The `extract --json` object for one file's bytes."""
    if is_submission(raw):
        docs, items = extract_submission(raw)
        figures, signals, all_items = merge_facts(docs, items)
        return facts_json(figures, signals, all_items)
    return extract_document(raw, name).to_json()


def extract_path(path: Path) -> dict[str, Any]:
    """The `extract --json` object for a file on disk."""
    return extract_bytes(path.read_bytes(), path.name)

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
from monitor.forms import FormReading, form_family, read_form
from monitor.models import Figure, FilingRef, Signal, facts_json

_REMOVAL_XML = re.compile(rb"<notificationOfRemoval\b")
_SUBMISSION = re.compile(rb"<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-HEADER>|^\s*<DOCUMENT>", re.I)


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
    """The `extract --json` object for one file's bytes; a distress form (12b-25, Form 25,
    Form 15) adds `"form"`, its facts as extra keys and the three form signals."""
    figures, signals, items = extract_file_facts(raw, name)
    reading = read_file_form(raw, name)
    if reading is None:
        return facts_json(figures, signals, items)
    quiet = {n: Signal(n, False, None, "") for n in signals}
    out = facts_json(figures, quiet | reading.signals, items)
    out["form"] = reading.facts.form
    for key, value in reading.facts.values.items():
        out.setdefault(key, value)
    return out


def read_file_form(raw: bytes, name: str = "") -> FormReading | None:
    """The distress form in a `.txt` submission (form type from its header), or in a lone
    Form 25 XML document; None for anything else."""
    if not is_submission(raw):
        if _REMOVAL_XML.search(raw[:4096]):
            return read_form("25-NSE", [("25-NSE", name, raw)])
        return None
    try:
        filing = parse_submission_header(raw, FilingRef("", 0, ""))
    except ParseError:
        return None
    ref, period = filing.ref, filing.period
    if form_family(ref.form) is None:
        return None
    docs = [(doc_type, filename or doc_type, body)
            for doc_type, filename, body in split_submission(raw)]
    return read_form(ref.form, docs, company=ref.company,
                     filed=ref.filed or (ref.accepted.date() if ref.accepted else None),
                     period=period)


def extract_path(path: Path) -> dict[str, Any]:
    """The `extract --json` object for a file on disk."""
    return extract_bytes(path.read_bytes(), path.name)

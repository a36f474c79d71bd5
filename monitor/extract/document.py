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
from monitor.extract.submission import (
    SUBMISSION_READ_CAPS,
    SubmissionPart,
    is_readable,
    submission_parts,
    submission_skeleton,
)
from monitor.forms import FormReading, form_family, read_form
from monitor.models import Figure, FilingRef, Signal, facts_json

_REMOVAL_XML = re.compile(rb"<notificationOfRemoval\b")
_SUBMISSION = re.compile(rb"<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-HEADER>|^\s*<DOCUMENT>", re.I)


_SNIFF_BYTES = 4096


def is_submission(raw: bytes) -> bool:
    """True for a full EDGAR `.txt` submission (SGML header and <DOCUMENT> blocks)."""
    return _SUBMISSION.search(raw[:_SNIFF_BYTES]) is not None


def extract_file_facts(
    raw: bytes, name: str = "", max_bytes: int | None = None
) -> tuple[dict[str, Figure], dict[str, Signal], tuple[str, ...]]:
    """Figures, signals and item codes of one file. A submission's readable documents are
    extracted press releases first (they state the figures) and merged; its header's item
    codes count too. Each document is cut at `max_bytes`."""
    return _file_facts(raw, name, max_bytes)[:3]


def _file_facts(
    raw: bytes, name: str, max_bytes: int | None
) -> tuple[dict[str, Figure], dict[str, Signal], tuple[str, ...], list[str]]:
    """extract_file_facts, plus a note for each document cut at the size cap."""
    parts: list[SubmissionPart] = []
    items: tuple[str, ...] = ()
    if is_submission(raw):
        try:
            header = parse_submission_header(submission_skeleton(raw), FilingRef("", 0, ""))
            items = header.ref.items
        except ParseError:
            items = ()
        parts = [p for p in submission_parts(raw, max_bytes) if is_readable(p.type, p.body)]
    if not parts:
        notes = []
        if max_bytes is not None and len(raw) > max_bytes:
            raw = raw[:max_bytes]
            notes.append(f"{name or 'document'}: cut at the {max_bytes:,}-byte size cap")
        facts = extract_document(raw, name, items)
        return dict(facts.figures), dict(facts.signals), tuple(facts.items), notes
    parts.sort(key=lambda p: 0 if p.type.upper().startswith("EX-99") else 1)
    notes = [f"{p.filename or p.type or name}: cut at the {max_bytes:,}-byte size cap"
             for p in parts if p.truncated]
    docs = [extract_document(p.body, p.filename or p.type or name, items) for p in parts]
    return (*merge_facts(docs, items), notes)


def extract_bytes(raw: bytes, name: str = "", max_bytes: int | None = None) -> dict[str, Any]:
    """The `extract --json` object for one file's bytes; "warnings" lists documents cut at
    the size cap. A distress form (12b-25, Form 25, Form 15) adds `"form"`, its facts as
    extra keys and the three form signals."""
    figures, signals, items, notes = _file_facts(raw, name, max_bytes)
    reading = read_file_form(raw, name, max_bytes)
    if reading is None:
        out = facts_json(figures, signals, items)
    else:
        quiet = {n: Signal(n, False, None, "") for n in signals}
        out = facts_json(figures, quiet | reading.signals, items)
        out["form"] = reading.facts.form
        for key, value in reading.facts.values.items():
            out.setdefault(key, value)
    if notes:
        out["warnings"] = notes
    return out


def read_file_form(raw: bytes, name: str = "", max_bytes: int | None = None
                   ) -> FormReading | None:
    """The distress form in a `.txt` submission (form type from its header), or in a lone
    Form 25 XML document; None for anything else."""
    if not is_submission(raw):
        if _REMOVAL_XML.search(raw[:_SNIFF_BYTES]):
            return read_form("25-NSE", [("25-NSE", name, raw[:max_bytes])])
        return None
    try:
        filing = parse_submission_header(submission_skeleton(raw), FilingRef("", 0, ""))
    except ParseError:
        return None
    ref, period = filing.ref, filing.period
    if form_family(ref.form) is None:
        return None
    docs = [(p.type, p.filename or p.type, p.body) for p in submission_parts(raw, max_bytes)]
    return read_form(ref.form, docs, company=ref.company,
                     filed=ref.filed or (ref.accepted.date() if ref.accepted else None),
                     period=period)


def extract_path(path: Path, max_bytes: int | None = None) -> dict[str, Any]:
    """The `extract --json` object for a file on disk, read no further than the size cap
    needs: `max_bytes` for a document, SUBMISSION_READ_CAPS times it for a submission."""
    if max_bytes is None:
        return extract_bytes(path.read_bytes(), path.name)
    with path.open("rb") as f:
        raw = f.read(_SNIFF_BYTES)
        bound = max_bytes * SUBMISSION_READ_CAPS if is_submission(raw) else max_bytes
        raw += f.read(max(0, bound + 1 - len(raw)))
    if len(raw) <= bound or bound == max_bytes:  # a document past the cap is cut (and noted)
        return extract_bytes(raw, path.name, max_bytes)
    # A submission past its read bound: its documents were cut one by one.
    out = extract_bytes(raw[:bound], path.name, max_bytes)
    out["warnings"] = [f"{path.name}: read stopped at {bound:,} bytes", *out.get("warnings", ())]
    return out

"""Extraction of a file as found on disk: one document, or a whole `.txt` submission whose
readable documents are split out, extracted and merged. Used by `extract`, `explain` and
`eval`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from monitor.errors import ParseError
from monitor.extract import extract_document, merge_facts
from monitor.extract.submission import (
    SUBMISSION_READ_CAPS,
    SubmissionPart,
    is_readable,
    submission_parts,
    submission_skeleton,
)
from monitor.formats.filing import parse_submission_header
from monitor.forms import FormReading, form_family, read_form
from monitor.models import Figure, FilingRef, Signal, facts_json

_REMOVAL_XML = re.compile(rb"<notificationOfRemoval\b")
_SUBMISSION = re.compile(rb"<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-HEADER>|^\s*<DOCUMENT>", re.I)


_SNIFF_BYTES = 4096


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
    return _bytes_view(raw, name, max_bytes)[0]


def _bytes_view(
    raw: bytes, name: str, max_bytes: int | None
) -> tuple[dict[str, Any], dict[str, Figure]]:
    """extract_bytes' object, and the figures as values (for the text view)."""
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
    return out, figures


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
    return extract_path_view(path, max_bytes)[0]


def extract_path_view(
    path: Path, max_bytes: int | None = None
) -> tuple[dict[str, Any], dict[str, Figure]]:
    """`extract_path`'s object, and its figures as values (source lines and periods) for
    `extract`'s text view."""
    raw, notes = _read_capped(path, max_bytes)
    out, figures = _bytes_view(raw, path.name, max_bytes)
    if notes:
        out["warnings"] = [*notes, *out.get("warnings", ())]
    return out, figures


def _read_capped(path: Path, max_bytes: int | None) -> tuple[bytes, list[str]]:
    """The bytes of `path` the size cap lets extraction see, and a note if the read stopped
    short of a submission's end."""
    if max_bytes is None:
        return path.read_bytes(), []
    with path.open("rb") as f:
        raw = f.read(_SNIFF_BYTES)
        bound = max_bytes * SUBMISSION_READ_CAPS if is_submission(raw) else max_bytes
        raw += f.read(max(0, bound + 1 - len(raw)))
    if len(raw) <= bound or bound == max_bytes:  # a document past the cap is cut (and noted)
        return raw, []
    # A submission past its read bound: its documents were cut one by one.
    return raw[:bound], [f"{path.name}: read stopped at {bound:,} bytes"]

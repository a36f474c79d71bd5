"""A file as found on disk, taken through the daemon's path: read as the daemon would have
fetched it (`fetched_from_file`: a `.txt` submission's selected documents, or one document)
and turned into facts by the one pure path (`extract_filing`). Used by `extract`, `explain`
and `eval`, so what they show and measure is what the daemon alerts on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from monitor.config import Config
from monitor.extract.filing import extract_filing
from monitor.fetch import fetched_from_file, file_read_bound
from monitor.models import FilingFacts, facts_json

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


def file_facts(
    raw: bytes, name: str = "", config: Config | None = None, *, read_short: bool = False
) -> FilingFacts:
    """The facts the daemon would record for a file's bytes (a document, or a whole `.txt`
    submission); `read_short` when the read of a submission stopped before its end."""
    # Without a config: the shipped settings (config.yaml's values are the defaults).
    return extract_filing(fetched_from_file(raw, name, config or Config(),
                                            read_short=read_short))


def extraction_json(facts: FilingFacts, warnings: list[str] | None = None) -> dict[str, Any]:
    """The `extract --json` object: figures, signals, items; a distress form (12b-25, Form 25,
    Form 15) adds `"form"` and its facts as extra keys; "warnings" lists what was cut or not
    read (the daemon's errors for the filing)."""
    out = facts_json(facts.figures, facts.signals, facts.items)
    if facts.form_facts is not None:
        out["form"] = facts.form_facts.form
        for key, value in facts.form_facts.values.items():
            out.setdefault(key, value)
    notes = [*(warnings or ()), *facts.errors]
    if notes:
        out["warnings"] = notes
    return out


def path_facts(path: Path, config: Config | None = None) -> tuple[FilingFacts, list[str]]:
    """The facts of a file on disk, read no further than the caps let the daemon read (the
    size cap for a document, SUBMISSION_READ_CAPS times it for a submission), and a note
    when the read of a submission stopped short of its end."""
    config = config or Config()
    with path.open("rb") as f:
        raw = f.read(_SNIFF_BYTES)
        bound = file_read_bound(raw, config)
        raw += f.read(max(0, bound + 1 - len(raw)))
    cap = config.edgar.max_document_bytes
    if len(raw) <= bound or bound == cap:  # a document past the cap is cut (and noted)
        return file_facts(raw, path.name, config), []
    # A submission past its read bound: its documents were cut one by one.
    return (file_facts(raw[:bound], path.name, config, read_short=True),
            [f"{path.name}: read stopped at {bound:,} bytes"])

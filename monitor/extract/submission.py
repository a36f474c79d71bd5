"""EDGAR SGML submissions: a whole `.txt` filing split into its documents.

A full submission wraps every document in `<DOCUMENT>` ... `</DOCUMENT>` with `<TYPE>`,
`<FILENAME>` and a `<TEXT>` body; a single saved exhibit may carry the same wrapper around
one document. Pure functions over bytes.
"""

from __future__ import annotations

import re

_TYPE = re.compile(rb"<TYPE>[ \t]*([^\r\n<]*)", re.I)
_FILENAME = re.compile(rb"<FILENAME>[ \t]*([^\r\n<]*)", re.I)
_UUENCODE = re.compile(rb"^begin [0-7]{3} \S+", re.M)
_PDF_OR_BINARY = re.compile(rb"^\s*<PDF>|^%PDF-", re.I)

# Document types that carry no prose or tables worth reading.
SKIPPED_TYPES = ("GRAPHIC", "EX-101", "XML", "ZIP", "JSON", "EXCEL", "PDF", "XBRL")


def split_submission(raw: bytes) -> list[tuple[str, str, bytes]]:
    """(type, filename, body) of each `<DOCUMENT>` of a submission, in order; empty when
    `raw` has no `<DOCUMENT>` blocks."""
    # Plain find() scans, not a lazy regex: submissions run to tens of megabytes.
    docs: list[tuple[str, str, bytes]] = []
    upper = raw.upper() if b"<document>" in raw or b"<Document>" in raw else raw
    pos = upper.find(b"<DOCUMENT>")
    while pos >= 0:
        start = pos + len(b"<DOCUMENT>")
        end = upper.find(b"</DOCUMENT>", start)
        nxt = upper.find(b"<DOCUMENT>", start)
        if end < 0 or (0 <= nxt < end):
            end = nxt if nxt >= 0 else len(raw)
        part = raw[start:end]
        part_upper = upper[start:end]
        doc_type = _first(_TYPE, part).upper()
        filename = _first(_FILENAME, part)
        text_at = part_upper.find(b"<TEXT>")
        if text_at >= 0:
            body_start = text_at + len(b"<TEXT>")
            if part.startswith(b"\r\n", body_start):
                body_start += 2
            elif part.startswith(b"\n", body_start):
                body_start += 1
            body_end = part_upper.rfind(b"</TEXT>")
            body = part[body_start : body_end if body_end >= body_start else len(part)]
        else:
            body = part
        docs.append((doc_type, filename, body))
        pos = upper.find(b"<DOCUMENT>", end)
    return docs


def _first(pattern: re.Pattern[bytes], data: bytes) -> str:
    m = pattern.search(data[:2000])
    return m.group(1).decode("latin-1").strip() if m else ""


def is_readable(doc_type: str, body: bytes) -> bool:
    """False for graphics, XBRL/XML/ZIP/JSON/Excel parts and uuencoded binaries."""
    upper = doc_type.upper()
    if any(upper.startswith(t) for t in SKIPPED_TYPES):
        return False
    head = body[:4096]
    return not (_UUENCODE.search(head) or _PDF_OR_BINARY.search(head))


def document_body(raw: bytes) -> bytes:
    """The body of a single saved document, without a `<DOCUMENT>`/`<TEXT>` wrapper."""
    if b"<DOCUMENT>" not in raw[:2000].upper():
        return raw
    docs = split_submission(raw)
    return docs[0][2] if len(docs) == 1 else raw

"""EDGAR SGML submissions: a whole `.txt` filing split into its documents.

A full submission wraps every document in `<DOCUMENT>` ... `</DOCUMENT>` with `<TYPE>`,
`<FILENAME>` and a `<TEXT>` body; a single saved exhibit may carry the same wrapper around
one document. Pure functions over bytes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_DOCUMENT_TAG = re.compile(rb"<(/?)DOCUMENT>", re.I)
_TEXT_OPEN = re.compile(rb"<TEXT>", re.I)
_TEXT_CLOSE = re.compile(rb"</TEXT>", re.I)
# <TYPE> and <FILENAME> sit in the first lines of a block.
_HEAD_BYTES = 2000
# A document's tags before <TEXT> (type, sequence, filename, description), for the header parser.
_SKELETON_HEAD_BYTES = 65_536
_TYPE = re.compile(rb"<TYPE>[ \t]*([^\r\n<]*)", re.I)
_FILENAME = re.compile(rb"<FILENAME>[ \t]*([^\r\n<]*)", re.I)
_UUENCODE = re.compile(rb"^begin [0-7]{3} \S+", re.M)
_PDF_OR_BINARY = re.compile(rb"^\s*<PDF>|^%PDF-", re.I)

# A whole `.txt` submission is read up to this many document size caps (it holds every
# document of a filing, graphics included); each document in it is then cut at the cap.
SUBMISSION_READ_CAPS = 4

# Document types that carry no prose or tables worth reading.
SKIPPED_TYPES = ("GRAPHIC", "EX-101", "XML", "ZIP", "JSON", "EXCEL", "PDF", "XBRL")


@dataclass(frozen=True, slots=True)
class SubmissionPart:
    """One `<DOCUMENT>` of a submission; `body` is cut at the size cap, `size` is its length
    before any cut."""

    type: str
    filename: str
    body: bytes
    size: int

    @property
    def truncated(self) -> bool:
        return self.size > len(self.body)


def submission_parts(raw: bytes, max_body_bytes: int | None = None) -> list[SubmissionPart]:
    """Each `<DOCUMENT>` of a submission, in order, its body cut at `max_body_bytes`; empty
    when `raw` has no `<DOCUMENT>` blocks. Linear in the size of `raw` and copies no more
    than the kept bodies (submissions run to tens of megabytes)."""
    parts: list[SubmissionPart] = []
    for start, end in _blocks(raw):
        head = raw[start : min(end, start + _HEAD_BYTES)]
        body_start, body_end = _text_span(raw, start, end)
        size = body_end - body_start
        cut = body_end if max_body_bytes is None else min(body_end, body_start + max_body_bytes)
        parts.append(SubmissionPart(_first(_TYPE, head).upper(), _first(_FILENAME, head),
                                    raw[body_start:cut], size))
    return parts


def submission_skeleton(raw: bytes) -> bytes:
    """The submission without its document bodies: its header, and each `<DOCUMENT>` with
    only the tags before `<TEXT>` (what the header parser reads), so a submission of tens of
    megabytes is parsed for its document list in milliseconds."""
    blocks = _blocks(raw)
    if not blocks:
        return raw
    out = [raw[: blocks[0][0] - len(b"<DOCUMENT>")]]
    for start, end in blocks:
        text = _TEXT_OPEN.search(raw, start, min(end, start + _SKELETON_HEAD_BYTES))
        stop = text.start() if text is not None else min(end, start + _SKELETON_HEAD_BYTES)
        out.append(b"<DOCUMENT>" + raw[start:stop] + b"</DOCUMENT>\n")
    return b"".join(out)


def _blocks(raw: bytes) -> list[tuple[int, int]]:
    """[start, end) of the inside of each `<DOCUMENT>` block: up to its `</DOCUMENT>`, or to
    the next `<DOCUMENT>` (or the end) when it is not closed."""
    opens: list[int] = []
    closes: list[int] = []
    for tag in _DOCUMENT_TAG.finditer(raw):  # one pass for both tags
        (closes if tag.group(1) else opens).append(tag.start())
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(opens):
        start = opens[i] + len(b"<DOCUMENT>")
        nxt = opens[i + 1] if i + 1 < len(opens) else -1
        c = bisect.bisect_left(closes, start)
        end = closes[c] if c < len(closes) else -1
        if end < 0 or (0 <= nxt < end):
            end = nxt if nxt >= 0 else len(raw)
        blocks.append((start, end))
        # The next block opens after this one ends (a <DOCUMENT> quoted inside is skipped).
        i = bisect.bisect_left(opens, end, lo=i + 1)
    return blocks


def _text_span(raw: bytes, start: int, end: int) -> tuple[int, int]:
    """The body of the block raw[start:end]: inside `<TEXT>` ... last `</TEXT>` when present."""
    text = _TEXT_OPEN.search(raw, start, end)
    if text is None:
        return start, end
    body_start = text.end()
    if raw.startswith(b"\r\n", body_start):
        body_start += 2
    elif raw.startswith(b"\n", body_start):
        body_start += 1
    upper = raw.rfind(b"</TEXT>", body_start, end)
    # a lower-case one counts only after it (not searched back through the whole body)
    body_end = max(upper, raw.rfind(b"</text>", max(body_start, upper), end))
    if body_end < 0:  # </Text> in mixed case: the last one, in one pass
        closes = [m.start() for m in _TEXT_CLOSE.finditer(raw, body_start, end)]
        body_end = closes[-1] if closes else end
    return body_start, body_end


def split_submission(raw: bytes) -> list[tuple[str, str, bytes]]:
    """(type, filename, body) of each `<DOCUMENT>` of a submission, in order; empty when
    `raw` has no `<DOCUMENT>` blocks."""
    return [(p.type, p.filename, p.body) for p in submission_parts(raw)]


def _first(pattern: re.Pattern[bytes], data: bytes) -> str:
    m = pattern.search(data[:_HEAD_BYTES])
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

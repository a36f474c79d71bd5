"""Pure parsers for a filing's pages: the `-index-headers.html` page and the `.txt` header.

The index-headers page is the cheapest request that yields the item codes and every
document's type and file name (EDGAR.md §4.4), so it is the primary source.
"""

from __future__ import annotations

import fnmatch
import html
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from monitor.errors import ParseError
from monitor.formats.feeds import item_codes_from_labels
from monitor.models import DocumentRef, Filing, FilingRef

EASTERN = ZoneInfo("America/New_York")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_SGML_TAG = re.compile(r"^<([A-Z0-9-]+)>(.*)$")
_DOC_BLOCK = re.compile(r"<DOCUMENT>(.*?)</DOCUMENT>", re.S)
_TXT_FIELD = re.compile(r"^\s*([A-Z][A-Z0-9 ,.'-]*?):[ \t]*(.*?)\s*$")
_SIC = re.compile(r"\[(\d{4})\]")
# EDGAR's file names (EDGAR.md §4; d836506dex991.htm, ef20040370_8k.htm, Financial_Report.xlsx):
# letters, digits, '-', '_' and '.', no slash, no query, bounded. A name from a filing's bytes
# becomes a request path and an alert link only when it has this form.
_EDGAR_FILENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


def parse_index_headers(raw: bytes, ref: FilingRef) -> Filing:
    """Build a Filing from the `{acc}-index-headers.html` page."""
    text = raw.decode("latin-1")
    comment = _COMMENT.search(text)
    if comment is None or "<SEC-HEADER>" not in comment.group(1):
        raise ParseError(f"{ref.accession}: index-headers page has no SGML header")
    header = _parse_tagged_header(comment.group(1))
    pre = text[comment.end():]
    body = html.unescape(re.sub(r"<a [^>]*>.*?</a>(<br>)?", "", pre, flags=re.S))
    documents = _documents_from_sgml(body)
    if not documents:
        raise ParseError(f"{ref.accession}: index-headers page lists no documents")
    return _filing_from_header(header, ref, documents)


def parse_submission_header(raw: bytes, ref: FilingRef) -> Filing:
    """Build a Filing from a full `.txt` submission (the fallback, and pre-2001 filings)."""
    text = raw.decode("latin-1")
    end = text.find("</SEC-HEADER>")
    if end < 0:
        end = text.find("<DOCUMENT>")
    if end < 0:
        raise ParseError(f"{ref.accession}: .txt submission has no SEC header")
    header: dict[str, list[str]] = {}
    for line in text[:end].splitlines():
        tagged = _SGML_TAG.match(line.strip())
        if tagged:
            header.setdefault(tagged.group(1), []).append(tagged.group(2).split(" : ")[0])
            continue
        field = _TXT_FIELD.match(line)
        if field and field.group(2):
            header.setdefault(field.group(1), []).append(field.group(2))
    mapped = {
        "ACCESSION-NUMBER": header.get("ACCESSION NUMBER", []),
        "TYPE": header.get("CONFORMED SUBMISSION TYPE", []),
        "ACCEPTANCE-DATETIME": header.get("ACCEPTANCE-DATETIME", []),
        "FILING-DATE": header.get("FILED AS OF DATE", []),
        "PERIOD": header.get("CONFORMED PERIOD OF REPORT", []),
        "CONFORMED-NAME": header.get("COMPANY CONFORMED NAME", []),
        "CIK": header.get("CENTRAL INDEX KEY", []),
        "ASSIGNED-SIC": [
            m.group(1)
            for v in header.get("STANDARD INDUSTRIAL CLASSIFICATION", [])
            if (m := _SIC.search(v))
        ],
        "STATE": header.get("STATE OF INCORPORATION", []),
        "ITEMS": list(item_codes_from_labels(header.get("ITEM INFORMATION", []))),
    }
    documents = _documents_from_sgml(text[end:])
    return _filing_from_header(mapped, ref, documents)


def _parse_tagged_header(block: str) -> dict[str, list[str]]:
    header: dict[str, list[str]] = {}
    for line in block.splitlines():
        tagged = _SGML_TAG.match(line.strip())
        if tagged and tagged.group(2):
            header.setdefault(tagged.group(1), []).append(tagged.group(2).split(" : ")[0])
    return header


def _documents_from_sgml(text: str) -> tuple[DocumentRef, ...]:
    docs: list[DocumentRef] = []
    for block in _DOC_BLOCK.finditer(text):
        # Only the lines before <TEXT> describe the document.
        head = block.group(1).split("<TEXT>", 1)[0]
        fields = _parse_tagged_header(head)
        doc_type = (fields.get("TYPE") or [""])[0].strip()
        if not doc_type:
            continue
        seq_text = (fields.get("SEQUENCE") or ["0"])[0].strip()
        docs.append(
            DocumentRef(
                sequence=int(seq_text) if seq_text.isdigit() else len(docs) + 1,
                type=doc_type,
                filename=(fields.get("FILENAME") or [""])[0].strip() or None,
                description=(fields.get("DESCRIPTION") or [""])[0].strip(),
            )
        )
    return tuple(docs)


def _filing_from_header(
    header: dict[str, list[str]], ref: FilingRef, documents: tuple[DocumentRef, ...]
) -> Filing:
    def first(key: str) -> str:
        values = header.get(key) or [""]
        return values[0].strip()

    accepted = ref.accepted or _parse_acceptance(first("ACCEPTANCE-DATETIME"))
    items = tuple(dict.fromkeys(v.strip() for v in header.get("ITEMS", []) if v.strip()))
    cik_text = first("CIK")
    filed_text = first("FILING-DATE")
    merged = FilingRef(
        accession=ref.accession,
        cik=ref.cik or (int(cik_text) if cik_text.isdigit() else 0),
        form=first("TYPE") or ref.form,
        company=ref.company or first("CONFORMED-NAME"),
        accepted=accepted,
        filed=ref.filed or _parse_yyyymmdd(filed_text),
        items=items or ref.items,
    )
    return Filing(
        ref=merged,
        documents=documents,
        sic=first("ASSIGNED-SIC"),
        period=first("PERIOD"),
        state=first("STATE") or first("STATE-OF-INCORPORATION"),
    )


def _parse_acceptance(value: str) -> datetime | None:
    # <ACCEPTANCE-DATETIME> is US Eastern wall-clock time (EDGAR.md §0).
    if len(value) != 14 or not value.isdigit():
        return None
    return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=EASTERN)


def _parse_yyyymmdd(value: str) -> date | None:
    if len(value) != 8 or not value.isdigit():
        return None
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


def select_documents(
    filing: Filing,
    patterns: tuple[str, ...],
    primary: str = "auto",
    primary_items: tuple[str, ...] = (),
) -> tuple[DocumentRef, ...]:
    """Documents to fetch: those whose type matches a config pattern (press releases first),
    then the primary document when `primary` asks for it.

    "auto" reads the primary document only when no exhibit matched or the filing reports an
    item whose substance is written in the 8-K body (delisting, auditor change, ...), which
    keeps an ordinary earnings 8-K at two requests.
    """
    chosen = [
        d
        for d in filing.documents
        if any(fnmatch.fnmatchcase(d.type.upper(), p.upper()) for p in patterns)
    ]
    if filing.documents and primary != "never":
        doc = min(filing.documents, key=lambda d: d.sequence)
        wanted = primary == "always" or not chosen or any(
            item in primary_items for item in filing.ref.items
        )
        if wanted and doc not in chosen:
            chosen.append(doc)
    return tuple(chosen)


def is_edgar_filename(name: str) -> bool:
    """True for a plain EDGAR document file name; False for anything that could leave the
    filing's folder or carry a query (`../x`, `a/b`, `x?y`, `%2e%2e`, empty, too long)."""
    return _EDGAR_FILENAME.fullmatch(name) is not None and ".." not in name


def unsafe_name_error(doc: DocumentRef) -> str:
    """The filing's error for a document whose file name was refused (the name shown
    escaped and cut short: it is hostile input)."""
    shown = (doc.filename or "")[:80]
    return (f"{doc.type} (sequence {doc.sequence}): file name {shown!r} is not an EDGAR file "
            "name; not fetched")


def cap_documents(
    filing: Filing, wanted: tuple[DocumentRef, ...], limit: int
) -> tuple[tuple[DocumentRef, ...], tuple[DocumentRef, ...]]:
    """At most `limit` of the wanted documents, the primary document and EX-99 exhibits
    (in sequence order) first; returns (kept, left out)."""
    primary = min((d.sequence for d in filing.documents), default=None)

    def rank(doc: DocumentRef) -> tuple[int, int]:
        if doc.sequence == primary:
            return (0, doc.sequence)
        return (1 if doc.type.upper().startswith("EX-99") else 2, doc.sequence)

    ordered = sorted(wanted, key=rank)
    return tuple(ordered[:limit]), tuple(ordered[limit:])

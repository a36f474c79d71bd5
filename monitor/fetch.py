"""The fetch stage: from a `FilingRef` to its fetched documents.

Owns EDGAR's paths for a filing, the `-index-headers.html` page with the `.txt` submission as
fallback, which documents are read (config `discovery`), the size caps, refused file names,
cutting documents out of a submission, and the policy for documents EDGAR has not published
yet. The selection and caps are pure and shared with `fetched_from_file`, so `extract`,
`eval` and `explain` see a file on disk as the daemon would have fetched it.
"""

from __future__ import annotations

import asyncio
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from monitor.config import Config
from monitor.errors import NotPublishedError, ParseError
from monitor.extract.submission import (
    SUBMISSION_READ_CAPS,
    submission_parts,
    submission_skeleton,
)
from monitor.formats.filing import (
    cap_documents,
    is_edgar_filename,
    parse_index_headers,
    parse_submission_header,
    select_documents,
    unsafe_name_error,
)
from monitor.forms import form_family
from monitor.models import DocumentRef, FetchedDocument, FetchedFiling, Filing, FilingRef

if TYPE_CHECKING:  # reading a file (`extract`, `eval`) needs no HTTP client
    from monitor.edgar.client import EdgarClient

# EDGAR serves a filing's documents about 20-30 s after its index page; until then they 404.
DOCUMENTS_EXPECTED_AFTER = timedelta(seconds=20)
# Retry every few seconds while documents are due, so an alert follows them closely.
PUBLISHING_WINDOW = timedelta(seconds=60)
# A fresh filing is not given up on for missing documents before this much time has passed.
NOT_PUBLISHED_PATIENCE = timedelta(minutes=5)
_QUICK_RETRY_SECONDS = 5.0
# Index pages kept for filings waiting for their documents.
_MAX_WAITING = 1000


def index_headers_path(ref: FilingRef) -> str:
    return f"{ref.folder}/{ref.accession}-index-headers.html"


def submission_path(ref: FilingRef) -> str:
    return f"{ref.folder}/{ref.accession}.txt"


# --- publication retries ----------------------------------------------------------------


def not_published_delay(
    attempts: int, accepted: datetime | None, now: datetime, cap: float
) -> float:
    """Seconds before looking again for documents EDGAR has not published yet.

    Within a minute of acceptance: at the expected publication time, then every 5 s. Later
    (or with no acceptance time): 5 s doubling per attempt, at most `cap`.
    """
    if accepted is not None and now - accepted < PUBLISHING_WINDOW:
        expected = (accepted + DOCUMENTS_EXPECTED_AFTER - now).total_seconds()
        return max(_QUICK_RETRY_SECONDS, expected)
    return min(cap, _QUICK_RETRY_SECONDS * 2.0 ** max(0, attempts))


@dataclass(frozen=True, slots=True)
class PublicationRetry:
    """When to look again for a filing's unpublished documents; `counts` is False while the
    filing is fresh, so quick early retries do not use up its attempts."""

    delay_seconds: float
    counts: bool


def publication_retry(
    ref: FilingRef, attempts: int, now: datetime, cap: float
) -> PublicationRetry:
    """The retry for a filing whose documents EDGAR does not serve yet."""
    patient = ref.accepted is not None and now - ref.accepted < NOT_PUBLISHED_PATIENCE
    return PublicationRetry(not_published_delay(attempts, ref.accepted, now, cap),
                            counts=not patient)


# --- which documents, and how much of them (pure) -----------------------------------------


def documents_to_fetch(
    filing: Filing, config: Config
) -> tuple[tuple[DocumentRef, ...], list[str]]:
    """The documents config selects, refused names and those beyond the per-filing limit
    left out (each with an error saying so)."""
    discovery = config.discovery
    # A distress form (12b-25, Form 25, Form 15) states its facts in its primary document.
    primary = "always" if form_family(filing.ref.form) else discovery.primary_document
    wanted = select_documents(
        filing, discovery.document_types, primary, discovery.primary_document_items,
    )
    # A file name from the filing becomes a request path only in EDGAR's own form.
    unsafe = [d for d in wanted if d.filename is not None and not is_edgar_filename(d.filename)]
    errors = [unsafe_name_error(d) for d in unsafe]
    limit = config.edgar.max_documents_per_filing
    kept, left_out = cap_documents(filing, tuple(d for d in wanted if d not in unsafe), limit)
    if left_out:
        names = ", ".join(d.filename or d.type for d in left_out[:5])
        more = f" and {len(left_out) - 5} more" if len(left_out) > 5 else ""
        errors.append(f"{len(left_out)} documents beyond edgar.max_documents_per_filing "
                      f"({limit}) not fetched: {names}{more}")
    return kept, errors


def cut_note(doc: FetchedDocument, cap: int) -> str:
    return f"{doc.name}: cut at the {cap:,}-byte size cap"


def cut_from_submission(
    wanted: Sequence[DocumentRef], raw: bytes, cap: int, read_short: bool
) -> tuple[list[FetchedDocument], list[str]]:
    """The wanted documents cut out of a `.txt` submission's bytes, each at `cap`;
    `read_short` when the read of the submission stopped before its end. Linear in the size
    of `raw` (tens of megabytes): callers on the event loop run it in a thread."""
    parts = submission_parts(raw, cap)
    out: list[FetchedDocument] = []
    errors: list[str] = []
    for doc in wanted:
        # Sequence numbers can skip, so match by type, nearest the listed position first.
        candidates = sorted(
            (abs(i - doc.sequence), i)
            for i, part in enumerate(parts, start=1)
            if part.type.upper() == doc.type.upper()
        )
        if not candidates:
            if read_short:
                errors.append(f"{doc.name}: not in the first {len(raw):,} bytes of the submission")
            continue
        index = candidates[0][1]
        part = parts[index - 1]
        # The last block of a submission cut short may be cut short itself.
        fetched = FetchedDocument(doc, part.body,
                                  part.truncated or (read_short and index == len(parts)))
        if fetched.truncated:
            errors.append(cut_note(fetched, cap))
        out.append(fetched)
    return out, errors


# --- a file on disk, as the daemon would have fetched it (pure) ---------------------------


def fetched_from_file(
    raw: bytes, name: str, config: Config, *, read_short: bool = False
) -> FetchedFiling:
    """What the daemon would have fetched for a file: a `.txt` submission's header (filing,
    items, document list), the documents config selects cut out of it at the size cap; any
    other file one document (a lone Form 25 XML as a 25-NSE's primary document).
    `read_short` when the read of a submission stopped before its end."""
    cap = config.edgar.max_document_bytes
    if is_submission(raw):
        filing = _submission_filing(raw)
        if filing is not None and filing.documents:
            wanted, errors = documents_to_fetch(filing, config)
            docs, cut_errors = cut_from_submission(wanted, raw, cap, read_short)
            return FetchedFiling(filing, tuple(docs), (*errors, *cut_errors))
    form = "25-NSE" if _REMOVAL_XML.search(raw[:_SNIFF_BYTES]) else ""
    doc = FetchedDocument(DocumentRef(1, form, name), raw[:cap], len(raw) > cap)
    filing = Filing(FilingRef("", 0, form), (doc.ref,))
    return FetchedFiling(filing, (doc,), (cut_note(doc, cap),) if doc.truncated else ())


def file_read_bound(head: bytes, config: Config) -> int:
    """How much of a file starting with `head` the caps let extraction see: the size cap for
    a document, SUBMISSION_READ_CAPS times it for a submission (as the daemon reads one)."""
    cap = config.edgar.max_document_bytes
    return cap * SUBMISSION_READ_CAPS if is_submission(head) else cap


_SNIFF_BYTES = 4096
_REMOVAL_XML = re.compile(rb"<notificationOfRemoval\b")
_SUBMISSION = re.compile(rb"<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-HEADER>|^\s*<DOCUMENT>", re.I)


def is_submission(raw: bytes) -> bool:
    """True for a full EDGAR `.txt` submission (SGML header and <DOCUMENT> blocks), or a
    saved document in its `<DOCUMENT>` wrapper."""
    return _SUBMISSION.search(raw[:_SNIFF_BYTES]) is not None


def _submission_filing(raw: bytes) -> Filing | None:
    try:
        return parse_submission_header(submission_skeleton(raw), FilingRef("", 0, ""))
    except ParseError:
        return None


# --- from EDGAR (I/O) ----------------------------------------------------------------------


@dataclass
class Fetcher:
    """Fetches filings from EDGAR; remembers the index pages of filings whose documents are
    not published yet, so a retry reads only the documents."""

    client: EdgarClient
    config: Config
    _waiting: OrderedDict[str, Filing] = field(default_factory=OrderedDict)

    async def fetch(self, ref: FilingRef) -> FetchedFiling:
        """The filing and its selected documents. Raises NotPublishedError while EDGAR does
        not serve them yet, and the client's other FetchErrors."""
        filing = self._waiting.pop(ref.accession, None)
        if filing is None:
            filing = await self._filing(ref)
        try:
            return await self._documents(filing)
        except NotPublishedError:
            self._remember_waiting(filing)
            raise

    def _remember_waiting(self, filing: Filing) -> None:
        self._waiting[filing.accession] = filing
        while len(self._waiting) > _MAX_WAITING:
            self._waiting.popitem(last=False)

    async def _filing(self, ref: FilingRef) -> Filing:
        cap = self.config.edgar.max_document_bytes
        try:
            resp = await self.client.get(index_headers_path(ref), max_bytes=cap)
            if resp.truncated:
                raise ParseError("index page larger than edgar.max_document_bytes")
            return parse_index_headers(resp.body, ref)
        except ParseError:
            # No usable index-headers page: the .txt submission has everything.
            resp = await self.client.get(submission_path(ref),
                                         max_bytes=cap * SUBMISSION_READ_CAPS)
            # Only the tags are read: the bodies (tens of MB) are left out, off the event loop.
            skeleton = await asyncio.to_thread(submission_skeleton, resp.body)
            return parse_submission_header(skeleton, ref)

    async def _documents(self, filing: Filing) -> FetchedFiling:
        wanted, errors = documents_to_fetch(filing, self.config)
        cap = self.config.edgar.max_document_bytes
        if any(d.filename is None for d in wanted):
            docs, more = await self._from_submission(filing, wanted)
            return FetchedFiling(filing, tuple(docs), (*errors, *more))
        responses = await asyncio.gather(
            *(self.client.get(f"{filing.ref.folder}/{d.filename}", max_bytes=cap)
              for d in wanted)
        )
        fetched = tuple(FetchedDocument(d, resp.body, resp.truncated)
                        for d, resp in zip(wanted, responses, strict=True))
        errors.extend(cut_note(d, cap) for d in fetched if d.truncated)
        return FetchedFiling(filing, fetched, tuple(errors))

    async def _from_submission(
        self, filing: Filing, wanted: Sequence[DocumentRef]
    ) -> tuple[list[FetchedDocument], list[str]]:
        """The wanted documents cut out of the `.txt` submission: the read stops at
        SUBMISSION_READ_CAPS size caps, and each document is cut at the size cap."""
        cap = self.config.edgar.max_document_bytes
        bound = cap * SUBMISSION_READ_CAPS
        resp = await self.client.get(submission_path(filing.ref), max_bytes=bound)
        errors: list[str] = []
        if resp.truncated:
            errors.append(f"{filing.accession}.txt: submission read stopped at {bound:,} bytes")
        # Tens of megabytes to scan: off the event loop.
        docs, more = await asyncio.to_thread(cut_from_submission, wanted, resp.body, cap,
                                             resp.truncated)
        return docs, errors + more

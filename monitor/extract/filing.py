"""A filing's facts from its fetched documents: the one path the daemon, `extract`, `eval`
and `explain` share. Pure: no I/O, no clock.

The daemon extracts each document in a worker process (time budget, fault isolation) and
hands the results to `filing_facts`; the commands call `extract_filing`, which extracts
each document here and then does the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from monitor.extract import extract_document, merge_facts
from monitor.forms import FormReading, form_family, read_form
from monitor.models import (
    DocumentFacts,
    DocumentRef,
    FetchedDocument,
    FetchedFiling,
    Filing,
    FilingFacts,
    Signal,
)

# What a pure parser can raise on input it was not written for (never I/O or cancellation).
PARSER_FAULTS = (ValueError, IndexError, KeyError, TypeError, AttributeError, RecursionError,
                 ZeroDivisionError, OverflowError, MemoryError)

DocumentExtractor = Callable[[bytes, str, tuple[str, ...]], DocumentFacts]


def reading_order(documents: Sequence[FetchedDocument]) -> tuple[FetchedDocument, ...]:
    """Press releases (EX-99) first, then the rest in sequence order: the first document
    that states a figure wins the merge, and a press release states the quarter's figures."""
    return tuple(sorted(
        documents,
        key=lambda d: (0 if d.ref.type.upper().startswith("EX-99") else 1, d.ref.sequence)))


def filing_facts(
    fetched: FetchedFiling,
    extracted: Mapping[DocumentRef, DocumentFacts],
    extraction_errors: Sequence[str] = (),
) -> FilingFacts:
    """The filing's facts: each extracted document's facts merged in `reading_order`, the
    filing's own item codes added, and a distress form read from its documents."""
    filing = fetched.filing
    per_doc = [extracted[d.ref] for d in reading_order(fetched.documents) if d.ref in extracted]
    merged = merge_facts(per_doc, filing.ref.items)
    errors = [*fetched.errors, *extraction_errors]
    signals: dict[str, Signal] = merged.signals
    reading = None
    if form_family(filing.ref.form):
        try:
            filing, signals, reading = distress_form(filing, fetched.documents, signals)
        except PARSER_FAULTS as exc:
            errors.append(f"{filing.ref.form}: reading failed: {type(exc).__name__}: {exc}")
    return FilingFacts(
        filing=filing, figures=merged.figures, signals=signals, items=merged.items,
        documents=tuple(d.document for d in per_doc), errors=tuple(errors),
        form_facts=reading.facts if reading else None,
    )


def extract_filing(
    fetched: FetchedFiling, extract: DocumentExtractor = extract_document
) -> FilingFacts:
    """`filing_facts`, each document extracted here in turn; a document the parser fails on
    is recorded as the daemon records it and the others go on."""
    extracted: dict[DocumentRef, DocumentFacts] = {}
    errors: list[str] = []
    for doc in reading_order(fetched.documents):
        try:
            extracted[doc.ref] = extract(doc.body, doc.name, fetched.filing.ref.items)
        except PARSER_FAULTS as exc:
            errors.append(f"{doc.name}: extraction failed: {type(exc).__name__}: {exc}")
    return filing_facts(fetched, extracted, errors)


def distress_form(
    filing: Filing, docs: Sequence[FetchedDocument], signals: dict[str, Signal]
) -> tuple[Filing, dict[str, Signal], FormReading | None]:
    """A distress form's facts and signals. Its own reading replaces the 8-K signals (an
    exchange's removal notice is not a deficiency letter), and a 25-NSE, indexed under the
    exchange and the issuer alike, is kept under the issuer."""
    ref = filing.ref
    reading = read_form(
        ref.form, [(d.ref.type, d.ref.filename or d.ref.type, d.body) for d in docs],
        company=ref.company, filed=ref.filed or (ref.accepted.date() if ref.accepted else None),
        period=filing.period,
    )
    if reading is None:
        return filing, signals, None
    quiet = {name: Signal(name, False, None, "") for name in signals}
    issuer_cik = str(reading.facts.get("issuer_cik") or "")
    if issuer_cik.isdigit() and int(issuer_cik) != ref.cik:
        issuer = str(reading.facts.get("issuer") or ref.company)
        filing = replace(filing, ref=replace(ref, cik=int(issuer_cik), company=issuer))
    return filing, quiet | reading.signals, reading

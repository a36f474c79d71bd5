"""The fetch stage's pure parts: which documents of a filing are read, a file on disk seen as
the daemon would have fetched it, the reading order of the one facts path, and the retry of
documents EDGAR has not published yet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import Config
from monitor.extract.filing import extract_filing, reading_order
from monitor.fetch import fetched_from_file, publication_retry
from monitor.models import (
    DocumentFacts,
    DocumentRef,
    FetchedDocument,
    FetchedFiling,
    Figure,
    Filing,
    FilingRef,
)
from monitor.sandbox import DocSpec, FilingSpec
from monitor.sandbox.formats import render_txt

from .conftest import DOCUMENTS

ACCEPTED = datetime(2026, 3, 3, 16, 5, tzinfo=UTC)
RELEASE = b"<html><body><p>Net sales were $4.6 million.</p></body></html>"
BODY_8K = b"<html><body><p>Item 2.02 Results of Operations.</p></body></html>"


def submission(form: str, items: tuple[str, ...], *docs: DocSpec) -> bytes:
    return render_txt(FilingSpec("0001000001-26-000001", 1000001, "Lumen Corp", form,
                                 ACCEPTED, items=items, documents=docs))


PRIMARY = DocSpec("8-K", "d8k.htm", BODY_8K)
EXHIBIT = DocSpec("EX-99.1", "ex991.htm", RELEASE)
CONTRACT = DocSpec("EX-10.1", "ex101.htm", b"<html><body>Credit agreement</body></html>")
LOGO = DocSpec("GRAPHIC", "logo.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")


@pytest.mark.parametrize(("raw", "expected"), [
    # An earnings 8-K: the press release only (the body adds nothing: two requests).
    (submission("8-K", ("2.02", "9.01"), PRIMARY, EXHIBIT, CONTRACT, LOGO),
     [("EX-99.1", "ex991.htm")]),
    # Item 4.01 is written in the 8-K body: the body too, first (cap_documents' order).
    (submission("8-K", ("4.01", "9.01"), PRIMARY, EXHIBIT, CONTRACT),
     [("8-K", "d8k.htm"), ("EX-99.1", "ex991.htm")]),
    # No press release: the 8-K body.
    (submission("8-K", ("8.01",), PRIMARY, CONTRACT), [("8-K", "d8k.htm")]),
    # A distress form states its facts in its primary document, whatever its exhibits.
    (submission("NT 10-K", (), DocSpec("NT 10-K", "nt10k.htm", BODY_8K), EXHIBIT),
     [("NT 10-K", "nt10k.htm"), ("EX-99.1", "ex991.htm")]),
], ids=["earnings", "item-4.01", "no-exhibit", "nt-10k"])
def test_a_submission_file_gives_the_documents_the_daemon_would_fetch(
    raw: bytes, expected: list[tuple[str, str]]
) -> None:
    fetched = fetched_from_file(raw, "0001000001-26-000001.txt", Config())
    assert [(d.ref.type, d.ref.filename) for d in fetched.documents] == expected
    assert fetched.errors == ()
    assert fetched.filing.ref.company == "Lumen Corp"


def test_a_submission_file_keeps_its_header_items_and_document_bodies() -> None:
    raw = submission("8-K", ("2.02", "9.01"), PRIMARY, EXHIBIT)
    fetched = fetched_from_file(raw, "x.txt", Config())
    assert fetched.filing.ref.items == ("2.02", "9.01")
    assert fetched.filing.ref.form == "8-K"
    assert [d.body for d in fetched.documents] == [RELEASE + b"\n"]  # EDGAR adds the newline


@pytest.mark.parametrize(("path", "form"), [
    (DOCUMENTS / "figures" / "font_tags.htm", ""),
    (DOCUMENTS / "forms" / "lumenfiber-25nse-primary_doc.xml", "25-NSE"),
])
def test_any_other_file_is_one_document_named_after_the_file(path: Path, form: str) -> None:
    raw = path.read_bytes()
    fetched = fetched_from_file(raw, path.name, Config())
    assert fetched.filing.ref.form == form
    assert [(d.ref.type, d.name, d.body, d.truncated) for d in fetched.documents] == [
        (form, path.name, raw, False)]


def test_a_file_past_the_size_cap_is_cut_and_noted_as_the_daemon_notes_it() -> None:
    config = Config.model_validate({"edgar": {"max_document_bytes": 100}})
    fetched = fetched_from_file(b"x" * 150, "big.htm", config)
    [doc] = fetched.documents
    assert (len(doc.body), doc.truncated) == (100, True)
    assert fetched.errors == ("big.htm: cut at the 100-byte size cap",)


def test_reading_order_puts_press_releases_first_then_the_rest_by_sequence() -> None:
    docs = [FetchedDocument(DocumentRef(seq, kind, f"d{seq}.htm"), b"")
            for seq, kind in [(1, "8-K"), (4, "EX-99.2"), (2, "EX-10.1"), (3, "EX-99.1")]]
    assert [d.ref.sequence for d in reading_order(docs)] == [3, 4, 1, 2]


@pytest.mark.parametrize(("accepted_ago", "attempts", "delay", "counts"), [
    (timedelta(seconds=5), 0, 15.0, False),   # at the expected publication time (20 s)
    (timedelta(seconds=40), 3, 5.0, False),   # due: every 5 s, not counted
    (timedelta(minutes=3), 2, 20.0, False),   # 5 s doubling, still within the patience
    (timedelta(minutes=10), 2, 20.0, True),   # past the patience: the attempt counts
    (timedelta(minutes=10), 9, 30.0, True),   # at most the configured cap
])
def test_unpublished_documents_are_retried_soon_and_count_only_after_the_patience(
    accepted_ago: timedelta, attempts: int, delay: float, counts: bool
) -> None:
    now = ACCEPTED + accepted_ago
    ref = FilingRef("0001000001-26-000001", 1000001, "8-K", accepted=ACCEPTED)
    retry = publication_retry(ref, attempts, now, cap=30.0)
    assert (retry.delay_seconds, retry.counts) == (delay, counts)


def test_a_filing_without_acceptance_time_counts_every_attempt() -> None:
    ref = FilingRef("0001000001-26-000001", 1000001, "8-K")
    assert publication_retry(ref, 0, ACCEPTED, cap=30.0).counts is True


def test_a_document_the_parser_fails_on_is_recorded_and_the_others_still_count() -> None:
    def extract(body: bytes, name: str, items: tuple[str, ...]) -> DocumentFacts:
        if body == b"hostile":
            raise RecursionError("maximum recursion depth exceeded")
        return DocumentFacts(name, {"revenue": Figure("revenue", 4_609_000.0, document=name)},
                             items=("2.02",))

    docs = (FetchedDocument(DocumentRef(1, "8-K", "d8k.htm"), b"hostile"),
            FetchedDocument(DocumentRef(2, "EX-99.1", "ex991.htm"), RELEASE))
    ref = FilingRef("0001000001-26-000001", 1000001, "8-K", items=("9.01",))
    facts = extract_filing(FetchedFiling(Filing(ref, ()), docs, ("earlier: note",)), extract)
    assert facts.errors == ("earlier: note", "d8k.htm: extraction failed: RecursionError: "
                            "maximum recursion depth exceeded")
    assert facts.figures["revenue"].document == "ex991.htm"
    assert facts.items == ("2.02", "9.01")
    assert facts.documents == ("ex991.htm",)

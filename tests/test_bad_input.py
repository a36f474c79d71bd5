"""Bad input loses nothing: the filing is recorded with its error and the daemon goes on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from monitor import pipeline
from monitor.config import Config
from monitor.daemon import Monitor
from monitor.extract import extract_document
from monitor.extract_pool import ExtractionPool
from monitor.models import DocumentFacts
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec

from .conftest import DOCUMENTS

RELEASE = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def acc(n: int) -> str:
    return f"0007{n:06d}-25-{n:06d}"


def spec(n: int, accepted: datetime, *docs: DocSpec) -> FilingSpec:
    return FilingSpec(accession=acc(n), cik=7_000_000 + n,
                      company=f"Bad Input {n} Inc.", form="8-K", accepted=accepted,
                      items=("2.02", "9.01"), documents=docs)


async def test_garbage_exhibit_is_processed_and_the_next_filing_still_alerts(
    make_config: Callable[..., Config],
) -> None:
    clock = Clock()
    garbage = b"<html><body><table><tr><td>\xff\xfe\x00((($$" * 5000 + b"<td><tr><table"
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(1, clock.now - timedelta(minutes=3),
                                DocSpec("EX-99.1", "junk.htm", garbage)))
        replica.add_filing(spec(2, clock.now - timedelta(minutes=2),
                                DocSpec("EX-99.1", "ok.txt", RELEASE)))
        notifier = RecordingNotifier()
        async with Monitor(make_config(replica.base_url), notifier=notifier,
                           clock=clock) as monitor:
            outcomes = await monitor.run_once()
    assert [o.status for o in outcomes] == ["processed", "processed"]
    assert [a.accession for a in notifier.sent] == [acc(2)]


async def test_exhibit_that_never_appears_ends_recorded_as_an_error(
    make_config: Callable[..., Config],
) -> None:
    clock = Clock()
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(1, clock.now - timedelta(minutes=3),
                                DocSpec("EX-99.1", "ok.txt", RELEASE)))
        # The index lists the exhibit, but EDGAR keeps answering 404 for it.
        replica.inject("/Archives/edgar/data/7000001/000700000125000001/ok.txt", [404] * 50)
        config = make_config(replica.base_url)
        async with Monitor(config, notifier=RecordingNotifier(), clock=clock) as monitor:
            statuses = []
            for _ in range(pipeline.MAX_ATTEMPTS + 1):
                outcomes = await monitor.poll_cycle()
                statuses += [o.status for o in outcomes]
                clock.now += timedelta(seconds=config.edgar.not_published_retry_seconds + 1)
            row = await monitor.store.filing_status(acc(1))
    assert statuses == ["deferred"] * (pipeline.MAX_ATTEMPTS - 1) + ["failed"]
    assert row is not None and row["status"] == "error"
    assert "not yet published" in row["error"] and "ok.txt" in row["error"]


def fragile_extract(raw: bytes, name: str = "", items: tuple[str, ...] = ()) -> DocumentFacts:
    """The real extraction, with a parser bug on one document (run in the worker process)."""
    if name == "boom.htm":
        raise IndexError("list index out of range")
    return extract_document(raw, name, items)


async def test_parser_fault_on_one_document_is_recorded_and_the_others_count(
    make_config: Callable[..., Config],
) -> None:
    clock = Clock()
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(spec(1, clock.now - timedelta(minutes=3),
                                DocSpec("EX-99.1", "ok.txt", RELEASE),
                                DocSpec("EX-99.2", "boom.htm", b"<html>tables</html>")))
        notifier = RecordingNotifier()
        config = make_config(replica.base_url)
        async with Monitor(config, notifier=notifier, clock=clock) as monitor:
            fragile = ExtractionPool(1, config.extraction.time_budget_seconds,
                                     target=fragile_extract)
            monitor.pipeline.extractor = fragile
            try:
                [outcome] = await monitor.run_once()
            finally:
                await fragile.close()
            row = await monitor.store.filing_status(acc(1))
    assert outcome.status == "processed"
    assert row is not None and "boom.htm: extraction failed: IndexError" in row["error"]
    assert len(notifier.sent) == 1  # the good exhibit's going-concern alert still went out

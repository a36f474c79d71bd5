"""Worker processes for extraction: a document past its budget, a crashed worker or a parser
fault is reported as that document's error, and the next document is still extracted."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from monitor.config import ExtractionConfig
from monitor.errors import ExtractionError
from monitor.extract import extract_document
from monitor.extract_pool import ExtractionPool
from monitor.models import DocumentFacts
from monitor.testing.harness import wait_until

from .conftest import DOCUMENTS

RELEASE = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
# lexbor's tree builder is quadratic on nested <div>s (100,000 take it ~37 s): a hostile
# document whose cost lies in C code, where only a process boundary can stop it.
DEEP_DIVS = b"<html><body>" + b"<div>" * 200_000 + b"Revenue $1,234"


def crashing_extract(raw: bytes, name: str = "", items: tuple[str, ...] = ()) -> DocumentFacts:
    """The real extraction, except that one document kills the worker (as a segfault would)."""
    if name == "crash.htm":
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_document(raw, name, items)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_document_over_its_time_budget_is_an_error_and_the_next_one_is_read() -> None:
    budget = ExtractionConfig().time_budget_seconds
    pool = ExtractionPool(1, budget)
    try:
        with pytest.raises(ExtractionError, match=f"over its {budget:g} s time budget"):
            await pool.extract(DEEP_DIVS, "deep.htm", ())
        facts = await pool.extract(RELEASE, "ok.txt", ())
    finally:
        await pool.close()
    assert facts.signals["going_concern"].present
    assert pool.timeouts == 1 and pool.restarts == 1


async def test_worker_that_dies_is_an_error_and_is_replaced() -> None:
    pool = ExtractionPool(1, 30.0, target=crashing_extract)
    try:
        with pytest.raises(ExtractionError, match=r"worker process died \(killed by signal 9\)"):
            await pool.extract(b"<html>x</html>", "crash.htm", ())
        facts = await pool.extract(RELEASE, "ok.txt", ("2.02",))
    finally:
        await pool.close()
    assert facts.document == "ok.txt" and facts.signals["going_concern"].present


async def test_facts_from_a_worker_equal_facts_extracted_in_process() -> None:
    pool = ExtractionPool(2, 30.0)
    try:
        facts = await pool.extract(RELEASE, "ok.txt", ("2.02", "9.01"))
    finally:
        await pool.close()
    assert facts == extract_document(RELEASE, "ok.txt", ("2.02", "9.01"))


async def test_close_ends_a_worker_in_the_middle_of_a_hostile_document() -> None:
    pool = ExtractionPool(1, 600.0)
    pool.warm()
    job = asyncio.create_task(pool.extract(DEEP_DIVS, "deep.htm", ()))
    await wait_until(lambda: bool(pool.busy_pids()), 60)
    [pid] = pool.busy_pids()
    job.cancel()
    await pool.close()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert not pid_alive(pid)
    with pytest.raises(ExtractionError, match="shut down"):
        await pool.extract(RELEASE, "ok.txt", ())

"""The size cap (edgar.max_document_bytes, shipped value) holds on every path a document can
arrive by; a capped document is read up to the cap, noted on the filing, and the filing and
the ones after it go on."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import Config, load_config
from monitor.daemon import Monitor
from monitor.extract.submission import (
    SUBMISSION_READ_CAPS,
    submission_parts,
    submission_skeleton,
)
from monitor.formats.filing import parse_submission_header
from monitor.models import FilingRef
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec

from .conftest import DOCUMENTS, REPO

CAP = load_config(REPO / "config.yaml", {}).edgar.max_document_bytes
RELEASE = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()
PAD = b"Further text of an exhibit far larger than any press release.\n"


def oversized(total: int) -> bytes:
    """The going-concern release, then padding up to `total` bytes."""
    return RELEASE + PAD * ((total - len(RELEASE)) // len(PAD) + 1)


def filing(n: int, *docs: DocSpec) -> FilingSpec:
    return FilingSpec(accession=f"0009{n:06d}-25-{n:06d}", cik=9_000_000 + n,
                      company=f"Large {n} Inc.", form="8-K",
                      accepted=datetime.now(UTC) - timedelta(minutes=5 - n),
                      items=("2.02", "9.01"), documents=docs)


BOUND = CAP * SUBMISSION_READ_CAPS
CASES = {
    "fetched by URL": (
        DocSpec("EX-99.1", "big.txt", oversized(CAP + 1_000_000)),
        [f"big.txt: cut at the {CAP:,}-byte size cap"]),
    "inside the .txt, no <FILENAME>": (
        DocSpec("EX-99.1", None, oversized(CAP + 1_000_000)),
        [rf"EX-99.1 \(sequence \d+\): cut at the {CAP:,}-byte size cap"]),
    "inside a .txt past its read bound": (
        DocSpec("EX-99.1", None, oversized(BOUND + 1_000_000)),
        [rf"0009000001-25-000001.txt: submission read stopped at {BOUND:,} bytes",
         rf"EX-99.1 \(sequence \d+\): cut at the {CAP:,}-byte size cap"]),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_oversized_exhibit_is_read_up_to_the_cap_and_noted(
    make_config: Callable[..., Config], case: str
) -> None:
    doc, notes = CASES[case]
    notifier = RecordingNotifier()
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(filing(1, doc))
        replica.add_filing(filing(2, DocSpec("EX-99.1", "small.txt", RELEASE)))
        async with Monitor(make_config(replica.base_url), notifier=notifier) as monitor:
            outcomes = await monitor.run_once()
            [row] = await monitor.store.query(
                "SELECT error FROM filings WHERE accession = '0009000001-25-000001'")
            [doc_row] = await monitor.store.query(
                "SELECT bytes, truncated FROM documents WHERE accession = '0009000001-25-000001'")
    assert [o.status for o in outcomes] == ["processed", "processed"]
    errors = row["error"].split("; ")
    assert len(errors) == len(notes) and all(
        re.fullmatch(note, error) for note, error in zip(notes, errors, strict=True)), errors
    assert doc_row == {"bytes": CAP, "truncated": 1}
    # The kept start of the exhibit still states the going concern, so both filings alert.
    assert sorted(a.accession for a in notifier.sent) == ["0009000001-25-000001",
                                                          "0009000002-25-000002"]


async def test_index_page_past_the_cap_is_not_read_and_the_txt_is_used(
    make_config: Callable[..., Config],
) -> None:
    notifier = RecordingNotifier()
    huge_description = "EARNINGS RELEASE " * (CAP // 17 + 1)
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(filing(1, DocSpec("EX-99.1", "ok.txt", RELEASE, huge_description)))
        async with Monitor(make_config(replica.base_url), notifier=notifier) as monitor:
            [outcome] = await monitor.run_once()
        paths = [r.path_qs for r in replica.requests]
    assert outcome.status == "processed"
    assert any(p.endswith("-index-headers.html") for p in paths)
    assert any(p.endswith("/0009000001-25-000001.txt") for p in paths)
    assert [a.accession for a in notifier.sent] == ["0009000001-25-000001"]


@pytest.mark.parametrize(("sizes", "cap"), [
    ((10, 2_000, 50), 100),
    ((100, 101, 99), 100),
    ((0, 1), 1),
])
def test_each_document_of_a_submission_is_cut_at_the_cap(
    sizes: tuple[int, ...], cap: int
) -> None:
    raw = b"<SEC-DOCUMENT>\n" + b"".join(
        b"<DOCUMENT>\n<TYPE>EX-99.%d\n<TEXT>\n" % i + b"x" * size + b"</TEXT>\n</DOCUMENT>\n"
        for i, size in enumerate(sizes))
    parts = submission_parts(raw, cap)
    assert [(p.type, p.size, len(p.body), p.truncated) for p in parts] == [
        (f"EX-99.{i}", size, min(size, cap), size > cap) for i, size in enumerate(sizes)]


def run_extract(path: Path) -> tuple[dict[str, object], str]:
    result = subprocess.run([sys.executable, "-m", "monitor", "extract", str(path), "--json"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data, result.stderr


def test_extract_path_reads_a_large_document_up_to_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big-ex99.txt"
    path.write_bytes(oversized(CAP + 1_000_000))
    data, stderr = run_extract(path)
    note = f"big-ex99.txt: cut at the {CAP:,}-byte size cap"
    assert data["warnings"] == [note]
    assert stderr.splitlines() == [f"warning: {note}"]
    signals = data["signals"]
    assert isinstance(signals, dict) and signals["going_concern"]["present"] is True


def test_extract_path_cuts_each_document_of_a_large_submission(tmp_path: Path) -> None:
    path = tmp_path / "0009000001-25-000001.txt"
    body = oversized(BOUND + 1_000_000)
    path.write_bytes(b"<SEC-DOCUMENT>0009000001-25-000001.txt\n<DOCUMENT>\n<TYPE>EX-99.1\n"
                     b"<TEXT>\n" + body + b"</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n")
    data, _stderr = run_extract(path)
    assert data["warnings"] == [
        f"0009000001-25-000001.txt: read stopped at {BOUND:,} bytes",
        # the daemon's name for a document without a file name (fetched_from_file)
        f"EX-99.1 (sequence 0): cut at the {CAP:,}-byte size cap",
    ]
    signals = data["signals"]
    assert isinstance(signals, dict) and signals["going_concern"]["present"] is True


def test_submission_header_is_read_from_its_skeleton_without_the_bodies() -> None:
    raw = (DOCUMENTS / "figures" / "submission.txt").read_bytes()
    padded = raw.replace(b"<TEXT>\n", b"<TEXT>\n" + PAD * 100_000, 1)  # a 6 MB first body
    skeleton = submission_skeleton(padded)
    ref = FilingRef("0000000001-05-000001", 1, "8-K")
    filing = parse_submission_header(skeleton, ref)
    assert len(skeleton) < 10_000
    assert [(d.sequence, d.type, d.filename) for d in filing.documents] == [
        (1, "8-K", "form8k.txt"), (2, "EX-99.1", "ex991.txt"), (3, "GRAPHIC", "logo.gif"),
        (4, "EX-101.INS", "nwtx-20050930.xml")]
    assert filing == parse_submission_header(raw, ref)

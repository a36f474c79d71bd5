"""The daemon and `extract --json` reach the same facts (issue 13): every corpus file, every
project fixture document and every shipped sample filing (also with its documents inside the
`.txt` only) goes both ways, the daemon's way as
a filing served by the EDGAR replica and processed by a real Monitor with the shipped
config.yaml (facts read back from its store), and through the `extract` command; figures,
signals and items must be identical.

All files go through one replica and one daemon run, and `extract` runs in-process (click's
runner), so the whole comparison takes tens of seconds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config import Config, load_config
from monitor.daemon import Monitor
from monitor.extract.submission import submission_parts, submission_skeleton
from monitor.fetch import is_submission
from monitor.formats.filing import parse_submission_header
from monitor.models import FilingFacts, FilingRef, facts_json
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec, load_filing_folder
from monitor.sandbox.formats import render_txt

from .conftest import CORPUS, DOCUMENTS, REPO, USER_AGENT

SHIPPED_CONFIG = REPO / "config.yaml"
DEMO_FILINGS = REPO / "monitor" / "demo" / "filings"
NOT_DOCUMENTS = {"README.md", "LABELS.yaml"}

# Files whose own form the shipped config does not watch (`discovery.forms`): the daemon
# would never fetch them, so they are served as 8-Ks. The form decides nothing else for a
# form that is not a distress form: the same documents are selected, read and merged.
SERVED_AS_8K = {
    "05-traws-pharma-2024-424b4-gc-nasdaq-delist-determination.txt": "a 424B4 prospectus",
    "07-imunon-2025-424b5-deficiency-not-yet-regained.txt": "a 424B5 prospectus",
}
# Files that cannot go the daemon's way at all, with the reason (none so far).
NOT_SERVED: dict[str, str] = {}


@dataclass(frozen=True)
class Case:
    """One file for `extract` and the filing the replica serves for it."""

    path: Path
    spec: FilingSpec


def corpus_and_fixture_files() -> list[Path]:
    files = sorted(p for p in DOCUMENTS.rglob("*") if p.is_file() and p.name not in NOT_DOCUMENTS)
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.rglob("*")
                        if p.is_file() and p.name not in NOT_DOCUMENTS)
    return [p for p in files if p.name not in NOT_SERVED]


def served_filing(n: int, path: Path, accepted: datetime, forms: tuple[str, ...]) -> FilingSpec:
    """The filing the daemon would fetch for `path`: a `.txt` submission as its header says
    (form, items, every document), any other file as an 8-K whose one document it is (a
    lone Form 25 XML as a 25-NSE's primary document)."""
    raw = path.read_bytes()
    accession, cik = f"0007{n:06d}-26-{n:06d}", 7_000_000 + n
    if is_submission(raw):
        header = parse_submission_header(submission_skeleton(raw), FilingRef("", 0, ""))
        parts = submission_parts(raw)
        if header.documents and parts:
            form = header.ref.form if header.ref.form in forms else "8-K"
            docs = tuple(DocSpec(p.type, p.filename or None, p.body) for p in parts)
            return FilingSpec(accession, cik, header.ref.company or path.stem, form, accepted,
                              items=header.ref.items, documents=docs, period=header.period)
    if b"<notificationOfRemoval" in raw[:4096]:
        return FilingSpec(accession, cik, path.stem, "25-NSE", accepted,
                          documents=(DocSpec("25-NSE", path.name, raw),))
    return FilingSpec(accession, cik, path.stem, "8-K", accepted,
                      documents=(DocSpec("EX-99.1", path.name, raw),))


def cases(tmp_path: Path, config: Config) -> list[Case]:
    start = datetime.now(UTC) - timedelta(minutes=30)
    out: list[Case] = []
    for n, path in enumerate(corpus_and_fixture_files(), start=1):
        accepted = start + timedelta(seconds=n)
        out.append(Case(path, served_filing(n, path, accepted, config.discovery.forms)))
    # The shipped sample filings: the daemon fetches each document by its URL, `extract`
    # reads the whole `.txt` submission the replica renders for the same filing. Each comes
    # twice: as filed, and with its documents inside the `.txt` only (as before 2001), which
    # the daemon cuts out of the submission as `extract` does.
    samples = [load_filing_folder(folder, now=start)[0]
               for folder in sorted(DEMO_FILINGS.iterdir())]
    samples += [replace(spec, documents=tuple(replace(d, filename=None) for d in spec.documents))
                for spec in samples]
    for n, spec in enumerate(samples, start=len(out) + 1):
        spec = replace(spec, accession=f"0007{n:06d}-26-{n:06d}", cik=7_000_000 + n,
                       accepted=start + timedelta(seconds=n))
        path = tmp_path / f"{spec.accession}.txt"
        path.write_bytes(render_txt(spec))
        out.append(Case(path, spec))
    return out


def compared(data: dict[str, Any]) -> dict[str, Any]:
    """The facts both ways must agree on: figures (values, label, where from), signals
    (verdict, evidence, where from, context) and items."""
    return {"figures": data["figures"], "signals": data["signals"], "items": data["items"]}


def extract_json(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["extract", str(path), "--json",
                                       "--config", str(SHIPPED_CONFIG)])
    assert result.exit_code == 0, (path, result.output)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


async def test_daemon_and_extract_report_the_same_facts_for_every_document(
    tmp_path: Path,
) -> None:
    config = load_config(SHIPPED_CONFIG, {"EDGAR_USER_AGENT": USER_AGENT}, {
        "edgar.base_url": "http://127.0.0.1:9", "database": str(tmp_path / "monitor.db")})
    all_cases = cases(tmp_path, config)
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        for case in all_cases:
            replica.add_filing(case.spec)
        config = config.model_copy(update={
            "edgar": config.edgar.model_copy(update={"base_url": replica.base_url})})
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            outcomes = await monitor.run_once()
            stored: dict[str, FilingFacts | None] = {
                c.spec.accession: await monitor.store.filing_facts(c.spec.accession)
                for c in all_cases}
    assert {o.accession: o.status for o in outcomes} == {
        c.spec.accession: "processed" for c in all_cases}
    differences = []
    recorded: list[FilingFacts] = []
    for case in all_cases:
        facts = stored[case.spec.accession]
        assert facts is not None, case.path
        recorded.append(facts)
        daemon = compared(facts_json(facts.figures, facts.signals, facts.items))
        command = compared(extract_json(case.path))
        if daemon != command:
            differences.append(f"{case.path}:\n  daemon:  {daemon}\n  extract: {command}")
    assert not differences, "\n".join(differences)
    # The comparison is not vacuous: the files state figures and signals.
    assert sum(bool(f.figures) for f in recorded) > 40
    assert sum(any(s.present for s in f.signals.values()) for f in recorded) > 30


@pytest.mark.parametrize("name", sorted(SERVED_AS_8K))
def test_files_served_as_8ks_are_in_the_corpus(name: str) -> None:
    """The list above names real corpus files (a renamed file must not leave it stale)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    assert any(CORPUS.rglob(name))


def test_explain_on_a_submission_file_shows_the_filing_as_the_daemon_reads_it(
    tmp_path: Path,
) -> None:
    cap = load_config(SHIPPED_CONFIG, {}).edgar.max_document_bytes
    release = (DOCUMENTS / "e2e" / "lumenfiber-2003q1-ex99.txt").read_bytes()
    padded = release + b"More of a very long exhibit.\n" * (cap // 29 + 1)
    spec = FilingSpec("0001000001-26-000001", 1000001, "LumenFiber Corp.", "8-K",
                      datetime(2026, 3, 3, 16, 5, tzinfo=UTC), items=("2.02", "9.01"),
                      documents=(DocSpec("8-K", "d8k.htm", b"<html>Item 2.02</html>"),
                                 DocSpec("EX-99.1", "ex991.txt", padded)))
    path = tmp_path / "0001000001-26-000001.txt"
    path.write_bytes(render_txt(spec))
    result = CliRunner().invoke(main, ["explain", str(path), "--config", str(SHIPPED_CONFIG)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("LumenFiber Corp. (CIK 1000001): 8-K 0001000001-26-000001.txt")
    assert f"  - ex991.txt: cut at the {cap:,}-byte size cap" in lines
    assert any(line.startswith("  FIRED      going-concern") for line in lines)

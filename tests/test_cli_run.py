"""The README's local flow through the real CLI: `sandbox DIR` plus `run --once`."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from .conftest import DOCUMENTS, REPO, minutes_ago


def write_filing(root: Path) -> str:
    folder = root / "lumenfiber"
    folder.mkdir(parents=True)
    (folder / "ex991.txt").write_bytes((DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes())
    (folder / "8k.txt").write_bytes((DOCUMENTS / "e2e/lumenfiber-8k.txt").read_bytes())
    accession = "0001000001-03-000007"
    (folder / "filing.json").write_text(json.dumps({
        "accession": accession, "cik": 1000001, "company": "LumenFiber Corp.", "form": "8-K",
        "accepted": minutes_ago(2).isoformat(), "items": ["2.02", "9.01"],
        "documents": [{"type": "8-K", "filename": "8k.txt", "description": "8-K"},
                      {"type": "EX-99.1", "filename": "ex991.txt", "description": "PRESS"}],
    }))
    return accession


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDGAR_", "SLACK_"))}
    env["EDGAR_USER_AGENT"] = "Acme Capital ops@acme.com"
    return env


async def test_sandbox_and_run_once_print_the_alert_to_the_console(tmp_path: Path) -> None:
    accession = write_filing(tmp_path / "filings")
    sandbox = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "monitor", "sandbox", str(tmp_path / "filings"), "--port", "0",
        stderr=asyncio.subprocess.PIPE, env=cli_env(),
    )
    try:
        assert sandbox.stderr is not None
        line = (await asyncio.wait_for(sandbox.stderr.readline(), 20)).decode()
        url = line.rsplit(" on ", 1)[1].strip()
        run = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "monitor", "run", "--once", "--edgar-url", url,
            "--db", str(tmp_path / "m.db"), cwd=REPO, env=cli_env(),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(run.communicate(), 60)
    finally:
        sandbox.terminate()
        await sandbox.wait()
    text = out.decode()
    assert run.returncode == 0, err.decode()
    assert err.decode().splitlines()[-1] == "run --once: 1 new filings seen, 1 processed, 1 alerts"
    assert text.count(f"--- alert {accession}") == 1
    assert "Going-concern doubt" in text
    assert "Exchange delisting or deficiency notice" in text
    assert "expressed substantial doubt about its ability to continue as a going concern" in text

"""A newcomer's first hour: packaged defaults, `init`, `demo`, config paths, logs, sandbox."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.config import Config, load_config
from monitor.defaults import default_config_file, default_rules_dir
from monitor.logs import configure_logging
from monitor.rules import load_rules

from .conftest import REPO

AGENT = "Acme Capital ops@acme.com"


def cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDGAR_", "SLACK_"))}
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=cwd,
                          env={**env, "EDGAR_USER_AGENT": AGENT}, capture_output=True,
                          text=True, timeout=timeout)


# -- packaged defaults and init --------------------------------------------------------------

def test_a_source_checkout_reads_the_top_level_config_and_rules() -> None:
    # One hand-maintained copy: the wheel's monitor/defaults/ is built from these (setup.py).
    assert default_config_file() == REPO / "config.yaml"
    assert default_rules_dir() == REPO / "rules"


def test_without_a_config_file_the_packaged_rules_are_used(tmp_path: Path) -> None:
    config = load_config(None, {})
    assert config.rules == (str(default_rules_dir()),)
    result = cli("rules", "check", cwd=tmp_path)
    count = len(load_rules([REPO / "rules"]).rules)
    assert (result.returncode, result.stdout) == (0, f"ok: {count} rules in 1 file(s)\n")


def test_relative_paths_in_a_config_resolve_against_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "etc" / "monitor"
    folder.mkdir(parents=True)
    (folder / "config.yaml").write_text(
        "rules: [my-rules, /abs/rules.yaml]\ndatabase: state/m.db\n")
    config = load_config(folder / "config.yaml", {}, {})
    assert config.rules == (str(folder / "my-rules"), "/abs/rules.yaml")
    assert config.database == str(folder / "state" / "m.db")
    # A --db given on the command line is the user's own path, left as typed.
    assert load_config(folder / "config.yaml", {}, {"database": "x.db"}).database == "x.db"


def test_a_config_without_rules_or_database_keys_takes_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("slack:\n  default_channel: '#desk'\n")
    config = load_config(tmp_path / "config.yaml", {})
    assert config.rules == (str(default_rules_dir()),)
    assert config.database == Config().database


def test_unquoted_ciks_in_watchlists_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(
        "watchlists:\n  distressed: [320193, FBCE, '0001000001']\n")
    config = load_config(tmp_path / "config.yaml", {})
    assert config.watchlists == {"distressed": ("320193", "FBCE", "0001000001")}


def test_init_writes_copies_that_run_from_any_folder(tmp_path: Path) -> None:
    result = cli("init", "desk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "desk/config.yaml").read_bytes() == (REPO / "config.yaml").read_bytes()
    for rules_file in (REPO / "rules").glob("*.yaml"):
        assert (tmp_path / "desk/rules" / rules_file.name).read_bytes() == \
            rules_file.read_bytes()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    check = cli("rules", "check", "--config", str(tmp_path / "desk/config.yaml"), cwd=elsewhere)
    assert check.returncode == 0, check.stderr
    config = load_config(tmp_path / "desk/config.yaml", {})
    assert config.rules == (str(tmp_path / "desk/rules"),)
    assert config.database == str(tmp_path / "desk/edgar-monitor.db")


def test_init_overwrites_only_with_force(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("# mine\n")
    refused = cli("init", cwd=tmp_path)
    assert refused.returncode == 2
    assert (tmp_path / "config.yaml").read_text() == "# mine\n"
    forced = cli("init", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "config.yaml").read_bytes() == (REPO / "config.yaml").read_bytes()


# -- demo ------------------------------------------------------------------------------------

# Read from the sample documents in monitor/demo/filings/ (written for the demo).
DEMO_HEADLINES = [
    "Northwind Fiber Systems, Inc. (NWFS): Going-concern doubt, Exchange delisting or "
    "deficiency notice",
    "Harborview Semiconductor Corp. (HBVS): Swung from profit to loss, Revenue down more than "
    "25%",
    "Cobalt Ridge Therapeutics, Inc. (CBRT): Non-reliance on past financial statements",
]


def test_demo_once_prints_an_alert_for_each_distressed_sample_and_exits_0(
    tmp_path: Path,
) -> None:
    result = cli("demo", "--once", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for headline in DEMO_HEADLINES:
        assert out.count(headline) == 1, out
    assert "Meridian Outdoor Brands" in out  # published ...
    assert "(MOBR):" not in out  # ... and raised nothing: a record quarter
    assert "Net income: ($212.7M) vs $41.2M (swung to loss)" in out
    assert out.splitlines()[-1].startswith("demo: 4 filings published, 4 processed, 3 alerts.")
    assert list(tmp_path.iterdir()) == []  # nothing left behind in the user's folder


def test_demo_through_the_slack_stand_in_shows_what_slack_received(tmp_path: Path) -> None:
    result = cli("demo", "--once", "--slack", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("--- Slack stand-in received in #edgar-alerts") == 3
    for headline in DEMO_HEADLINES:
        assert headline in result.stdout


def test_live_demo_publishes_one_by_one_and_stops_when_all_are_delivered(
    tmp_path: Path,
) -> None:
    result = cli("demo", "--pause", "0.2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    published = [i for i, line in enumerate(lines) if line.startswith("demo: published")]
    first_alert = next(i for i, line in enumerate(lines) if line.startswith("--- alert"))
    assert len(published) == 4 and published[0] < first_alert
    assert lines[-1].startswith("demo: 4 filings published, 4 processed, 3 alerts.")


# -- logs --------------------------------------------------------------------------------------

def test_library_log_lines_are_json_with_the_logger_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import structlog

    configure_logging("json", "info")
    try:
        # (the daemon quiets apscheduler.scheduler itself; executors report failed jobs)
        logging.getLogger("apscheduler.executors.default").warning("Job %s raised", "poll")
        logging.getLogger("apscheduler.executors").info("Running job (hidden below WARNING)")
        logging.getLogger("aiohttp.access").info("GET /healthz")
        structlog.get_logger("monitor.daemon").info("feed_new_filings", count=2)
        structlog.get_logger("monitor.daemon").debug("hidden at info")
    finally:
        logging.getLogger().handlers.clear()
        logging.getLogger().setLevel(logging.WARNING)
        logging.getLogger("apscheduler").setLevel(logging.NOTSET)
        structlog.reset_defaults()
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(d["logger"], d["level"], d["event"]) for d in lines] == [
        ("apscheduler.executors.default", "warning", "Job poll raised"),
        ("aiohttp.access", "info", "GET /healthz"),
        ("monitor.daemon", "info", "feed_new_filings"),
    ]
    assert lines[2]["count"] == 2 and all("timestamp" in d for d in lines)


def test_log_level_flag_hides_info_lines(tmp_path: Path) -> None:
    result = cli("run", "--once", "--db", "m.db", "--edgar-url", "http://127.0.0.1:9",
                 "--log-level", "error", cwd=tmp_path)
    assert result.returncode == 1
    assert all(not line.startswith("{") for line in result.stderr.splitlines())


# -- sandbox -----------------------------------------------------------------------------------

async def test_sandbox_says_what_it_skips(tmp_path: Path) -> None:
    broken = tmp_path / "filings" / "broken"
    broken.mkdir(parents=True)
    (broken / "filing.json").write_text('{"cik": 1, "company": "X", "form": "8-K", '
                                        '"documents": []}')
    waiting = tmp_path / "filings" / "waiting"
    waiting.mkdir()
    (waiting / "filing.json").write_text(json.dumps({
        "accession": "0000000002-26-000001", "cik": 2, "company": "Y", "form": "8-K",
        "documents": [{"type": "EX-99.1", "filename": "ex99.htm"}]}))
    old = tmp_path / "filings" / "old"
    old.mkdir()
    (old / "ex99.htm").write_text("<p>hello</p>")
    (old / "filing.json").write_text(json.dumps({
        "accession": "0000000003-26-000001", "cik": 3, "company": "Z", "form": "8-K",
        "accepted": "2020-01-02T10:00:00", "documents": [{"type": "EX-99.1",
                                                          "filename": "ex99.htm"}]}))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "monitor", "sandbox", str(tmp_path / "filings"), "--port", "0",
        stderr=asyncio.subprocess.PIPE)
    assert proc.stderr is not None
    lines: list[str] = []
    try:
        while not lines or "EDGAR replica serving" not in lines[-1]:
            lines.append((await asyncio.wait_for(proc.stderr.readline(), 30)).decode())
    finally:
        proc.terminate()
        await proc.communicate()
    text = "".join(lines)
    assert "broken: skipped: filing.json: accession '' is not 10-2-6 digits" in text
    assert "waiting: waiting for" in text and "ex99.htm" in text
    assert "0000000003-26-000001 was accepted 2020-01-02 10:00 EST" in text
    assert "initial_lookback_minutes" in text


def test_sandbox_on_an_empty_folder_warns_and_serves(tmp_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-m", "monitor", "sandbox", str(tmp_path),
                           "--port", "0"], stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stderr is not None
        first, second = proc.stderr.readline(), proc.stderr.readline()
        proc.terminate()
        proc.communicate(timeout=30)
    assert first.startswith(f"warning: {tmp_path} holds no filing folders yet")
    assert "EDGAR replica serving" in second

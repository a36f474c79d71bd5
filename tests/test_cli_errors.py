"""Bad configuration stops the CLI with one line naming the problem, exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EDGAR_", "SLACK_"))}
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        cwd=cwd, env={**base, **(env or {})}, capture_output=True, text=True, timeout=30,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_missing_user_agent_refuses_to_start(tmp_path: Path) -> None:
    result = run_cli("run", "--once", "--db", str(tmp_path / "m.db"), cwd=tmp_path)
    assert_one_line_error(result, "User-Agent", "EDGAR_USER_AGENT")


def test_undeclared_user_agent_is_refused_before_any_request(tmp_path: Path) -> None:
    result = run_cli("run", "--once", "--edgar-url", "http://127.0.0.1:9", cwd=tmp_path,
                     env={"EDGAR_USER_AGENT": "python-requests/2.31"})
    assert_one_line_error(result, "not declared")


@pytest.mark.parametrize(
    ("config_text", "fragments"),
    [
        ("edgar:\n  rate_per_second: 25\n", ["config.yaml:2", "edgar.rate_per_second"]),
        ("edgar:\n  base_url: ftp://sec.gov\n", ["config.yaml:2", "edgar.base_url"]),
        ("discovery:\n  poll_intervall_seconds: 5\n",
         ["config.yaml:2", "discovery.poll_intervall_seconds", "unknown field"]),
        ("slack: [1, 2\n", ["config.yaml", "invalid YAML"]),
        ("- just\n- a list\n", ["config.yaml:1", "mapping"]),
    ],
    ids=["rate-above-sec-limit", "bad-url-scheme", "misspelt-key", "broken-yaml", "not-a-mapping"],
)
def test_malformed_config_names_file_line_and_field(
    tmp_path: Path, config_text: str, fragments: list[str]
) -> None:
    (tmp_path / "config.yaml").write_text(config_text)
    result = run_cli("run", "--once", cwd=tmp_path,
                     env={"EDGAR_USER_AGENT": "Acme Capital ops@acme.com"})
    assert_one_line_error(result, *fragments)


def test_rules_check_accepts_the_default_rules() -> None:
    result = run_cli("rules", "check", str(REPO / "rules"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "ok:" in result.stdout

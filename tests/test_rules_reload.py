"""Rules changed while the daemon runs: a valid set replaces the old, a broken one is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from monitor.config import Config
from monitor.daemon import Monitor
from monitor.errors import RuleError
from monitor.notify import RecordingNotifier
from monitor.sandbox import DocSpec, EdgarReplica, Faults, FilingSpec

from .conftest import DOCUMENTS, REPO, minutes_ago

ONE_RULE = """rules:
  - id: only-going-concern
    description: Going-concern doubt only.
    severity: critical
    when:
      signal: going_concern
"""


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def test_changed_rules_replace_the_set_and_broken_ones_are_refused(
    make_config: Callable[..., Config], tmp_path: Path
) -> None:
    rules_dir = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules_dir)
    config = make_config("http://127.0.0.1:9", rules=[str(rules_dir)])
    async with Monitor(config, notifier=RecordingNotifier()) as monitor:
        original = [r.id for r in monitor.rules.ruleset.rules]
        assert monitor.rules.reload() is False  # nothing changed

        (rules_dir / "default.yaml").write_text(ONE_RULE.replace("signal: going_concern",
                                                                 "signal: going_concer"))
        bump_mtime(rules_dir / "default.yaml")
        assert monitor.rules.reload() is False
        assert [r.id for r in monitor.rules.ruleset.rules] == original  # last good set kept

        (rules_dir / "default.yaml").write_text(ONE_RULE)
        bump_mtime(rules_dir / "default.yaml")
        assert monitor.rules.reload() is True
        assert [r.id for r in monitor.rules.ruleset.rules] == ["only-going-concern"]


async def test_daemon_refuses_to_start_on_an_invalid_rule_set(
    make_config: Callable[..., Config], tmp_path: Path
) -> None:
    (tmp_path / "bad.yaml").write_text(ONE_RULE.replace("severity: critical", "severity: high"))
    config = make_config("http://127.0.0.1:9", rules=[str(tmp_path / "bad.yaml")])
    with pytest.raises(RuleError, match=r"bad\.yaml:4: rule only-going-concern: severity"):
        Monitor(config)


async def test_explain_an_accession_from_the_database(
    make_config: Callable[..., Config], tmp_path: Path
) -> None:
    accession = "0001000001-03-000007"
    async with EdgarReplica(faults=Faults(rate_limit=None)) as replica:
        replica.add_filing(FilingSpec(
            accession=accession, cik=1000001, company="LumenFiber Corp.", form="8-K",
            accepted=minutes_ago(2), items=("2.02", "9.01"),
            documents=(DocSpec("EX-99.1", "ex.txt",
                               (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()),)))
        config = make_config(replica.base_url)
        async with Monitor(config, notifier=RecordingNotifier()) as monitor:
            await monitor.run_once()
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "explain", accession, "--db", config.database],
        cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("FIRED" in line and "going-concern" in line for line in lines)
    assert any("not fired" in line and "loss-widening" in line and "narrowed" in line
               for line in lines)
    assert "LumenFiber Corp." in result.stdout


def test_explain_unknown_target_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "explain", "0000000000-00-000000",
         "--db", str(tmp_path / "none.db")],
        cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "neither a file nor an accession" in result.stderr
    assert "Traceback" not in result.stderr

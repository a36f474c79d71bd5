"""`edgar-monitor extract PATH --json`: the contract other tools rely on (DESIGN.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS, DOCUMENTS, REPO

SEED = CORPUS / "seed" / "fibercore-2003q1-ex99-2.txt"


def extract_json(path: Path) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-m", "monitor", "extract", str(path), "--json"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.corpus
def test_seed_release_reports_sales_net_loss_and_both_signals() -> None:
    if not SEED.is_file():
        pytest.skip("../shared/corpus is not present")
    data = extract_json(SEED)
    figures = data["figures"]
    signals = data["signals"]
    assert isinstance(figures, dict) and isinstance(signals, dict)
    assert (figures["revenue"]["current"], figures["revenue"]["prior"]) == (4_609_000, 7_885_000)
    assert (figures["net_income"]["current"], figures["net_income"]["prior"]) == (
        -4_005_000, -4_078_000)
    assert signals["going_concern"]["present"] is True
    assert "questioned the Company's ability to continue as a going concern" in (
        signals["going_concern"]["evidence"])
    assert signals["delisting_notice"]["present"] is True
    assert "delisted from the Nasdaq SmallCap Market" in signals["delisting_notice"]["evidence"]
    assert set(signals) == {"going_concern", "delisting_notice", "regained_compliance",
                            "bankruptcy", "non_reliance", "auditor_change"}


def test_own_fibercore_style_release_has_the_same_figures_and_signals() -> None:
    data = extract_json(DOCUMENTS / "e2e" / "lumenfiber-2003q1-ex99.txt")
    figures = data["figures"]
    assert isinstance(figures, dict)
    assert figures["revenue"]["current"] == 4_609_000
    assert figures["net_income"]["prior"] == -4_078_000
    assert figures["eps_diluted"]["current"] == -0.06
    assert figures["stockholders_equity"]["current"] == 903_000
    assert isinstance(data["items"], list)


def test_garbage_input_gives_empty_facts_not_a_crash(tmp_path: Path) -> None:
    junk = tmp_path / "junk.htm"
    junk.write_bytes(b"<html><table><tr><td>\x00\xff\xfe garbage (((( $$$ </td>" * 200)
    data = extract_json(junk)
    assert data["figures"] == {}
    assert not any(s["present"] for s in data["signals"].values())  # type: ignore[attr-defined]


def test_text_output_reads_like_explain_with_separators_and_periods() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "extract",
         str(DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt")],
        cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # Read from the release: "Net sales $4,609 $7,885" in thousands; net loss (4,005) vs (4,078).
    assert "  revenue                   4,609,000         7,885,000    -41.5%  (Net sales)" \
        in lines
    assert "  net_income               -4,005,000        -4,078,000     +1.8%  (Net loss)" in lines
    assert any(line.startswith("Periods: Three Months Ended 2003 vs Three Months Ended 2002")
               for line in lines)
    assert "193542000000" not in result.stdout and lines[-1] == "Items: none"

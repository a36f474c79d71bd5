"""Malformed rule files: each problem is one line naming file:line, rule id and field, with
the closest valid name for a typo, and `rules check` exits 2 without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from monitor.errors import RuleError
from monitor.rules import load_rules

HEAD = """\
rules:
  - id: r
    description: An analyst reads this.
"""

# (rule file text, expected problems with {p} for the file's path)
CASES = [
    pytest.param(
        HEAD
        + """\
    severity: warning
    when:
      figure: net_incme
      op: lt
      value: 0
""",
        ["{p}:6: rule r: when.figure: unknown figure net_incme: did you mean net_income?"],
        id="figure-typo",
    ),
    pytest.param(
        HEAD
        + """\
    severty: warning
    when: {signal: going_concern}
""",
        [
            "{p}:2: rule r: severity: missing (required)",
            "{p}:4: rule r: severty: unknown field: did you mean severity?",
        ],
        id="field-typo",
    ),
    pytest.param(
        HEAD
        + """\
    severity: critcal
    when: {signal: going_concern}
""",
        ["{p}:4: rule r: severity: unknown severity critcal: did you mean critical?"],
        id="severity-typo",
    ),
    pytest.param(
        """\
rules:
  - id: r
    severity: info
    when: {signal: going_concern}
""",
        ["{p}:2: rule r: description: missing (required)"],
        id="description-missing",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      signal: going_concer
""",
        ["{p}:6: rule r: when.signal: unknown signal going_concer: did you mean going_concern?"],
        id="signal-typo",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      - signal: going_concern
      - signal: delisting_notice
""",
        [
            "{p}:5: rule r: when: a list of conditions goes under all: (every one must hold) or "
            "any: (one is enough)"
        ],
        id="bare-list",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      signal: going_concern
      figure: revenue
""",
        [
            "{p}:7: rule r: when.figure: one condition per mapping, got signal and figure; list "
            "them under all: or any:"
        ],
        id="two-kinds",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      any:
        - signal: bankruptcy
        - sigal: going_concern
""",
        ["{p}:8: rule r: when.any[1].sigal: unknown condition sigal: did you mean signal?"],
        id="condition-typo",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      figure: revenue
      op: lte
      value: 0
""",
        ["{p}:7: rule r: when.op: unknown operator lte: did you mean lt?"],
        id="operator-typo",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      figure: revenue
      measure: pct_chg
      op: lt
      value: -25
""",
        ["{p}:7: rule r: when.measure: unknown measure pct_chg: did you mean pct_change?"],
        id="measure-typo",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      figure: revenue
      op: lt
""",
        [
            "{p}:5: rule r: when: a figure condition needs value: (a number) or compare_to: "
            "(another figure)"
        ],
        id="figure-without-value",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      figure: revenue
      op: lt
      value: 0
      last: 2
""",
        [
            "{p}:9: rule r: when.last: last is not an option of a figure condition (its options: "
            "measure, op, value, compare_to)"
        ],
        id="option-of-another-kind",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      op: lt
      value: 0
""",
        [
            "{p}:6: rule r: when.op: op needs the condition it belongs to (figure:, history:, "
            "sign_flip: or loss_widened:) in the same mapping"
        ],
        id="orphan-option",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      figure: revenue
      op: lt
      value: 25%
""",
        [
            "{p}:8: rule r: when.value: write percentages as plain numbers: 25% is 25 (with "
            "measure: pct_change)"
        ],
        id="value-percent",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      figure: revenue
      op: lt
      value: ten
""",
        [
            "{p}:8: rule r: when.value: input should be a valid number, unable to parse string as "
            "a number"
        ],
        id="value-not-a-number",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      items: ["2.2"]
""",
        ["{p}:6: rule r: when.items: unknown 8-K item 2.2: did you mean 2.02?"],
        id="item-typo",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      sic: [0100]
""",
        [
            "{p}:6: rule r: when.sic: SIC code 64 is not 4 digits; quote codes with a leading zero "
            "('0100'), YAML reads 0100 as 64"
        ],
        id="sic-octal",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      history: net_income
      last: 12
      op: lt
""",
        ["{p}:7: rule r: when.last: must be between 1 and 8 (earlier filings kept for rules)"],
        id="history-too-long",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      history: net_income
      op: lt
      value: 0
""",
        [
            "{p}:5: rule r: when: with measure: value the current figure is compared with the "
            "earlier ones directly; drop value: or use measure: change or pct_change"
        ],
        id="history-value-without-measure",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when:
      not: going_concern
""",
        ["{p}:6: rule r: when.not: a condition is a mapping: write signal: going_concern"],
        id="not-a-mapping",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    signal: going_concern
    when: {signal: going_concern}
""",
        ["{p}:5: rule r: signal: conditions go under when: (when: {{signal: ...}})"],
        id="condition-outside-when",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    channel: General Alerts
    when: {signal: going_concern}
""",
        [
            "{p}:5: rule r: channel: 'General Alerts' is not a Slack channel: write #name "
            "(lowercase, no spaces) or a channel ID such as C0123456789"
        ],
        id="channel",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    dedupe: {per: company}
    when: {signal: going_concern}
""",
        [
            "{p}:5: rule r: dedupe: per: company needs days: (fire at most once per company in "
            "that many days)"
        ],
        id="dedupe-without-days",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    enabled: maybe
    when: {signal: going_concern}
""",
        ["{p}:5: rule r: enabled: input should be a valid boolean, unable to interpret input"],
        id="enabled-not-bool",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when: {signal: going_concern}
  - id: r
    description: Again.
    severity: info
    when: {signal: bankruptcy}
""",
        ["{p}:6: rule r: id: duplicate id (first defined in {p}:2)"],
        id="duplicate-id",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    severity: critical
    when: {signal: going_concern}
""",
        ["{p}:5: rule r: severity: duplicate key: YAML would silently keep only the last"],
        id="duplicate-key",
    ),
    pytest.param(
        """\
rules:
  - id: Going Concern
    description: x
    severity: info
    when: {signal: going_concern}
""",
        [
            "{p}:2: rule Going Concern: id: 'Going Concern' is not a rule id: use lowercase "
            "letters, digits, - and _ (e.g. going-concern)"
        ],
        id="bad-id",
    ),
    pytest.param(
        """\
rules:
  - just a sentence
""",
        ["{p}:2: rule #1: must be a mapping with id, description, severity and when"],
        id="rule-not-a-mapping",
    ),
    pytest.param(
        """\
rule:
  - id: r
""",
        ["{p}:1: rules: a rules file needs a top-level `rules:` list"],
        id="no-rules-key",
    ),
    pytest.param(
        """\
rules:
  - id: r
    description: [unclosed
""",
        ["{p}:4: invalid YAML: expected ',' or ']', but got '<stream end>'"],
        id="yaml-syntax",
    ),
    pytest.param(
        HEAD
        + """\
    severity: info
    when: {}
""",
        [
            "{p}:5: rule r: when: an empty condition: write a mapping with one of all, any, not, "
            "signal, items, form, figure, sign_flip, loss_widened, history, cik, ticker, sic, "
            "watchlist, fact, xbrl"
        ],
        id="empty-condition",
    ),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_malformed_rule_file_is_reported_exactly(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    assert str(caught.value).splitlines() == [e.format(p=path) for e in expected]
    assert caught.value.exit_code == 2


def test_unknown_watchlist_is_checked_against_config(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "    severity: info\n    when: {watchlist: distresed}\n")
    load_rules([path])  # without config names, any watchlist name loads
    with pytest.raises(RuleError) as caught:
        load_rules([path], known_watchlists={"distressed", "banks"})
    assert str(caught.value) == (
        f"{path}:5: rule r: when.watchlist: unknown watchlist distresed: did you mean distressed?"
    )


def test_every_problem_of_every_file_is_listed_in_line_order(tmp_path: Path) -> None:
    first = write(tmp_path, HEAD + "    severity: info\n    when: {signal: bankrupcy}\n")
    second = tmp_path / "more.yaml"
    second.write_text(
        "rules:\n  - id: r\n    description: d\n    severity: loud\n    when: {form: 8-K}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    assert str(caught.value).splitlines() == [
        f"{first}:5: rule r: when.signal: unknown signal bankrupcy: did you mean bankruptcy?",
        f"{second}:4: rule r: severity: unknown severity loud (valid: info, warning, critical)",
    ]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"nowhere: no such rules file or folder$"):
        load_rules([tmp_path / "nowhere"])
    with pytest.raises(RuleError, match=r"^no rules found in "):
        load_rules([tmp_path])


# -- through the CLI ------------------------------------------------------------------------


def rules_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", "rules", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=path.parent,
        check=False,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [c for c in CASES if c.id in ("figure-typo", "field-typo", "duplicate-id", "yaml-syntax")],
)
def test_rules_check_exits_2_with_one_error_line_per_problem(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = write(tmp_path, text)
    result = rules_check(path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"error: {e.format(p=path)}" for e in expected]


def test_rules_check_accepts_the_default_rules() -> None:
    result = rules_check(Path(__file__).resolve().parents[1] / "rules" / "default.yaml")
    assert (result.returncode, result.stderr) == (0, "")
    count = len(load_rules([Path(__file__).resolve().parents[1] / "rules" / "default.yaml"]).rules)
    assert result.stdout == f"ok: {count} rules in 1 file(s)\n"

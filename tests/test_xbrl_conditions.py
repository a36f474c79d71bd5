"""The `xbrl:` rule condition: a figure rule that fires only on a prior verified against
XBRL, and how a wrong status is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import RuleError
from monitor.rules import RuleSet, evaluate, explain, load_rules

from .test_rules import SEED, rule

VERIFIED_DROP = {"all": [
    {"figure": "revenue", "measure": "pct_change", "op": "lt", "value": -25},
    {"xbrl": "revenue"},
]}


@pytest.mark.parametrize(("status", "fires", "reason"), [
    ("match", True, "revenue prior verified against XBRL"),
    ("mismatch", False, "revenue prior contradicted by XBRL (wanted match)"),
    ("unavailable", False, "revenue prior not checkable against XBRL (wanted match)"),
    (None, False, "revenue prior not checkable against XBRL (wanted match)"),
])
def test_figure_rule_can_require_a_verified_prior(
    status: str | None, fires: bool, reason: str
) -> None:
    ruleset = RuleSet((rule(VERIFIED_DROP),), ())
    statuses = {"revenue": status} if status else {}
    [verdict] = explain(ruleset, SEED, xbrl_status=statuses)
    assert verdict.fired is fires
    assert reason in verdict.reason
    assert bool(evaluate(ruleset, SEED, "#a", xbrl_status=statuses)) is fires


def test_status_may_list_several() -> None:
    ruleset = RuleSet((rule({"xbrl": "net_income", "status": ["mismatch", "unavailable"]}),),
                      ())
    assert explain(ruleset, SEED, xbrl_status={"net_income": "unavailable"})[0].fired
    assert not explain(ruleset, SEED, xbrl_status={"net_income": "match"})[0].fired


def test_unknown_status_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("rules:\n  - id: r\n    description: d\n    severity: info\n"
                    "    when:\n      xbrl: revenue\n      status: matched\n")
    with pytest.raises(RuleError, match=r"r.yaml:7: rule r: when.status\[0\]: unknown status "
                                        r"matched: did you mean match\?"):
        load_rules([path])


@pytest.mark.parametrize(("when", "wanted"), [
    ({"loss_widened": "net_income", "last": 2}, ["history:net_income"]),
    ({"history": "revenue", "last": 3, "op": "lt"}, ["history:revenue"]),
    ({"xbrl": "revenue"}, ["xbrl:revenue"]),
    ({"signal": "going_concern"}, []),
    ({"loss_widened": "net_income"}, []),  # against the filing's own prior column only
])
def test_unchecked_filing_says_what_xbrl_could_change(when: object,
                                                     wanted: list[str]) -> None:
    wants: list[str] = []
    explain(RuleSet((rule(when),), ()), SEED, wants=wants)
    assert wants == wanted

"""Rules: load and validate `rules/*.yaml`, then evaluate them against a filing's facts.

Evaluation is pure: facts and history in, matches out. No rule text is ever executed.
"""

from __future__ import annotations

import difflib
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor.errors import RuleError
from monitor.models import FIGURE_NAMES, SIGNAL_NAMES, Figure, FilingFacts, RuleMatch, Severity
from monitor.yamlfile import YamlDocument, YamlSyntaxError, describe_validation_error, load_yaml

_OPS: dict[str, Callable[[float, float], bool]] = {
    "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
    "eq": operator.eq, "ne": operator.ne,
}
Measure = Literal["current", "prior", "change", "pct_change"]


def _suggest(value: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _check_name(value: str, choices: Sequence[str], kind: str) -> str:
    if value not in choices:
        raise ValueError(f"unknown {kind} {value!r}{_suggest(value, choices)}")
    return value


class Condition(BaseModel):
    """One node of a rule's `when`: exactly one of the keys below."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None
    not_: Condition | None = Field(None, alias="not")
    signal: str | None = None
    items: tuple[str, ...] | None = None
    form: tuple[str, ...] | None = None
    figure: str | None = None
    measure: Measure = "current"
    op: str | None = None
    value: float | None = None
    loss_widened: str | None = None

    @field_validator("signal")
    @classmethod
    def _signal_known(cls, value: str | None) -> str | None:
        return None if value is None else _check_name(value, SIGNAL_NAMES, "signal")

    @field_validator("figure", "loss_widened")
    @classmethod
    def _figure_known(cls, value: str | None) -> str | None:
        return None if value is None else _check_name(value, FIGURE_NAMES, "figure")

    @field_validator("op")
    @classmethod
    def _op_known(cls, value: str | None) -> str | None:
        return None if value is None else _check_name(value, list(_OPS), "operator")

    @field_validator("items", "form", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str | float | int) else value

    @field_validator("items")
    @classmethod
    def _items_text(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if value is None else tuple(str(v) for v in value)

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        kinds = [k for k in ("all", "any", "not_", "signal", "items", "form", "figure",
                             "loss_widened") if getattr(self, k) is not None]
        if len(kinds) != 1:
            named = ", ".join(k.rstrip("_") for k in kinds) or "none"
            raise ValueError(
                "a condition needs exactly one of all, any, not, signal, items, form, "
                f"figure, loss_widened (got {named})"
            )
        if self.figure is not None and (self.op is None or self.value is None):
            raise ValueError("a figure condition needs op and value")
        return self


class Rule(BaseModel):
    """One alerting rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    description: str
    severity: Severity = "warning"
    channel: str | None = None
    enabled: bool = True
    when: Condition
    evidence_signal: str | None = None
    title: str | None = None


class RuleFile(BaseModel):
    """A rules YAML file: a top-level `rules:` list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Validated rules from one or more files."""

    rules: tuple[Rule, ...]
    sources: tuple[str, ...]


def load_rules(paths: Sequence[Path]) -> RuleSet:
    """Load every `*.yaml` under the given files/folders; RuleError lists every problem."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(f"{path}: no such rules file or folder")
    problems: list[str] = []
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            doc = load_yaml(file)
        except YamlSyntaxError as exc:
            problems.append(str(exc))
            continue
        for rule in _validate_file(doc, problems):
            if rule.id in seen:
                problems.append(
                    f"{file}:{_rule_line(doc, rule.id)}: rule {rule.id}: id: duplicate id "
                    f"(first defined in {seen[rule.id]})"
                )
                continue
            seen[rule.id] = str(file)
            rules.append(rule)
    if problems:
        raise RuleError("\n".join(problems))
    if not rules:
        raise RuleError(f"no rules found in {', '.join(map(str, paths))}")
    return RuleSet(tuple(rules), tuple(str(f) for f in files))


def _validate_file(doc: YamlDocument, problems: list[str]) -> list[Rule]:
    if not isinstance(doc.data, dict) or "rules" not in doc.data:
        problems.append(f"{doc.path}:1: rules: a rules file needs a top-level `rules:` list")
        return []
    raw_rules = doc.data["rules"]
    if not isinstance(raw_rules, list):
        problems.append(f"{doc.path}:{doc.line_of(('rules',))}: rules: must be a list")
        return []
    extra = set(doc.data) - {"rules"}
    for key in sorted(extra):
        problems.append(f"{doc.path}:{doc.line_of((key,))}: {key}: unknown field")
    out = []
    for i, raw in enumerate(raw_rules):
        label = ""
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            label = f"rule {raw['id']}: "
        try:
            out.append(Rule.model_validate(raw))
        except ValidationError as exc:
            problems.extend(
                describe_validation_error(doc, exc, prefix=("rules", i), label=label)
            )
    return out


def _rule_line(doc: YamlDocument, rule_id: str) -> int:
    for i, raw in enumerate(doc.data.get("rules", [])):
        if isinstance(raw, dict) and raw.get("id") == rule_id:
            return doc.line_of(("rules", i, "id"))
    return 1


# -- evaluation -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a rule fired on a filing, and why (or why not)."""

    rule: Rule
    fired: bool
    reason: str


def evaluate(
    ruleset: RuleSet,
    facts: FilingFacts,
    default_channel: str,
    history: Sequence[Mapping[str, Any]] = (),
) -> list[RuleMatch]:
    """Matches of the enabled rules on one filing."""
    return [
        _match(v.rule, facts, default_channel)
        for v in explain(ruleset, facts, history)
        if v.fired
    ]


def explain(
    ruleset: RuleSet, facts: FilingFacts, history: Sequence[Mapping[str, Any]] = ()
) -> list[Verdict]:
    """A verdict for every rule, enabled or not."""
    verdicts = []
    for rule in ruleset.rules:
        if not rule.enabled:
            verdicts.append(Verdict(rule, False, "disabled"))
            continue
        fired, reason = _check(rule.when, facts)
        verdicts.append(Verdict(rule, fired, reason))
    return verdicts


def _check(cond: Condition, facts: FilingFacts) -> tuple[bool, str]:
    if cond.all is not None:
        for sub in cond.all:
            ok, why = _check(sub, facts)
            if not ok:
                return False, why
        return True, "all conditions hold"
    if cond.any is not None:
        reasons = []
        for sub in cond.any:
            ok, why = _check(sub, facts)
            if ok:
                return True, why
            reasons.append(why)
        return False, "none of: " + "; ".join(reasons)
    if cond.not_ is not None:
        ok, why = _check(cond.not_, facts)
        return (not ok), (f"not ({why})")
    if cond.signal is not None:
        sig = facts.signals.get(cond.signal)
        if sig is not None and sig.present:
            return True, f"signal {cond.signal} present"
        return False, f"signal {cond.signal} absent"
    if cond.items is not None:
        hit = [i for i in cond.items if i in facts.items]
        if hit:
            return True, f"item {', '.join(hit)} reported"
        return False, f"no item {', '.join(cond.items)}"
    if cond.form is not None:
        form = facts.filing.ref.form
        ok = form.upper() in {f.upper() for f in cond.form}
        return ok, f"form {form}" + ("" if ok else f" not in {', '.join(cond.form)}")
    if cond.figure is not None:
        return _check_figure(cond, facts.figures.get(cond.figure))
    if cond.loss_widened is not None:
        return _check_loss_widened(cond.loss_widened, facts.figures.get(cond.loss_widened))
    raise AssertionError("validated condition has a kind")  # pragma: no cover


def _check_figure(cond: Condition, fig: Figure | None) -> tuple[bool, str]:
    assert cond.figure is not None and cond.op is not None and cond.value is not None
    if fig is None:
        return False, f"figure {cond.figure} not found"
    measures = {
        "current": fig.current, "prior": fig.prior,
        "change": fig.change(), "pct_change": fig.pct_change(),
    }
    value = measures[cond.measure]
    if value is None:
        return False, f"{cond.figure} {cond.measure} unknown"
    ok = _OPS[cond.op](value, cond.value)
    return ok, f"{cond.figure} {cond.measure} {value:,.2f} {cond.op} {cond.value:,.2f}: {ok}"


def _check_loss_widened(name: str, fig: Figure | None) -> tuple[bool, str]:
    if fig is None or fig.current is None or fig.prior is None:
        return False, f"{name}: no current and prior values"
    if fig.current >= 0 or fig.prior >= 0:
        return False, f"{name}: not a loss in both periods"
    if fig.current < fig.prior:
        return True, f"{name} loss widened from {-fig.prior:,.0f} to {-fig.current:,.0f}"
    return False, f"{name} loss narrowed from {-fig.prior:,.0f} to {-fig.current:,.0f}"


def _match(rule: Rule, facts: FilingFacts, default_channel: str) -> RuleMatch:
    evidence = None
    signal_name = rule.evidence_signal or _first_signal(rule.when)
    if signal_name and (sig := facts.signals.get(signal_name)) and sig.present:
        evidence = sig.evidence
    return RuleMatch(
        rule_id=rule.id,
        severity=rule.severity,
        channel=rule.channel or default_channel,
        title=rule.title or rule.id.replace("-", " ").capitalize(),
        description=rule.description,
        dedupe_key=f"{rule.id}:{facts.filing.accession}",
        evidence=evidence,
    )


def _first_signal(cond: Condition) -> str | None:
    if cond.signal is not None:
        return cond.signal
    for group in (cond.all, cond.any):
        for sub in group or ():
            found = _first_signal(sub)
            if found:
                return found
    return None

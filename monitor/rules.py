"""Rules: load and validate `rules/*.yaml`, then evaluate them against a filing's facts.

Loading names every problem as `file:line: rule ID: field: message`, with the closest valid
name for a typo. Evaluation is pure (facts, history and watchlists in; matches or verdicts
out) and never executes rule text: conditions are data, checked by `monitor.conditions`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

import structlog
import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from monitor.conditions import (
    HISTORY_LIMIT,
    KINDS,
    OPTIONS,
    TAG_PREFIX,
    AllOf,
    AnyOf,
    Condition,
    Context,
    Not,
    OnWatchlist,
    SignalName,
    amount,
    fields_of,
    percent,
    suggest,
)
from monitor.errors import RuleError
from monitor.models import SEVERITIES, Figure, FilingFacts, RuleMatch, Severity
from monitor.yamlfile import YamlDocument, YamlSyntaxError, load_yaml

__all__ = [
    "Dedupe", "Rule", "RuleSet", "RulesInForce", "Verdict", "evaluate", "explain", "load_rules",
    "rule_files",
]

log = structlog.get_logger("monitor.rules")

Problem = tuple[int, str]  # (line, "rule ID: field: message") within one file
_NO_WATCHLISTS: Mapping[str, Sequence[str]] = MappingProxyType({})
_NO_XBRL: Mapping[str, str] = MappingProxyType({})


def _severity(value: Any) -> Any:
    if isinstance(value, str) and value not in SEVERITIES:
        raise ValueError(f"unknown severity {value}{suggest(value, SEVERITIES)}")
    return value


class Dedupe(BaseModel):
    """How often a rule may fire: once per filing, or once per company per `days`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    per: Literal["filing", "company"] = "filing"
    days: Annotated[float, Field(gt=0)] | None = None

    @field_validator("per", mode="before")
    @classmethod
    def _per_known(cls, value: Any) -> Any:
        if isinstance(value, str) and value not in ("filing", "company"):
            raise ValueError(f"unknown dedupe scope {value}{suggest(value, ['filing', 'company'])}")
        return value

    @model_validator(mode="after")
    def _days_with_company(self) -> Dedupe:
        if self.per == "company" and self.days is None:
            raise ValueError("per: company needs days: (fire at most once per company in that "
                             "many days)")
        if self.per == "filing" and self.days is not None:
            raise ValueError("days: only applies with per: company")
        return self


class Escalation(BaseModel):
    """`escalate: {to: critical, when: {...}}`: a higher severity when a further condition
    also holds (a delisting of common stock by the exchange against a voluntary one)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    to: Annotated[Severity, BeforeValidator(_severity)]
    when: Condition


class Rule(BaseModel):
    """One alerting rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    description: str
    severity: Annotated[Severity, BeforeValidator(_severity)]
    title: str | None = None
    channel: str | None = None
    enabled: bool = True
    when: Condition
    evidence_signal: SignalName | None = None
    dedupe: Dedupe = Dedupe()
    escalate: Escalation | None = None

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not value or not all(c.islower() or c.isdigit() or c in "-_" for c in value) \
                or not value[0].isalnum():
            raise ValueError(f"{value!r} is not a rule id: use lowercase letters, digits, - and "
                             "_ (e.g. going-concern)")
        return value

    @field_validator("description")
    @classmethod
    def _described(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty: say what the analyst should know when this fires")
        return value

    @field_validator("channel")
    @classmethod
    def _channel_format(cls, value: str | None) -> str | None:
        # Slack channel names are lowercase, no spaces, up to 80 characters; IDs are C/G...
        if value is None:
            return value
        name = value[1:] if value.startswith("#") else ""
        ok_name = 0 < len(name) <= 80 and all(c.islower() or c.isdigit() or c in "-_."
                                               for c in name)
        ok_id = value[:1] in ("C", "G") and value.isalnum() and value.isupper()
        if not (ok_name or ok_id):
            raise ValueError(f"{value!r} is not a Slack channel: write #name (lowercase, no "
                             "spaces) or a channel ID such as C0123456789")
        return value

    @property
    def display_title(self) -> str:
        return self.title or self.id.replace("-", " ").replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Validated rules from one or more files."""

    rules: tuple[Rule, ...]
    sources: tuple[str, ...]


# -- loading --------------------------------------------------------------------------------


def rule_files(paths: Sequence[Path]) -> list[Path]:
    """The rule files named by `paths`: files as given, folders' `*.yaml`/`*.yml` sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir()
                                if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(f"{path}: no such rules file or folder")
    return files


def load_rules(
    paths: Sequence[Path], *, known_watchlists: Collection[str] | None = None
) -> RuleSet:
    """Load and validate every rule file under `paths`; RuleError lists every problem, one
    per line. With `known_watchlists` (config's names), watchlist conditions are checked too."""
    files = rule_files(paths)
    problems: list[str] = []
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
            doc = load_yaml(file, text)
        except YamlSyntaxError as exc:
            problems.append(str(exc))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{file}:1: cannot read: {exc}")
            continue
        found = _duplicate_keys(doc, text)
        for index, rule in _validate_file(doc, found):
            line = doc.line_of(("rules", index, "id"))
            if rule.id in seen:
                found.append((line, f"rule {rule.id}: id: duplicate id (first defined in "
                                    f"{seen[rule.id]})"))
                continue
            seen[rule.id] = f"{file}:{line}"
            if known_watchlists is not None:
                for loc, name in _watchlists(rule.when, ("when",)):
                    if name not in known_watchlists:
                        hint = suggest(name, sorted(known_watchlists)) if known_watchlists \
                            else " (config defines no watchlists)"
                        found.append((doc.line_of(("rules", index, *loc)),
                                      f"rule {rule.id}: {_field(loc)}: unknown watchlist "
                                      f"{name}{hint}"))
            rules.append(rule)
        # Sorted by line so the list reads top to bottom like the file.
        problems.extend(f"{file}:{line}: {text}" for line, text in
                        sorted(found, key=lambda p: p[0]))
    if problems:
        raise RuleError("\n".join(problems))
    if not rules:
        raise RuleError(f"no rules found in {', '.join(map(str, paths))}")
    return RuleSet(tuple(rules), tuple(str(f) for f in files))



class RulesInForce:
    """The rule set the daemon evaluates, loaded from `paths` and replaced whole when the
    files change and the new set validates (a broken edit keeps the last good set)."""

    def __init__(self, paths: Sequence[Path], *, known_watchlists: Collection[str],
                 ruleset: RuleSet | None = None) -> None:
        self.paths = tuple(paths)
        self.known_watchlists = tuple(known_watchlists)
        self.ruleset = ruleset or self._load()
        self.fingerprint = self._fingerprint()

    def _load(self) -> RuleSet:
        return load_rules(self.paths, known_watchlists=self.known_watchlists)

    def _fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Name, mtime and size of every rule file: a change means reload."""
        out = []
        for path in rule_files(self.paths):
            with contextlib.suppress(OSError):
                stat = path.stat()
                out.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(out)

    def reload(self, *, force: bool = False) -> bool:
        """Load the files again if they changed (or `force`); True when a new set is in
        force. A set that does not validate is logged and refused."""
        fingerprint = self._fingerprint()
        if not force and fingerprint == self.fingerprint:
            return False
        self.fingerprint = fingerprint
        try:
            ruleset = self._load()
        except RuleError as exc:
            log.error("rules_rejected", problems=str(exc).splitlines(),
                      kept=len(self.ruleset.rules))
            return False
        self.ruleset = ruleset
        log.info("rules_reloaded", rules=len(ruleset.rules), files=list(ruleset.sources))
        return True


def _validate_file(doc: YamlDocument, problems: list[Problem]) -> list[tuple[int, Rule]]:
    if not isinstance(doc.data, dict) or "rules" not in doc.data:
        problems.append((1, "rules: a rules file needs a top-level `rules:` list"))
        return []
    for key in doc.data:
        if key != "rules":
            problems.append((doc.line_of((key,)),
                             f"{key}: unknown field{suggest(str(key), ['rules'])}"))
    raw_rules = doc.data["rules"]
    if not isinstance(raw_rules, list):
        problems.append((doc.line_of(("rules",)), "rules: must be a list of rules"))
        return []
    out = []
    for index, raw in enumerate(raw_rules):
        label = f"rule #{index + 1}"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
            label = f"rule {raw['id']}"
        if not isinstance(raw, dict):
            problems.append((doc.line_of(("rules", index)), f"{label}: must be a mapping with "
                             "id, description, severity and when"))
            continue
        try:
            out.append((index, Rule.model_validate(raw)))
        except ValidationError as exc:
            for loc, message in _describe(exc):
                problems.append((doc.line_of(("rules", index, *loc)),
                                 f"{label}: {_field(loc)}: {message}"))
    return out


def _field(loc: Sequence[str | int]) -> str:
    """`when.all[1].figure` for loc ("when", "all", 1, "figure")."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(rule)"


def _describe(exc: ValidationError) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(location inside the rule, message) for each pydantic error, in analyst wording."""
    for err in exc.errors():
        loc: list[str | int] = []
        context = "rule"  # which model the last location part belongs to
        for part in err["loc"]:
            if isinstance(part, str) and part.startswith(TAG_PREFIX):
                context = part[len(TAG_PREFIX):]
                continue
            if part == "dedupe" and context == "rule" and not loc:
                context = "dedupe"
            loc.append(part)
        yield tuple(loc) + _extra_loc(err), _message(err, context, loc)


def _extra_loc(err: ErrorDetails) -> tuple[str, ...]:
    ctx = err.get("ctx") or {}
    return (str(ctx["field"]),) if err["type"] == "condition_kind" and "field" in ctx else ()


def _message(err: ErrorDetails, context: str, loc: list[str | int]) -> str:
    kind, msg = err["type"], err["msg"]
    key = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        if context == "rule" and key in KINDS:
            return f"conditions go under when: (when: {{{key}: ...}})"
        if context in KINDS and key in OPTIONS:
            options = KINDS[context].options
            listed = f" (its options: {', '.join(options)})" if options else ""
            return f"{key} is not an option of a {context} condition{listed}"
        allowed = {"rule": list(Rule.model_fields), "dedupe": list(Dedupe.model_fields)}.get(
            context) or fields_of(context)
        return f"unknown field{suggest(key, allowed)}"
    if kind == "missing":
        if context in KINDS:
            return f"missing: a {context} condition needs {key}:"
        return "missing (required)"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if key == "last" and kind in ("greater_than_equal", "less_than_equal"):
        return f"must be between 1 and {HISTORY_LIMIT} (earlier filings kept for rules)"
    return msg[:1].lower() + msg[1:]


def _watchlists(cond: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...],
                                                                         str]]:
    if isinstance(cond, OnWatchlist):
        yield (*loc, "watchlist"), cond.watchlist
    elif isinstance(cond, AllOf | AnyOf):
        key = cond.kind
        for i, sub in enumerate(cond.all if isinstance(cond, AllOf) else cond.any):
            yield from _watchlists(sub, (*loc, key, i))
    elif isinstance(cond, Not):
        yield from _watchlists(cond.not_, (*loc, "not"))


def _duplicate_keys(doc: YamlDocument, text: str) -> list[Problem]:
    """PyYAML keeps the last of two equal keys silently; a rule author must be told."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # already reported by load_yaml
        return []
    out: list[Problem] = []

    def walk(node: yaml.Node, loc: tuple[str | int, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in seen:
                    out.append((key_node.start_mark.line + 1, _located(
                        doc, (*loc, key), "duplicate key: YAML would silently keep only the "
                        "last")))
                seen.add(key)
                walk(value_node, (*loc, key))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*loc, i))

    if root is not None:
        walk(root, ())
    return out


def _located(doc: YamlDocument, loc: tuple[str | int, ...], message: str) -> str:
    if len(loc) >= 3 and loc[0] == "rules" and isinstance(loc[1], int):
        raw = doc.data["rules"][loc[1]] if isinstance(doc.data, dict) else None
        label = f"rule {raw['id']}" if isinstance(raw, dict) and isinstance(raw.get("id"), str) \
            else f"rule #{loc[1] + 1}"
        return f"{label}: {_field(loc[2:])}: {message}"
    return f"{_field(loc)}: {message}"


# -- evaluation -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a rule fired on a filing, and why (or why not), in an analyst's words."""

    rule: Rule
    fired: bool
    reason: str


def explain(
    ruleset: RuleSet,
    facts: FilingFacts,
    history: Sequence[Mapping[str, Any]] = (),
    *,
    watchlists: Mapping[str, Sequence[str]] = _NO_WATCHLISTS,
    xbrl_status: Mapping[str, str] = _NO_XBRL,
    wants: list[str] | None = None,
) -> list[Verdict]:
    """A verdict for every rule, enabled or not, in rule-set order. With `wants` (a list
    to fill), the filing is taken as not yet checked against XBRL and the list receives
    what XBRL could have changed (history a rule lacked, a prior's status)."""
    ctx = Context(facts, history, watchlists, xbrl_status, xbrl_checked=wants is None,
                  wants=wants if wants is not None else [])
    verdicts = []
    for rule in ruleset.rules:
        if not rule.enabled:
            verdicts.append(Verdict(rule, False, "disabled (enabled: false)"))
            continue
        fired, reason = rule.when.check(ctx)
        verdicts.append(Verdict(rule, fired, reason))
    return verdicts


def evaluate(
    ruleset: RuleSet,
    facts: FilingFacts,
    default_channel: str,
    history: Sequence[Mapping[str, Any]] = (),
    *,
    watchlists: Mapping[str, Sequence[str]] = _NO_WATCHLISTS,
    xbrl_status: Mapping[str, str] = _NO_XBRL,
    wants: list[str] | None = None,
) -> list[RuleMatch]:
    """Matches of the enabled rules on one filing, each routed and keyed for dedupe."""
    # Escalation is judged on the same XBRL-checked context, without recording wants.
    ctx = Context(facts, history, watchlists, xbrl_status)
    return [
        _match(v.rule, facts, default_channel, ctx, v.reason)
        for v in explain(ruleset, facts, history, watchlists=watchlists,
                         xbrl_status=xbrl_status, wants=wants)
        if v.fired
    ]


def _match(rule: Rule, facts: FilingFacts, default_channel: str, ctx: Context,
           reason: str = "") -> RuleMatch:
    severity = rule.severity
    if rule.escalate is not None and rule.escalate.when.check(ctx)[0]:
        severity = rule.escalate.to
    return RuleMatch(
        rule_id=rule.id,
        severity=severity,
        channel=rule.channel or default_channel,
        title=rule.display_title,
        description=" ".join(rule.description.split()),
        dedupe_key=f"{rule.id}:{facts.filing.accession}",
        evidence=_evidence(rule, facts),
        window_days=rule.dedupe.days if rule.dedupe.per == "company" else None,
        reason=reason,
    )


def _evidence(rule: Rule, facts: FilingFacts) -> str | None:
    """The sentence to quote: a present signal's evidence, else a figure's source text."""
    names = [rule.evidence_signal] if rule.evidence_signal else rule.when.signal_names()
    for name in names:
        sig = facts.signals.get(name)
        if sig is not None and sig.present and sig.evidence:
            return sig.evidence
    for name in rule.when.figure_names():
        fig = facts.figures.get(name)
        if fig is not None and fig.source == "sentence" and fig.context:
            return fig.context  # the sentence that states the figure
        if fig is not None and fig.current is not None:
            return _figure_evidence(fig)
    return None


def _figure_evidence(fig: Figure) -> str:
    """A table figure quoted as its line: `Net revenue: 1,420,300,000 vs 2,151,800,000
    (-34.0%), Three Months Ended September 30, 2026 vs ... 2025`."""
    assert fig.current is not None
    text = f"{fig.label or fig.name}: {amount(fig.name, fig.current)}"
    if fig.prior is not None:
        text += f" vs {amount(fig.name, fig.prior)}"
        pct = fig.pct_change()
        if fig.prior * fig.current < 0:  # a percent across zero says nothing
            text += f" (turned {'negative' if fig.current < 0 else 'positive'})"
        elif pct is not None:
            text += f" ({percent(pct)})"
    periods = re.search(r"\[([^\[\]]+)\]\s*$", fig.context)
    return f"{text}, {periods.group(1)}" if periods else text

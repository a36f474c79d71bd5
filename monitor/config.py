"""The one frozen configuration object, built once from config.yaml plus secrets from the
environment. No other module reads os.environ."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from monitor.defaults import default_rules_dir
from monitor.errors import ConfigError
from monitor.yamlfile import YamlDocument, YamlSyntaxError, load_yaml

SEC_URL = "https://www.sec.gov"
SLACK_API_URL = "https://slack.com/api/"
# SEC asks for "Sample Company Name AdminContact@<sample company domain>.com".
_FORM_TYPE = re.compile(r"[0-9A-Za-z][0-9A-Za-z -]{0,19}(?:/A)?")
_DECLARED_AGENT = re.compile(r"^\S.*\s\S+@[\w.-]+\.[A-Za-z]{2,}\s*$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EdgarConfig(_Frozen):
    """How to reach EDGAR, and how politely."""

    base_url: str = SEC_URL
    user_agent: str = ""
    rate_per_second: float = Field(10.0, gt=0, le=10)
    timeout_seconds: float = Field(30.0, gt=0)
    max_attempts: int = Field(4, ge=1, le=10)
    max_retry_seconds: float = Field(60.0, gt=0)
    throttle_block_seconds: float = Field(600.0, ge=0)
    not_published_retry_seconds: float = Field(30.0, ge=0)
    max_document_bytes: int = Field(5_000_000, gt=0)
    # Documents fetched per filing at most (the primary document and EX-99s first): a filing
    # listing thousands must not queue thousands of requests.
    max_documents_per_filing: int = Field(10, ge=1, le=1000)

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


class DiscoveryConfig(_Frozen):
    """Which filings to look at and how often."""

    forms: tuple[str, ...] = (
        "8-K", "8-K/A", "NT 10-K", "NT 10-Q", "NT 20-F", "25-NSE", "25", "15-12G", "15-12B",
        "15-15D",
    )
    # 4 s: publish-to-Slack p50 <= 3 s, p95 <= 6 s (BENCHMARKS.md); 4 feed requests a poll.
    poll_interval_seconds: float = Field(4.0, ge=1)
    feed_page_size: int = Field(100, ge=10, le=100)
    max_feed_pages: int = Field(51, ge=1, le=51)
    reconcile_days: int = Field(5, ge=0, le=30)
    initial_lookback_minutes: float = Field(60.0, ge=0)
    document_types: tuple[str, ...] = ("EX-99*",)
    # "auto": read the 8-K body when no exhibit is selected or an item below is reported
    # (their substance is written in the body, not in a press release).
    primary_document: str = Field("auto", pattern="^(auto|always|never)$")
    primary_document_items: tuple[str, ...] = (
        "1.03", "2.04", "2.06", "3.01", "4.01", "4.02", "5.01", "8.01",
    )
    concurrency: int = Field(4, ge=1, le=16)

    @field_validator("forms")
    @classmethod
    def _form_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("list at least one form type, e.g. 8-K")
        bad = [f for f in value if not _FORM_TYPE.fullmatch(f.strip())]
        if bad:
            raise ValueError(f"{', '.join(repr(f) for f in bad)}: not a form type such as "
                             "8-K, NT 10-K, 25-NSE or 15-12G")
        return tuple(f.strip().upper() for f in value)


class ExtractionConfig(_Frozen):
    """Bounds on reading one document: worker processes and a time budget each."""

    time_budget_seconds: float = Field(10.0, gt=0, le=600)
    workers: int = Field(2, ge=1, le=16)


class SlackConfig(_Frozen):
    """Where alerts go; tokens come from the environment only."""

    default_channel: str = "#edgar-alerts"
    bot_token: str = Field("", exclude=True, repr=False)
    webhook_url: str = Field("", exclude=True, repr=False)
    api_url: str = SLACK_API_URL
    max_retries: int = Field(2, ge=0, le=10)  # in-call retries: 429 Retry-After, 5xx, resets


class HealthConfig(_Frozen):
    """The /healthz and /metrics server; loopback by default."""

    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(8787, ge=0, le=65535)


class XbrlConfig(_Frozen):
    """Company history and figure checks from data.sec.gov companyfacts (issue 17)."""

    enabled: bool = True


class Config(_Frozen):
    """Everything the daemon needs, validated once."""

    edgar: EdgarConfig = EdgarConfig()
    discovery: DiscoveryConfig = DiscoveryConfig()
    extraction: ExtractionConfig = ExtractionConfig()
    slack: SlackConfig = SlackConfig()
    health: HealthConfig = HealthConfig()
    xbrl: XbrlConfig = XbrlConfig()
    database: str = "edgar-monitor.db"
    retention_days: int = Field(365, ge=7)
    shutdown_grace_seconds: float = Field(30.0, ge=0)
    rules: tuple[str, ...] = Field(default_factory=lambda: (str(default_rules_dir()),))
    watchlists: dict[str, tuple[str, ...]] = {}
    log_format: str = Field("auto", pattern="^(auto|json|console)$")
    log_level: str = Field("info", pattern="(?i)^(debug|info|warning|error)$")
    source: str = ""

    @field_validator("watchlists", mode="before")
    @classmethod
    def _ciks_as_text(cls, value: Any) -> Any:
        """`[320193, AAPL]`: an unquoted CIK is read by YAML as a number; keep it as text."""
        if not isinstance(value, dict):
            return value
        return {name: [str(e) if isinstance(e, int) and not isinstance(e, bool) else e
                       for e in entries] if isinstance(entries, list) else entries
                for name, entries in value.items()}


_SECRET_KEYS = frozenset({"slack.bot_token", "slack.webhook_url"})
# Secrets and deployment settings: environment variable -> dotted config key.
ENV_KEYS: Mapping[str, str] = {
    "EDGAR_USER_AGENT": "edgar.user_agent",
    "SLACK_BOT_TOKEN": "slack.bot_token",
    "SLACK_WEBHOOK_URL": "slack.webhook_url",
    "SLACK_API_URL": "slack.api_url",
}


def load_config(
    path: Path | None,
    env: Mapping[str, str],
    overrides: Mapping[str, Any] | None = None,
    flags: Mapping[str, str] | None = None,
) -> Config:
    """Read config.yaml (when given), apply secrets from `env` and CLI `overrides`.

    `overrides` uses dotted keys ("edgar.base_url"); `flags` names the command-line flag
    each came from, so a bad value blames the flag. Relative `rules` and `database` paths
    in the file resolve against the file's folder. Raises ConfigError with one line per
    problem, naming file, line and field.
    """
    data: dict[str, Any] = {}
    doc = None
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        try:
            doc = load_yaml(path)
        except YamlSyntaxError as exc:
            raise ConfigError(str(exc)) from None
        if doc.data is None:
            data = {}
        elif not isinstance(doc.data, dict):
            raise ConfigError(f"{path}:1: config must be a mapping of sections")
        else:
            data = _deep_copy(doc.data)
            _resolve_paths(data, path.parent)
    blame: dict[str, str] = {}
    for var, dotted in ENV_KEYS.items():
        if env.get(var, ""):
            _set_dotted(data, dotted, env[var])
            blame[dotted] = f"${var}"
    for dotted, value in (overrides or {}).items():
        if value not in ("", None):
            _set_dotted(data, dotted, value)
            blame[dotted] = (flags or {}).get(dotted, dotted)
    data["source"] = str(path or "")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(err, doc, blame) for err in exc.errors()]
        if doc is not None:  # in the order they are written
            problems.sort(key=lambda line: _line_number(line, str(doc.path)))
        raise ConfigError("\n".join(dict.fromkeys(problems))) from None


def _line_number(problem: str, path: str) -> int:
    """The line of a `path:line: ...` problem; 0 for a flag or variable (listed first)."""
    if not problem.startswith(f"{path}:"):
        return 0
    number = problem[len(path) + 1:].split(":", 1)[0]
    return int(number) if number.isdigit() else 0


def _resolve_paths(data: dict[str, Any], base: Path) -> None:
    """Relative `rules` and `database` paths in a config file mean: next to that file."""
    rules = data.get("rules")
    if isinstance(rules, str):
        rules = [rules]
    if isinstance(rules, list):
        data["rules"] = [_beside(base, r) if isinstance(r, str) else r for r in rules]
    database = data.get("database")
    # A URL (postgresql://...) or SQLite's in-memory name is not a path.
    if isinstance(database, str) and "://" not in database and database != ":memory:":
        data["database"] = _beside(base, database)


def _beside(base: Path, value: str) -> str:
    path = Path(value).expanduser()
    return str(path if path.is_absolute() or not value else base / path)


def _describe(err: ErrorDetails, doc: YamlDocument | None, blame: Mapping[str, str]) -> str:
    """One plain-words line: `file:line: field: problem`, or `--flag: problem`."""
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and
                                              ("[" in p or p.startswith("function-"))))
    field = ".".join(str(p) for p in loc) or "(top level)"
    message = _plain_message(err, loc)
    if field in _SECRET_KEYS:  # never echo a token back
        message = message.split(" (got ", 1)[0]
    for depth in range(len(loc), 0, -1):
        dotted = ".".join(str(p) for p in loc[:depth])
        if dotted in blame:
            return f"{blame[dotted]}: {message}"
    if doc is not None:
        return f"{doc.path}:{doc.line_of(loc)}: {field}: {message}"
    return f"{field}: {message}"


def _plain_message(err: ErrorDetails, loc: tuple[str | int, ...]) -> str:
    """pydantic's message in a user's words ("must be a list", "must be at most 10")."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    got = f" (got {value!r})" if not isinstance(value, dict | list) else ""
    if kind == "extra_forbidden":
        known = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f": did you mean {close[0]}?" if close else f" (known: {', '.join(known)})"
        return f"unknown field{hint}"
    if kind == "missing":
        return "required"
    bounds = {"greater_than": "greater than {gt}", "greater_than_equal": "at least {ge}",
              "less_than": "less than {lt}", "less_than_equal": "at most {le}"}
    if kind in bounds:
        plain = {k: int(v) if isinstance(v, float) and v.is_integer() else v
                 for k, v in ctx.items()}
        return f"must be {bounds[kind].format(**plain)}{got}"
    if kind.startswith(("int_", "float_", "bool_", "string_type", "tuple_", "list_",
                        "dict_", "model_")):
        wanted = ("a whole number" if kind.startswith("int_") else
                  "a number" if kind.startswith("float_") else
                  "true or false" if kind.startswith("bool_") else
                  "text" if kind == "string_type" else
                  "a list, e.g. [a, b]" if kind.startswith(("tuple_", "list_")) else
                  "a mapping of keys to values")
        return f"must be {wanted}{got}"
    if kind == "string_pattern_mismatch":
        choices = re.findall(r"[a-z]+", str(ctx.get("pattern", "")).replace("(?i)", ""))
        return f"must be one of {', '.join(choices)}{got}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return str(err["msg"])


def _fields_at(loc: tuple[str | int, ...]) -> list[str]:
    """Field names of the config section at `loc` (for "did you mean")."""
    model: type[BaseModel] = Config
    for part in loc:
        annotation = model.model_fields.get(str(part))
        sub = getattr(annotation, "annotation", None)
        if not (isinstance(sub, type) and issubclass(sub, BaseModel)):
            return []
        model = sub
    return [name for name in model.model_fields if name != "source"]


def require_user_agent(config: Config) -> str:
    """The declared User-Agent, or a ConfigError saying how to declare one."""
    agent = config.edgar.user_agent.strip()
    if not agent:
        raise ConfigError(
            "no SEC User-Agent declared: set EDGAR_USER_AGENT (or --user-agent, or "
            'edgar.user_agent in config.yaml) to "Company Name admin@company.com"'
        )
    if not _DECLARED_AGENT.match(agent):
        raise ConfigError(
            f"SEC User-Agent {agent!r} is not declared the way SEC requires: "
            'use "Company Name admin@company.com"'
        )
    return agent


def _set_dotted(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node = data
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[last] = value


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value

"""The one frozen configuration object, built once from config.yaml plus secrets from the
environment. No other module reads os.environ."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor.errors import ConfigError
from monitor.yamlfile import YamlSyntaxError, describe_validation_error, load_yaml

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
    poll_interval_seconds: float = Field(10.0, ge=1)
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
    rules: tuple[str, ...] = ("rules",)
    watchlists: dict[str, tuple[str, ...]] = {}
    log_format: str = Field("auto", pattern="^(auto|json|console)$")
    source: str = ""


def load_config(
    path: Path | None,
    env: Mapping[str, str],
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """Read config.yaml (when given), apply secrets from `env` and CLI `overrides`.

    `overrides` uses dotted keys ("edgar.base_url"). Raises ConfigError naming file, line
    and field.
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
    secrets = {
        "edgar.user_agent": env.get("EDGAR_USER_AGENT", ""),
        "slack.bot_token": env.get("SLACK_BOT_TOKEN", ""),
        "slack.webhook_url": env.get("SLACK_WEBHOOK_URL", ""),
        "slack.api_url": env.get("SLACK_API_URL", ""),
    }
    for dotted, value in {**secrets, **dict(overrides or {})}.items():
        if value not in ("", None):
            _set_dotted(data, dotted, value)
    data["source"] = str(path or "")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        if doc is None:
            problems = [
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            ]
        else:
            problems = describe_validation_error(doc, exc)
        raise ConfigError("; ".join(problems)) from None


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

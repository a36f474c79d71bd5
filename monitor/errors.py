"""The one exception tree of edgar-monitor.

    MonitorError
    ├── ConfigError         bad config.yaml or environment (exit code 2)
    ├── RuleError           a rule file that does not validate (exit code 2)
    ├── FetchError          an EDGAR request that failed for good
    │   ├── TransientFetchError   timeout, reset, 5xx, truncated body: retried
    │   ├── NotPublishedError     404/403 on a document EDGAR has not published yet
    │   ├── ThrottledError        SEC "Request Rate Threshold Exceeded": breaker opens
    │   └── UndeclaredAgentError  SEC "Undeclared Automated Tool": fatal, fix the User-Agent
    ├── ParseError          a document or index page that cannot be read
    │   └── ExtractionError       one document's extraction failed or overran its time budget
    ├── StoreError          the database failed for good (retries of "locked" spent, disk
    │   │                   full) or, on PostgreSQL, the connection was lost
    │   ├── DatabaseFileError     the database file cannot be opened or is not SQLite (exit 2)
    │   └── InstanceRunningError  another daemon holds this database (exit 2)
    ├── LoopDiedError       a loop of the daemon died: exit non-zero so a supervisor restarts it
    └── NotifyError         Slack could not be reached or answered an error: retried
        ├── PermanentNotifyError  Slack rejected this alert's content: marked failed
        └── SlackSetupError       token, scopes or channel refused: delivery pauses

Errors are caught in two places: per filing in the pipeline (recorded, daemon goes on)
and at the CLI (one line, exit code).
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base of every error edgar-monitor raises on purpose."""

    exit_code = 1


class ConfigError(MonitorError):
    """Configuration that cannot be used; the message names file, line and field."""

    exit_code = 2


class RuleError(MonitorError):
    """A rule set that does not validate; the message names file, line, rule and field."""

    exit_code = 2


class FetchError(MonitorError):
    """An EDGAR request that failed and will not succeed by retrying now."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class TransientFetchError(FetchError):
    """A fault worth retrying: timeout, connection reset, 5xx, truncated body."""


class NotPublishedError(FetchError):
    """A document listed in the index that EDGAR does not serve yet (published ~25 s later)."""


class ThrottledError(FetchError):
    """SEC answered with its rate-threshold page: stop all requests for the block window."""


class UndeclaredAgentError(FetchError):
    """SEC rejected the User-Agent as undeclared: retrying cannot help."""

    exit_code = 2


class ParseError(MonitorError):
    """A document or index that cannot be parsed."""


class ExtractionError(ParseError):
    """One document could not be extracted (parser fault, time budget, worker died): the
    document is recorded with this error and the filing goes on."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail  # the worker's traceback, for the log


class StoreError(MonitorError):
    """The database failed in a way retrying here cannot fix (or, on PostgreSQL, the
    connection to it was lost); pending work stays in it."""


class DatabaseFileError(StoreError):
    """The database file cannot be opened: missing folder, no permission, not SQLite."""

    exit_code = 2


class InstanceRunningError(StoreError):
    """Another edgar-monitor already runs on this database."""

    exit_code = 2


class LoopDiedError(MonitorError):
    """A loop of the daemon (discovery, processing, sending, a scheduled job) died."""


class NotifyError(MonitorError):
    """An alert that could not be delivered this time."""


class PermanentNotifyError(NotifyError):
    """Slack rejected the alert itself (its blocks, length, metadata): retrying cannot help."""


class SlackSetupError(NotifyError):
    """Slack refused the bot's token, scopes or channel: every alert waits until it is fixed."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code

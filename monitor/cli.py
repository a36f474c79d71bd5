"""The `edgar-monitor` command line: thin click commands over the package.

Every failure ends in `error:` lines on stderr naming the file, path, port or flag at fault,
exit code 2 for bad input and 1 for a runtime failure, never a traceback: `describe_failure`
is the one place that turns an exception into those lines.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Coroutine, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from monitor.config import Config, load_config
from monitor.errors import ConfigError, MonitorError
from monitor.rules import load_rules

T = TypeVar("T")

BAD_INPUT = 2
RUNTIME_FAILURE = 1


class Failure(Exception):
    """A CLI failure already put in words: one line per problem and an exit code."""

    def __init__(self, lines: Sequence[str], exit_code: int = BAD_INPUT) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)
        self.exit_code = exit_code


def describe_failure(exc: BaseException, *, database: str = "") -> Failure:
    """The `error:` lines and exit code for any exception that reaches the CLI."""
    if isinstance(exc, Failure):
        return exc
    if isinstance(exc, MonitorError):
        return Failure(str(exc).splitlines() or [type(exc).__name__], exc.exit_code)
    if isinstance(exc, click.ClickException):
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see: {exc.ctx.command_path} --help)"
        return Failure([f"{exc.format_message()}{hint}"], exc.exit_code)
    if isinstance(exc, sqlite3.DatabaseError):
        where = database or "database"
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
            return Failure([f"{where}: cannot open the database file (check the folder "
                            "exists and is writable)"])
        return Failure([f"{where}: not a usable edgar-monitor database ({exc}): move it "
                        "aside or point --db elsewhere"])
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        return Failure([f"{name}{exc.strerror or exc}"], RUNTIME_FAILURE)
    return Failure([f"unexpected {type(exc).__name__}: {exc}"], RUNTIME_FAILURE)


def _fail(exc: BaseException, *, database: str = "") -> NoReturn:
    """One `error: ...` line per problem on stderr, then the exit code."""
    failure = describe_failure(exc, database=database)
    for line in failure.lines:
        click.echo(f"error: {line}", err=True)
    sys.exit(failure.exit_code)


def _run_async(fn: Callable[[], Coroutine[Any, Any, T]], *, database: str = "") -> T:
    """Run a coroutine; any failure becomes `error:` lines and an exit code."""
    try:
        return asyncio.run(fn())
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - the CLI's one catch-all: never a traceback
        _fail(exc, database=database)


class _Main(click.Group):
    """The command group: usage errors and stray exceptions also end in `error:` lines."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            click.echo("error: interrupted", err=True)
            sys.exit(130)
        except SystemExit:
            raise
        except Exception as exc:  # noqa: BLE001 - the CLI's one catch-all: never a traceback
            _fail(exc)
        sys.exit(code if isinstance(code, int) else 0)


def _load(
    config_path: Path | None,
    overrides: Mapping[str, Any],
    flags: Mapping[str, str] | None = None,
) -> Config:
    """The config: `--config`, else ./config.yaml when present, else the packaged defaults."""
    if config_path is None and Path("config.yaml").is_file():
        config_path = Path("config.yaml")
    try:
        return load_config(config_path, os.environ,
                           {k: v for k, v in overrides.items() if v is not None}, flags)
    except ConfigError as exc:
        _fail(exc)


def _check_db_path(database: str, flag: str) -> None:
    """A database path whose folder is missing, or that is a folder, is bad input."""
    if "://" in database or database == ":memory:":
        return
    path = Path(database)
    if path.is_dir():
        raise Failure([f"{flag} {database}: is a folder, not a database file"])
    if not path.parent.is_dir():
        raise Failure([f"{flag} {database}: folder {path.parent} does not exist"])


def _db_flag(config: Config, db_path: str | None) -> str:
    return "--db" if db_path else f"{config.source or 'config'}: database"


_CONFIG_OPTION = click.option(
    "--config", "config_path", type=click.Path(path_type=Path),
    help="config.yaml to use (default: ./config.yaml when present, else the packaged one).")
_DB_OPTION = click.option("--db", "db_path",
                          help="SQLite file or postgresql:// URL (overrides config).")


@click.group(cls=_Main)
@click.version_option(package_name="edgar-monitor")
def main() -> None:
    """Watch SEC EDGAR for 8-K filings, extract key figures and distress signals, and post
    Slack alerts."""


@main.command()
@_CONFIG_OPTION
@_DB_OPTION
@click.option("--edgar-url", help="EDGAR host to read from (default https://www.sec.gov).")
@click.option("--user-agent", help='SEC User-Agent, "Company Name admin@company.com" '
              "(default: $EDGAR_USER_AGENT).")
@click.option("--poll-interval", type=float, help="Seconds between feed polls.")
@click.option("--health-host", help="Address for /healthz and /metrics (0.0.0.0 to publish "
              "them from a container).")
@click.option("--health-port", type=int, help="Port for /healthz and /metrics (0: any free).")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"],
                                               case_sensitive=False),
              help="Least severe log lines to print (default: config log_level, info).")
@click.option("--once", is_flag=True, help="Run one poll cycle, print a summary and exit "
              "(exit 1 when the feed poll failed).")
def run(config_path: Path | None, db_path: str | None, edgar_url: str | None,
        user_agent: str | None, poll_interval: float | None, health_host: str | None,
        health_port: int | None, log_level: str | None, once: bool) -> None:
    """Run the monitor daemon."""
    from monitor.daemon import Monitor
    from monitor.logs import configure_logging

    flags = {"database": "--db", "edgar.base_url": "--edgar-url",
             "edgar.user_agent": "--user-agent",
             "discovery.poll_interval_seconds": "--poll-interval",
             "health.host": "--health-host", "health.port": "--health-port",
             "log_level": "--log-level"}
    values = (db_path, edgar_url, user_agent, poll_interval, health_host, health_port,
              log_level)
    config = _load(config_path, dict(zip(flags, values, strict=True)), flags)
    configure_logging(config.log_format, config.log_level)
    try:
        _check_db_path(config.database, _db_flag(config, db_path))
    except Failure as exc:
        _fail(exc)

    async def go() -> int:
        async with Monitor(config) as monitor:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, monitor.stop)
            loop.add_signal_handler(signal.SIGHUP, lambda: monitor.rules.reload(force=True))
            if once:
                outcomes = await monitor.run_once()
                processed = sum(o.status == "processed" for o in outcomes)
                alerts = sum(len(o.alerts) for o in outcomes)
                click.echo(f"run --once: {monitor.last_poll_new} new filings seen, "
                           f"{processed} processed, {alerts} alerts", err=True)
                if monitor.fatal is None and monitor.last_poll_ok is None:
                    raise Failure([f"feed poll of {config.edgar.base_url} failed: "
                                   f"{monitor.last_poll_error or 'no answer'}"],
                                  RUNTIME_FAILURE)
            else:
                await monitor.run_until_stopped()
            if monitor.fatal is not None:
                raise monitor.fatal
        return 0

    sys.exit(_run_async(go, database=config.database))


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--samples", is_flag=True, help="Also write the demo's sample filings to "
              "DIRECTORY/sample-filings, for `edgar-monitor sandbox`.")
def init(directory: Path, force: bool, samples: bool) -> None:
    """Write editable copies of the default config.yaml and rules/ into DIRECTORY."""
    from monitor.defaults import default_config_file, default_rule_files

    copies = [(default_config_file(), directory / "config.yaml")]
    copies += [(src, directory / "rules" / src.name) for src in default_rule_files()]
    if samples:
        from monitor.demo import sample_folders

        copies += [(src, directory / "sample-filings" / folder.name / src.name)
                   for folder in sample_folders() for src in sorted(folder.iterdir())
                   if src.is_file()]
    existing = [dst for _, dst in copies if dst.exists()]
    if existing and not force:
        _fail(Failure([f"{dst}: already exists (--force overwrites it)" for dst in existing]))
    try:
        for src, dst in copies:
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
            click.echo(f"wrote {dst}")
    except OSError as exc:
        _fail(Failure([f"{exc.filename or directory}: cannot write: {exc.strerror}"]))
    click.echo(f"next: edit them, then `edgar-monitor run --config {directory / 'config.yaml'}`"
               " (paths in it are relative to its folder)")
    if samples:
        click.echo(f"try: `edgar-monitor sandbox {directory / 'sample-filings'}` serves the "
                   "samples as a local EDGAR (see docs/sandbox.md)")


@main.command()
@click.option("--once", is_flag=True, help="Publish every sample at once, print the alerts "
              "and exit.")
@click.option("--slack", is_flag=True, help="Post through the Slack stand-in (a local fake "
              "Slack Web API) and show what it received.")
@click.option("--pause", type=float, default=3.0, show_default=True,
              help="Seconds between one sample filing and the next.")
def demo(once: bool, slack: bool, pause: float) -> None:
    """Run the whole pipeline offline on sample filings shipped in the package: a local EDGAR
    replica publishes them one by one, the daemon processes them and prints each alert."""
    from monitor.demo import run_demo

    if pause < 0:
        _fail(Failure([f"--pause {pause}: must be 0 or more"]))
    alerts = _run_async(lambda: run_demo(once=once, slack=slack, pause=pause))
    if alerts == 0:
        _fail(Failure(["the demo raised no alert (see the log above)"], RUNTIME_FAILURE))


@main.command()
@click.option("--since", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="First day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
              help="Last day (default: yesterday).")
@click.option("--alert", is_flag=True, help="Post alerts for what the rules find (off by default).")
@_CONFIG_OPTION
@_DB_OPTION
@click.option("--edgar-url", help="EDGAR host to read from.")
@click.option("--user-agent", help="SEC User-Agent (default: $EDGAR_USER_AGENT).")
def backfill(since: datetime, until: datetime | None, alert: bool, config_path: Path | None,
             db_path: str | None, edgar_url: str | None, user_agent: str | None) -> None:
    """Process past filings from EDGAR's daily indexes (resumable), to load history."""
    from rich.progress import Progress

    from monitor.backfill import backfill as run_backfill
    from monitor.backfill import weekdays
    from monitor.daemon import Monitor
    from monitor.logs import configure_logging

    first = since.date()
    last = until.date() if until else date.today() - timedelta(days=1)
    if first > last:
        _fail(Failure([f"--since {first} is after --until {last}"
                       + ("" if until else " (yesterday)")]))
    flags = {"database": "--db", "edgar.base_url": "--edgar-url",
             "edgar.user_agent": "--user-agent"}
    config = _load(config_path, dict(zip(flags, (db_path, edgar_url, user_agent),
                                         strict=True)), flags)
    configure_logging(config.log_format, "WARNING")
    try:
        _check_db_path(config.database, _db_flag(config, db_path))
    except Failure as exc:
        _fail(exc)

    async def go() -> None:
        async with Monitor(config) as monitor:
            with Progress(transient=False) as progress:
                task = progress.add_task("days", total=len(weekdays(first, last)))

                def advance(day: date, found: int) -> None:
                    progress.update(task, advance=1, description=f"{day} (+{found} filings)")

                result = await run_backfill(monitor, first, last, alert=alert, on_day=advance)
        fired = (f"{result.alerts_queued} alerts queued" if alert else
                 f"rules fired {result.rules_fired} times, no alert posted (--alert posts "
                 "them)")
        click.echo(f"backfill {first} to {last}: {result.days_read} days read, "
                   f"{result.filings_found} filings found, {result.processed} processed, "
                   f"{fired}")

    _run_async(go, database=config.database)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="config.yaml whose discovery settings choose a submission's documents "
                   "and whose edgar size caps cut them, as the daemon does.")
def extract(path: Path, as_json: bool, config_path: Path | None) -> None:
    """Extract figures, signals and items from one document or .txt submission, read as the
    daemon reads the filing."""
    from monitor.explain import render_extraction
    from monitor.extract.document import extraction_json, path_facts

    config = _load(config_path, {})
    _document_or_fail(path)
    facts, notes = path_facts(path, config)
    result = extraction_json(facts, notes)
    for warning in result.get("warnings", ()):
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(result, indent=None, ensure_ascii=False))
        return
    click.echo(render_extraction(facts.figures, facts.signals, facts.items), nl=False)
    if "form" in result:  # a distress form: its facts after the contract's keys
        click.echo(f"Form: {result['form']}")
        for key, value in result.items():
            if key not in ("figures", "signals", "items", "form", "warnings") and \
                    value is not None:
                click.echo(f"  {key:22} {value}")


def _document_or_fail(path: Path) -> None:
    """Refuse a file that is no filing document (empty, an image, an archive, binary)."""
    from monitor.extract.document import not_a_document

    try:
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError as exc:
        _fail(Failure([f"{path}: cannot read: {exc.strerror}"]))
    problem = not_a_document(head)
    if problem:
        _fail(Failure([f"{path}: not a filing document: {problem}"]))


def _share(value: float | None, flag: str) -> float | None:
    """A threshold given as a fraction (0.95) or a percent (95); returned as a fraction."""
    if value is None:
        return None
    if value < 0 or value > 100:
        raise Failure([f"{flag} {value:g}: give a share between 0 and 1, or a percent "
                       "between 0 and 100"])
    return value / 100 if value > 1 else value


@main.command("eval")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--min-correct", type=float,
              help="Fail unless this share of figures is correct (0.95 or 95 for 95%).")
@click.option("--max-wrong", type=float,
              help="Fail if more than this share of figures is wrong (0.02 or 2 for 2%).")
@click.option("--min-precision", type=float,
              help="Fail if any signal's precision is lower (0-1, or a percent).")
@click.option("--min-recall", type=float,
              help="Fail if any signal's recall is lower (0-1, or a percent).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_(corpus_dir: Path, min_correct: float | None, max_wrong: float | None,
          min_precision: float | None, min_recall: float | None, as_json: bool) -> None:
    """Score extraction against CORPUS_DIR/LABELS.yaml.

    Thresholds take a fraction or a percent: values above 1 are percents, so 95 and 0.95
    both mean 95% (and 1 means 100%)."""
    from monitor.evaluation import format_report, score_corpus

    try:
        thresholds = (_share(min_correct, "--min-correct"), _share(max_wrong, "--max-wrong"),
                      _share(min_precision, "--min-precision"),
                      _share(min_recall, "--min-recall"))
        report = score_corpus(corpus_dir)
    except (Failure, MonitorError) as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(format_report(report))
    failures = report.failures(*thresholds)
    for failure in failures:
        click.echo(f"FAIL: {failure}", err=True)
    sys.exit(1 if failures else 0)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8800, show_default=True, type=int, help="0 picks a free port.")
def sandbox(directory: Path, host: str, port: int) -> None:
    """Serve filings from DIRECTORY as a local EDGAR replica (one folder per filing, see
    docs/sandbox.md); folders added later are picked up within a second."""
    from monitor.sandbox import serve

    if not directory.is_dir():
        what = "is a file, not a folder" if directory.exists() else "no such folder"
        _fail(Failure([f"{directory}: {what}: create it with one sub-folder per filing "
                       "(filing.json plus its documents; see docs/sandbox.md)"]))
    if not any(directory.glob("*/filing.json")):
        click.echo(f"warning: {directory} holds no filing folders yet (each needs a "
                   "filing.json; see docs/sandbox.md); folders added later are picked up",
                   err=True)

    def ready(url: str) -> None:
        click.echo(f"EDGAR replica serving {directory} on {url}", err=True)

    def problem(folder: Path, message: str) -> None:
        click.echo(f"warning: {folder}: {message}", err=True)

    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve(directory, host, port, on_ready=ready, on_problem=problem))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            _fail(Failure([f"--port {port}: {host}:{port} is already in use (choose another "
                           "port, or 0 for any free one)"]))
        _fail(Failure([f"--host {host} --port {port}: cannot listen: {exc.strerror or exc}"]))


def health_url(url: str) -> str:
    """The /healthz URL from a base URL or the /healthz URL itself."""
    base = url.rstrip("/")
    return base if base.endswith("/healthz") else f"{base}/healthz"


@main.command()
@_CONFIG_OPTION
@click.option("--url", help="Health endpoint: base URL (http://127.0.0.1:8787) or the "
              "/healthz URL (default: from config).")
def check(config_path: Path | None, url: str | None) -> None:
    """Exit 0 when the running daemon reports healthy, else 1 (container HEALTHCHECK)."""
    import urllib.error
    import urllib.request

    if url is None:
        health = _load(config_path, {}).health
        host = "127.0.0.1" if health.host in ("0.0.0.0", "::", "") else health.host
        url = f"http://{host}:{health.port}"
    elif not url.startswith(("http://", "https://")):
        _fail(Failure([f"--url {url}: must start with http:// or https://"]))
    target = health_url(url)
    try:
        with urllib.request.urlopen(target, timeout=5) as resp:
            raw = resp.read()
    except urllib.error.HTTPError as exc:
        raw = exc.read() or b"{}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        _fail(Failure([f"unhealthy: cannot reach {target}: {reason}"], RUNTIME_FAILURE))
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        _fail(Failure([f"unhealthy: {target} is not an edgar-monitor health endpoint"],
                      RUNTIME_FAILURE))
    if body.get("ok"):
        click.echo("healthy")
        sys.exit(0)
    _fail(Failure([f"unhealthy: {body.get('reason', 'unknown')}"], RUNTIME_FAILURE))


@main.command("test-alert")
@_CONFIG_OPTION
@click.option("--channel", help="Channel to post to (default: slack.default_channel).")
def test_alert(config_path: Path | None, channel: str | None) -> None:
    """Post a sample alert through the configured Slack token, webhook or console."""
    from dataclasses import replace
    from datetime import UTC

    import aiohttp

    from monitor.models import QueuedAlert
    from monitor.samples import sample_alert
    from monitor.sender import build_notifier

    config = _load(config_path, {})
    try:
        ruleset = load_rules([Path(p) for p in config.rules])
    except MonitorError as exc:
        _fail(exc)
    target = channel or config.slack.default_channel
    sample = replace(sample_alert(ruleset, target), alert_id="test-alert", channel=target)
    alert = QueuedAlert(sample, sample.rule_ids, 0, datetime.now(UTC))

    async def go() -> str:
        async with aiohttp.ClientSession() as session:
            notifier = build_notifier(config, session)
            try:
                return await notifier.send(alert)
            finally:
                await notifier.close()

    ts = _run_async(go)
    via = ("Slack bot" if config.slack.bot_token else
           "Slack webhook" if config.slack.webhook_url else "console")
    click.echo(f"test alert sent via {via} to {target} ({ts})", err=True)


@main.command()
@click.argument("target")
@_CONFIG_OPTION
@_DB_OPTION
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object (figures with their XBRL check, signals, rules).")
def explain(target: str, config_path: Path | None, db_path: str | None,
            as_json: bool) -> None:
    """Show the facts of TARGET (an accession in the database, or a document file) and, for
    every rule, whether it fired and why not."""
    from dataclasses import replace

    from monitor.explain import explanation_json, render_explanation
    from monitor.extract.document import path_facts
    from monitor.models import FilingFacts
    from monitor.rules import explain as explain_rules
    from monitor.store import Store
    from monitor.xbrl.crosscheck import CrossCheck
    from monitor.xbrl.source import stored_history

    config = _load(config_path, {"database": db_path}, {"database": "--db"})
    try:
        ruleset = load_rules([Path(p) for p in config.rules],
                             known_watchlists=config.watchlists.keys())
    except MonitorError as exc:
        _fail(exc)
    path = Path(target)
    history: list[dict[str, Any]] = []
    cross: CrossCheck | None = None
    alerts: list[dict[str, Any]] = []
    if path.is_file():
        _document_or_fail(path)
        facts, notes = path_facts(path, config)
        # A file is named by its path (a lone document has no accession); what the caps cut
        # is listed with the extraction problems, as the daemon records it on the filing.
        ref = facts.filing.ref
        facts = replace(facts, errors=(*notes, *facts.errors), filing=replace(
            facts.filing, ref=replace(ref, accession=ref.accession or path.name)))
    else:
        if "://" not in config.database and not Path(config.database).is_file():
            _fail(Failure([f"{target}: neither a file nor an accession: there is no "
                           f"database at {config.database} ({_db_flag(config, db_path)})"]))

        async def from_db() -> tuple[FilingFacts | None, list[dict[str, Any]],
                                     CrossCheck | None]:
            store = await Store.open(config.database)
            try:
                found = await store.filing_facts(target)
                if found is None:
                    return None, [], None
                checked = await store.filing_cross_check(target)
                past = await stored_history(store, found, checked)
                alerts.extend(await store.alerts_of(target))
            finally:
                await store.close()
            return found, past, checked

        loaded, history, cross = _run_async(from_db, database=config.database)
        if loaded is None:
            _fail(Failure([f"{target}: neither a file nor an accession in "
                           f"{config.database}"]))
        facts = loaded
    verdicts = explain_rules(ruleset, facts, history, watchlists=config.watchlists,
                             xbrl_status=cross.prior_status() if cross else {})
    if as_json:
        click.echo(json.dumps(explanation_json(facts, verdicts, cross), ensure_ascii=False))
        return
    click.echo(render_explanation(facts, verdicts, alerts, cross))


@main.command()
@_CONFIG_OPTION
@_DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def accuracy(config_path: Path | None, db_path: str | None, as_json: bool) -> None:
    """Running agreement of extracted figures with the companies' later XBRL filings."""
    from monitor.store import Store
    from monitor.xbrl.accuracy import accuracy_report, format_accuracy

    config = _load(config_path, {"database": db_path}, {"database": "--db"})
    if "://" not in config.database and not Path(config.database).is_file():
        _fail(Failure([f"there is no database at {config.database} "
                       f"({_db_flag(config, db_path)})"]))

    async def counts() -> list[dict[str, Any]]:
        store = await Store.open(config.database)
        try:
            return await store.check_counts()
        finally:
            await store.close()

    report = accuracy_report(_run_async(counts, database=config.database))
    if as_json:
        click.echo(json.dumps(report))
    else:
        click.echo(format_accuracy(report))


@main.group()
def rules() -> None:
    """Work with rule files."""


@rules.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_CONFIG_OPTION
def rules_check(paths: tuple[Path, ...], config_path: Path | None) -> None:
    """Validate rule files (default: the ones named in config) without starting."""
    config = _load(config_path, {})
    targets = list(paths) or [Path(p) for p in config.rules]
    try:
        ruleset = load_rules(targets, known_watchlists=config.watchlists.keys())
    except MonitorError as exc:
        _fail(exc)
    click.echo(f"ok: {len(ruleset.rules)} rules in {len(ruleset.sources)} file(s)")


@rules.command("backtest")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--db", "db_path", help="Database to replay (default: the configured one).")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]),
              help="First day of acceptance (YYYY-MM-DD, US Eastern), included.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
              help="Last day of acceptance (YYYY-MM-DD, US Eastern), included.")
@click.option("--against", multiple=True, type=click.Path(path_type=Path),
              help="Another rule file or folder to compare with (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def rules_backtest(paths: tuple[Path, ...], db_path: str | None, config_path: Path | None,
                   since: datetime | None, until: datetime | None,
                   against: tuple[Path, ...], as_json: bool) -> None:
    """How often rules (default: the configured ones) would have fired on the filings
    stored in the database, filing by filing in acceptance order, with no look-ahead."""
    from rich.console import Console
    from rich.progress import Progress

    from monitor.backtest import render_backtest, report_json, run_backtest
    from monitor.formats.filing import EASTERN
    from monitor.store import Store

    config = _load(config_path, {"database": db_path}, {"database": "--db"})
    if since and until and since > until:
        _fail(Failure([f"--since {since:%Y-%m-%d} is after --until {until:%Y-%m-%d}"]))
    if "://" not in config.database and not Path(config.database).is_file():
        _fail(Failure([f"--db: no database at {config.database}"]))
    try:
        rulesets = [load_rules(list(paths) or [Path(p) for p in config.rules],
                               known_watchlists=config.watchlists.keys())]
        if against:
            rulesets.append(load_rules(list(against), known_watchlists=config.watchlists.keys()))
    except MonitorError as exc:
        _fail(exc)
    start = since.replace(tzinfo=EASTERN) if since else None
    end = (until + timedelta(days=1)).replace(tzinfo=EASTERN) if until else None

    async def go() -> list[Any]:
        async with await Store.open(config.database) as store:
            with Progress(console=Console(stderr=True), transient=True,
                          disable=as_json or not sys.stderr.isatty()) as progress:
                task = progress.add_task("filings", total=None)

                def advance(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                return await run_backtest(
                    store, rulesets, default_channel=config.slack.default_channel,
                    watchlists=config.watchlists, since=start, until=end, on_progress=advance)

    reports = _run_async(go, database=config.database)
    if as_json:
        click.echo(json.dumps(report_json(reports[0], reports[1] if against else None)))
    else:
        click.echo(render_backtest(reports[0], reports[1] if against else None,
                                   [str(p) for p in against]), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()

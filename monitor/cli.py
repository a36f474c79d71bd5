"""The `edgar-monitor` command line: thin click commands over the package."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable, Coroutine
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from monitor.config import Config, load_config
from monitor.errors import ConfigError, MonitorError
from monitor.rules import load_rules

T = TypeVar("T")


def _run_async(fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine, turning MonitorError into a one-line message and exit code."""
    try:
        return asyncio.run(fn())
    except MonitorError as exc:
        _fail(exc)


def _fail(exc: MonitorError) -> NoReturn:
    """One `error: ...` line per problem on stderr, then the error's exit code."""
    for line in str(exc).splitlines() or [type(exc).__name__]:
        click.echo(f"error: {line}", err=True)
    sys.exit(exc.exit_code)


def _load(config_path: Path | None, overrides: dict[str, Any]) -> Config:
    if config_path is None and Path("config.yaml").is_file():
        config_path = Path("config.yaml")
    try:
        return load_config(config_path, os.environ, overrides)
    except ConfigError as exc:
        _fail(exc)


@click.group()
@click.version_option(package_name="edgar-monitor")
def main() -> None:
    """Watch SEC EDGAR for 8-K filings, extract key figures and distress signals, and post
    Slack alerts."""


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="config.yaml to use (default: ./config.yaml when present).")
@click.option("--db", "db_path", help="SQLite file or postgresql:// URL (overrides config).")
@click.option("--edgar-url", help="EDGAR host to read from (default https://www.sec.gov).")
@click.option("--user-agent", help='SEC User-Agent, "Company Name admin@company.com" '
              "(default: $EDGAR_USER_AGENT).")
@click.option("--poll-interval", type=float, help="Seconds between feed polls.")
@click.option("--once", is_flag=True, help="Run one poll cycle and exit.")
def run(config_path: Path | None, db_path: str | None, edgar_url: str | None,
        user_agent: str | None, poll_interval: float | None, once: bool) -> None:
    """Run the monitor daemon."""
    from monitor.daemon import Monitor
    from monitor.logs import configure_logging

    overrides: dict[str, Any] = {}
    if db_path:
        overrides["database"] = db_path
    if edgar_url:
        overrides["edgar.base_url"] = edgar_url
    if user_agent:
        overrides["edgar.user_agent"] = user_agent
    if poll_interval is not None:
        overrides["discovery.poll_interval_seconds"] = poll_interval
    config = _load(config_path, overrides)
    configure_logging(config.log_format)

    async def go() -> int:
        async with Monitor(config) as monitor:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, monitor.stop)
            loop.add_signal_handler(signal.SIGHUP, lambda: monitor.reload_rules(force=True))
            if once:
                await monitor.run_once()
            else:
                await monitor.run_until_stopped()
            if monitor.fatal is not None:
                raise monitor.fatal
        return 0

    sys.exit(_run_async(go))


@main.command()
@click.option("--since", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="First day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
              help="Last day (default: yesterday).")
@click.option("--alert", is_flag=True, help="Post alerts for what the rules find (off by default).")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--db", "db_path", help="SQLite file or postgresql:// URL (overrides config).")
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

    overrides: dict[str, Any] = {"database": db_path, "edgar.base_url": edgar_url,
                                 "edgar.user_agent": user_agent}
    config = _load(config_path, {k: v for k, v in overrides.items() if v})
    configure_logging(config.log_format, "WARNING")
    first = since.date()
    last = until.date() if until else date.today() - timedelta(days=1)

    async def go() -> None:
        async with Monitor(config) as monitor:
            with Progress(transient=False) as progress:
                task = progress.add_task("days", total=len(weekdays(first, last)))

                def advance(day: date, found: int) -> None:
                    progress.update(task, advance=1, description=f"{day} (+{found} filings)")

                result = await run_backfill(monitor, first, last, alert=alert, on_day=advance)
        click.echo(f"backfill {first} to {last}: {result.days_read} days read, "
                   f"{result.filings_found} filings found, {result.processed} processed, "
                   f"{result.alerts_queued} alerts {'queued' if alert else 'suppressed'}")

    _run_async(go)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="config.yaml whose edgar.max_document_bytes caps the read.")
def extract(path: Path, as_json: bool, config_path: Path | None) -> None:
    """Extract figures, signals and items from one document or .txt submission."""
    from monitor.extract.document import extract_path

    config = _load(config_path, {})
    result = extract_path(path, config.edgar.max_document_bytes)
    for warning in result.get("warnings", ()):
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(result, indent=None, ensure_ascii=False))
        return
    for name, fig in result["figures"].items():
        click.echo(f"{name:22} {fig['current']!s:>16} vs {fig['prior']!s:>16}  ({fig['label']})")
    for name, sig in result["signals"].items():
        if sig["present"]:
            click.echo(f"SIGNAL {name}: {sig['evidence']}")
    click.echo(f"items: {', '.join(result['items']) or 'none'}")
    if "form" in result:  # a distress form: its facts after the contract's keys
        click.echo(f"form: {result['form']}")
        for key, value in result.items():
            if key not in ("figures", "signals", "items", "form") and value is not None:
                click.echo(f"{key:22} {value}")


@main.command("eval")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--min-correct", type=float, help="Fail unless this share of figures is correct.")
@click.option("--max-wrong", type=float, help="Fail if more than this share of figures is wrong.")
@click.option("--min-precision", type=float, help="Fail if any signal's precision is lower.")
@click.option("--min-recall", type=float, help="Fail if any signal's recall is lower.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_(corpus_dir: Path, min_correct: float | None, max_wrong: float | None,
          min_precision: float | None, min_recall: float | None, as_json: bool) -> None:
    """Score extraction against CORPUS_DIR/LABELS.yaml."""
    from monitor.evaluation import format_report, score_corpus

    try:
        report = score_corpus(corpus_dir)
    except MonitorError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(format_report(report))
    failures = report.failures(min_correct, max_wrong, min_precision, min_recall)
    for failure in failures:
        click.echo(f"FAIL: {failure}", err=True)
    sys.exit(1 if failures else 0)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8800, show_default=True, type=int, help="0 picks a free port.")
def sandbox(directory: Path, host: str, port: int) -> None:
    """Serve filings from DIRECTORY as a local EDGAR replica (one folder per filing)."""
    from monitor.sandbox import serve

    directory.mkdir(parents=True, exist_ok=True)

    def ready(url: str) -> None:
        click.echo(f"EDGAR replica serving {directory} on {url}", err=True)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(directory, host, port, on_ready=ready))


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="config.yaml to use (default: ./config.yaml when present).")
@click.option("--url", help="Health endpoint base URL (default: from config).")
def check(config_path: Path | None, url: str | None) -> None:
    """Exit 0 when the running daemon reports healthy, else 1 (container HEALTHCHECK)."""
    import urllib.error
    import urllib.request

    if url is None:
        health = _load(config_path, {}).health
        url = f"http://{health.host}:{health.port}"
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/healthz", timeout=5) as resp:
            body = json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        body = json.loads(exc.read() or b"{}")
    except (urllib.error.URLError, OSError) as exc:
        click.echo(f"unhealthy: cannot reach {url}: {exc}", err=True)
        sys.exit(1)
    if body.get("ok"):
        click.echo("healthy")
        sys.exit(0)
    click.echo(f"unhealthy: {body.get('reason', 'unknown')}", err=True)
    sys.exit(1)


@main.command("test-alert")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--channel", help="Channel to post to (default: slack.default_channel).")
def test_alert(config_path: Path | None, channel: str | None) -> None:
    """Post a sample alert through the configured Slack token, webhook or console."""
    from datetime import UTC

    import aiohttp

    from monitor.daemon import build_notifier
    from monitor.samples import sample_payload
    from monitor.store import OutboxAlert

    config = _load(config_path, {})
    try:
        ruleset = load_rules([Path(p) for p in config.rules])
    except MonitorError as exc:
        _fail(exc)
    target = channel or config.slack.default_channel
    payload = sample_payload(ruleset, target)
    alert = OutboxAlert("test-alert", payload["accession"], target,
                        tuple(m["rule_id"] for m in payload["matches"]), payload, 0,
                        datetime.now(UTC))

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
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--db", "db_path", help="SQLite file or postgresql:// URL (overrides config).")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object (figures with their XBRL check, signals, rules).")
def explain(target: str, config_path: Path | None, db_path: str | None,
            as_json: bool) -> None:
    """Show the facts of TARGET (an accession in the database, or a document file) and, for
    every rule, whether it fired and why not."""
    from monitor.explain import explanation_json, render_explanation
    from monitor.extract.document import extract_path
    from monitor.models import (
        Figure,
        Filing,
        FilingFacts,
        FilingRef,
        FormFacts,
        Signal,
        SignalContext,
    )
    from monitor.rules import explain as explain_rules
    from monitor.store import Store
    from monitor.xbrl.crosscheck import CrossCheck
    from monitor.xbrl.source import stored_history

    config = _load(config_path, {"database": db_path} if db_path else {})
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
        data = extract_path(path, config.edgar.max_document_bytes)
        form_values = {k: v for k, v in data.items()
                       if k not in ("figures", "signals", "items", "form", "warnings")}
        facts = FilingFacts(
            filing=Filing(FilingRef(accession=path.name, cik=0, form=data.get("form", "")), ()),
            figures={n: Figure(n, f["current"], f["prior"], f.get("label", ""),
                               f.get("source", ""), f.get("document", ""))
                     for n, f in data["figures"].items()},
            signals={n: Signal(n, s["present"], s["evidence"], s.get("document", ""),
                               SignalContext.from_json(s), s.get("candidate"))
                     for n, s in data["signals"].items()},
            items=tuple(data["items"]),
            form_facts=FormFacts(data["form"], form_values) if "form" in data else None,
        )
    else:
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

        loaded, history, cross = _run_async(from_db)
        if loaded is None:
            click.echo(f"error: {target}: neither a file nor an accession in "
                       f"{config.database}", err=True)
            sys.exit(2)
        facts = loaded
    verdicts = explain_rules(ruleset, facts, history, watchlists=config.watchlists,
                             xbrl_status=cross.prior_status() if cross else {})
    if as_json:
        click.echo(json.dumps(explanation_json(facts, verdicts, cross), ensure_ascii=False))
        return
    click.echo(render_explanation(facts, verdicts, alerts, cross))


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--db", "db_path", help="SQLite database file (overrides config).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def accuracy(config_path: Path | None, db_path: str | None, as_json: bool) -> None:
    """Running agreement of extracted figures with the companies' later XBRL filings."""
    from monitor.store import Store
    from monitor.xbrl.accuracy import accuracy_report, format_accuracy

    config = _load(config_path, {"database": db_path} if db_path else {})
    if not Path(config.database).is_file():
        click.echo(f"error: {config.database}: no such database", err=True)
        sys.exit(2)

    async def counts() -> list[dict[str, Any]]:
        store = await Store.open(config.database)
        try:
            return await store.check_counts()
        finally:
            await store.close()

    report = accuracy_report(_run_async(counts))
    if as_json:
        click.echo(json.dumps(report))
    else:
        click.echo(format_accuracy(report))


@main.group()
def rules() -> None:
    """Work with rule files."""


@rules.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def rules_check(paths: tuple[Path, ...]) -> None:
    """Validate rule files (default: the folders named in config) without starting."""
    config = _load(None, {})
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
    from monitor.edgar.filing import EASTERN
    from monitor.store import Store

    config = _load(config_path, {"database": db_path} if db_path else {})
    if since and until and since > until:
        click.echo(f"error: --since {since:%Y-%m-%d} is after --until {until:%Y-%m-%d}",
                   err=True)
        sys.exit(2)
    if "://" not in config.database and not Path(config.database).is_file():
        click.echo(f"error: --db: no database at {config.database}", err=True)
        sys.exit(2)
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

    reports = _run_async(go)
    if as_json:
        click.echo(json.dumps(report_json(reports[0], reports[1] if against else None)))
    else:
        click.echo(render_backtest(reports[0], reports[1] if against else None,
                                   [str(p) for p in against]), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()

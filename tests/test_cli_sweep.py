"""Every command meets bad input: `error:` lines naming the file, path, port or flag, exit 2
for bad input and 1 for a runtime failure, never a traceback."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

AGENT = "Acme Capital ops@acme.com"


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EDGAR_", "SLACK_"))}
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=cwd,
                          env={**base, "EDGAR_USER_AGENT": AGENT, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port something else is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass(frozen=True)
class Case:
    """One bad input: the command line, files to lay out first, the exit code and the
    fragments each expected `error:` line holds (one list per line)."""

    args: tuple[str, ...]
    code: int
    lines: tuple[tuple[str, ...], ...]
    files: dict[str, bytes] = field(default_factory=dict)


CORRUPT = b"this is not an SQLite database, it only has its name\n" * 200

CASES: dict[str, Case] = {
    # -- run ----------------------------------------------------------------------------
    "db-folder-missing": Case(("run", "--once", "--db", "nope/m.db"), 2,
                              (("--db nope/m.db", "folder nope does not exist"),)),
    "db-is-a-folder": Case(("run", "--once", "--db", "sub"), 2,
                           (("--db sub", "is a folder"),), {"sub/keep": b""}),
    "db-corrupt": Case(("run", "--once", "--db", "corrupt.db", "--edgar-url",
                        "http://127.0.0.1:9"), 2,
                       (("corrupt.db", "cannot open the database"),),
                       {"corrupt.db": CORRUPT}),
    "poll-interval-zero": Case(("run", "--once", "--poll-interval", "0"), 2,
                               (("--poll-interval", "must be at least 1"),)),
    "poll-interval-not-a-number": Case(("run", "--poll-interval", "soon"), 2,
                                       (("--poll-interval", "'soon'"),)),
    "health-port-out-of-range": Case(("run", "--once", "--health-port", "70000"), 2,
                                     (("--health-port", "at most 65535"),)),
    "two-bad-flags-two-lines": Case(("run", "--once", "--poll-interval", "0.5",
                                     "--health-port", "-1"), 2,
                                    (("--poll-interval",), ("--health-port",))),
    "log-level-unknown": Case(("run", "--log-level", "loud"), 2, (("--log-level", "loud"),)),
    "unknown-flag": Case(("run", "--bogus"), 2, (("--bogus", "edgar-monitor run --help"),)),
    "edgar-url-scheme": Case(("run", "--once", "--edgar-url", "ftp://sec.gov"), 2,
                             (("--edgar-url", "http:// or https://"),)),
    "config-file-missing": Case(("run", "--once", "--config", "absent.yaml"), 2,
                                (("absent.yaml", "not found"),)),
    "config-typo-did-you-mean": Case(
        ("run", "--once"), 2,
        (("config.yaml:2", "discovery.poll_intervall_seconds",
          "did you mean poll_interval_seconds?"),
         ("config.yaml:4", "edgar.rate_per_second", "at most 10")),
        {"config.yaml": b"discovery:\n  poll_intervall_seconds: 5\nedgar:\n"
                        b"  rate_per_second: 25\n"}),
    "config-list-in-plain-words": Case(
        ("run", "--once"), 2, (("config.yaml:2", "discovery.forms", "must be a list"),),
        {"config.yaml": b"discovery:\n  forms: 8-K\n"}),
    "config-rules-missing-beside-it": Case(
        ("run", "--once", "--config", "conf/config.yaml"), 2,
        (("conf/my-rules", "no such rules file or folder"),),
        {"conf/config.yaml": b"rules: [my-rules]\n"}),
    "user-agent-undeclared": Case(("run", "--once", "--user-agent", "curl/8"), 2,
                                  (("not declared",),)),
    # -- check ---------------------------------------------------------------------------
    "check-url-without-scheme": Case(("check", "--url", "127.0.0.1:8787"), 2,
                                     (("--url 127.0.0.1:8787", "http://"),)),
    # -- backfill ------------------------------------------------------------------------
    "backfill-start-after-end": Case(("backfill", "--since", "2025-03-01", "--until",
                                      "2025-02-01"), 2,
                                     (("--since 2025-03-01", "after --until 2025-02-01"),)),
    "backfill-bad-date": Case(("backfill", "--since", "March"), 2, (("--since", "March"),)),
    "backfill-db-folder-missing": Case(("backfill", "--since", "2025-03-03", "--until",
                                        "2025-03-03", "--db", "gone/m.db"), 2,
                                       (("--db gone/m.db", "does not exist"),)),
    # -- extract / explain ---------------------------------------------------------------
    "extract-missing-file": Case(("extract", "absent.htm"), 2, (("absent.htm",),)),
    "extract-empty": Case(("extract", "empty.htm"), 2,
                          (("empty.htm", "not a filing document", "empty"),),
                          {"empty.htm": b"  \n"}),
    "extract-png": Case(("extract", "logo.htm"), 2, (("logo.htm", "PNG image"),),
                        {"logo.htm": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)}),
    "extract-gzip": Case(("extract", "ex99.htm.gz", "--json"), 2,
                         (("ex99.htm.gz", "gzip"),),
                         {"ex99.htm.gz": b"\x1f\x8b\x08\x00" + bytes(40)}),
    "extract-binary": Case(("extract", "blob.txt"), 2, (("blob.txt", "binary data"),),
                           {"blob.txt": bytes(range(256)) * 8}),
    "explain-binary": Case(("explain", "blob.txt"), 2, (("blob.txt", "binary data"),),
                           {"blob.txt": bytes(range(256)) * 8}),
    "explain-no-database": Case(("explain", "0000000001-25-000001", "--db", "none.db"), 2,
                                (("0000000001-25-000001", "none.db", "--db"),)),
    "explain-corrupt-database": Case(("explain", "0000000001-25-000001", "--db",
                                      "corrupt.db"), 2,
                                     (("corrupt.db", "cannot open the database"),),
                                     {"corrupt.db": CORRUPT}),
    # -- eval ----------------------------------------------------------------------------
    "eval-threshold-above-100": Case(("eval", ".", "--min-correct", "150"), 2,
                                     (("--min-correct 150", "percent"),)),
    "eval-missing-folder": Case(("eval", "nowhere"), 2, (("nowhere", "does not exist"),)),
    # -- sandbox -------------------------------------------------------------------------
    "sandbox-missing-folder": Case(("sandbox", "filings"), 2,
                                   (("filings", "no such folder", "docs/sandbox.md"),)),
    "sandbox-file-not-folder": Case(("sandbox", "filings"), 2, (("filings", "is a file"),),
                                    {"filings": b"x"}),
    # -- init / rules / test-alert / demo ------------------------------------------------
    "init-would-overwrite": Case(("init", "."), 2,
                                 (("config.yaml", "already exists", "--force"),),
                                 {"config.yaml": b"{}\n"}),
    "rules-check-missing-path": Case(("rules", "check", "absent.yaml"), 2,
                                     (("absent.yaml", "no such rules file"),)),
    "test-alert-bad-config": Case(("test-alert",), 2, (("config.yaml:1", "slack"),),
                                  {"config.yaml": b"slack: 3\n"}),
    "backtest-no-database": Case(("rules", "backtest", "--db", "none.db"), 2,
                                 (("--db", "none.db"),)),
    "backtest-corrupt-database": Case(("rules", "backtest", "--db", "corrupt.db"), 2,
                                      (("corrupt.db", "cannot open the database"),),
                                      {"corrupt.db": CORRUPT}),
    "backtest-start-after-end": Case(("rules", "backtest", "--since", "2025-03-01",
                                      "--until", "2025-02-01"), 2,
                                     (("--since 2025-03-01", "after --until 2025-02-01"),)),
    "demo-negative-pause": Case(("demo", "--pause", "-1"), 2, (("--pause",),)),
    "unknown-command": Case(("frobnicate",), 2, (("frobnicate", "edgar-monitor --help"),)),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input_ends_in_error_lines_and_an_exit_code(tmp_path: Path, case: Case) -> None:
    for name, body in case.files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(body)
    result = cli(*case.args, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == case.code, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(case.lines), result.stderr
    for line, fragments in zip(errors, case.lines, strict=True):
        for fragment in fragments:
            assert fragment in line, (fragment, result.stderr)


def test_health_port_in_use_names_the_port_and_the_flag(tmp_path: Path, busy_port: int) -> None:
    result = cli("run", "--db", "m.db", "--edgar-url", "http://127.0.0.1:9",
                 "--health-port", str(busy_port), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert f"127.0.0.1:{busy_port} is already in use" in line and "--health-port" in line


def test_run_once_exits_1_with_a_summary_when_the_feed_poll_failed(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    result = cli("run", "--once", "--db", "m.db", "--edgar-url", url, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "run --once: 0 new filings seen, 0 processed, 0 alerts" in lines
    assert lines[-1].startswith(f"error: feed poll of {url} failed: connection error")


@pytest.mark.parametrize("make_url", [
    lambda base: base, lambda base: f"{base}/", lambda base: f"{base}/healthz",
], ids=["base-url", "base-url-slash", "healthz-url"])
def test_check_takes_the_base_or_the_healthz_url(
    tmp_path: Path, make_url: Callable[[str], str]
) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--db", "m.db", "--edgar-url",
         f"http://127.0.0.1:{closed_port()}", "--health-port", "0", "--log-level", "info"],
        cwd=tmp_path, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "EDGAR_USER_AGENT": AGENT},
    ) as daemon:
        assert daemon.stderr is not None
        base = ""
        for line in daemon.stderr:
            if "health_server_started" in line:
                base = line.split('"url": "', 1)[1].split('"', 1)[0]
                break
        assert base.startswith("http://127.0.0.1:")
        result = cli("check", "--url", make_url(base), cwd=tmp_path)
        daemon.terminate()
        daemon.communicate(timeout=30)
    # The daemon just started: healthy until three poll intervals pass without a good poll.
    assert (result.returncode, result.stdout, result.stderr) == (0, "healthy\n", "")


def test_check_of_something_that_is_not_a_health_endpoint(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    ) as server:
        assert server.stdout is not None
        port = server.stdout.readline().split("port ")[1].split(" ")[0]
        (tmp_path / "healthz").write_text("<html>hello</html>")
        result = cli("check", "--url", f"http://127.0.0.1:{port}", cwd=tmp_path)
        server.terminate()
        server.communicate(timeout=30)
    assert result.returncode == 1
    assert result.stderr.startswith("error: unhealthy: ") and "not an edgar-monitor" in \
        result.stderr


def test_a_corrupt_database_is_named_whatever_its_flavour(tmp_path: Path) -> None:
    # A real SQLite file that is not ours: tables exist but the schema is foreign.
    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE filings (x)")
    (tmp_path / "half.db").write_bytes((tmp_path / "other.db").read_bytes()[:600])
    result = cli("run", "--once", "--db", "half.db", "--edgar-url", "http://127.0.0.1:9",
                 cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert result.stderr.startswith("error: half.db: ")


@pytest.mark.parametrize(("given", "share"), [
    (95, 0.95), (0.95, 0.95), (100, 1.0), (1, 1.0), (0, 0.0), (99.5, 0.995), (2, 0.02),
])
def test_eval_thresholds_take_a_share_or_a_percent(given: float, share: float) -> None:
    from monitor.cli import _share

    assert _share(given, "--min-correct") == pytest.approx(share)

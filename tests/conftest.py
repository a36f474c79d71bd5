"""Shared fixtures: a running EDGAR replica, a fake Slack, and a config pointing at both."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.config import Config, load_config
from monitor.sandbox import DocSpec, EdgarReplica, FilingSpec
from monitor.testing.fakeslack import VALID_TOKEN, FakeSlack
from monitor.testing.postgres import ThrowawayPostgres

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = Path(__file__).resolve().parent / "documents"
CORPUS = REPO.parent / "shared" / "corpus"
USER_AGENT = "Edgar Monitor Tests admin@example.com"


@pytest.fixture
async def replica() -> AsyncIterator[EdgarReplica]:
    async with EdgarReplica() as server:
        yield server


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., Config]:
    """Build a Config for the replica and fake Slack, with dotted-key overrides."""

    def build(replica_url: str, slack_url: str | None = None, **overrides: Any) -> Config:
        values: dict[str, Any] = {
            "edgar.base_url": replica_url,
            "edgar.user_agent": USER_AGENT,
            "database": str(tmp_path / "monitor.db"),
            "rules": [str(REPO / "rules")],
            "discovery.poll_interval_seconds": 1,
        }
        if slack_url:
            values["slack.bot_token"] = VALID_TOKEN
            values["slack.api_url"] = slack_url
        values.update({k.replace("__", "."): v for k, v in overrides.items()})
        return load_config(None, {}, values)

    return build


def minutes_ago(minutes: float) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """One throwaway PostgreSQL server for the session; each test makes its own database.

    Missing PostgreSQL skips these tests on a developer's machine and fails them in CI."""
    try:
        server = ThrowawayPostgres()
    except FileNotFoundError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {exc}")
        pytest.skip(str(exc))
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each backend: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server: ThrowawayPostgres = request.getfixturevalue("postgres")
    return server.create_database()


# A 2003-style small-cap release (text tables, page breaks, a going-concern and a delisting
# sentence). Company and wording are written for the tests; the figures are the same as the
# seed's (FiberCore Q1 2003), which many tests still use as sample values.
DISTRESSED_RELEASE = (DOCUMENTS / "e2e/lumenfiber-2003q1-ex99.txt").read_bytes()


def distressed_8k(n: int, series: int, minutes_back: float = 30) -> FilingSpec:
    """The n-th of a stream of 8-Ks carrying LumenFiber's release (going-concern and delisting
    alerts), accepted 0.1 minute apart; `series` keeps one test file's accessions apart."""
    return FilingSpec(
        accession=f"{series:04d}{n:06d}-25-{n:06d}", cik=series * 1_000_000 + n,
        company=f"Distressed {n} Corp.", form="8-K",
        accepted=minutes_ago(minutes_back - n * 0.1), items=("2.02", "9.01"),
        documents=(DocSpec("EX-99.1", f"ex{n}.txt", DISTRESSED_RELEASE, "PRESS RELEASE"),),
    )

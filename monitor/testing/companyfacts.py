"""Companyfacts for benchmarks (issue 17): one real companyfacts file served for every
company on the replica, and the store's cache filled as if each was read earlier that day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.sandbox import EdgarReplica
from monitor.store import Store
from monitor.xbrl.reduce import facts_to_json, parse_companyfacts

# Alphabet's real companyfacts (3.0 MB) from the EDGAR samples beside the repository.
FACTS = (Path(__file__).resolve().parents[3]
         / "shared/edgar-samples/xbrl-api/companyfacts-CIK0001652044.json")
FACTS_PREFIX = "/api/xbrl/"


def serve_company_facts(replica: EdgarReplica, ciks: Iterable[int], facts: bytes) -> None:
    """Serve `facts` as the companyfacts of every company in `ciks`."""
    for cik in ciks:
        replica.add_company_facts(cik, facts)


async def seed_facts_cache(database: str | Path, ciks: Iterable[int], facts: bytes,
                           now: datetime | None = None) -> None:
    """Store the companies' reduced facts as if read two hours before `now`, so the daemon
    finds them cached (the `warm` case)."""
    cached = facts_to_json(parse_companyfacts(facts))
    read_at = (now or datetime.now(UTC)) - timedelta(hours=2)
    store = await Store.open(database)
    try:
        for cik in ciks:
            await store.save_facts(cik, read_at, "ok", cached)
    finally:
        await store.close()


def is_companyfacts(path_qs: str) -> bool:
    """Whether a replica request was for XBRL data (data.sec.gov's `/api/xbrl/` routes)."""
    return path_qs.startswith(FACTS_PREFIX)

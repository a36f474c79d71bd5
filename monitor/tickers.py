"""The CIK-to-ticker map alerts and rules use: SEC's company_tickers.json, refreshed by the
daemon (at start and nightly) and read by the pipeline."""

from __future__ import annotations

from collections.abc import Mapping

import structlog

from monitor.edgar.client import EdgarClient
from monitor.errors import NotPublishedError, ParseError, TransientFetchError
from monitor.formats.tickers import TICKERS_PATH, parse_company_tickers

log = structlog.get_logger("monitor.tickers")


class Tickers:
    """CIK to ticker; empty until the first refresh, kept as it was when one fails."""

    def __init__(self, known: Mapping[int, str] | None = None) -> None:
        self._by_cik: dict[int, str] = dict(known or {})

    def get(self, cik: int, default: str = "") -> str:
        return self._by_cik.get(cik, default)

    def __len__(self) -> int:
        return len(self._by_cik)

    async def refresh(self, client: EdgarClient) -> bool:
        """Read SEC's map again (one request); False, keeping the old one, when it fails."""
        try:
            resp = await client.get(TICKERS_PATH)
            self._by_cik = parse_company_tickers(resp.body)
        except (NotPublishedError, TransientFetchError, ParseError) as exc:
            log.warning("tickers_unavailable", error=str(exc))
            return False
        return True

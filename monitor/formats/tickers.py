"""SEC's company_tickers.json: CIK to ticker, for alerts and rules."""

from __future__ import annotations

import json

from monitor.errors import ParseError

TICKERS_PATH = "/files/company_tickers.json"


def parse_company_tickers(raw: bytes) -> dict[int, str]:
    """Map CIK to its first-listed ticker (SEC lists a company's main class first)."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ParseError(f"company_tickers.json is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ParseError("company_tickers.json is not an object")
    tickers: dict[int, str] = {}
    for row in data.values():
        if not isinstance(row, dict):
            continue
        cik, ticker = row.get("cik_str"), row.get("ticker")
        if isinstance(cik, int | str) and str(cik).isdigit() and isinstance(ticker, str):
            tickers.setdefault(int(cik), ticker)
    return tickers

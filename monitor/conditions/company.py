"""Conditions on who filed: CIK, ticker, SIC code and the watchlists in config."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator

from monitor.conditions.base import _TICKER, Context, Result, _Base, _listify


class CikIn(_Base):
    """`cik: [320193]`: the filer is one of these companies."""

    kind = "cik"
    cik: tuple[Annotated[int, Field(gt=0, lt=10**10)], ...]

    @field_validator("cik", mode="before")
    @classmethod
    def _ints(cls, value: Any) -> Any:
        return [int(v) if isinstance(v, str) and v.isdigit() else v for v in _listify(value)]

    def check(self, ctx: Context) -> Result:
        cik = ctx.facts.filing.ref.cik
        ok = cik in self.cik
        listed = ", ".join(map(str, self.cik))
        return ok, f"CIK {cik} " + ("listed" if ok else f"not in {listed}")


class TickerIn(_Base):
    """`ticker: [AAPL]`: the filer trades under one of these tickers."""

    kind = "ticker"
    ticker: tuple[str, ...]

    @field_validator("ticker", mode="before")
    @classmethod
    def _tickers(cls, value: Any) -> Any:
        for v in _listify(value):
            if not isinstance(v, str) or not _TICKER.fullmatch(v):
                raise ValueError(f"{v!r} is not a ticker (letters, digits, . and -; e.g. BRK-B)")
        return _listify(value)

    def check(self, ctx: Context) -> Result:
        ticker = ctx.facts.ticker.upper()
        if not ticker:
            return False, "ticker unknown"
        ok = ticker in {t.upper() for t in self.ticker}
        return ok, f"ticker {ticker} " + ("listed" if ok else f"not in {', '.join(self.ticker)}")


class SicIn(_Base):
    """`sic: ["3357", "6000-6799"]`: the filer's SIC code is one of these codes or ranges."""

    kind = "sic"
    sic: tuple[str, ...]

    @field_validator("sic", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        out = []
        for v in _listify(value):
            if isinstance(v, int) and not isinstance(v, bool):
                # YAML 1.1 reads 0100 as octal 64: a 4-digit code must be quoted to be safe.
                if not 1000 <= v <= 9999:
                    raise ValueError(f"SIC code {v} is not 4 digits; quote codes with a "
                                     "leading zero ('0100'), YAML reads 0100 as 64")
                v = str(v)
            if not isinstance(v, str) or not _sic_range(v):
                raise ValueError(f"SIC entry {v!r} is neither a 4-digit code nor a range "
                                 "such as '6000-6799'")
            out.append(v)
        return out

    def check(self, ctx: Context) -> Result:
        sic = ctx.facts.filing.sic
        if not sic.isdigit():
            return False, "SIC code unknown"
        for entry in self.sic:
            low, high = _sic_range(entry) or (0, -1)
            if low <= int(sic) <= high:
                return True, f"SIC {sic} in {entry}"
        return False, f"SIC {sic} not in {', '.join(self.sic)}"


def _sic_range(text: str) -> tuple[int, int] | None:
    low, _, high = text.partition("-")
    high = high or low
    if len(low) == len(high) == 4 and low.isdigit() and high.isdigit() and low <= high:
        return int(low), int(high)
    return None


class OnWatchlist(_Base):
    """`watchlist: distressed`: the filer's ticker or CIK is on a watchlist from config."""

    kind = "watchlist"
    watchlist: str

    @field_validator("watchlist")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty: name a watchlist from config.yaml")
        return value

    def check(self, ctx: Context) -> Result:
        entries = ctx.watchlists.get(self.watchlist)
        if entries is None:
            return False, f"watchlist {self.watchlist} is not in config"
        cik, ticker = ctx.facts.filing.ref.cik, ctx.facts.ticker.upper()
        for entry in entries:
            text = str(entry).strip()
            if (text.isdigit() and int(text) == cik) or (ticker and text.upper() == ticker):
                return True, f"{text} is on watchlist {self.watchlist}"
        who = f"CIK {cik}" + (f", ticker {ticker}" if ticker else "")
        return False, f"{who} not on watchlist {self.watchlist}"

"""Rule conditions: the pydantic schema of a rule's `when`, and how each kind is checked.

A condition is a YAML mapping naming exactly one kind (`signal: going_concern`,
`figure: revenue` with `measure`/`op`/`value`, `all: [...]`, ...). Each kind is its own
model with `extra="forbid"`, chosen by a callable discriminator, so a misplaced option is
reported against the kind it was written in. Checking is pure: facts, history and
watchlists in, `(holds, reason)` out, where the reason is a sentence for an analyst.
"""

from __future__ import annotations

import difflib
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from monitor.edgar.items import ITEM_LABELS
from monitor.models import FIGURE_NAMES, PER_SHARE_FIGURES, SIGNAL_NAMES, Figure, FilingFacts

# -- names and suggestions ------------------------------------------------------------------

# 6.10 (alternative filings of asset-backed issuers) is missing from EDGAR's label list.
ITEM_CODES: tuple[str, ...] = tuple(sorted({*ITEM_LABELS, "6.10"}))
OPS: dict[str, Callable[[float, float], bool]] = {
    "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
    "eq": lambda a, b: math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9),
    "ne": lambda a, b: not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9),
}
OP_SYMBOLS = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}
_OP_WORDS = {"lt": "below", "le": "at or below", "gt": "above", "ge": "at or above",
             "eq": "equal to", "ne": "different from"}
_FORM = re.compile(r"[0-9A-Za-z][0-9A-Za-z -]*(/A)?")
_TICKER = re.compile(r"[A-Za-z0-9.\-]{1,10}")
HISTORY_LIMIT = 8  # the pipeline reads at most 8 earlier filings (Store.figure_history)

Op = Literal["lt", "le", "gt", "ge", "eq", "ne"]
Measure = Literal["current", "prior", "change", "pct_change"]
HistoryMeasure = Literal["value", "change", "pct_change"]
Against = Literal["each", "any", "mean", "min", "max"]
FlipTo = Literal["negative", "positive", "either"]


def suggest(value: str, choices: Sequence[str]) -> str:
    """`: did you mean X?` for a near miss, else the list of valid names."""
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if close:
        return f": did you mean {close[0]}?"
    return f" (valid: {', '.join(choices)})"


def _one_of(kind: str, choices: Sequence[str]) -> BeforeValidator:
    def check(value: Any) -> Any:
        if isinstance(value, str) and value not in choices:
            raise ValueError(f"unknown {kind} {value}{suggest(value, choices)}")
        return value

    return BeforeValidator(check)


def _op_alias(value: Any) -> Any:
    return OP_SYMBOLS.get(value, value) if isinstance(value, str) else value


FigureName = Annotated[str, _one_of("figure", FIGURE_NAMES)]
SignalName = Annotated[str, _one_of("signal", SIGNAL_NAMES)]
OpName = Annotated[Op, _one_of("operator", [*OPS, *OP_SYMBOLS]), BeforeValidator(_op_alias)]


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"must be a number, not {str(value).lower()}")
    if isinstance(value, str) and value.strip().endswith("%"):
        raise ValueError(f"write percentages as plain numbers: {value.strip()} is "
                         f"{value.strip()[:-1]} (with measure: pct_change)")
    return value


Number = Annotated[float, BeforeValidator(_number)]


def _listify(value: Any) -> Any:
    return [value] if not isinstance(value, list | tuple) else value


# -- evaluation context ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a condition may look at for one filing."""

    facts: FilingFacts
    history: Sequence[Mapping[str, Any]] = ()
    watchlists: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def earlier(self, name: str, last: int) -> list[tuple[float, str]]:
        """Up to `last` earlier reported values of a figure, newest first, with their date."""
        out: list[tuple[float, str]] = []
        for entry in self.history:
            value = entry.get("figures", {}).get(name)
            if value is not None:
                out.append((float(value), str(entry.get("accepted", ""))[:10]))
                if len(out) == last:
                    break
        return out


Result = tuple[bool, str]


def amount(name: str, value: float) -> str:
    """A figure value as an analyst reads it: dollars with separators, EPS with cents."""
    if name in PER_SHARE_FIGURES:
        return f"{value:,.2f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def percent(value: float) -> str:
    return f"{value:+.1f}%"


def _too_few(name: str, found: int, needed: int) -> str:
    have = f"only {found} earlier {name} value" if found else f"no earlier {name} values"
    return f"{have} on record, {needed} needed"


def _compare(desc: str, op: Op, left: float, right: float, right_text: str) -> Result:
    ok = OPS[op](left, right)
    return ok, f"{desc} is {'' if ok else 'not '}{_OP_WORDS[op]} {right_text}"


# -- condition kinds ------------------------------------------------------------------------


class _Base(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    kind: ClassVar[str]
    options: ClassVar[tuple[str, ...]] = ()

    def check(self, ctx: Context) -> Result:
        raise NotImplementedError

    def signal_names(self) -> list[str]:
        """Signals this condition looks at (for the alert's evidence quote)."""
        return []

    def figure_names(self) -> list[str]:
        return []


class AllOf(_Base):
    """`all: [...]`: every condition holds."""

    kind = "all"
    all: tuple[Condition, ...]

    @field_validator("all")
    @classmethod
    def _not_empty(cls, value: tuple[Any, ...]) -> tuple[Any, ...]:
        if not value:
            raise ValueError("needs at least one condition")
        return value

    def check(self, ctx: Context) -> Result:
        reasons = []
        for sub in self.all:
            ok, why = sub.check(ctx)
            if not ok:
                return False, why
            reasons.append(why)
        return True, "; ".join(reasons)

    def signal_names(self) -> list[str]:
        return [n for sub in self.all for n in sub.signal_names()]

    def figure_names(self) -> list[str]:
        return [n for sub in self.all for n in sub.figure_names()]


class AnyOf(_Base):
    """`any: [...]`: at least one condition holds."""

    kind = "any"
    any: tuple[Condition, ...]

    @field_validator("any")
    @classmethod
    def _not_empty(cls, value: tuple[Any, ...]) -> tuple[Any, ...]:
        if not value:
            raise ValueError("needs at least one condition")
        return value

    def check(self, ctx: Context) -> Result:
        reasons = []
        for sub in self.any:
            ok, why = sub.check(ctx)
            if ok:
                return True, why
            reasons.append(why)
        return False, reasons[0] if len(reasons) == 1 else "none of: " + "; ".join(reasons)

    def signal_names(self) -> list[str]:
        return [n for sub in self.any for n in sub.signal_names()]

    def figure_names(self) -> list[str]:
        return [n for sub in self.any for n in sub.figure_names()]


class Not(_Base):
    """`not: {...}`: the condition does not hold. Reasons are statements of fact, so the
    inner reason explains the outcome either way."""

    kind = "not"
    not_: Condition = Field(alias="not")

    def check(self, ctx: Context) -> Result:
        ok, why = self.not_.check(ctx)
        return not ok, why


class SignalIs(_Base):
    """`signal: going_concern`: the distress signal was found in the filing."""

    kind = "signal"
    signal: SignalName

    def check(self, ctx: Context) -> Result:
        sig = ctx.facts.signals.get(self.signal)
        if sig is not None and sig.present:
            return True, f"{self.signal} signal present"
        return False, f"no {self.signal} signal"

    def signal_names(self) -> list[str]:
        return [self.signal]


class ItemsIn(_Base):
    """`items: ["1.03"]`: the filing reports any of these 8-K items."""

    kind = "items"
    items: tuple[str, ...]

    @field_validator("items", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        out = []
        for v in _listify(value):
            # YAML reads 6.10 as the float 6.1; every item code has two decimals.
            code = f"{v:.2f}" if isinstance(v, float) else str(v) if isinstance(v, int) else v
            if isinstance(code, str) and code.isdigit():
                raise ValueError(f"unknown 8-K item {code}: items numbered before August 2004 "
                                 "are read as today's codes; write one such as 8.01")
            if isinstance(code, str) and code not in ITEM_CODES:
                raise ValueError(f"unknown 8-K item {code}{suggest(code, ITEM_CODES)}")
            out.append(code)
        if not out:
            raise ValueError("needs at least one item code")
        return out

    def check(self, ctx: Context) -> Result:
        hit = [i for i in self.items if i in ctx.facts.items]
        if hit:
            return True, f"item {', '.join(hit)} reported"
        reported = ", ".join(ctx.facts.items) or "none"
        return False, f"no item {' or '.join(self.items)} (items reported: {reported})"


class FormIn(_Base):
    """`form: [8-K, 8-K/A]`: the filing's form type is one of these."""

    kind = "form"
    form: tuple[str, ...]

    @field_validator("form", mode="before")
    @classmethod
    def _forms(cls, value: Any) -> Any:
        for v in _listify(value):
            if not isinstance(v, str) or not _FORM.fullmatch(v):
                raise ValueError(f"{v!r} is not a form type such as 8-K or 8-K/A")
        return _listify(value)

    def check(self, ctx: Context) -> Result:
        form = ctx.facts.filing.ref.form
        ok = form.upper() in {f.upper() for f in self.form}
        return ok, f"form {form}" + ("" if ok else f" is not {' or '.join(self.form)}")


class FigureCompare(_Base):
    """`figure: revenue` + `measure` + `op` + `value` (or `compare_to` another figure)."""

    kind = "figure"
    options = ("measure", "op", "value", "compare_to")
    figure: FigureName
    measure: Annotated[Measure, _one_of("measure", Measure.__args__)] = "current"
    op: OpName
    value: Number | None = None
    compare_to: FigureName | None = None

    @model_validator(mode="after")
    def _one_reference(self) -> FigureCompare:
        if (self.value is None) == (self.compare_to is None):
            raise ValueError(
                "a figure condition needs value: (a number) or compare_to: (another figure)"
                + (", not both" if self.value is not None else "")
            )
        return self

    def _measure(self, fig: Figure | None, name: str) -> tuple[float | None, str]:
        """The measured quantity and a phrase describing it (or why it is missing)."""
        if fig is None or fig.current is None:
            return None, f"{name} not reported in this filing"
        if self.measure == "current":
            return fig.current, f"{name} {amount(name, fig.current)}"
        if fig.prior is None:
            return None, f"{name} has no prior-period value"
        if self.measure == "prior":
            return fig.prior, f"{name} prior period {amount(name, fig.prior)}"
        span = f"({amount(name, fig.prior)} → {amount(name, fig.current)})"
        if self.measure == "change":
            delta = fig.current - fig.prior
            return delta, f"{name} change {amount(name, delta)} {span}"
        pct = fig.pct_change()
        if pct is None:
            return None, f"{name} percent change undefined (prior period is 0)"
        return pct, f"{name} change {percent(pct)} {span}"

    def _threshold(self, value: float) -> str:
        if self.measure == "pct_change":
            return f"{value:g}%"
        return amount(self.figure, value)

    def check(self, ctx: Context) -> Result:
        left, desc = self._measure(ctx.facts.figures.get(self.figure), self.figure)
        if left is None:
            return False, desc
        if self.compare_to is not None:
            right, rdesc = self._measure(ctx.facts.figures.get(self.compare_to), self.compare_to)
            if right is None:
                return False, rdesc
            return _compare(desc, self.op, left, right, rdesc)
        assert self.value is not None  # guaranteed by _one_reference
        return _compare(desc, self.op, left, self.value, self._threshold(self.value))

    def figure_names(self) -> list[str]:
        return [self.figure] + ([self.compare_to] if self.compare_to else [])


class SignFlip(_Base):
    """`sign_flip: net_income` (+ `to: negative`): the figure changed sign against the prior
    period, e.g. a profit turned into a loss."""

    kind = "sign_flip"
    options = ("to",)
    sign_flip: FigureName
    to: Annotated[FlipTo, _one_of("direction", FlipTo.__args__)] = "either"

    def check(self, ctx: Context) -> Result:
        name = self.sign_flip
        fig = ctx.facts.figures.get(name)
        if fig is None or fig.current is None or fig.prior is None:
            return False, f"{name}: no current and prior values to compare"
        span = f"{amount(name, fig.prior)} → {amount(name, fig.current)}"
        to_negative = fig.prior > 0 > fig.current
        to_positive = fig.prior < 0 < fig.current
        if (to_negative and self.to != "positive") or (to_positive and self.to != "negative"):
            return True, f"{name} turned {'negative' if to_negative else 'positive'} ({span})"
        if to_negative or to_positive:
            return False, f"{name} turned {'negative' if to_negative else 'positive'}, " \
                f"not {self.to} ({span})"
        return False, f"{name} did not change sign ({span})"

    def figure_names(self) -> list[str]:
        return [self.sign_flip]


class LossWidened(_Base):
    """`loss_widened: net_income`: a loss in both periods and the current one larger; with
    `last: N`, larger than the loss in each of the company's last N earlier filings."""

    kind = "loss_widened"
    options = ("last",)
    loss_widened: FigureName
    last: Annotated[int, Field(ge=1, le=HISTORY_LIMIT)] | None = None

    def check(self, ctx: Context) -> Result:
        name = self.loss_widened
        fig = ctx.facts.figures.get(name)
        if fig is None or fig.current is None:
            return False, f"{name} not reported in this filing"
        if self.last is not None:
            return self._against_history(ctx, name, fig.current)
        if fig.prior is None:
            return False, f"{name} has no prior-period value"
        cur, prior = fig.current, fig.prior
        if cur >= 0 or prior >= 0:
            return False, (f"{name} is not a loss in both periods "
                           f"({amount(name, prior)} → {amount(name, cur)})")
        loss_now, loss_before = amount(name, -cur), amount(name, -prior)
        if cur < prior:
            return True, f"{name} loss widened from {loss_before} to {loss_now}"
        if cur == prior:
            return False, f"{name} loss unchanged at {loss_now}"
        return False, f"{name} loss narrowed from {loss_before} to {loss_now}"

    def _against_history(self, ctx: Context, name: str, cur: float) -> Result:
        assert self.last is not None
        if cur >= 0:
            return False, f"{name} is not a loss ({amount(name, cur)})"
        earlier = ctx.earlier(name, self.last)
        if len(earlier) < self.last:
            return False, _too_few(name, len(earlier), self.last)
        for value, when in earlier:
            if value >= 0 or cur >= value:
                before = f"loss of {amount(name, -value)}" if value < 0 else \
                    f"profit of {amount(name, value)}" if value > 0 else "break-even result"
                return False, (f"{name} loss of {amount(name, -cur)} is not larger than the "
                               f"{before} reported {when}")
        listed = ", ".join(f"{amount(name, -v)} on {w}" for v, w in earlier)
        return True, (f"{name} loss of {amount(name, -cur)} is larger than in each of the "
                      f"last {self.last} filings ({listed})")

    def figure_names(self) -> list[str]:
        return [self.loss_widened]


class HistoryCompare(_Base):
    """`history: revenue` + `last` + `against` + `op` (+ `measure`, `value`): this filing's
    figure against the same figure in the company's earlier filings (SQLite history)."""

    kind = "history"
    options = ("last", "against", "measure", "op", "value")
    history: FigureName
    last: Annotated[int, Field(ge=1, le=HISTORY_LIMIT)] = 2
    against: Annotated[Against, _one_of("aggregate", Against.__args__)] = "each"
    measure: Annotated[HistoryMeasure, _one_of("measure", HistoryMeasure.__args__)] = "value"
    op: OpName
    value: Number | None = None

    @model_validator(mode="after")
    def _value_matches_measure(self) -> HistoryCompare:
        if self.measure == "value" and self.value is not None:
            raise ValueError("with measure: value the current figure is compared with the "
                             "earlier ones directly; drop value: or use measure: change or "
                             "pct_change")
        if self.measure != "value" and self.value is None:
            raise ValueError(f"measure: {self.measure} needs value: (the threshold)")
        return self

    def _quantity(self, cur: float, ref: float) -> float | None:
        if self.measure == "value":
            return cur
        if self.measure == "change":
            return cur - ref
        return (cur - ref) / abs(ref) * 100.0 if ref else None

    def _holds(self, cur: float, ref: float) -> bool:
        q = self._quantity(cur, ref)
        if q is None:
            return False
        return OPS[self.op](q, ref if self.measure == "value" else self.value or 0.0)

    def _ref(self, name: str, cur: float, ref: float, what: str) -> str:
        """`what` (an earlier value), with this filing's change against it when measured."""
        if self.measure == "value":
            return what
        q = self._quantity(cur, ref)
        shown = "undefined" if q is None else (
            percent(q) if self.measure == "pct_change" else amount(name, q))
        return f"{what}: change {shown}"

    def check(self, ctx: Context) -> Result:
        name = self.history
        fig = ctx.facts.figures.get(name)
        if fig is None or fig.current is None:
            return False, f"{name} not reported in this filing"
        cur = fig.current
        earlier = ctx.earlier(name, self.last)
        if len(earlier) < self.last:
            return False, _too_few(name, len(earlier), self.last)
        word = _OP_WORDS[self.op]
        if self.measure == "value":
            subject, target = f"{name} {amount(name, cur)}", ""
        else:
            threshold = f"{self.value:g}%" if self.measure == "pct_change" else \
                amount(name, self.value or 0.0)
            subject, target = f"{name} change", f"{threshold} against "
        scope = f"the last {self.last} reported values" if self.last > 1 else \
            "the last reported value"
        if self.against in ("mean", "min", "max"):
            values = [v for v, _ in earlier]
            ref = {"mean": sum(values) / len(values), "min": min(values),
                   "max": max(values)}[self.against]
            what = self._ref(name, cur, ref, f"the {self.against} {amount(name, ref)} of {scope}")
            ok = self._holds(cur, ref)
            return ok, f"{subject} is {'' if ok else 'not '}{word} {target}{what}"
        refs = [(self._holds(cur, v), self._ref(name, cur, v, f"{amount(name, v)} on {w}"))
                for v, w in earlier]
        if self.against == "any":
            for ok, what in refs:
                if ok:
                    return True, f"{subject} is {word} {target}{what}"
            listed = "; ".join(what for _, what in refs)
            return False, f"{subject} is not {word} {target}any of {scope} ({listed})"
        for ok, what in refs:
            if not ok:
                return False, f"{subject} is not {word} {target}{what}"
        listed = "; ".join(what for _, what in refs)
        return True, f"{subject} is {word} {target}each of {scope} ({listed})"

    def figure_names(self) -> list[str]:
        return [self.history]


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


KINDS: dict[str, type[_Base]] = {
    cls.kind: cls
    for cls in (AllOf, AnyOf, Not, SignalIs, ItemsIn, FormIn, FigureCompare, SignFlip,
                LossWidened, HistoryCompare, CikIn, TickerIn, SicIn, OnWatchlist)
}
OPTIONS: frozenset[str] = frozenset(o for cls in KINDS.values() for o in cls.options)
TAG_PREFIX = "kind:"  # marks the union member in pydantic error locations


class Invalid(_Base):
    """Stands in for a mapping that names no kind, or several: always fails validation with
    a message saying what to write instead."""

    kind = "invalid"

    @model_validator(mode="before")
    @classmethod
    def _explain(cls, value: Any) -> Any:
        kinds = ", ".join(KINDS)
        if isinstance(value, list):
            raise PydanticCustomError(
                "condition_kind", "a list of conditions goes under all: (every one must hold) "
                "or any: (one is enough)")
        if isinstance(value, str) and value in SIGNAL_NAMES + FIGURE_NAMES:
            key = "signal" if value in SIGNAL_NAMES else "figure"
            raise PydanticCustomError(
                "condition_kind", "a condition is a mapping: write {key}: {value}",
                {"key": key, "value": value})
        if not isinstance(value, dict) or not value:
            what = "an empty condition" if value in ({}, None) else "not a condition"
            raise PydanticCustomError(
                "condition_kind", "{what}: write a mapping with one of {kinds}",
                {"what": what, "kinds": kinds})
        named = [k for k in value if k in KINDS]
        if named:
            raise PydanticCustomError(
                "condition_kind",
                "one condition per mapping, got {named}; list them under all: or any:",
                {"named": " and ".join(named), "field": named[1]})
        unknown = [k for k in value if k not in OPTIONS]
        key = str(unknown[0] if unknown else next(iter(value)))
        if unknown:
            raise PydanticCustomError(
                "condition_kind", "unknown condition {key}{hint}",
                {"key": key, "hint": suggest(key, list(KINDS)), "field": key})
        raise PydanticCustomError(
            "condition_kind", "{key} needs the condition it belongs to (figure:, history:, "
            "sign_flip: or loss_widened:) in the same mapping", {"key": key, "field": key})


def _kind_of(value: Any) -> str:
    if isinstance(value, _Base):
        return TAG_PREFIX + value.kind
    if isinstance(value, dict):
        named = [k for k in value if k in KINDS]
        if len(named) == 1:
            return TAG_PREFIX + str(named[0])
    return TAG_PREFIX + "invalid"


Condition = Annotated[
    Annotated[AllOf, Tag("kind:all")]
    | Annotated[AnyOf, Tag("kind:any")]
    | Annotated[Not, Tag("kind:not")]
    | Annotated[SignalIs, Tag("kind:signal")]
    | Annotated[ItemsIn, Tag("kind:items")]
    | Annotated[FormIn, Tag("kind:form")]
    | Annotated[FigureCompare, Tag("kind:figure")]
    | Annotated[SignFlip, Tag("kind:sign_flip")]
    | Annotated[LossWidened, Tag("kind:loss_widened")]
    | Annotated[HistoryCompare, Tag("kind:history")]
    | Annotated[CikIn, Tag("kind:cik")]
    | Annotated[TickerIn, Tag("kind:ticker")]
    | Annotated[SicIn, Tag("kind:sic")]
    | Annotated[OnWatchlist, Tag("kind:watchlist")]
    | Annotated[Invalid, Tag("kind:invalid")],
    Discriminator(_kind_of),
]

for _model in (AllOf, AnyOf, Not):
    _model.model_rebuild()


def fields_of(kind: str) -> list[str]:
    """The keys a condition of this kind accepts (aliases as written in YAML)."""
    model = KINDS[kind]
    return [f.alias or name for name, f in model.model_fields.items()]

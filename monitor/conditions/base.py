"""Shared parts of rule conditions: names and their suggestions, the evaluation context,
value wording, and the base model every condition kind derives from."""

from __future__ import annotations

import difflib
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict

from monitor.formats.items import ITEM_LABELS
from monitor.models import (
    FIGURE_NAMES,
    FORM_SIGNAL_NAMES,
    PER_SHARE_FIGURES,
    SIGNAL_NAMES,
    FilingFacts,
)

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
SignalName = Annotated[str, _one_of("signal", SIGNAL_NAMES + FORM_SIGNAL_NAMES)]
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
    # Figure -> status of its prior value against XBRL: match | mismatch | unavailable.
    xbrl_status: Mapping[str, str] = field(default_factory=dict)
    # Set when the filing was checked against XBRL; until then conditions that would read
    # XBRL (more history, a prior's status) note it in `wants`, so the pipeline knows that
    # reading the company's XBRL could change a verdict.
    xbrl_checked: bool = True
    wants: list[str] = field(default_factory=list)

    def earlier(self, name: str, last: int) -> list[tuple[float, str]]:
        """Up to `last` earlier reported values of a figure, newest first, with their date
        (and, for a quarter XBRL filled in, its source)."""
        out: list[tuple[float, str]] = []
        for entry in self.history:
            value = entry.get("figures", {}).get(name)
            if value is not None:
                when = entry.get("when") or str(entry.get("accepted", ""))[:10]
                out.append((float(value), str(when)))
                if len(out) == last:
                    break
        if len(out) < last and not self.xbrl_checked:
            self.wants.append(f"history:{name}")
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

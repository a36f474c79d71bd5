"""Rule conditions: the pydantic schema of a rule's `when`, and how each kind is checked.

A condition is a YAML mapping naming exactly one kind (`signal: going_concern`,
`figure: revenue` with `measure`/`op`/`value`, `all: [...]`, ...). Each kind is its own
model with `extra="forbid"`, chosen by a callable discriminator, so a misplaced option is
reported against the kind it was written in. Checking is pure: facts, history and
watchlists in, `(holds, reason)` out, where the reason is a sentence for an analyst.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, field_validator, model_validator
from pydantic_core import PydanticCustomError

from monitor.conditions.base import (
    HISTORY_LIMIT,
    ITEM_CODES,
    OP_SYMBOLS,
    OPS,
    Context,
    FigureName,
    Result,
    SignalName,
    _Base,
    amount,
    percent,
    suggest,
)
from monitor.conditions.company import CikIn, OnWatchlist, SicIn, TickerIn
from monitor.conditions.figures import FigureCompare, HistoryCompare, LossWidened, SignFlip
from monitor.conditions.filing import FormIn, ItemsIn, SignalIs
from monitor.conditions.form import FactIs
from monitor.conditions.xbrl import XbrlCheck
from monitor.models import FIGURE_NAMES, SIGNAL_NAMES

__all__ = [
    "HISTORY_LIMIT", "ITEM_CODES", "KINDS", "OPS", "OPTIONS", "OP_SYMBOLS", "TAG_PREFIX",
    "AllOf", "AnyOf", "CikIn", "Condition", "Context", "FactIs", "FigureCompare", "FigureName",
    "FormIn",
    "HistoryCompare", "Invalid", "ItemsIn", "LossWidened", "Not", "OnWatchlist", "Result",
    "SicIn", "SignFlip", "SignalIs", "SignalName", "TickerIn", "XbrlCheck", "amount",
    "fields_of", "percent", "suggest",
]


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


KINDS: dict[str, type[_Base]] = {
    cls.kind: cls
    for cls in (AllOf, AnyOf, Not, SignalIs, ItemsIn, FormIn, FigureCompare, SignFlip,
                LossWidened, HistoryCompare, CikIn, TickerIn, SicIn, OnWatchlist, FactIs,
                XbrlCheck)
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
        if key in SignalIs.options:
            raise PydanticCustomError(
                "condition_kind", "{key} narrows a signal: write it beside signal: in the same "
                "mapping", {"key": key, "field": key})
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
    | Annotated[FactIs, Tag("kind:fact")]
    | Annotated[XbrlCheck, Tag("kind:xbrl")]
    | Annotated[Invalid, Tag("kind:invalid")],
    Discriminator(_kind_of),
]

for _model in (AllOf, AnyOf, Not):
    _model.model_rebuild()


def fields_of(kind: str) -> list[str]:
    """The keys a condition of this kind accepts (aliases as written in YAML)."""
    model = KINDS[kind]
    return [f.alias or name for name, f in model.model_fields.items()]

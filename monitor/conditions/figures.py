"""Conditions on figures: against a value or another figure, sign flips, a widening loss,
and the company's earlier filings."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from monitor.conditions.base import (
    _OP_WORDS,
    HISTORY_LIMIT,
    OPS,
    Against,
    Context,
    FigureName,
    FlipTo,
    HistoryMeasure,
    Measure,
    Number,
    OpName,
    Result,
    _Base,
    _compare,
    _one_of,
    _too_few,
    amount,
    percent,
)
from monitor.models import Figure


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

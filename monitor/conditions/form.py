"""Conditions on what a distress form states (Form 12b-25, Form 25, Form 15): `fact:`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from monitor.conditions.base import OPS, Context, Number, OpName, Result, _Base, _listify, _one_of
from monitor.forms import FACT_NAMES

FactName = Annotated[str, _one_of("fact", list(FACT_NAMES))]


class FactIs(_Base):
    """`fact: security_class, is: [common_equity]`, `fact: days_past_extended_deadline,
    op: gt, value: 0`, or `fact: report_overdue` alone (the fact is stated and true)."""

    kind = "fact"
    options = ("is", "op", "value")
    fact: FactName
    is_: tuple[str, ...] | None = Field(None, alias="is")
    op: OpName | None = None
    value: Number | None = None

    @field_validator("is_", mode="before")
    @classmethod
    def _strings(cls, value: Any) -> Any:
        if value is None:
            return value
        out = [str(v).lower() if isinstance(v, bool) else v for v in _listify(value)]
        if not out or not all(isinstance(v, str | int | float) for v in out):
            raise ValueError("needs one value or a list of values")
        return [str(v) for v in out]

    @model_validator(mode="after")
    def _one_test(self) -> FactIs:
        if self.is_ is not None and (self.op is not None or self.value is not None):
            raise ValueError("write either is: or op: with value:, not both")
        if (self.op is None) != (self.value is None):
            raise ValueError("op: and value: go together")
        return self

    def check(self, ctx: Context) -> Result:
        form_facts = ctx.facts.form_facts
        got = form_facts.get(self.fact) if form_facts is not None else None
        if got is None:
            return False, f"no {self.fact} stated"
        if self.is_ is not None:
            text = str(got).lower() if isinstance(got, bool) else str(got)
            ok = text.lower() in {v.lower() for v in self.is_}
            return ok, f"{self.fact} is {text}" + ("" if ok else f", not {' or '.join(self.is_)}")
        if self.op is not None and self.value is not None:
            if isinstance(got, bool) or not isinstance(got, int | float):
                return False, f"{self.fact} is {got}, not a number"
            ok = OPS[self.op](float(got), self.value)
            return ok, f"{self.fact} is {got:g} ({'' if ok else 'not '}{self.op} {self.value:g})"
        ok = bool(got)
        return ok, f"{self.fact} is {str(got).lower() if isinstance(got, bool) else got}"

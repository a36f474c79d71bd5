"""Conditions on what the filing says: its signals, 8-K items and form."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import field_validator

from monitor.conditions.base import (
    _FORM,
    ITEM_CODES,
    Context,
    Result,
    SignalName,
    _Base,
    _listify,
    suggest,
)


class SignalIs(_Base):
    """`signal: going_concern`: the distress signal was found in the filing; optionally
    `actor: exchange | company` (who delisted, suspended or filed the Form 25) and
    `subject: registrant | auditor` (whose words state it) narrow it to the context the
    extractor gave its evidence sentence."""

    kind = "signal"
    options = ("actor", "subject")
    signal: SignalName
    actor: Literal["exchange", "company"] | None = None
    subject: Literal["registrant", "auditor"] | None = None

    def check(self, ctx: Context) -> Result:
        sig = ctx.facts.signals.get(self.signal)
        if sig is None or not sig.present:
            return False, f"no {self.signal} signal"
        context = sig.context
        for key, wanted in (("actor", self.actor), ("subject", self.subject)):
            if wanted is None:
                continue
            actual = None if context is None else getattr(context, key)
            if actual != wanted:
                said = f"{key} {actual}" if actual else f"no {key} known"
                return False, f"{self.signal} signal present but {said}, not {wanted}"
        wanted_text = ", ".join(
            f"{k} {v}" for k, v in (("actor", self.actor), ("subject", self.subject)) if v
        )
        return True, f"{self.signal} signal present" + (f" ({wanted_text})" if wanted_text else "")

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

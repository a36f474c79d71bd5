"""Conditions on a figure's check against the company's XBRL filings (issue 17)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import field_validator

from monitor.conditions.base import Context, FigureName, Result, _Base, _listify, _one_of

XbrlStatus = Literal["match", "mismatch", "unavailable"]
_STATUSES: tuple[str, ...] = ("match", "mismatch", "unavailable")


class XbrlCheck(_Base):
    """`xbrl: revenue` (+ `status: match`, or a list): the figure's prior-period value has
    this status against the company's 10-Q/10-K in XBRL; `match` means verified."""

    kind = "xbrl"
    options = ("status",)
    xbrl: FigureName
    status: tuple[Annotated[XbrlStatus, _one_of("status", _STATUSES)], ...] = ("match",)

    @field_validator("status", mode="before")
    @classmethod
    def _listed(cls, value: Any) -> Any:
        return _listify(value)

    def check(self, ctx: Context) -> Result:
        if not ctx.xbrl_checked:
            ctx.wants.append(f"xbrl:{self.xbrl}")
        status = ctx.xbrl_status.get(self.xbrl, "unavailable")
        ok = status in self.status
        wanted = " or ".join(self.status)
        verb = "verified against" if status == "match" else \
            "contradicted by" if status == "mismatch" else "not checkable against"
        return ok, f"{self.xbrl} prior {verb} XBRL" + ("" if ok else f" (wanted {wanted})")

    def figure_names(self) -> list[str]:
        return [self.xbrl]

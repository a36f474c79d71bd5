"""What an alert says about XBRL: each figure's prior check, the verdict on several
mismatches, and where history came from. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from monitor.models import AlertFigureCheck
from monitor.xbrl.crosscheck import Check, CrossCheck, history_sources


def check_json(check: Check) -> dict[str, Any]:
    """The `"xbrl"` object of `explain --json`."""
    return {"prior": check.xbrl, "status": check.status, "accession": check.accession or None,
            "form": check.form or None, "filed": check.filed or None,
            "period": check.period or None, "note": check.note or None}


@dataclass(frozen=True, slots=True)
class XbrlNotes:
    """The XBRL part of an alert: each figure's prior check, the verdict on several
    mismatches, and where history rules' earlier figures came from ("" when not stated)."""

    figure_checks: Mapping[str, AlertFigureCheck] = field(default_factory=dict)
    verdict: str = ""
    history_source: str = ""


def alert_check(check: Check) -> AlertFigureCheck:
    """A prior-period check as an alert figure carries it."""
    return AlertFigureCheck(check.status, check.xbrl, check.phrase(), check.accession or None,
                            check.form or None, check.filed or None, check.period or None,
                            check.note or None)


def xbrl_notes(
    cross: CrossCheck | None, history: Sequence[Mapping[str, Any]]
) -> XbrlNotes | None:
    """What the alert says about XBRL; None when the filing was not checked."""
    if cross is None:
        return None
    on_record, from_xbrl = history_sources(history)
    source = (f"history: {on_record} earlier filing(s) on record, "
              f"{from_xbrl} quarter(s) from XBRL 10-Q/10-K") if from_xbrl else ""
    return XbrlNotes({name: alert_check(fc.prior) for name, fc in cross.figures.items()},
                     cross.verdict or "", source)

"""What an alert says about XBRL: each figure's prior check, the verdict on several
mismatches, and where history came from. Pure; the payload is plain JSON for the outbox."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from monitor.xbrl.crosscheck import Check, CrossCheck, history_sources


def check_json(check: Check) -> dict[str, Any]:
    """The `"xbrl"` object of `explain --json` and of the alert payload."""
    return {"prior": check.xbrl, "status": check.status, "accession": check.accession or None,
            "form": check.form or None, "filed": check.filed or None,
            "period": check.period or None, "note": check.note or None}


def xbrl_payload(
    cross: CrossCheck | None, history: Sequence[Mapping[str, Any]]
) -> dict[str, Any] | None:
    """Extra alert payload keys; None when the filing was not checked."""
    if cross is None:
        return None
    checks = {}
    for name, fc in cross.figures.items():
        entry = check_json(fc.prior)
        entry["phrase"] = fc.prior.phrase()
        checks[name] = entry
    out: dict[str, Any] = {"figure_checks": checks}
    if cross.verdict:
        out["xbrl_verdict"] = cross.verdict
    on_record, from_xbrl = history_sources(history)
    if from_xbrl:
        out["history_source"] = (f"history: {on_record} earlier filing(s) on record, "
                                 f"{from_xbrl} quarter(s) from XBRL 10-Q/10-K")
    return out

"""Form 15 (15-12G, 15-12B, 15-15D): certification and notice of termination of
registration, or suspension of the duty to file reports. The company stops reporting. Pure.
"""

from __future__ import annotations

import re

from monitor.forms.marks import form_lines, text_above_label, ticked_lines
from monitor.forms.removal import classify_security
from monitor.models import FactValue

# What each EDGAR form type ends (the form's title and 17 CFR 240.12g-4, 12h-3, 15d-6).
REGISTRATION_ENDED: dict[str, str] = {
    "15-12G": "registration under Section 12(g)",
    "15-12B": "registration under Section 12(b)",
    "15-15D": "the duty to file reports under Section 15(d)",
}
_RULE = re.compile(r"Rule\s+(?:12g-4|12h-3|12h-6|15d-6|15d-22)(?:\s*\([a-z0-9]+\))*", re.I)
_TITLE_LABEL = re.compile(r"\(\s*Title\s+of\s+each\s+class\s+of\s+securities\s+covered", re.I)
_HOLDERS = re.compile(
    r"Approximate\s+number\s+of\s+holders\s+of\s+record\s+as\s+of\s+the\s+certification\s+or"
    r"\s+notice\s+date\s*:?\s*(?:\(?[a-z]\)?\s*)?([\d,]+|none|zero)", re.I)


def parse_deregistration(text: str, form: str) -> dict[str, FactValue]:
    """Facts of a Form 15 from its plain text."""
    lines = form_lines(text)
    description = text_above_label(lines, _TITLE_LABEL, reach=6)
    rules = [" ".join(r.split()) for r in ticked_lines(lines, _RULE)]
    holders_match = _HOLDERS.search(" ".join(lines))
    holders: float | None = None
    if holders_match:
        raw = holders_match.group(1).replace(",", "").lower()
        holders = 0.0 if raw in ("none", "zero") else float(raw)
    base = form.upper().removesuffix("/A")
    return {
        "security_description": description.replace("\n", "; ") or None,
        "security_class": classify_security(description) if description else "other",
        "rule_provisions": ", ".join(dict.fromkeys(rules)) or None,
        "holders_of_record": holders,
        "registration_ended": REGISTRATION_ENDED.get(base),
        "amendment": form.upper().endswith("/A"),
    }


def deregistration_evidence(form: str, company: str, values: dict[str, FactValue]) -> str:
    """One line: the form, what ends, under which rule, how many holders remain."""
    ended = values.get("registration_ended") or "registration"
    what = values.get("security_description")
    rule = values.get("rule_provisions")
    holders = values.get("holders_of_record")
    parts = [f"{form}: {company or 'the registrant'} ends {ended}"
             + (f" of {what}" if what else "")]
    if rule:
        parts.append(f"relying on {rule}")
    if holders is not None:
        parts.append(f"about {int(float(holders)):,} holders of record")
    return "; ".join(parts)

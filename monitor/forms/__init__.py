"""Distress forms beyond the 8-K: Form 12b-25 (late filing), Form 25 / 25-NSE (removal from
listing) and Form 15 (deregistration). Pure: a filing's documents in, its form facts and
the three form signals out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from monitor.errors import ParseError
from monitor.extract.text import document_text
from monitor.forms.deregistration import deregistration_evidence, parse_deregistration
from monitor.forms.latefiling import deadline_facts, late_filing_evidence, parse_late_filing
from monitor.forms.removal import (
    is_delisting,
    parse_removal_text,
    parse_removal_xml,
    removal_evidence,
    removal_facts,
    removal_reason,
)
from monitor.models import FORM_SIGNAL_NAMES, FactValue, FormFacts, Signal, SignalContext

__all__ = ["FACT_NAMES", "FormReading", "form_family", "read_form"]

Family = Literal["late_filing", "removal", "deregistration"]

# Every fact a `fact:` condition may name, with what it holds.
FACT_NAMES: dict[str, str] = {
    "report_form": "12b-25: the late periodic report (10-K, 10-Q, 20-F, 11-K)",
    "period_ended": "12b-25: the report's period end (YYYY-MM-DD)",
    "reason": "12b-25: Part III, why the report could not be filed on time",
    "expected_change": "12b-25: Part IV (3), a significant change in results expected (yes/no)",
    "expected_change_text": "12b-25: Part IV (3), the explanation and any figures it gives",
    "other_reports_filed": "12b-25: Part IV (2), all other periodic reports filed (yes/no)",
    "due_date": "12b-25: the report's original due date, located from the notice",
    "extended_deadline": "12b-25: last day the report is deemed timely (15 or 5 days later)",
    "report_overdue": "12b-25: the report had not arrived when the extension ran out",
    "days_past_extended_deadline": "12b-25: days between the extended deadline and the check",
    "report_arrived": "12b-25: accession of the report once it arrived",
    "report_arrived_on": "12b-25: the report's filing date once it arrived",
    "security_description": "Form 25 / 15: the class of securities as the form describes it",
    "security_class": "Form 25 / 15: common_equity, preferred_equity, notes, warrants, rights, "
                      "units or other",
    "rule_provision": "Form 25: 12d2-2(a), 12d2-2(b) (the exchange) or 12d2-2(c) (the issuer)",
    "rule_subparagraph": "Form 25: the cited provision in full, e.g. 12d2-2(a)(3)",
    "removal_basis": "Form 25: redemption_or_maturity, merger_or_substitution, "
                     "exchange_removal, issuer_application, ...",
    "exchange": "Form 25: the exchange's name",
    "exchange_cik": "Form 25: the exchange's CIK",
    "issuer": "Form 25: the issuer's name",
    "issuer_cik": "Form 25: the issuer's CIK",
    "filer_role": "Form 25: exchange (25-NSE) or issuer (Form 25)",
    "removal_reason": "Form 25: the exchange's reason, from its notice (EX-99.25)",
    "rule_provisions": "Form 15: the rules relied upon, e.g. Rule 12g-4(a)(1)",
    "holders_of_record": "Form 15: approximate number of holders of record",
    "registration_ended": "Form 15: what ends (12(g) or 12(b) registration, 15(d) reporting)",
    "amendment": "any: the notice amends an earlier one (/A)",
}


def form_family(form: str) -> Family | None:
    """Which distress form a form type is, if any."""
    upper = form.upper().strip()
    if upper.startswith(("NT ", "NT-")):
        return "late_filing"
    base = upper.removesuffix("/A")
    if base in ("25", "25-NSE"):
        return "removal"
    if base in ("15-12G", "15-12B", "15-15D"):
        return "deregistration"
    return None


@dataclass(frozen=True, slots=True)
class FormReading:
    """A distress form's facts and the three form signals."""

    facts: FormFacts
    signals: dict[str, Signal] = field(default_factory=dict)


def _primary(form: str, documents: Sequence[tuple[str, str, bytes]]) -> tuple[str, bytes] | None:
    if not documents:
        return None
    upper = form.upper()
    for doc_type, name, body in documents:
        if doc_type.upper() == upper:
            return name, body
    _type, name, body = documents[0]
    return name, body


def read_form(
    form: str,
    documents: Sequence[tuple[str, str, bytes]],
    *,
    company: str = "",
    filed: date | None = None,
    period: str = "",
) -> FormReading | None:
    """Facts and signals of a distress form from its documents (type, name, body), primary
    document first or typed as the form; None for any other form."""
    family = form_family(form)
    primary = _primary(form, documents)
    if family is None or primary is None:
        return None
    name, body = primary
    values: dict[str, FactValue]
    present: dict[str, str] = {}
    if family == "late_filing":
        values = parse_late_filing(document_text(body), form, period)
        values.update(deadline_facts(values, filed))
        values.update({"report_overdue": False, "days_past_extended_deadline": None,
                       "report_arrived": None})
        present["late_filing"] = late_filing_evidence(form, values)
    elif family == "removal":
        try:
            fields = parse_removal_xml(body)
        except ParseError:
            fields = parse_removal_text(document_text(body))
        values = removal_facts(fields, form)
        if not values.get("issuer") and company:
            values["issuer"] = company  # an HTML Form 25 names its issuer in prose only
        notices = [b for t, _n, b in documents if t.upper().startswith("EX-99")]
        values["removal_reason"] = (removal_reason(document_text(notices[0])) or None
                                    if notices else None)
        if is_delisting(values):
            present["exchange_delisting"] = removal_evidence(form, values)
    else:
        values = parse_deregistration(document_text(body), form)
        present["deregistration"] = deregistration_evidence(form, company, values)
    # Stated by the form itself: the registrant's own, asserted, current, factual. For a
    # removal, who acted: the exchange (25-NSE) or the company (its own Form 25).
    actor = None
    if family == "removal":
        actor = "company" if values.get("filer_role") == "issuer" else "exchange"
    context = SignalContext(actor=actor, cues=(f"form {form}",))
    signals = {
        sig: Signal(sig, sig in present, present.get(sig), name if sig in present else "",
                    context=context if sig in present else None)
        for sig in FORM_SIGNAL_NAMES
    }
    return FormReading(FormFacts(form, values), signals)

"""Form 8-K item codes and the exact label strings EDGAR prints for them."""

from __future__ import annotations

ITEM_LABELS: dict[str, str] = {
    "1.01": "Entry into a Material Definitive Agreement",
    "1.02": "Termination of a Material Definitive Agreement",
    "1.03": "Bankruptcy or Receivership",
    "1.04": "Mine Safety - Reporting of Shutdowns and Patterns of Violations",
    "1.05": "Material Cybersecurity Incidents",
    "2.01": "Completion of Acquisition or Disposition of Assets",
    "2.02": "Results of Operations and Financial Condition",
    "2.03": "Creation of a Direct Financial Obligation or an Obligation under an "
    "Off-Balance Sheet Arrangement of a Registrant",
    "2.04": "Triggering Events That Accelerate or Increase a Direct Financial Obligation or "
    "an Obligation under an Off-Balance Sheet Arrangement",
    "2.05": "Cost Associated with Exit or Disposal Activities",
    "2.06": "Material Impairments",
    "3.01": "Notice of Delisting or Failure to Satisfy a Continued Listing Rule or Standard; "
    "Transfer of Listing",
    "3.02": "Unregistered Sales of Equity Securities",
    "3.03": "Material Modifications to Rights of Security Holders",
    "4.01": "Changes in Registrant's Certifying Accountant",
    "4.02": "Non-Reliance on Previously Issued Financial Statements or a Related Audit Report "
    "or Completed Interim Review",
    "5.01": "Changes in Control of Registrant",
    "5.02": "Departure of Directors or Certain Officers; Election of Directors; Appointment of "
    "Certain Officers: Compensatory Arrangements of Certain Officers",
    "5.03": "Amendments to Articles of Incorporation or Bylaws; Change in Fiscal Year",
    "5.04": "Temporary Suspension of Trading Under Registrant's Employee Benefit Plans",
    "5.05": "Amendments to the Registrant's Code of Ethics, or Waiver of a Provision of the "
    "Code of Ethics",
    "5.06": "Change in Shell Company Status",
    "5.07": "Submission of Matters to a Vote of Security Holders",
    "5.08": "Shareholder Nominations Pursuant to Exchange Act Rule 14a-11",
    "6.01": "ABS Informational and Computational Material",
    "6.02": "Change of Servicer or Trustee",
    "6.03": "Change in Credit Enhancement or Other External Support",
    "6.04": "Failure to Make a Required Distribution",
    "6.05": "Securities Act Updating Disclosure",
    "6.06": "Static Pool",
    "7.01": "Regulation FD Disclosure",
    "8.01": "Other Events",
    "9.01": "Financial Statements and Exhibits",
}

# Item numbers used before August 2004, as EDGAR still labels old filings.
OLD_ITEM_LABELS: dict[str, str] = {
    "1": "Changes in control of registrant",
    "2": "Acquisition or disposition of assets",
    "3": "Bankruptcy or receivership",
    "4": "Changes in registrant's certifying accountant",
    "5": "Other events",
    "6": "Resignations of registrant's directors",
    "7": "Financial statements and exhibits",
    "8": "Change in fiscal year",
    "9": "Regulation FD Disclosure",
    "10": "Amendments to the Registrant.s Code of Ethics",
    "12": "Results of Operations and Financial Condition",
}

# The 2004-2006 wording of 5.02, still found in older `.txt` headers.
_OLD_LABELS = {
    "Departure of Directors or Principal Officers; Election of Directors; Appointment of "
    "Principal Officers": "5.02",
}


def _norm(label: str) -> str:
    return " ".join(label.replace("&#39;", "'").split()).lower().rstrip(".")


_BY_NORM = {_norm(v): k for k, v in ITEM_LABELS.items()} | {
    _norm(k): v for k, v in _OLD_LABELS.items()
}


def item_code(label: str) -> str | None:
    """The item code for an EDGAR label (as in `.txt` ITEM INFORMATION lines), if known."""
    return _BY_NORM.get(_norm(label))


"""Distress-form filings for benchmarks (issue 16): NT 10-K, 25-NSE for common stock struck
by the exchange (indexed under the exchange too), 25-NSE for matured notes, Form 15-12G.

Built from the fixtures in `tests/documents/forms`, with each filing's own CIK written into
the Form 25 XML so the issuer the daemon files it under is the filing's company.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from monitor.sandbox import DocSpec, Entity, FilingSpec

FORMS = Path(__file__).resolve().parents[2] / "tests" / "documents" / "forms"
NASDAQ = Entity(1120193, "NASDAQ STOCK MARKET LLC", "Filed by")
NYSE = Entity(876661, "NEW YORK STOCK EXCHANGE LLC", "Filed by")
# Kinds in rotation, and whether the default rules alert on each.
KINDS: tuple[tuple[str, bool], ...] = (
    ("NT 10-K", True), ("25-NSE", True), ("25-NSE notes", False), ("15-12G", True),
)


def _doc(name: str) -> bytes:
    return (FORMS / name).read_bytes()


def distress_filing(index: int, accession: str, cik: int, accepted: datetime) -> FilingSpec:
    """The `index`-th distress filing of the rotation in KINDS."""
    kind = KINDS[index % len(KINDS)][0]
    company = f"Distress {cik} Corp."
    if kind == "NT 10-K":
        return FilingSpec(accession=accession, cik=cik, company=company, form="NT 10-K",
                          accepted=accepted, period="20251231",
                          documents=(DocSpec("NT 10-K", "nt10k.htm",
                                             _doc("lumenfiber-nt10k.htm")),))
    if kind == "15-12G":
        return FilingSpec(accession=accession, cik=cik, company=company, form="15-12G",
                          accepted=accepted,
                          documents=(DocSpec("15-12G", "form15.htm",
                                             _doc("northgate-15-12g.htm")),))
    notes = kind == "25-NSE notes"
    xml = _doc("brightway-25nse-notes-primary_doc.xml" if notes
               else "lumenfiber-25nse-primary_doc.xml")
    xml = xml.replace(b"<cik>1000002</cik>", f"<cik>{cik}</cik>".encode()).replace(
        b"<cik>1000001</cik>", f"<cik>{cik}</cik>".encode())
    return FilingSpec(accession=accession, cik=cik, company=company, form="25-NSE",
                      accepted=accepted, role="Subject",
                      extra_entities=(NYSE if notes else NASDAQ,),
                      documents=(DocSpec("25-NSE", "primary_doc.xml", xml),))


def alerts_expected(index: int) -> bool:
    """Whether the default rules alert on the `index`-th distress filing."""
    return KINDS[index % len(KINDS)][1]

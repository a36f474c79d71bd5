"""A local replica of www.sec.gov's EDGAR endpoints, for tests and `edgar-monitor sandbox DIR`.

It serves filings in EDGAR's real byte formats (see /work/shared/EDGAR.md): the getcurrent
Atom feed, filing index pages, `-index-headers.html`, `index.json`, the full `.txt`
submission, every document, and daily `form.YYYYMMDD.idx`; it enforces SEC's fair-access
rules (declared User-Agent, 10 requests/second with an extending block) and injects faults.
Point the client at the base URL instead of `https://www.sec.gov`.

Filing folder format (`serve`/`EdgarReplica.load_dir`; for users: docs/sandbox.md): one
sub-folder per filing holding `filing.json` plus the document files it names::

    {"accession": "0001234567-25-000001", "cik": 1234567, "company": "Example Corp",
     "form": "8-K", "accepted": "2025-12-12T17:30:48-05:00", "items": ["2.02", "9.01"],
     "sic": "3357", "state": "MA", "period": "20251212", "fiscal_year_end": "1231",
     "documents": [{"type": "8-K", "filename": "ex-8k.htm", "description": "8-K"},
                   {"type": "EX-99.1", "filename": "ex991.htm", "description": "PRESS RELEASE"}]}

Required: accession (10-2-6 digits), cik, company, form, documents (each with `type` and
`filename`, or `source` instead of `filename` for a pre-2001 document that exists only inside
the .txt: then the .txt has no <FILENAME> and the index page shows an empty anchor).
Optional: accepted (ISO 8601; naive = US Eastern; missing = load time), items (8-K codes,
labelled per EDGAR.md §9), sic, sic_description, state (rendered as state of incorporation
and business-address state), period (YYYYMMDD), fiscal_year_end (MMDD), file_number,
film_number, role (feed role of the primary entity, default "Filer"), extra_entities
(`[{"cik":..., "company":..., "role": "Reporting"}]`: one more feed entry and index row each),
documents_delay (seconds the .txt and documents 404 after the folder is picked up).
data.sec.gov is served too (point `--edgar-url` at the replica and both hosts map to it):
`DIR/companyfacts/CIK##########.json` at `/api/xbrl/companyfacts/CIK##########.json` and
`DIR/submissions/CIK##########.json` at `/submissions/CIK##########.json`, with data.sec.gov's
headers (`no-cache, no-store`, no ETag or Last-Modified); any other CIK answers 404 with S3's
NoSuchKey XML, as SEC does for a company without XBRL data.
Filings whose `accepted` lies in the future (replica clock) stay invisible until then.
`serve` rescans the folder every second, so dropping a new folder in is "a new 8-K arrives";
a folder whose document files are not all there yet is retried on the next scan.
"""

from monitor.sandbox.faults import (
    Block,
    Faults,
    RequestRecord,
    busiest_second,
    is_declared_agent,
)
from monitor.sandbox.server import EdgarReplica, serve
from monitor.sandbox.specs import (
    ITEM_LABELS,
    DocSpec,
    Entity,
    FilingSpec,
    filing_date,
    load_filing_folder,
)

__all__ = [
    "ITEM_LABELS",
    "Block",
    "DocSpec",
    "EdgarReplica",
    "Entity",
    "Faults",
    "FilingSpec",
    "RequestRecord",
    "busiest_second",
    "filing_date",
    "is_declared_agent",
    "load_filing_folder",
    "serve",
]

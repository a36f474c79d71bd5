"""Pure parsers for EDGAR's discovery sources: the getcurrent Atom feed and daily form index."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from monitor.errors import ParseError
from monitor.formats.items import item_code
from monitor.models import FilingRef

_ATOM = "{http://www.w3.org/2005/Atom}"
_TITLE = re.compile(r"(.*?) - (.*) \((\d+)\) \((.*)\)$", re.S)
_ACC_ID = re.compile(r"accession-number=(\d{10}-\d{2}-\d{6})")
_FILED = re.compile(r"Filed:</b>\s*(\d{4}-\d{2}-\d{2})")
_ITEM = re.compile(r"Item (\d+\.\d+):")
_IDX_PATH = re.compile(r"edgar/data/(\d+)/(\d{10}-\d{2}-\d{6})\.txt")
# Which entity's folder to prefer when one filing is listed under several roles.
_ROLE_RANK = {"Filer": 0, "Subject": 1, "Issuer": 2, "Filed by": 3, "Reporting": 4}


@dataclass(frozen=True, slots=True)
class FeedPage:
    """One page of the getcurrent feed: filings in feed order (newest first)."""

    filings: tuple[FilingRef, ...]
    entries: int


def parse_current_feed(raw: bytes) -> FeedPage:
    """Parse a getcurrent Atom page; entries for the same accession collapse into one filing."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed Atom feed: {exc}") from None
    if root.tag != f"{_ATOM}feed":
        raise ParseError(f"not an Atom feed (root element {root.tag!r})")
    chosen: dict[str, tuple[int, FilingRef]] = {}
    order: list[str] = []
    entries = root.findall(f"{_ATOM}entry")
    for entry in entries:
        parsed = _parse_entry(entry)
        if parsed is None:
            continue
        rank, ref = parsed
        if ref.accession not in chosen:
            order.append(ref.accession)
            chosen[ref.accession] = (rank, ref)
        elif rank < chosen[ref.accession][0]:
            chosen[ref.accession] = (rank, ref)
    return FeedPage(filings=tuple(chosen[a][1] for a in order), entries=len(entries))


def _parse_entry(entry: etree._Element) -> tuple[int, FilingRef] | None:
    title = entry.findtext(f"{_ATOM}title") or ""
    ident = entry.findtext(f"{_ATOM}id") or ""
    match = _TITLE.match(title.strip())
    acc = _ACC_ID.search(ident)
    if match is None or acc is None:
        return None
    form, company, cik, role = match.groups()
    category = entry.find(f"{_ATOM}category")
    if category is not None and category.get("term"):
        form = category.get("term", form)
    summary = entry.findtext(f"{_ATOM}summary") or ""
    filed = _FILED.search(summary)
    updated = entry.findtext(f"{_ATOM}updated")
    ref = FilingRef(
        accession=acc.group(1),
        cik=int(cik),
        form=form.strip(),
        company=company.strip(),
        accepted=_parse_time(updated),
        filed=date.fromisoformat(filed.group(1)) if filed else None,
        items=tuple(dict.fromkeys(_ITEM.findall(summary))),
    )
    return _ROLE_RANK.get(role.strip(), 9), ref


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_daily_form_index(raw: bytes) -> list[FilingRef]:
    """Rows of a daily `form.YYYYMMDD.idx` (fixed-width columns, EDGAR.md §3.2)."""
    text = raw.decode("latin-1")
    lines = text.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("-----")) + 1
    except StopIteration:
        raise ParseError("daily form index has no header rule line") from None
    refs: list[FilingRef] = []
    for line in lines[start:]:
        if not line.strip():
            continue
        path = _IDX_PATH.search(line[98:] if len(line) > 98 else line)
        if path is None:
            continue
        date_field = line[86:98].strip()
        refs.append(
            FilingRef(
                accession=path.group(2),
                cik=int(path.group(1)),
                form=line[0:12].strip(),
                company=line[12:74].strip(),
                filed=_parse_idx_date(date_field),
            )
        )
    return refs


def _parse_idx_date(value: str) -> date | None:
    digits = value.replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        return None
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def form_selected(form: str, wanted: tuple[str, ...]) -> bool:
    """True when `form` is one of the configured forms (exact, case-insensitive).

    The feed's `type=` is a prefix match, so 8-K12B and friends arrive and must be filtered
    here by config.
    """
    upper = form.upper()
    return any(upper == w.upper() for w in wanted)


def item_codes_from_labels(labels: list[str]) -> tuple[str, ...]:
    """Item codes for EDGAR label strings; unknown labels are dropped."""
    codes = [code for label in labels if (code := item_code(label))]
    return tuple(dict.fromkeys(codes))

"""Filings the replica serves: value types, EDGAR's label tables and the filing-folder loader.

Pure data and date arithmetic; no I/O except `load_filing_folder`, which reads one folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from monitor.formats.items import ITEM_LABELS as ITEM_LABELS_CURRENT
from monitor.formats.items import OLD_ITEM_LABELS

EASTERN = ZoneInfo("America/New_York")

# EDGAR's own item labels (EDGAR.md §9), current and pre-August-2004, shared with the client.
ITEM_LABELS: Mapping[str, str] = ITEM_LABELS_CURRENT | OLD_ITEM_LABELS

# Description after "Form X - " on the index page; unknown forms get none.
FORM_DESCRIPTIONS: Mapping[str, str] = {
    "8-K": "Current report",
    "8-K/A": "[Amend] Current report",
    "10-Q": "Quarterly report [Sections 13 or 15(d)]",
    "10-K": "Annual report [Section 13 and 15(d), not S-K Item 405]",
    "4": "Statement of changes in beneficial ownership of securities",
    "424B5": "Prospectus [Rule 424(b)(5)]",
    # Distress forms (issue 16). NT 10-Q's wording is quoted from EDGAR in an investorshub
    # post; the others follow EDGAR's form-type list as recalled, not from a recorded page.
    "NT 10-K": "Notice under Rule 12b25 of inability to timely file all or part of a form "
               "10-K, 10-KSB, or 10-KT",
    "NT 10-Q": "Notice under Rule 12b25 of inability to timely file all or part of a form "
               "10-Q or 10-QSB",
    "NT 20-F": "Notice under Rule 12b25 of inability to timely file all or part of an annual "
               "report of form 20-F",
    "25-NSE": "Notification filed by national security exchange to report the removal from "
              "listing and registration of matured, redeemed or retired securities",
    "25": "Notification filed by issuer to voluntarily withdraw a class of securities from "
          "listing and registration on a national securities exchange",
    "15-12G": "Securities registration termination [Section 12(g)]",
    "15-12B": "Securities registration termination [Section 12(b)]",
    "15-15D": "Suspension of duty to report [Section 13 and 15(d)]",
}

# Conformed SIC titles for the .txt header; a filing may override with `sic_description`.
SIC_TITLES: Mapping[str, str] = {
    "1311": "CRUDE PETROLEUM & NATURAL GAS",
    "2834": "PHARMACEUTICAL PREPARATIONS",
    "2836": "BIOLOGICAL PRODUCTS, (NO DIAGNOSTIC SUBSTANCES)",
    "3357": "DRAWING & INSULATING OF NONFERROUS WIRE",
    "3571": "ELECTRONIC COMPUTERS",
    "3674": "SEMICONDUCTORS & RELATED DEVICES",
    "6021": "NATIONAL COMMERCIAL BANKS",
    "6022": "STATE COMMERCIAL BANKS",
    "6770": "BLANK CHECKS",
    "7370": "SERVICES-COMPUTER PROGRAMMING, DATA PROCESSING, ETC.",
    "7372": "SERVICES-PREPACKAGED SOFTWARE",
}

# Feed role -> (SGML tag in -index-headers, block title in .txt, data block title).
ROLE_BLOCKS: Mapping[str, tuple[str, str, str]] = {
    "Filer": ("FILER", "FILER", "COMPANY DATA"),
    "Issuer": ("ISSUER", "ISSUER", "COMPANY DATA"),
    "Reporting": ("REPORTING-OWNER", "REPORTING-OWNER", "OWNER DATA"),
    "Subject": ("SUBJECT-COMPANY", "SUBJECT COMPANY", "COMPANY DATA"),
    "Filed by": ("FILED-BY", "FILED BY", "COMPANY DATA"),
}

_ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Entity:
    """One company or person a filing appears under (one feed entry each)."""

    cik: int
    company: str
    role: str = "Filer"


@dataclass(frozen=True)
class DocSpec:
    """One document; `filename=None` is a pre-2001 document that exists only inside the .txt."""

    type: str
    filename: str | None
    body: bytes
    description: str = ""


@dataclass(frozen=True)
class FilingSpec:
    """A filing as the replica serves it; `accepted` is tz-aware, `period` is YYYYMMDD."""

    accession: str
    cik: int
    company: str
    form: str
    accepted: datetime
    items: tuple[str, ...] = ()
    documents: tuple[DocSpec, ...] = ()
    sic: str = ""
    state: str = ""
    period: str = ""
    fiscal_year_end: str = ""
    role: str = "Filer"
    extra_entities: tuple[Entity | tuple[int, str, str], ...] = ()
    sic_description: str = ""
    file_number: str = ""
    film_number: str = ""
    ticker: str = ""

    def __post_init__(self) -> None:
        if not _ACCESSION.match(self.accession):
            raise ValueError(f"accession {self.accession!r} is not 10-2-6 digits")
        if self.accepted.tzinfo is None:
            raise ValueError("accepted must be timezone-aware")
        unknown = [code for code in self.items if code not in ITEM_LABELS]
        if unknown:
            raise ValueError(f"unknown 8-K item codes {unknown}")
        if not self.documents:
            raise ValueError("a filing needs at least one document")
        names = [doc.filename for doc in self.documents if doc.filename is not None]
        if len(set(names)) != len(names):
            raise ValueError("document filenames must be unique")
        bad = [name for name in names if not _PLAIN_NAME.match(name)]
        if bad:
            raise ValueError(f"document filenames must be plain names: {bad}")
        for entity in self.entities:
            if entity.role not in ROLE_BLOCKS:
                raise ValueError(f"unknown role {entity.role!r}; use one of {list(ROLE_BLOCKS)}")

    @property
    def folder(self) -> str:
        """The 18-digit accession folder name."""
        return self.accession.replace("-", "")

    @property
    def entities(self) -> tuple[Entity, ...]:
        """Primary entity first, then the extra ones, in feed order."""
        extra = tuple(e if isinstance(e, Entity) else Entity(*e) for e in self.extra_entities)
        return (Entity(self.cik, self.company, self.role), *extra)

    @property
    def accepted_et(self) -> datetime:
        """Acceptance time as US Eastern wall clock."""
        return self.accepted.astimezone(EASTERN)

    @property
    def filed(self) -> date:
        """The filing date EDGAR assigns (see `filing_date`)."""
        return filing_date(self.form, self.accepted)

    def item_labels(self) -> list[tuple[str, str]]:
        """(code, EDGAR label) per item, in filing order."""
        return [(code, ITEM_LABELS[code]) for code in self.items]


# Forms dated the next business day when accepted after 17:30 ET (17 CFR 232.13(a)(2)); the
# others modelled here (Forms 3, 4, 5 and the like) keep the same day until 22:00.
_EARLY_CUTOFF_FORMS = ("8-K", "NT ", "NT-", "10-K", "10-Q", "20-F", "11-K", "25", "15-")


def filing_date(form: str, accepted: datetime) -> date:
    """EDGAR's filing date: 8-Ks, periodic reports and the distress forms after 17:30 ET
    (others after 22:00) and weekends roll forward.

    Federal holidays are not modelled.
    """
    et = accepted.astimezone(EASTERN)
    early = form.upper().startswith(_EARLY_CUTOFF_FORMS)
    cutoff = time(17, 30) if early else time(22, 0)
    day = et.date()
    if et.time().replace(tzinfo=None) > cutoff:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _str(raw: Mapping[str, Any], key: str, default: str = "") -> str:
    value = raw.get(key, default)
    if not isinstance(value, str | int):
        raise ValueError(f"{key!r} must be a string")
    return str(value)


def _entity(raw: Any) -> Entity:
    if isinstance(raw, Mapping):
        return Entity(int(raw["cik"]), str(raw["company"]), str(raw.get("role", "Filer")))
    if isinstance(raw, list | tuple) and len(raw) == 3:
        return Entity(int(raw[0]), str(raw[1]), str(raw[2]))
    raise ValueError(f"bad entity {raw!r}: want {{cik, company, role}}")


def _accepted(raw: Mapping[str, Any], now: datetime) -> datetime:
    text = raw.get("accepted")
    if text is None:
        return now
    value = datetime.fromisoformat(str(text))
    # A naive timestamp is EDGAR wall-clock time, i.e. US Eastern.
    return value if value.tzinfo is not None else value.replace(tzinfo=EASTERN)


def load_filing_folder(folder: Path, *, now: datetime) -> tuple[FilingSpec, float]:
    """Read `folder/filing.json` and its documents; returns the spec and its documents delay.

    Raises OSError while a document file is missing (the folder may still be being written),
    ValueError (incl. json.JSONDecodeError) or KeyError for a malformed filing.json.
    """
    raw = json.loads((folder / "filing.json").read_text(encoding="utf-8"))
    if not isinstance(raw, Mapping):
        raise ValueError("filing.json must hold an object")
    docs: list[DocSpec] = []
    for entry in raw["documents"]:
        filename = entry.get("filename")
        source = entry.get("source", filename)
        if not source or Path(source).name != source:
            raise ValueError(f"document {entry!r} needs a plain 'filename' or 'source'")
        docs.append(
            DocSpec(
                type=str(entry["type"]),
                filename=None if filename is None else str(filename),
                body=(folder / source).read_bytes(),
                description=str(entry.get("description", "")),
            )
        )
    spec = FilingSpec(
        accession=_str(raw, "accession"),
        cik=int(raw["cik"]),
        company=_str(raw, "company"),
        form=_str(raw, "form"),
        accepted=_accepted(raw, now),
        items=tuple(str(code) for code in raw.get("items", ())),
        documents=tuple(docs),
        sic=_str(raw, "sic"),
        state=_str(raw, "state"),
        period=_str(raw, "period"),
        fiscal_year_end=_str(raw, "fiscal_year_end"),
        role=_str(raw, "role", "Filer"),
        extra_entities=tuple(_entity(e) for e in raw.get("extra_entities", ())),
        sic_description=_str(raw, "sic_description"),
        file_number=_str(raw, "file_number"),
        film_number=_str(raw, "film_number"),
        ticker=_str(raw, "ticker"),
    )
    return spec, float(raw.get("documents_delay", 0.0))

"""Pure renderers of EDGAR's byte formats (EDGAR.md §1, §3.2, §4): no I/O, no clock.

Every function takes a `FilingSpec` (plus the request time or CIK where the real output
depends on them) and returns the exact bytes www.sec.gov would serve.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import PurePosixPath
from xml.sax.saxutils import escape as xml_escape

from monitor.sandbox.specs import (
    EASTERN,
    ROLE_BLOCKS,
    SIC_TITLES,
    DocSpec,
    Entity,
    FilingSpec,
)

SEC = "https://www.sec.gov"
# EDGAR publishes the full text and documents ~24 s after the index page (Meta sample).
DOCUMENTS_LAG = timedelta(seconds=24)
# Filings accepted before this year get the pre-2001 shape: PEM envelope, no acceptance stamp.
LEGACY_BEFORE_YEAR = 2001

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_BINARY_SUFFIXES = frozenset({".jpg", ".jpeg", ".gif", ".png", ".pdf", ".xlsx", ".xls", ".zip"})
_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".gif", ".png"})


def http_date(moment: datetime) -> str:
    """RFC 7231 date (`Fri, 19 Dec 2025 22:00:37 GMT`), locale-independent."""
    utc = moment.astimezone(UTC)
    return (
        f"{_DAYS[utc.weekday()]}, {utc.day:02d} {_MONTHS[utc.month - 1]} {utc.year} "
        f"{utc:%H:%M:%S} GMT"
    )


def documents_modified(spec: FilingSpec) -> datetime:
    """Last-Modified of the .txt, the documents and -index-headers.html."""
    return spec.accepted + DOCUMENTS_LAG


def is_ixbrl(doc: DocSpec) -> bool:
    """True for an inline-XBRL document (the index page links it through /ix?doc=)."""
    return b"<ix:header" in doc.body[:200_000].lower()


def size_text(nbytes: int) -> str:
    """Feed `Size:` value: whole KB below 1 MB, else whole MB (floored, at least 1)."""
    if nbytes < 1024 * 1024:
        return f"{max(1, nbytes // 1024)} KB"
    return f"{nbytes // (1024 * 1024)} MB"


def _ymd(day: date) -> str:
    return f"{day:%Y%m%d}"


# --------------------------------------------------------------------------- Atom feed


def render_feed(
    entries: Sequence[tuple[FilingSpec, Entity, int]], now: datetime, *, truncated: bool = False
) -> bytes:
    """The getcurrent Atom feed; entries are (filing, entity, .txt size) already ordered.

    `truncated` cuts the document mid-way (the `malformed_feed` fault).
    """
    now_et = now.astimezone(EASTERN)
    stamp = (
        f"{_DAYS[now_et.weekday()]}, {now_et.day:02d} {_MONTHS[now_et.month - 1]} "
        f"{now_et.year} {now_et:%H:%M:%S} {now_et.tzname()}"
    )
    parts = [
        '<?xml version="1.0" encoding="ISO-8859-1" ?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>Latest Filings - {stamp}</title>\n"
        '<link rel="alternate" href="/cgi-bin/browse-edgar?action=getcurrent"/>\n'
        '<link rel="self" href="/cgi-bin/browse-edgar?action=getcurrent"/>\n'
        f"<id>{SEC}/cgi-bin/browse-edgar?action=getcurrent</id>\n"
        "<author><name>Webmaster</name><email>webmaster@sec.gov</email></author>\n"
        f"<updated>{now_et.isoformat(timespec='seconds')}</updated>\n"
    ]
    parts.extend(_feed_entry(spec, entity, size) for spec, entity, size in entries)
    parts.append("</feed>\n")
    body = "".join(parts).encode("iso-8859-1", errors="xmlcharrefreplace")
    return body[: len(body) // 2] if truncated else body


def _feed_entry(spec: FilingSpec, entity: Entity, size: int) -> str:
    acc = spec.accession
    items = "".join(
        # The summary is HTML escaped once; EDGAR writes apostrophes as numeric references.
        f"&lt;br&gt;Item {code}: {xml_escape(label).replace(chr(39), '&#39;')}\n"
        for code, label in spec.item_labels()
    )
    return (
        "<entry>\n"
        f"<title>{xml_escape(spec.form)} - {xml_escape(entity.company)} ({entity.cik:010d}) "
        f"({entity.role})</title>\n"
        f'<link rel="alternate" type="text/html" href="{SEC}/Archives/edgar/data/{entity.cik}/'
        f'{spec.folder}/{acc}-index.htm"/>\n'
        '<summary type="html">\n'
        f" &lt;b&gt;Filed:&lt;/b&gt; {spec.filed.isoformat()} &lt;b&gt;AccNo:&lt;/b&gt; {acc} "
        f"&lt;b&gt;Size:&lt;/b&gt; {size_text(size)}\n"
        f"{items}</summary>\n"
        f"<updated>{spec.accepted_et.isoformat(timespec='seconds')}</updated>\n"
        f'<category scheme="https://www.sec.gov/" label="form type" '
        f'term="{xml_escape(spec.form, {chr(34): "&quot;"})}"/>\n'
        f"<id>urn:tag:sec.gov,2008:accession-number={acc}</id>\n"
        "</entry>\n"
    )


def render_feed_html(entries: Sequence[tuple[FilingSpec, Entity, int]]) -> bytes:
    """A minimal stand-in for the getcurrent HTML page (without `output=atom`)."""
    rows = "".join(
        f'<tr><td>{html.escape(spec.form)}</td><td><a href="/Archives/edgar/data/{entity.cik}/'
        f'{spec.folder}/{spec.accession}-index.htm">{html.escape(entity.company)}</a> '
        f"({entity.role})</td><td>{spec.accepted_et:%Y-%m-%d %H:%M:%S}</td>"
        f"<td>{spec.filed.isoformat()}</td></tr>\n"
        for spec, entity, _size in entries
    )
    return (
        "<html><head><title>EDGAR Latest Filings</title></head><body>\n"
        f"<table>\n{rows}</table>\n</body></html>\n"
    ).encode()


# --------------------------------------------------------------------------- SGML header


def _act(form: str) -> str:
    return "33" if form.upper().startswith(("424", "S-", "F-")) else "34"


def _sic_line(spec: FilingSpec) -> str:
    title = spec.sic_description or SIC_TITLES.get(spec.sic, "")
    return f"{title} [{spec.sic}]" if title else f"[{spec.sic}]"


def _entity_text(spec: FilingSpec, entity: Entity, primary: bool) -> str:
    _tag, title, data_title = ROLE_BLOCKS[entity.role]
    data = [
        f"\t{data_title}:\t\n",
        f"\t\tCOMPANY CONFORMED NAME:\t\t\t{entity.company}\n",
        f"\t\tCENTRAL INDEX KEY:\t\t\t{entity.cik:010d}\n",
    ]
    values = [
        "\tFILING VALUES:\n",
        f"\t\tFORM TYPE:\t\t{spec.form}\n",
        f"\t\tSEC ACT:\t\t{'' if _legacy(spec) else '19' + _act(spec.form) + ' Act'}\n",
    ]
    if entity.role == "Filed by":
        values = values[:2]  # an exchange filing a 25-NSE: FORM TYPE only (the samples)
    blocks = [data, values]
    if primary:
        if spec.sic:
            data.append(f"\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\t{_sic_line(spec)}\n")
        if spec.state:
            data.append(f"\t\tSTATE OF INCORPORATION:\t\t\t{spec.state}\n")
        if spec.fiscal_year_end:
            data.append(f"\t\tFISCAL YEAR END:\t\t\t{spec.fiscal_year_end}\n")
        if spec.file_number:
            values.append(f"\t\tSEC FILE NUMBER:\t{spec.file_number}\n")
        if spec.film_number:
            values.append(f"\t\tFILM NUMBER:\t\t{spec.film_number}\n")
        if spec.state:
            blocks.append(["\tBUSINESS ADDRESS:\t\n", f"\t\tSTATE:\t\t\t{spec.state}\n"])
    # "SUBJECT COMPANY:\t" and "FILED BY:\t\t" as in the 25-NSE samples; "FILER:" bare.
    pad = _TITLE_PAD.get(title, "")
    return f"{title}:{pad}\n\n" + "\n".join("".join(block) for block in blocks)


_TITLE_PAD = {"SUBJECT COMPANY": "\t", "FILED BY": "\t\t"}
# Forms whose header carries an effectiveness date (the 25-NSE and Form 25 samples: the
# filing date).
_EFFECTIVE_FORMS = frozenset({"25", "25/A", "25-NSE", "25-NSE/A"})


def _legacy(spec: FilingSpec) -> bool:
    return spec.accepted_et.year < LEGACY_BEFORE_YEAR


def header_text(spec: FilingSpec) -> str:
    """The .txt header from `<SEC-HEADER>` to `</SEC-HEADER>\\n`, tabs as in EDGAR.md §4.5."""
    filed = _ymd(spec.filed)
    lines = [f"<SEC-HEADER>{spec.accession}.hdr.sgml : {filed}\n"]
    if not _legacy(spec):
        lines.append(f"<ACCEPTANCE-DATETIME>{spec.accepted_et:%Y%m%d%H%M%S}\n")
    lines += [
        f"ACCESSION NUMBER:\t\t{spec.accession}\n",
        f"CONFORMED SUBMISSION TYPE:\t{spec.form}\n",
        f"PUBLIC DOCUMENT COUNT:\t\t{len(spec.documents)}\n",
    ]
    if spec.period:
        lines.append(f"CONFORMED PERIOD OF REPORT:\t{spec.period}\n")
    lines += [f"ITEM INFORMATION:\t\t{label}\n" for _code, label in spec.item_labels()]
    lines.append(f"FILED AS OF DATE:\t\t{filed}\n")
    if not _legacy(spec):
        lines.append(f"DATE AS OF CHANGE:\t\t{filed}\n")
    if spec.form.upper() in _EFFECTIVE_FORMS:
        lines.append(f"EFFECTIVENESS DATE:\t\t{filed}\n")
    lines.append("\n")
    entities = [
        _entity_text(spec, entity, index == 0) for index, entity in enumerate(spec.entities)
    ]
    return "".join(lines) + "\n".join(entities) + "</SEC-HEADER>\n"


def _sgml_entity(spec: FilingSpec, entity: Entity, primary: bool) -> list[str]:
    tag, _title, data_title = ROLE_BLOCKS[entity.role]
    data_tag = data_title.replace(" ", "-")
    lines = [
        f"<{tag}>",
        f"<{data_tag}>",
        f"<CONFORMED-NAME>{entity.company}",
        f"<CIK>{entity.cik:010d}",
    ]
    if primary:
        lines += [f"<ASSIGNED-SIC>{spec.sic}"] if spec.sic else []
        lines += [f"<STATE-OF-INCORPORATION>{spec.state}"] if spec.state else []
        lines += [f"<FISCAL-YEAR-END>{spec.fiscal_year_end}"] if spec.fiscal_year_end else []
    lines += [
        f"</{data_tag}>",
        "<FILING-VALUES>",
        f"<FORM-TYPE>{spec.form}",
        f"<ACT>{_act(spec.form)}",
    ]
    if primary:
        lines += [f"<FILE-NUMBER>{spec.file_number}"] if spec.file_number else []
        lines += [f"<FILM-NUMBER>{spec.film_number}"] if spec.film_number else []
    lines.append("</FILING-VALUES>")
    if primary and spec.state:
        lines += ["<BUSINESS-ADDRESS>", f"<STATE>{spec.state}", "</BUSINESS-ADDRESS>"]
    lines.append(f"</{tag}>")
    return lines


def _sgml_header(spec: FilingSpec) -> str:
    filed = _ymd(spec.filed)
    lines = [f"<SEC-HEADER>{spec.accession}.hdr.sgml : {filed}"]
    if not _legacy(spec):
        lines.append(f"<ACCEPTANCE-DATETIME>{spec.accepted_et:%Y%m%d%H%M%S}")
    lines += [
        f"<ACCESSION-NUMBER>{spec.accession}",
        f"<TYPE>{spec.form}",
        f"<PUBLIC-DOCUMENT-COUNT>{len(spec.documents)}",
    ]
    lines += [f"<PERIOD>{spec.period}"] if spec.period else []
    lines += [f"<ITEMS>{code}" for code in spec.items]
    lines += [f"<FILING-DATE>{filed}", f"<DATE-OF-FILING-DATE-CHANGE>{filed}"]
    lines += [f"<EFFECTIVENESS-DATE>{filed}"] if spec.form.upper() in _EFFECTIVE_FORMS else []
    for index, entity in enumerate(spec.entities):
        lines += _sgml_entity(spec, entity, index == 0)
    lines.append("</SEC-HEADER>")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- full text


def _uuencode(name: str, data: bytes) -> bytes:
    lines = [binascii.b2a_uu(data[i : i + 45]) for i in range(0, len(data), 45)]
    # EDGAR writes the zero-length terminator line as an empty line, then `end`.
    return f"begin 644 {name}\n".encode() + b"".join(lines) + b"\nend\n"


def _with_newline(body: bytes) -> bytes:
    return body if body.endswith(b"\n") else body + b"\n"


def _document_text(doc: DocSpec) -> bytes:
    suffix = PurePosixPath(doc.filename or "").suffix.lower()
    if suffix in _BINARY_SUFFIXES:
        return _uuencode(doc.filename or "", doc.body)
    if doc.type.startswith("EX-101.") or is_ixbrl(doc):
        return b"<XBRL>\n" + _with_newline(doc.body) + b"</XBRL>\n"
    if suffix == ".xml":
        # XML documents, a 25-NSE's primary_doc.xml among them, are wrapped in <XML> (the
        # RadioShack, Aetna and WESCO 25-NSE samples).
        return b"<XML>\n" + _with_newline(doc.body) + b"</XML>\n"
    return _with_newline(doc.body)


def _pem_preamble(spec: FilingSpec) -> bytes:
    mic = base64.b64encode(hashlib.sha512(spec.accession.encode()).digest()[:64]).decode()
    return (
        "-----BEGIN PRIVACY-ENHANCED MESSAGE-----\n"
        "Proc-Type: 2001,MIC-CLEAR\n"
        "Originator-Name: webmaster@www.sec.gov\n"
        "Originator-Key-Asymmetric:\n"
        " MFgwCgYEVQgBAQICAf8DSgAwRwJAW2sNKK9AVtBzYZmr6aGjlWyK3XmZv3dTINen\n"
        " TWSM7vrzLADbmYQaionwg5sDW3P6oaM5D3tdezXMm7z1T+B+twIDAQAB\n"
        "MIC-Info: RSA-MD5,RSA,\n"
        f" {mic[:64]}\n {mic[64:88]}\n\n"
    ).encode()


def render_txt(spec: FilingSpec) -> bytes:
    """The complete submission text file `{acc}.txt`."""
    parts = [
        f"<SEC-DOCUMENT>{spec.accession}.txt : {_ymd(spec.filed)}\n".encode(),
        header_text(spec).encode(),
    ]
    for sequence, doc in enumerate(spec.documents, start=1):
        head = f"<DOCUMENT>\n<TYPE>{doc.type}\n<SEQUENCE>{sequence}\n"
        if doc.filename is not None:
            head += f"<FILENAME>{doc.filename}\n"
        if doc.description:
            head += f"<DESCRIPTION>{doc.description}\n"
        parts += [head.encode(), b"<TEXT>\n", _document_text(doc), b"</TEXT>\n</DOCUMENT>\n"]
    parts.append(b"</SEC-DOCUMENT>\n")
    if _legacy(spec):
        parts = [_pem_preamble(spec), *parts, b"-----END PRIVACY-ENHANCED MESSAGE-----\n"]
    return b"".join(parts)


def render_index_headers(spec: FilingSpec) -> bytes:
    """`{acc}-index-headers.html`: SGML header in a comment, then the escaped header and links."""
    acc = spec.accession
    out = [
        f"<HTML><HEAD><TITLE>SEC EDGAR Submission {acc}</TITLE>\n<!--\n",
        _sgml_header(spec),
        "-->\n</HEAD><BODY>\n<PRE>",
        html.escape(f"<SEC-DOCUMENT>{acc}-index.html : {_ymd(spec.filed)}\n", quote=False),
        html.escape(header_text(spec), quote=False),
    ]
    for sequence, doc in enumerate(spec.documents, start=1):
        head = f"<DOCUMENT>\n<TYPE>{doc.type}\n<SEQUENCE>{sequence}\n"
        if doc.filename is not None:
            head += f"<FILENAME>{doc.filename}\n"
        if doc.description:
            head += f"<DESCRIPTION>{doc.description}\n"
        out.append(html.escape(head + "<TEXT>\n", quote=False))
        name = doc.filename
        if name is not None and doc.type == "XML" and name.endswith(".xml"):
            # EDGAR offers rendered (xsl) and raw views of XML documents.
            stem = name[: -len(".xml")]
            out.append(f'<a href="xsl/{name}">Document {sequence} - file: {stem}.html</a><br>\n')
            out.append(f'<a href="{name}">Document {sequence} - RAW XML: {name}</a><br>\n')
        elif name is not None:
            out.append(f'<a href="{name}">Document {sequence} - file: {name}</a><br>\n')
        out.append("&lt;/DOCUMENT&gt;\n")
    out.append("&lt;/SEC-DOCUMENT&gt;</PRE></BODY></HTML>\n")
    return "".join(out).encode()


# --------------------------------------------------------------------------- index.json


def render_index_json(spec: FilingSpec, cik: int) -> bytes:
    """Folder listing `index.json` exactly as EDGAR.md §4.2 (leading newline, escaped slashes)."""
    stamp = f"{documents_modified(spec).astimezone(EASTERN):%Y-%m-%d %H:%M:%S}"
    acc = spec.accession
    generated = [(f"{acc}-index-headers.html", ""), (f"{acc}-index.html", ""), (f"{acc}.txt", "")]
    docs = {doc.filename: doc for doc in spec.documents if doc.filename is not None}
    zip_name = f"{acc}-xbrl.zip"
    ordered = ([zip_name] if zip_name in docs else []) + sorted(
        (name for name in docs if name != zip_name), key=str.lower
    )
    listing = generated + [(name, str(len(docs[name].body))) for name in ordered]
    items = ",".join(
        f'{{"last-modified": "{stamp}","name":"{_json_text(name)}","type":"{_icon(name, size)}",'
        f'"size":"{size}"}}'
        for name, size in listing
    )
    folder = f"\\/Archives\\/edgar\\/data\\/{cik}"
    return (
        f'\n{{"directory":{{"item":[{items}],"name":"{folder}\\/{spec.folder}",'
        f'"parent-dir":"{folder}"}}}}'
    ).encode()


def _json_text(text: str) -> str:
    # PHP's json_encode: escaped slashes, \uXXXX for non-ASCII.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("/", "\\/")
    return escaped.encode("ascii", errors="backslashreplace").decode().replace("\\x", "\\u00")


def _icon(name: str, size: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    if size and suffix in _IMAGE_SUFFIXES:
        return "image2.gif"
    if size and suffix == ".zip":
        return "compressed.gif"
    return "text.gif"


# --------------------------------------------------------------------------- daily index


def render_form_index(day: date, rows: Sequence[tuple[str, str, int, str]]) -> bytes:
    """Daily `form.YYYYMMDD.idx`; rows are (form, company, cik, accession), sorted here."""
    header = (
        "Description:           Daily Index of EDGAR Dissemination Feed by Form Type\n"
        f"Last Data Received:    {_MONTHS[day.month - 1]} {day.day:>2}, {day.year}\n"
        "Comments:              webmaster@sec.gov\n"
        "Anonymous FTP:         ftp://ftp.sec.gov/edgar/\n"
        " \n \n \n \n"
        f"{'Form Type':<12}{'Company Name':<62}{'CIK':<12}{'Date Filed':<12}File Name\n"
        f"{'-' * 141}\n"
    )
    lines = sorted(
        (form, company[:60], f"edgar/data/{cik}/{accession}.txt", cik)
        for form, company, cik, accession in rows
    )
    body = "".join(
        f"{form:<12}{company:<62}{cik:<12}{_ymd(day):<12}{path}".ljust(150) + "\n"
        for form, company, path, cik in lines
    )
    return (header + body).encode("latin-1", errors="replace")

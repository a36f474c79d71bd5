"""The EDGAR replica against golden values taken from EDGAR.md and the real SEC samples.

Time never passes on its own here: the replica runs on a FakeClock that tests advance.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import lxml.etree
import lxml.html
import pytest
from aiohttp.http import SERVER_SOFTWARE
from multidict import CIMultiDictProxy

from monitor.sandbox import (
    ITEM_LABELS,
    DocSpec,
    EdgarReplica,
    Entity,
    Faults,
    FilingSpec,
    filing_date,
    is_declared_agent,
    serve,
)
from monitor.sandbox.specs import EASTERN

SAMPLES = Path("/work/shared/edgar-samples")
ATOM = "{http://www.w3.org/2005/Atom}"
UA = "Sandbox Tests admin@example.com"
HEADERS = {"User-Agent": UA}
FEED = (
    "/cgi-bin/browse-edgar?action=getcurrent&type={type}&company=&dateb=&owner=include"
    "&start={start}&count={count}&output=atom"
)
EXAMPLE_ACC = "0001234567-25-000001"
EXAMPLE_DIR = "/Archives/edgar/data/1234567/000123456725000001"
EX991 = b"<html><body><p>Revenue rose to $12.5 million.</p></body></html>\n"


class FakeClock:
    """Wall clock and monotonic clock that only move when a test says so."""

    def __init__(self, wall: datetime) -> None:
        self.wall = wall
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


def example_8k(**changes: Any) -> FilingSpec:
    """The filing of the brief: an 8-K accepted Friday 17:30:48 ET, so filed on Monday."""
    spec = FilingSpec(
        accession=EXAMPLE_ACC,
        cik=1234567,
        company="Example Corp",
        form="8-K",
        accepted=datetime(2025, 12, 12, 17, 30, 48, tzinfo=EASTERN),
        items=("2.02", "9.01"),
        documents=(
            DocSpec("8-K", "ex-8k.htm", b"<html><body>Item 2.02</body></html>\n", "8-K"),
            DocSpec("EX-99.1", "ex991.htm", EX991, "PRESS RELEASE"),
        ),
        sic="3357",
        state="MA",
        period="20251212",
        fiscal_year_end="1231",
    )
    return replace(spec, **changes)


def simple(accession: str, form: str, accepted: datetime, **extra: Any) -> FilingSpec:
    cik = int(accession[:10])
    return FilingSpec(
        accession=accession,
        cik=cik,
        company=f"Company {cik}",
        form=form,
        accepted=accepted,
        documents=(DocSpec(form, "doc.htm", b"<html>x</html>\n", form),),
        **extra,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 12, 15, 10, 0, 0, tzinfo=EASTERN))  # a Monday morning


@pytest.fixture
async def edgar(clock: FakeClock) -> AsyncIterator[EdgarReplica]:
    # The fake monotonic clock stands still, so the rate limit is off unless a test sets it.
    replica = EdgarReplica(
        clock=clock.now, monotonic=clock.monotonic, faults=Faults(rate_limit=None)
    )
    replica.add_filing(example_8k())
    await replica.start()
    yield replica
    await replica.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers=HEADERS) as session:
        yield session


async def get(
    http: aiohttp.ClientSession, edgar: EdgarReplica, path: str, **headers: str
) -> tuple[int, CIMultiDictProxy[str], bytes]:
    async with http.get(edgar.base_url + path, headers=headers or None) as resp:
        return resp.status, resp.headers, await resp.read()


async def feed(
    http: aiohttp.ClientSession,
    edgar: EdgarReplica,
    type: str = "",
    start: int = 0,
    count: int = 100,
) -> lxml.etree._Element:
    status, _, body = await get(http, edgar, FEED.format(type=type, start=start, count=count))
    assert status == 200
    return lxml.etree.fromstring(body)


# --------------------------------------------------------------------------- Atom feed


async def test_feed_bytes_and_headers_match_the_real_feed(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    status, headers, body = await get(http, edgar, FEED.format(type="8-K", start=0, count=100))

    assert status == 200
    assert headers["Content-Type"] == "application/atom+xml"
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Vary"] == "Accept-Encoding"
    assert "ETag" not in headers and "Last-Modified" not in headers
    assert body.startswith(
        b'<?xml version="1.0" encoding="ISO-8859-1" ?>\n'
        b'<feed xmlns="http://www.w3.org/2005/Atom">\n'
        b"<title>Latest Filings - Mon, 15 Dec 2025 10:00:00 EST</title>\n"
        b'<link rel="alternate" href="/cgi-bin/browse-edgar?action=getcurrent"/>\n'
        b'<link rel="self" href="/cgi-bin/browse-edgar?action=getcurrent"/>\n'
        b"<id>https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent</id>\n"
        b"<author><name>Webmaster</name><email>webmaster@sec.gov</email></author>\n"
        b"<updated>2025-12-15T10:00:00-05:00</updated>\n<entry>\n"
    )
    entry = (
        b"<entry>\n"
        b"<title>8-K - Example Corp (0001234567) (Filer)</title>\n"
        b'<link rel="alternate" type="text/html" href="https://www.sec.gov/Archives/edgar/data/'
        b'1234567/000123456725000001/0001234567-25-000001-index.htm"/>\n'
        b'<summary type="html">\n'
        b" &lt;b&gt;Filed:&lt;/b&gt; 2025-12-15 &lt;b&gt;AccNo:&lt;/b&gt; 0001234567-25-000001"
        b" &lt;b&gt;Size:&lt;/b&gt; 1 KB\n"  # the .txt is 1119 bytes
        b"&lt;br&gt;Item 2.02: Results of Operations and Financial Condition\n"
        b"&lt;br&gt;Item 9.01: Financial Statements and Exhibits\n"
        b"</summary>\n"
        b"<updated>2025-12-12T17:30:48-05:00</updated>\n"
        b'<category scheme="https://www.sec.gov/" label="form type" term="8-K"/>\n'
        b"<id>urn:tag:sec.gov,2008:accession-number=0001234567-25-000001</id>\n"
        b"</entry>\n"
    )
    assert entry in body
    assert body.endswith(b"</entry>\n</feed>\n")
    root = lxml.etree.fromstring(body)
    assert root.getroottree().docinfo.encoding == "ISO-8859-1"
    assert [c.tag.removeprefix(ATOM) for c in root][:7] == [
        "title", "link", "link", "id", "author", "updated", "entry",
    ]  # fmt: skip
    children = [c.tag.removeprefix(ATOM) for c in root.find(f"{ATOM}entry")]
    assert children == ["title", "link", "summary", "updated", "category", "id"]


async def test_feed_type_is_a_prefix_match_sorted_newest_first(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    base = datetime(2025, 12, 12, 9, 0, tzinfo=EASTERN)
    edgar.add_filing(simple("0000000002-25-000001", "8-K/A", base + timedelta(hours=1)))
    edgar.add_filing(simple("0000000003-25-000001", "10-Q", base + timedelta(hours=2)))
    edgar.add_filing(simple("0000000004-25-000001", "8-K12B", base + timedelta(hours=3)))

    root = await feed(http, edgar, type="8-K")
    terms = [c.get("term") for c in root.iter(f"{ATOM}category")]
    updated = [e.findtext(f"{ATOM}updated") for e in root.iter(f"{ATOM}entry")]

    assert terms == ["8-K", "8-K12B", "8-K/A"]
    assert updated == sorted(updated, reverse=True)
    everything = await feed(http, edgar, type="")
    assert len(everything.findall(f"{ATOM}entry")) == 4


async def test_feed_has_one_entry_per_entity_with_the_same_id(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    form4 = simple(
        "0001134657-25-000016",
        "4",
        datetime(2025, 12, 12, 17, 32, 31, tzinfo=EASTERN),
        role="Issuer",
        extra_entities=((1134657, "EVNIN LUKE", "Reporting"),),
    )
    edgar.add_filing(form4)

    entries = (await feed(http, edgar, type="4")).findall(f"{ATOM}entry")

    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "4 - Company 1134657 (0001134657) (Issuer)",
        "4 - EVNIN LUKE (0001134657) (Reporting)",
    ]
    assert {e.findtext(f"{ATOM}id") for e in entries} == {
        "urn:tag:sec.gov,2008:accession-number=0001134657-25-000016"
    }
    # Non-itemised forms: the summary ends right after Size.
    assert entries[0].findtext(f"{ATOM}summary").endswith(" KB\n")


async def test_item_label_apostrophe_is_a_numeric_reference(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    edgar.add_filing(
        simple("0000000005-25-000001", "8-K", datetime(2025, 12, 12, 9, tzinfo=EASTERN),
               items=("4.01",))
    )  # fmt: skip
    _, _, body = await get(http, edgar, FEED.format(type="8-K", start=0, count=10))

    assert b"&lt;br&gt;Item 4.01: Changes in Registrant&#39;s Certifying Accountant\n" in body
    summaries = [s.text for s in lxml.etree.fromstring(body).iter(f"{ATOM}summary")]
    assert any(
        "<br>Item 4.01: Changes in Registrant's Certifying Accountant" in s for s in summaries
    )


async def test_feed_paging_count_and_end_of_feed(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    base = datetime(2025, 12, 11, 9, 0, tzinfo=EASTERN)
    for n in range(1, 45):
        edgar.add_filing(simple(f"00000001{n:02d}-25-000001", "8-K", base + timedelta(minutes=n)))

    async def accessions(start: int, count: int) -> list[str]:
        root = await feed(http, edgar, type="8-K", start=start, count=count)
        return [e.findtext(f"{ATOM}id").rsplit("=", 1)[1] for e in root.iter(f"{ATOM}entry")]

    first, second = await accessions(0, 20), await accessions(20, 20)
    assert len(first) == len(second) == 20 and not set(first) & set(second)
    assert first[0] == EXAMPLE_ACC  # newest
    assert len(await accessions(40, 20)) == 5  # 45 in all
    assert len(await accessions(0, 30)) == 20  # in-between counts round down
    assert len(await accessions(0, 5)) == 10
    assert len(await accessions(0, 500)) == 45  # capped at 100

    status, headers, body = await get(http, edgar, FEED.format(type="", start=5100, count=100))
    assert status == 503
    assert headers["Server"] == "AkamaiNetStorage"
    assert headers["Cache-Control"] == "max-age=0, no-cache, no-store"
    assert b"<title>SEC.gov | File Unavailable</title>" in body
    status, _, _ = await get(http, edgar, FEED.format(type="", start=5000, count=100))
    assert status == 200


async def test_filings_accepted_in_the_future_appear_when_the_clock_gets_there(
    edgar: EdgarReplica, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    later = simple("0000000006-25-000001", "8-K", clock.now() + timedelta(minutes=5))
    edgar.add_filing(later)
    index = "/Archives/edgar/data/6/000000000625000001/0000000006-25-000001-index.htm"

    assert len((await feed(http, edgar, type="8-K")).findall(f"{ATOM}entry")) == 1
    assert (await get(http, edgar, index))[0] == 403
    clock.advance(300)
    assert len((await feed(http, edgar, type="8-K")).findall(f"{ATOM}entry")) == 2
    assert (await get(http, edgar, index))[0] == 200


def test_filing_date_rolls_after_cutoff_and_over_weekends() -> None:
    friday = datetime(2025, 12, 12, tzinfo=EASTERN)
    assert filing_date("8-K", friday.replace(hour=17, minute=30, second=48)) == date(2025, 12, 15)
    assert filing_date("8-K", friday.replace(hour=17, minute=29)) == date(2025, 12, 12)
    assert filing_date("8-K/A", friday.replace(hour=18)) == date(2025, 12, 15)
    assert filing_date("4", friday.replace(hour=21, minute=59)) == date(2025, 12, 12)
    assert filing_date("4", friday.replace(hour=22, minute=1)) == date(2025, 12, 15)
    # Reg S-T 232.13(a)(2): the 17:30 cut-off applies to periodic reports and notices too.
    assert filing_date("10-K", friday.replace(hour=17, minute=31)) == date(2025, 12, 15)
    assert filing_date("NT 10-K", friday.replace(hour=17, minute=29)) == date(2025, 12, 12)
    assert filing_date("25-NSE", friday.replace(hour=18)) == date(2025, 12, 15)
    thursday_night = datetime(2025, 12, 11, 21, 51, tzinfo=EASTERN)
    assert filing_date("8-K", thursday_night) == date(2025, 12, 12)


def test_item_table_holds_the_exact_edgar_labels() -> None:
    assert ITEM_LABELS["5.02"] == (
        "Departure of Directors or Certain Officers; Election of Directors; Appointment of "
        "Certain Officers: Compensatory Arrangements of Certain Officers"
    )
    assert ITEM_LABELS["2.05"] == "Cost Associated with Exit or Disposal Activities"
    assert len([code for code in ITEM_LABELS if "." in code]) == 33
    with pytest.raises(ValueError, match="unknown 8-K item"):
        example_8k(items=("2.99",))


# --------------------------------------------------------------------------- filing folder


async def test_index_headers_page(edgar: EdgarReplica, http: aiohttp.ClientSession) -> None:
    status, headers, body = await get(
        http, edgar, f"{EXAMPLE_DIR}/{EXAMPLE_ACC}-index-headers.html"
    )

    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert headers["Last-Modified"] == "Fri, 12 Dec 2025 22:31:12 GMT"  # documents: +24 s
    assert headers["x-amz-meta-mode"] == "33188"
    text = body.decode()
    comment = text[text.index("<!--\n") : text.index("-->\n")]
    assert (
        "<SEC-HEADER>0001234567-25-000001.hdr.sgml : 20251215\n"
        "<ACCEPTANCE-DATETIME>20251212173048\n"
        "<ACCESSION-NUMBER>0001234567-25-000001\n<TYPE>8-K\n<PUBLIC-DOCUMENT-COUNT>2\n"
        "<PERIOD>20251212\n<ITEMS>2.02\n<ITEMS>9.01\n<FILING-DATE>20251215\n"
    ) in comment
    assert "<ASSIGNED-SIC>3357\n" in comment and "<CIK>0001234567\n" in comment
    assert text.startswith("<HTML><HEAD><TITLE>SEC EDGAR Submission 0001234567-25-000001</TITLE>")
    assert "<PRE>&lt;SEC-DOCUMENT&gt;0001234567-25-000001-index.html : 20251215\n" in text
    assert "ITEM INFORMATION:\t\tResults of Operations and Financial Condition\n" in text
    assert (
        "&lt;DOCUMENT&gt;\n&lt;TYPE&gt;EX-99.1\n&lt;SEQUENCE&gt;2\n&lt;FILENAME&gt;ex991.htm\n"
        "&lt;DESCRIPTION&gt;PRESS RELEASE\n&lt;TEXT&gt;\n"
        '<a href="ex991.htm">Document 2 - file: ex991.htm</a><br>\n&lt;/DOCUMENT&gt;\n'
    ) in text
    assert text.endswith("&lt;/SEC-DOCUMENT&gt;</PRE></BODY></HTML>\n")


@pytest.mark.parametrize(
    "path",
    [
        f"{EXAMPLE_DIR}/{EXAMPLE_ACC}-index.htm",
        f"{EXAMPLE_DIR}/{EXAMPLE_ACC}-index.html",
        f"/Archives/edgar/data/1234567/{EXAMPLE_ACC}-index.html",
    ],
)
async def test_filing_index_page(
    edgar: EdgarReplica, http: aiohttp.ClientSession, path: str
) -> None:
    status, headers, body = await get(http, edgar, path)

    assert status == 200
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Last-Modified"] == "Fri, 12 Dec 2025 22:30:48 GMT"  # the acceptance time
    page = lxml.html.fromstring(body)
    info = dict(
        zip(
            [h.text_content() for h in page.find_class("infoHead")],
            [i.text_content() for i in page.find_class("info")],
            strict=True,
        )
    )
    assert info["Filing Date"] == "2025-12-15"
    assert info["Accepted"] == "2025-12-12 17:30:48"
    assert info["Period of Report"] == "2025-12-12"
    assert info["Items"] == (
        "Item 2.02: Results of Operations and Financial ConditionItem 9.01: Financial Statements "
        "and Exhibits"
    )
    rows = [
        [td.text_content() for td in tr.findall("td")]
        for tr in page.xpath('//table[@class="tableFile"]/tr[td]')
    ]
    size = len(edgar._filings["000123456725000001"].txt)
    assert rows == [
        ["1", "8-K", "ex-8k.htm", "8-K", "36"],
        ["2", "PRESS RELEASE", "ex991.htm", "EX-99.1", str(len(EX991))],
        ["\xa0", "Complete submission text file", f"{EXAMPLE_ACC}.txt", "\xa0", str(size)],
    ]
    links = page.xpath('//table[@class="tableFile"]//a/@href')
    assert links[1] == f"{EXAMPLE_DIR}/ex991.htm"
    assert page.find_class("companyName")[0].text_content().startswith("Example Corp (Filer)")
    assert b'<tr class="evenRow">\n            <td scope="row">2</td>' in body


async def test_index_json_listing(edgar: EdgarReplica, http: aiohttp.ClientSession) -> None:
    status, _, body = await get(http, edgar, f"{EXAMPLE_DIR}/index.json")

    assert status == 200
    assert body.startswith(
        b'\n{"directory":{"item":[{"last-modified": "2025-12-12 17:31:12",'
        b'"name":"0001234567-25-000001-index-headers.html","type":"text.gif","size":""},'
    )
    assert body.endswith(
        b'],"name":"\\/Archives\\/edgar\\/data\\/1234567\\/000123456725000001",'
        b'"parent-dir":"\\/Archives\\/edgar\\/data\\/1234567"}}'
    )
    items = json.loads(body)["directory"]["item"]
    assert [i["name"] for i in items] == [
        f"{EXAMPLE_ACC}-index-headers.html",
        f"{EXAMPLE_ACC}-index.html",
        f"{EXAMPLE_ACC}.txt",
        "ex-8k.htm",
        "ex991.htm",
    ]
    assert items[-1]["size"] == str(len(EX991))


EXAMPLE_TXT_HEADER = (
    "<SEC-DOCUMENT>0001234567-25-000001.txt : 20251215\n"
    "<SEC-HEADER>0001234567-25-000001.hdr.sgml : 20251215\n"
    "<ACCEPTANCE-DATETIME>20251212173048\n"
    "ACCESSION NUMBER:\t\t0001234567-25-000001\n"
    "CONFORMED SUBMISSION TYPE:\t8-K\n"
    "PUBLIC DOCUMENT COUNT:\t\t2\n"
    "CONFORMED PERIOD OF REPORT:\t20251212\n"
    "ITEM INFORMATION:\t\tResults of Operations and Financial Condition\n"
    "ITEM INFORMATION:\t\tFinancial Statements and Exhibits\n"
    "FILED AS OF DATE:\t\t20251215\n"
    "DATE AS OF CHANGE:\t\t20251215\n"
    "\n"
    "FILER:\n"
    "\n"
    "\tCOMPANY DATA:\t\n"
    "\t\tCOMPANY CONFORMED NAME:\t\t\tExample Corp\n"
    "\t\tCENTRAL INDEX KEY:\t\t\t0001234567\n"
    "\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\tDRAWING & INSULATING OF NONFERROUS WIRE [3357]\n"
    "\t\tSTATE OF INCORPORATION:\t\t\tMA\n"
    "\t\tFISCAL YEAR END:\t\t\t1231\n"
    "\n"
    "\tFILING VALUES:\n"
    "\t\tFORM TYPE:\t\t8-K\n"
    "\t\tSEC ACT:\t\t1934 Act\n"
    "\n"
    "\tBUSINESS ADDRESS:\t\n"
    "\t\tSTATE:\t\t\tMA\n"
    "</SEC-HEADER>\n"
    "<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<FILENAME>ex-8k.htm\n<DESCRIPTION>8-K\n<TEXT>\n"
)


async def test_full_submission_text(edgar: EdgarReplica, http: aiohttp.ClientSession) -> None:
    status, headers, body = await get(http, edgar, f"{EXAMPLE_DIR}/{EXAMPLE_ACC}.txt")

    assert status == 200
    assert headers["Content-Type"] == "text/plain"
    assert headers["Last-Modified"] == "Fri, 12 Dec 2025 22:31:12 GMT"
    assert headers["ETag"] == f'"{hashlib.md5(body).hexdigest()}-gzip"'  # aiohttp sends gzip
    assert body.decode().startswith(EXAMPLE_TXT_HEADER)
    assert (
        b"<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>ex991.htm\n<DESCRIPTION>PRESS RELEASE\n"
        b"<TEXT>\n" + EX991 + b"</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    ) in body
    assert (await get(http, edgar, f"/Archives/edgar/data/1234567/{EXAMPLE_ACC}.txt"))[2] == body
    _, plain, _ = await get(
        http, edgar, f"{EXAMPLE_DIR}/{EXAMPLE_ACC}.txt", **{"Accept-Encoding": "identity"}
    )
    assert plain["ETag"] == f'"{hashlib.md5(body).hexdigest()}"'


async def test_if_modified_since_gives_304(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    path = f"{EXAMPLE_DIR}/{EXAMPLE_ACC}.txt"
    status, _, body = await get(
        http, edgar, path, **{"If-Modified-Since": "Fri, 12 Dec 2025 22:31:12 GMT"}
    )
    assert (status, body) == (304, b"")
    status, _, _ = await get(
        http, edgar, path, **{"If-Modified-Since": "Fri, 12 Dec 2025 22:31:11 GMT"}
    )
    assert status == 200
    later = {"If-Modified-Since": "Sat, 13 Dec 2025 00:00:00 GMT"}
    status, _, _ = await get(http, edgar, f"{EXAMPLE_DIR}/ex991.htm", **later)
    assert status == 304


async def test_document_is_served_with_s3_headers_and_ranges(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    status, headers, body = await get(http, edgar, f"{EXAMPLE_DIR}/ex991.htm")
    assert (status, body) == (200, EX991)
    assert headers["Content-Type"] == "text/html"
    assert headers["Accept-Ranges"] == "bytes"
    assert "x-amz-version-id" in headers and "ETag" not in headers

    status, headers, body = await get(
        http,
        edgar,
        f"{EXAMPLE_DIR}/ex991.htm",
        Range="bytes=0-5",
        **{"Accept-Encoding": "identity"},
    )
    assert (status, body, headers["Content-Range"]) == (206, b"<html>", f"bytes 0-5/{len(EX991)}")


async def test_documents_404_until_their_delay_has_passed(
    edgar: EdgarReplica, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    late = simple("0000000007-25-000001", "8-K", datetime(2025, 12, 15, 9, 59, tzinfo=EASTERN))
    edgar.add_filing(late, documents_delay=25)
    folder = "/Archives/edgar/data/7/000000000725000001"

    assert (await get(http, edgar, f"{folder}/0000000007-25-000001-index.htm"))[0] == 200
    status, headers, body = await get(http, edgar, f"{folder}/0000000007-25-000001.txt")
    assert status == 404
    assert headers["Content-Type"] == "application/xml" and b"<Code>NoSuchKey</Code>" in body
    assert (await get(http, edgar, f"{folder}/doc.htm"))[0] == 404
    clock.advance(24.9)
    assert (await get(http, edgar, f"{folder}/doc.htm"))[0] == 404
    clock.advance(0.1)
    assert (await get(http, edgar, f"{folder}/doc.htm"))[0] == 200
    assert (await get(http, edgar, f"{folder}/0000000007-25-000001.txt"))[0] == 200


async def test_pre_2001_documents_without_filename(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    old = FilingSpec(
        accession="0000912057-00-023442",
        cik=320193,
        company="APPLE COMPUTER INC",
        form="10-Q",
        accepted=datetime(2000, 5, 11, tzinfo=EASTERN),
        documents=(
            DocSpec("10-Q", None, b"\n<PAGE>\n   FORM 10-Q\n", "10-Q"),
            DocSpec("EX-27", None, b"<TABLE> <S> <C>\n</TABLE>\n", "EX 27"),
        ),
        period="20000401",
    )
    edgar.add_filing(old)
    folder = "/Archives/edgar/data/320193/000091205700023442"

    _, _, txt = await get(http, edgar, f"{folder}/0000912057-00-023442.txt")
    assert txt.startswith(b"-----BEGIN PRIVACY-ENHANCED MESSAGE-----\nProc-Type: 2001,MIC-CLEAR\n")
    assert txt.endswith(b"</SEC-DOCUMENT>\n-----END PRIVACY-ENHANCED MESSAGE-----\n")
    assert b"<FILENAME>" not in txt and b"<ACCEPTANCE-DATETIME>" not in txt
    assert b"<DOCUMENT>\n<TYPE>EX-27\n<SEQUENCE>2\n<DESCRIPTION>EX 27\n<TEXT>\n<TABLE>" in txt
    _, _, page = await get(http, edgar, f"{folder}/0000912057-00-023442-index.html")
    assert page.count(f'<td scope="row"><a href="{folder}/"></a></td>'.encode()) == 2
    assert b'<div class="info">2000-05-11 00:00:00</div>' in page


async def test_unknown_archives_paths_get_access_denied(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    for path in (
        f"{EXAMPLE_DIR}/nope.htm",
        f"/Archives/edgar/data/0001234567/000123456725000001/{EXAMPLE_ACC}.txt",  # padded CIK
        f"/Archives/edgar/data/7654321/000123456725000001/{EXAMPLE_ACC}.txt",  # wrong CIK
        "/Archives/edgar/full-index/2099/QTR1/form.gz",
    ):
        status, headers, body = await get(http, edgar, path)
        assert status == 403, path
        assert headers["Content-Type"] == "application/xml"
        assert re.fullmatch(
            rb'<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied</Code>'
            rb"<Message>Access Denied</Message><RequestId>\w{16}</RequestId><HostId>\S+</HostId>"
            rb"</Error>",
            body,
        )
    assert (await get(http, edgar, "/no/such/page"))[0] == 404


# --------------------------------------------------------------------------- daily index


async def test_daily_form_index_layout(edgar: EdgarReplica, http: aiohttp.ClientSession) -> None:
    friday = datetime(2025, 12, 12, 10, 0, tzinfo=EASTERN)
    edgar.add_filing(simple("0001806014-25-000001", "1-A", friday))
    other = (Entity(11, "ZZ TOP LLC", "Filed by"),)
    edgar.add_filing(simple("0000927719-25-000002", "8-K", friday, extra_entities=other))
    status, _, body = await get(
        http, edgar, "/Archives/edgar/daily-index/2025/QTR4/form.20251212.idx"
    )

    assert status == 200
    lines = body.decode().split("\n")
    assert lines[:10] == [
        "Description:           Daily Index of EDGAR Dissemination Feed by Form Type",
        "Last Data Received:    Dec 12, 2025",
        "Comments:              webmaster@sec.gov",
        "Anonymous FTP:         ftp://ftp.sec.gov/edgar/",
        " ", " ", " ", " ",
        "Form Type   Company Name                                                  CIK         "
        "Date Filed  File Name",
        "-" * 141,
    ]  # fmt: skip
    rows = lines[10:-1]
    assert lines[-1] == ""
    assert all(len(row) == 150 for row in rows)
    assert [(r[0:12], r[12:74], r[74:86], r[86:98], r[98:].rstrip()) for r in rows] == [
        ("1-A".ljust(12), "Company 1806014".ljust(62), "1806014".ljust(12), "20251212    ",
         "edgar/data/1806014/0001806014-25-000001.txt"),
        ("8-K".ljust(12), "Company 927719".ljust(62), "927719".ljust(12), "20251212    ",
         "edgar/data/927719/0000927719-25-000002.txt"),
        ("8-K".ljust(12), "ZZ TOP LLC".ljust(62), "11".ljust(12), "20251212    ",
         "edgar/data/11/0000927719-25-000002.txt"),
    ]  # fmt: skip


async def test_daily_index_is_403_until_published(
    edgar: EdgarReplica, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    today = "/Archives/edgar/daily-index/2025/QTR4/form.20251215.idx"
    status, _, body = await get(http, edgar, today)
    assert status == 403 and b"<Code>AccessDenied</Code>" in body
    assert (await get(http, edgar, "/Archives/edgar/daily-index/2025/QTR3/form.20251212.idx"))[
        0
    ] == 403
    assert (await get(http, edgar, "/Archives/edgar/daily-index/2025/QTR4/form.20251213.idx"))[
        0
    ] == 403

    edgar.publish_daily_index(date(2025, 12, 15))
    status, _, body = await get(http, edgar, today)
    assert status == 200 and f"{EXAMPLE_ACC}.txt".encode() in body  # filed Monday 15th

    clock.advance(86400)  # the next day, Monday's index is published on its own
    edgar._published.clear()
    assert (await get(http, edgar, today))[0] == 200


# --------------------------------------------------------------------------- fair access


@pytest.mark.parametrize(
    ("agent", "declared"),
    [
        ("Sample Company Name AdminContact@samplecompany.com", True),
        ("Edgar Monitor admin@example.co.uk", True),
        ("admin@example.com", False),
        ("Example Corp", False),
        ("Example Corp admin@localhost", False),
        ("Mozilla/5.0 (X11; Linux x86_64) Example admin@example.com", False),
        ("python-requests/2.32.3", False),
        (SERVER_SOFTWARE, False),
        (None, False),
    ],
)
def test_declared_user_agent_rule(agent: str | None, declared: bool) -> None:
    assert is_declared_agent(agent) is declared


async def test_undeclared_tool_gets_403_page(edgar: EdgarReplica) -> None:
    url = edgar.base_url + FEED.format(type="8-K", start=0, count=10)
    # aiohttp's default User-Agent, "Python/3.x aiohttp/3.x".
    async with aiohttp.ClientSession() as anonymous, anonymous.get(url) as resp:
        body = await resp.read()
        assert resp.status == 403
        assert resp.headers["Content-Type"] == "text/html"
    assert (
        b"<title>SEC.gov | Your Request Originates from an Undeclared Automated Tool</title>"
        in body
    )
    assert edgar.requests[-1].status == 403
    assert edgar.requests[-1].user_agent == SERVER_SOFTWARE


async def test_rate_limit_blocks_extends_and_lifts(
    edgar: EdgarReplica, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    edgar.faults.rate_limit = 10
    edgar.faults.block_seconds = 0.5
    path = f"{EXAMPLE_DIR}/ex991.htm"

    statuses = [(await get(http, edgar, path))[0] for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    status, headers, body = await get(http, edgar, path)
    assert status == 429
    assert "Retry-After" not in headers and headers["Content-Type"] == "text/html"
    assert "<h1>You’ve Exceeded the SEC’s Traffic Limit</h1>" in body.decode()

    clock.advance(0.4)  # still blocked; this request extends the block to t+0.9
    assert (await get(http, edgar, path))[0] == 429
    clock.advance(0.45)
    assert (await get(http, edgar, path))[0] == 429
    clock.advance(0.51)  # 0.5 s of quiet since the last request
    assert (await get(http, edgar, path))[0] == 200
    assert edgar.throttled == 4
    assert len(edgar.blocks) == 1
    assert edgar.blocks[0].start == 1000.0
    assert edgar.blocks[0].end == pytest.approx(1000.85 + 0.5)


async def test_rate_window_slides_and_status_is_configurable(
    edgar: EdgarReplica, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    edgar.faults.rate_limit = 10
    edgar.faults.throttle_status = 403
    path = f"{EXAMPLE_DIR}/ex991.htm"
    for _ in range(10):
        assert (await get(http, edgar, path))[0] == 200
        clock.advance(0.1)  # exactly 10 per second is allowed
    assert (await get(http, edgar, path))[0] == 200
    for _ in range(10):
        await get(http, edgar, path)
    status, _, body = await get(http, edgar, path)
    assert status == 403 and b"Request Rate Threshold Exceeded" in body


# --------------------------------------------------------------------------- faults


async def test_injected_5xx_burst_then_recovery(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    path = f"{EXAMPLE_DIR}/{EXAMPLE_ACC}.txt"
    edgar.inject("/Archives/", [503, 502, 200, 503])

    first, second, third, fourth, fifth = [await get(http, edgar, path) for _ in range(5)]

    assert first[0] == 503 and b"File Unavailable" in first[2]
    assert second[0] == 502 and b"<TITLE>Bad Gateway</TITLE>" in second[2]
    assert third[0] == 200 and fifth[0] == 200 and fourth[0] == 503
    assert [r.status for r in edgar.requests] == [503, 502, 200, 503, 200]


async def test_truncated_body_raises_payload_error(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    path = f"{EXAMPLE_DIR}/{EXAMPLE_ACC}.txt"
    edgar.faults.truncate[path] = 1

    edgar.faults.truncate[path] = 2
    with pytest.raises(aiohttp.ClientPayloadError):
        await get(http, edgar, path, **{"Accept-Encoding": "identity"})
    with pytest.raises(aiohttp.ClientPayloadError):
        await get(http, edgar, path)  # gzip-encoded, cut mid-stream
    assert (await get(http, edgar, path))[0] == 200


async def test_malformed_feed_is_cut_xml(edgar: EdgarReplica, http: aiohttp.ClientSession) -> None:
    edgar.faults.malformed_feed = 1
    _, _, broken = await get(http, edgar, FEED.format(type="8-K", start=0, count=10))

    with pytest.raises(lxml.etree.XMLSyntaxError):
        lxml.etree.fromstring(broken)
    await feed(http, edgar, type="8-K")  # the next one parses


async def test_slow_response_trips_client_timeout(
    edgar: EdgarReplica, http: aiohttp.ClientSession
) -> None:
    edgar.faults.delay_seconds["/cgi-bin/"] = 30
    with pytest.raises(TimeoutError):
        async with http.get(
            edgar.base_url + FEED.format(type="", start=0, count=10),
            timeout=aiohttp.ClientTimeout(total=0.1),
        ) as resp:
            await resp.read()
    # close() releases the stalled handler instead of waiting 30 s (fixture teardown).


async def test_gzip_when_asked_and_vary_always(edgar: EdgarReplica) -> None:
    path = edgar.base_url + f"{EXAMPLE_DIR}/ex991.htm"
    async with aiohttp.ClientSession(headers=HEADERS, auto_decompress=False) as raw:
        async with raw.get(path, headers={"Accept-Encoding": "gzip, deflate"}) as resp:
            assert resp.headers["Content-Encoding"] == "gzip"
            assert resp.headers["Vary"] == "Accept-Encoding"
            assert gzip.decompress(await resp.read()) == EX991
        async with raw.get(path, headers={"Accept-Encoding": "identity"}) as resp:
            assert "Content-Encoding" not in resp.headers
            assert resp.headers["Vary"] == "Accept-Encoding"
            assert await resp.read() == EX991


# --------------------------------------------------------------------------- folders


def write_filing(folder: Path, accession: str, *, with_exhibit: bool = True) -> None:
    folder.mkdir(parents=True)
    (folder / "filing.json").write_text(
        json.dumps(
            {
                "accession": accession,
                "cik": 1234568,
                "company": "Folder Corp",
                "form": "8-K",
                "accepted": "2025-12-12T16:00:00-05:00",
                "items": ["2.02", "9.01"],
                "documents": [
                    {"type": "8-K", "filename": "f-8k.htm", "description": "8-K"},
                    {"type": "EX-99.1", "filename": "f-ex991.htm", "description": "PRESS RELEASE"},
                    {"type": "EX-27", "source": "ex27.txt", "description": "EX 27"},
                ],
            }
        )
    )
    (folder / "f-8k.htm").write_text("<html>8-K</html>\n")
    (folder / "ex27.txt").write_text("<TABLE>\n</TABLE>\n")
    if with_exhibit:
        (folder / "f-ex991.htm").write_text("<html>exhibit</html>\n")


async def test_load_dir_picks_up_complete_folders_only(
    edgar: EdgarReplica, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    write_filing(tmp_path / "a", "0001234568-25-000001", with_exhibit=False)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "filing.json").write_text("{not json")

    assert edgar.load_dir(tmp_path) == []
    (tmp_path / "a" / "f-ex991.htm").write_text("<html>exhibit</html>\n")
    assert edgar.load_dir(tmp_path) == ["0001234568-25-000001"]
    assert edgar.load_dir(tmp_path) == []

    folder = "/Archives/edgar/data/1234568/000123456825000001"
    _, _, txt = await get(http, edgar, f"{folder}/0001234568-25-000001.txt")
    assert (
        b"<TYPE>EX-27\n<SEQUENCE>3\n<DESCRIPTION>EX 27\n<TEXT>\n<TABLE>\n</TABLE>\n</TEXT>" in txt
    )
    assert (await get(http, edgar, f"{folder}/f-ex991.htm"))[2] == b"<html>exhibit</html>\n"


async def test_serve_runs_until_cancelled(tmp_path: Path) -> None:
    write_filing(tmp_path / "a", "0001234568-25-000002")
    ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(tmp_path, "127.0.0.1", 0, on_ready=ready.set_result))
    try:
        url = await ready
        async with (
            aiohttp.ClientSession(headers=HEADERS) as session,
            session.get(url + FEED.format(type="8-K", start=0, count=10)) as resp,
        ):
            assert b"0001234568-25-000002" in await resp.read()
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


# --------------------------------------------------------------------------- real samples

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="edgar-samples not available")


@needs_samples
def test_static_pages_are_byte_identical_to_sec() -> None:
    from monitor.sandbox import pages

    assert (
        pages.THROTTLE_PAGE.encode()
        == (SAMPLES / "errors/request-rate-threshold-exceeded.html").read_bytes()
    )
    assert (
        pages.UNDECLARED_TOOL_PAGE.encode()
        == (SAMPLES / "errors/undeclared-automated-tool.html").read_bytes()
    )
    unavailable = SAMPLES / "getcurrent/getcurrent-start5100-503-file-unavailable.html"
    assert pages.FILE_UNAVAILABLE_PAGE.encode() == unavailable.read_bytes()


@needs_samples
def test_daily_index_header_matches_sample() -> None:
    from monitor.sandbox.formats import render_form_index

    sample = (SAMPLES / "daily-index/form.20200318.idx").read_bytes()
    ours = render_form_index(
        date(2020, 3, 18), [("1-A", "DLP Positive Note Fund LLC", 1806014, "0001140361-20-006155")]
    )
    assert ours == sample[: len(ours)]


@needs_samples
def test_index_page_head_matches_meta_sample() -> None:
    from monitor.sandbox.index_page import render_index_page

    sample = (
        SAMPLES / "filings/meta-8k-0001628280-25-058337/0001628280-25-058337-index.html"
    ).read_bytes()
    spec = FilingSpec(
        accession="0001628280-25-058337", cik=1326801, company="Meta Platforms, Inc.", form="8-K",
        accepted=datetime(2025, 12, 19, 17, 0, 37, tzinfo=EASTERN), items=("5.02",),
        documents=tuple(DocSpec("EX-99", f"d{n}.htm", b"x", "") for n in range(13)),
        period="20251219",
    )  # fmt: skip
    ours = render_index_page(spec, 1326801, 179965)
    cut = sample.index(b"<!-- START DOCUMENT DIV -->")
    assert ours[:cut] == sample[:cut]


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        ([], 0),
        ([5.0], 1),
        ([0.0, 0.1, 0.2], 3),
        ([0.0, 1.0, 2.0], 1),  # exactly one second apart: never in the same window
        ([0.0, 0.5, 0.99, 1.2, 1.4], 4),  # 0.5..1.4
        ([3.0, 0.0, 0.5, 2.9, 0.4], 3),  # order does not matter
    ],
)
def test_busiest_second_counts_the_fullest_sliding_window(
    times: list[float], expected: int
) -> None:
    from monitor.sandbox import busiest_second

    assert busiest_second(times) == expected

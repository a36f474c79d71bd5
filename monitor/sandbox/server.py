"""The replica itself: an aiohttp application routing EDGAR's URLs, plus `serve` for the CLI."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType

from aiohttp import web

from monitor.sandbox import responses as r
from monitor.sandbox.faults import Block, Faults, RateGate, RequestRecord, is_declared_agent
from monitor.sandbox.formats import (
    render_feed,
    render_feed_html,
    render_form_index,
    render_index_headers,
    render_index_json,
    render_txt,
)
from monitor.sandbox.index_page import form_xsl, render_index_page, render_xsl_view
from monitor.sandbox.specs import EASTERN, FilingSpec, load_filing_folder

log = logging.getLogger(__name__)

FEED_LIMIT = 5100  # getcurrent serves start=0..5000 and answers 503 from start=5100 on
FEED_COUNTS = (100, 80, 40, 20, 10)  # larger counts give 100, in-between ones round down
_FOLDER_FILE = re.compile(r"^/Archives/edgar/data/(\d+)/(\d{18})/([^/]+)$")
_XSL_FILE = re.compile(r"^/Archives/edgar/data/(\d+)/(\d{18})/(xsl\w+)/([^/]+)$")
_FLAT_FILE = re.compile(r"^/Archives/edgar/data/(\d+)/(\d{10}-\d{2}-\d{6})(-index\.html?|\.txt)$")
_DAILY_FORM = re.compile(r"^/Archives/edgar/daily-index/(\d{4})/QTR([1-4])/form\.(\d{8})\.idx$")
_COMPANY_FACTS = re.compile(r"^/api/xbrl/companyfacts/CIK(\d{10})\.json$")
_SUBMISSIONS = re.compile(r"^/submissions/CIK(\d{10})\.json$")
_DATA_FILE = re.compile(r"^CIK(\d{10})\.json$")
_RECORDED_HEADERS = ("User-Agent", "Accept-Encoding", "If-Modified-Since", "If-None-Match", "Range")


@dataclass
class _Stored:
    spec: FilingSpec
    txt: bytes
    available_at: float  # monotonic time from which the .txt and documents are served


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


class EdgarReplica:
    """A local www.sec.gov serving `FilingSpec`s in EDGAR's formats under SEC's access rules.

    `clock` (tz-aware wall time) stamps feeds and Date headers, hides filings accepted in
    its future and decides which daily indexes are published; `monotonic` drives the rate
    limit, throttle blocks and document publication delays. Both default to the real clocks.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] | None = None,
        faults: Faults | None = None,
        auto_publish_index: bool = True,
    ) -> None:
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.monotonic: Callable[[], float] = monotonic or time.monotonic
        self.faults = faults or Faults()
        self.auto_publish_index = auto_publish_index
        self.requests: list[RequestRecord] = []
        self.throttled = 0
        self.base_url = ""
        self._gate = RateGate(self.faults)
        self._filings: dict[str, _Stored] = {}  # by 18-digit accession folder
        self._company_facts: dict[int, bytes] = {}  # data.sec.gov companyfacts by CIK
        self._submissions: dict[int, bytes] = {}  # data.sec.gov submissions by CIK
        self._loaded_folders: set[Path] = set()
        self._waiting: set[Path] = set()
        self._published: set[date] = set()
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()

    @property
    def blocks(self) -> list[Block]:
        """Throttle blocks so far (monotonic start/end; the last one may still be running)."""
        return self._gate.blocks

    # ------------------------------------------------------------------ filings

    def add_filing(self, spec: FilingSpec, *, documents_delay: float = 0.0) -> None:
        """Publish a filing now; its .txt and documents 404 for `documents_delay` seconds."""
        if spec.folder in self._filings:
            raise ValueError(f"filing {spec.accession} already added")
        available_at = self.monotonic() + documents_delay
        self._filings[spec.folder] = _Stored(spec, render_txt(spec), available_at)

    def load_dir(
        self, root: Path, report: Callable[[Path, str], None] | None = None
    ) -> list[str]:
        """Add every filing folder under `root` not loaded yet; returns the new accessions.

        A folder whose document files are still missing is retried on the next call.
        `report(folder, problem)` hears once of each folder skipped or waiting.
        """
        added: list[str] = []
        for folder in sorted(path.parent for path in root.glob("*/filing.json")):
            if folder in self._loaded_folders:
                continue
            try:
                spec, delay = load_filing_folder(folder, now=self.clock())
            except OSError as exc:
                if report is not None and folder not in self._waiting:
                    report(folder, f"waiting for {exc.filename or 'a document'} named in "
                           f"filing.json ({exc.strerror or exc})")
                self._waiting.add(folder)
                continue
            except (ValueError, KeyError, TypeError) as exc:
                problem = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
                if report is not None:
                    report(folder, f"skipped: filing.json: {problem}")
                else:
                    log.warning("sandbox: skipping %s: %s", folder, problem)
                self._loaded_folders.add(folder)
                continue
            self._loaded_folders.add(folder)
            if spec.folder not in self._filings:
                self.add_filing(spec, documents_delay=delay)
                added.append(spec.accession)
        return added

    def add_company_facts(self, cik: int, body: bytes) -> None:
        """Serve `/api/xbrl/companyfacts/CIK##########.json` for `cik` (replaces any)."""
        self._company_facts[cik] = body

    def add_submissions(self, cik: int, body: bytes) -> None:
        """Serve `/submissions/CIK##########.json` for `cik` (replaces any)."""
        self._submissions[cik] = body

    def load_data_files(self, root: Path) -> int:
        """Serve `root/companyfacts/CIK##########.json` and `root/submissions/CIK...json`
        (re-read on every call, so a replaced file is a company's new XBRL data)."""
        count = 0
        for folder, table in (("companyfacts", self._company_facts),
                              ("submissions", self._submissions)):
            for path in sorted((root / folder).glob("CIK*.json")):
                match = _DATA_FILE.match(path.name)
                if match is None:
                    continue
                try:
                    table[int(match.group(1))] = path.read_bytes()
                except OSError:
                    continue
                count += 1
        return count

    def publish_daily_index(self, day: date) -> None:
        """Serve `form.{day}.idx` from now on, whatever the clock says."""
        self._published.add(day)

    def inject(self, path_prefix: str, statuses: list[int]) -> None:
        """Answer the next requests under `path_prefix` with these statuses (2xx = pass)."""
        self.faults.fail_next.setdefault(path_prefix, []).extend(statuses)

    def _visible(self) -> list[_Stored]:
        now = self.clock()
        return [stored for stored in self._filings.values() if stored.spec.accepted <= now]

    def _find(self, cik: int, folder: str) -> _Stored | None:
        stored = self._filings.get(folder)
        if stored is None or stored.spec.accepted > self.clock():
            return None
        # EDGAR files a multi-entity filing under each entity's CIK.
        if all(entity.cik != cik for entity in stored.spec.entities):
            return None
        return stored

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0 = a free port); returns the base URL."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._closing.clear()
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self.base_url = f"http://{bound_host}:{bound_port}"
        return self.base_url

    async def close(self) -> None:
        """Stop serving; stalled (delayed) responses are released first."""
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> EdgarReplica:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # ------------------------------------------------------------------ request path

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        now = self.monotonic()
        path_qs = request.path_qs
        reply: r.Reply | None
        if self._gate.blocked(now):
            self.throttled += 1
            reply = r.throttle_reply(self.faults.throttle_status)
        elif self.faults.enforce_user_agent and not is_declared_agent(
            request.headers.get("User-Agent")
        ):
            reply = r.undeclared_reply()
        else:
            status = self.faults.take_status(path_qs)
            reply = None if status is None or status < 300 else r.error_reply(status, path_qs)
        if reply is None:
            await self._stall(self.faults.delay_for(path_qs))
            reply = self._route(request)
            reply.body = self.faults.tampered(path_qs, reply.body)
        response = r.build_response(request, reply, self.clock())
        recorded = {k: request.headers[k] for k in _RECORDED_HEADERS if k in request.headers}
        self.requests.append(RequestRecord(now, request.method, path_qs, response.status, recorded))
        if (
            response.status == 200
            and request.method == "GET"
            and self.faults.take_truncate(path_qs)
        ):
            return await r.send_truncated(request, response)
        trickle = self.faults.slow_body_for(path_qs)
        if response.status == 200 and request.method == "GET" and trickle > 0:
            return await r.send_slowly(request, response, trickle, self._closing)
        return response

    async def _stall(self, seconds: float) -> None:
        if seconds <= 0:
            return
        # Wait on the closing event so that close() never waits out a stalled response.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    def _route(self, request: web.Request) -> r.Reply:
        if request.method not in ("GET", "HEAD"):
            return r.Reply(405, b"", {"Allow": "GET, HEAD"})
        path = request.path
        facts = _COMPANY_FACTS.match(path)
        if facts or path.startswith("/api/xbrl/"):
            body = self._company_facts.get(int(facts.group(1))) if facts else None
            return r.data_reply(200 if body is not None else 404, body or b"", path)
        submissions = _SUBMISSIONS.match(path)
        if submissions or path.startswith("/submissions/"):
            body = self._submissions.get(int(submissions.group(1))) if submissions else None
            return r.data_reply(200 if body is not None else 404, body or b"", path)
        if path == "/cgi-bin/browse-edgar":
            return self._browse(request)
        if path.startswith("/Archives/edgar/data/"):
            return self._archives(path)
        if path == "/files/company_tickers.json":
            return self._company_tickers()
        daily = _DAILY_FORM.match(path)
        if daily:
            return self._daily_form_index(*daily.groups())
        if path.startswith("/Archives/"):
            return r.access_denied()
        return r.html_reply(404, "<html><body><h1>Not Found</h1></body></html>\n")

    def _company_tickers(self) -> r.Reply:
        """SEC's ticker file: rows keyed by stringified index, `cik_str` an int (EDGAR.md §6)."""
        rows: dict[str, dict[str, object]] = {}
        seen: set[tuple[int, str]] = set()
        for stored in self._filings.values():
            spec = stored.spec
            if spec.ticker and (spec.cik, spec.ticker) not in seen:
                seen.add((spec.cik, spec.ticker))
                rows[str(len(rows))] = {"cik_str": spec.cik, "ticker": spec.ticker,
                                        "title": spec.company}
        body = json.dumps(rows, separators=(",", ":")).encode()
        return r.Reply(200, body, {"Content-Type": "application/json"})

    def _browse(self, request: web.Request) -> r.Reply:
        query = request.query
        if query.get("action") != "getcurrent":
            return r.html_reply(404, "<html><body>Not modelled by the replica</body></html>\n")
        start = _int(query.get("start"), 0)
        asked = _int(query.get("count"), 40)
        count = next((c for c in FEED_COUNTS if asked >= c), FEED_COUNTS[-1])
        if start >= FEED_LIMIT:
            return r.error_reply(503, request.path)
        form_prefix = query.get("type", "").upper()
        newest_first = sorted(self._visible(), key=lambda s: s.spec.accepted, reverse=True)
        entries = [
            (stored.spec, entity, len(stored.txt))
            for stored in newest_first
            if stored.spec.form.upper().startswith(form_prefix)
            for entity in stored.spec.entities
        ][:FEED_LIMIT]
        page = entries[start : start + count]
        if query.get("output") != "atom":
            return r.Reply(200, render_feed_html(page), {"Content-Type": "text/html"})
        body = render_feed(page, self.clock(), truncated=self.faults.take_malformed_feed())
        headers = {"Content-Type": "application/atom+xml", "Cache-Control": "no-cache"}
        return r.Reply(200, body, headers)

    def _archives(self, path: str) -> r.Reply:
        xsl = _XSL_FILE.match(path)
        if xsl:
            return self._xsl_view(*xsl.groups())
        flat = _FLAT_FILE.match(path)
        if flat:
            cik, acc, suffix = flat.groups()
            name, folder = f"{acc}{suffix}", acc.replace("-", "")
        else:
            match = _FOLDER_FILE.match(path)
            if match is None:
                return r.access_denied()
            cik, folder, name = match.groups()
        if str(int(cik)) != cik:  # Archives paths carry the unpadded CIK
            return r.access_denied()
        stored = self._find(int(cik), folder)
        if stored is None:
            return r.access_denied()
        spec, acc = stored.spec, stored.spec.accession
        if name in (f"{acc}-index.htm", f"{acc}-index.html"):
            body = render_index_page(spec, int(cik), len(stored.txt))
            headers = {"Content-Type": "text/html", "Cache-Control": "no-cache"}
            return r.Reply(200, body, headers, last_modified=spec.accepted)
        if name == f"{acc}-index-headers.html":
            return r.s3_object(render_index_headers(spec), "text/html", spec, name)
        if name == "index.json":
            headers = {"Content-Type": "application/json", "Cache-Control": "no-cache"}
            return r.Reply(200, render_index_json(spec, int(cik)), headers)
        doc = next((d for d in spec.documents if d.filename == name), None)
        if name != f"{acc}.txt" and doc is None:
            return r.access_denied()
        if self.monotonic() < stored.available_at:
            return r.no_such_key(path)
        if doc is not None:
            return r.s3_object(doc.body, r.content_type(name), spec, name)
        reply = r.s3_object(stored.txt, "text/plain", spec, name)
        reply.etag_md5 = hashlib.md5(stored.txt).hexdigest()
        return reply

    def _xsl_view(self, cik: str, folder: str, xsl: str, name: str) -> r.Reply:
        """EDGAR's rendered view of an XML form document (`xslF25X02/primary_doc.xml`)."""
        stored = self._find(int(cik), folder) if str(int(cik)) == cik else None
        if stored is None:
            return r.access_denied()
        spec = stored.spec
        doc = next((d for d in spec.documents if d.filename == name), None)
        if doc is None or form_xsl(spec.form, doc) != xsl:
            return r.access_denied()
        if self.monotonic() < stored.available_at:
            return r.no_such_key(f"/Archives/edgar/data/{cik}/{folder}/{xsl}/{name}")
        return r.Reply(200, render_xsl_view(spec, doc), {"Content-Type": "text/html"})

    def _daily_form_index(self, year: str, quarter: str, ymd: str) -> r.Reply:
        try:
            day = datetime.strptime(ymd, "%Y%m%d").date()
        except ValueError:
            return r.access_denied()
        if str(day.year) != year or (day.month - 1) // 3 + 1 != int(quarter):
            return r.access_denied()
        today = self.clock().astimezone(EASTERN).date()
        auto = self.auto_publish_index and day < today and day.weekday() < 5
        if day not in self._published and not auto:
            return r.access_denied()
        rows = [
            (stored.spec.form, entity.company, entity.cik, stored.spec.accession)
            for stored in self._visible()
            if stored.spec.filed == day
            for entity in stored.spec.entities
        ]
        headers = {"Content-Type": "text/plain", "Accept-Ranges": "bytes"}
        return r.Reply(200, render_form_index(day, rows), headers, ranges=True)


async def serve(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    rescan_seconds: float = 1.0,
    on_ready: Callable[[str], None] | None = None,
    on_problem: Callable[[Path, str], None] | None = None,
    stale_after: timedelta = timedelta(minutes=60),
) -> None:
    """Serve the filing folders under `root` until cancelled, rescanning for new ones.

    `on_problem(folder, message)` hears of folders skipped, waiting for a document, or
    accepted longer than `stale_after` ago (a daemon's first poll looks back only so far).
    """
    replica = EdgarReplica()

    def scan() -> list[str]:
        added = replica.load_dir(root, on_problem)
        now = replica.clock()
        for accession in added:
            stored = replica._filings[accession.replace("-", "")]
            if on_problem is not None and now - stored.spec.accepted > stale_after:
                when = stored.spec.accepted_et.strftime("%Y-%m-%d %H:%M %Z")
                on_problem(root, f"{accession} was accepted {when}, over {stale_after} "
                           "ago: a new daemon's first poll "
                           "skips it (discovery.initial_lookback_minutes); leave out "
                           '"accepted" to stamp it with the time it is picked up')
        return added

    added = scan()
    replica.load_data_files(root)
    url = await replica.start(host, port)
    log.info("sandbox: EDGAR replica at %s serving %d filings from %s", url, len(added), root)
    if on_ready is not None:
        on_ready(url)
    try:
        while True:
            await asyncio.sleep(rescan_seconds)
            for accession in scan():
                log.info("sandbox: new filing %s", accession)
            replica.load_data_files(root)
    finally:
        await replica.close()

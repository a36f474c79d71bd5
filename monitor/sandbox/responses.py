"""HTTP mechanics of the replica: SEC's headers, error answers, validators, ranges, gzip."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import gzip
import hashlib
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus

from aiohttp import web

from monitor.sandbox import pages
from monitor.sandbox.formats import documents_modified, http_date
from monitor.sandbox.specs import FilingSpec

# Headers www.sec.gov's Apache front adds to its answers (samples in edgar-samples/).
SEC_HEADERS: Mapping[str, str] = {
    "Server": "Apache",
    "Strict-Transport-Security": "max-age=31536000 ; includeSubDomains ; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "X-XSS-Protection": "1; mode=block",
}
# data.sec.gov (AWS API Gateway) answers without Apache's headers, never with a validator
# (EDGAR.md §5.1, fixture companyfacts-CIK0000320193.json.headers.json); Expires = Date.
DATA_HEADERS: Mapping[str, str] = {
    "Cache-Control": "max-age=0, no-cache, no-store",
    "Pragma": "no-cache",
    "Access-Control-Allow-Origin": "*",
    "Strict-Transport-Security": "max-age=31536000 ; preload",
}
# Akamai's static 503 page carries its own validators (getcurrent start=5100 sample).
UNAVAILABLE_HEADERS: Mapping[str, str] = {
    "Server": "AkamaiNetStorage",
    "Accept-Ranges": "bytes",
    "Cache-Control": "max-age=0, no-cache, no-store",
    "Content-Type": "text/html",
    "ETag": '"dab0413513438a31a1e8cece792b25aa:1765456139.013965"',
    "Last-Modified": "Thu, 11 Dec 2025 12:28:59 GMT",
}
_CONTENT_TYPES: Mapping[str, str] = {
    ".htm": "text/html",
    ".html": "text/html",
    ".txt": "text/plain",
    ".xml": "text/xml",
    ".xsd": "text/xml",
    ".json": "application/json",
    ".css": "text/css",
    ".js": "application/javascript",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_HTML = {"Content-Type": "text/html"}


@dataclass
class Reply:
    """What a route answers, before validators, ranges and compression are applied."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None
    etag_md5: str | None = None  # the .txt's ETag: "<md5>-gzip" when served compressed
    ranges: bool = False
    force_close: bool = False
    data_api: bool = False  # a data.sec.gov answer: API Gateway headers, not Apache's


def _token(length: int) -> str:
    return base64.b32encode(secrets.token_bytes(length)).decode()[:length]


def content_type(name: str) -> str:
    """Content-Type S3 stores for an Archives file name."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return _CONTENT_TYPES.get(suffix, "application/octet-stream")


def html_reply(status: int, text: str) -> Reply:
    """A small text/html answer."""
    return Reply(status, text.encode(), dict(_HTML))


def throttle_reply(status: int) -> Reply:
    """SEC's traffic-limit page; deliberately without Retry-After, like SEC."""
    return Reply(status, pages.THROTTLE_PAGE.encode(), dict(_HTML))


def undeclared_reply() -> Reply:
    """SEC's "Undeclared Automated Tool" page."""
    return Reply(403, pages.UNDECLARED_TOOL_PAGE.encode(), dict(_HTML))


def access_denied() -> Reply:
    """S3's 403 AccessDenied XML: unknown or unpublished Archives paths."""
    body = pages.ACCESS_DENIED_XML.format(
        request_id=_token(16), host_id=base64.b64encode(secrets.token_bytes(57)).decode()
    )
    return Reply(
        403, body.encode(), {"Content-Type": "application/xml", "x-amz-request-id": _token(16)}
    )


def no_such_key(path: str) -> Reply:
    """S3's 404 NoSuchKey XML: a document not uploaded yet."""
    body = pages.NO_SUCH_KEY_XML.format(
        key=path.lstrip("/"), request_id=_token(16), host_id=_token(76)
    )
    return Reply(404, body.encode(), {"Content-Type": "application/xml"})


def error_reply(status: int, path: str) -> Reply:
    """The page SEC's edge answers with for an (injected) error status."""
    if status == 503:
        return Reply(
            503, pages.FILE_UNAVAILABLE_PAGE.encode(), dict(UNAVAILABLE_HEADERS), force_close=True
        )
    if status == 429:
        return throttle_reply(429)
    if status == 403:
        return access_denied()
    if status == 404:
        return no_such_key(path)
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    return html_reply(status, pages.AKAMAI_ERROR_PAGE.format(reason=reason, reference=_token(20)))


def s3_object(body: bytes, ctype: str, spec: FilingSpec, name: str) -> Reply:
    """A static S3-backed Archives object: Last-Modified, x-amz-* headers, byte ranges."""
    digest = hashlib.sha256(f"{spec.accession}/{name}".encode()).digest()
    headers = {
        "Content-Type": ctype,
        "Accept-Ranges": "bytes",
        "x-amz-id-2": base64.b64encode(digest * 2).decode()[:76],
        "x-amz-meta-mode": "33188",
        "x-amz-replication-status": "COMPLETED",
        "x-amz-request-id": _token(16),
        "x-amz-server-side-encryption": "AES256",
        "x-amz-version-id": base64.urlsafe_b64encode(digest).decode()[:32],
    }
    return Reply(200, body, headers, last_modified=documents_modified(spec), ranges=True)


def data_reply(status: int, body: bytes, path: str) -> Reply:
    """A data.sec.gov answer: JSON, or S3's NoSuchKey XML for an unknown key (a CIK with no
    XBRL data, or none at all)."""
    headers = {
        "x-amz-apigw-id": base64.b64encode(secrets.token_bytes(12)).decode()[:15] + "=",
        "x-amzn-RequestId": str(uuid.uuid4()),
        "X-Amzn-Trace-Id": f"Root=1-{secrets.token_hex(4)}-{secrets.token_hex(12)}",
    }
    if status == 200:
        return Reply(200, body, {"Content-Type": "application/json", **headers}, data_api=True)
    missing = no_such_key(path)
    return Reply(404, missing.body, {**missing.headers, **headers}, data_api=True)


def accepts_gzip(request: web.Request) -> bool:
    """True when Accept-Encoding lists gzip with a non-zero q."""
    for token in request.headers.get("Accept-Encoding", "").split(","):
        coding, _, params = token.strip().partition(";")
        if coding.strip().lower() == "gzip" and params.replace(" ", "") not in ("q=0", "q=0.0"):
            return True
    return False


def _not_modified(request: web.Request, reply: Reply) -> bool:
    if reply.etag_md5 is not None and "If-None-Match" in request.headers:
        tags = {
            tag.strip().strip('"').removesuffix("-gzip")
            for tag in request.headers["If-None-Match"].split(",")
        }
        return reply.etag_md5 in tags or "*" in tags
    since = request.headers.get("If-Modified-Since")
    if reply.last_modified is None or since is None:
        return False
    try:
        threshold = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if threshold.tzinfo is None:
        threshold = threshold.replace(tzinfo=UTC)
    return reply.last_modified.replace(microsecond=0) <= threshold


def byte_range(header: str, body: bytes) -> tuple[int, bytes, dict[str, str]]:
    """A single `bytes=a-b` range as S3 serves it (206, or 416 when unsatisfiable)."""
    match = re.fullmatch(r"\s*bytes=(\d*)-(\d*)\s*", header)
    if match is None or match.groups() == ("", ""):
        return 200, body, {}
    first, last = match.groups()
    size = len(body)
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(0, size - int(last)), size - 1
    if start >= size or start > end:
        return 416, b"", {"Content-Range": f"bytes */{size}"}
    return 206, body[start : end + 1], {"Content-Range": f"bytes {start}-{end}/{size}"}


@functools.lru_cache(maxsize=32)
def _gzipped(body: bytes) -> bytes:
    """Compress once per distinct body: SEC's edge serves stored compressed objects, and a
    3 MB companyfacts compressed on every request would stall the replica ~0.2 s."""
    return gzip.compress(body, mtime=0)


def build_response(request: web.Request, reply: Reply, now: datetime) -> web.Response:
    """Apply validators (304), ranges and gzip, and make the aiohttp response."""
    status, body = reply.status, reply.body
    headers = dict(DATA_HEADERS if reply.data_api else SEC_HEADERS)
    headers.update(reply.headers)
    headers["Date"] = http_date(now)
    if reply.data_api:
        headers["Expires"] = headers["Date"]
    headers["Vary"] = "Accept-Encoding"
    gzip_ok = accepts_gzip(request)
    if reply.last_modified is not None:
        headers["Last-Modified"] = http_date(reply.last_modified)
    if reply.etag_md5 is not None:
        headers["ETag"] = f'"{reply.etag_md5}-gzip"' if gzip_ok else f'"{reply.etag_md5}"'
    if status == 200 and _not_modified(request, reply):
        for name in ("Content-Type", "Accept-Ranges"):
            headers.pop(name, None)
        return web.Response(status=304, headers=headers)
    if status == 200 and reply.ranges and not gzip_ok and "Range" in request.headers:
        # Ranges apply to the identity representation only; gzip clients get the whole body.
        status, body, extra = byte_range(request.headers["Range"], body)
        headers.update(extra)
    if body and gzip_ok:
        body = _gzipped(body)
        headers["Content-Encoding"] = "gzip"
    response = web.Response(status=status, body=body, headers=headers)
    if reply.force_close:
        response.force_close()
    return response


async def send_truncated(request: web.Request, full: web.Response) -> web.StreamResponse:
    """Promise the whole body in Content-Length, send half of it, then drop the connection."""
    body = full.body if isinstance(full.body, bytes) else b""
    response = web.StreamResponse(status=full.status, headers=full.headers)
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(body[: len(body) // 2])
    if request.transport is not None:
        request.transport.close()
    return response


async def send_slowly(
    request: web.Request, full: web.Response, seconds: float, closing: asyncio.Event
) -> web.StreamResponse:
    """Send the headers at once, then the body in ten pieces spread over `seconds` (a slow
    link or a congested edge); `closing` cuts the wait short when the replica stops."""
    body = full.body if isinstance(full.body, bytes) else b""
    response = web.StreamResponse(status=full.status, headers=full.headers)
    response.content_length = len(body)
    await response.prepare(request)
    step = max(1, -(-len(body) // 10))
    for start in range(0, len(body), step):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(closing.wait(), seconds / 10)
        await response.write(body[start : start + step])
    await response.write_eof()
    return response

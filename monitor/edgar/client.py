"""The EDGAR HTTP client: declared User-Agent, one fair-access limiter, throttle breaker,
bounded retries of transient faults. All EDGAR I/O goes through `EdgarClient.get`."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace

import aiohttp
import structlog
from aiolimiter import AsyncLimiter
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from monitor.config import EdgarConfig
from monitor.errors import (
    FetchError,
    NotPublishedError,
    ThrottledError,
    TransientFetchError,
    UndeclaredAgentError,
)

log = structlog.get_logger("monitor.edgar")

SEC_HOSTS = ("https://www.sec.gov", "http://www.sec.gov")
# data.sec.gov serves the JSON APIs (submissions, XBRL companyfacts). `--edgar-url` rewrites
# it too, so one replica serves both hosts' paths.
SEC_DATA_URL = "https://data.sec.gov"
DATA_HOSTS = (SEC_DATA_URL, "http://data.sec.gov")
SEC_MAX_PER_SECOND = 10
# Count a little more than a second, so network jitter cannot squeeze an 11th request into
# SEC's one-second window.
_WINDOW_SECONDS = 1.05
# Connections to EDGAR at most: ample at 10 requests/s, and bounded so a slow host cannot
# collect an unbounded number of requests in flight.
_CONNECTIONS = 30
_THROTTLE_MARKERS = (b"Request Rate Threshold Exceeded", b"Exceeded the SEC")
_UNDECLARED_MARKER = b"Undeclared Automated Tool"


@dataclass(frozen=True, slots=True)
class EdgarResponse:
    """A completed EDGAR response; `truncated` when the size cap cut the body."""

    url: str
    status: int
    body: bytes
    headers: Mapping[str, str]
    truncated: bool = False


@dataclass(slots=True)
class SendSlot:
    """One request's place in the window: `sent` is when it left (None: not known yet)."""

    permitted: float
    sent: float | None = None


class WindowGuard:
    """Hard cap: never more than SEC's 10 requests in any (slightly padded) 1-second window,
    counted at the moment requests leave. The pacing limiter keeps well below it; this is the
    guarantee when requests bunch up (a deep queue, a congested event loop, a connection pool).

    A request whose send time is not known yet (permitted, still waiting for a connection)
    counts as sent "now" until it is known, so a late send cannot squeeze into a window.
    """

    def __init__(
        self,
        limit: int = SEC_MAX_PER_SECOND,
        window: float = _WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.sleep = sleep
        self._slots: list[SendSlot] = []
        self._lock = asyncio.Lock()
        self._changed = asyncio.Event()

    async def wait(self) -> None:
        """Take a slot and count it as sent at once (for callers that send right away)."""
        self.mark_sent(await self.reserve())

    async def reserve(self) -> SendSlot:
        """Wait until one more request may leave; the caller then calls `mark_sent` when it
        has left (or `release` if it never did)."""
        async with self._lock:
            while True:
                now = self.clock()
                self._slots = [s for s in self._slots
                               if s.sent is None or now - s.sent < self.window]
                if len(self._slots) < self.limit:
                    slot = SendSlot(now)
                    self._slots.append(slot)
                    return slot
                sent = [s.sent for s in self._slots if s.sent is not None]
                until_free = self.window - (now - min(sent)) if sent else None
                if len(sent) == len(self._slots):
                    await self.sleep(until_free or 0.0)
                    continue
                # Some sends are not known yet: wake when one is, or when a sent one ages out.
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(until_free):
                        await self._changed.wait()

    def mark_sent(self, slot: SendSlot) -> None:
        """Record when the request left (the first call wins: the earliest known bound)."""
        if slot.sent is None:
            slot.sent = self.clock()
            self._changed.set()

    def release(self, slot: SendSlot) -> None:
        """Give back a slot whose request was never sent."""
        if slot.sent is None and slot in self._slots:
            self._slots.remove(slot)
            self._changed.set()

    def recent(self, wall_now: float) -> list[float]:
        """Wall-clock times of the sends still inside the window, to hand to the next run."""
        now = self.clock()
        return sorted(wall_now - (now - s.sent) for s in self._slots
                      if s.sent is not None and now - s.sent < self.window)

    def seed(self, wall_times: list[float], wall_now: float) -> None:
        """Count a previous run's last sends (wall-clock times) against the window, so a
        restart cannot add its first requests to the old run's last second."""
        now = self.clock()
        earlier = sorted(now - (wall_now - t) for t in wall_times
                         if 0 <= wall_now - t < self.window)
        room = max(0, self.limit - len(self._slots))
        kept = earlier[max(0, len(earlier) - room):] if room else []
        self._slots = [SendSlot(t, t) for t in kept] + self._slots


@dataclass
class Breaker:
    """Circuit breaker for SEC throttling: open for `block_seconds`, then one probe.

    SEC extends the block when requests continue during it, so while open no request is
    sent at all (EDGAR.md §8).
    """

    block_seconds: float
    clock: Callable[[], float] = time.monotonic
    opened_at: float | None = None
    episode_started: float | None = None  # first trip of a block that has not been lifted
    blocks: int = 0
    probe_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.clock() - self.opened_at < self.block_seconds

    def remaining(self) -> float:
        if self.opened_at is None:
            return 0.0
        return max(0.0, self.block_seconds - (self.clock() - self.opened_at))

    def trip(self) -> None:
        """SEC answered with its throttle page. Logged once per block: a throttle page on a
        request already in flight when the block began does not start another."""
        if not self.is_open:
            self.blocks += 1
            log.warning("sec_throttled", block_seconds=self.block_seconds, blocks=self.blocks,
                        blocked_so_far_s=round(self.open_for()))
        self.opened_at = self.clock()
        if self.episode_started is None:
            self.episode_started = self.opened_at

    def reset(self) -> None:
        if self.opened_at is not None:
            log.info("sec_block_lifted", blocks=self.blocks,
                     blocked_s=round(self.clock() - (self.episode_started or self.clock())))
        self.opened_at = None
        self.episode_started = None

    def open_for(self) -> float:
        """Seconds since this block episode began (0 when requests flow)."""
        if self.episode_started is None:
            return 0.0
        return self.clock() - self.episode_started


class EdgarClient:
    """GETs from EDGAR at a fair rate. Paths are relative to `config.base_url`."""

    def __init__(
        self,
        config: EdgarConfig,
        user_agent: str,
        *,
        session: aiohttp.ClientSession | None = None,
        clock: Callable[[], float] = time.monotonic,
        backoff_initial: float = 0.5,
    ) -> None:
        self.config = config
        self.user_agent = user_agent
        self.base_url = config.base_url
        self.data_url = SEC_DATA_URL if config.base_url in SEC_HOSTS else config.base_url
        self._own_session = session is None
        self._session = session
        # AsyncLimiter(1, 1/rate) spaces requests evenly; AsyncLimiter(rate, 1) would let a
        # burst of up to 2*rate through in the first second.
        self.limiter = AsyncLimiter(1, 1.0 / config.rate_per_second)
        self.guard = WindowGuard()
        self.breaker = Breaker(config.throttle_block_seconds, clock=clock)
        self.requests: Counter[str] = Counter()
        self._backoff_initial = backoff_initial

    async def __aenter__(self) -> EdgarClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            trace = aiohttp.TraceConfig()
            trace.on_request_headers_sent.append(self._on_headers_sent)
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.config.timeout_seconds),
                auto_decompress=True,
                trace_configs=[trace],
                connector=aiohttp.TCPConnector(limit=_CONNECTIONS),
            )
        return self._session

    async def _on_headers_sent(
        self, _session: aiohttp.ClientSession, context: SimpleNamespace, _params: object
    ) -> None:
        # The moment the request left: the window guard counts it from here.
        slot = getattr(context, "trace_request_ctx", None)
        if isinstance(slot, SendSlot):
            self.guard.mark_sent(slot)

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    def url(self, path_or_url: str) -> str:
        """Absolute URL on the configured host; SEC's own absolute links are rewritten, and
        data.sec.gov ones go to the data host (the configured host too, unless it is SEC's).

        Anything else (another host, a `..` segment, a backslash) is refused: a path built
        from a filing's bytes must never leave EDGAR's folders.
        """
        base = self.base_url
        for host in DATA_HOSTS:
            if path_or_url.startswith(host):
                path_or_url, base = path_or_url[len(host):], self.data_url
                break
        for host in SEC_HOSTS:
            if path_or_url.startswith(host):
                path_or_url = path_or_url[len(host):]
                break
        if path_or_url.startswith(self.base_url + "/"):
            path_or_url = path_or_url[len(self.base_url):]
        if "://" in path_or_url or path_or_url.startswith("//"):
            raise FetchError(f"refusing to request a URL off the EDGAR host: {path_or_url[:120]!r}")
        path = path_or_url.split("?", 1)[0]
        if "\\" in path or any(part in ("..", ".") for part in path.split("/")):
            raise FetchError(f"refusing to request a path outside EDGAR's folders: "
                             f"{path_or_url[:120]!r}")
        return base + "/" + path_or_url.lstrip("/")

    async def get(
        self,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        allow_statuses: tuple[int, ...] = (),
    ) -> EdgarResponse:
        """GET with retries of transient faults. Raises a FetchError subclass otherwise."""
        url = self.url(path)
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(TransientFetchError),
            stop=stop_after_attempt(self.config.max_attempts)
            | stop_after_delay(self.config.max_retry_seconds),
            # Full jitter: a random wait up to multiplier * 2**attempt, capped.
            wait=wait_random_exponential(multiplier=self._backoff_initial, max=30.0),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._get_once(url, params, max_bytes, allow_statuses)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _get_once(
        self,
        url: str,
        params: Mapping[str, str] | None,
        max_bytes: int | None,
        allow_statuses: tuple[int, ...],
    ) -> EdgarResponse:
        self._refuse_while_blocked(url)
        async with self.limiter:
            if self.breaker.opened_at is None:
                return await self._send(url, params, max_bytes, allow_statuses)
            # Half-open after a block: one probe at a time; the rest wait for its outcome.
            async with self.breaker.probe_lock:
                return await self._send(url, params, max_bytes, allow_statuses)

    def _refuse_while_blocked(self, url: str) -> None:
        if self.breaker.is_open:
            raise ThrottledError(
                f"SEC throttle block in force for {self.breaker.remaining():.0f}s more",
                url=url,
            )

    async def _send(
        self,
        url: str,
        params: Mapping[str, str] | None,
        max_bytes: int | None,
        allow_statuses: tuple[int, ...],
    ) -> EdgarResponse:
        slot = await self.guard.reserve()
        try:
            # Checked at send time: a request queued behind the limiter, the guard or the
            # probe before SEC's throttle page arrived must not go out (it extends the block).
            self._refuse_while_blocked(url)
        except ThrottledError:
            self.guard.release(slot)
            raise
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        try:
            async with self.session.get(url, params=params, headers=headers,
                                        trace_request_ctx=slot) as resp:
                # Headers are in, so the request had left by now at the latest.
                self.guard.mark_sent(slot)
                body, truncated = await _read(resp, max_bytes)
                status = resp.status
                resp_headers = {k: v for k, v in resp.headers.items()}
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            self.requests["timeout"] += 1
            raise TransientFetchError(f"timeout fetching {url}", url=url) from exc
        except aiohttp.ClientPayloadError as exc:
            self.requests["truncated"] += 1
            raise TransientFetchError(f"truncated body from {url}: {exc}", url=url) from exc
        except aiohttp.ClientError as exc:
            self.requests["connection_error"] += 1
            raise TransientFetchError(f"connection error for {url}: {exc}", url=url) from exc
        finally:
            self.guard.mark_sent(slot)  # may have left: count it from now (no-op if known)
        self.requests[str(status)] += 1
        return self._classify(url, status, body, resp_headers, truncated, allow_statuses)

    def _classify(
        self,
        url: str,
        status: int,
        body: bytes,
        headers: Mapping[str, str],
        truncated: bool,
        allow_statuses: tuple[int, ...],
    ) -> EdgarResponse:
        if status in (403, 429) and any(m in body for m in _THROTTLE_MARKERS):
            self.breaker.trip()
            raise ThrottledError(f"SEC request rate threshold exceeded ({status})", url=url,
                                 status=status)
        self.breaker.reset()
        if status == 403 and _UNDECLARED_MARKER in body:
            raise UndeclaredAgentError(
                f"SEC rejected the User-Agent {self.user_agent!r} as undeclared; set "
                'EDGAR_USER_AGENT to "Company Name admin@company.com"',
                url=url,
                status=status,
            )
        if 200 <= status < 300 or status in allow_statuses:
            return EdgarResponse(url, status, body, headers, truncated)
        if status >= 500:
            raise TransientFetchError(f"HTTP {status} from {url}", url=url, status=status)
        if status in (403, 404):
            raise NotPublishedError(f"HTTP {status}: not (yet) published: {url}", url=url,
                                    status=status)
        raise FetchError(f"HTTP {status} from {url}", url=url, status=status)


async def _read(resp: aiohttp.ClientResponse, max_bytes: int | None) -> tuple[bytes, bool]:
    if max_bytes is None:
        return await resp.read(), False
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return b"".join(chunks)[:max_bytes], True
    return b"".join(chunks), False

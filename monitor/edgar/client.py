"""The EDGAR HTTP client: declared User-Agent, one fair-access limiter, throttle breaker,
bounded retries of transient faults. All EDGAR I/O goes through `EdgarClient.get`."""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

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


class WindowGuard:
    """Hard cap: never more than SEC's 10 requests in any (slightly padded) 1-second window,
    measured when requests are sent. The pacing limiter keeps well below it; this is the
    guarantee should the event loop bunch requests up."""

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
        self._sent: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            while True:
                now = self.clock()
                while self._sent and now - self._sent[0] >= self.window:
                    self._sent.popleft()
                if len(self._sent) < self.limit:
                    self._sent.append(now)
                    return
                await self.sleep(self.window - (now - self._sent[0]))


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
        if not self.is_open:
            self.blocks += 1
            log.warning("sec_throttled", block_seconds=self.block_seconds, blocks=self.blocks)
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
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.config.timeout_seconds),
                auto_decompress=True,
            )
        return self._session

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    def url(self, path_or_url: str) -> str:
        """Absolute URL on the configured host; SEC's own absolute links are rewritten, and
        data.sec.gov ones too when the host is not SEC's."""
        for host in DATA_HOSTS:
            if path_or_url.startswith(host):
                return self.data_url + "/" + path_or_url[len(host):].lstrip("/")
        for host in SEC_HOSTS:
            if path_or_url.startswith(host):
                path_or_url = path_or_url[len(host):]
                break
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return self.base_url + "/" + path_or_url.lstrip("/")

    async def get(
        self,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        allow_statuses: tuple[int, ...] = (),
    ) -> EdgarResponse:
        """GET with retries of transient faults. Raises a FetchError subclass otherwise."""
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
                return await self._get_once(path, params, max_bytes, allow_statuses)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _get_once(
        self,
        path: str,
        params: Mapping[str, str] | None,
        max_bytes: int | None,
        allow_statuses: tuple[int, ...],
    ) -> EdgarResponse:
        url = self.url(path)
        self._refuse_while_blocked(url)
        if self.breaker.opened_at is not None:
            # Half-open after a block: one probe at a time; the rest wait for its outcome.
            async with self.breaker.probe_lock:
                self._refuse_while_blocked(url)
                async with self.limiter:
                    return await self._send(url, params, max_bytes, allow_statuses)
        async with self.limiter:
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
        await self.guard.wait()
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        try:
            async with self.session.get(url, params=params, headers=headers) as resp:
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

"""SEC's fair-access rules as the replica applies them, and the fault-injection knobs."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_EMAIL = re.compile(r"[^\s@<>]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Default agents of browsers and HTTP libraries: SEC treats them as undeclared tools.
_TOOL_DEFAULTS = ("mozilla", "python-requests", "python/", "python-urllib", "aiohttp", "curl/")


def is_declared_agent(user_agent: str | None) -> bool:
    """SEC's "Company Name email@domain.tld" rule; browser and library defaults fail."""
    if not user_agent or user_agent.lower().startswith(_TOOL_DEFAULTS):
        return False
    match = _EMAIL.search(user_agent)
    if match is None:
        return False
    rest = user_agent[: match.start()] + user_agent[match.end() :]
    return any(ch.isalpha() for ch in rest)


@dataclass
class Faults:
    """Mutable fault knobs; change them while the replica runs.

    Path prefixes match the start of the request's path and query string.
    """

    rate_limit: int | None = 10  # requests per sliding second; None disables throttling
    block_seconds: float = 600.0
    throttle_status: int = 429  # SEC has answered both 429 and 403
    enforce_user_agent: bool = True
    fail_next: dict[str, list[int]] = field(default_factory=dict)  # prefix -> statuses to answer
    delay_seconds: dict[str, float] = field(default_factory=dict)  # prefix -> stall before answer
    truncate: dict[str, int] = field(default_factory=dict)  # prefix -> bodies to cut short
    malformed_feed: int = 0  # the next N Atom feeds are cut mid-document
    slow_body: dict[str, float] = field(default_factory=dict)  # prefix -> seconds to trickle
    # prefix -> (old, new) byte replacements in the answer: a hostile filing's own bytes
    # (e.g. a <FILENAME> of ../../cgi-bin/browse-edgar?action=x), which the spec refuses.
    tamper: dict[str, list[tuple[bytes, bytes]]] = field(default_factory=dict)

    def take_status(self, path_qs: str) -> int | None:
        """Pop the next injected status for this request, if one is queued."""
        for prefix, queue in self.fail_next.items():
            if queue and path_qs.startswith(prefix):
                return queue.pop(0)
        return None

    def delay_for(self, path_qs: str) -> float:
        """Seconds to stall this request."""
        return next((s for p, s in self.delay_seconds.items() if path_qs.startswith(p)), 0.0)

    def take_truncate(self, path_qs: str) -> bool:
        """Consume one truncation for this request, if any are left."""
        for prefix, left in self.truncate.items():
            if left > 0 and path_qs.startswith(prefix):
                self.truncate[prefix] = left - 1
                return True
        return False

    def slow_body_for(self, path_qs: str) -> float:
        """Seconds over which to trickle this answer's body."""
        return next((s for p, s in self.slow_body.items() if path_qs.startswith(p)), 0.0)

    def tampered(self, path_qs: str, body: bytes) -> bytes:
        """The body with this path's injected replacements applied."""
        for prefix, swaps in self.tamper.items():
            if path_qs.startswith(prefix):
                for old, new in swaps:
                    body = body.replace(old, new)
        return body

    def take_malformed_feed(self) -> bool:
        """Consume one malformed feed, if any are left."""
        if self.malformed_feed <= 0:
            return False
        self.malformed_feed -= 1
        return True


@dataclass(frozen=True)
class RequestRecord:
    """One request as the replica saw it; `time` is the replica's monotonic clock."""

    time: float
    method: str
    path_qs: str
    status: int
    headers: Mapping[str, str]

    @property
    def user_agent(self) -> str | None:
        """The User-Agent sent, if any."""
        return self.headers.get("User-Agent")


@dataclass
class Block:
    """A throttle block from `start` to `end`; requests during it push `end` out."""

    start: float
    end: float


def busiest_second(times: Iterable[float]) -> int:
    """Most requests in any sliding 1-second window (SEC throttles above 10)."""
    ordered = sorted(times)
    best = start = 0
    for end, t in enumerate(ordered):
        while ordered[start] <= t - 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


class RateGate:
    """More than `faults.rate_limit` requests in any sliding second starts a block."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self.blocks: list[Block] = []
        self._window: deque[float] = deque()

    def blocked(self, now: float) -> bool:
        """Count a request at monotonic `now`; True when it must get the throttle page."""
        block_seconds = self.faults.block_seconds
        if self.blocks and now < self.blocks[-1].end:
            # SEC: "Continuing to exceed ... during the time-out period will extend" it.
            self.blocks[-1].end = now + block_seconds
            return True
        limit = self.faults.rate_limit
        if limit is None:
            return False
        window = self._window
        window.append(now)
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) <= limit:
            return False
        window.clear()
        self.blocks.append(Block(now, now + block_seconds))
        return True

"""A Slack Web API stand-in on 127.0.0.1 for tests and benchmarks.

Implements what edgar-monitor calls (`auth.test`, `chat.postMessage`,
`conversations.history`) plus an incoming-webhook endpoint, checks the bot token, records
every message, and injects Slack's real failures: HTTP 429 `ratelimited` with Retry-After,
5xx, slow responses, and `invalid_auth` / `channel_not_found`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

VALID_TOKEN = "xoxb-test-token"


@dataclass(frozen=True, slots=True)
class Fault:
    """One injected answer: an HTTP status with Slack error, Retry-After, or a delay.

    `answer_after` models a slow answer to a call Slack already carried out: the call takes
    effect (a message is posted) and the response waits for the event.
    """

    status: int = 200
    error: str = ""
    retry_after: int | None = None
    delay: float = 0.0
    answer_after: asyncio.Event | None = None


@dataclass
class PostedMessage:
    """A message Slack accepted."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    metadata: dict[str, Any] | None
    received_at: float


@dataclass
class FakeSlack:
    """The fake server; `await start()` returns the base URL ending in `/api/`."""

    token: str = VALID_TOKEN
    channels: dict[str, str] = field(default_factory=lambda: {"#edgar-alerts": "C0ALERTS"})
    accept_any_channel: bool = True
    messages: list[PostedMessage] = field(default_factory=list)
    webhook_messages: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, int]] = field(default_factory=list)
    faults: dict[str, deque[Fault]] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    _ts_counter: int = 0
    base_url: str = ""

    def inject(self, method: str, *faults: Fault) -> None:
        """Queue answers for the next calls of `method` (e.g. "chat.postMessage")."""
        self.faults.setdefault(method, deque()).extend(faults)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/webhook/{hook:.*}", self._webhook)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound}/api/"
        return self.base_url

    @property
    def webhook_url(self) -> str:
        return self.base_url.replace("/api/", "/webhook/T000/B000/secret")

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        queue = self.faults.get(method)
        fault = queue.popleft() if queue else None
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        if fault is not None and (fault.status != 200 or fault.error):
            self.calls.append((method, fault.status))
            return self._fault_response(fault)
        auth = request.headers.get("Authorization", "")
        if auth != f"Bearer {self.token}":
            self.calls.append((method, 200))
            return web.json_response({"ok": False, "error": "invalid_auth"})
        params = await self._params(request)
        self.calls.append((method, 200))
        handler = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "conversations.history": self._history,
        }.get(method)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        body = handler(params)
        if fault is not None and fault.answer_after is not None:
            await fault.answer_after.wait()
        return web.json_response(body)

    @staticmethod
    def _fault_response(fault: Fault) -> web.Response:
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        if fault.status == 200:
            return web.json_response({"ok": False, "error": fault.error}, headers=headers)
        if fault.status == 429:
            return web.json_response({"ok": False, "error": fault.error or "ratelimited"},
                                     status=429, headers=headers)
        return web.Response(status=fault.status, text="upstream error", headers=headers)

    def _channel_id(self, channel: str) -> str | None:
        if channel in self.channels:
            return self.channels[channel]
        if channel in self.channels.values():
            return channel
        if self.accept_any_channel:
            cid = "C" + channel.lstrip("#").upper().replace("-", "")[:10]
            self.channels[channel] = cid
            return cid
        return None

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://example.slack.com/", "team": "Example",
                "user": "edgar-monitor", "team_id": "T000", "user_id": "U000", "bot_id": "B000"}

    def _post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        cid = self._channel_id(str(params.get("channel", "")))
        if cid is None:
            return {"ok": False, "error": "channel_not_found"}
        blocks = params.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        metadata = params.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        if not params.get("text") and not blocks:
            return {"ok": False, "error": "no_text"}
        self._ts_counter += 1
        # Slack's ts is the post's Unix time with a per-channel unique suffix.
        ts = f"{int(time.time())}.{self._ts_counter:06d}"
        msg = PostedMessage(cid, ts, str(params.get("text", "")), blocks, metadata,
                            time.monotonic())
        self.messages.append(msg)
        return {"ok": True, "channel": cid, "ts": ts,
                "message": {"type": "message", "text": msg.text, "ts": ts, "bot_id": "B000"}}

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        cid = self._channel_id(str(params.get("channel", "")))
        if cid is None:
            return {"ok": False, "error": "channel_not_found"}
        oldest = float(params.get("oldest", 0) or 0)
        include_meta = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        limit = int(params.get("limit", 100) or 100)
        found = [m for m in reversed(self.messages) if m.channel == cid and float(m.ts) > oldest]
        out = []
        for m in found[:limit]:
            item: dict[str, Any] = {"type": "message", "ts": m.ts, "text": m.text,
                                    "bot_id": "B000"}
            if include_meta and m.metadata:
                item["metadata"] = m.metadata
            out.append(item)
        return {"ok": True, "messages": out, "has_more": len(found) > limit}

    async def _webhook(self, request: web.Request) -> web.Response:
        queue = self.faults.get("webhook")
        fault = queue.popleft() if queue else None
        if fault is not None and fault.status != 200:
            return web.Response(status=fault.status, text=fault.error or "error")
        self.webhook_messages.append(await request.json())
        return web.Response(text="ok")

    def alerts_for(self, accession: str) -> list[PostedMessage]:
        """Messages whose metadata names this accession."""
        return [
            m for m in self.messages
            if m.metadata and m.metadata.get("event_payload", {}).get("accession") == accession
        ]

    def rules_posted(self, accession: str) -> list[str]:
        """Every rule id posted for an accession, one entry per posting."""
        return [
            rule
            for m in self.alerts_for(accession)
            for rule in (m.metadata or {}).get("event_payload", {}).get("rules", [])
        ]

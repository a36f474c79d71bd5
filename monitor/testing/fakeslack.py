"""A Slack Web API stand-in on 127.0.0.1, as strict as Slack, for tests and benchmarks.

Implements what edgar-monitor calls (`auth.test`, `chat.postMessage`, `conversations.list`,
`conversations.history`) plus an incoming-webhook endpoint. What each behaviour is modelled
on (Slack's method reference pages, docs.slack.dev / api.slack.com, and its error lists):

- Errors: HTTP 200 with `{"ok": false, "error": "<code>"}` for every Web API error except
  rate limits; `missing_scope` also carries `needed` and `provided`.
- Tokens: no `Authorization: Bearer` header is `not_authed`, an unknown token `invalid_auth`
  (checked before anything else, as Slack does).
- `chat.postMessage`: `channel` may be an ID or a name ("#name" or "name"); an unknown one
  is `channel_not_found`, an archived one `is_archived`, a public channel the bot has not
  joined `not_in_channel` (unless the token has `chat:write.public`), a private channel the
  bot is not in is invisible (`channel_not_found`). Needs `chat:write`. Limits from the
  Block Kit and chat.postMessage pages: text over 40,000 characters is `msg_too_long`; more
  than 50 blocks, a header over 150 or a section over 3,000 characters `invalid_blocks`;
  metadata without `event_type` and `event_payload` `invalid_metadata_format`; neither text
  nor blocks `no_text`. The answer carries the channel's ID and the message's `ts`.
- `conversations.history`: `channel` is a conversation ID only ("Conversation ID to fetch
  history for"): a name is `channel_not_found`. Needs `channels:history` (`groups:history`
  for a private channel); a bot not in the channel gets `not_in_channel`. Newest first,
  `oldest` exclusive unless `inclusive`, `limit` (default 100, at most 999), cursor
  pagination (`has_more`, `response_metadata.next_cursor`); message `metadata` is returned
  only with `include_all_metadata`.
- `conversations.list`: `types` (default `public_channel`; `private_channel` needs
  `groups:read`, else `missing_scope`), `exclude_archived`, `limit` (at most 1000), cursor
  pagination with an empty `next_cursor` on the last page. Needs `channels:read`. Private
  channels are listed only when the bot is a member.
- Rate limits: HTTP 429 with a `Retry-After` header (seconds) and `{"ok": false, "error":
  "ratelimited"}`.
- Faults injected per method (`inject`) or for any method (`inject_any`): an error body, a
  5xx page, a 429, a slow answer (before the call takes effect), a held answer (after it
  took effect), and "store then fail": the call takes effect and then the answer is an HTTP
  500 or a dropped connection, as when a proxy or the network loses Slack's answer.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

VALID_TOKEN = "xoxb-test-token"
ALERTS_CHANNEL_ID = "C07ALERTS1"  # the ID of the shipped config's #edgar-alerts
FULL_SCOPES = frozenset({"chat:write", "channels:read", "channels:history", "groups:read",
                         "groups:history"})
MAX_TEXT = 40_000
MAX_BLOCKS = 50
ANY_METHOD = "*"


@dataclass(frozen=True, slots=True)
class Fault:
    """One injected answer.

    `status`/`error`: answer with this HTTP status and Slack error instead of carrying out the
    call (a 5xx answers an HTML page, a 429 `ratelimited` with `retry_after`). `delay`: a
    slow answer, waited out before the call takes effect. `after_effect`: carry the call out
    first, then answer with `status` (store-then-fail) or, with `drop`, close the connection
    without an answer. `answer_after`: carry the call out and hold the answer until the event.
    """

    status: int = 200
    error: str = ""
    retry_after: int | None = None
    delay: float = 0.0
    answer_after: asyncio.Event | None = None
    after_effect: bool = False
    drop: bool = False


@dataclass
class Channel:
    """A conversation in the fake workspace."""

    id: str
    name: str
    is_private: bool = False
    is_archived: bool = False
    is_member: bool = True


@dataclass
class PostedMessage:
    """A message Slack accepted."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    metadata: dict[str, Any] | None
    received_at: float


def _default_channels() -> list[Channel]:
    return [Channel(ALERTS_CHANNEL_ID, "edgar-alerts"), Channel("C07GENERAL", "general")]


@dataclass
class FakeSlack:
    """The fake server; `await start()` returns the base URL ending in `/api/`."""

    token: str = VALID_TOKEN
    scopes: frozenset[str] = FULL_SCOPES
    channels: list[Channel] = field(default_factory=_default_channels)
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

    def inject_any(self, *faults: Fault) -> None:
        """Queue answers for the next Web API calls, whatever the method (auth errors)."""
        self.inject(ANY_METHOD, *faults)

    def add_channel(self, name: str, channel_id: str, **flags: bool) -> Channel:
        channel = Channel(channel_id, name.lstrip("#"), **flags)
        self.channels.append(channel)
        return channel

    def channel_named(self, name: str) -> Channel:
        return next(c for c in self.channels if c.name == name.lstrip("#"))

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

    # -- the Web API --------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        return params

    def _next_fault(self, method: str) -> Fault | None:
        for key in (ANY_METHOD, method):
            queue = self.faults.get(key)
            if queue:
                return queue.popleft()
        return None

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        fault = self._next_fault(method)
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        if fault is not None and not fault.after_effect and (fault.status != 200 or fault.error):
            self.calls.append((method, fault.status))
            return self._fault_response(fault)
        params = await self._params(request)
        body = self._handle(method, request.headers.get("Authorization", ""), params)
        if fault is not None and fault.after_effect:
            self.calls.append((method, 0 if fault.drop else fault.status))
            if fault.drop:
                return await self._drop(request)
            return self._fault_response(fault)
        self.calls.append((method, 200))
        if fault is not None and fault.answer_after is not None:
            await fault.answer_after.wait()
        return web.json_response(body)

    def _handle(self, method: str, auth: str, params: dict[str, Any]) -> dict[str, Any]:
        if not auth.startswith("Bearer ") or auth == "Bearer ":
            return {"ok": False, "error": "not_authed"}
        if auth != f"Bearer {self.token}":
            return {"ok": False, "error": "invalid_auth"}
        handler = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "conversations.history": self._history,
            "conversations.list": self._list,
        }.get(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        return handler(params)

    @staticmethod
    async def _drop(request: web.Request) -> web.StreamResponse:
        """Close the connection without an answer (the client sees a disconnect)."""
        if request.transport is not None:
            request.transport.close()
        raise asyncio.CancelledError

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
        return web.Response(status=fault.status, text="<html><body>upstream error</body></html>",
                            content_type="text/html", headers=headers)

    def _missing(self, *needed: str) -> dict[str, Any] | None:
        if any(scope in self.scopes for scope in needed):
            return None
        return {"ok": False, "error": "missing_scope", "needed": ",".join(needed),
                "provided": ",".join(sorted(self.scopes))}

    def _by_id(self, channel_id: str) -> Channel | None:
        found = next((c for c in self.channels if c.id == channel_id), None)
        if found is None or (found.is_private and not found.is_member):
            return None
        return found

    def _by_id_or_name(self, channel: str) -> Channel | None:
        found = self._by_id(channel)
        if found is not None:
            return found
        name = channel.removeprefix("#")
        found = next((c for c in self.channels if c.name == name), None)
        if found is None or (found.is_private and not found.is_member):
            return None
        return found

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://example.slack.com/", "team": "Example",
                "user": "edgar-monitor", "team_id": "T000", "user_id": "U000", "bot_id": "B000"}

    def _post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        if (refused := self._missing("chat:write")) is not None:
            return refused
        channel = self._by_id_or_name(str(params.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if channel.is_archived:
            return {"ok": False, "error": "is_archived"}
        if not channel.is_member and "chat:write.public" not in self.scopes:
            return {"ok": False, "error": "not_in_channel"}
        blocks = params.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        metadata = params.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        text = str(params.get("text") or "")
        if not text and not blocks:
            return {"ok": False, "error": "no_text"}
        if len(text) > MAX_TEXT:
            return {"ok": False, "error": "msg_too_long"}
        if not self._blocks_valid(blocks):
            return {"ok": False, "error": "invalid_blocks"}
        if metadata is not None and not (
            isinstance(metadata, dict) and isinstance(metadata.get("event_type"), str)
            and isinstance(metadata.get("event_payload"), dict)
        ):
            return {"ok": False, "error": "invalid_metadata_format"}
        self._ts_counter += 1
        # Slack's ts is the post's Unix time with a per-channel unique suffix.
        ts = f"{int(time.time())}.{self._ts_counter:06d}"
        msg = PostedMessage(channel.id, ts, text, blocks, metadata, time.monotonic())
        self.messages.append(msg)
        return {"ok": True, "channel": channel.id, "ts": ts,
                "message": {"type": "message", "subtype": "bot_message", "text": text,
                            "ts": ts, "bot_id": "B000"}}

    @staticmethod
    def _blocks_valid(blocks: Any) -> bool:
        if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
            return False
        for block in blocks:
            text = (block.get("text") or {}).get("text", "") if isinstance(block, dict) else ""
            limit = {"header": 150, "section": 3000}.get(
                block.get("type", "") if isinstance(block, dict) else "", MAX_TEXT)
            if not isinstance(block, dict) or len(text) > limit:
                return False
        return True

    @staticmethod
    def _page(params: dict[str, Any], default: int, most: int) -> tuple[int, int] | str:
        """(offset, limit) from `cursor` and `limit`, or Slack's error for a bad one."""
        try:
            limit = int(params.get("limit") or default)
        except ValueError:
            return "invalid_limit"
        if limit < 1 or limit > most:
            return "invalid_limit"
        cursor = str(params.get("cursor") or "")
        if not cursor:
            return 0, limit
        try:
            return int(base64.b64decode(cursor).decode().removeprefix("offset:")), limit
        except (ValueError, UnicodeDecodeError):
            return "invalid_cursor"

    @staticmethod
    def _cursor(offset: int) -> str:
        return base64.b64encode(f"offset:{offset}".encode()).decode()

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._by_id(str(params.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        scope = "groups:history" if channel.is_private else "channels:history"
        if (refused := self._missing(scope)) is not None:
            return refused
        if not channel.is_member:
            return {"ok": False, "error": "not_in_channel"}
        page = self._page(params, 100, 999)
        if isinstance(page, str):
            return {"ok": False, "error": page}
        offset, limit = page
        oldest = float(params.get("oldest", 0) or 0)
        inclusive = str(params.get("inclusive", "")).lower() in ("1", "true")
        include_meta = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        found = [m for m in reversed(self.messages) if m.channel == channel.id
                 and (float(m.ts) > oldest or (inclusive and float(m.ts) == oldest))]
        chunk = found[offset: offset + limit]
        out = []
        for m in chunk:
            item: dict[str, Any] = {"type": "message", "subtype": "bot_message", "ts": m.ts,
                                    "text": m.text, "bot_id": "B000"}
            if include_meta and m.metadata:
                item["metadata"] = m.metadata
            out.append(item)
        more = offset + limit < len(found)
        return {"ok": True, "messages": out, "has_more": more, "pin_count": 0,
                "response_metadata": {"next_cursor": self._cursor(offset + limit) if more
                                      else ""}}

    def _list(self, params: dict[str, Any]) -> dict[str, Any]:
        if (refused := self._missing("channels:read")) is not None:
            return refused
        types = set(str(params.get("types") or "public_channel").split(","))
        if "private_channel" in types and (refused := self._missing("groups:read")):
            return refused
        page = self._page(params, 100, 1000)
        if isinstance(page, str):
            return {"ok": False, "error": page}
        offset, limit = page
        exclude_archived = str(params.get("exclude_archived", "")).lower() in ("1", "true")
        visible = [
            c for c in self.channels
            if ("private_channel" if c.is_private else "public_channel") in types
            and (not c.is_private or c.is_member)
            and not (exclude_archived and c.is_archived)
        ]
        chunk = visible[offset: offset + limit]
        more = offset + limit < len(visible)
        return {"ok": True, "channels": [
            {"id": c.id, "name": c.name, "name_normalized": c.name, "is_channel": True,
             "is_private": c.is_private, "is_archived": c.is_archived,
             "is_member": c.is_member} for c in chunk],
            "response_metadata": {"next_cursor": self._cursor(offset + limit) if more else ""}}

    # -- incoming webhook -----------------------------------------------------------------

    async def _webhook(self, request: web.Request) -> web.StreamResponse:
        """Incoming webhooks answer "ok", or an error code as plain text with a 4xx."""
        fault = self._next_fault("webhook")
        if fault is not None and not fault.after_effect and fault.status != 200:
            return web.Response(status=fault.status, text=fault.error or "error")
        self.webhook_messages.append(await request.json())
        if fault is not None and fault.after_effect:
            if fault.drop:
                return await self._drop(request)
            return web.Response(status=fault.status, text=fault.error or "error")
        return web.Response(text="ok")

    # -- what tests read ------------------------------------------------------------------

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

    def posts_per_alert(self) -> dict[str, int]:
        """How many times each alert id was posted (the duplicate check)."""
        counts: dict[str, int] = {}
        for m in self.messages:
            alert_id = ((m.metadata or {}).get("event_payload") or {}).get("alert_id")
            if alert_id:
                counts[alert_id] = counts.get(alert_id, 0) + 1
        return counts
